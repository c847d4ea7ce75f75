'use strict';
// DataGuard report KV v1 (seed 000) on the KV grammar: the keys and types
// of D-DG-1, judged in the order of D-DG-2 (grammar, then report.v, then
// the first faulty value in document order, then missing required keys,
// then the conditional groups). The model is a flat object of the v1 keys
// present, typed (D-DG-10); the writer renders it sorted by key (D-DG-11).
//
// Integers are checked against their width exactly (BigInt), but the model
// holds them as Numbers, because JSON.stringify cannot write a BigInt: a
// u64 counter past 2^53 comes out rounded. A careful implementer would
// write its own JSON for such values.

const fs = require('fs');
const { Reject } = require('../errors');
const { readFile } = require('../jsontext');
const kv = require('../kv');

const MAX = { u16: 2n ** 16n - 1n, u32: 2n ** 32n - 1n, u64: 2n ** 64n - 1n };
const KEYS = {
  'report.v': ['u32'],
  'report.kind': ['const', 'dataguard'],
  'schema.registry_root': ['string'],
  'expected.codec_id': ['u16'],
  'schema.id': ['string'],
  'schema.version': ['u32'],
  'policy.redaction.mode': ['enum', ['off', 'mask', 'hash', 'drop']],
  'policy.redaction.rules': ['u32'],
  'cost.enabled': ['bool'],
  'cost.center': ['string'],
  'cost.bytes': ['u64'],
};
const COUNTS = 'counts.';
const REQUIRED = ['report.kind', 'schema.registry_root', 'expected.codec_id'];
const GROUPS = [['schema.id', 'schema.version'], ['policy.redaction.mode', 'policy.redaction.rules']];

function specOf(key) {
  if (key.startsWith(COUNTS)) return ['u64'];
  return Object.prototype.hasOwnProperty.call(KEYS, key) ? KEYS[key] : null;
}

function typed(key, text, [kind, extra]) {
  if (kind in MAX) {
    if (/^-[0-9]+$/.test(text)) throw new Reject('out_of_range', `${key}: ${text} is negative`);
    if (!/^[0-9]+$/.test(text)) throw new Reject('wrong_type', `${key}: ${JSON.stringify(text)} is not decimal digits`);
    if (BigInt(text) > MAX[kind]) throw new Reject('out_of_range', `${key}: ${text} is past ${kind}`);
    return Number(text); // leading zeros denote the number (D-DG-3)
  }
  if (kind === 'bool') {
    if (text !== 'true' && text !== 'false') throw new Reject('wrong_type', `${key}: not true or false`);
    return text === 'true';
  }
  if (kind === 'const' && text !== extra) throw new Reject('invalid_value', `${key}: v1 has only ${extra}`);
  if (kind === 'enum' && !extra.includes(text)) {
    throw new Reject('invalid_value', `${key}: ${JSON.stringify(text)} is not one of ${extra.join(', ')}`);
  }
  if (kind === 'string' && text === '') throw new Reject('invalid_value', `${key}: must not be empty`);
  return text;
}

function modelOf(bytes) {
  const pairs = kv.parse(bytes);
  const version = pairs.find((p) => p.key === 'report.v');
  if (!version) throw new Reject('missing_field', 'report.v: required');
  if (typed('report.v', version.value, KEYS['report.v']) !== 1) {
    throw new Reject('unsupported_version', `report.v: ${version.value}, this reader implements 1`);
  }
  const model = {};
  for (const { line, key, value } of pairs) {
    const spec = specOf(key);
    if (spec === null) continue; // keys v1 does not define are ignored (D-DG-9)
    try {
      model[key] = typed(key, value, spec);
    } catch (e) {
      throw e instanceof Reject ? e.within(`line ${line}`) : e;
    }
  }
  const has = (key) => Object.prototype.hasOwnProperty.call(model, key);
  for (const key of REQUIRED) if (!has(key)) throw new Reject('missing_field', `${key}: required`);
  if (!Object.keys(model).some((k) => k.startsWith(COUNTS))) {
    throw new Reject('missing_field', 'counts.*: at least one counter is required');
  }
  for (const [a, b] of GROUPS) {
    if (has(a) !== has(b)) throw new Reject('missing_field', `${has(a) ? b : a}: required with ${has(a) ? a : b}`);
  }
  const enabled = model['cost.enabled'] === true;
  for (const key of ['cost.center', 'cost.bytes']) {
    if (enabled && !has(key)) throw new Reject('missing_field', `${key}: required when cost.enabled=true`);
    if (!enabled && has(key)) throw new Reject('invalid_value', `${key}: only when cost.enabled=true`);
  }
  return model;
}

function text(key, value) {
  if (typeof value === 'boolean' || typeof value === 'string') return String(value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value).toString();
  throw new Reject('wrong_type', `${key}: a KV value is a string, an integer or a boolean`);
}

function write(model, out) {
  if (model === null || typeof model !== 'object' || Array.isArray(model)) {
    throw new Reject('wrong_type', 'the model is an object');
  }
  const keys = Object.keys(model).sort();
  const bytes = kv.render(keys.map((k) => [k, text(k, model[k])]));
  // Read the rendering back: a model the reader would refuse is refused.
  modelOf(bytes);
  fs.writeFileSync(out, bytes, { flag: 'wx' });
}

module.exports = { read: (path) => modelOf(readFile(path)), write, modelOf };
