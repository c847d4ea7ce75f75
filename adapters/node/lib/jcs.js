'use strict';
// RFC 8785 JSON Canonicalization Scheme: members sorted by their names'
// UTF-16 code units (what Array.prototype.sort does by default), no
// whitespace, strings and numbers exactly as JSON.stringify writes them
// (RFC 8785 defines both by ECMAScript).
//
// JCS numbers are doubles. JSON.parse has already rounded any integer
// literal beyond 2^53 by the time this sees it, so such an artifact is
// reported as "not the JCS form of its value" (the bytes differ from the
// rounded value's form) rather than as an out-of-range integer.

const { Reject } = require('./errors');

function canonical(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Reject('out_of_range', `${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

function canonicalBytes(value) {
  return Buffer.from(canonical(value), 'utf8');
}

module.exports = { canonical, canonicalBytes };
