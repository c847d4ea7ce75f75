#!/usr/bin/env python3
"""Build the runpack/v1 corpus: runpack directories, each with one expectation.

The valid runpacks are built here, by a second implementation of the export
rules (tools/jcs.py for RFC 8785; SHA-256 file hashes; the root hash over the
JCS form of integrity.file_hashes in order; spec_hash = the scenario spec
artifact's hash; the export-time verifier_report.json counting the files
before it), independent of the Rust reference writer. Each broken runpack is
one of them with exactly one fault, every other hash recomputed so that the
fault is the only one (a naive verifier that misses it passes the case).
Expectations follow from what each mutation means (seed 003, the facts in
seeds/README.md, corpus/DECISIONS.md D-RP-*), never from running a reader.

A case is corpus/runpack/v1/<name>/ with input/ (the runpack), case.json,
expected.json for accepted runpacks (the model {contents, manifest, report},
numbers in their JCS form), and for some cases files outside input/ that a
symlink or a `..` path points at.

Usage: runpackgen.py [--check]
  --check  write nothing; exit 1 when a case on disk differs from what this
           script builds (contents, symlink targets, extra or missing files).
"""

import copy
import hashlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jcs import jcs, pretty  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "runpack", "v1")
SEED = "003_d65768c35f035a10.txt"
FACTS = "seeds/README.md, Decision Gate facts"


def sha(b):
    return hashlib.sha256(b).hexdigest()


def digest(hexval):
    return {"algorithm": "sha256", "value": hexval}


class Symlink:
    def __init__(self, target):
        self.target = target


class Dir:
    pass


class Pack:
    """A runpack under construction: manifest dict, files by path, artifact values."""

    def __init__(self, files, manifest, values):
        self.files = files  # relative path -> bytes | Symlink | Dir
        self.manifest = manifest
        self.values = values  # path -> JSON value (the model's contents)
        self.outside = {}  # case-dir-relative path -> bytes | Symlink | Dir
        self.manifest_bytes = None  # override of the manifest file's bytes

    def copy(self):
        p = Pack(dict(self.files), copy.deepcopy(self.manifest), copy.deepcopy(self.values))
        p.outside = dict(self.outside)
        p.manifest_bytes = self.manifest_bytes
        return p

    def reroot(self):
        """Recomputes the root hash over file_hashes as they now stand."""
        self.manifest["integrity"]["root_hash"] = digest(sha(jcs(self.manifest["integrity"]["file_hashes"])))

    def set_file(self, path, data):
        """Replaces a file and every hash that covers it."""
        self.files[path] = data
        h = sha(data)
        for f in self.manifest["integrity"]["file_hashes"]:
            if f["path"] == path:
                f["hash"] = digest(h)
        for a in self.manifest["artifacts"]:
            if a["path"] == path:
                a["hash"] = digest(h)
                if a["kind"] == "scenario_spec":
                    self.manifest["spec_hash"] = digest(h)
        self.reroot()

    def refresh_report(self):
        """Rewrites verifier_report.json to count the files listed besides it."""
        others = {f["path"] for f in self.manifest["integrity"]["file_hashes"]} - {"verifier_report.json"}
        report = {"checked_files": len(others), "errors": [], "status": "pass"}
        self.values["verifier_report.json"] = report
        self.set_file("verifier_report.json", jcs(report))

    def rename(self, old, new):
        """Lists `old` as `new` everywhere (the file itself stays put)."""
        for f in self.manifest["integrity"]["file_hashes"]:
            if f["path"] == old:
                f["path"] = new
        for a in self.manifest["artifacts"]:
            if a["path"] == old:
                a["path"] = new
        self.reroot()

    def tree(self):
        files = dict(self.files)
        files["manifest.json"] = self.manifest_bytes if self.manifest_bytes is not None else jcs(self.manifest)
        return files

    def model(self, manifest=None):
        n = len(self.manifest["integrity"]["file_hashes"])
        return {
            "contents": self.values,
            "manifest": manifest if manifest is not None else self.manifest,
            "report": {"checked_files": n, "errors": [], "status": "pass"},
        }


def export(ids, generated_at, artifacts, include_verification, security=None, anchor_policy=None,
           verifier_mode="offline_strict"):
    """The export rules: artifacts = [(artifact_id, kind, path, content_type, required, value)]."""
    files, file_hashes, entries, values = {}, [], [], {}
    for artifact_id, kind, path, content_type, required, value in artifacts:
        data = jcs(value)
        files[path] = data
        values[path] = value
        file_hashes.append({"hash": digest(sha(data)), "path": path})
        entries.append({"artifact_id": artifact_id, "content_type": content_type, "hash": digest(sha(data)),
                        "kind": kind, "path": path, "required": required})
    spec = next(e for e in entries if e["kind"] == "scenario_spec")
    if include_verification:
        report = {"checked_files": len(file_hashes), "errors": [], "status": "pass"}
        data = jcs(report)
        files["verifier_report.json"] = data
        values["verifier_report.json"] = report
        file_hashes.append({"hash": digest(sha(data)), "path": "verifier_report.json"})
        entries.append({"artifact_id": "verifier_report", "content_type": "application/json",
                        "hash": digest(sha(data)), "kind": "verifier_report", "path": "verifier_report.json",
                        "required": True})
    manifest = {
        "artifacts": entries,
        "generated_at": generated_at,
        "hash_algorithm": "sha256",
        "integrity": {"file_hashes": file_hashes, "root_hash": None},
        "manifest_version": "v1",
        "namespace_id": ids["namespace_id"],
        "run_id": ids["run_id"],
        "scenario_id": ids["scenario_id"],
        "spec_hash": spec["hash"],
        "tenant_id": ids["tenant_id"],
        "verifier_mode": verifier_mode,
    }
    if security is not None:
        manifest["security"] = security
    if anchor_policy is not None:
        manifest["anchor_policy"] = anchor_policy
    pack = Pack(files, manifest, values)
    pack.reroot()
    return pack


IDS = {"scenario_id": "deploy-approval", "tenant_id": 1, "namespace_id": 1, "run_id": "run-0001"}
SPEC = {"scenario_id": "deploy-approval", "spec_version": "v1",
        "stages": [{"stage_id": "review", "gates": [{"gate_id": "two-approvals", "requirement": {"min_approvals": 2}}]}]}
TRIGGERS = [{"trigger_id": "t-1", "kind": "tick", "logical": 1}, {"trigger_id": "t-2", "kind": "tick", "logical": 2}]
DECISIONS = [{"trigger_id": "t-1", "decision": "hold", "seq": 0}, {"trigger_id": "t-2", "decision": "advance", "seq": 1}]


# Decision Gate's own export layout (measured on its public source): seven
# JCS artifacts under artifacts/, each with artifact_id equal to its path and
# content type application/json. Its offline verifier reads
# artifacts/decisions.json whether listed or not and parses it as a list of
# decision records, so the logs here are empty lists (a valid log of any record
# shape); the values are not Decision Gate data, the layout is.
DG_LOGS = [("trigger_log", "artifacts/triggers.json"), ("gate_eval_log", "artifacts/gate_evals.json"),
           ("decision_log", "artifacts/decisions.json"), ("packet_log", "artifacts/packets.json"),
           ("submission_log", "artifacts/submissions.json"), ("tool_transcript", "artifacts/tool_calls.json")]


def dg_standard(spec_path="artifacts/scenario_spec.json"):
    """Decision Gate's standard artifact set, the scenario spec at `spec_path`."""
    arts = [(spec_path, "scenario_spec", spec_path, "application/json", True, SPEC)] if spec_path else []
    return arts + [(path, kind, path, "application/json", True, []) for kind, path in DG_LOGS]


def base_pack(include_verification=True):
    """Three seed-shaped artifacts (one in a subdirectory) and Decision Gate's
    six standard logs under artifacts/ (so its verifier, which always reads
    artifacts/decisions.json, can check the runpack: D-RP-14), export-time
    verification on."""
    return export(IDS, {"kind": "unix_millis", "value": 1710000000000}, [
        ("scenario_spec", "scenario_spec", "scenario_spec.json", "application/json", True, SPEC),
        ("trigger_log", "trigger_log", "logs/trigger_log.json", "application/json", True, TRIGGERS),
        ("decision_log", "decision_log", "decision_log.json", "application/json", True, DECISIONS),
    ] + dg_standard(spec_path=None), include_verification)


def others(p):
    """The files an export-time report counts: every listed file but itself."""
    return len({f["path"] for f in p.manifest["integrity"]["file_hashes"]} - {"verifier_report.json"})


def minimal_pack():
    return export({"scenario_id": "s", "tenant_id": 1, "namespace_id": 1, "run_id": "r"},
                  {"kind": "unix_millis", "value": 0},
                  [("scenario_spec", "scenario_spec", "scenario_spec.json", "application/json", True, {})], False)


def maximal_pack():
    odd = {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
           "\U0001F600": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}
    numbers = [333333333.33333329, 1e30, 4.50, 2e-3, 1e-27, 1e21, 1e-7, -0.0, 9007199254740991, -9007199254740991, 0.1]
    arts = [
        ("scenario_spec", "scenario_spec", "scenario_spec.json", "application/json", True, SPEC),
        ("triggers", "trigger_log", "logs/trigger_log.json", "application/json", True, TRIGGERS),
        ("gate_evals", "gate_eval_log", "logs/gate_eval_log.json", "application/json", True,
         [{"gate_id": "two-approvals", "result": True, "trigger_id": "t-2"}]),
        ("decisions", "decision_log", "decision_log.json", "application/json", True, DECISIONS),
        ("packets", "packet_log", "logs/packet_log.json", "application/json", True, [{"packet_id": "p-1", "bytes": 512}]),
        ("dispatches", "dispatch_log", "logs/dispatch_log.json", "application/json", True,
         [{"packet_id": "p-1", "target": "ops-\u00e9quipe", "ok": False, "error": None}]),
        ("evidence", "evidence_log", "evidence/evidence_log.json", "application/json", True,
         [{"provider": "ci", "value": {"numbers": numbers, "sorting": odd}}]),
        ("submissions", "submission_log", "logs/submission_log.json", "application/json", False, []),
        ("tool_calls", "tool_transcript", "transcripts/tool_transcript.json", "application/json", True,
         [{"tool": "runpack_export", "text": "line\n\ttab \"quoted\" \\ \u0007 \u007f \u2028"}]),
        ("operator-notes", "custom", "custom/notes.json", None, False, {"note": "content_type null", "nested": {"a": [{}, []]}}),
    ]
    return export({"scenario_id": "deploy-approval-\U0001F680", "tenant_id": 9007199254740991,
                   "namespace_id": 42, "run_id": "run-\u00f1-0042"},
                  {"kind": "logical", "value": 9007199254740991}, arts, True,
                  security={"dev_permissive": False, "namespace_authority": "registry"},
                  anchor_policy={"anchors": [{"provider": "ci", "field": "run_url"}], "mode": "require"},
                  verifier_mode="offline_with_fetch")


CASES = {}


def case(name, description, expect, tags, seed, error_class=None):
    def register(fn):
        CASES[name] = (description, expect, tags, seed, error_class, fn)
        return fn
    return register


def S(section):
    return f"{SEED} § runpack_export, {section}"


# ---------------------------------------------------------------- accepted

@case("minimal", "One artifact (the scenario spec), no verification report, unix_millis timestamp 0, no optional manifest field.",
      "accept", ["minimal", "unix-millis"], S("Esquema de Salida: manifest required fields"))
def _():
    p = minimal_pack()
    return p, p.model()


@case("maximal", "Every artifact kind including custom (content_type null, required false), security and anchor_policy, offline_with_fetch, a logical timestamp and ids at 2^53 - 1, non-BMP keys sorted by UTF-16 and numbers in ECMAScript form inside the JCS artifacts, and the export-time verifier_report.json.",
      "accept", ["maximal", "every-kind", "logical", "security", "optional-fields", "verification", "jcs"], S("Esquema de Salida: manifest.artifacts[].kind enum, security; seeds/README.md: anchor_policy"))
def _():
    p = maximal_pack()
    return p, p.model()


@case("artifact.string-fidelity", "An artifact whose strings (keys and values) hold surrounding spaces, a decomposed "
      "accent, U+FEFF, control characters, U+2028, a character outside the BMP, digits with a leading zero and the "
      "empty string, in JCS form: the model keeps every string exactly (D-ALL-11).",
      "accept", ["string-fidelity", "jcs"], S("Esquema de Salida: manifest.artifacts[].hash (JCS artifacts)"))
def _():
    text = " e\u0301\ufeff\u0001\u001f\t\u2028\U0001F600 007 "
    p = base_pack()
    value = [{"gate_id": text, "result": True, "trigger_id": "", "note": {text: "007", " ": text.strip()}}]
    p.values["logs/trigger_log.json"] = value
    p.set_file("logs/trigger_log.json", jcs(value))
    p.refresh_report()
    return p, p.model()


@case("artifact.big-integer-own-spelling", "An artifact holding 1e20 and -1e20, which JCS spells as the integer "
      "literals 100000000000000000000 and -100000000000000000000: past 2^53, yet exactly the double's own JCS form, "
      "so nothing is rounded away and the file is canonical (D-RP-1); accepted with those literals.",
      "accept", ["jcs"], S("Esquema de Salida: manifest.artifacts[].hash (JCS artifacts)"))
def _():
    p = base_pack()
    value = [{"gate_id": "big", "result": True, "trigger_id": "t", "n": 1e20, "m": -1e20}]
    p.values["logs/trigger_log.json"] = value
    p.set_file("logs/trigger_log.json", jcs(value))
    assert b"100000000000000000000" in p.files["logs/trigger_log.json"]
    p.refresh_report()
    return p, p.model()


@case("artifact.jcs-number-boundaries", "An artifact holding numbers at the edges of JCS's number form (RFC 8785 "
      "§3.2.2.3, ECMAScript Number::toString): 1e+21 and 1e+23 (exponent form from 21 digits on), 1e-7 and "
      "9.999999999999997e-7 (exponent form below 1e-6), 0.000001 and -0.0000033333333333333333 (plain down to 1e-6), "
      "5e-324, 1.7976931348623157e+308, 333333333.3333333, 0.1, 0.002, 4.5 and 123: each in its one JCS spelling, "
      "so a serializer off by one at a boundary writes other bytes and another hash (D-RP-1).",
      "accept", ["jcs"], S("Esquema de Salida: manifest.artifacts[].hash (JCS artifacts)"))
def _():
    p = base_pack()
    numbers = [1e21, 1e23, 1e-7, 9.999999999999997e-7, 1e-6, -0.0000033333333333333333, 5e-324,
               1.7976931348623157e308, 333333333.33333329, 0.1, 2e-3, 4.5, 123.0]
    value = [{"gate_id": "numbers", "result": True, "trigger_id": "t", "values": numbers}]
    p.values["logs/trigger_log.json"] = value
    p.set_file("logs/trigger_log.json", jcs(value))
    text = p.files["logs/trigger_log.json"]
    for spelling in (b"1e+21", b"1e-7", b"0.000001", b"5e-324", b"-0.0000033333333333333333", b",123]"):
        assert spelling in text, spelling
    p.refresh_report()
    return p, p.model()


@case("artifact.jcs-member-order-utf16", "An artifact whose member names are U+E000 and U+1F600: JCS sorts names "
      "by their UTF-16 code units (RFC 8785 §3.2.3), so U+1F600 (0xD83D 0xDE00) comes before U+E000, the reverse of "
      "code point and UTF-8 order; a serializer that sorts by code points writes other bytes and another hash "
      "(D-RP-1).", "accept", ["jcs"], S("Esquema de Salida: manifest.artifacts[].hash (JCS artifacts)"))
def _():
    p = base_pack()
    value = [{"gate_id": "order", "result": True, "trigger_id": "t", "names": {"\ue000": 1, "\U0001F600": 2}}]
    p.values["logs/trigger_log.json"] = value
    p.set_file("logs/trigger_log.json", jcs(value))
    text = p.files["logs/trigger_log.json"].decode("utf-8")
    assert text.index("\U0001F600") < text.index("\ue000")
    p.refresh_report()
    return p, p.model()


@case("artifact.html-specials", "An artifact whose keys and values hold `<`, `>` and `&` (\"</script>\", "
      "\"a&b\", \"x<y>z\"): JCS writes them as themselves, escaping only the quote, the backslash and U+0000 to "
      "U+001F (RFC 8785 §3.2.2.2, D-RP-1). A writer with HTML-safe escaping (\\u003c, \\u003e, \\u0026, Go's "
      "json.Marshal default) writes other bytes, and a reader that holds the file to that form refuses it.",
      "accept", ["jcs", "string-fidelity"], f"{FACTS}: every artifact file is the JCS serialization of its value; RFC 8785 §3.2.2.2")
def _():
    p = base_pack()
    value = [{"gate_id": "</script>", "result": True, "trigger_id": "a&b", "note": {"x<y>z": "&amp; <b>", "&": ">"}}]
    p.values["logs/trigger_log.json"] = value
    p.set_file("logs/trigger_log.json", jcs(value))
    data = p.files["logs/trigger_log.json"]
    assert b"</script>" in data and b"a&b" in data and b"\\u003c" not in data
    p.refresh_report()
    return p, p.model()


@case("anchor-policy.empty-object", "anchor_policy is {}: present and empty, which is not absent. Any value is kept "
      "opaque (D-RP-2), so the model holds {} and the writer writes it back (D-RP-11); a writer that keeps an "
      "optional member only when it is truthy drops it.",
      "accept", ["optional-fields", "closed-model"], f"{FACTS}: anchor_policy in real manifests; D-RP-2")
def _():
    p = export({"scenario_id": "s", "tenant_id": 1, "namespace_id": 1, "run_id": "r"},
               {"kind": "unix_millis", "value": 0},
               [("scenario_spec", "scenario_spec", "scenario_spec.json", "application/json", True, {})], False,
               anchor_policy={})
    assert p.manifest["anchor_policy"] == {}
    return p, p.model()


@case("decision-gate.standard-layout", "Decision Gate's own export layout: the scenario spec and six logs under artifacts/ "
      "(triggers, gate_evals, decisions, packets, submissions, tool_calls), artifact ids equal to their paths, "
      "without export-time verification (the seed's example sets include_verification false). Decision Gate's "
      "verifier, which always reads artifacts/decisions.json, can verify it; so can any seed reader.",
      "accept", ["decision-gate", "interop"], f"{FACTS}; Esquema de Salida: manifest.artifacts")
def _():
    p = export(IDS, {"kind": "unix_millis", "value": 1710000000000}, dg_standard(), False)
    return p, p.model()


@case("decision-gate.standard-set-beside-seed-shaped", "The seed-shaped artifacts at the root (its example's "
      "decision_log.json) and Decision Gate's six standard logs under artifacts/ in the same runpack, with export-time "
      "verification: two decision_log artifacts are fine (only scenario_spec and verifier_report are at most one, D-RP-6).",
      "accept", ["decision-gate", "interop", "verification"], f"{FACTS}; Esquema de Salida: manifest.artifacts")
def _():
    p = export(IDS, {"kind": "unix_millis", "value": 1710000000000}, [
        ("scenario_spec", "scenario_spec", "scenario_spec.json", "application/json", True, SPEC),
        ("decision_log", "decision_log", "decision_log.json", "application/json", True, DECISIONS),
    ] + dg_standard(spec_path=None), True)
    return p, p.model()


@case("with-verification", "Exported with include_verification: verifier_report.json says checked_files 9 (itself excluded) and offline verification checks 10 files (seed 003: +1 for the same runpack).",
      "accept", ["verification", "plus-one-rule"], S("Notas clave: checked_files excluye verifier_report.json; runpack_verify lo incluye (+1)"))
def _():
    p = base_pack()
    return p, p.model()


@case("without-verification", "Exported without include_verification: no verifier_report.json; offline verification checks the 9 artifacts.",
      "accept", ["verification"], S("Notas clave: include_verification agrega un artefacto de informe"))
def _():
    p = base_pack(False)
    return p, p.model()


@case("manifest.pretty", "The manifest pretty-printed instead of JCS: readers accept it (seeds/README.md); the model is unchanged.",
      "accept", ["manifest-format", "non-canonical-manifest"], f"{FACTS}: the manifest is written as JCS; readers accept it pretty-printed too")
def _():
    p = base_pack()
    p.manifest_bytes = (json.dumps(p.manifest, indent=2, ensure_ascii=False) + "\n").encode()
    return p, p.model()


@case("manifest.crlf", "The manifest pretty-printed with CRLF line endings (JSON whitespace); the model is unchanged.",
      "accept", ["crlf", "encoding", "non-canonical-manifest"], f"{FACTS}: readers accept the manifest pretty-printed")
def _():
    p = base_pack()
    p.manifest_bytes = (json.dumps(p.manifest, indent=2, ensure_ascii=False) + "\n").replace("\n", "\r\n").encode()
    return p, p.model()


@case("manifest.extra-field", "Unknown members in the manifest, its integrity and an artifact entry. Seed 003's schema "
      "closes these objects (additionalProperties false), yet Decision Gate itself writes a member the schema omits "
      "(anchor_policy), so a reader may ignore the unknown ones (the reference does; D-RP-2): either. Rejected, it is "
      "invalid_value; accepted, the model is the same.",
      "either", ["extra-fields", "non-canonical-manifest", "closed-model"],
      f"{SEED} § runpack_export, Esquema de Salida: manifest additionalProperties false; D-RP-2", "invalid_value")
def _():
    p = base_pack()
    model = p.model(copy.deepcopy(p.manifest))
    p.manifest["x_future_field"] = {"added_by": "a newer additive writer"}
    p.manifest["integrity"]["x_future_field"] = 1
    p.manifest["artifacts"][0]["x_future_field"] = True
    return p, model


@case("extra-file.unlisted", "A file the manifest does not list is ignored: only listed files are verified.",
      "accept", ["extra-fields"], S("Esquema de Salida: integrity.file_hashes"))
def _():
    p = base_pack()
    p.files["README.txt"] = b"not part of the runpack\n"
    return p, p.model()


@case("symlink.file-inside", "A listed file is a symlink to a file inside the runpack root: allowed, verified through the link.",
      "accept", ["symlink"], f"{FACTS}: artifact paths are relative to the runpack root")
def _():
    p = base_pack()
    p.files["data/decisions.bin"] = p.files["decision_log.json"]
    p.files["decision_log.json"] = Symlink("data/decisions.bin")
    return p, p.model()


@case("symlink.dir-inside", "A listed file's directory is a symlink to a directory inside the root: allowed.",
      "accept", ["symlink"], f"{FACTS}: artifact paths are relative to the runpack root")
def _():
    p = base_pack()
    p.files["real-logs/trigger_log.json"] = p.files.pop("logs/trigger_log.json")
    p.files["logs"] = Symlink("real-logs")
    return p, p.model()


@case("loader-trap.case-named-artifacts", "Artifacts named case.json and input.json/expected.json inside the runpack: they are runpack files, not corpus cases.",
      "accept", ["corpus-layout"], S("Esquema de Salida: artifacts[].path"))
def _():
    p = export(IDS, {"kind": "logical", "value": 7}, [
        ("scenario_spec", "scenario_spec", "case.json", "application/json", True, SPEC),
        ("decision_log", "decision_log", "input.json/expected.json", "application/json", True, DECISIONS),
    ], False)
    return p, p.model()


# ---------------------------------------------------------------- broken

def broken(name, description, error_class, tags, seed, expect="reject"):
    return case(name, description, expect, tags, seed, error_class)


@broken("tamper.one-byte", "One byte of decision_log.json changed after export: its SHA-256 no longer matches.",
        "integrity", ["tamper"], f"{FACTS}: a file's hash is SHA-256 over its exact bytes")
def _():
    p = base_pack()
    data = bytearray(p.files["decision_log.json"])
    data[data.index(b"hold")] = ord("H")
    p.files["decision_log.json"] = bytes(data)
    return p, None


@broken("root-hash.wrong", "integrity.root_hash is not SHA-256 of the JCS form of file_hashes.",
        "integrity", ["root-hash"], f"{FACTS}: integrity.root_hash = SHA-256 of the JCS serialization of file_hashes")
def _():
    p = base_pack()
    p.manifest["integrity"]["root_hash"] = digest(sha(b"not the file hashes"))
    return p, None


@broken("root-hash.reordered", "file_hashes listed in another order with the old root hash: the root covers the order.",
        "integrity", ["root-hash"], f"{FACTS}: the root hash is over file_hashes in its listed order")
def _():
    p = base_pack()
    fh = p.manifest["integrity"]["file_hashes"]
    fh[0], fh[1] = fh[1], fh[0]
    return p, None


@broken("file.missing", "A listed artifact is not in the directory.",
        "missing_file", ["missing-file"], S("Esquema de Salida: integrity.file_hashes"))
def _():
    p = base_pack()
    del p.files["logs/trigger_log.json"]
    return p, None


@broken("manifest.missing", "The directory has no manifest.json.",
        "missing_file", ["missing-file"], S("Notas clave: escribe el manifiesto"))
def _():
    p = base_pack()
    p.manifest_bytes = b""
    return p, None


@broken("unreadable.directory", "A listed path is a directory, not a file.",
        "unreadable", ["unreadable"], S("Esquema de Salida: integrity.file_hashes[].path"))
def _():
    p = base_pack()
    del p.files["decision_log.json"]
    p.files["decision_log.json/placeholder.json"] = b"{}"
    return p, None


@broken("path.dotdot", "A listed path `../decision_log.json` leaves the root (the file is there, with the listed hash, to catch a verifier that follows it).",
        "path_escape", ["path"], f"{FACTS}: a `..` component is rejected")
def _():
    p = base_pack()
    p.outside["decision_log.json"] = p.files.pop("decision_log.json")
    p.rename("decision_log.json", "../decision_log.json")
    return p, None


@broken("path.drive-letter", "A listed path `C:decision_log.json` names a drive, which is absolute on Windows (D-RP-5); hashes consistent.",
        "path_escape", ["path"], f"{FACTS}: an absolute path is rejected; D-RP-5")
def _():
    p = base_pack()
    p.rename("decision_log.json", "C:decision_log.json")
    p.refresh_report()
    return p, None


@broken("path.backslash-root", "A listed path `\\decision_log.json` starts at a root (D-RP-5); hashes consistent.",
        "path_escape", ["path"], f"{FACTS}: an absolute path is rejected; D-RP-5")
def _():
    p = base_pack()
    p.rename("decision_log.json", "\\decision_log.json")
    p.refresh_report()
    return p, None


@broken("symlink.dangling-outside", "decision_log.json is a symlink out of the root to nothing: an escape even though it dangles (D-RP-5).",
        "path_escape", ["symlink", "path"], f"{FACTS}: artifact paths are relative to the runpack root; D-RP-5")
def _():
    p = base_pack()
    p.files["decision_log.json"] = Symlink("../outside/absent.json")
    p.outside["outside/present.json"] = b"{}"
    return p, None


@broken("path.dotdot-inside", "A listed path `logs/../decision_log.json` has a `..` component though it would land inside the root.",
        "path_escape", ["path"], f"{FACTS}: a `..` component is rejected")
def _():
    p = base_pack()
    p.rename("decision_log.json", "logs/../decision_log.json")
    return p, None


@broken("path.absolute", "A listed path is absolute.", "path_escape", ["path"], f"{FACTS}: an absolute path is rejected")
def _():
    p = base_pack()
    p.rename("decision_log.json", "/decision_log.json")
    return p, None


@broken("symlink.file-outside", "decision_log.json is a symlink to a file outside the runpack root (with the listed content).",
        "path_escape", ["symlink", "path"], f"{FACTS}: artifact paths are relative to the runpack root; D-RP-5")
def _():
    p = base_pack()
    p.outside["outside/decision_log.json"] = p.files["decision_log.json"]
    p.files["decision_log.json"] = Symlink("../outside/decision_log.json")
    return p, None


@broken("symlink.dir-outside", "logs/ is a symlink to a directory outside the runpack root (holding the listed content).",
        "path_escape", ["symlink", "path"], f"{FACTS}: artifact paths are relative to the runpack root; D-RP-5")
def _():
    p = base_pack()
    p.outside["outside-logs/trigger_log.json"] = p.files.pop("logs/trigger_log.json")
    p.files["logs"] = Symlink("../outside-logs")
    return p, None


@broken("symlink.manifest-outside", "manifest.json is a symlink to a manifest outside the runpack root.",
        "path_escape", ["symlink", "path"], f"{FACTS}: artifact paths are relative to the runpack root; D-RP-5")
def _():
    p = base_pack()
    p.outside["outside/manifest.json"] = jcs(p.manifest)
    p.manifest_bytes = Symlink("../outside/manifest.json")
    return p, None


@broken("manifest-version.v2", "manifest_version \"v2\": only v1 is supported; verification fails at once with zero checked files.",
        "unsupported_version", ["future-version"], f"{FACTS}: only manifest_version v1 is supported")
def _():
    p = base_pack()
    p.manifest["manifest_version"] = "v2"
    return p, None


@broken("manifest-version.v2-other-shape", "manifest_version \"v2\" with a manifest of another shape (no integrity): the version is reported, never a missing field (D-ALL-5).",
        "unsupported_version", ["future-version"], f"{FACTS}: only manifest_version v1 is supported; D-ALL-5")
def _():
    p = base_pack()
    p.manifest["manifest_version"] = "v2"
    del p.manifest["integrity"]
    p.manifest["seal"] = {"root": p.manifest["spec_hash"]}
    return p, None


# Version spellings that begin with "v1": only "v1" itself is defined (facts,
# D-RP-6 (1), D-ALL-5), so a prefix or numeric-prefix test misreads them.
for _label, _version in [("v1-1", "v1.1"), ("v10", "v10")]:
    def _register(label=_label, version=_version):
        @broken(f"manifest-version.{label}", f"manifest_version \"{version}\", which begins with \"v1\" but is not "
                f"it: only v1 is supported, so verification stops at once (zero checked files), the rest being v1's "
                f"shape.", "unsupported_version", ["future-version"],
                f"{FACTS}: only manifest_version v1 is supported; D-RP-6 (1), D-ALL-5")
        def _():
            p = base_pack()
            p.manifest["manifest_version"] = version
            return p, None
    _register()


@broken("hash-algorithm.sha512", "hash_algorithm \"sha512\": sha256 is the only algorithm v1 defines.",
        "invalid_value", ["enum"], S("Esquema de Salida: hash_algorithm enum [sha256]"))
def _():
    p = base_pack()
    p.manifest["hash_algorithm"] = "sha512"
    return p, None


@broken("file-hash.algorithm-sha512", "One file hash says algorithm \"sha512\".",
        "invalid_value", ["enum"], S("Esquema de Salida: integrity.file_hashes[].hash.algorithm enum [sha256]"))
def _():
    p = base_pack()
    p.manifest["integrity"]["file_hashes"][1]["hash"]["algorithm"] = "sha512"
    p.reroot()
    return p, None


@broken("digest.uppercase", "A file hash (and its artifact entry) in uppercase hex: digests are lowercase (D-RP-4).",
        "invalid_value", ["digest"], S("Esquema de Salida: hash.value \"Lowercase hex digest\""))
def _():
    p = base_pack()
    for f in p.manifest["integrity"]["file_hashes"] + p.manifest["artifacts"]:
        if f["path"] == "decision_log.json":
            f["hash"]["value"] = f["hash"]["value"].upper()
    p.reroot()
    return p, None


@broken("digest.short", "The root hash has 63 hex digits.",
        "invalid_value", ["digest"], S("Esquema de Salida: root_hash.value \"Lowercase hex digest\""))
def _():
    p = base_pack()
    p.manifest["integrity"]["root_hash"]["value"] = p.manifest["integrity"]["root_hash"]["value"][:63]
    return p, None


# A digest one hex digit too long, at each site a reader checks the shape of
# (D-RP-4): a shape test anchored only at the start (a regex match without an
# end anchor) takes it. A shape fault is a manifest fault, found before any
# hash is compared or file read (D-RP-6 (1)), so it is invalid_value, never
# the integrity error a lenient reader meets later when the 65 digits fail to
# match what it computes. One site per case; every other hash is unchanged.
DIGEST_SITES = [
    ("root-hash", "integrity.root_hash", lambda m: m["integrity"]["root_hash"]),
    ("spec-hash", "spec_hash", lambda m: m["spec_hash"]),
    ("artifact-hash", "the artifacts[] entry of decision_log.json (its file_hashes entry keeps the right hash)",
     lambda m: next(a for a in m["artifacts"] if a["path"] == "decision_log.json")["hash"]),
    ("file-hash", "the integrity.file_hashes entry of decision_log.json (its artifacts[] entry keeps the right hash; root recomputed)",
     lambda m: next(f for f in m["integrity"]["file_hashes"] if f["path"] == "decision_log.json")["hash"]),
]

for _label, _where, _site in DIGEST_SITES:
    def _register(label=_label, where=_where, site=_site):
        @broken(f"digest.long.{label}", f"The digest value of {where} has 65 lowercase hex digits (the right 64 and one "
                f"more): a digest is exactly 64 (D-RP-4), a manifest fault found before any hashing (invalid_value, "
                f"D-RP-6).", "invalid_value", ["digest"],
                S("Esquema de Salida: hash.value \"Lowercase hex digest\"; D-RP-4"))
        def _():
            p = base_pack()
            h = site(p.manifest)
            h["value"] = h["value"] + "0"
            if label == "file-hash":
                p.reroot()
            assert len(h["value"]) == 65
            return p, None
    _register()


@broken("artifacts.hash-disagrees", "artifacts[] gives decision_log.json another hash than integrity.file_hashes (which matches the file).",
        "integrity", ["artifacts"], S("Esquema de Salida: artifacts[].hash, integrity.file_hashes[].hash"))
def _():
    p = base_pack()
    for a in p.manifest["artifacts"]:
        if a["path"] == "decision_log.json":
            a["hash"] = digest(sha(b"another file"))
    return p, None


@broken("artifacts.not-in-file-hashes", "An artifact (present, with its right hash) is not listed in integrity.file_hashes, so no root hash covers it.",
        "integrity", ["artifacts"], f"{FACTS}: integrity.file_hashes lists every artifact file")
def _():
    p = base_pack()
    extra = jcs([{"note": "unlisted"}])
    p.files["logs/extra.json"] = extra
    p.manifest["artifacts"].insert(2, {"artifact_id": "extra", "content_type": "application/json",
                                       "hash": digest(sha(extra)), "kind": "custom", "path": "logs/extra.json",
                                       "required": False})
    return p, None


@broken("file-hashes.not-in-artifacts", "integrity.file_hashes lists a file (present, right hash, covered by the root) that artifacts[] does not.",
        "integrity", ["artifacts"], f"{FACTS}: artifacts[] and integrity.file_hashes list the same files")
def _():
    p = base_pack()
    extra = jcs([{"note": "unindexed"}])
    p.files["logs/extra.json"] = extra
    p.manifest["integrity"]["file_hashes"].insert(2, {"hash": digest(sha(extra)), "path": "logs/extra.json"})
    p.refresh_report()
    return p, None


@broken("duplicate-path.file-hashes", "integrity.file_hashes lists decision_log.json twice (same hash; root recomputed).",
        "invalid_value", ["duplicate-path"], S("Esquema de Salida: integrity.file_hashes[].path"))
def _():
    p = base_pack()
    fh = p.manifest["integrity"]["file_hashes"]
    fh.insert(3, copy.deepcopy(next(f for f in fh if f["path"] == "decision_log.json")))
    p.reroot()
    return p, None


@broken("duplicate-path.artifacts", "artifacts[] lists decision_log.json twice.",
        "invalid_value", ["duplicate-path"], S("Esquema de Salida: artifacts[].path"))
def _():
    p = base_pack()
    arts = p.manifest["artifacts"]
    dup = copy.deepcopy(next(a for a in arts if a["path"] == "decision_log.json"))
    dup["artifact_id"] = "decision_log_again"
    arts.insert(3, dup)
    return p, None


@broken("spec-hash.mismatch", "spec_hash differs from the scenario spec artifact's hash.",
        "integrity", ["spec-hash"], f"{FACTS}: spec_hash = SHA-256 of the JCS form of the scenario spec")
def _():
    p = base_pack()
    p.manifest["spec_hash"] = digest(sha(jcs({"another": "spec"})))
    return p, None


@broken("plus-one.report-counts-itself", "verifier_report.json says checked_files 10, counting itself among the 10 listed files: the export-time report excludes it (hashes consistent).",
        "invalid_value", ["plus-one-rule", "verification"], S("Notas clave: .checked_files excluye verifier_report.json"))
def _():
    p = base_pack()
    report = {"checked_files": others(p) + 1, "errors": [], "status": "pass"}
    p.set_file("verifier_report.json", jcs(report))
    return p, None


@broken("plus-one.report-undercounts", "verifier_report.json says checked_files 8 for the 9 files before it (hashes consistent).",
        "invalid_value", ["plus-one-rule", "verification"], S("Notas clave: .checked_files excluye verifier_report.json; +1 offline"))
def _():
    p = base_pack()
    report = {"checked_files": others(p) - 1, "errors": [], "status": "pass"}
    p.set_file("verifier_report.json", jcs(report))
    return p, None


@broken("report.status-fail", "verifier_report.json says the export-time verification failed, over files that verify (hashes consistent).",
        "invalid_value", ["verification"], S("Esquema de Salida: report.status"))
def _():
    p = base_pack()
    report = {"checked_files": others(p), "errors": ["integrity: decision_log.json"], "status": "fail"}
    p.set_file("verifier_report.json", jcs(report))
    return p, None


@broken("report.twice", "Two artifacts of kind verifier_report (hashes consistent).",
        "invalid_value", ["verification"], S("Notas clave: include_verification agrega un artefacto de informe"))
def _():
    p = base_pack()
    data = p.files["verifier_report.json"]
    p.files["verifier_report_2.json"] = data
    p.manifest["integrity"]["file_hashes"].append({"hash": digest(sha(data)), "path": "verifier_report_2.json"})
    second = copy.deepcopy(p.manifest["artifacts"][-1])
    second["artifact_id"] = "verifier_report_2"
    second["path"] = "verifier_report_2.json"
    p.manifest["artifacts"].append(second)
    p.reroot()
    return p, None


@broken("spec.twice", "Two artifacts of kind scenario_spec, both matching spec_hash (hashes consistent): spec_hash names one spec.",
        "invalid_value", ["spec-hash"], f"{FACTS}: spec_hash = SHA-256 of the JCS form of the scenario spec")
def _():
    p = base_pack()
    data = p.files["scenario_spec.json"]
    p.files["scenario_spec_copy.json"] = data
    p.manifest["integrity"]["file_hashes"].insert(1, {"hash": digest(sha(data)), "path": "scenario_spec_copy.json"})
    second = copy.deepcopy(p.manifest["artifacts"][0])
    second["artifact_id"] = "scenario_spec_copy"
    second["path"] = "scenario_spec_copy.json"
    p.manifest["artifacts"].insert(1, second)
    p.refresh_report()
    return p, None


@broken("manifest.syntax", "manifest.json is cut off half way.", "syntax", ["syntax"], S("Esquema de Salida: manifest"))
def _():
    p = base_pack()
    data = jcs(p.manifest)
    p.manifest_bytes = data[: len(data) // 2]
    return p, None


@broken("manifest.second-document", "manifest.json holds its JCS document twice: a JSON text is one value (RFC 8259 "
        "§2), so the manifest is not JSON, though a decoder that reads one value and stops accepts it.", "syntax",
        ["syntax", "json-hazard", "trailing-content"], S("Esquema de Salida: manifest"))
def _():
    p = base_pack()
    data = jcs(p.manifest)
    p.manifest_bytes = data + data
    return p, None


@broken("artifact.second-document", "decision_log.json holds its JCS value twice, with hashes over those bytes: the "
        "file verifies, but it is not one JSON value (RFC 8259 §2), so not the JCS form of any value.", "syntax",
        ["syntax", "json-hazard", "trailing-content", "beyond-schema"],
        f"{FACTS}: every artifact file is the JCS serialization of its value")
def _():
    p = base_pack()
    p.set_file("decision_log.json", p.files["decision_log.json"] * 2)
    return p, None


@broken("manifest.invalid-utf8", "manifest.json holds the byte 0xFF inside a string.",
        "encoding", ["invalid-utf8", "encoding"], S("Esquema de Salida: manifest"))
def _():
    p = base_pack()
    data = jcs(p.manifest)
    at = data.index(b'"run-0001"') + 1
    p.manifest_bytes = data[:at] + b"\xff" + data[at:]
    return p, None


@broken("manifest.bom", "manifest.json starts with a UTF-8 byte order mark (D-ALL-1).",
        "encoding", ["bom", "encoding"], S("Esquema de Salida: manifest"), expect="either")
def _():
    p = base_pack()
    p.manifest_bytes = b"\xef\xbb\xbf" + jcs(p.manifest)
    return p, p.model()


@broken("manifest.missing-field", "The manifest has no run_id.", "missing_field", ["missing-field"],
        S("Esquema de Salida: manifest.required run_id"))
def _():
    p = base_pack()
    del p.manifest["run_id"]
    return p, None


@broken("manifest.wrong-type", "tenant_id is the string \"1\".", "wrong_type", ["wrong-type"],
        S("Esquema de Salida: manifest.tenant_id integer"))
def _():
    p = base_pack()
    p.manifest["tenant_id"] = "1"
    return p, None


@broken("manifest.tenant-id-zero", "tenant_id 0, below its minimum 1.", "out_of_range", ["bound"],
        S("Esquema de Salida: manifest.tenant_id minimum 1"))
def _():
    p = base_pack()
    p.manifest["tenant_id"] = 0
    return p, None


@broken("manifest.tenant-id-two-to-the-53", "tenant_id 2^53: not exact in a JCS manifest; the reference refuses it (D-RP-3).",
        "out_of_range", ["bound"], S("Esquema de Salida: manifest.tenant_id integer; D-RP-3"), expect="either")
def _():
    p = base_pack()
    p.manifest["tenant_id"] = 2**53
    model = p.model()
    p.manifest_bytes = jcs({**p.manifest, "tenant_id": 0}).replace(b'"tenant_id":0', b'"tenant_id":9007199254740992')
    return p, model


@broken("artifact.not-jcs", "decision_log.json is pretty-printed, not JCS, with hashes over those bytes: the file verifies, but artifacts are JCS (D-RP-1).",
        "invalid_value", ["jcs"], f"{FACTS}: every artifact file is the JCS serialization of its value", expect="either")
def _():
    p = base_pack()
    p.set_file("decision_log.json", (json.dumps(DECISIONS, indent=2) + "\n").encode())
    return p, p.model()


# serde_jcs 0.1, Decision Gate's JCS writer, orders member names by their
# escaped UTF-8 bytes including the closing quote, not by UTF-16 code units
# (RFC 8785 §3.2.3). These are its orderings of three pairs, as artifact bytes
# with every hash over them: verify-runpack passes, the reader refuses.
SERDE_JCS_ORDERINGS = [
    ("prefix", '{"a b":2,"a":1}', {"a": 1, "a b": 2}, "\"a\" is a prefix of \"a b\": RFC 8785 puts it first; serde_jcs compares the space (0x20) with the closing quote (0x22)"),
    ("private-use-vs-emoji", '{"\ue000":1,"\U0001F600":2}', {"\ue000": 1, "\U0001F600": 2}, "U+1F600 is the surrogate pair D83D DE00 in UTF-16, before U+E000; its UTF-8 bytes (F0 ...) come after U+E000's (EE ...)"),
    ("control-vs-letter", '{"Z":2,"\\u0001":1}', {"Z": 2, "\u0001": 1}, "U+0001 sorts before Z by code unit; its escaped form starts with a backslash (0x5C), after Z (0x5A)"),
]

for _label, _text, _value, _why in SERDE_JCS_ORDERINGS:
    def _register(label=_label, text=_text, value=_value, why=_why):
        @broken(f"artifact.serde-jcs-order.{label}",
                f"decision_log.json is {text}, the member order serde_jcs 0.1 (Decision Gate's JCS writer) produces: {why}. "
                f"Hashes are over these bytes, so the file verifies; the reader requires the RFC 8785 form and names the "
                f"rule (member order, §3.2.3) and the key (D-RP-1). Either, like artifact.not-jcs.",
                "invalid_value", ["jcs", "decision-gate", "interop"],
                f"{FACTS}: every artifact file is the JCS serialization of its value; RFC 8785 §3.2.3", expect="either")
        def _():
            p = base_pack()
            p.set_file("decision_log.json", text.encode("utf-8"))
            p.values["decision_log.json"] = value
            return p, p.model()
    _register()


@broken("artifact.trailing-newline", "decision_log.json is its JCS form plus a final LF, hashes over those bytes: the file "
        "verifies, but a JCS artifact has no trailing newline (seeds/README.md); either, like artifact.not-jcs (D-RP-1).",
        "invalid_value", ["jcs"], f"{FACTS}: every artifact file is the JCS serialization of its value, with no trailing newline",
        expect="either")
def _():
    p = base_pack()
    p.set_file("decision_log.json", jcs(DECISIONS) + b"\n")
    return p, p.model()


@broken("artifact.trailing-newline-after-hashing", "decision_log.json gained a final LF after its hash was taken over its "
        "JCS bytes (a writer that appends a newline when it saves): the stored bytes no longer match (integrity).",
        "integrity", ["jcs", "tamper"], f"{FACTS}: a file's hash is SHA-256 over its exact bytes, JCS with no trailing newline")
def _():
    p = base_pack()
    p.files["decision_log.json"] = jcs(DECISIONS) + b"\n"
    return p, None


@broken("artifact.beyond-two-to-the-53", "An artifact holds the integer 9007199254740993, which JCS cannot write exactly (hashes over its bytes): refused, never rounded (D-RP-3).",
        "out_of_range", ["jcs", "bound"], f"{FACTS}: every artifact file is the JCS serialization of its value; D-RP-3", expect="either")
def _():
    p = base_pack()
    p.set_file("decision_log.json", b'[{"decision":"hold","seq":9007199254740993,"trigger_id":"t-1"}]')
    p.values["decision_log.json"] = [{"decision": "hold", "seq": 9007199254740993, "trigger_id": "t-1"}]
    return p, p.model()


# ------------------------------------------------- one rule alone (issue: corpus power)

@case("spec-not-first", "The scenario spec is the last artifact, after the logs: artifact order is free; spec_hash names it wherever it is.",
      "accept", ["order"], S("Esquema de Salida: manifest.artifacts (an array, no order rule)"))
def _():
    p = export(IDS, {"kind": "unix_millis", "value": 1710000000000}, [
        ("trigger_log", "trigger_log", "logs/trigger_log.json", "application/json", True, TRIGGERS),
        ("decision_log", "decision_log", "decision_log.json", "application/json", True, DECISIONS),
        ("scenario_spec", "scenario_spec", "scenario_spec.json", "application/json", True, SPEC),
    ], True)
    return p, p.model()


@broken("file.missing-optional", "A listed artifact marked required: false is not in the directory: every listed file must be present (D-RP-6: required is informational).",
        "missing_file", ["missing-file", "conditional"], S("Esquema de Salida: manifest.artifacts[].required"))
def _():
    p = export(IDS, {"kind": "unix_millis", "value": 1710000000000}, [
        ("scenario_spec", "scenario_spec", "scenario_spec.json", "application/json", True, SPEC),
        ("decision_log", "decision_log", "decision_log.json", "application/json", False, DECISIONS),
    ], False)
    del p.files["decision_log.json"]
    return p, None


@broken("path.dot-component", "decision_log.json listed as `./decision_log.json` (hashes consistent): a `.` component is not a path spelling v1 allows (D-RP-5).",
        "invalid_value", ["path"], f"{FACTS}: artifact paths are relative to the runpack root; D-RP-5")
def _():
    p = base_pack()
    p.rename("decision_log.json", "./decision_log.json")
    p.refresh_report()
    return p, None


@broken("path.empty-component", "logs/trigger_log.json listed as `logs//trigger_log.json` (hashes consistent): an empty component (D-RP-5).",
        "invalid_value", ["path"], f"{FACTS}: artifact paths are relative to the runpack root; D-RP-5")
def _():
    p = base_pack()
    p.rename("logs/trigger_log.json", "logs//trigger_log.json")
    p.refresh_report()
    return p, None


@broken("path.backslash-separator", "logs/trigger_log.json listed as `logs\\trigger_log.json` (hashes consistent), "
        "the file still at logs/trigger_log.json: a backslash is not a separator in a listed path (D-RP-5), so a "
        "reader that turns it into one finds the file and passes; invalid_value.",
        "invalid_value", ["path"], f"{FACTS}: artifact paths are relative to the runpack root; D-RP-5")
def _():
    p = base_pack()
    p.rename("logs/trigger_log.json", "logs\\trigger_log.json")
    p.refresh_report()
    assert "logs/trigger_log.json" in p.files
    return p, None


@broken("report.status-fail-no-errors", "verifier_report.json says status fail with no errors and the right count (hashes consistent): the stored report must pass (D-RP-7).",
        "invalid_value", ["verification"], S("Esquema de Salida: report.status; Notas clave: +1"))
def _():
    p = base_pack()
    report = {"checked_files": others(p), "errors": [], "status": "fail"}
    p.values["verifier_report.json"] = report
    p.set_file("verifier_report.json", jcs(report))
    return p, None


@broken("report.pass-with-errors", "verifier_report.json says status pass but lists an error (hashes consistent): a passing report has no errors (D-RP-7).",
        "invalid_value", ["verification"], S("Esquema de Salida: report.errors"))
def _():
    p = base_pack()
    report = {"checked_files": others(p), "errors": ["integrity: decision_log.json"], "status": "pass"}
    p.values["verifier_report.json"] = report
    p.set_file("verifier_report.json", jcs(report))
    return p, None


@broken("decision-gate.report-counts-itself", "Decision Gate's layout (D-RP-14) with its export-time report where "
        "Decision Gate writes it, artifacts/verifier_report.json (kind verifier_report, id = path), saying "
        "checked_files 8: it counts itself among the 8 listed files. The +1 rule goes by kind, not by file name "
        "(D-RP-7), so this report is the export-time one and must count 7 (hashes consistent).",
        "invalid_value", ["plus-one-rule", "verification", "decision-gate"],
        f"{S('Notas clave: .checked_files excluye verifier_report.json')}; {FACTS}; D-RP-7, D-RP-14")
def _():
    p = export(IDS, {"kind": "unix_millis", "value": 1710000000000}, dg_standard(), False)
    path = "artifacts/verifier_report.json"
    listed = len(p.manifest["integrity"]["file_hashes"])
    report = {"checked_files": listed + 1, "errors": [], "status": "pass"}
    data = jcs(report)
    p.files[path] = data
    p.values[path] = report
    p.manifest["integrity"]["file_hashes"].append({"hash": digest(sha(data)), "path": path})
    p.manifest["artifacts"].append({"artifact_id": path, "content_type": "application/json", "hash": digest(sha(data)),
                                    "kind": "verifier_report", "path": path, "required": True})
    p.reroot()
    assert "verifier_report.json" not in p.files and listed == 7
    return p, None


def enum_case(name, what, mutate, tags=("enum", "enum-case")):
    @broken(name, f"{what} in another letter case (hashes consistent): enumerations are case-sensitive.",
            "invalid_value", list(tags), S("Esquema de Salida: manifest enums"))
    def _():
        p = base_pack()
        mutate(p.manifest)
        p.reroot()
        return p, None


enum_case("hash-algorithm.case", "hash_algorithm \"SHA256\"", lambda m: m.update(hash_algorithm="SHA256"))
enum_case("file-hash.algorithm-case", "A file hash's algorithm \"SHA256\"",
          lambda m: m["integrity"]["file_hashes"][1]["hash"].update(algorithm="SHA256"))
enum_case("verifier-mode.case", "verifier_mode \"OFFLINE_STRICT\"", lambda m: m.update(verifier_mode="OFFLINE_STRICT"))
enum_case("artifact-kind.case", "An artifact kind \"DECISION_LOG\"",
          lambda m: m["artifacts"][2].update(kind="DECISION_LOG"))
enum_case("generated-at-kind.case", "generated_at.kind \"UNIX_MILLIS\"",
          lambda m: m["generated_at"].update(kind="UNIX_MILLIS"))


def enum_padded(name, what, mutate):
    """`what` set to its defined value with a space before it and a newline
    after it: compared exactly, never trimmed (D-ALL-4a)."""
    @broken(name, f"{what} with a space before it and a newline after it (hashes consistent): enumerations are "
            "compared exactly, never trimmed (D-ALL-4a).", "invalid_value", ["enum", "enum-whitespace"],
            S("Esquema de Salida: manifest enums"))
    def _():
        p = base_pack()
        mutate(p.manifest)
        p.reroot()
        return p, None


enum_padded("hash-algorithm.whitespace", "hash_algorithm \" sha256\\n\"",
            lambda m: m.update(hash_algorithm=" sha256\n"))
enum_padded("file-hash.algorithm-whitespace", "A file hash's algorithm \" sha256\\n\"",
            lambda m: m["integrity"]["file_hashes"][1]["hash"].update(algorithm=" sha256\n"))
enum_padded("verifier-mode.whitespace", "verifier_mode \" offline_strict\\n\"",
            lambda m: m.update(verifier_mode=" offline_strict\n"))
enum_padded("artifact-kind.whitespace", "An artifact kind \" decision_log\\n\"",
            lambda m: m["artifacts"][2].update(kind=" decision_log\n"))
enum_padded("generated-at-kind.whitespace", "generated_at.kind \" unix_millis\\n\"",
            lambda m: m["generated_at"].update(kind=" unix_millis\n"))


def manifest_text_case(name, description, error_class, tags, edit):
    @broken(name, description, error_class, list(tags), S("Esquema de Salida: manifest"))
    def _():
        p = base_pack()
        data = jcs(p.manifest)
        p.manifest_bytes = edit(data)
        assert p.manifest_bytes != data
        return p, None


manifest_text_case("manifest.duplicate-key", "The manifest holds run_id twice with the same value (D-ALL-4).", "duplicate_key",
                   ["duplicate-key", "json-hazard", "beyond-schema"],
                   lambda d: d.replace(b'"run_id":"run-0001"', b'"run_id":"run-0001","run_id":"run-0001"'))
manifest_text_case("manifest.nan", "namespace_id is written NaN, which is not JSON.", "syntax", ["syntax", "json-hazard"],
                   lambda d: d.replace(b'"namespace_id":1', b'"namespace_id":NaN'))
manifest_text_case("manifest.lone-surrogate", "run_id is the unpaired surrogate escape \\ud800 (D-RV-2).", "encoding",
                   ["encoding", "json-hazard", "beyond-schema"],
                   lambda d: d.replace(b'"run_id":"run-0001"', b'"run_id":"\\ud800"'))


@broken("manifest.tenant-id-fraction", "tenant_id is written 1.0: seed 003's schema is JSON Schema 2020-12, whose "
        "\"type\": \"integer\" accepts it, while Decision Gate's own serde types and the reference read integer "
        "literals only (wrong_type, D-RP-3). Either; a reader that accepts must give tenant_id 1 (the manifest is "
        "covered by no hash).", "wrong_type", ["wrong-type", "json-hazard"],
        S("Esquema de Salida: manifest.tenant_id integer; D-RP-3"), expect="either")
def _():
    p = base_pack()
    data = jcs(p.manifest)
    p.manifest_bytes = data.replace(b'"tenant_id":1', b'"tenant_id":1.0')
    assert p.manifest_bytes != data
    return p, p.model()


manifest_text_case("manifest.tenant-id-boolean", "tenant_id is true where an integer is required.", "wrong_type",
                   ["wrong-type", "json-hazard"], lambda d: d.replace(b'"tenant_id":1', b'"tenant_id":true'))


@broken("artifact.duplicate-key", "decision_log.json repeats a member with the same value, hashes over those bytes: the file verifies, but its value is ambiguous (D-ALL-4).",
        "duplicate_key", ["duplicate-key", "json-hazard", "beyond-schema"], f"{FACTS}: every artifact file is the JCS serialization of its value")
def _():
    p = base_pack()
    data = p.files["decision_log.json"].replace(b'"decision":"hold"', b'"decision":"hold","decision":"hold"', 1)
    p.set_file("decision_log.json", data)
    return p, None


# ---------------------------------------------------------------- output

def meta(description, expect, tags, seed, error_class):
    m = {"description": description, "expect": expect}
    if error_class:
        m["error_class"] = error_class
    m["tags"] = tags
    m["seed"] = seed
    m["since"] = "v1"
    return m


def render_model(model):
    return (pretty(model) + "\n").encode()


# The broken runpacks whose fault the manifest schema (runpack/v1/schema.json)
# states itself: its manifest fails that schema. Every other reject or either
# case breaks a rule no schema can state (hashes, files on disk, paths, the +1
# rule, JCS bytes, number forms) and is tagged beyond-schema
# (harness/tests/runpack_manifest_schema.rs checks both sides).
SCHEMA_STATES = {
    "artifact-kind.case", "file-hash.algorithm-case", "file-hash.algorithm-sha512", "generated-at-kind.case",
    "hash-algorithm.case", "hash-algorithm.sha512", "manifest-version.v2-other-shape", "manifest.bom",
    "manifest.extra-field", "manifest.invalid-utf8", "manifest.missing-field", "manifest.missing", "manifest.nan",
    "manifest.second-document", "manifest.syntax", "manifest.tenant-id-boolean", "manifest.tenant-id-zero", "manifest.wrong-type",
    "verifier-mode.case", "hash-algorithm.whitespace", "file-hash.algorithm-whitespace", "verifier-mode.whitespace",
    "artifact-kind.whitespace", "generated-at-kind.whitespace",
}


def build_case(name):
    description, expect, tags, seed, error_class, fn = CASES[name]
    if expect != "accept" and name not in SCHEMA_STATES and "beyond-schema" not in tags:
        tags = list(tags) + ["beyond-schema"]
    pack, model = fn()
    entries = {}
    for rel, data in pack.tree().items():
        if isinstance(data, bytes) and rel == "manifest.json" and data == b"" and pack.manifest_bytes == b"":
            continue  # manifest.missing
        entries["input/" + rel] = data
    for rel, data in pack.outside.items():
        entries[rel] = data
    entries["case.json"] = (json.dumps(meta(description, expect, tags, seed, error_class), indent=2,
                                       ensure_ascii=False) + "\n").encode()
    if model is not None:
        entries["expected.json"] = render_model(model)
    return entries


def on_disk(case_dir):
    found = {}
    for dirpath, dirnames, filenames in os.walk(case_dir):
        for n in list(dirnames):
            full = os.path.join(dirpath, n)
            if os.path.islink(full):
                found[os.path.relpath(full, case_dir)] = Symlink(os.readlink(full))
                dirnames.remove(n)
        for n in filenames:
            full = os.path.join(dirpath, n)
            rel = os.path.relpath(full, case_dir)
            if os.path.islink(full):
                found[rel] = Symlink(os.readlink(full))
            else:
                with open(full, "rb") as f:
                    found[rel] = f.read()
    return found


def same(a, b):
    if isinstance(a, Symlink) or isinstance(b, Symlink):
        return isinstance(a, Symlink) and isinstance(b, Symlink) and a.target == b.target
    return a == b


def write_case(case_dir, entries):
    if os.path.lexists(case_dir):
        shutil.rmtree(case_dir)
    os.makedirs(os.path.join(case_dir, "input"))
    for rel, data in sorted(entries.items(), key=lambda kv: isinstance(kv[1], Symlink)):
        target = os.path.join(case_dir, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if isinstance(data, Symlink):
            os.symlink(data.target, target)
        else:
            with open(target, "wb") as f:
                f.write(data)


def main(argv):
    check = "--check" in argv
    bad = []
    for name in sorted(CASES):
        entries = build_case(name)
        case_dir = os.path.join(ROOT, name)
        if check:
            found = on_disk(case_dir) if os.path.isdir(case_dir) else {}
            for rel in sorted(set(entries) | set(found)):
                if rel not in entries or rel not in found or not same(entries[rel], found[rel]):
                    bad.append(os.path.join(case_dir, rel))
        else:
            write_case(case_dir, entries)
    if bad:
        print("runpack cases out of date (run tools/runpackgen.py):", *bad, sep="\n  ")
        return 1
    print(f"runpackgen: {len(CASES)} runpack cases {'checked' if check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
