"""The KV line grammar shared by the DataGuard report and the bundle's
spec.kv (D-KV-*): UTF-8 without a byte order mark, every line one
`key=value` pair ending in LF (a CR right before the LF belongs to the
terminator), split at the first `=`, keys of dot-separated
[A-Za-z0-9_-] segments, values literal, no key twice. Faults come in
document order: each line is decoded, then parsed, before the next."""

import re

from .errors import Reject
from .jsontext import BOM

KEY = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\Z")


def parse(data):
    """[(line number, key, value)] in document order."""
    if data.startswith(BOM):
        raise Reject("encoding", "line 1: a UTF-8 byte order mark")
    pairs, first_line = [], {}
    lines = data.split(b"\n")
    rest = lines.pop()  # what follows the last LF
    terminated = rest == b""
    if not terminated:
        lines.append(rest)
    for number, raw in enumerate(lines, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Reject("encoding", "line %d: not UTF-8 at byte %d: %s" % (number, e.start + 1, e.reason))
        if not terminated and number == len(lines):
            raise Reject("syntax", "line %d: the last line does not end in LF" % number)
        if "\r" in line:
            raise Reject("syntax", "line %d: a CR that does not end the line" % number)
        key, eq, value = line.partition("=")
        if not eq:
            raise Reject("syntax", "line %d: expected key=value" % number)
        if not KEY.match(key):
            raise Reject("syntax", "line %d: %r is not a key (dot-separated [A-Za-z0-9_-] names)" % (number, key))
        if key in first_line:
            raise Reject("duplicate_key", "line %d: %s again (first on line %d)" % (number, key, first_line[key]))
        first_line[key] = number
        pairs.append((number, key, value))
    return pairs


def render(pairs):
    """`key=value` lines, LF-terminated, in the order given; refuses what
    the grammar cannot carry."""
    out = []
    for key, value in pairs:
        if not KEY.match(key):
            raise Reject("invalid_value", "%r cannot be a KV key" % key)
        if "\n" in value or "\r" in value:
            raise Reject("invalid_value", "%s: a KV value cannot hold a line break" % key)
        out.append("%s=%s\n" % (key, value))
    return "".join(out).encode("utf-8")
