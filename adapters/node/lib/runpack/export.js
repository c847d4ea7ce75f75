'use strict';
// Writing a runpack from its model {contents, manifest, report} (D-RP-11):
// what an export is made from (ids, timestamp, verifier mode, security,
// anchor_policy, artifact entries and values) is kept, every hash and the
// export-time verification report are recomputed, and every file, the
// manifest included, is written as JCS.

const fs = require('fs');
const nodePath = require('path');
const f = require('../fields');
const jcs = require('../jcs');
const { Reject } = require('../errors');
const mf = require('./manifest');
const { checkRelative } = require('./paths');
const { MANIFEST_NAME, rootHash, sha256 } = require('./verify');

const REPORT_ENTRY = {
  artifact_id: 'verifier_report',
  content_type: 'application/json',
  kind: 'verifier_report',
  path: 'verifier_report.json',
  required: true,
};

const digestOf = (bytes) => ({ algorithm: 'sha256', value: sha256(bytes) });

// The files to write, as a Map from relative path to bytes.
function plan(model) {
  const root = f.obj(model, 'model');
  const m = mf.decode(f.req(root, 'manifest', 'model'), false, 'manifest');
  const contents = f.obj(f.req(root, 'contents', 'model'), 'contents');
  const files = new Map();
  const artifacts = [];
  let includeReport = false;
  m.artifacts.forEach((a, i) => {
    if (a.kind === 'verifier_report') {
      const standard = Object.keys(REPORT_ENTRY).every((k) => a[k] === REPORT_ENTRY[k]);
      if (!standard || i !== m.artifacts.length - 1) {
        throw new Reject('invalid_value', 'the verification report is written last, as verifier_report.json');
      }
      includeReport = true;
      return;
    }
    checkRelative(a.path);
    if (!f.has(contents, a.path) || files.has(a.path)) {
      throw new Reject('invalid_value', `artifacts[${i}]: no contents, or a path listed twice`);
    }
    const bytes = jcs.canonicalBytes(contents[a.path]);
    files.set(a.path, bytes);
    artifacts.push({ ...a, hash: digestOf(bytes) });
  });
  const specs = artifacts.filter((a) => a.kind === 'scenario_spec');
  if (specs.length !== 1) {
    throw new Reject('invalid_value', `an export has exactly one scenario_spec artifact, found ${specs.length}`);
  }
  if (includeReport) {
    const bytes = jcs.canonicalBytes({ checked_files: artifacts.length, errors: [], status: 'pass' });
    files.set(REPORT_ENTRY.path, bytes);
    artifacts.push({ ...REPORT_ENTRY, hash: digestOf(bytes) });
  }
  const fileHashes = artifacts.map((a) => ({ hash: a.hash, path: a.path }));
  const manifest = {
    artifacts,
    generated_at: m.generated_at,
    hash_algorithm: 'sha256',
    integrity: { file_hashes: fileHashes, root_hash: { algorithm: 'sha256', value: rootHash(fileHashes) } },
    manifest_version: 'v1',
    namespace_id: m.namespace_id,
    run_id: m.run_id,
    scenario_id: m.scenario_id,
    spec_hash: specs[0].hash,
    tenant_id: m.tenant_id,
    verifier_mode: m.verifier_mode,
  };
  if (m.security !== undefined) manifest.security = m.security;
  if (m.anchor_policy !== undefined) manifest.anchor_policy = m.anchor_policy;
  files.set(MANIFEST_NAME, jcs.canonicalBytes(manifest));
  return files;
}

function write(model, out) {
  const files = plan(model);
  fs.mkdirSync(out);
  for (const [rel, bytes] of files) {
    const target = nodePath.join(out, ...rel.split('/'));
    fs.mkdirSync(nodePath.dirname(target), { recursive: true });
    fs.writeFileSync(target, bytes, { flag: 'wx' });
  }
}

module.exports = { write };
