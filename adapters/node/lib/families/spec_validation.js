'use strict';
// spec_validation.json v1 (seed 000): ok, then description when it
// succeeded or error when it failed; the other outcome's field must be
// absent, and null counts as present (D-SV-1, D-RV-4).

const f = require('../fields');
const { Reject } = require('../errors');
const { jsonFamily } = require('./jsonfile');

function model(doc) {
  const root = f.obj(doc, '$');
  const ok = f.boolean(f.req(root, 'ok', ''), 'ok');
  const [own, other] = ok ? ['description', 'error'] : ['error', 'description'];
  const text = f.string(f.req(root, own, ''), own);
  if (f.has(root, other)) throw new Reject('invalid_value', `${other}: not allowed when ok is ${ok}`);
  return { ok, [own]: text };
}

module.exports = jsonFamily(model);
