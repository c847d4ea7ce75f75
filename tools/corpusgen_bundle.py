#!/usr/bin/env python3
"""Derive the mechanical incident bundle cases from the reviewed base bundle.

Reads corpus/incident_bundle/v1/maximal/ (input/ and expected.json, reviewed
by hand against seed 000) and writes one case folder per mutation of it. Each
expectation follows from what the mutation means: a removed required member
is missing_file, an unknown extra file or field leaves the model unchanged, a
member that breaks its own family's rules carries that family's class.

Every hazard of a required member (a directory in its place, a symlink out
of the bundle) is generated for each conditional member too, and the JSON
hazard classes (a duplicate key with the same value, NaN, an unpaired
surrogate, not an object, truncated, invalid UTF-8, a byte order mark) for
every JSON member, lane_graph_state.json from the reviewed LaneGraph bundle
(maximal.lane-graph). A symlink out of the bundle points at a valid copy of
the member beside input/ in the case folder, so that a reader that follows
the link finds a readable, valid member and accepts: the escape itself is
the only fault (certify copies such siblings into its sandbox as well).

Every member also appears under a name that differs in letter case only
(`member-name.case.*`, D-IB-12: names are exact bytes), and spec.kv with a
line ending in CR CR LF (`kv.cr-run.spec.kv`, D-KV-3).

A future bundle (policy_version 2, D-IB-8) is generated with every other
member in a plausible v2 shape that a v1 reader refuses with another class
(`future-version.new-shape.<member>`, and all of them at once in
`future-version.new-shape`): the carrier is read first, so the answer is
unsupported_version whichever member a reader opens first; and one
without each member v1 requires (`future-version.member-missing.<member>`):
still unsupported_version, not missing_file. Each snapshot
holds number literals a double cannot keep (`snapshot.number-literals.*`,
D-IB-6 with D-CR-1's literal rules), spec.kv a key whose byte order differs
from its dot-segment order (`kv.order.dash-before-dot.spec.kv`, D-DG-11),
and every text member a byte order mark: `either` for spec.kv (D-KV-1),
rejected for runtime_config.txt (D-IB-4).

Usage: corpusgen_bundle.py [--check]   (--check writes nothing; exit 1 if stale)
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(HERE, "..", "corpus", "incident_bundle", "v1")
SEED = "000_1930ef76aad66ae9.txt § Incident bundle directory format v1"
REQUIRED = ["spec.kv", "spec_validation.json", "runtime.json", "policy_audit.json", "environment.json"]
CONDITIONAL = ["runtime_config.txt", "single_ring_snapshot.json", "lane_graph_state.json"]
JSON_MEMBERS = ["spec_validation.json", "runtime.json", "policy_audit.json", "environment.json", "single_ring_snapshot.json"]
SENTINEL = "\u0001hazard\u0001"
SNAPSHOTS = ["single_ring_snapshot.json", "lane_graph_state.json"]
EXTRA = {"added_by": "a newer additive writer", "nested": [1, {"deep": True}]}
# A number written as raw text in a generated file: LITERAL + text + "\u0001"
# inside a JSON string, replaced by the bare text once the document is dumped.
LITERAL = "\u0001literal:"
# Number literals an opaque snapshot keeps exactly (D-IB-6, D-CR-1): the
# input's spelling and the model's (the exponent mark lower case with a sign,
# D-CR-1; digits, trailing zeros and the sign of zero kept).
NUMBER_LITERALS = [
    ("trailing_zero", "1.50", "1.50"),
    ("minus_zero", "-0", "-0"),
    ("minus_zero_float", "-0.0", "-0.0"),
    ("huge", "1E400", "1e+400"),
    ("minus_huge", "-1e400", "-1e+400"),
    ("tiny", "1e-400", "1e-400"),
    ("scale", "2.50E-3", "2.50e-3"),
    ("signed_exponent", "2.5e+3", "2.5e+3"),
    ("past_double", "9007199254740993", "9007199254740993"),
    ("past_u128", "340282366920938463463374607431768211456", "340282366920938463463374607431768211456"),
    ("below_i64", "-18446744073709551616", "-18446744073709551616"),
]
# Plausible v2 shapes of the members with no marker of their own (D-IB-8):
# each is refused by a v1 reader with a class other than unsupported_version.
V2_SHAPES = {
    "spec.kv": (b"[single_ring]\nshards=4\n", "spec.kv opens with a section line `[single_ring]` (syntax under D-KV-4)"),
    "spec_validation.json": (b'{\n  "status": "ok",\n  "description": "SingleRing spec valid"\n}\n',
                             "spec_validation.json replaces ok with a status string (missing_field under v1)"),
    "runtime.json": (b'{\n  "crate": "byteor-runtime 2.0.0"\n}\n',
                     "runtime.json writes the crate as one string (wrong_type under v1)"),
    "environment.json": (b'{\n  "pid": 4821,\n  "cwd": "/srv",\n  "args": [],\n  "env": {"HOME": "/root"},\n'
                         b'  "proc_status": null\n}\n', "environment.json writes env as an object (wrong_type under v1)"),
    "single_ring_snapshot.json": (b'[{"ring": {"capacity": 65536}}]\n',
                                  "single_ring_snapshot.json is an array of rings (wrong_type under v1, D-IB-6)"),
    "lane_graph_state.json": (b'[{"lane": "orders", "depth": 1024}]\n',
                              "lane_graph_state.json is an array of lanes (wrong_type under v1, D-IB-6)"),
}


def raw_literals(text):
    """`text` (a dumped JSON document) with every LITERAL string replaced by its bare number."""
    token = json.dumps(LITERAL, ensure_ascii=False)[1:-1]
    end = json.dumps("\u0001")[1:-1]
    return re.sub('"' + re.escape(token) + r'([-+.0-9eE]+)' + re.escape(end) + '"', r"\1", text)


def literal(text):
    return LITERAL + text + "\u0001"


def load_base(name="maximal"):
    base = os.path.join(FOLDER, name)
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
    for member in REQUIRED + CONDITIONAL:
        if member in files:
            yield from member_hazards(files, member, meta, reject, accept, expected)
    yield from lane_graph_cases(meta, reject, accept)

    mutated = dict(files)
    mutated["spec_validation.json"] = ("symlink", "../nowhere/spec_validation.json")
    yield reject("symlink-escape.dangling", "spec_validation.json is a dangling symlink out of the bundle: an escape, "
                 "decided on the link text, not a missing file (D-IB-2).", ["path-escape", "symlink"],
                 "Required files: spec_validation.json", "path_escape", mutated)
    mutated = dict(files)
    mutated["spec_validation.json"] = ("symlink", "../input/spec_validation.real.json")
    mutated["spec_validation.real.json"] = files["spec_validation.json"]
    yield reject("symlink-escape.out-and-back", "spec_validation.json links to ../input/spec_validation.real.json: the "
                 "link text climbs above the bundle root, though it lands back inside when the bundle folder is "
                 "named input (D-IB-2: decided on the text).", ["path-escape", "symlink"],
                 "Required files: spec_validation.json", "path_escape", mutated)

    mutated = dict(files)
    mutated["spec.source/spec.kv"] = mutated.pop("spec.kv")
    mutated["spec.kv"] = ("symlink", "spec.source/../spec.source/spec.kv")
    yield accept("symlink-inside.dotdot", "spec.kv links to spec.source/../spec.source/spec.kv: the `..` never climbs "
                 "above the bundle root, so the link stays inside and is followed (D-IB-2: decided on the link's "
                 "text by its depth, not by the presence of `..`).", ["symlink"], "Required files: spec.kv", mutated)

    mutated = dict(files)
    mutated["spec.source/spec.kv"] = mutated.pop("spec.kv")
    mutated["spec.kv"] = ("symlink", "./spec.source/spec.kv")
    yield accept("symlink-inside.dot-prefix", "spec.kv links to ./spec.source/spec.kv: a leading `.` leaves the "
                 "link at the bundle root, inside, so it is followed (D-IB-2).", ["symlink"], "Required files: spec.kv",
                 mutated)

    mutated = dict(files)
    mutated["spec_validation.json"] = ("symlink", "hop.json")
    mutated["hop.json"] = ("symlink", "../nowhere/spec_validation.json")
    yield reject("symlink-escape.two-hop", "spec_validation.json links to hop.json inside the bundle, which links out "
                 "of it to a file that does not exist: the chain escapes (D-IB-2, every link's text is judged), "
                 "not a missing member.", ["path-escape", "symlink"], "Required files: spec_validation.json",
                 "path_escape", mutated)

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
        for layout, text, what in (
                ("minified", json.dumps(json.loads(files[member]), separators=(",", ":"), ensure_ascii=False),
                 "on one line with no whitespace"),
                ("members-reversed", json.dumps(reversed_members(json.loads(files[member])), indent=2,
                                                ensure_ascii=False) + "\n", "with every object's members in reverse order")):
            mutated = dict(files)
            mutated[member] = text.encode()
            assert json.loads(mutated[member]) == json.loads(files[member])
            yield accept(f"layout.{layout}.{member}", f"{member} {what} (D-ALL-6, D-IB-9); the model is unchanged.",
                         ["layout"], f"{member}", mutated)
        mutated = dict(files)
        mutated[member] = files[member] + files[member]
        yield reject(f"second-document.{member}", f"{member} holds its document twice: a JSON text is one value "
                     f"(RFC 8259 §2), so the member is not JSON (D-IB-9).", ["syntax", "json-hazard",
                                                                            "trailing-content"],
                     f"{member}", "syntax", mutated)
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
    yield reject("duplicate-key.spec.kv", "spec.kv repeats its first key (D-KV-9).", ["duplicate-key", "beyond-schema"], "spec.kv",
                 "duplicate_key", mutated)
    first_line = files["spec.kv"].split(b"\n")[0]
    for name, description, line in (
        ("kv.no-equals.spec.kv", "spec.kv holds a line without `=` (D-KV-4, D-IB-7).", b"a line without a pair"),
        ("kv.key-syntax.spec.kv", "spec.kv holds a key outside the key syntax (D-KV-6, D-IB-7).", b"bad key=1"),
        ("kv.lone-cr.spec.kv", "spec.kv holds a CR inside a value, not before the LF (D-KV-3, D-IB-7).",
         first_line + b"\rmore"),
    ):
        mutated = dict(files)
        mutated["spec.kv"] = files["spec.kv"] + line + b"\n"
        yield reject(name, description, ["syntax", "kv-grammar"], "spec.kv", "syntax", mutated)
    mutated = dict(files)
    assert files["spec.kv"].endswith(b"\n")
    mutated["spec.kv"] = files["spec.kv"][:-1] + b"\r\r\n"
    yield reject("kv.cr-run.spec.kv", "spec.kv's last line ends in CR CR LF: at most the CR right before the LF belongs "
                 "to the terminator (D-KV-3, D-IB-7), the other is a CR inside the value.",
                 ["syntax", "kv-grammar", "kv-cr-run"], "spec.kv", "syntax", mutated)
    for member in REQUIRED + CONDITIONAL:
        if member in files:
            yield member_name_case(files, member, reject, accept, expected)
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

    yield from future_shapes(files, reject)
    yield from number_literals(files, expected, accept)
    yield from text_cases(files, expected, meta, reject, accept)


def future_shapes(files, reject):
    """policy_version 2 with the other members in a v2 shape (D-IB-8, D-ALL-5)."""
    carrier = "policy_audit.json"
    future = files[carrier].replace(b'"policy_version": 1', b'"policy_version": 2')
    assert future != files[carrier]
    clause = "policy_audit.json policy_version"
    everything = dict(files)
    everything[carrier] = future
    lg_files, _ = load_base("maximal.lane-graph")
    for member, (shape, what) in V2_SHAPES.items():
        base = lg_files if member == "lane_graph_state.json" else files
        assert member in base, member
        mutated = dict(base)
        mutated[carrier] = base[carrier].replace(b'"policy_version": 1', b'"policy_version": 2')
        assert mutated[carrier] != base[carrier]
        mutated[member] = shape
        if member in files:
            everything[member] = shape
        yield reject(f"future-version.new-shape.{member}", f"policy_audit.json says policy_version 2 and {what}: the "
                     f"version carrier is read before any other member, so the bundle is unsupported_version, never "
                     f"the class the v2 member would get from a v1 reader (D-IB-8, D-ALL-5).", ["future-version"],
                     clause, "unsupported_version", mutated)
    # A v2 bundle that dropped (or renamed) a member a v1 bundle requires.
    for member in REQUIRED:
        if member == carrier:
            continue
        mutated = dict(everything)
        mutated.update({m: files[m] for m in files if m != carrier})
        del mutated[member]
        yield reject(f"future-version.member-missing.{member}", f"policy_audit.json says policy_version 2 and "
                     f"{member}, required in v1, is absent (a v2 bundle may drop or rename it): the carrier decides, "
                     f"so the bundle is unsupported_version, never missing_file (D-IB-8, D-ALL-5).",
                     ["future-version"], clause, "unsupported_version", mutated)
    # The carrier itself in a v2 shape, its marker written last.
    doc = json.loads(files[carrier])
    reshaped = {f"{k}_v2": v for k, v in doc.items() if k != "policy_version"}
    reshaped["ok_v2"] = [doc["ok"]]
    reshaped["policy_version"] = 2
    mutated = dict(files)
    mutated[carrier] = dumps(reshaped)
    yield reject(f"future-version.new-shape.{carrier}", "policy_audit.json says policy_version 2, written last, and "
                 "every other field renamed or retyped: the marker is read first (D-ALL-5, D-IB-8).",
                 ["future-version"], clause, "unsupported_version", mutated)
    everything[carrier] = mutated[carrier]
    yield reject("future-version.new-shape", "policy_audit.json says policy_version 2 (written last, the other "
                 "fields renamed) and every other member is in a v2 shape (spec.kv with a section line, "
                 "spec_validation.json with a status, runtime.json's crate a string, environment.json's env an "
                 "object, the snapshot an array): whichever member a reader opens first, the answer is "
                 "unsupported_version (D-IB-8, D-ALL-5).", ["future-version"], clause, "unsupported_version",
                 everything)


def number_literals(files, expected, accept):
    """Every snapshot member holding the number literals a double cannot keep (D-IB-6, D-CR-1)."""
    for member, (base_files, base_expected) in (("single_ring_snapshot.json", (files, expected)),
                                                ("lane_graph_state.json", load_base("maximal.lane-graph"))):
        doc = json.loads(base_files[member])
        exp = json.loads(json.dumps(base_expected))
        assert exp[member] == doc

        def add(target, spelling):
            target["gauges"] = {name: literal(spelling(given, kept)) for name, given, kept in NUMBER_LITERALS}
            target["history"] = [literal(spelling("-0", "-0")), literal(spelling("1.50", "1.50")),
                                 literal(spelling("1E400", "1e+400")),
                                 {"at": literal(spelling("9007199254740993", "9007199254740993"))}]
        add(doc, lambda given, kept: given)
        add(exp[member], lambda given, kept: kept)
        mutated = dict(base_files)
        mutated[member] = raw_literals(dumps(doc).decode()).encode()
        listed = ", ".join(given for _, given, _ in NUMBER_LITERALS)
        yield accept(f"snapshot.number-literals.{member}", f"{member} holds, in an object and in an array, number "
                     f"literals a double cannot keep or a float reader respells ({listed}): the snapshot is opaque and "
                     f"kept with its numbers exact, read and written (D-IB-6). Exact means the digits, a fraction's "
                     f"trailing zeros and the sign of zero; the exponent mark's case and a + are lexical, so the model "
                     f"spells 1E400 as 1e+400 (D-CR-1).", ["exact-numbers", "opaque"],
                     f"Conditional files: {member}", mutated, exp)


def text_cases(files, expected, meta, reject, accept):
    """Byte order in spec.kv, and a byte order mark in every text member."""
    spec = expected["spec.kv"]
    key = "stage.0-x.name"
    near = "stage.0.name"
    assert near in spec and key not in spec
    pairs = sorted({**spec, key: "pre"}.items())
    keys = [k for k, _ in pairs]
    assert keys.index(key) < keys.index(near) and keys != sorted(keys, key=lambda k: k.split("."))
    mutated = dict(files)
    mutated["spec.kv"] = "".join(f"{k}={v}\n" for k, v in pairs).encode()
    exp = json.loads(json.dumps(expected))
    exp["spec.kv"][key] = "pre"
    yield accept("kv.order.dash-before-dot.spec.kv", f"spec.kv holds {key} beside {near}: the canonical spec.kv is in "
                 f"ascending byte order of the key (D-IB-7, D-DG-11), where `-` (0x2D) sorts before `.` (0x2E), so "
                 f"{key} comes first; sorted by dot-separated segments it would come after (D-ALL-9).",
                 ["kv-order", "kv-grammar"], "spec.kv", mutated, exp)
    upper = "Stage.9.name"
    pairs = sorted({**spec, upper: "audit"}.items())
    keys = [k for k, _ in pairs]
    assert keys[0] == upper and keys != sorted(keys, key=str.lower)
    mutated = dict(files)
    mutated["spec.kv"] = "".join(f"{k}={v}\n" for k, v in pairs).encode()
    exp = json.loads(json.dumps(expected))
    exp["spec.kv"][upper] = "audit"
    yield accept("kv.order.upper-before-lower.spec.kv", f"spec.kv holds {upper} beside lower-case keys: upper-case "
                 f"letters are key characters, and the canonical spec.kv is in ascending byte order of the key "
                 f"(D-IB-7, D-DG-11), where `S` (0x53) sorts before every lower-case letter, so {upper} comes "
                 f"first; a writer that sorts case-insensitively puts it after single_ring.* (D-ALL-9).",
                 ["kv-order", "kv-grammar"], "spec.kv", mutated, exp)
    mutated = dict(files)
    mutated["spec.kv"] = b"\xef\xbb\xbf" + files["spec.kv"]
    name, m, f, _ = reject("bom.spec.kv", "spec.kv starts with a UTF-8 byte order mark: `either` (class encoding) as "
                           "in every KV text (D-KV-1, D-IB-7); a reader that accepts reads the same map, the mark "
                           "not part of the first key.", ["bom", "encoding"], "spec.kv", "encoding", mutated)
    m["expect"] = "either"
    yield name, m, f, expected
    member = "runtime_config.txt"
    mutated = dict(files)
    mutated[member] = b"\xef\xbb\xbf" + files[member]
    yield reject(f"bom.{member}", f"{member} starts with a UTF-8 byte order mark: it is UTF-8 text with no byte order "
                 f"mark, kept byte for byte (D-IB-4), so a reader may neither drop the mark silently nor keep it as "
                 f"text: encoding.", ["bom", "encoding"], f"Conditional files: {member}", "encoding", mutated)
    mutated = dict(files)
    text = files[member].decode("utf-8")
    cut = text.index("\n") + 1
    mutated[member] = (text[:cut] + "\ufeffnote = \"zero\ufeffwidth\"\n" + text[cut:]).encode("utf-8")
    exp = json.loads(json.dumps(expected))
    exp[member] = mutated[member].decode("utf-8")
    yield accept(f"runtime-config.inner-feff", f"{member} holds U+FEFF after its start (at a line start and inside a "
                 f"line): there it is text, not a byte order mark, and kept byte for byte (D-IB-4, D-ALL-11); a reader "
                 f"that strips every U+FEFF fails.", ["string-fidelity", "encoding"], f"Conditional files: {member}",
                 mutated, exp)
    mutated = dict(files)
    mutated[member] = files[member].rstrip(b"\n") + b" "
    exp = json.loads(json.dumps(expected))
    exp[member] = mutated[member].decode("utf-8")
    yield accept(f"runtime-config.no-final-newline", f"{member} ends in a space with no final LF: kept byte for byte "
                 f"(D-IB-4), so a writer that adds the newline a text file usually ends with, or trims the end, writes "
                 f"other bytes (D-ALL-9).", ["string-fidelity"], f"Conditional files: {member}", mutated, exp)


def reversed_members(doc):
    """`doc` with every object's members in reverse order, at every level."""
    if isinstance(doc, dict):
        return {k: reversed_members(doc[k]) for k in reversed(list(doc))}
    if isinstance(doc, list):
        return [reversed_members(v) for v in doc]
    return doc


def dumps(doc):
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def first_path(doc, want, path=()):
    """The path of the first value for which `want(value)` holds, depth first."""
    if path and want(doc):
        return list(path)
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else []
    for k, v in items:
        found = first_path(v, want, path + (k,))
        if found:
            return found
    return None


def doc_at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def with_literal(doc, path, literal):
    """The member's text with the value at `path` replaced by raw text."""
    d = json.loads(json.dumps(doc))
    target = d
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = SENTINEL
    text = dumps(d).decode()
    token = json.dumps(SENTINEL, ensure_ascii=False)
    assert text.count(token) == 1
    return text.replace(token, literal).encode()


def with_duplicate(doc):
    """The member's text with its first root member written twice, same value."""
    first = next(iter(doc))
    rebuilt = {}
    for k, v in doc.items():
        rebuilt[k] = v
        if k == first:
            rebuilt[SENTINEL] = v
    text = dumps(rebuilt).decode()
    token = json.dumps(SENTINEL, ensure_ascii=False) + ":"
    return text.replace(token, json.dumps(first, ensure_ascii=False) + ":").encode(), first


def member_hazards(files, member, meta, reject, accept, expected):
    """Hazard cases of one member present in `files`."""
    conditional = member in CONDITIONAL
    clause = f"{'Conditional' if conditional else 'Required'} files: {member}"
    mutated = dict(files)
    mutated[member] = ("dir",)
    yield reject(f"not-a-file.{member}", f"{member} is a directory, not a file.", ["unreadable"], clause,
                 "unreadable", mutated)
    mutated = dict(files)
    mutated[member] = ("symlink", "../" + member)
    mutated[("outside", member)] = files[member]
    yield reject(f"symlink-escape.{member}", f"{member} is a symlink leading out of the bundle (D-IB-2), to a "
                 f"valid copy of the member: a reader that follows it would accept.",
                 ["path-escape", "symlink"], clause, "path_escape", mutated)
    mutated = dict(files)
    mutated[member] = ("symlink", member)
    yield reject(f"symlink-loop.{member}", f"{member} is a symlink to itself: a loop that never reaches a file, "
                 f"unreadable (D-IB-2), as in a runpack (D-RP-5), not a missing member.", ["unreadable", "symlink"],
                 clause, "unreadable", mutated)
    if not member.endswith(".json"):
        return
    doc = json.loads(files[member])
    raw, first = with_duplicate(doc)
    mutated = dict(files)
    mutated[member] = raw
    yield reject(f"duplicate-key.{member}", f"{member} holds its member {json.dumps(first)} twice with the same value "
                 f"(D-ALL-4, D-IB-9): the member's schema sees one parsed value either way.",
                 ["duplicate-key", "json-hazard", "beyond-schema"], clause, "duplicate_key", mutated)
    integer = first_path(doc, lambda v: isinstance(v, int) and not isinstance(v, bool))
    if integer and member not in SNAPSHOTS:
        where = ".".join(str(p) for p in integer)
        for suffix, literal, what in (("boolean", "true", "true"), ("fraction", f"{doc_at(doc, integer)}.0",
                                                                     "an integer-valued fraction")):
            mutated = dict(files)
            mutated[member] = with_literal(doc, integer, literal)
            yield reject(f"integer.{member}.{suffix}", f"{member}'s {where} holds {what} where an integer is required "
                         f"(D-ALL-3, D-IB-9).", ["wrong-type", "json-hazard"], clause, "wrong_type", mutated)
        value = doc_at(doc, integer)
        for suffix, literal, what in (("leading-zero", f"0{value}", "a leading zero"),
                                      ("plus-sign", f"+{value}", "a plus sign")):
            mutated = dict(files)
            mutated[member] = with_literal(doc, integer, literal)
            yield reject(f"integer.{member}.{suffix}", f"{member}'s {where} is written {literal}: JSON numbers have no "
                         f"{what[2:]} (RFC 8259 §6), so the member is not JSON (D-IB-9).",
                         ["syntax", "json-hazard", "integer-spelling"], clause, "syntax", mutated)
        mutated = dict(files)
        mutated[member] = with_literal(doc, integer, f"{value}e0")
        yield reject(f"integer.{member}.exponent", f"{member}'s {where} is written {value}e0: the value, but not an "
                     f"integer literal (D-ALL-3, D-IB-9).", ["wrong-type", "json-hazard", "integer-spelling"], clause,
                     "wrong_type", mutated)
    scalar = first_path(doc, lambda v: isinstance(v, (int, bool, str)))
    mutated = dict(files)
    mutated[member] = with_literal(doc, scalar, "NaN")
    yield reject(f"lexical.nan.{member}", f"{member} holds NaN, which is not JSON.", ["syntax", "json-hazard"], clause,
                 "syntax", mutated)
    text = files[member] if isinstance(files[member], bytes) else files[member].encode("utf-8")
    mutated = dict(files)
    mutated[member] = b"// written by conformkit\n" + text
    yield reject(f"syntax.comment.{member}", f"{member} starts with a // comment line: JSON has no comments (RFC "
                 f"8259, D-ALL-4b, D-IB-9), though a JSONC reader skips it.", ["syntax", "json-hazard"], clause,
                 "syntax", mutated)
    if isinstance(doc, dict) and doc:
        mutated = dict(files)
        mutated[member] = b'{"\\ud800": 0,' + text.lstrip()[1:]
        yield reject(f"lexical.lone-surrogate-key.{member}", f"{member} has an extra member named with the unpaired "
                     f"surrogate escape \\ud800: member names are strings too (D-RV-2).",
                     ["encoding", "json-hazard", "beyond-schema"], clause, "encoding", mutated)
    string = first_path(doc, lambda v: isinstance(v, str))
    if string:
        mutated = dict(files)
        mutated[member] = with_literal(doc, string, '"\\ud800"')
        yield reject(f"lexical.lone-surrogate.{member}", f"A string in {member} is the unpaired surrogate escape "
                     f"\\ud800 (D-RV-2).", ["encoding", "json-hazard", "beyond-schema"], clause, "encoding", mutated)


def member_name_case(files, member, reject, accept, expected):
    """The member under a name that differs from its own in letter case only."""
    mutated = dict(files)
    renamed = member[0].upper() + member[1:]
    mutated[renamed] = mutated.pop(member)
    if member in REQUIRED:
        return reject(f"member-name.case.{member}", f"The required member is named {renamed}: member names are "
                      f"exact bytes (D-IB-12), so {member} is absent and {renamed} an unknown file.",
                      ["missing-file", "member-name-case"], f"Required files: {member}", "missing_file", mutated)
    exp = dict(expected)
    del exp[member]
    return accept(f"member-name.case.{member}", f"The conditional member is named {renamed}: member names are exact "
                  f"bytes (D-IB-12), so {member} is absent (allowed) and {renamed} an unknown file, ignored (D-IB-3).",
                  ["conditional", "member-name-case"], f"Conditional files: {member}", mutated, exp)


def lane_graph_cases(meta, reject, accept):
    """The JSON member hazards of lane_graph_state.json, from the reviewed
    LaneGraph bundle."""
    files, expected = load_base("maximal.lane-graph")
    member = "lane_graph_state.json"
    clause = f"Conditional files: {member}"
    yield from member_hazards(files, member, meta, reject, accept, expected)
    yield member_name_case(files, member, reject, accept, expected)
    mutated = dict(files)
    mutated[member] = b"[1, 2]\n"
    yield reject("lane-graph-state-not-object", f"{member} is an array, not an object (D-IB-6).", ["wrong-type"],
                 clause, "wrong_type", mutated)
    mutated = dict(files)
    mutated[member] = files[member][: len(files[member]) // 2]
    yield reject(f"truncated.{member}", f"{member} stops half way.", ["syntax"], clause, "syntax", mutated)
    mutated = dict(files)
    at = files[member].find(b'": "') + 4
    if at < 4:
        at = files[member].find(b'"') + 1
    mutated[member] = files[member][:at] + b"\xff" + files[member][at:]
    yield reject(f"invalid-utf8.{member}", f"{member} holds the byte 0xFF.", ["invalid-utf8"], clause, "encoding",
                 mutated)
    mutated = dict(files)
    mutated[member] = b"\xef\xbb\xbf" + files[member]
    name, m, f, _ = reject(f"bom.{member}", f"{member} starts with a UTF-8 byte order mark (D-ALL-1).", ["bom"],
                           clause, "encoding", mutated)
    m["expect"] = "either"
    yield name, m, f, expected
    mutated = dict(files)
    del mutated[member]
    exp = dict(expected)
    del exp[member]
    yield accept(f"without.{member}", f"The conditional member {member} is absent: allowed.", ["conditional"],
                 clause, mutated, exp)


def write_case(case_dir, meta, files, expected, check, stale):
    want = {"case.json": (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode()}
    if expected is not None:
        want["expected.json"] = raw_literals(json.dumps(expected, indent=2, ensure_ascii=False) + "\n").encode()
    for name, content in files.items():
        if isinstance(name, tuple):
            want[name[1]] = content  # beside input/: a link's target outside the bundle
        else:
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
