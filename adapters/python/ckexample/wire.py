"""JSON text for protocol answers: integers as exact literals of any size
(u128 included), non-integer numbers in ECMAScript's shortest form (the
form JCS artifacts are written in, so a runpack's contents come back as
written), strings and names escaped by json.dumps. Recursive: every model
comes from a document within the nesting limit (jsontext.MAX_DEPTH)."""

import json

from . import jcs


def _render(v, out):
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
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
