"""The runpack manifest v1: read open in a runpack directory (unknown
members ignored, anchor_policy kept as written, D-RP-2) or closed in the
runpack_export output (the seed's schema). manifest_version is read first
(D-ALL-5): only "v1" is defined."""

from .. import fields as f
from ..errors import Reject
from .fields import closed, digest, one_of, safe_int, timestamp

KINDS = (
    "scenario_spec",
    "trigger_log",
    "gate_eval_log",
    "decision_log",
    "packet_log",
    "dispatch_log",
    "evidence_log",
    "submission_log",
    "tool_transcript",
    "verifier_report",
    "custom",
)
MODES = ("offline_strict", "offline_with_fetch")
MEMBERS = (
    "manifest_version",
    "generated_at",
    "tenant_id",
    "namespace_id",
    "scenario_id",
    "run_id",
    "spec_hash",
    "hash_algorithm",
    "verifier_mode",
    "integrity",
    "artifacts",
    "security",
)


def _artifact(value, at, is_closed):
    o = f.obj(value, at)
    if is_closed:
        closed(o, ("artifact_id", "kind", "path", "content_type", "hash", "required"), at)
    return {
        "artifact_id": f.string(f.req(o, "artifact_id", at), at + ".artifact_id"),
        "kind": one_of(f.req(o, "kind", at), KINDS, at + ".kind"),
        "path": f.string(f.req(o, "path", at), at + ".path"),
        "content_type": f.nullable_string(f.req(o, "content_type", at), at + ".content_type"),
        "hash": digest(f.req(o, "hash", at), at + ".hash", is_closed),
        "required": f.boolean(f.req(o, "required", at), at + ".required"),
    }


def _file_hash(value, at, is_closed):
    o = f.obj(value, at)
    if is_closed:
        closed(o, ("path", "hash"), at)
    return {
        "path": f.string(f.req(o, "path", at), at + ".path"),
        "hash": digest(f.req(o, "hash", at), at + ".hash", is_closed),
    }


def _integrity(value, is_closed):
    o = f.obj(value, "integrity")
    if is_closed:
        closed(o, ("file_hashes", "root_hash"), "integrity")
    listed = f.array(f.req(o, "file_hashes", "integrity"), "integrity.file_hashes")
    return {
        "file_hashes": [
            _file_hash(v, "integrity.file_hashes[%d]" % i, is_closed) for i, v in enumerate(listed)
        ],
        "root_hash": digest(f.req(o, "root_hash", "integrity"), "integrity.root_hash", is_closed),
    }


def _security(value, is_closed):
    o = f.obj(value, "security")
    if is_closed:
        closed(o, ("dev_permissive", "namespace_authority"), "security")
    return {
        "dev_permissive": f.boolean(f.req(o, "dev_permissive", "security"), "security.dev_permissive"),
        "namespace_authority": f.string(
            f.req(o, "namespace_authority", "security"), "security.namespace_authority"
        ),
    }


def decode(value, is_closed, path="manifest"):
    """The manifest's model: its known fields (unknown ones dropped when
    open, refused when closed)."""
    o = f.obj(value, path)
    version = f.string(f.req(o, "manifest_version", ""), "manifest_version")
    if version != "v1":
        raise Reject("unsupported_version", "manifest_version: %r, this reader implements \"v1\"" % version)
    if is_closed:
        closed(o, MEMBERS, "")
    m = {
        "manifest_version": version,
        "generated_at": timestamp(f.req(o, "generated_at", ""), "generated_at", is_closed),
        "tenant_id": safe_int(f.req(o, "tenant_id", ""), 1, "tenant_id"),
        "namespace_id": safe_int(f.req(o, "namespace_id", ""), 1, "namespace_id"),
        "scenario_id": f.string(f.req(o, "scenario_id", ""), "scenario_id"),
        "run_id": f.string(f.req(o, "run_id", ""), "run_id"),
        "spec_hash": digest(f.req(o, "spec_hash", ""), "spec_hash", is_closed),
        "hash_algorithm": one_of(f.req(o, "hash_algorithm", ""), ("sha256",), "hash_algorithm"),
        "verifier_mode": one_of(f.req(o, "verifier_mode", ""), MODES, "verifier_mode"),
        "integrity": _integrity(f.req(o, "integrity", ""), is_closed),
        "artifacts": [
            _artifact(v, "artifacts[%d]" % i, is_closed)
            for i, v in enumerate(f.array(f.req(o, "artifacts", ""), "artifacts"))
        ],
    }
    if "security" in o:
        m["security"] = _security(o["security"], is_closed)
    if not is_closed and o.get("anchor_policy") is not None:
        m["anchor_policy"] = o["anchor_policy"]
    return m


def report(value, path):
    """A verification report {status, checked_files, errors}, closed."""
    o = f.obj(value, path)
    closed(o, ("status", "checked_files", "errors"), path)
    status = one_of(f.req(o, "status", path), ("pass", "fail"), f.join(path, "status"))
    return {
        "checked_files": safe_int(f.req(o, "checked_files", path), 0, f.join(path, "checked_files")),
        "errors": f.strings(f.req(o, "errors", path), f.join(path, "errors")),
        "status": status,
    }
