"""environment.json v1 (seed 000): pid u32, cwd and proc_status present
and nullable (D-ENV-1), args, and env as [key, value] pairs strictly
ascending by key in code point order (D-ENV-2, D-ENV-3)."""

from .. import fields as f
from ..errors import Reject
from . import jsonfile


def _env(value):
    pairs = []
    previous = None
    for i, pair in enumerate(f.array(value, "env")):
        at = "env[%d]" % i
        if not isinstance(pair, list):
            raise f.wrong(at, "a [key, value] array", pair)
        if len(pair) != 2:
            raise Reject("invalid_value", "%s: a pair has 2 elements, found %d" % (at, len(pair)))
        key = f.string(pair[0], at + "[0]")
        val = f.string(pair[1], at + "[1]")
        # Python compares str by code point, which is UTF-8 byte order.
        if previous is not None and key == previous:
            raise Reject("duplicate_key", "%s: key %r repeats the previous pair's" % (at, key))
        if previous is not None and key < previous:
            raise Reject("invalid_value", "%s: key %r sorts before %r" % (at, key, previous))
        previous = key
        pairs.append([key, val])
    return pairs


def model(doc):
    root = f.obj(doc, "$")
    return {
        "pid": f.unsigned(f.req(root, "pid", ""), "u32", "pid"),
        "cwd": f.nullable_string(f.req(root, "cwd", ""), "cwd"),
        "args": f.strings(f.req(root, "args", ""), "args"),
        "env": _env(f.req(root, "env", "")),
        "proc_status": f.nullable_string(f.req(root, "proc_status", ""), "proc_status"),
    }


read, write = jsonfile.reader_writer(model)
