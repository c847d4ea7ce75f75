"""Writing a runpack from its model {contents, manifest, report} (D-RP-11):
what an export is made from (ids, timestamp, verifier mode, security,
anchor_policy, artifact entries and values) is kept, every hash and the
export-time verification report are recomputed, and every file, the
manifest included, is written as JCS."""

import hashlib
import os

from .. import fields as f
from .. import jcs
from ..errors import Reject
from . import manifest as mf
from .paths import check_relative
from .verify import MANIFEST_NAME, root_hash

REPORT_ENTRY = {
    "artifact_id": "verifier_report",
    "content_type": "application/json",
    "kind": "verifier_report",
    "path": "verifier_report.json",
    "required": True,
}


def _digest(data):
    return {"algorithm": "sha256", "value": hashlib.sha256(data).hexdigest()}


def _plan(model):
    """The files to write, {relative path: bytes}, manifest included."""
    root = f.obj(model, "model")
    m = mf.decode(f.req(root, "manifest", "model"), is_closed=False, path="manifest")
    contents = f.obj(f.req(root, "contents", "model"), "contents")
    files, artifacts, include_report = {}, [], False
    for i, a in enumerate(m["artifacts"]):
        if a["kind"] == "verifier_report":
            entry = {k: a[k] for k in REPORT_ENTRY}
            if entry != REPORT_ENTRY or i != len(m["artifacts"]) - 1:
                raise Reject("invalid_value", "the verification report is written last as %s" % REPORT_ENTRY)
            include_report = True
            continue
        check_relative(a["path"])
        if a["path"] not in contents or a["path"] in files:
            raise Reject("invalid_value", "artifacts[%d]: no contents, or a path listed twice" % i)
        data = jcs.canonical_bytes(contents[a["path"]])
        files[a["path"]] = data
        artifacts.append(dict(a, hash=_digest(data)))
    specs = [a for a in artifacts if a["kind"] == "scenario_spec"]
    if len(specs) != 1:
        raise Reject("invalid_value", "an export has exactly one scenario_spec artifact, found %d" % len(specs))
    if include_report:
        data = jcs.canonical_bytes({"checked_files": len(artifacts), "errors": [], "status": "pass"})
        files[REPORT_ENTRY["path"]] = data
        artifacts.append(dict(REPORT_ENTRY, hash=_digest(data)))
    file_hashes = [{"hash": a["hash"], "path": a["path"]} for a in artifacts]
    manifest = {
        "artifacts": artifacts,
        "generated_at": m["generated_at"],
        "hash_algorithm": "sha256",
        "integrity": {
            "file_hashes": file_hashes,
            "root_hash": {"algorithm": "sha256", "value": root_hash(file_hashes)},
        },
        "manifest_version": "v1",
        "namespace_id": m["namespace_id"],
        "run_id": m["run_id"],
        "scenario_id": m["scenario_id"],
        "spec_hash": specs[0]["hash"],
        "tenant_id": m["tenant_id"],
        "verifier_mode": m["verifier_mode"],
    }
    for optional in ("security", "anchor_policy"):
        if optional in m:
            manifest[optional] = m[optional]
    files[MANIFEST_NAME] = jcs.canonical_bytes(manifest)
    return files


def write(model, out):
    files = _plan(model)
    os.mkdir(out)
    for rel, data in files.items():
        target = os.path.join(out, *rel.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "xb") as fh:
            fh.write(data)
