'use strict';
// Field readers for the three Decision Gate families: integers within
// JCS's exact range (D-RP-3: Number.isSafeInteger is exactly that range),
// SHA-256 digests (D-RP-4), timestamps, enums and closed objects (the
// seed's additionalProperties: false).

const f = require('../fields');
const { Reject } = require('../errors');

const HEX64 = /^[0-9a-f]{64}$/;

// In a closed object, the first unknown member is invalid_value.
function closed(o, allowed, path) {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new Reject('invalid_value', `${f.join(path, key)}: unknown member in a closed object`);
    }
  }
}

// 1.0 reads as the integer 1 here (JSON.parse keeps no literal), so the
// float-literal cases are accepted.
function safeInt(value, minimum, path) {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw f.wrong(path, 'an integer', value);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new Reject('out_of_range', `${path}: ${value} is outside ${minimum}..=2^53-1`);
  }
  return value === 0 ? 0 : value;
}

function oneOf(value, allowed, path) {
  const text = f.string(value, path);
  if (!allowed.includes(text)) {
    throw new Reject('invalid_value', `${path}: ${JSON.stringify(text)} is not one of ${allowed.join(', ')}`);
  }
  return text;
}

function digest(value, path, isClosed) {
  const o = f.obj(value, path);
  if (isClosed) closed(o, ['algorithm', 'value'], path);
  const algorithm = oneOf(f.req(o, 'algorithm', path), ['sha256'], `${path}.algorithm`);
  const hex = f.string(f.req(o, 'value', path), `${path}.value`);
  if (!HEX64.test(hex)) throw new Reject('invalid_value', `${path}.value: not 64 lowercase hex digits`);
  return { algorithm, value: hex };
}

function timestamp(value, path, isClosed) {
  const o = f.obj(value, path);
  if (isClosed) closed(o, ['kind', 'value'], path);
  const kind = oneOf(f.req(o, 'kind', path), ['unix_millis', 'logical'], `${path}.kind`);
  const minimum = kind === 'logical' ? 0 : -Number.MAX_SAFE_INTEGER;
  return { kind, value: safeInt(f.req(o, 'value', path), minimum, `${path}.value`) };
}

// An optional `null | string` member; absent reads as null (D-RP-8).
function optNullableString(o, key, path) {
  return f.nullableString(f.has(o, key) ? o[key] : null, f.join(path, key));
}

module.exports = { closed, safeInt, oneOf, digest, timestamp, optNullableString };
