"""Replay audit JSON v1 (seed 000): audit_v read first and exactly 1
(D-RA-1), created_unix_ms an exact u128 (D-RA-2: Python ints are exact),
digests kept verbatim (D-RA-3), mode dry_run or execute (D-RA-4)."""

from .. import fields as f
from ..errors import Reject
from . import jsonfile

MODES = ("dry_run", "execute")
ACTION_FIELDS = ("action", "role", "input_lane", "output_lane", "stage", "target", "decision")


def _input(value):
    o = f.obj(value, "input")
    out = {}
    for key in ("journal_lane", "journal_path"):
        out[key] = f.string(f.req(o, key, "input"), "input." + key)
    for key in ("last_n", "scanned_records", "selected_bytes"):
        out[key] = f.unsigned(f.req(o, key, "input"), "u64", "input." + key)
    out["sample_sha256"] = f.strings(f.req(o, "sample_sha256", "input"), "input.sample_sha256")
    return out


def _policy(value):
    o = f.obj(value, "policy")
    env = f.string(f.req(o, "env", "policy"), "policy.env")
    approval = f.boolean(f.req(o, "approval_provided", "policy"), "policy.approval_provided")
    mode = f.string(f.req(o, "mode", "policy"), "policy.mode")
    if mode not in MODES:
        raise Reject("invalid_value", "policy.mode: %r is not dry_run or execute" % mode)
    return {"env": env, "approval_provided": approval, "mode": mode}


def _action(value, at):
    o = f.obj(value, at)
    return {key: f.string(f.req(o, key, at), "%s.%s" % (at, key)) for key in ACTION_FIELDS}


def model(doc):
    root = f.obj(doc, "$")
    audit_v = f.version_marker(root, "audit_v", "u32", 1)
    return {
        "audit_v": audit_v,
        "created_unix_ms": f.unsigned(f.req(root, "created_unix_ms", ""), "u128", "created_unix_ms"),
        "bundle_dir": f.string(f.req(root, "bundle_dir", ""), "bundle_dir"),
        "spec_sha256": f.string(f.req(root, "spec_sha256", ""), "spec_sha256"),
        "input": _input(f.req(root, "input", "")),
        "policy": _policy(f.req(root, "policy", "")),
        "actions": [
            _action(a, "actions[%d]" % i) for i, a in enumerate(f.array(f.req(root, "actions", ""), "actions"))
        ],
    }


read, write = jsonfile.reader_writer(model)
