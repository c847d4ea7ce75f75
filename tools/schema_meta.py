"""Load a family version's `schema.json` with the gate's `x-` keywords of
its `schema.meta.json` (`conformkit-schema-meta/1`, corpus/SCHEMAS.md) put
back at their JSON pointers: the value the inline form would have. The
harness's reading of the sidecar is harness/src/compat/schema_meta.rs; this
is the generators' (tools/corpusgen.py reads `x-width`).
"""

import json
import os

FORMAT = "conformkit-schema-meta/1"


def load_schema(folder):
    """schema.json of `folder`, merged with schema.meta.json when present."""
    with open(os.path.join(folder, "schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    meta_path = os.path.join(folder, "schema.meta.json")
    if not os.path.exists(meta_path):
        return schema
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("format") != FORMAT:
        raise SystemExit(f"{meta_path}: `format` must be {FORMAT}")
    for pointer, keywords in meta["annotations"].items():
        target = schema
        for step in pointer.split("/")[1:]:
            step = step.replace("~1", "/").replace("~0", "~")
            target = target[int(step)] if isinstance(target, list) else target[step]
        for key, value in keywords.items():
            if not key.startswith("x-") or key in target:
                raise SystemExit(f"{meta_path}: {pointer}: `{key}` is not a new x- keyword")
            target[key] = value
    return schema
