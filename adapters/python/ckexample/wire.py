"""JSON text for protocol answers: integers as exact literals of any size
(u128 included), non-integer numbers in ECMAScript's shortest form (the
form JCS artifacts are written in, so a runpack's contents come back as
written), strings and names escaped by json.dumps. Recursive: every model
comes from a document within the nesting limit (jsontext.MAX_DEPTH).
Numbers read with their literal kept (exact.py) are written as read."""

import json

from . import exact, jcs


def _render(v, out):
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif exact.literal(v) is not None:
        out.append(exact.literal(v))
    elif isinstance(v, int):
        out.append(str(v))
    elif isinstance(v, float):
        out.append(jcs.number(v))
    elif isinstance(v, str):
        out.append(json.dumps(v))
    elif isinstance(v, list):
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            _render(item, out)
        out.append("]")
    elif isinstance(v, dict):
        out.append("{")
        for i, (key, item) in enumerate(v.items()):
            if i:
                out.append(",")
            out.append(json.dumps(key) + ":")
            _render(item, out)
        out.append("}")
    else:
        raise TypeError("not a JSON value: %r" % type(v))


def dumps(value):
    out = []
    _render(value, out)
    return "".join(out)


def _pretty(v, out, level, sort_keys):
    text = exact.literal(v)
    if text is not None:
        out.append(text)
    elif isinstance(v, (list, dict)) and v:
        pad = "\n" + "  " * (level + 1)
        out.append("[" if isinstance(v, list) else "{")
        items = v if isinstance(v, list) else sorted(v.items()) if sort_keys else v.items()
        for i, item in enumerate(items):
            out.append(("," if i else "") + pad)
            if isinstance(v, dict):
                out.append(json.dumps(item[0], ensure_ascii=False) + ": ")
                item = item[1]
            _pretty(item, out, level + 1, sort_keys)
        out.append("\n" + "  " * level + ("]" if isinstance(v, list) else "}"))
    else:
        out.append(json.dumps(v, ensure_ascii=False))


def pretty(value, sort_keys=False):
    """json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort_keys),
    except that numbers read with their literal kept (exact.py) are written
    as read."""
    out = []
    _pretty(value, out, 0, sort_keys)
    return "".join(out)
