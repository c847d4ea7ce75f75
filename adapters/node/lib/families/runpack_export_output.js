'use strict';
// Decision Gate runpack_export tool output v1 (seed 003, "Esquema de
// Salida"): the manifest (closed, manifest_version first), the export-time
// report or null, an optional storage URI. A document, not a runpack: no
// file is read and no hash recomputed (D-RP-10).

const f = require('../fields');
const mf = require('../runpack/manifest');
const { closed, optNullableString } = require('../runpack/fields');
const { jsonFamily } = require('./jsonfile');

function model(doc) {
  const root = f.obj(doc, '$');
  const manifest = mf.decode(f.req(root, 'manifest', ''), true);
  closed(root, ['manifest', 'report', 'storage_uri'], '');
  const report = f.req(root, 'report', '');
  return {
    manifest,
    report: report === null ? null : mf.report(report, 'report'),
    storage_uri: optNullableString(root, 'storage_uri', ''),
  };
}

module.exports = jsonFamily(model);
