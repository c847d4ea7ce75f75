#!/usr/bin/env python3
"""Derive the mechanical corpus cases of a JSON family from its schema.

For `corpus/<family>/<version>/` holding `schema.json` (JSON Schema 2020-12),
`corpusgen.json` (settings, below) and a hand-written, reviewed base case
(input.json + expected.json), this writes one case folder per mutation of the
base document. Every expectation is derived from what the mutation means (a
removed required field must be rejected as missing_field, an added unknown
field must leave the model unchanged, ...), never from running a reader.

The normalized model of a JSON family mirrors the document's structure, so an
accepted mutation's expected.json is the base expected.json with the same
change at the same path.

Besides the schema's own cases, every family gets the JSON hazard classes
of DECISIONS.md D-ALL-3/4, D-RV-2 and D-ALL-5 (corpus/DECISIONS.md, "Cases
that isolate one rule"), each breaking that one rule with everything else
consistent: a duplicate key with the same value at every object level, `true`
and an integer-valued fraction (`7.0`), an exponent (`7e0`), a leading zero
and a plus sign in every integer field, `NaN` and
`Infinity` as a number, an unpaired surrogate escape in a string, an enum or
constant value in another letter case, and for a family with a version marker
a future version whose other fields have a new shape too.

Two classes pin what a reader keeps and a writer emits (D-ALL-11): every
boolean field holding `1` and `0` (integers, not booleans), and every free
string field (no const, enum, pattern or format) holding a text that careless
code alters (surrounding spaces, a decomposed accent, U+FEFF, control
characters, U+2028, a character outside the BMP, digits with a leading zero)
and holding the empty string; the model keeps both exactly.

Variants (oneOf/anyOf branches) are walked along the branch the base document
takes: the first non-null branch whose `const` properties all match it. A map
(an object schema with `additionalProperties` as a schema and no `properties`)
has every key as data: its first entry gets the wrong-type, null, bound and
enum cases of the value schema, and no extra-field case.

corpusgen.json:
  base            name of the base case folder (default "maximal")
  also            further reviewed base case folders (e.g. another variant of a
                  oneOf); their mutations are added, except a case name an
                  earlier base already produced (the document-level cases come
                  from `base` only)
  seed            seed clause prefix, e.g. "000_1930ef76aad66ae9.txt § Replay audit JSON v1"
  version_marker  path of the version field, if any (adds a future-version case)
  future_version  the value written there (default: marker value + 1)
  closed_class    class for an unknown field where additionalProperties is false
                  (default "invalid_value")
  skip            case names not to generate (each needs a reason in "why")
  why             {case name: reason} for every skipped case
  overrides       {case name: {"expect":..., "error_class":..., "tags":[...]}}
  fraction_either reason why an integer-valued fraction (`7.0`) in an integer
                  field is `either` rather than rejected (a schema whose
                  `integer` accepts it and no Rust width behind it: D-RP-3);
                  the accepting model holds the integer

Usage: corpusgen.py [--check] [corpus/<family>/<version> ...]
  --check   write nothing; exit 1 when a generated case is missing or differs.
With no folder, every folder with a corpusgen.json is processed.
"""

import copy
import json
import os
import sys

from schema_meta import load_schema

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
EXTRA_KEY = "x_future_field"
EXTRA_VALUE = {"added_by": "a newer additive writer", "nested": [1, "two", None, {"deep": True}]}


def resolve(schema, node):
    """Follows a local $ref."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local refs are supported: {ref}"
        target = schema
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
        seen += 1
    return node


def branches(schema, node):
    node = resolve(schema, node)
    for key in ("oneOf", "anyOf"):
        if key in node:
            return [resolve(schema, b) for b in node[key]]
    return [node]


def types_of(schema, node):
    """The JSON types a schema node admits (a set of names)."""
    out = set()
    for b in branches(schema, node):
        t = b.get("type")
        if isinstance(t, list):
            out.update(t)
        elif isinstance(t, str):
            out.add(t)
        elif "const" in b:
            out.add(json_type(b["const"]))
        elif "enum" in b:
            out.update(json_type(v) for v in b["enum"])
        elif "properties" in b:
            out.add("object")
    if "integer" in out:
        out.add("number")  # for the wrong-type choice below
    return out


def non_null_branch(schema, node, value=None):
    """The branch `value` takes: the first non-null branch whose `const`
    properties all equal the value's members (any non-null branch when
    `value` is not an object or no branch matches)."""
    candidates = [b for b in branches(schema, node) if b.get("type") != "null"]
    if isinstance(value, dict):
        for b in candidates:
            consts = {k: resolve(schema, v)["const"] for k, v in b.get("properties", {}).items()
                      if "const" in resolve(schema, v)}
            if consts and all(k in value and value[k] == c for k, c in consts.items()):
                return b
    return candidates[0] if candidates else resolve(schema, node)


def map_values(schema, node):
    """The value schema of a map node (see the module doc), else None."""
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and "properties" not in node:
        return resolve(schema, extra)
    return None


def json_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


# A value of another type, chosen by the field's own type.
WRONG = {"string": 7, "integer": "7", "number": "7", "boolean": "true", "array": {"0": "x"}, "object": ["x"]}


def wrong_value(types):
    for t in ("string", "integer", "boolean", "array", "object", "number"):
        if t in types:
            candidate = WRONG[t]
            if json_type(candidate) not in types and not (json_type(candidate) == "integer" and "number" in types):
                return candidate
    return None


def a_type(name):
    """A JSON type name with its indefinite article: "an integer", "a string"."""
    return ("an " if name[0] in "aeiou" else "a ") + name


def path_name(path):
    return ".".join(str(p) for p in path) if path else "root"


def path_text(path):
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else ("." + p if out else p)
    return out or "$"


def get_at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def set_at(doc, path, value):
    get_at(doc, path[:-1])[path[-1]] = value


def del_at(doc, path):
    del get_at(doc, path[:-1])[path[-1]]


SENTINEL = "\u0001hazard\u0001"

# A text that careless string handling alters: trimming (the spaces),
# Unicode normalization (e + U+0301), byte-order-mark stripping (U+FEFF
# inside), control-character filtering (U+0001, U+001F, tab), line-separator
# handling (U+2028), UTF-16 surrogate pairs (U+1F600) and number sniffing
# ("007"). D-ALL-11: readers keep it exactly, writers emit it exactly.
FIDELITY = " e\u0301\ufeff\u0001\u001f\t\u2028\U0001F600 007 "


def scalar_type(b):
    """The one non-null type a branch names (`"string"` or `["string", "null"]`), else None."""
    t = b.get("type")
    if isinstance(t, list):
        rest = [x for x in t if x != "null"]
        return rest[0] if len(rest) == 1 else None
    return t


def reversed_members(doc):
    """`doc` with every object's members in reverse order, at every level."""
    if isinstance(doc, dict):
        return {k: reversed_members(doc[k]) for k in reversed(list(doc))}
    if isinstance(doc, list):
        return [reversed_members(v) for v in doc]
    return doc


def all_escaped(doc):
    """`doc` pretty-printed with every character of every key and string as a
    \\u escape (UTF-16 code units, so a pair outside the BMP)."""
    def esc(text):
        units = text.encode("utf-16-be")
        return '"' + "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2)) + '"'

    def render(v, indent):
        pad = "  " * (indent + 1)
        if isinstance(v, dict):
            if not v:
                return "{}"
            items = [f"{pad}{esc(k)}: {render(x, indent + 1)}" for k, x in v.items()]
            return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
        if isinstance(v, list):
            if not v:
                return "[]"
            return "[\n" + ",\n".join(pad + render(x, indent + 1) for x in v) + "\n" + "  " * indent + "]"
        if isinstance(v, str):
            return esc(v)
        return json.dumps(v)

    text = render(doc, 0) + "\n"
    assert json.loads(text) == doc
    return text.encode("ascii")


def dumps(doc):
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def with_literal(doc, path, literal):
    """The document's text with the value at `path` replaced by the raw JSON
    text `literal` (which may be no JSON at all: NaN, a lone surrogate)."""
    d = copy.deepcopy(doc)
    set_at(d, path, SENTINEL)
    text = dumps(d).decode("utf-8")
    token = json.dumps(SENTINEL, ensure_ascii=False)
    assert text.count(token) == 1
    return text.replace(token, literal).encode("utf-8")


def with_duplicate(doc, path):
    """The document's text with the first member of the object at `path`
    written twice, with the same value (so only the duplicate-key rule is
    broken: a first-wins and a last-wins reader see the same model)."""
    d = copy.deepcopy(doc)
    obj = get_at(d, path)
    first = next(iter(obj))
    rebuilt = {}
    for k, v in obj.items():
        rebuilt[k] = v
        if k == first:
            rebuilt[SENTINEL] = copy.deepcopy(v)
    if path:
        set_at(d, path, rebuilt)
    else:
        d = rebuilt
    text = dumps(d).decode("utf-8")
    token = json.dumps(SENTINEL, ensure_ascii=False) + ":"
    assert text.count(token) == 1
    return text.replace(token, json.dumps(first, ensure_ascii=False) + ":").encode("utf-8"), first


def case_variant(value):
    """The same word in another letter case (upper case, or lower case for a
    word that has no lower-case letter)."""
    up = value.upper()
    return up if up != value else value.lower()


def pinned_strings(node):
    """Every string a schema names in a `const` or an `enum`, anywhere in it."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "const" and isinstance(value, str):
                found.append(value)
            elif key == "enum" and isinstance(value, list):
                found += [v for v in value if isinstance(v, str)]
            else:
                found += pinned_strings(value)
    elif isinstance(node, list):
        for value in node:
            found += pinned_strings(value)
    return found


def first_scalar(doc, want, path=(), avoid=()):
    """The path of the first value of type `want` (a json_type name), depth first, whose value is not in `avoid`."""
    if json_type(doc) == want and path and doc not in avoid:
        return list(path)
    if isinstance(doc, dict):
        items = doc.items()
    elif isinstance(doc, list):
        items = enumerate(doc)
    else:
        return None
    for k, v in items:
        found = first_scalar(v, want, path + (k,), avoid)
        if found:
            return found
    return None


class Gen:
    def __init__(self, folder, base_name=None):
        self.folder = folder
        with open(os.path.join(folder, "corpusgen.json")) as f:
            self.cfg = json.load(f)
        self.schema = load_schema(folder)
        base = os.path.join(folder, base_name or self.cfg.get("base", "maximal"))
        with open(os.path.join(base, "input.json"), encoding="utf-8") as f:
            self.doc = json.load(f)
        with open(os.path.join(base, "expected.json"), encoding="utf-8") as f:
            self.expected = json.load(f)
        self.version = os.path.basename(os.path.normpath(folder))
        self.cases = {}

    def seed(self, path):
        return f"{self.cfg['seed']}: {path_text(path)}" if path else self.cfg["seed"]

    def add(self, name, description, tags, path, doc=None, raw=None, expect="reject", error_class=None, expected=None):
        meta = {"description": description, "expect": expect}
        if error_class:
            meta["error_class"] = error_class
        meta["tags"] = ["generated"] + tags
        meta["seed"] = self.seed(path)
        meta["since"] = self.version
        if raw is None:
            raw = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        self.cases[name] = (meta, raw, expected)

    def accept(self, name, description, tags, path, doc, expected):
        self.add(name, description, tags, path, doc=doc, expect="accept", expected=expected)

    def walk(self, node_schema, path):
        """Generates the cases for the object at `path` and below."""
        obj = get_at(self.doc, path)
        node_schema = non_null_branch(self.schema, node_schema, obj)
        props = node_schema.get("properties", {})
        required = node_schema.get("required", [])
        closed = node_schema.get("additionalProperties") is False

        if obj:
            raw, first = with_duplicate(self.doc, path)
            self.add(f"duplicate-key.{path_name(path)}.same-value",
                     f"The object at {path_text(path)} holds the member {json.dumps(first)} twice with the same "
                     f"value (D-ALL-4): only the duplicate-key rule is broken.",
                     ["duplicate-key", "beyond-schema", "json-hazard"], path, raw=raw, error_class="duplicate_key")
        doc = copy.deepcopy(self.doc)
        get_at(doc, path)[EXTRA_KEY] = EXTRA_VALUE
        where = path_text(path)
        if closed:
            self.add(f"extra-field.{path_name(path)}", f"An unknown field in the closed object at {where} is rejected.",
                     ["extra-fields", "closed-model"], path, doc=doc,
                     error_class=self.cfg.get("closed_class", "invalid_value"))
        else:
            self.accept(f"extra-field.{path_name(path)}",
                        f"An unknown field at {where} (a newer additive writer) is ignored; the model is unchanged.",
                        ["extra-fields"], path, doc, self.expected)

        for key, value in obj.items():
            if key not in props:
                continue
            fpath = path + [key]
            fschema = props[key]
            ftypes = types_of(self.schema, fschema)
            name = path_name(fpath)
            text = path_text(fpath)
            if key in required:
                doc = copy.deepcopy(self.doc)
                del_at(doc, fpath)
                self.add(f"missing.{name}", f"The required field {text} is absent.", ["missing-field"], fpath,
                         doc=doc, error_class="missing_field")
                if not closed and key.upper() != key and key.upper() not in obj:
                    doc = copy.deepcopy(self.doc)
                    parent = get_at(doc, path)
                    renamed = {(k.upper() if k == key else k): v for k, v in parent.items()}
                    parent.clear()
                    parent.update(renamed)
                    self.add(f"key-case.{name}", f"The required field {text} is written {json.dumps(key.upper())}: "
                             f"member names are exact (RFC 8259 §8.3 compares them code unit by code unit), so {key} "
                             f"is absent and the other an unknown member (D-ALL-2), although a reader that matches "
                             f"names without regard to case (Go's encoding/json) accepts it.",
                             ["missing-field", "key-case"], fpath, doc=doc, error_class="missing_field")
            wrong = wrong_value(ftypes - {"null"})
            if wrong is not None:
                doc = copy.deepcopy(self.doc)
                set_at(doc, fpath, wrong)
                self.add(f"wrong-type.{name}", f"{text} holds {a_type(json_type(wrong))} instead of {'/'.join(sorted(ftypes - {'number'} if 'integer' in ftypes else ftypes))}.",
                         ["wrong-type"], fpath, doc=doc, error_class="wrong_type")
            doc = copy.deepcopy(self.doc)
            set_at(doc, fpath, None)
            if "null" in ftypes:
                exp = copy.deepcopy(self.expected)
                set_at(exp, fpath, None)
                self.accept(f"null.{name}", f"{text} is null, which the format allows.", ["null"], fpath, doc, exp)
            else:
                self.add(f"null.{name}", f"{text} is null, which the format does not allow.", ["null"], fpath,
                         doc=doc, error_class="wrong_type")
            self.bounds(fschema, fpath)
            self.enums(fschema, fpath)
            self.const_case(fschema, fpath)
            self.booleans(fschema, fpath)
            self.strings(fschema, fpath)
            sub = non_null_branch(self.schema, fschema, value)
            if isinstance(value, dict) and "properties" in sub:
                self.walk(fschema, fpath)
            elif isinstance(value, dict) and value and map_values(self.schema, sub) is not None:
                self.map_entry(map_values(self.schema, sub), fpath + [next(iter(value))])
            elif isinstance(value, list) and value:
                items = resolve(self.schema, sub.get("items", {}))
                if isinstance(value[0], dict) and "properties" in non_null_branch(self.schema, items):
                    self.walk(items, fpath + [0])
                elif "prefixItems" not in sub:
                    self.element_type(items, fpath)
                    self.strings(items, fpath + [0])
                if value and sub.get("minItems", 0) == 0:
                    doc = copy.deepcopy(self.doc)
                    set_at(doc, fpath, [])
                    exp = copy.deepcopy(self.expected)
                    set_at(exp, fpath, [])
                    self.accept(f"array.{name}.empty", f"{text} is the empty array: read as an empty list, and "
                                f"written as [] (never null, never left out; Go writes a nil slice as null).",
                                ["empty-array"], fpath, doc, exp)

    def map_entry(self, vschema, path):
        """Cases for one entry of a map: its value's type, null, bounds, enums."""
        types = types_of(self.schema, vschema)
        name, text = path_name(path), path_text(path)
        wrong = wrong_value(types - {"null"})
        if wrong is not None:
            doc = copy.deepcopy(self.doc)
            set_at(doc, path, wrong)
            self.add(f"wrong-type.{name}", f"The map entry {text} holds {a_type(json_type(wrong))}.",
                     ["wrong-type"], path, doc=doc, error_class="wrong_type")
        doc = copy.deepcopy(self.doc)
        set_at(doc, path, None)
        if "null" in types:
            exp = copy.deepcopy(self.expected)
            set_at(exp, path, None)
            self.accept(f"null.{name}", f"The map entry {text} is null, which the format allows.", ["null"], path,
                        doc, exp)
        else:
            self.add(f"null.{name}", f"The map entry {text} is null, which the format does not allow.", ["null"],
                     path, doc=doc, error_class="wrong_type")
        self.bounds(vschema, path)
        self.enums(vschema, path)
        self.booleans(vschema, path)
        self.strings(vschema, path)

    def element_type(self, items, path):
        types = types_of(self.schema, items)
        wrong = wrong_value(types - {"null"})
        if wrong is None or not types:
            return
        doc = copy.deepcopy(self.doc)
        get_at(doc, path)[0] = wrong
        text = path_text(path + [0])
        self.add(f"wrong-type.{path_name(path + [0])}", f"The element {text} holds {a_type(json_type(wrong))}.",
                 ["wrong-type"], path + [0], doc=doc, error_class="wrong_type")

    def bounds(self, fschema, path):
        b = non_null_branch(self.schema, fschema)
        if b.get("type") != "integer":
            return
        name, text = path_name(path), path_text(path)
        value = get_at(self.doc, path)
        self.add(f"integer.{name}.boolean", f"{text} holds true where an integer is required (D-ALL-3).",
                 ["wrong-type", "json-hazard"], path, raw=with_literal(self.doc, path, "true"),
                 error_class="wrong_type")
        if isinstance(value, int) and not isinstance(value, bool):
            raw = with_literal(self.doc, path, f"{value}.0")
            why = self.cfg.get("fraction_either")
            if why:
                exp = copy.deepcopy(self.expected)
                set_at(exp, path, value)
                self.add(f"integer.{name}.fraction", f"{text} is written {value}.0, an integer-valued fraction: "
                         f"{why} Either; a reader that accepts must give the integer {value}.",
                         ["wrong-type", "json-hazard", "beyond-schema"], path, raw=raw, expect="either",
                         error_class="wrong_type",
                         expected=exp)
            else:
                self.add(f"integer.{name}.fraction", f"{text} is written {value}.0, an integer-valued fraction "
                         f"(D-ALL-3: integer literals only).", ["wrong-type", "json-hazard", "beyond-schema"], path,
                         raw=raw, error_class="wrong_type")
        if isinstance(value, int) and not isinstance(value, bool):
            self.integer_spellings(path, value)
        width = b.get("x-width", "")
        for edge, value, ok in (("max", b.get("maximum"), True), ("max-plus-1", None, False),
                                ("min", b.get("minimum"), True), ("min-minus-1", None, False)):
            if edge == "max-plus-1":
                value = b["maximum"] + 1 if "maximum" in b else None
            if edge == "min-minus-1":
                value = b["minimum"] - 1 if "minimum" in b else None
            if value is None:
                continue
            doc = copy.deepcopy(self.doc)
            set_at(doc, path, value)
            if ok:
                exp = copy.deepcopy(self.expected)
                set_at(exp, path, value)
                self.accept(f"bound.{name}.{edge}", f"{text} = {value}, its {width} {edge}imum, is accepted exactly.",
                            ["bound"], path, doc, exp)
            else:
                self.add(f"bound.{name}.{edge}", f"{text} = {value}, one past its {width} range, is rejected.",
                         ["bound"], path, doc=doc, error_class="out_of_range")

    def integer_spellings(self, path, value):
        """The field's own value spelled as an exponent (`7e0`, not an integer
        literal: D-ALL-3, as `7.0`), with a leading zero or a plus sign (not
        JSON numbers at all, RFC 8259 §6): what hand-written lexers and lenient
        parsers let through."""
        name, text = path_name(path), path_text(path)
        raw = with_literal(self.doc, path, f"{value}e0")
        why = self.cfg.get("fraction_either")
        if why:
            exp = copy.deepcopy(self.expected)
            set_at(exp, path, value)
            self.add(f"integer.{name}.exponent", f"{text} is written {value}e0, an exponent: {why} Either; a reader "
                     f"that accepts must give the integer {value}.", ["wrong-type", "json-hazard", "integer-spelling",
                                                                      "beyond-schema"],
                     path, raw=raw, expect="either", error_class="wrong_type", expected=exp)
        else:
            self.add(f"integer.{name}.exponent", f"{text} is written {value}e0: the value {value}, but not an integer "
                     f"literal (D-ALL-3). JSON Schema counts it as an integer.",
                     ["wrong-type", "json-hazard", "integer-spelling", "beyond-schema"], path, raw=raw,
                     error_class="wrong_type")
        for literal, word, what in ((f"0{value}", "leading-zero", "a leading zero"),
                                    (f"+{value}", "plus-sign", "a plus sign")):
            if value < 0:
                continue
            self.add(f"integer.{name}.{word}", f"{text} is written {literal}: JSON numbers have no {what[2:]} "
                     f"(RFC 8259 §6), so the document is not JSON.", ["syntax", "json-hazard", "integer-spelling"],
                     path, raw=with_literal(self.doc, path, literal), error_class="syntax")

    def booleans(self, fschema, path):
        """`1` and `0` where a boolean belongs: integers, not booleans; and
        the other value, kept (a writer that leaves out `false`, Go's
        omitempty, or a reader that defaults it)."""
        b = non_null_branch(self.schema, fschema)
        if scalar_type(b) != "boolean":
            return
        name, text = path_name(path), path_text(path)
        value = get_at(self.doc, path)
        if isinstance(value, bool) and "const" not in b:
            doc = copy.deepcopy(self.doc)
            set_at(doc, path, not value)
            exp = copy.deepcopy(self.expected)
            set_at(exp, path, not value)
            self.accept(f"boolean.{name}.{str(not value).lower()}", f"{text} is {str(not value).lower()}, the other "
                        f"value of the base case: read and written as such, never left out or defaulted (D-ALL-11).",
                        ["boolean-value"], path, doc, exp)
        for literal, word in (("1", "one"), ("0", "zero")):
            self.add(f"boolean.{name}.integer-{word}", f"{text} holds the integer {literal} where a boolean is "
                     f"required: JSON's booleans are true and false, and {literal} is not one (D-ALL-11).",
                     ["wrong-type", "json-hazard", "boolean-integer"], path,
                     raw=with_literal(self.doc, path, literal), error_class="wrong_type")

    def strings(self, fschema, path):
        """A free string field holding FIDELITY, and the empty string."""
        b = non_null_branch(self.schema, fschema)
        if scalar_type(b) != "string" or any(k in b for k in ("const", "enum", "pattern", "format")):
            return
        name, text = path_name(path), path_text(path)
        for value, word, what in ((FIDELITY, "fidelity", "a text with surrounding spaces, a decomposed accent, "
                                   "U+FEFF, control characters, U+2028, a character outside the BMP and digits with "
                                   "a leading zero"),
                                  ("", "empty", "the empty string")):
            if len(value) > b.get("maxLength", len(value)) or len(value) < b.get("minLength", 0):
                continue
            doc = copy.deepcopy(self.doc)
            set_at(doc, path, value)
            exp = copy.deepcopy(self.expected)
            set_at(exp, path, value)
            self.accept(f"string.{name}.{word}", f"{text} holds {what}: kept exactly, not trimmed, normalized, "
                        f"filtered, nulled or read as a number (D-ALL-11).", ["string-fidelity"], path, doc, exp)

    def enums(self, fschema, path):
        b = non_null_branch(self.schema, fschema)
        values = b.get("enum")
        if not values or not all(isinstance(v, str) for v in values):
            return
        name, text = path_name(path), path_text(path)
        for v in values:
            doc = copy.deepcopy(self.doc)
            set_at(doc, path, v)
            exp = copy.deepcopy(self.expected)
            set_at(exp, path, v)
            self.accept(f"enum.{name}.{v}", f"{text} = \"{v}\", a value the format defines.", ["enum"], path, doc, exp)
        variant = case_variant(values[0])
        if variant not in values:
            doc = copy.deepcopy(self.doc)
            set_at(doc, path, variant)
            self.add(f"enum.{name}.case", f"{text} = \"{variant}\": a defined value in another letter case "
                     f"(enumerations are case-sensitive).", ["enum", "enum-case"], path, doc=doc,
                     error_class="invalid_value")
        self.padded(path, values[0], "enum", "a defined value")
        doc = copy.deepcopy(self.doc)
        set_at(doc, path, "not_a_defined_value")
        self.add(f"enum.{name}.outside", f"{text} holds a value outside its enumeration.", ["enum"], path, doc=doc,
                 error_class="invalid_value")

    def padded(self, path, value, kind, what):
        """`value` with a space before it and a newline after it: outside the
        format (values are compared exactly, D-ALL-11), though a reader that
        trims before comparing (Go strings.TrimSpace, Python str.strip)
        accepts it."""
        doc = copy.deepcopy(self.doc)
        padded = f" {value}\n"
        set_at(doc, path, padded)
        self.add(f"{kind}.{path_name(path)}.whitespace", f"{path_text(path)} = {json.dumps(padded)}: {what} with "
                 f"a space before it and a newline after it, which is not that value (values are compared exactly, "
                 f"never trimmed: D-ALL-11).", ["enum", "enum-whitespace"], path, doc=doc, error_class="invalid_value")

    def const_case(self, fschema, path):
        """A string constant in another letter case is outside the format."""
        value = get_at(self.doc, path)
        b = non_null_branch(self.schema, fschema)
        if not isinstance(b.get("const"), str) or value != b["const"] or case_variant(value) == value:
            return
        doc = copy.deepcopy(self.doc)
        set_at(doc, path, case_variant(value))
        self.add(f"const.{path_name(path)}.case", f"{path_text(path)} = \"{case_variant(value)}\": the constant "
                 f"{json.dumps(value)} in another letter case.", ["enum", "enum-case"], path, doc=doc,
                 error_class="invalid_value")
        self.padded(path, value, "const", f"the constant {json.dumps(value)}")

    def walked(self):
        """The field-level cases of this base (no document-level ones)."""
        self.walk(self.schema, [])
        return self.cases

    def documents(self):
        base = (json.dumps(self.doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        self.add("encoding.bom", "A UTF-8 byte order mark before the document (RFC 8259 lets a parser ignore it).",
                 ["bom", "encoding"], [], raw=b"\xef\xbb\xbf" + base, expect="either", error_class="encoding",
                 expected=self.expected)
        first_string = base.find(b'": "')
        if first_string >= 0:
            at = first_string + 4
            self.add("encoding.invalid-utf8", "A string holds the byte 0xFF, which is not UTF-8.",
                     ["invalid-utf8", "encoding"], [], raw=base[:at] + b"\xff" + base[at:], error_class="encoding")
        self.accept("encoding.crlf", "The document uses CRLF line endings (JSON whitespace); the model is unchanged.",
                    ["crlf", "encoding"], [], None, self.expected)
        self.cases["encoding.crlf"] = (self.cases["encoding.crlf"][0], base.replace(b"\n", b"\r\n"), self.expected)
        self.accept("layout.members-reversed", "Every object's members in reverse order, at every level: member "
                    "order carries no meaning (RFC 8259 §4), and a version marker is read first wherever it stands "
                    "(D-ALL-5, D-ALL-6); the model is unchanged.", ["layout"], [], reversed_members(self.doc),
                    self.expected)
        self.add("layout.minified", "The document on one line with no whitespace and no final newline (D-ALL-6); the "
                 "model is unchanged.", ["layout"], [], expect="accept", expected=self.expected,
                 raw=json.dumps(self.doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        self.add("layout.all-escaped", "Every character of every key and string written as a \\u escape (a pair "
                 "for one outside the BMP): the same document (RFC 8259 §7); the model is unchanged.", ["layout"], [],
                 expect="accept", expected=self.expected, raw=all_escaped(self.doc))
        self.add("layout.surrounding-whitespace", "All four JSON whitespace characters (space, tab, CR, LF) before "
                 "and after the document: insignificant (RFC 8259 §2); the model is unchanged.", ["layout"], [],
                 expect="accept", expected=self.expected, raw=b" \t\r\n" + base + b"\t \r\n")
        for name, raw, where in (("before", b"\xc2\xa0" + base, "before the document"),
                                 ("after", base.rstrip(b"\n") + b"\xc2\xa0\n", "after the document")):
            self.add(f"syntax.nbsp-{name}", f"A NO-BREAK SPACE (U+00A0) {where}: valid UTF-8 but not JSON white "
                     "space (RFC 8259 §2 has space, tab, CR and LF only), so the text is not JSON, though a reader "
                     "that trims with a Unicode-aware strip() (Python's str.strip, .NET's Trim) before parsing "
                     "accepts it.", ["syntax", "json-hazard"], [], raw=raw, error_class="syntax")
        self.add("syntax.whitespace-only", "Only JSON white space: no value at all.", ["syntax", "json-hazard"], [],
                 raw=b" \t\r\n", error_class="syntax")
        self.add("root.null", "The document is the JSON value null: well-formed, but the root must be an object (a "
                 "reader that decodes into a struct or a nullable pointer takes null for an empty document).",
                 ["wrong-type", "null"], [], raw=b"null\n", error_class="wrong_type")
        self.add("encoding.utf16le", "The document in UTF-16LE with its byte order mark: JSON exchanged between "
                 "systems must be UTF-8 (RFC 8259 §8.1), and these bytes are not (a reader that sniffs the encoding "
                 "from the byte order mark accepts it).", ["encoding", "json-hazard"], [],
                 raw=b"\xff\xfe" + base.decode("utf-8").encode("utf-16-le"), error_class="encoding")
        self.add("syntax.truncated", "The document stops half way.", ["syntax"], [], raw=base[: len(base) // 2],
                 error_class="syntax")
        self.add("syntax.trailing-comma", "A trailing comma after the last member (not JSON).", ["syntax"], [],
                 raw=base.rstrip().rstrip(b"}") .rstrip() + b",\n}\n", error_class="syntax")
        for name, tail, what in (("second-document", base, "a second copy of the document"),
                                 ("trailing-garbage", b"x\n", "the byte x"),
                                 ("trailing-nul", b"\x00", "a NUL byte")):
            self.add(f"syntax.{name}", f"The document followed by {what}: a JSON text is one value (RFC 8259 §2), so "
                     "this is not JSON, though a decoder that reads one value and stops (Go's json.Decoder) accepts "
                     "it.", ["syntax", "json-hazard", "trailing-content"], [], raw=base + tail, error_class="syntax")
        self.add("syntax.empty-file", "An empty file: no JSON value at all.", ["syntax", "json-hazard"], [], raw=b"",
                 error_class="syntax")
        self.add("root.not-an-object", "The document is an array, not an object.", ["wrong-type"], [],
                 doc=[self.doc], error_class="wrong_type")
        number = first_scalar(self.doc, "integer") or first_scalar(self.doc, "boolean") or first_scalar(self.doc, "string")
        for literal in ("NaN", "Infinity"):
            self.add(f"lexical.{literal.lower()}", f"{path_text(number)} is written {literal}, which is not JSON "
                     f"(RFC 8259 §6 has no such number).", ["syntax", "json-hazard"], number,
                     raw=with_literal(self.doc, number, literal), error_class="syntax")
        # A free string: one the schema does not pin by const or enum, so the
        # unpaired surrogate is the only fault.
        string = first_scalar(self.doc, "string", avoid=pinned_strings(self.schema))
        if string:
            self.add("lexical.lone-surrogate", f"{path_text(string)} is the escape \\ud800, an unpaired surrogate "
                     f"with no UTF-8 form (D-RV-2).", ["encoding", "json-hazard", "beyond-schema"], string,
                     raw=with_literal(self.doc, string, '"\\ud800"'), error_class="encoding")
        if isinstance(self.doc, dict) and self.doc:
            # Beyond the schema unless the root is closed (then the schema
            # refuses the unknown member, whatever its name).
            self.add("lexical.lone-surrogate-key", "An extra member at the top whose name is the escape \\ud800, an "
                     "unpaired surrogate with no UTF-8 form: member names are strings too (D-RV-2), so encoding, "
                     "whether or not the object takes unknown members.", ["encoding", "json-hazard"] +
                     ([] if self.schema.get("additionalProperties") is False else ["beyond-schema"]),
                     [], raw=b'{"\\ud800": 0,' + base.lstrip()[1:], error_class="encoding")
        for name, text, what in (("comment-line", b"// written by conformkit\n" + base, "a // comment line before it"),
                                 ("comment-block", b"{ /* a comment */" + base.lstrip()[1:],
                                  "a /* */ comment after its first brace")):
            self.add(f"syntax.{name}", f"The document with {what}: JSON has no comments (RFC 8259 §2), though a "
                     "JSONC or JSON5 reader (a config-file habit) skips them.", ["syntax", "json-hazard"], [],
                     raw=text, error_class="syntax")
        first_key = base.find(b'"')
        end_key = base.find(b'"', first_key + 1)
        if first_key >= 0 and end_key > first_key:
            self.add("syntax.single-quotes", "The first member name in single quotes: not JSON (RFC 8259 §7), though "
                     "a JSON5 reader or a Python literal_eval accepts it.", ["syntax", "json-hazard"], [],
                     raw=base[:first_key] + b"'" + base[first_key + 1:end_key] + b"'" + base[end_key + 1:],
                     error_class="syntax")
        marker = self.cfg.get("version_marker")
        if marker:
            mpath = marker.split(".")
            current = get_at(self.doc, mpath)
            future = self.cfg.get("future_version", current + 1 if isinstance(current, int) else None)
            doc = copy.deepcopy(self.doc)
            set_at(doc, mpath, future)
            self.add("future-version", f"{marker} = {json.dumps(future)}, a future major version: rejected, never misread.",
                     ["future-version"], mpath, doc=doc, error_class="unsupported_version")
            # The marker last and every other field reshaped: a reader that
            # does not read the marker first answers missing_field or
            # wrong_type (D-ALL-5).
            reshaped = {}
            for key, value in self.doc.items():
                if key == mpath[0]:
                    continue
                reshaped[key + "_v2"] = value
            first_key = next(iter(reshaped))
            reshaped[first_key] = [reshaped[first_key]]
            carrier = copy.deepcopy(get_at(self.doc, mpath[:1]))
            if len(mpath) > 1:
                for key in list(carrier):
                    if key != mpath[1]:
                        carrier[key + "_v2"] = carrier.pop(key)
            reshaped[mpath[0]] = carrier
            set_at(reshaped, mpath, future)
            self.add("future-version.new-shape", f"{marker} = {json.dumps(future)}, written last, and every other "
                     f"field renamed or retyped: still unsupported_version, since the marker is read first (D-ALL-5).",
                     ["future-version"], mpath, doc=reshaped, error_class="unsupported_version")

    def run(self):
        self.walk(self.schema, [])
        self.documents()
        for other in self.cfg.get("also", []):
            for name, case in Gen(self.folder, other).walked().items():
                self.cases.setdefault(name, case)
        for name in self.cfg.get("skip", []):
            assert name in self.cfg.get("why", {}), f"{self.folder}: skipped case {name} needs a reason in 'why'"
            self.cases.pop(name, None)
        for name, over in self.cfg.get("overrides", {}).items():
            meta, raw, expected = self.cases[name]
            meta = dict(meta)
            meta.update({k: v for k, v in over.items() if k != "expected"})
            if meta["expect"] == "reject":
                expected = None
            if meta["expect"] == "accept":
                meta.pop("error_class", None)
            order = ["description", "expect", "error_class", "tags", "seed", "since"]
            meta = {k: meta[k] for k in sorted(meta, key=lambda k: order.index(k) if k in order else len(order))}
            self.cases[name] = (meta, raw, expected)
        return self.cases


def render(meta, expected):
    files = {"case.json": (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8")}
    if expected is not None:
        files["expected.json"] = (json.dumps(expected, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def process(folder, check):
    bad = []
    for name, (meta, raw, expected) in sorted(Gen(folder).run().items()):
        case_dir = os.path.join(folder, name)
        existing = os.path.join(case_dir, "case.json")
        if os.path.exists(existing):
            with open(existing, encoding="utf-8") as f:
                assert "generated" in json.load(f).get("tags", []), f"{case_dir}: a generated name hides a hand-written case"
        files = render(meta, expected)
        files["input.json"] = raw
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
    return bad


def main(argv):
    check = "--check" in argv
    folders = [a for a in argv if not a.startswith("--")]
    if not folders:
        for fam in sorted(os.listdir(ROOT)):
            fdir = os.path.join(ROOT, fam)
            if not os.path.isdir(fdir):
                continue
            for ver in sorted(os.listdir(fdir)):
                if os.path.isfile(os.path.join(fdir, ver, "corpusgen.json")):
                    folders.append(os.path.join(fdir, ver))
    bad = []
    for folder in folders:
        bad += process(folder, check)
    if bad:
        print("generated cases out of date (run tools/corpusgen.py):", *bad, sep="\n  ")
        return 1
    print(f"corpusgen: {len(folders)} family folders {'checked' if check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
