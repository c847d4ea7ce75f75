"""Policy audit record JSON v1 (seed 000): policy_version read first and
exactly 1 (D-PA-1), the constant stage_failure_policy (D-PA-5), lane_path
and wait present and nullable (D-PA-3), and the parse outcome: a spec
summary when ok, an error string when not (D-PA-2), the summary's shape as
pinned in D-PA-6..9."""

from .. import fields as f
from ..errors import Reject
from . import jsonfile

RING_STRINGS = ("ordering", "producer", "scheduling", "shard_key")
MEMBERS = {"SingleRing": "single_ring", "LaneGraph": "lane_graph"}


def _single_ring(value):
    at = "spec.single_ring"
    o = f.obj(value, at)
    out = {"shards": f.unsigned(f.req(o, "shards", at), "u32", at + ".shards")}
    for key in RING_STRINGS:
        out[key] = f.string(f.req(o, key, at), "%s.%s" % (at, key))
    out["stages"] = f.unsigned(f.req(o, "stages", at), "u32", at + ".stages")
    return out


def _kind_counts(value, at):
    # Kind names are data, not fields: every key is kept (D-PA-9).
    o = f.obj(value, at)
    return {k: f.unsigned(v, "u32", "%s.%s" % (at, k)) for k, v in sorted(o.items())}


def _lane_graph(value):
    at = "spec.lane_graph"
    o = f.obj(value, at)
    out = {"on_full": f.string(f.req(o, "on_full", at), at + ".on_full")}
    for key in ("lanes", "roles", "endpoints"):
        out[key] = f.unsigned(f.req(o, key, at), "u32", "%s.%s" % (at, key))
    for key in ("lane_kinds", "role_kinds"):
        out[key] = _kind_counts(f.req(o, key, at), "%s.%s" % (at, key))
    return out


def _spec(value):
    o = f.obj(value, "spec")
    name = f.string(f.req(o, "model", "spec"), "spec.model")
    if name not in MEMBERS:
        raise Reject("invalid_value", "spec.model: %r is not SingleRing or LaneGraph" % name)
    own = MEMBERS[name]
    other = [m for m in MEMBERS.values() if m != own][0]
    # Its own member first, then the other model's (D-RV-7).
    member = f.req(o, own, "spec")
    if other in o:
        raise Reject("invalid_value", "spec.%s: not allowed in a %s summary" % (other, name))
    summary = _single_ring(member) if own == "single_ring" else _lane_graph(member)
    return {"model": name, own: summary}


def model(doc):
    root = f.obj(doc, "$")
    version = f.version_marker(root, "policy_version", "u32", 1)
    ok = f.boolean(f.req(root, "ok", ""), "ok")
    mode = f.string(f.req(root, "mode", ""), "mode")
    enforced = f.boolean(f.req(root, "enforced", ""), "enforced")
    sfp = f.string(f.req(root, "stage_failure_policy", ""), "stage_failure_policy")
    if sfp != "stop_pipeline":
        raise Reject("invalid_value", "stage_failure_policy: %r, v1 knows only stop_pipeline" % sfp)
    out = {
        "ok": ok,
        "policy_version": version,
        "mode": mode,
        "enforced": enforced,
        "stage_failure_policy": sfp,
        "spec_path": f.string(f.req(root, "spec_path", ""), "spec_path"),
        "lane_path": f.nullable_string(f.req(root, "lane_path", ""), "lane_path"),
        "wait": f.nullable_string(f.req(root, "wait", ""), "wait"),
    }
    crate = f.obj(f.req(root, "runtime_crate", ""), "runtime_crate")
    out["runtime_crate"] = {
        "name": f.string(f.req(crate, "name", "runtime_crate"), "runtime_crate.name"),
        "version": f.string(f.req(crate, "version", "runtime_crate"), "runtime_crate.version"),
    }
    own, other = ("spec", "error") if ok else ("error", "spec")
    value = f.req(root, own, "")
    if other in root:
        raise Reject("invalid_value", "%s: not allowed when ok is %s" % (other, "true" if ok else "false"))
    out[own] = _spec(value) if ok else f.string(value, "error")
    return out


read, write = jsonfile.reader_writer(model)
