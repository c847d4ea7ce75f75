#!/usr/bin/env python3
"""Print what Python's `jsonschema` (Draft 2020-12, no options) says about
every case of every JSON family: one JSON object {case id: true|false}.

The document is read with Python's `json` module over the UTF-8 text (an
unpaired surrogate escape is kept, a duplicate key keeps the last value),
refusing `NaN` and `Infinity`, which `json` takes by default but RFC 8259
does not; a text that is not UTF-8 JSON counts as refused. Every
corpus/<family>/<version>/schema.json must load (check_schema) or this
exits 2. harness/tests/python_jsonschema.rs compares the verdicts with the
Rust `jsonschema` crate's.

Usage: schema_verdicts.py [corpus-dir]
"""

import glob
import json
import os
import sys

from jsonschema import Draft202012Validator


def not_json(constant):
    raise ValueError(f"{constant} is not JSON (RFC 8259)")


def main(argv):
    root = argv[0] if argv else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
    verdicts = {}
    for schema_path in sorted(glob.glob(os.path.join(root, "*", "*", "schema.json"))):
        version_dir = os.path.dirname(schema_path)
        family, version = os.path.basename(os.path.dirname(version_dir)), os.path.basename(version_dir)
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as e:  # noqa: BLE001 - any failure to load is the answer
            print(f"{schema_path}: does not load in jsonschema: {e}", file=sys.stderr)
            return 2
        validator = Draft202012Validator(schema)
        for input_path in sorted(glob.glob(os.path.join(version_dir, "*", "input.json"))):
            case = os.path.basename(os.path.dirname(input_path))
            with open(input_path, "rb") as f:
                data = f.read()
            try:
                ok = validator.is_valid(json.loads(data.decode("utf-8"), parse_constant=not_json))
            except (UnicodeDecodeError, ValueError, RecursionError):
                ok = False
            verdicts[f"{family}/{version}/{case}"] = ok
    json.dump(verdicts, sys.stdout, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
