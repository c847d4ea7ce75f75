"""Typed access to a parsed JSON value, each failure classified with the
field path: objects, required members, strings, booleans, unsigned integers
of a declared width (D-ALL-3), arrays and nullable strings."""

from .errors import Reject

WIDTHS = {"u16": 2**16 - 1, "u32": 2**32 - 1, "u64": 2**64 - 1, "u128": 2**128 - 1}


def _kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction or exponent"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def wrong(path, expected, value):
    return Reject("wrong_type", "%s: expected %s, found %s" % (path, expected, _kind(value)))


def join(path, key):
    return key if path in ("", "$") else "%s.%s" % (path, key)


def obj(value, path):
    if not isinstance(value, dict):
        raise wrong(path or "$", "an object", value)
    return value


def req(o, key, path):
    """The member `key` of object o, which must be present (null included)."""
    if key not in o:
        raise Reject("missing_field", "%s: required" % join(path, key))
    return o[key]


def string(value, path):
    if not isinstance(value, str):
        raise wrong(path, "a string", value)
    return value


def nullable_string(value, path):
    if value is not None and not isinstance(value, str):
        raise wrong(path, "a string or null", value)
    return value


def boolean(value, path):
    if not isinstance(value, bool):
        raise wrong(path, "a boolean", value)
    return value


def unsigned(value, width, path):
    """An integer literal within 0..=max of width. json gives a float for
    any literal with a fraction or exponent (1.0, 1e3), so those are
    wrong_type; -0 reads as the integer 0 (D-RV-1 makes that `either`)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise wrong(path, "an integer (%s)" % width, value)
    if value < 0 or value > WIDTHS[width]:
        raise Reject("out_of_range", "%s: %d is outside %s" % (path, value, width))
    return value


def array(value, path):
    if not isinstance(value, list):
        raise wrong(path, "an array", value)
    return value


def strings(value, path):
    return [string(v, "%s[%d]" % (path, i)) for i, v in enumerate(array(value, path))]


def version_marker(o, key, width, supported):
    """A version marker read before anything else (D-ALL-5)."""
    value = unsigned(req(o, key, ""), width, key)
    if value != supported:
        raise Reject("unsupported_version", "%s: %d, this reader implements %d" % (key, value, supported))
    return value
