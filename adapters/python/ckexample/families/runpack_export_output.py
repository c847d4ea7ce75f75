"""Decision Gate runpack_export tool output v1 (seed 003, "Esquema de
Salida"): the manifest (closed, manifest_version first), the export-time
report or null, an optional storage URI. A document, not a runpack: no file
is read and no hash recomputed (D-RP-10). The report agrees with the
manifest by the +1 rule (D-RP-7)."""

from .. import fields as f
from ..errors import Reject
from ..runpack import manifest as mf
from ..runpack.fields import closed, opt_nullable_string
from . import jsonfile


def model(doc):
    root = f.obj(doc, "$")
    manifest = mf.decode(f.req(root, "manifest", ""), is_closed=True)
    closed(root, ("manifest", "report", "storage_uri"), "")
    report = f.req(root, "report", "")
    report = None if report is None else mf.report(report, "report")
    storage_uri = opt_nullable_string(root, "storage_uri", "")
    if report is not None:
        _plus_one(manifest, report)
    return {"manifest": manifest, "report": report, "storage_uri": storage_uri}


def _plus_one(manifest, report):
    """An export-time report counts the listed files other than
    the verifier_report artifacts': pass with no errors and exactly that many,
    or fail with at least one error and at most that many (D-RP-7)."""
    own = {a["path"] for a in manifest["artifacts"] if a["kind"] == "verifier_report"}
    others = len({fh["path"] for fh in manifest["integrity"]["file_hashes"]} - own)
    if report["status"] == "pass":
        fits = not report["errors"] and report["checked_files"] == others
    else:
        fits = bool(report["errors"]) and report["checked_files"] <= others
    if not fits:
        raise Reject(
            "invalid_value",
            "report: says %s over %d files with %d errors; the +1 rule allows pass over exactly %d, or fail with "
            "errors over at most %d" % (report["status"], report["checked_files"], len(report["errors"]), others, others),
        )


read, write = jsonfile.reader_writer(model)
