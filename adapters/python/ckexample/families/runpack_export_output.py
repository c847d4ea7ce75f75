"""Decision Gate runpack_export tool output v1 (seed 003, "Esquema de
Salida"): the manifest (closed, manifest_version first), the export-time
report or null, an optional storage URI. A document, not a runpack: no file
is read and no hash recomputed (D-RP-10)."""

from .. import fields as f
from ..runpack import manifest as mf
from ..runpack.fields import closed, opt_nullable_string
from . import jsonfile


def model(doc):
    root = f.obj(doc, "$")
    manifest = mf.decode(f.req(root, "manifest", ""), is_closed=True)
    closed(root, ("manifest", "report", "storage_uri"), "")
    report = f.req(root, "report", "")
    return {
        "manifest": manifest,
        "report": None if report is None else mf.report(report, "report"),
        "storage_uri": opt_nullable_string(root, "storage_uri", ""),
    }


read, write = jsonfile.reader_writer(model)
