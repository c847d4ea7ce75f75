"""Offline verification of a runpack directory, in the order of D-RP-6,
stopping at the first fault (the reader rejects with the first fault's
class, so the rest of the report is not needed): the manifest, listed
paths, the root hash, artifacts against file_hashes, spec_hash, then every
listed file hashed, then an exported verifier report (seed 003's +1 rule)."""

import hashlib
import os

from .. import jcs, jsontext
from ..errors import Reject
from . import manifest as mf
from .paths import check_relative, resolve

MANIFEST_NAME = "manifest.json"
MAX_FILES = 10_000
CHUNK = 1 << 20


def root_hash(file_hashes):
    """SHA-256 of the JCS form of file_hashes, each as {hash, path}."""
    listed = [{"hash": fh["hash"], "path": fh["path"]} for fh in file_hashes]
    return hashlib.sha256(jcs.canonical_bytes(listed)).hexdigest()


def _hash_file(root, rel):
    real, size = resolve(root, rel)
    if size > jsontext.MAX_FILE_BYTES:
        raise Reject("too_large", "%s: %d bytes" % (rel, size))
    h = hashlib.sha256()
    try:
        with open(real, "rb") as fh:
            for piece in iter(lambda: fh.read(CHUNK), b""):
                h.update(piece)
    except OSError as e:
        raise Reject("unreadable", "%s: %s" % (rel, e.strerror))
    return h.hexdigest()


def _read_json(root, rel):
    real, _ = resolve(root, rel)
    try:
        return jsontext.parse_file(real, rel)
    except Reject as e:
        raise e.within(rel)


def _structure(m):
    files = m["integrity"]["file_hashes"]
    artifacts = m["artifacts"]
    if len(files) > MAX_FILES:
        raise Reject("too_large", "%d listed files, at most %d" % (len(files), MAX_FILES))
    for label, entries in (("integrity.file_hashes", files), ("artifacts", artifacts)):
        seen = set()
        for i, entry in enumerate(entries):
            try:
                check_relative(entry["path"])
            except Reject as e:
                raise e.within("%s[%d].path" % (label, i))
            if entry["path"] in seen:
                raise Reject("invalid_value", "%s[%d].path: %r listed twice" % (label, i, entry["path"]))
            seen.add(entry["path"])
    computed = root_hash(files)
    if computed != m["integrity"]["root_hash"]["value"]:
        raise Reject("integrity", "integrity.root_hash: the JCS form of file_hashes hashes to %s" % computed)
    by_path = {fh["path"]: fh["hash"]["value"] for fh in files}
    for i, a in enumerate(artifacts):
        if a["path"] not in by_path:
            raise Reject("integrity", "artifacts[%d]: %r is not in integrity.file_hashes" % (i, a["path"]))
        if by_path[a["path"]] != a["hash"]["value"]:
            raise Reject("integrity", "artifacts[%d].hash: differs from its file hash" % i)
    artifact_paths = {a["path"] for a in artifacts}
    for i, fh in enumerate(files):
        if fh["path"] not in artifact_paths:
            raise Reject("integrity", "integrity.file_hashes[%d]: %r is not an artifact" % (i, fh["path"]))
    for i, a in enumerate(artifacts):
        if a["kind"] == "scenario_spec" and a["hash"]["value"] != m["spec_hash"]["value"]:
            raise Reject("integrity", "spec_hash: differs from the scenario spec artifacts[%d]" % i)
    for kind in ("scenario_spec", "verifier_report"):
        count = sum(1 for a in artifacts if a["kind"] == kind)
        if count > 1:
            raise Reject("invalid_value", "artifacts: %d of kind %s, at most one" % (count, kind))


def _exported_report(root, m):
    """The export-time report counts the listed files other than itself."""
    reports = [a for a in m["artifacts"] if a["kind"] == "verifier_report"]
    if not reports:
        return
    rel = reports[0]["path"]
    stated = mf.report(_read_json(root, rel), rel)
    others = len({fh["path"] for fh in m["integrity"]["file_hashes"]} - {rel})
    if stated["status"] != "pass" or stated["errors"] or stated["checked_files"] != others:
        raise Reject(
            "invalid_value",
            "%s: says %s over %d files with %d errors; the export-time report passes over the %d other files"
            % (rel, stated["status"], stated["checked_files"], len(stated["errors"]), others),
        )


def verify(directory):
    """(manifest model, offline report) of a runpack that verifies."""
    root = os.path.realpath(directory)
    if not os.path.isdir(root):
        raise Reject("missing_file", "%s: not a runpack directory" % directory)
    m = mf.decode(_read_json(root, MANIFEST_NAME), is_closed=False, path="$")
    try:
        _structure(m)
    except Reject as e:
        raise e.within(MANIFEST_NAME)
    checked = 0
    for fh in m["integrity"]["file_hashes"]:
        digest = _hash_file(root, fh["path"])
        checked += 1
        if digest != fh["hash"]["value"]:
            raise Reject("integrity", "%s: SHA-256 %s, listed %s" % (fh["path"], digest, fh["hash"]["value"]))
    _exported_report(root, m)
    return m, {"checked_files": checked, "errors": [], "status": "pass"}


def read_contents(directory, m):
    """Every artifact's value by path; each file must be exactly the JCS
    form of its value (D-RP-1)."""
    root = os.path.realpath(directory)
    contents = {}
    for a in m["artifacts"]:
        rel = a["path"]
        real, _ = resolve(root, rel)
        data = jsontext.read_file(real, rel)
        try:
            value = jsontext.parse_bytes(data)
            canonical = jcs.canonical_bytes(value)
        except Reject as e:
            raise e.within(rel)
        if canonical != data:
            raise Reject("invalid_value", "%s: not the JCS form of its value" % rel)
        contents[rel] = value
    return contents
