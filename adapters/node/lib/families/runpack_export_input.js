'use strict';
// Decision Gate runpack_export tool input v1 (seed 003, "Esquema de
// Entrada"): a closed object; integers within JCS's exact range (D-RP-3); a
// manifest name follows the runpack path rules (D-RP-9); absent optional
// fields read as null (D-RP-8).

const f = require('../fields');
const { Reject } = require('../errors');
const { closed, optNullableString, safeInt, timestamp } = require('../runpack/fields');
const { checkRelative } = require('../runpack/paths');
const { jsonFamily } = require('./jsonfile');

const MEMBERS = [
  'generated_at', 'include_verification', 'manifest_name', 'namespace_id', 'output_dir', 'run_id',
  'scenario_id', 'tenant_id',
];

function model(doc) {
  const root = f.obj(doc, '$');
  closed(root, MEMBERS, '');
  const input = {
    scenario_id: f.string(f.req(root, 'scenario_id', ''), 'scenario_id'),
    tenant_id: safeInt(f.req(root, 'tenant_id', ''), 1, 'tenant_id'),
    namespace_id: safeInt(f.req(root, 'namespace_id', ''), 1, 'namespace_id'),
    run_id: f.string(f.req(root, 'run_id', ''), 'run_id'),
    generated_at: timestamp(f.req(root, 'generated_at', ''), 'generated_at', true),
    include_verification: f.boolean(f.req(root, 'include_verification', ''), 'include_verification'),
    manifest_name: optNullableString(root, 'manifest_name', ''),
    output_dir: optNullableString(root, 'output_dir', ''),
  };
  if (input.manifest_name !== null) {
    try {
      checkRelative(input.manifest_name);
    } catch (e) {
      throw e instanceof Reject ? e.within('manifest_name') : e;
    }
  }
  return input;
}

module.exports = jsonFamily(model);
