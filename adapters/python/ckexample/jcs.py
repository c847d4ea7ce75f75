"""RFC 8785 JSON Canonicalization Scheme over Python values: members
sorted by their names' UTF-16 code units, no whitespace, strings escaped as
ECMAScript's JSON.stringify does, numbers in ECMAScript's Number-to-string
form (RFC 8785 §3.2.2.3). JCS numbers are IEEE-754 doubles, so an integer
beyond ±(2^53 - 1) is refused unless it is exactly how JCS spells its
nearest double (D-RP-3)."""

import json

from .errors import Reject

MAX_SAFE_INTEGER = 2**53 - 1


def number(value):
    """ECMAScript's Number::toString for a double (or an exact int)."""
    if isinstance(value, int):
        if abs(value) <= MAX_SAFE_INTEGER:
            return str(value)
        # Past 2^53 only an integer that is exactly JCS's own spelling of its
        # nearest double (100000000000000000000 for 1e20) is written; any
        # other would be changed by the rounding (D-RP-3).
        try:
            spelled = number(float(value))
        except OverflowError:
            spelled = None
        if spelled != str(value):
            raise Reject("out_of_range", "the integer %d has no exact JCS form (a double)" % value)
        return spelled
    if value != value or value in (float("inf"), float("-inf")):
        raise Reject("out_of_range", "%r has no JSON form" % value)
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest digits that round-trip, as ECMAScript does;
    # split it into digits d1..dk and n, the value being 0.d1..dk x 10^n.
    mantissa, _, exp = repr(abs(value)).partition("e")
    whole, _, frac = mantissa.partition(".")
    all_digits = whole + frac
    digits = all_digits.lstrip("0")
    # The decimal point sits after `whole`; each leading zero dropped moves
    # the first significant digit one place right.
    n = len(whole) + (int(exp) if exp else 0) - (len(all_digits) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + text


def _utf16_key(name):
    return name.encode("utf-16-be", "surrogatepass")


def _render(value, out):
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, (int, float)):
        out.append(number(value))
    elif isinstance(value, str):
        # json.dumps without ensure_ascii escapes exactly what
        # JSON.stringify escapes: ", \, and U+0000..U+001F.
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _render(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value, key=_utf16_key)):
            if i:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _render(value[key], out)
        out.append("}")
    else:
        raise TypeError("not a JSON value: %r" % type(value))


def canonical(value):
    """The JCS text of value."""
    out = []
    _render(value, out)
    return "".join(out)


def canonical_bytes(value):
    return canonical(value).encode("utf-8")
