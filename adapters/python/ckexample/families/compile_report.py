"""Compile report JSON v1 (seed 000): spec is an opaque PipelineSpecV1
object kept whole (D-CR-1), diagnostics are {kind, role, input_lanes,
output_lanes, message} with any kind string kept (D-CR-2, D-CR-3)."""

from .. import fields as f
from . import jsonfile


def _diagnostic(value, at):
    o = f.obj(value, at)
    return {
        "kind": f.string(f.req(o, "kind", at), at + ".kind"),
        "role": f.string(f.req(o, "role", at), at + ".role"),
        "input_lanes": f.strings(f.req(o, "input_lanes", at), at + ".input_lanes"),
        "output_lanes": f.strings(f.req(o, "output_lanes", at), at + ".output_lanes"),
        "message": f.string(f.req(o, "message", at), at + ".message"),
    }


def model(doc):
    root = f.obj(doc, "$")
    # Kept whole, every number as its literal (read with exact_numbers:
    # 1.50 stays 1.50, 1e400 stays 1e400 instead of a float infinity).
    spec = f.obj(f.req(root, "spec", ""), "spec")
    diagnostics = f.array(f.req(root, "diagnostics", ""), "diagnostics")
    return {"spec": spec, "diagnostics": [_diagnostic(d, "diagnostics[%d]" % i) for i, d in enumerate(diagnostics)]}


read, write = jsonfile.reader_writer(model, exact_numbers=True)
