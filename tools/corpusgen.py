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

Usage: corpusgen.py [--check] [corpus/<family>/<version> ...]
  --check   write nothing; exit 1 when a generated case is missing or differs.
With no folder, every folder with a corpusgen.json is processed.
"""

import copy
import json
import os
import sys

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


class Gen:
    def __init__(self, folder, base_name=None):
        self.folder = folder
        with open(os.path.join(folder, "corpusgen.json")) as f:
            self.cfg = json.load(f)
        with open(os.path.join(folder, "schema.json")) as f:
            self.schema = json.load(f)
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
        doc = copy.deepcopy(self.doc)
        set_at(doc, path, "not_a_defined_value")
        self.add(f"enum.{name}.outside", f"{text} holds a value outside its enumeration.", ["enum"], path, doc=doc,
                 error_class="invalid_value")

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
        self.add("syntax.truncated", "The document stops half way.", ["syntax"], [], raw=base[: len(base) // 2],
                 error_class="syntax")
        self.add("syntax.trailing-comma", "A trailing comma after the last member (not JSON).", ["syntax"], [],
                 raw=base.rstrip().rstrip(b"}") .rstrip() + b",\n}\n", error_class="syntax")
        self.add("root.not-an-object", "The document is an array, not an object.", ["wrong-type"], [],
                 doc=[self.doc], error_class="wrong_type")
        marker = self.cfg.get("version_marker")
        if marker:
            mpath = marker.split(".")
            current = get_at(self.doc, mpath)
            future = self.cfg.get("future_version", current + 1 if isinstance(current, int) else None)
            doc = copy.deepcopy(self.doc)
            set_at(doc, mpath, future)
            self.add("future-version", f"{marker} = {json.dumps(future)}, a future major version: rejected, never misread.",
                     ["future-version"], mpath, doc=doc, error_class="unsupported_version")

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
