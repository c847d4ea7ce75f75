'use strict';
// Replay audit JSON v1 (seed 000): audit_v read first and exactly 1
// (D-RA-1), created_unix_ms a u128 (D-RA-2: a double here, so exact only up
// to 2^53), digests kept verbatim (D-RA-3), mode dry_run or execute (D-RA-4).

const f = require('../fields');
const { Reject } = require('../errors');
const { jsonFamily } = require('./jsonfile');

const ACTION_FIELDS = ['action', 'role', 'input_lane', 'output_lane', 'stage', 'target', 'decision'];

function input(value) {
  const o = f.obj(value, 'input');
  const at = (k) => `input.${k}`;
  return {
    journal_lane: f.string(f.req(o, 'journal_lane', 'input'), at('journal_lane')),
    journal_path: f.string(f.req(o, 'journal_path', 'input'), at('journal_path')),
    last_n: f.unsigned(f.req(o, 'last_n', 'input'), 'u64', at('last_n')),
    scanned_records: f.unsigned(f.req(o, 'scanned_records', 'input'), 'u64', at('scanned_records')),
    selected_bytes: f.unsigned(f.req(o, 'selected_bytes', 'input'), 'u64', at('selected_bytes')),
    sample_sha256: f.strings(f.req(o, 'sample_sha256', 'input'), at('sample_sha256')),
  };
}

function policy(value) {
  const o = f.obj(value, 'policy');
  const result = {
    env: f.string(f.req(o, 'env', 'policy'), 'policy.env'),
    approval_provided: f.boolean(f.req(o, 'approval_provided', 'policy'), 'policy.approval_provided'),
    mode: f.string(f.req(o, 'mode', 'policy'), 'policy.mode'),
  };
  if (result.mode !== 'dry_run' && result.mode !== 'execute') {
    throw new Reject('invalid_value', `policy.mode: ${JSON.stringify(result.mode)} is not dry_run or execute`);
  }
  return result;
}

function action(value, at) {
  const o = f.obj(value, at);
  return Object.fromEntries(ACTION_FIELDS.map((k) => [k, f.string(f.req(o, k, at), `${at}.${k}`)]));
}

function model(doc) {
  const root = f.obj(doc, '$');
  const auditV = f.versionMarker(root, 'audit_v', 'u32', 1);
  return {
    audit_v: auditV,
    created_unix_ms: f.unsigned(f.req(root, 'created_unix_ms', ''), 'u128', 'created_unix_ms'),
    bundle_dir: f.string(f.req(root, 'bundle_dir', ''), 'bundle_dir'),
    spec_sha256: f.string(f.req(root, 'spec_sha256', ''), 'spec_sha256'),
    input: input(f.req(root, 'input', '')),
    policy: policy(f.req(root, 'policy', '')),
    actions: f.array(f.req(root, 'actions', ''), 'actions').map((a, i) => action(a, `actions[${i}]`)),
  };
}

module.exports = jsonFamily(model);
