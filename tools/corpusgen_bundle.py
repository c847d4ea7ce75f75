#!/usr/bin/env python3
"""Derive the mechanical incident bundle cases from the reviewed base bundle.

Reads corpus/incident_bundle/v1/maximal/ (input/ and expected.json, reviewed
by hand against seed 000) and writes one case folder per mutation of it. Each
expectation follows from what the mutation means: a removed required member
is missing_file, an unknown extra file or field leaves the model unchanged, a
member that breaks its own family's rules carries that family's class.

Usage: corpusgen_bundle.py [--check]   (--check writes nothing; exit 1 if stale)
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(HERE, "..", "corpus", "incident_bundle", "v1")
SEED = "000_1930ef76aad66ae9.txt § Incident bundle directory format v1"
REQUIRED = ["spec.kv", "spec_validation.json", "runtime.json", "policy_audit.json", "environment.json"]
JSON_MEMBERS = ["spec_validation.json", "runtime.json", "policy_audit.json", "environment.json", "single_ring_snapshot.json"]
EXTRA = {"added_by": "a newer additive writer", "nested": [1, {"deep": True}]}


def load_base():
    base = os.path.join(FOLDER, "maximal")
    files = {}
    for name in sorted(os.listdir(os.path.join(base, "input"))):
        with open(os.path.join(base, "input", name), "rb") as f:
            files[name] = f.read()
    with open(os.path.join(base, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    return files, expected


def cases(files, expected):
    """Yields (name, meta, files {name: bytes | ("symlink", target) | ("dir",)}, expected)."""
    def meta(description, expect, tags, clause, error_class=None):
        m = {"description": description, "expect": expect}
        if error_class:
            m["error_class"] = error_class
        m["tags"] = ["generated"] + tags
        m["seed"] = f"{SEED}: {clause}"
        m["since"] = "v1"
        return m

    def reject(name, description, tags, clause, cls, mutated):
        return name, meta(description, "reject", tags, clause, cls), mutated, None

    def accept(name, description, tags, clause, mutated, exp=None):
        return name, meta(description, "accept", tags, clause), mutated, exp if exp is not None else expected

    for member in REQUIRED:
        mutated = dict(files)
        del mutated[member]
        yield reject(f"missing-file.{member}", f"The required member {member} is absent.", ["missing-file"],
                     f"Required files: {member}", "missing_file", mutated)
        mutated = dict(files)
        mutated[member] = ("dir",)
        yield reject(f"not-a-file.{member}", f"{member} is a directory, not a file.", ["unreadable"],
                     f"Required files: {member}", "unreadable", mutated)
        mutated = dict(files)
        mutated[member] = ("symlink", "../" + member)
        yield reject(f"symlink-escape.{member}", f"{member} is a symlink leading out of the bundle (D-IB-2).",
                     ["path-escape", "symlink"], f"Required files: {member}", "path_escape", mutated)

    mutated = dict(files)
    mutated["future_metrics.json"] = b'{"rings": 4}\n'
    mutated["notes"] = ("dir",)
    yield accept("extra-file", "An unknown file and an unknown directory (a newer additive producer) are ignored.",
                 ["extra-fields"], "Required files / Conditional files (D-IB-3)", mutated)

    for member in JSON_MEMBERS:
        if member not in files:
            continue
        doc = json.loads(files[member])
        doc["x_future_field"] = EXTRA
        mutated = dict(files)
        mutated[member] = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()
        if member == "single_ring_snapshot.json":
            exp = json.loads(json.dumps(expected))
            exp[member]["x_future_field"] = EXTRA
            yield accept(f"extra-fields.{member}", f"An unknown field in {member} is kept: the snapshot is opaque (D-IB-6).",
                         ["extra-fields"], "Conditional files: single_ring_snapshot.json", mutated, exp)
        else:
            yield accept(f"extra-fields.{member}", f"An unknown field in {member} is ignored; the model is unchanged.",
                         ["extra-fields"], f"Required files: {member}", mutated)
        mutated = dict(files)
        mutated[member] = files[member][: len(files[member]) // 2]
        yield reject(f"truncated.{member}", f"{member} stops half way.", ["syntax"], f"{member}", "syntax", mutated)
        mutated = dict(files)
        mutated[member] = files[member].replace(b"\n", b"\r\n")
        yield accept(f"crlf.{member}", f"{member} uses CRLF line endings (JSON whitespace); the model is unchanged.",
                     ["crlf"], f"{member}", mutated)
        mutated = dict(files)
        mutated[member] = b"\xef\xbb\xbf" + files[member]
        name, m, f, _ = reject(f"bom.{member}", f"{member} starts with a UTF-8 byte order mark (D-ALL-1).", ["bom"],
                               f"{member}", "encoding", mutated)
        m["expect"] = "either"
        yield name, m, f, expected
        mutated = dict(files)
        at = files[member].find(b'": "') + 4
        mutated[member] = files[member][:at] + b"\xff" + files[member][at:]
        yield reject(f"invalid-utf8.{member}", f"A string in {member} holds the byte 0xFF.", ["invalid-utf8"],
                     f"{member}", "encoding", mutated)

    mutated = dict(files)
    mutated["spec.kv"] = files["spec.kv"] + files["spec.kv"].split(b"\n")[0] + b"\n"
    yield reject("duplicate-key.spec.kv", "spec.kv repeats its first key.", ["duplicate-key"], "spec.kv",
                 "duplicate_key", mutated)
    mutated = dict(files)
    mutated["spec.kv"] = b"\xff" + files["spec.kv"]
    yield reject("invalid-utf8.spec.kv", "spec.kv starts with the byte 0xFF.", ["invalid-utf8"], "spec.kv",
                 "encoding", mutated)
    mutated = dict(files)
    mutated["runtime_config.txt"] = files["runtime_config.txt"] + b"\xfe\n"
    yield reject("invalid-utf8.runtime_config.txt", "runtime_config.txt holds the byte 0xFE (D-IB-4: UTF-8 text).",
                 ["invalid-utf8"], "Conditional files: runtime_config.txt", "encoding", mutated)

    mutated = dict(files)
    mutated["policy_audit.json"] = files["policy_audit.json"].replace(b'"policy_version": 1', b'"policy_version": 2')
    assert mutated["policy_audit.json"] != files["policy_audit.json"]
    yield reject("future-version", "policy_audit.json says policy_version 2: the bundle is a future version (D-IB-8).",
                 ["future-version"], "policy_audit.json policy_version", "unsupported_version", mutated)

    for optional in ("runtime_config.txt", "single_ring_snapshot.json"):
        mutated = dict(files)
        del mutated[optional]
        exp = dict(expected)
        del exp[optional]
        yield accept(f"without.{optional}", f"The conditional member {optional} is absent: allowed.",
                     ["conditional"], f"Conditional files: {optional}", mutated, exp)

    mutated = dict(files)
    mutated["single_ring_snapshot.json"] = b"[1, 2]\n"
    yield reject("snapshot-not-object", "single_ring_snapshot.json is an array, not an object (D-IB-6).",
                 ["wrong-type"], "Conditional files: single_ring_snapshot.json", "wrong_type", mutated)
    mutated = dict(files)
    mutated["lane_graph_state.json"] = b'{"lanes": {}}\n'
    name, m, f, _ = reject("lane-graph-state-with-single-ring",
                           "lane_graph_state.json beside a SingleRing policy audit (D-IB-5).",
                           ["conditional"], "Conditional files: lane_graph_state.json", "invalid_value", mutated)
    m["expect"] = "either"
    exp = dict(expected)
    exp["lane_graph_state.json"] = {"lanes": {}}
    yield name, m, f, exp


def write_case(case_dir, meta, files, expected, check, stale):
    want = {"case.json": (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode()}
    if expected is not None:
        want["expected.json"] = (json.dumps(expected, indent=2, ensure_ascii=False) + "\n").encode()
    for name, content in files.items():
        want[os.path.join("input", name)] = content
    if check:
        have = {}
        for dirpath, dirnames, filenames in os.walk(case_dir):
            for n in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
                p = os.path.join(dirpath, n)
                rel = os.path.relpath(p, case_dir)
                have[rel] = ("symlink", os.readlink(p)) if os.path.islink(p) else open(p, "rb").read()
            for d in dirnames:
                p = os.path.join(dirpath, d)
                if not os.path.islink(p) and not os.listdir(p):
                    have[os.path.relpath(p, case_dir)] = ("dir",)
        # Empty directories are kept in git by a .keep file.
        want_cmp = {k: (v if v != ("dir",) else ("dir",)) for k, v in want.items()}
        for k, v in list(want_cmp.items()):
            if v == ("dir",):
                want_cmp[os.path.join(k, ".keep")] = b""
                del want_cmp[k]
        if have != want_cmp:
            stale.append(case_dir)
        return
    for rel, content in want.items():
        target = os.path.join(case_dir, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if isinstance(content, tuple):
            if os.path.lexists(target):
                continue
            if content[0] == "symlink":
                os.symlink(content[1], target)
            else:
                os.makedirs(target, exist_ok=True)
                open(os.path.join(target, ".keep"), "wb").close()
        else:
            with open(target, "wb") as f:
                f.write(content)


def main(argv):
    check = "--check" in argv
    files, expected = load_base()
    stale = []
    n = 0
    for name, meta, mutated, exp in cases(files, expected):
        write_case(os.path.join(FOLDER, name), meta, mutated, exp, check, stale)
        n += 1
    if stale:
        print("generated bundle cases out of date (run tools/corpusgen_bundle.py):", *stale, sep="\n  ")
        return 1
    print(f"corpusgen_bundle: {n} cases {'checked' if check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
