"""Runpack-relative paths (D-RP-5): the lexical rules a listed path obeys,
and finding it on disk without leaving the runpack root, every symlink
followed (os.path.realpath also resolves dangling links as far as it can)."""

import os
import re
import stat

from ..errors import Reject

_DRIVE = re.compile(r"[A-Za-z]:")


def check_relative(path):
    """The path's components, or path_escape (absolute, `..`) or
    invalid_value (empty, empty or `.` component, backslash, NUL)."""
    if path.startswith(("/", "\\")) or _DRIVE.match(path):
        raise Reject("path_escape", "%r is absolute" % path)
    parts = re.split(r"[/\\]", path)
    if ".." in parts:
        raise Reject("path_escape", "%r has a `..` component" % path)
    if path == "":
        raise Reject("invalid_value", "an empty path")
    if "\\" in path or "\0" in path:
        raise Reject("invalid_value", "%r holds a backslash or NUL" % path)
    if any(p in ("", ".") for p in parts):
        raise Reject("invalid_value", "%r has an empty or `.` component" % path)
    return parts


def resolve(root, rel):
    """The real path of rel under root (itself a real path): path_escape
    when a symlink leads outside, missing_file when nothing is there,
    unreadable when it is not a regular file. Returns (path, size)."""
    parts = check_relative(rel)
    real = os.path.realpath(os.path.join(root, *parts))
    if real != root and not real.startswith(root + os.sep):
        raise Reject("path_escape", "%s: resolves to %s, outside the runpack" % (rel, real))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        raise Reject("missing_file", "%s: not found" % rel)
    except OSError as e:
        raise Reject("unreadable", "%s: %s" % (rel, e.strerror))
    if not stat.S_ISREG(st.st_mode):
        raise Reject("unreadable", "%s: not a regular file" % rel)
    return real, st.st_size
