"""The conformkit adapter protocol v1 (docs/protocol.md): one JSON request a
line on stdin, one JSON answer a line on stdout, flushed; logs on stderr."""

import json
import sys
import traceback

from . import exact, wire
from .errors import Reject

PROTOCOL = 1
IMPLEMENTATION = {
    "name": "conformkit-example-python",
    "version": "0.1.0",
    "language": "python",
    "homepage": "https://github.com/conformkit/conformkit/tree/main/adapters/python",
}


def _send(message):
    sys.stdout.write(wire.dumps(message) + "\n")
    sys.stdout.flush()


def _hello(request, registry):
    if request.get("protocol") != PROTOCOL:
        return {"ok": False, "error": {"message": "this adapter speaks protocol %d" % PROTOCOL}}
    families = {}
    roles = set()
    for (family, version), entry in registry.items():
        families.setdefault(family, []).append(version)
        roles.add("reader")
        if getattr(entry, "write", None):
            roles.add("writer")
    return {
        "ok": True,
        "protocol": PROTOCOL,
        "implementation": IMPLEMENTATION,
        "roles": sorted(roles),
        "families": families,
    }


def _entry(request, registry):
    entry = registry.get((request.get("family"), request.get("version")))
    if entry is None:
        raise Reject("unsupported_version", "%s/%s is not implemented" % (request.get("family"), request.get("version")))
    return entry


def _error(e):
    return {"ok": False, "error": {"class": e.cls, "message": e.message}}


def _read(request, registry):
    try:
        return {"ok": True, "model": _entry(request, registry).read(request["path"])}
    except Reject as e:
        return _error(e)


def _write(request, registry):
    entry = _entry(request, registry)
    if not getattr(entry, "write", None):
        return {"ok": False, "error": {"message": "this adapter does not write %s" % request["family"]}}
    try:
        entry.write(request["model"], request["out"])
    except Reject as e:
        return {"ok": False, "error": {"message": e.message}}
    return {"ok": True}


HANDLERS = {"hello": _hello, "read": _read, "write": _write}


def serve(registry, stdin=None):
    """Answers requests until shutdown or the end of stdin. registry maps
    (family, version) to a module with read(path) and maybe write(model, out)."""
    for line in stdin or sys.stdin:
        # Models keep their numbers' literals for the writers that need
        # them (exact.py); to every other reader of the model they are
        # plain ints and floats.
        request = json.loads(line, parse_float=exact.ExactFloat, parse_int=exact.parse_int)
        op = request.get("op")
        if op == "shutdown":
            return
        handler = HANDLERS.get(op)
        try:
            if handler is None:
                answer = {"ok": False, "error": {"message": "unknown op %r" % op}}
            else:
                answer = handler(request, registry)
        except Exception as e:  # a bug in this adapter: say so, unclassified
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            answer = {"ok": False, "error": {"message": "internal error: %s: %s" % (type(e).__name__, e)}}
        answer["id"] = request["id"]
        _send(answer)
