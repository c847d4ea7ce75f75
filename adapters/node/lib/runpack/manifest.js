'use strict';
// The runpack manifest v1: read open in a runpack directory (unknown
// members ignored, anchor_policy kept as written, D-RP-2) or closed in the
// runpack_export output (the seed's schema). manifest_version is read
// first (D-ALL-5): only "v1" is defined.

const f = require('../fields');
const { Reject } = require('../errors');
const { closed, digest, oneOf, safeInt, timestamp } = require('./fields');

const KINDS = [
  'scenario_spec', 'trigger_log', 'gate_eval_log', 'decision_log', 'packet_log', 'dispatch_log',
  'evidence_log', 'submission_log', 'tool_transcript', 'verifier_report', 'custom',
];
const MODES = ['offline_strict', 'offline_with_fetch'];
const MEMBERS = [
  'manifest_version', 'generated_at', 'tenant_id', 'namespace_id', 'scenario_id', 'run_id',
  'spec_hash', 'hash_algorithm', 'verifier_mode', 'integrity', 'artifacts', 'security',
];

function artifact(value, at, isClosed) {
  const o = f.obj(value, at);
  if (isClosed) closed(o, ['artifact_id', 'kind', 'path', 'content_type', 'hash', 'required'], at);
  return {
    artifact_id: f.string(f.req(o, 'artifact_id', at), `${at}.artifact_id`),
    kind: oneOf(f.req(o, 'kind', at), KINDS, `${at}.kind`),
    path: f.string(f.req(o, 'path', at), `${at}.path`),
    content_type: f.nullableString(f.req(o, 'content_type', at), `${at}.content_type`),
    hash: digest(f.req(o, 'hash', at), `${at}.hash`, isClosed),
    required: f.boolean(f.req(o, 'required', at), `${at}.required`),
  };
}

function fileHash(value, at, isClosed) {
  const o = f.obj(value, at);
  if (isClosed) closed(o, ['path', 'hash'], at);
  return {
    path: f.string(f.req(o, 'path', at), `${at}.path`),
    hash: digest(f.req(o, 'hash', at), `${at}.hash`, isClosed),
  };
}

function integrity(value, isClosed) {
  const o = f.obj(value, 'integrity');
  if (isClosed) closed(o, ['file_hashes', 'root_hash'], 'integrity');
  const listed = f.array(f.req(o, 'file_hashes', 'integrity'), 'integrity.file_hashes');
  return {
    file_hashes: listed.map((v, i) => fileHash(v, `integrity.file_hashes[${i}]`, isClosed)),
    root_hash: digest(f.req(o, 'root_hash', 'integrity'), 'integrity.root_hash', isClosed),
  };
}

function security(value, isClosed) {
  const o = f.obj(value, 'security');
  if (isClosed) closed(o, ['dev_permissive', 'namespace_authority'], 'security');
  return {
    dev_permissive: f.boolean(f.req(o, 'dev_permissive', 'security'), 'security.dev_permissive'),
    namespace_authority: f.string(f.req(o, 'namespace_authority', 'security'), 'security.namespace_authority'),
  };
}

// The manifest's model: its known fields (unknown ones dropped when open,
// refused when closed).
function decode(value, isClosed, path = 'manifest') {
  const o = f.obj(value, path);
  const version = f.string(f.req(o, 'manifest_version', ''), 'manifest_version');
  if (version !== 'v1') {
    throw new Reject('unsupported_version', `manifest_version: ${JSON.stringify(version)}, this reader implements "v1"`);
  }
  if (isClosed) closed(o, MEMBERS, '');
  const m = {
    manifest_version: version,
    generated_at: timestamp(f.req(o, 'generated_at', ''), 'generated_at', isClosed),
    tenant_id: safeInt(f.req(o, 'tenant_id', ''), 1, 'tenant_id'),
    namespace_id: safeInt(f.req(o, 'namespace_id', ''), 1, 'namespace_id'),
    scenario_id: f.string(f.req(o, 'scenario_id', ''), 'scenario_id'),
    run_id: f.string(f.req(o, 'run_id', ''), 'run_id'),
    spec_hash: digest(f.req(o, 'spec_hash', ''), 'spec_hash', isClosed),
    hash_algorithm: oneOf(f.req(o, 'hash_algorithm', ''), ['sha256'], 'hash_algorithm'),
    verifier_mode: oneOf(f.req(o, 'verifier_mode', ''), MODES, 'verifier_mode'),
    integrity: integrity(f.req(o, 'integrity', ''), isClosed),
    artifacts: f.array(f.req(o, 'artifacts', ''), 'artifacts').map((v, i) => artifact(v, `artifacts[${i}]`, isClosed)),
  };
  if (f.has(o, 'security')) m.security = security(o.security, isClosed);
  if (!isClosed && f.has(o, 'anchor_policy') && o.anchor_policy !== null) m.anchor_policy = o.anchor_policy;
  return m;
}

// A verification report {status, checked_files, errors}, closed.
function report(value, path) {
  const o = f.obj(value, path);
  closed(o, ['status', 'checked_files', 'errors'], path);
  const status = oneOf(f.req(o, 'status', path), ['pass', 'fail'], f.join(path, 'status'));
  return {
    checked_files: safeInt(f.req(o, 'checked_files', path), 0, f.join(path, 'checked_files')),
    errors: f.strings(f.req(o, 'errors', path), f.join(path, 'errors')),
    status,
  };
}

module.exports = { decode, report };
