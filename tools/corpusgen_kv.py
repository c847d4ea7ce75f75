#!/usr/bin/env python3
"""Derive the mechanical corpus cases of a KV family from its key schema.

For `corpus/<family>/<version>/` holding `schema.kv.json` (the
conformkit-kv-schema/1 format of corpus/SCHEMAS.md), `corpusgen_kv.json`
(settings, below) and a hand-written, reviewed base case (input.kv +
expected.json, in canonical sorted order), this writes one case folder per
mutation of the base document. Every expectation is derived from what the
mutation means under the schema and the KV grammar pinned in
corpus/DECISIONS.md (D-KV-*), never from running a reader.

The normalized model of a KV family is a flat object keyed by the literal
keys, so an accepted mutation's expected.json is the base expected.json with
the same key set, changed or removed.

Beyond one case per key and rule, three classes found unpinned by a red-team
run: a model whose byte order differs from its dot-segment order
(`kv.order.dash-before-dot`, D-DG-11), a whitespace-only value of every
non-empty string key (`string.<key>.whitespace-only`, D-DG-4) and keys that
share a pattern's or a group's prefix without belonging to it
(`*-lookalike*`, `missing.<pattern>.lookalike-only`, D-DG-6/7/9).

corpusgen_kv.json:
  base   name of the base case folder (default "maximal")
  seed   seed clause prefix, e.g. "000_1930ef76aad66ae9.txt § DataGuard report KV v1"
  extra_keys    {case suffix: "key=value"}: unknown keys a newer writer may add
  skip   case names not to generate (each needs a reason in "why")

Usage: corpusgen_kv.py [--check] [corpus/<family>/<version> ...]
  --check   write nothing; exit 1 when a generated case is missing or differs.
With no folder, every folder with a corpusgen_kv.json is processed.
"""

import copy
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
WIDTH = {"u16": 2**16 - 1, "u32": 2**32 - 1, "u64": 2**64 - 1, "u128": 2**128 - 1}
INTEGER_TYPES = set(WIDTH)


def render(lines):
    return "".join(f"{k}={v}\n" for k, v in lines).encode("utf-8")


class Gen:
    def __init__(self, folder):
        self.folder = folder
        with open(os.path.join(folder, "corpusgen_kv.json")) as f:
            self.cfg = json.load(f)
        with open(os.path.join(folder, "schema.kv.json")) as f:
            self.schema = json.load(f)
        base = os.path.join(folder, self.cfg.get("base", "maximal"))
        with open(os.path.join(base, "input.kv"), encoding="utf-8") as f:
            text = f.read()
        assert text.endswith("\n"), "the base case ends in LF"
        self.lines = [tuple(line.split("=", 1)) for line in text[:-1].split("\n")]
        assert [k for k, _ in self.lines] == sorted(k for k, _ in self.lines), "the base case is sorted"
        with open(os.path.join(base, "expected.json"), encoding="utf-8") as f:
            self.expected = json.load(f)
        self.version = os.path.basename(os.path.normpath(folder))
        self.cases = {}

    # -- schema facts -------------------------------------------------------

    def decl(self, key):
        """The declaration of a key: its `keys` entry or its pattern's."""
        if key in self.schema["keys"]:
            return self.schema["keys"][key]
        for pattern, d in self.schema.get("patterns", {}).items():
            if key.startswith(pattern[:-1]):
                return d
        return None

    def typed(self, key, literal):
        """The model value of an accepted literal."""
        t = self.decl(key)["type"]
        if t in INTEGER_TYPES:
            return int(literal, 10)
        if t == "bool":
            return literal == "true"
        return literal

    def first_counter(self):
        for k, _ in self.lines:
            for pattern in self.schema.get("patterns", {}):
                if k.startswith(pattern[:-1]):
                    return k
        raise AssertionError("the base case has no pattern key")

    # -- case assembly ------------------------------------------------------

    def add(self, name, description, tags, clause, raw, expect="reject", error_class=None, expected=None):
        assert name not in self.cases, name
        meta = {"description": description, "expect": expect}
        if error_class:
            meta["error_class"] = error_class
        meta["tags"] = ["generated"] + tags
        meta["seed"] = f"{self.cfg['seed']}: {clause}"
        meta["since"] = self.version
        if expect == "reject":
            expected = None
        self.cases[name] = (meta, raw, expected)

    def set_value(self, key, value):
        return [(k, value if k == key else v) for k, v in self.lines]

    def without(self, *keys):
        return [(k, v) for k, v in self.lines if k not in keys]

    def exp_without(self, *keys):
        e = copy.deepcopy(self.expected)
        for k in keys:
            e.pop(k, None)
        return e

    def exp_with(self, key, value):
        e = copy.deepcopy(self.expected)
        e[key] = value
        return e

    def value_case(self, name, description, tags, clause, key, literal, error_class=None, expect=None):
        """The base with `key` set to `literal`: accepted with the typed value, or rejected."""
        raw = render(self.set_value(key, literal))
        if error_class is None:
            self.add(name, description, tags, clause, raw, expect="accept", expected=self.exp_with(key, self.typed(key, literal)))
        else:
            self.add(name, description, tags, clause, raw, expect=expect or "reject", error_class=error_class,
                     expected=self.exp_with(key, self.typed(key, literal)) if expect == "either" else None)

    # -- generators ---------------------------------------------------------

    def required(self):
        for key, d in self.schema["keys"].items():
            if d.get("required"):
                self.add(f"missing.{key}", f"The required key {key} is absent.", ["missing-field"],
                         f"Required keys include {key}", render(self.without(key)), error_class="missing_field")
                upper = key.upper()
                lines = sorted((upper if k == key else k, v) for k, v in self.lines)
                self.add(f"key-case.{key}", f"The required key is written {upper}: keys are exact bytes, so {key} is "
                         f"absent and {upper} an unknown key, ignored (D-KV-6, D-DG-9).",
                         ["missing-field", "key-case"], f"Required keys include {key}", render(lines),
                         error_class="missing_field")
        for pattern, d in self.schema.get("patterns", {}).items():
            if d.get("min_count", 0) >= 1:
                prefix = pattern[:-1]
                lines = [(k, v) for k, v in self.lines if not k.startswith(prefix)]
                self.add(f"missing.{prefix.rstrip('.')}", f"No key under {pattern}: at least {d['min_count']} required.",
                         ["missing-field"], f"Required keys include counter keys under {pattern}", render(lines),
                         error_class="missing_field")

    def groups(self):
        for g in self.schema.get("groups", []):
            slug = g["name"].replace(" ", "-")
            clause = f"Conditional keys include {g['name']}"
            if "all_or_none" in g:
                members = g["all_or_none"]
                for m in members:
                    self.add(f"missing.{m}", f"{m} is absent while the rest of the {g['name']} group is present.",
                             ["missing-field", "conditional"], clause, render(self.without(m)), error_class="missing_field")
                self.add(f"group-absent.{slug}", f"The whole {g['name']} group is absent, which is allowed.",
                         ["conditional"], clause, render(self.without(*members)), expect="accept",
                         expected=self.exp_without(*members))
            if "when" in g:
                switch, on = g["when"]["key"], g["when"]["equals"]
                then = g["then_required"]
                assert dict(self.lines)[switch] == on, "the base case enables the group"
                for m in then:
                    self.add(f"missing.{m}", f"{m} is absent while {switch}={on}.", ["missing-field", "conditional"],
                             f"{clause} fields when enabled", render(self.without(m)), error_class="missing_field")
                everything = [switch] + then
                self.add(f"group-absent.{slug}", f"No {g['name']} keys at all: the feature is off.", ["conditional"],
                         f"{clause} fields when enabled", render(self.without(*everything)), expect="accept",
                         expected=self.exp_without(*everything))
                off = "false"
                lines = [(k, off if k == switch else v) for k, v in self.lines if k not in then]
                self.add(f"group-off.{slug}", f"{switch}={off} without the attribution fields.", ["conditional"],
                         f"{clause} fields when enabled", render(lines), expect="accept",
                         expected={**self.exp_without(*then), switch: self.typed(switch, off)})
                if g.get("otherwise_absent"):
                    lines = [(k, off if k == switch else v) for k, v in self.lines]
                    self.add(f"group-off.{slug}.with-fields",
                             f"{switch}={off} but the fields that exist only when enabled are present (a lenient reader may ignore them).",
                             ["conditional"], f"{clause} fields when enabled", render(lines), expect="either",
                             error_class="invalid_value", expected={**self.exp_without(*then), switch: self.typed(switch, off)})
                    self.add(f"missing.{switch}",
                             f"{switch} is absent (so the feature is off) but the fields that exist only when enabled are present.",
                             ["conditional"], f"{clause} fields when enabled", render(self.without(switch)),
                             expect="either", error_class="invalid_value", expected=self.exp_without(*everything))

    def types(self):
        counter = self.first_counter()
        keys = [k for k, _ in self.lines if k in self.schema["keys"]] + [counter]
        for key in keys:
            d = self.decl(key)
            t = d["type"]
            clause = "counter keys under counts.*" if key == counter else f"{key}"
            if t in INTEGER_TYPES:
                self.value_case(f"wrong-type.{key}", f"{key} holds a word, not decimal digits ({t}).", ["wrong-type"],
                                clause, key, "seven", error_class="wrong_type")
                if key != self.schema.get("version_key"):
                    self.bounds(key, t, clause)
            elif t == "bool":
                self.value_case(f"wrong-type.{key}", f"{key} holds `yes`, not true/false.", ["wrong-type"], clause, key,
                                "yes", error_class="wrong_type")
                for literal, what in (("True", "capitalized"), ("1", "numeric")):
                    self.value_case(f"wrong-type.{key}.{what}", f"{key} holds `{literal}`, not true/false.",
                                    ["wrong-type"], clause, key, literal, error_class="wrong_type")
            elif t == "enum":
                for v in d["values"]:
                    self.value_case(f"enum.{key}.{v}", f"{key} = {v}, a value v1 defines.", ["enum"], clause, key, v)
                self.value_case(f"enum.{key}.outside", f"{key} holds a value outside its enumeration.", ["enum"],
                                clause, key, "tokenize", error_class="invalid_value")
                self.value_case(f"enum.{key}.case", f"{key} holds a defined value in upper case (values are case-sensitive).",
                                ["enum"], clause, key, d["values"][1].upper(), error_class="invalid_value")
            if "const" in d and key != self.schema.get("version_key"):
                self.value_case(f"const.{key}", f"{key} holds another value than `{d['const']}`.", ["const"], clause,
                                key, "DataGuard", error_class="invalid_value")
            # null-like and empty values: KV has no null; `null` is text.
            if t in INTEGER_TYPES or t == "bool":
                self.value_case(f"null.{key}", f"{key}=null: KV has no null, and `null` is not a {t}.", ["null"], clause,
                                key, "null", error_class="wrong_type")
                self.value_case(f"empty-value.{key}", f"{key} has an empty value, not a {t}.", ["kv-empty-value"],
                                clause, key, "", error_class="wrong_type")
            elif t == "enum" or "const" in d:
                self.value_case(f"null.{key}", f"{key}=null: KV has no null, and `null` is not an allowed value.", ["null"],
                                clause, key, "null", error_class="invalid_value")
                self.value_case(f"empty-value.{key}", f"{key} has an empty value, not an allowed value.",
                                ["kv-empty-value"], clause, key, "", error_class="invalid_value")
            else:
                self.value_case(f"null.{key}", f"{key}=null: KV has no null; the string `null` is the value.", ["null"],
                                clause, key, "null")
                if d.get("min_length", 0) >= 1:
                    self.value_case(f"empty-value.{key}", f"{key} has an empty value; it must not be empty.",
                                    ["kv-empty-value"], clause, key, "", error_class="invalid_value")
                else:
                    self.value_case(f"empty-value.{key}", f"{key} has an empty value, an empty string.",
                                    ["kv-empty-value"], clause, key, "")
        # Non-integer spellings of an integer that lenient number parsers
        # (Python's int(), JavaScript's Number()) take, on every integer key,
        # spelling a value the key allows; leading zeros on one u16 key.
        for key, _ in self.lines:
            d = self.decl(key)
            if not d or d["type"] not in WIDTH:
                continue
            digit = d.get("const", "7")
            arabic = "".join(chr(0x660 + int(c)) for c in digit)
            for literal, what in ((f"{digit}.0", "decimal-point"), (f"+{digit}", "plus-sign"), (f"0x{digit}", "hex"),
                                  (f"{digit}e0", "exponent"), (arabic, "arabic-indic-digit"),
                                  (f"{digit}_000", "digit-separator")):
                self.value_case(f"wrong-type.{key}.{what}", f"{key} = {literal}: not plain decimal digits.",
                                ["wrong-type", "integer-spelling"], key, key, literal, error_class="wrong_type")
        key = next(k for k, _ in self.lines if self.decl(k) and self.decl(k)["type"] == "u16")
        self.value_case(f"integer.{key}.leading-zeros", f"{key} = 0007: decimal digits with leading zeros (a strict reader may refuse them).",
                        ["bound"], key, key, "0007", expect="either", error_class="wrong_type")

    def bounds(self, key, t, clause):
        top = WIDTH[t]
        self.value_case(f"bound.{key}.max", f"{key} = {top}, the {t} maximum, is read exactly.", ["bound"], clause,
                        key, str(top))
        self.value_case(f"bound.{key}.max-plus-1", f"{key} = {top + 1}, one past the {t} range.", ["bound"], clause,
                        key, str(top + 1), error_class="out_of_range")
        self.value_case(f"bound.{key}.zero", f"{key} = 0, the minimum.", ["bound"], clause, key, "0")
        self.value_case(f"bound.{key}.negative", f"{key} = -1: unsigned.", ["bound"], clause, key, "-1",
                        error_class="out_of_range")

    def versions(self):
        vk = self.schema.get("version_key")
        if not vk:
            return
        clause = f"{vk}=1"
        self.value_case("future-version", f"{vk}=2, a future version: rejected, never misread.", ["future-version"],
                        clause, vk, "2", error_class="unsupported_version")
        self.value_case("future-version.zero", f"{vk}=0, not a version this reader implements.", ["future-version"],
                        clause, vk, "0", error_class="unsupported_version")
        # The marker's own width (D-DG-2, D-DG-8: a u32): the largest u32 is
        # a version this reader does not implement, one past it is out of
        # range, a sign is never a digit.
        self.value_case("future-version.u32-max", f"{vk}=4294967295, the largest u32: a version this reader does not implement.",
                        ["future-version", "bound"], clause, vk, "4294967295", error_class="unsupported_version")
        self.value_case("version.past-u32", f"{vk}=4294967296, one past its u32 width: out_of_range, never wrapped to 0 or read as a version.",
                        ["bound"], clause, vk, "4294967296", error_class="out_of_range")
        self.value_case("version.negative", f"{vk}=-1: unsigned.", ["bound"], clause, vk, "-1", error_class="out_of_range")
        # The version is judged before any other key: faults elsewhere do not change the class.
        key = next(k for k, _ in self.lines if k in self.schema["keys"] and self.schema["keys"][k].get("required") and k != vk)
        counter = self.first_counter()
        lines = [(k, "2" if k == vk else ("seven" if k == counter else v)) for k, v in self.lines if k != key]
        self.add("future-version.with-other-faults",
                 f"{vk}=2 in a document that also lacks {key} and has a mistyped counter: the version is judged first.",
                 ["future-version"], clause, render(lines), error_class="unsupported_version")

    def extras(self):
        for suffix, pair in self.cfg.get("extra_keys", {}).items():
            k, v = pair.split("=", 1)
            lines = sorted(self.lines + [(k, v)])
            self.add(f"extra-field.{suffix}", f"An unknown key {k} (a newer additive writer) is ignored; the model is unchanged.",
                     ["extra-fields"], "stable key prefixes such as report., schema., policy., counts., and cost.",
                     render(lines), expect="accept", expected=self.expected)

    def encodings(self):
        base = render(self.lines)
        clause = "UTF-8 text"
        self.add("encoding.bom", "A UTF-8 byte order mark before the first key.", ["bom", "encoding"], clause,
                 b"\xef\xbb\xbf" + base, expect="either", error_class="encoding", expected=self.expected)
        string_key = next(k for k, _ in self.lines if self.decl(k) and self.decl(k)["type"] == "string" and "const" not in self.decl(k))
        for name, bad, what in (("invalid-utf8", b"\xff", "the byte 0xFF"),
                                ("overlong", b"\xc0\xaf", "an overlong encoding of `/`"),
                                ("surrogate", b"\xed\xa0\x80", "an encoded UTF-16 surrogate"),
                                ("truncated-sequence", b"\xc3", "a truncated two-byte sequence")):
            raw = base.replace(f"\n{string_key}=".encode(), f"\n{string_key}=".encode() + bad, 1)
            self.add(f"encoding.{name}", f"The value of {string_key} holds {what}, which is not UTF-8.",
                     ["invalid-utf8", "encoding"], clause, raw, error_class="encoding")
        extra = "report.note=x"
        lines = sorted(self.lines + [tuple(extra.split("=", 1))])
        raw = render(lines).replace(b"report.note=x", b"report.note=\xfe", 1)
        self.add("encoding.invalid-utf8.ignored-key", "An unknown (ignored) key's value is not UTF-8: the whole text must be.",
                 ["invalid-utf8", "encoding"], clause, raw, error_class="encoding")
        self.value_case("encoding.non-ascii-value", f"{string_key} holds non-ASCII UTF-8 text, kept exactly.", ["encoding"],
                        clause, string_key, "équipe-données-✓")
        self.add("encoding.crlf", "Every line ends in CRLF (a strict reader may refuse the CR).", ["crlf", "encoding", "beyond-schema"],
                 "newline-delimited", base.replace(b"\n", b"\r\n"), expect="either", error_class="syntax",
                 expected=self.expected)
        half = base.split(b"\n")
        mixed = b"\n".join(line + (b"\r" if i % 2 == 0 and line else b"") for i, line in enumerate(half))
        self.add("encoding.crlf-mixed", "Every other line ends in CRLF, the rest in LF.", ["crlf", "encoding", "beyond-schema"],
                 "newline-delimited", mixed, expect="either", error_class="syntax", expected=self.expected)
        raw = base.replace(f"\n{string_key}=".encode(), f"\n{string_key}=a\rb".encode(), 1)
        raw = raw.replace(b"a\rb" + self.value_of(string_key).encode(), b"a\rb", 1)
        self.add("encoding.lone-cr", f"The value of {string_key} holds a CR that is not part of a line ending.",
                 ["crlf", "encoding", "beyond-schema"], "newline-delimited", raw, error_class="syntax")
        raw = base.replace(f"\n{string_key}={self.value_of(string_key)}\n".encode(),
                           f"\n{string_key}={self.value_of(string_key)}\r\r\n".encode(), 1)
        self.add("encoding.cr-run", f"The line of {string_key} ends in CR CR LF: the CR right before the LF may be the "
                 "terminator's (D-KV-3), the one before it is a CR inside the value, which no reader may strip with the "
                 "terminator.", ["crlf", "encoding", "kv-cr-run", "beyond-schema"], "newline-delimited", raw, error_class="syntax")
        self.value_case("string.numeric-looking", f"{string_key} holds 007: a string key's value is text, kept with "
                        "its leading zeros, never read as a number (D-ALL-11).", ["string-fidelity"], clause,
                        string_key, "007")
        self.add("encoding.cr-line-endings", "Lines end in CR alone (classic Mac OS): no LF at all.", ["crlf", "encoding"],
                 "newline-delimited", base.replace(b"\n", b"\r"), error_class="syntax")

    def value_of(self, key):
        return dict(self.lines)[key]

    def grammar(self):
        lines = self.lines
        base = render(lines)
        string_key = next(k for k, _ in lines if self.decl(k) and self.decl(k)["type"] == "string"
                          and "const" not in self.decl(k) and self.decl(k).get("min_length"))
        other_string = next(k for k, _ in lines if k != string_key and self.decl(k) and self.decl(k)["type"] == "string"
                            and "const" not in self.decl(k))
        const_key = next(k for k, _ in lines if self.decl(k) and "const" in self.decl(k) and self.decl(k)["type"] == "string")
        int_key = next(k for k, _ in lines if self.decl(k) and self.decl(k)["type"] == "u16")
        enum_key = next(k for k, _ in lines if self.decl(k) and self.decl(k)["type"] == "enum")
        counter = self.first_counter()
        one_pair = "one key=value pair per line"

        # = inside values
        v = self.value_of(string_key) + "?profile=a=b"
        self.value_case("kv.eq-in-value", "The first `=` ends the key; later ones belong to the value.", ["kv-eq-in-value"],
                        one_pair, string_key, v)
        self.value_case("kv.eq-in-value.only-equals", f"{other_string} is the single character `=`.", ["kv-eq-in-value"],
                        one_pair, other_string, "=")
        self.value_case("kv.eq-in-value.counter", "A counter whose value holds `=` is not an integer.", ["kv-eq-in-value"],
                        one_pair, counter, "1=1", error_class="wrong_type")

        # duplicates
        def dup(name, description, key, value=None):
            out = []
            for k, v in lines:
                out.append((k, v))
                if k == key:
                    out.append((k, v if value is None else value))
            self.add(name, description, ["kv-duplicate-key", "beyond-schema"], one_pair, render(out), error_class="duplicate_key")
        dup("kv.duplicate-key.same-value", f"{const_key} appears twice with the same value.", const_key)
        dup("kv.duplicate-key.different-value", f"{int_key} appears twice with different values.", int_key, "8")
        dup("kv.duplicate-key.counter", f"The counter {counter} appears twice.", counter)
        vk = self.schema.get("version_key")
        out = [(vk, self.value_of(vk))] + lines
        self.add("kv.duplicate-key.far-apart", f"{vk} appears on the first and on a later line (an unsorted document).",
                 ["kv-duplicate-key", "beyond-schema"], one_pair, render(out), error_class="duplicate_key")
        out = sorted(lines + [("report.note", "a"), ("report.note", "b")])
        self.add("kv.duplicate-key.unknown", "An unknown key appears twice: the grammar applies to every line.",
                 ["kv-duplicate-key", "beyond-schema"], one_pair, render(out), error_class="duplicate_key")

        # blank lines
        text = base.decode("utf-8")
        mid = text.index("\n", len(text) // 2) + 1
        for name, raw, what in (("middle", text[:mid] + "\n" + text[mid:], "an empty line between two pairs"),
                                ("leading", "\n" + text, "an empty first line"),
                                ("trailing", text + "\n", "an empty line after the last pair"),
                                ("whitespace-only", text[:mid] + "  \t\n" + text[mid:], "a line of blanks between two pairs")):
            self.add(f"kv.blank-line.{name}", f"The document holds {what} (a lenient reader may skip it).",
                     ["kv-blank-lines"], one_pair, raw.encode("utf-8"), expect="either", error_class="syntax",
                     expected=self.expected)

        self.add("kv.no-trailing-newline", "The last line has no LF (newline-delimited, or truncated?).",
                 ["kv-no-trailing-newline", "beyond-schema"], "newline-delimited", base[:-1], expect="either", error_class="syntax",
                 expected=self.expected)

        # whitespace
        def key_ws(name, description, before, after):
            raw = text.replace(f"\n{const_key}=", f"\n{before}{const_key}{after}=", 1)
            self.add(name, description, ["kv-whitespace"], one_pair, raw.encode("utf-8"), expect="either",
                     error_class="syntax", expected=self.expected)
        key_ws("kv.whitespace.before-key", f"A space before the key {const_key} (a key has no whitespace; a reader may trim).", " ", "")
        key_ws("kv.whitespace.before-equals", f"A space between {const_key} and `=`.", "", " ")
        key_ws("kv.whitespace.tab-before-key", f"A tab before the key {const_key}.", "\t", "")
        raw = text.replace(f"\n{const_key}=", f"\n{const_key[:3]} {const_key[3:]}=", 1)
        self.add("kv.whitespace.inside-key", "A space inside a key.", ["kv-whitespace"], one_pair, raw.encode("utf-8"),
                 error_class="syntax")
        sv = self.value_of(string_key)
        self.value_case("kv.whitespace.string-value-leading", f"A space after `=`: part of the {string_key} value, kept.",
                        ["kv-whitespace"], one_pair, string_key, " " + sv)
        self.value_case("kv.whitespace.string-value-trailing", f"A space at the end of the {string_key} value, kept.",
                        ["kv-whitespace"], one_pair, string_key, sv + " ")
        iv = self.value_of(int_key)
        self.value_case("kv.whitespace.integer-value-leading", f"{int_key}= {iv}: a space is not a digit.", ["kv-whitespace"],
                        one_pair, int_key, " " + iv, error_class="wrong_type")
        self.value_case("kv.whitespace.integer-value-trailing", f"{int_key}={iv} with a trailing space.", ["kv-whitespace"],
                        one_pair, int_key, iv + " ", error_class="wrong_type")
        self.value_case("kv.whitespace.enum-value", f"{enum_key} with a trailing space is not a defined value.",
                        ["kv-whitespace"], one_pair, enum_key, self.value_of(enum_key) + " ", error_class="invalid_value")
        self.value_case("kv.whitespace.const-value", f"{const_key} with a trailing tab is not `{self.value_of(const_key)}`.",
                        ["kv-whitespace"], one_pair, const_key, self.value_of(const_key) + "\t", error_class="invalid_value")

        # lines that are not pairs, and key syntax
        def insert(name, description, tags, line, error_class=None, expected=None):
            raw = (text[:mid] + line + "\n" + text[mid:]).encode("utf-8")
            if error_class:
                self.add(name, description, tags, one_pair, raw, error_class=error_class)
            else:
                self.add(name, description, tags, one_pair, raw, expect="accept", expected=expected)
        insert("kv.empty-key", "A line `=value`: the key is empty.", ["kv-empty-key", "beyond-schema"], "=dataguard", "syntax")
        insert("kv.no-equals", "A line without `=`.", ["kv-no-equals"], "report.note dataguard", "syntax")
        insert("kv.no-equals.bare-key", "A line holding only a key.", ["kv-no-equals"], "report.note", "syntax")
        insert("kv.comment-line", "A `#` comment line: v1 defines no comments.", ["kv-comment"], "# DataGuard report", "syntax")
        insert("kv.comment-key", "A `#` before a pair: `#` is not a key character.", ["kv-comment", "beyond-schema"], "#report.note=x", "syntax")
        insert("kv.key-syntax.empty-segment", "A counter key with an empty segment (`..`).", ["kv-key-syntax", "beyond-schema"],
               "counts.records..x=1", "syntax")
        insert("kv.key-syntax.trailing-dot", "The key `counts.`: a counter without a name.", ["kv-key-syntax", "beyond-schema"], "counts.=1",
               "syntax")
        insert("kv.key-syntax.leading-dot", "A key starting with a dot.", ["kv-key-syntax", "beyond-schema"], ".report.note=x", "syntax")
        insert("kv.key-syntax.non-ascii", "A key holding a non-ASCII letter.", ["kv-key-syntax", "beyond-schema"], "counts.réd=1", "syntax")
        insert("kv.key-syntax.uppercase", "Upper-case letters, digits, `_` and `-` are key characters; the counter is read.",
               ["kv-key-syntax"], "counts.Records_2-X=5", expected={**self.expected, "counts.Records_2-X": 5})

        # order and degenerate documents
        self.add("kv.order.reversed", "The same pairs in reverse order: order carries no meaning.", ["kv-order"], one_pair,
                 render(list(reversed(lines))), expect="accept", expected=self.expected)
        first = [(k, v) for k, v in lines if k == vk] + [(k, v) for k, v in lines if k != vk]
        self.add("kv.order.version-first", f"{vk} on the first line, the rest sorted.", ["kv-order"], one_pair,
                 render(first), expect="accept", expected=self.expected)
        self.add("kv.empty-file", "An empty file: no version marker.", ["missing-field"], one_pair, b"",
                 error_class="missing_field")
        self.add("kv.only-version", f"Only {vk}=1: the other required keys are missing.", ["missing-field"], one_pair,
                 render([(vk, "1")]), error_class="missing_field")
        added = sorted(lines + [(counter + "_more", "5")])
        self.add("counts.additional", "Another counter under counts.* is part of the model.", ["counts"],
                 "counter keys under counts.*", render(added), expect="accept",
                 expected={**self.expected, counter + "_more": 5})

    def lookalikes(self):
        """Keys that share a prefix with a key group without belonging to it.

        A pattern such as `counts.*` covers the keys under `counts.` only: a
        key that starts with the same letters but has no dot there
        (`counts_legacy`, `counts-total`) is an unknown key, ignored (D-DG-6,
        D-DG-9), whether its value is an integer or not, and it does not count
        as the at least one counter a pattern may require. A conditional
        group's members share a prefix (`cost.`, `schema.`,
        `policy.redaction.`), but an undefined key under that prefix is not a
        member: it is ignored and never makes an absent or disabled group
        present (D-DG-7, D-DG-9)."""
        for pattern, d in self.schema.get("patterns", {}).items():
            prefix = pattern[:-1]
            stem = prefix.rstrip(".")
            slug = stem.replace(".", "-")
            clause = f"counter keys under {pattern}"
            for suffix, key, value, what in (("no-dot", f"{stem}_legacy", "n/a", "a value that is not an integer"),
                                             ("integer", f"{stem}-total", "5", "an integer value")):
                assert self.decl(key) is None, key
                self.add(f"extra-field.{slug}-lookalike.{suffix}",
                         f"{key}={value}: the key starts with `{stem}` but is not under `{prefix}` (no dot), so it is "
                         f"an unknown key, ignored, holding {what}; the model is unchanged (D-DG-6, D-DG-9).",
                         ["extra-fields", "prefix-lookalike"], clause, render(sorted(self.lines + [(key, value)])),
                         expect="accept", expected=self.expected)
            if d.get("min_count", 0) >= 1:
                key = f"{stem}_total"
                lines = sorted([(k, v) for k, v in self.lines if not k.startswith(prefix)] + [(key, "5")])
                self.add(f"missing.{stem}.lookalike-only",
                         f"No key under {pattern}, only {key}=5, which is not under `{prefix}` (no dot): an unknown "
                         f"key, so there is no counter and at least {d['min_count']} is required (D-DG-6).",
                         ["missing-field", "prefix-lookalike"], f"Required keys include counter keys under {pattern}",
                         render(lines), error_class="missing_field")
        for g in self.schema.get("groups", []):
            slug = g["name"].replace(" ", "-")
            clause = f"Conditional keys include {g['name']}"
            members = g.get("all_or_none") or [g["when"]["key"]] + g["then_required"]
            prefix = os.path.commonprefix(members)
            prefix = prefix[: prefix.rindex(".") + 1]
            key = prefix + "note"
            assert prefix and self.decl(key) is None, (g["name"], key)
            if "all_or_none" in g:
                lines = sorted(self.without(*members) + [(key, "x")])
                self.add(f"group-absent.{slug}.lookalike",
                         f"The {g['name']} group is absent but {key}=x, an unknown key under the group's prefix "
                         f"`{prefix}`, is present: it is ignored and does not make the group present (D-DG-7, D-DG-9).",
                         ["conditional", "extra-fields", "prefix-lookalike"], clause, render(lines), expect="accept",
                         expected=self.exp_without(*members))
            if g.get("otherwise_absent"):
                switch, then = g["when"]["key"], g["then_required"]
                lines = sorted([(k, "false" if k == switch else v) for k, v in self.lines if k not in then] + [(key, "x")])
                self.add(f"group-off.{slug}.lookalike",
                         f"{switch}=false with {key}=x, an unknown key under the group's prefix `{prefix}`: only the "
                         f"group's own fields may not appear when it is off; this one is ignored (D-DG-7, D-DG-9).",
                         ["conditional", "extra-fields", "prefix-lookalike"], f"{clause} fields when enabled",
                         render(lines), expect="accept",
                         expected={**self.exp_without(*then), switch: self.typed(switch, "false")})

    def whitespace_strings(self):
        """Every non-empty string key holding only whitespace: not empty, so
        accepted and kept verbatim (D-DG-4, D-KV-7); a reader that trims
        before its emptiness check refuses it."""
        for key, d in self.schema["keys"].items():
            if d["type"] != "string" or "const" in d or d.get("min_length", 0) < 1 or key not in dict(self.lines):
                continue
            self.value_case(f"string.{key}.whitespace-only", f"{key} holds two spaces and a tab: not empty "
                            f"(min length {d['min_length']}), so accepted and kept verbatim, never trimmed (D-DG-4, D-KV-7).",
                            ["string-fidelity", "kv-whitespace"], key, key, "  \t")

    def byte_order(self):
        """A model whose keys sort differently by bytes and by dot-separated
        segments: `-` (0x2D) is the one key byte below `.` (0x2E), so
        `counts.records-total` comes before `counts.records.matched` in byte
        order, after it segment by segment. The canonical rendering is in
        byte order (D-DG-11), so the input is written that way and a writer
        that sorts by segments fails."""
        counter = self.first_counter()
        key = counter.rsplit(".", 1)[0] + "-total"
        assert self.decl(key) and key not in dict(self.lines)
        lines = sorted(self.lines + [(key, "5")])
        keys = [k for k, _ in lines]
        assert keys != sorted(keys, key=lambda k: k.split(".")), "the orders must differ"
        self.add("kv.order.dash-before-dot", f"The counter {key} beside {counter}: in byte order `-` (0x2D) sorts "
                 f"before `.` (0x2E), so the canonical rendering has {key} first; sorted by dot-separated segments it "
                 f"would come after (D-DG-11, D-ALL-9).", ["kv-order", "counts"], "counter keys under counts.*",
                 render(lines), expect="accept", expected={**self.expected, key: 5})

    def run(self):
        self.required()
        self.groups()
        self.types()
        self.versions()
        self.extras()
        self.encodings()
        self.grammar()
        self.lookalikes()
        self.whitespace_strings()
        self.byte_order()
        for name in self.cfg.get("skip", []):
            assert name in self.cfg.get("why", {}), f"{self.folder}: skipped case {name} needs a reason in 'why'"
            self.cases.pop(name, None)
        return self.cases


def files_of(meta, raw, expected):
    files = {"case.json": (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), "input.kv": raw}
    if expected is not None:
        files["expected.json"] = (json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    return files


def process(folder, check):
    bad = []
    for name, (meta, raw, expected) in sorted(Gen(folder).run().items()):
        case_dir = os.path.join(folder, name)
        files = files_of(meta, raw, expected)
        present = set(os.listdir(case_dir)) if os.path.isdir(case_dir) else set()
        for stale in present - set(files):
            bad.append(os.path.join(case_dir, stale))
            if not check:
                os.remove(os.path.join(case_dir, stale))
        for fname, content in files.items():
            target = os.path.join(case_dir, fname)
            if check:
                try:
                    with open(target, "rb") as f:
                        same = f.read() == content
                except OSError:
                    same = False
                if not same:
                    bad.append(target)
            else:
                os.makedirs(case_dir, exist_ok=True)
                with open(target, "wb") as f:
                    f.write(content)
    return bad if check else []


def main(argv):
    check = "--check" in argv
    folders = [a for a in argv if not a.startswith("--")]
    if not folders:
        for fam in sorted(os.listdir(ROOT)):
            fdir = os.path.join(ROOT, fam)
            if not os.path.isdir(fdir):
                continue
            for ver in sorted(os.listdir(fdir)):
                if os.path.isfile(os.path.join(fdir, ver, "corpusgen_kv.json")):
                    folders.append(os.path.join(fdir, ver))
    bad = []
    for folder in folders:
        bad += process(folder, check)
    if bad:
        print("generated KV cases out of date (run tools/corpusgen_kv.py):", *bad, sep="\n  ")
        return 1
    print(f"corpusgen_kv: {len(folders)} family folders {'checked' if check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
