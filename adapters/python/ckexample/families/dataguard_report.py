"""DataGuard report KV v1 (seed 000) on the KV grammar: the keys and types
of D-DG-1, judged in the order of D-DG-2 (grammar, then report.v, then the
first faulty value in document order, then missing required keys, then the
conditional groups). The model is a flat object of the v1 keys present,
typed (D-DG-10); the writer renders it sorted by key (D-DG-11)."""

import re

from .. import jsontext, kv
from ..errors import Reject

DIGITS = re.compile(r"[0-9]+\Z")
NEGATIVE = re.compile(r"-[0-9]+\Z")
MAX = {"u16": 2**16 - 1, "u32": 2**32 - 1, "u64": 2**64 - 1}
REDACTION_MODES = ("off", "mask", "hash", "drop")

# key -> (type, extra): "string" with a minimum length, "const" text,
# "enum" values, "bool", or an unsigned width.
KEYS = {
    "report.v": ("u32", None),
    "report.kind": ("const", "dataguard"),
    "schema.registry_root": ("string", 1),
    "expected.codec_id": ("u16", None),
    "schema.id": ("string", 1),
    "schema.version": ("u32", None),
    "policy.redaction.mode": ("enum", REDACTION_MODES),
    "policy.redaction.rules": ("u32", None),
    "cost.enabled": ("bool", None),
    "cost.center": ("string", 1),
    "cost.bytes": ("u64", None),
}
COUNTS = "counts."
REQUIRED = ("report.kind", "schema.registry_root", "expected.codec_id")


def _spec(key):
    if key.startswith(COUNTS):
        return ("u64", None)
    return KEYS.get(key)


def _value(key, text, kind, extra):
    if kind in MAX:
        if NEGATIVE.match(text):
            raise Reject("out_of_range", "%s: %s is negative, a %s is not" % (key, text, kind))
        if not DIGITS.match(text):
            raise Reject("wrong_type", "%s: %r is not decimal digits (%s)" % (key, text, kind))
        number = int(text)  # leading zeros denote the number (D-DG-3)
        if number > MAX[kind]:
            raise Reject("out_of_range", "%s: %s is past %s" % (key, text, kind))
        return number
    if kind == "bool":
        if text not in ("true", "false"):
            raise Reject("wrong_type", "%s: %r is not true or false" % (key, text))
        return text == "true"
    if kind == "const":
        if text != extra:
            raise Reject("invalid_value", "%s: %r, v1 has only %r" % (key, text, extra))
        return text
    if kind == "enum":
        if text not in extra:
            raise Reject("invalid_value", "%s: %r is not one of %s" % (key, text, ", ".join(extra)))
        return text
    if len(text) < extra:
        raise Reject("invalid_value", "%s: must not be empty" % key)
    return text


def model_of(data):
    pairs = kv.parse(data)
    texts = {key: value for _, key, value in pairs}
    if "report.v" not in texts:
        raise Reject("missing_field", "report.v: required")
    version = _value("report.v", texts["report.v"], "u32", None)
    if version != 1:
        raise Reject("unsupported_version", "report.v: %d, this reader implements 1" % version)
    model = {}
    for number, key, text in pairs:
        spec = _spec(key)
        if spec is not None:  # keys v1 does not define are ignored (D-DG-9)
            try:
                model[key] = _value(key, text, *spec)
            except Reject as e:
                raise e.within("line %d" % number)
    for key in REQUIRED:
        if key not in model:
            raise Reject("missing_field", "%s: required" % key)
    if not any(key.startswith(COUNTS) for key in model):
        raise Reject("missing_field", "counts.*: at least one counter is required")
    for pair in (("schema.id", "schema.version"), ("policy.redaction.mode", "policy.redaction.rules")):
        present = [k for k in pair if k in model]
        if len(present) == 1:
            missing = pair[1] if present[0] == pair[0] else pair[0]
            raise Reject("missing_field", "%s: required with %s" % (missing, present[0]))
    enabled = model.get("cost.enabled", False)
    for key in ("cost.center", "cost.bytes"):
        if enabled and key not in model:
            raise Reject("missing_field", "%s: required when cost.enabled=true" % key)
        if not enabled and key in model:
            raise Reject("invalid_value", "%s: only when cost.enabled=true" % key)
    return model


def read(path):
    return model_of(jsontext.read_file(path))


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    raise Reject("wrong_type", "a KV value is a string, an integer or a boolean, found %r" % type(value).__name__)


def write(model, out):
    if not isinstance(model, dict):
        raise Reject("wrong_type", "the model is an object")
    data = kv.render((key, _text(model[key])) for key in sorted(model))
    # The writer reads its own rendering back: a model the reader would
    # refuse (or read differently) is refused.
    if model_of(data) != model:
        raise Reject("invalid_value", "the model does not read back as itself")
    with open(out, "xb") as fh:
        fh.write(data)
