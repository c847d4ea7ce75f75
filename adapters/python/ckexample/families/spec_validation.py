"""spec_validation.json v1 (seed 000): ok, then description when it
succeeded or error when it failed; the other outcome's field must be absent,
and present as null counts as present (D-SV-1, D-RV-4)."""

from .. import fields as f
from ..errors import Reject
from . import jsonfile


def model(doc):
    root = f.obj(doc, "$")
    ok = f.boolean(f.req(root, "ok", ""), "ok")
    own, other = ("description", "error") if ok else ("error", "description")
    text = f.string(f.req(root, own, ""), own)
    if other in root:
        raise Reject("invalid_value", "%s: not allowed when ok is %s" % (other, "true" if ok else "false"))
    return {"ok": ok, own: text}


read, write = jsonfile.reader_writer(model)
