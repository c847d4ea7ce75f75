'use strict';
// Typed access to a parsed JSON value, each failure classified with the
// field path: objects, required members, strings, booleans, unsigned
// integers of a declared width (D-ALL-3), arrays and nullable strings.

const { Reject } = require('./errors');

// The widths' maxima as doubles. 2 ** 64 - 1 and 2 ** 128 - 1 are not
// doubles: they round up to 2 ** 64 and 2 ** 128, so one past the maximum
// passes this check (JSON.parse already rounded the value anyway).
const WIDTHS = { u16: 2 ** 16 - 1, u32: 2 ** 32 - 1, u64: 2 ** 64 - 1, u128: 2 ** 128 - 1 };

function kind(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a non-integer number';
  return { boolean: 'a boolean', string: 'a string', object: 'an object' }[typeof value];
}

function wrong(path, expected, value) {
  return new Reject('wrong_type', `${path}: expected ${expected}, found ${kind(value)}`);
}

function join(path, key) {
  return path === '' ? key : `${path}.${key}`;
}

function obj(value, path) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw wrong(path || '$', 'an object', value);
  }
  return value;
}

// The member `key` of o, which must be present (null included).
function req(o, key, path) {
  if (!Object.prototype.hasOwnProperty.call(o, key)) {
    throw new Reject('missing_field', `${join(path, key)}: required`);
  }
  return o[key];
}

function has(o, key) {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function string(value, path) {
  if (typeof value !== 'string') throw wrong(path, 'a string', value);
  return value;
}

function nullableString(value, path) {
  if (value !== null && typeof value !== 'string') throw wrong(path, 'a string or null', value);
  return value;
}

function boolean(value, path) {
  if (typeof value !== 'boolean') throw wrong(path, 'a boolean', value);
  return value;
}

// An integer within 0..max of width. JSON.parse hands over a double, so
// 1.0 and 1e3 are integers here, and -0 is 0.
function unsigned(value, width, path) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw wrong(path, `an integer (${width})`, value);
  }
  if (value < 0 || value > WIDTHS[width]) {
    throw new Reject('out_of_range', `${path}: ${value} is outside ${width}`);
  }
  return value === 0 ? 0 : value; // -0 is written back as 0
}

function array(value, path) {
  if (!Array.isArray(value)) throw wrong(path, 'an array', value);
  return value;
}

function strings(value, path) {
  return array(value, path).map((v, i) => string(v, `${path}[${i}]`));
}

// A version marker read before anything else (D-ALL-5).
function versionMarker(o, key, width, supported) {
  const value = unsigned(req(o, key, ''), width, key);
  if (value !== supported) {
    throw new Reject('unsupported_version', `${key}: ${value}, this reader implements ${supported}`);
  }
  return value;
}

module.exports = {
  wrong, join, obj, req, has, string, nullableString, boolean, unsigned, array, strings, versionMarker,
};
