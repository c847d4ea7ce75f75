'use strict';
// Decision Gate runpack_export tool output v1 (seed 003, "Esquema de
// Salida"): the manifest (closed, manifest_version first), the export-time
// report or null, an optional storage URI. A document, not a runpack: no
// file is read and no hash recomputed (D-RP-10). The report agrees with the
// manifest by the +1 rule (D-RP-7).

const f = require('../fields');
const mf = require('../runpack/manifest');
const { closed, optNullableString } = require('../runpack/fields');
const { jsonFamily } = require('./jsonfile');
const { Reject } = require('../errors');

function model(doc) {
  const root = f.obj(doc, '$');
  const manifest = mf.decode(f.req(root, 'manifest', ''), true);
  closed(root, ['manifest', 'report', 'storage_uri'], '');
  const raw = f.req(root, 'report', '');
  const report = raw === null ? null : mf.report(raw, 'report');
  const storageUri = optNullableString(root, 'storage_uri', '');
  if (report !== null) plusOne(manifest, report);
  return { manifest, report, storage_uri: storageUri };
}

// An export-time report counts the listed files other than the verifier_report
// artifacts': pass with no errors and exactly that many, or fail with at least
// one error and at most that many (D-RP-7).
function plusOne(manifest, report) {
  const own = new Set(manifest.artifacts.filter((a) => a.kind === 'verifier_report').map((a) => a.path));
  const paths = manifest.integrity.file_hashes.map((fh) => fh.path);
  const others = new Set(paths.filter((p) => !own.has(p))).size;
  const fits = report.status === 'pass'
    ? report.errors.length === 0 && report.checked_files === others
    : report.errors.length > 0 && report.checked_files <= others;
  if (!fits) {
    throw new Reject('invalid_value', `report: says ${report.status} over ${report.checked_files} files with `
      + `${report.errors.length} errors; the +1 rule allows pass over exactly ${others}, or fail with errors over at most ${others}`);
  }
}

module.exports = jsonFamily(model);
