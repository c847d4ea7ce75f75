'use strict';
// environment.json v1 (seed 000): pid u32, cwd and proc_status present and
// nullable (D-ENV-1), args, and env as [key, value] pairs strictly
// ascending by key in code point order (D-ENV-2, D-ENV-3).

const f = require('../fields');
const { Reject } = require('../errors');
const { jsonFamily } = require('./jsonfile');

// JavaScript's < on strings compares UTF-16 code units, which differs from
// code point (UTF-8 byte) order once a key holds a character past U+FFFF:
// compare code point by code point.
function compareCodePoints(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function env(value) {
  let previous = null;
  return f.array(value, 'env').map((pair, i) => {
    const at = `env[${i}]`;
    if (!Array.isArray(pair)) throw f.wrong(at, 'a [key, value] array', pair);
    if (pair.length !== 2) throw new Reject('invalid_value', `${at}: a pair has 2 elements, found ${pair.length}`);
    const key = f.string(pair[0], `${at}[0]`);
    const val = f.string(pair[1], `${at}[1]`);
    if (previous !== null) {
      const order = compareCodePoints(key, previous);
      if (order === 0) throw new Reject('duplicate_key', `${at}: key ${JSON.stringify(key)} repeats`);
      if (order < 0) throw new Reject('invalid_value', `${at}: key ${JSON.stringify(key)} sorts before ${JSON.stringify(previous)}`);
    }
    previous = key;
    return [key, val];
  });
}

function model(doc) {
  const root = f.obj(doc, '$');
  return {
    pid: f.unsigned(f.req(root, 'pid', ''), 'u32', 'pid'),
    cwd: f.nullableString(f.req(root, 'cwd', ''), 'cwd'),
    args: f.strings(f.req(root, 'args', ''), 'args'),
    env: env(f.req(root, 'env', '')),
    proc_status: f.nullableString(f.req(root, 'proc_status', ''), 'proc_status'),
  };
}

module.exports = jsonFamily(model);
