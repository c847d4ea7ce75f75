'use strict';
// The KV line grammar shared by the DataGuard report and the bundle's
// spec.kv (D-KV-*): UTF-8 without a byte order mark, every line one
// `key=value` pair ending in LF (a CR right before the LF belongs to the
// terminator), split at the first `=`, keys of dot-separated
// [A-Za-z0-9_-] segments, values literal, no key twice. Faults come in
// document order: each line is decoded, then parsed, before the next.

const { Reject } = require('./errors');
const { decodeStrict, hasBom } = require('./jsontext');

const KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const LF = 0x0a;
const CR = 0x0d;

function splitLines(bytes) {
  const lines = [];
  let start = 0;
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, start)) {
    lines.push(bytes.subarray(start, i));
    start = i + 1;
  }
  return { lines, rest: bytes.subarray(start) };
}

// [{line, key, value}] in document order.
function parse(bytes) {
  if (hasBom(bytes)) throw new Reject('encoding', 'line 1: a UTF-8 byte order mark');
  const { lines, rest } = splitLines(bytes);
  const terminated = rest.length === 0;
  if (!terminated) lines.push(rest);
  const firstLine = new Map();
  const pairs = [];
  lines.forEach((raw, i) => {
    const number = i + 1;
    const body = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, raw.length - 1) : raw;
    let line;
    try {
      line = decodeStrict(body);
    } catch (e) {
      throw e.within(`line ${number}`);
    }
    if (!terminated && number === lines.length) throw new Reject('syntax', `line ${number}: the last line does not end in LF`);
    if (line.includes('\r')) throw new Reject('syntax', `line ${number}: a CR that does not end the line`);
    const eq = line.indexOf('=');
    if (eq === -1) throw new Reject('syntax', `line ${number}: expected key=value`);
    const key = line.slice(0, eq);
    if (!KEY.test(key)) throw new Reject('syntax', `line ${number}: ${JSON.stringify(key)} is not a key`);
    if (firstLine.has(key)) {
      throw new Reject('duplicate_key', `line ${number}: ${key} again (first on line ${firstLine.get(key)})`);
    }
    firstLine.set(key, number);
    pairs.push({ line: number, key, value: line.slice(eq + 1) });
  });
  return pairs;
}

// `key=value` lines, LF-terminated, in the order given; refuses what the
// grammar cannot carry.
function render(pairs) {
  let out = '';
  for (const [key, value] of pairs) {
    if (!KEY.test(key)) throw new Reject('invalid_value', `${JSON.stringify(key)} cannot be a KV key`);
    if (/[\r\n]/.test(value)) throw new Reject('invalid_value', `${key}: a KV value cannot hold a line break`);
    out += `${key}=${value}\n`;
  }
  return Buffer.from(out, 'utf8');
}

module.exports = { parse, render };
