"""Decision Gate runpack_export tool input v1 (seed 003, "Esquema de
Entrada"): a closed object; integers within JCS's exact range (D-RP-3); a
manifest name follows the runpack path rules (D-RP-9); absent optional
fields read as null (D-RP-8)."""

from .. import fields as f
from ..errors import Reject
from ..runpack.fields import closed, opt_nullable_string, safe_int, timestamp
from ..runpack.paths import check_relative
from . import jsonfile

MEMBERS = (
    "generated_at",
    "include_verification",
    "manifest_name",
    "namespace_id",
    "output_dir",
    "run_id",
    "scenario_id",
    "tenant_id",
)


def model(doc):
    root = f.obj(doc, "$")
    closed(root, MEMBERS, "")
    out = {
        "scenario_id": f.string(f.req(root, "scenario_id", ""), "scenario_id"),
        "tenant_id": safe_int(f.req(root, "tenant_id", ""), 1, "tenant_id"),
        "namespace_id": safe_int(f.req(root, "namespace_id", ""), 1, "namespace_id"),
        "run_id": f.string(f.req(root, "run_id", ""), "run_id"),
        "generated_at": timestamp(f.req(root, "generated_at", ""), "generated_at", True),
        "include_verification": f.boolean(f.req(root, "include_verification", ""), "include_verification"),
        "manifest_name": opt_nullable_string(root, "manifest_name", ""),
        "output_dir": opt_nullable_string(root, "output_dir", ""),
    }
    if out["manifest_name"] is not None:
        try:
            check_relative(out["manifest_name"])
        except Reject as e:
            raise e.within("manifest_name")
    return out


read, write = jsonfile.reader_writer(model)
