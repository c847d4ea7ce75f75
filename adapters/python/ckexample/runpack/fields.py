"""Field readers for the three Decision Gate families: integers within
JCS's exact range (D-RP-3), SHA-256 digests (D-RP-4), timestamps, enums and
closed objects (the seed's additionalProperties: false)."""

import re

from .. import fields as f
from ..errors import Reject
from ..jcs import MAX_SAFE_INTEGER

HEX64 = re.compile(r"[0-9a-f]{64}\Z")


def closed(o, allowed, path):
    """In a closed object, the first unknown member is invalid_value."""
    for key in o:
        if key not in allowed:
            raise Reject("invalid_value", "%s: unknown member %r in a closed object" % (f.join(path, key), key))


def safe_int(value, minimum, path):
    if isinstance(value, bool) or not isinstance(value, int):
        raise f.wrong(path, "an integer", value)
    if value < minimum or value > MAX_SAFE_INTEGER:
        raise Reject("out_of_range", "%s: %d is outside %d..=2^53-1" % (path, value, minimum))
    return value


def one_of(value, allowed, path):
    text = f.string(value, path)
    if text not in allowed:
        raise Reject("invalid_value", "%s: %r is not one of %s" % (path, text, ", ".join(allowed)))
    return text


def digest(value, path, is_closed):
    o = f.obj(value, path)
    if is_closed:
        closed(o, ("algorithm", "value"), path)
    algorithm = one_of(f.req(o, "algorithm", path), ("sha256",), path + ".algorithm")
    hexdigest = f.string(f.req(o, "value", path), path + ".value")
    if not HEX64.match(hexdigest):
        raise Reject("invalid_value", "%s.value: not 64 lowercase hex digits: %r" % (path, hexdigest))
    return {"algorithm": algorithm, "value": hexdigest}


def timestamp(value, path, is_closed):
    o = f.obj(value, path)
    if is_closed:
        closed(o, ("kind", "value"), path)
    kind = one_of(f.req(o, "kind", path), ("unix_millis", "logical"), path + ".kind")
    minimum = 0 if kind == "logical" else -MAX_SAFE_INTEGER
    return {"kind": kind, "value": safe_int(f.req(o, "value", path), minimum, path + ".value")}


def opt_nullable_string(o, key, path):
    """An optional `null | string` member; absent reads as null (D-RP-8)."""
    return f.nullable_string(o.get(key), f.join(path, key))
