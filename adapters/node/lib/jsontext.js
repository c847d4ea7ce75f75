'use strict';
// Bytes to a JSON value with JSON.parse, plus the rules the corpus pins on
// JSON text that can be checked on the parsed value: no byte order mark
// (D-ALL-1), strict UTF-8 (D-RV-6), no unpaired surrogate escapes (D-RV-2)
// and a nesting limit (D-ALL-7).
//
// What JSON.parse cannot tell us, and this reader therefore gets wrong:
// - duplicate keys (D-ALL-4): JSON.parse keeps the last value silently, and
//   Node 20 has no hook that sees the duplicate;
// - number literals: every number becomes a double, so 1.0 and 1e3 look
//   like the integers 1 and 1000 (D-ALL-3), and integers past 2^53 are
//   rounded (u64, u128). A careful implementer would bring a parser that
//   keeps the literal text; this example shows the standard parser's limits.

const fs = require('fs');
const { Reject } = require('./errors');

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readFile(path, name = path) {
  let st;
  try {
    st = fs.statSync(path);
  } catch (e) {
    if (e.code === 'ENOENT') throw new Reject('missing_file', `${name}: not found`);
    throw new Reject('unreadable', `${name}: ${e.code}`);
  }
  if (!st.isFile()) throw new Reject('unreadable', `${name}: not a regular file`);
  if (st.size > MAX_FILE_BYTES) {
    throw new Reject('too_large', `${name}: ${st.size} bytes, at most ${MAX_FILE_BYTES}`);
  }
  try {
    return fs.readFileSync(path);
  } catch (e) {
    throw new Reject('unreadable', `${name}: ${e.code}`);
  }
}

function hasBom(bytes) {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

// Strict UTF-8 (overlong forms, encoded surrogates and truncated sequences
// are errors, not U+FFFD); a U+FEFF is kept as a character.
function decodeStrict(bytes) {
  try {
    return utf8.decode(bytes);
  } catch (e) {
    throw new Reject('encoding', `not UTF-8: ${e.message}`);
  }
}

function decodeUtf8(bytes) {
  if (hasBom(bytes)) throw new Reject('encoding', 'a UTF-8 byte order mark at the start');
  return decodeStrict(bytes);
}

// Depth (the root object or array is level 1) and unpaired surrogates, in
// one walk without recursion.
function checkTree(value) {
  const stack = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop();
    if (typeof v === 'string') {
      if (!v.isWellFormed()) throw new Reject('encoding', 'a string holds an unpaired surrogate escape');
    } else if (v !== null && typeof v === 'object') {
      if (depth > MAX_DEPTH) throw new Reject('too_deep', `nested deeper than ${MAX_DEPTH} levels`);
      if (Array.isArray(v)) {
        for (const c of v) stack.push([c, depth + 1]);
      } else {
        for (const [k, c] of Object.entries(v)) {
          if (!k.isWellFormed()) throw new Reject('encoding', 'a key holds an unpaired surrogate escape');
          stack.push([c, depth + 1]);
        }
      }
    }
  }
}

function parseBytes(bytes) {
  const text = decodeUtf8(bytes);
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (e instanceof RangeError) throw new Reject('too_deep', `nested too deep for JSON.parse: ${e.message}`);
    throw new Reject('syntax', e.message);
  }
  checkTree(value);
  return value;
}

function parseFile(path, name) {
  return parseBytes(readFile(path, name));
}

module.exports = {
  readFile, hasBom, decodeStrict, decodeUtf8, parseBytes, parseFile, MAX_FILE_BYTES,
};
