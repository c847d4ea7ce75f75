"""RFC 8785 (JCS) in Python, written independently of the Rust reference
adapter so the runpack corpus is built by a second implementation.

jcs(value) -> bytes: object members sorted by UTF-16 code units, numbers in
ECMAScript Number.prototype.toString form, strings escaped as JCS requires
(only ", \\, and control characters; \\b \\t \\n \\f \\r by name, others as
\\u00xx). Integers beyond +-(2^53 - 1) are refused, as the reference does
(corpus/DECISIONS.md D-RP-3). es_number is also used to write expected.json
so its numbers have the same literal form as the JCS bytes they model.
"""

import json
import math

MAX_SAFE = 2**53 - 1


def es_number(x):
    """ECMAScript Number::toString for an int or float (finite)."""
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    if isinstance(x, int):
        if abs(x) > MAX_SAFE:
            raise ValueError(f"integer {x} is beyond 2^53 - 1")
        return str(x)
    if not math.isfinite(x):
        raise ValueError("NaN and Infinity are not JSON")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    r = repr(abs(x))  # shortest round-trip digits, like ECMAScript
    mant, _, exp = r.partition("e")
    exp = int(exp) if exp else 0
    ip, _, fp = mant.partition(".")
    if ip.strip("0"):
        digits = (ip + fp).lstrip("0")
        n = len(ip.lstrip("0")) + exp
    else:
        z = len(fp) - len(fp.lstrip("0"))
        digits = fp[z:]
        n = exp - z
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        s = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + s


def _string(s):
    return json.dumps(s, ensure_ascii=False)


def _utf16_key(s):
    return s.encode("utf-16-be")


def jcs_text(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return es_number(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs_text(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v, key=_utf16_key)
        return "{" + ",".join(_string(k) + ":" + jcs_text(v[k]) for k in keys) + "}"
    raise TypeError(type(v))


def jcs(v):
    return jcs_text(v).encode("utf-8")


def pretty(v, indent=0):
    """json.dumps(indent=2) layout with ECMAScript number literals for
    non-integers and exact integers (a model is JSON, not JCS)."""
    pad = "  " * (indent + 1)
    end = "  " * indent
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = [pad + _string(k) + ": " + pretty(x, indent + 1) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[\n" + ",\n".join(pad + pretty(x, indent + 1) for x in v) + "\n" + end + "]"
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)  # a model holds integers exactly, even past 2^53
    return jcs_text(v)


def _self_test():
    cases = [(0.0, "0"), (-0.0, "0"), (4.5, "4.5"), (2e-3, "0.002"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
             (1e-7, "1e-7"), (1e-6, "0.000001"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
             (1e30, "1e+30"), (333333333.33333329, "333333333.3333333"), (-0.0000033333333333333333, "-0.0000033333333333333333"),
             (1424953923781206.2, "1424953923781206.2"), (9.999999999999997e-7, "9.999999999999997e-7"), (1e23, "1e+23"),
             (123.0, "123"), (0.1, "0.1"), (1e-27, "1e-27"), (9007199254740991, "9007199254740991")]
    for x, want in cases:
        got = es_number(x)
        assert got == want, (x, got, want)
    doc = {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001F600": 5, "\u0080": 6, "\u00f6": 7}
    assert jcs_text(doc) == '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\U0001F600":5,"\ufb33":3}', jcs_text(doc)
    s = "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"/"
    assert jcs_text(s) == '"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"', jcs_text(s)


_self_test()
