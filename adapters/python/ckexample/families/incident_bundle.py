"""ByteOr incident bundle directory v1 (seed 000): five required members,
three conditional ones, each read by its own family's rules (D-IB-9);
policy_audit.json, the version carrier, first (D-IB-8); a snapshot only
beside a parsed spec of its model (D-IB-5). Members are regular files
directly in the directory; a symlink is followed only inside it (D-IB-2).
The model is an object keyed by member file name (D-IB-11)."""

import os
import stat

from .. import fields as f
from .. import jsontext, kv, wire
from ..errors import Reject
from . import environment, jsonfile, policy_audit, runtime, spec_validation

REQUIRED = ("spec.kv", "spec_validation.json", "runtime.json", "policy_audit.json", "environment.json")
JSON_MEMBERS = {
    "spec_validation.json": spec_validation.model,
    "runtime.json": runtime.model,
    "policy_audit.json": policy_audit.model,
    "environment.json": environment.model,
}
SNAPSHOTS = {"single_ring_snapshot.json": "SingleRing", "lane_graph_state.json": "LaneGraph"}
CONFIG = "runtime_config.txt"


def _link_leaves(target):
    """Whether a link's own text leaves the directory it sits in: absolute,
    or more `..` than names at some point (decided on the text, so a
    dangling escape is still an escape)."""
    if os.path.isabs(target):
        return True
    depth = 0
    for part in target.split("/"):
        if part == "..":
            depth -= 1
        elif part not in ("", "."):
            depth += 1
        if depth < 0:
            return True
    return False


def _member(root, name):
    """The bytes of member name, or None when there is no such entry."""
    path = os.path.join(root, name)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise Reject("unreadable", "%s: %s" % (name, e.strerror))
    if stat.S_ISLNK(st.st_mode):
        target = os.readlink(path)
        real = os.path.realpath(path)
        inside = real.startswith(os.path.realpath(root) + os.sep)
        if _link_leaves(target) or not inside:
            raise Reject("path_escape", "%s: a symlink to %s, outside the bundle" % (name, target))
        try:
            os.stat(path)
        except FileNotFoundError:
            raise Reject("missing_file", "%s: a dangling symlink" % name)
        except OSError as e:
            # A symlink loop (ELOOP) is unreadable, not missing (D-ALL-7).
            raise Reject("unreadable", "%s: %s" % (name, e.strerror))
    return jsontext.read_file(path, name)


def _json_member(name, data, model_of, exact_numbers=False):
    try:
        return model_of(jsontext.parse_bytes(data, exact_numbers))
    except Reject as e:
        raise e.within(name)


def _snapshot(name, data, spec_model):
    wanted = SNAPSHOTS[name]
    if spec_model != wanted:
        raise Reject(
            "invalid_value",
            "%s: only beside a parsed %s spec, policy_audit.json has %s" % (name, wanted, spec_model or "no parsed spec"),
        )
    # Opaque and kept whole, numbers as their literals (D-IB-6): 1e+2 stays
    # 1e+2, 1e400 stays 1e400 instead of a float infinity.
    return _json_member(name, data, lambda doc: f.obj(doc, "$"), exact_numbers=True)


def _future_carrier(path):
    """A future bundle may drop or rename a member: when the carrier is
    there and its version is not ours, that is the answer (D-ALL-5, D-IB-8)."""
    data = _member(path, "policy_audit.json")
    if data is None:
        return
    try:
        _json_member("policy_audit.json", data, policy_audit.model)
    except Reject as e:
        if e.cls == "unsupported_version":
            raise


def read(path):
    if not os.path.isdir(path):
        raise Reject("unreadable", "%s: not a bundle directory" % path)
    members = {}
    for name in REQUIRED:
        data = _member(path, name)
        if data is None:
            _future_carrier(path)
            raise Reject("missing_file", "%s: a required member is missing" % name)
        members[name] = data
    policy = _json_member("policy_audit.json", members["policy_audit.json"], policy_audit.model)
    try:
        spec = {key: value for _, key, value in kv.parse(members["spec.kv"])}
    except Reject as e:
        raise e.within("spec.kv")
    model = {"spec.kv": spec}
    for name in ("spec_validation.json", "runtime.json"):
        model[name] = _json_member(name, members[name], JSON_MEMBERS[name])
    model["policy_audit.json"] = policy
    model["environment.json"] = _json_member("environment.json", members["environment.json"], environment.model)
    config = _member(path, CONFIG)
    if config is not None:
        try:
            model[CONFIG] = jsontext.decode_utf8(config)
        except Reject as e:
            raise e.within(CONFIG)
    spec_model = policy["spec"]["model"] if policy["ok"] else None
    for name in SNAPSHOTS:
        data = _member(path, name)
        if data is not None:
            model[name] = _snapshot(name, data, spec_model)
    return model


def write(model, out):
    root = f.obj(model, "model")
    files = {}
    spec = f.obj(f.req(root, "spec.kv", ""), "spec.kv")
    files["spec.kv"] = kv.render((key, f.string(spec[key], "spec.kv." + key)) for key in sorted(spec))
    for name, model_of in JSON_MEMBERS.items():
        files[name] = jsonfile.render(model_of(f.req(root, name, ""))).encode("utf-8")
    if CONFIG in root:
        files[CONFIG] = f.string(root[CONFIG], CONFIG).encode("utf-8")
    for name in SNAPSHOTS:
        if name in root:
            snapshot = f.obj(root[name], name)
            files[name] = (wire.pretty(snapshot, sort_keys=True) + "\n").encode("utf-8")
    os.mkdir(out)
    for name, data in files.items():
        with open(os.path.join(out, name), "xb") as fh:
            fh.write(data)
    # Read back what was written: a model this reader would refuse (a
    # snapshot beside the wrong spec model, say) or read differently is
    # refused rather than written.
    if read(out) != model:
        raise Reject("invalid_value", "the model does not read back as itself")
