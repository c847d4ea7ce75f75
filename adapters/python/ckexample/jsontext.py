"""Bytes to a JSON value with Python's json module, plus the rules the
corpus pins on JSON text that json.loads does not enforce by itself: no byte
order mark (D-ALL-1), strict UTF-8 (D-RV-6), no duplicate keys (D-ALL-4), no
NaN/Infinity, no unpaired surrogate escapes (D-RV-2) and a nesting limit
(D-ALL-7)."""

import json
import os
import re
import stat

from . import exact
from .errors import Reject

BOM = b"\xef\xbb\xbf"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_file(path, name=None):
    """The bytes of the regular file at path (not following a final symlink
    is the caller's business), bounded by MAX_FILE_BYTES."""
    label = name or os.path.basename(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise Reject("missing_file", "%s: not found" % label)
    except OSError as e:
        raise Reject("unreadable", "%s: %s" % (label, e.strerror))
    if not stat.S_ISREG(st.st_mode):
        raise Reject("unreadable", "%s: not a regular file" % label)
    if st.st_size > MAX_FILE_BYTES:
        raise Reject("too_large", "%s: %d bytes, at most %d" % (label, st.st_size, MAX_FILE_BYTES))
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise Reject("unreadable", "%s: %s" % (label, e.strerror))
    if len(data) > MAX_FILE_BYTES:
        raise Reject("too_large", "%s: more than %d bytes" % (label, MAX_FILE_BYTES))
    return data


def decode_utf8(data):
    """UTF-8 text without a byte order mark; the decoder refuses overlong
    forms, encoded surrogates and truncated sequences instead of replacing
    them."""
    if data.startswith(BOM):
        raise Reject("encoding", "a UTF-8 byte order mark at the start")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Reject("encoding", "not UTF-8 at byte %d: %s" % (e.start, e.reason))


def _pairs(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise Reject("duplicate_key", "key %s twice in one object" % json.dumps(key))
        obj[key] = value
    return obj


def _constant(name):
    raise Reject("syntax", "%s is not a JSON value" % name)


def _check_tree(value):
    """Nesting depth (the root object or array is level 1) and unpaired
    surrogates, in one walk without recursion."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                raise Reject("encoding", "a string holds an unpaired surrogate escape")
        elif isinstance(v, dict):
            if depth > MAX_DEPTH:
                raise Reject("too_deep", "nested deeper than %d levels" % MAX_DEPTH)
            for k, c in v.items():
                if _SURROGATE.search(k):
                    raise Reject("encoding", "a key holds an unpaired surrogate escape")
                stack.append((c, depth + 1))
        elif isinstance(v, list):
            if depth > MAX_DEPTH:
                raise Reject("too_deep", "nested deeper than %d levels" % MAX_DEPTH)
            stack.extend((c, depth + 1) for c in v)


def parse_bytes(data, exact_numbers=False):
    """One JSON document from bytes, under the rules above; with
    exact_numbers, every number keeps its literal (exact.py)."""
    text = decode_utf8(data)
    hooks = {"parse_float": exact.ExactFloat, "parse_int": exact.parse_int} if exact_numbers else {}
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, **hooks)
    except json.JSONDecodeError as e:
        raise Reject("syntax", "line %d column %d: %s" % (e.lineno, e.colno, e.msg))
    except RecursionError:
        raise Reject("too_deep", "nested deeper than Python's recursion limit")
    except ValueError as e:
        # Python refuses to convert integer literals longer than 4300 digits
        # (sys.int_info.default_max_str_digits): far past any width the
        # formats declare.
        raise Reject("out_of_range", "an integer literal too long: %s" % e)
    _check_tree(value)
    return value


def parse_file(path, name=None, exact_numbers=False):
    return parse_bytes(read_file(path, name), exact_numbers)
