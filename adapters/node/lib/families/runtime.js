'use strict';
// runtime.json v1 (seed 000): crate.name and crate.version, nested (D-RT-1).

const f = require('../fields');
const { jsonFamily } = require('./jsonfile');

function model(doc) {
  const crate = f.obj(f.req(f.obj(doc, '$'), 'crate', ''), 'crate');
  return {
    crate: {
      name: f.string(f.req(crate, 'name', 'crate'), 'crate.name'),
      version: f.string(f.req(crate, 'version', 'crate'), 'crate.version'),
    },
  };
}

module.exports = jsonFamily(model);
