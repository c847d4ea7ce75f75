'use strict';
// Policy audit record JSON v1 (seed 000): policy_version read first and
// exactly 1 (D-PA-1), the constant stage_failure_policy (D-PA-5),
// lane_path and wait present and nullable (D-PA-3), and the parse outcome:
// a spec summary when ok, an error string when not (D-PA-2), the summary's
// shape as pinned in D-PA-6..9.

const f = require('../fields');
const { Reject } = require('../errors');
const { jsonFamily } = require('./jsonfile');

const MEMBERS = { SingleRing: 'single_ring', LaneGraph: 'lane_graph' };

function singleRing(value) {
  const at = 'spec.single_ring';
  const o = f.obj(value, at);
  const u32 = (k) => f.unsigned(f.req(o, k, at), 'u32', `${at}.${k}`);
  const str = (k) => f.string(f.req(o, k, at), `${at}.${k}`);
  return {
    shards: u32('shards'),
    ordering: str('ordering'),
    producer: str('producer'),
    scheduling: str('scheduling'),
    shard_key: str('shard_key'),
    stages: u32('stages'),
  };
}

// Kind names are data, not fields: every key is kept (D-PA-9).
function kindCounts(value, at) {
  const o = f.obj(value, at);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f.unsigned(v, 'u32', `${at}.${k}`)]));
}

function laneGraph(value) {
  const at = 'spec.lane_graph';
  const o = f.obj(value, at);
  const u32 = (k) => f.unsigned(f.req(o, k, at), 'u32', `${at}.${k}`);
  return {
    on_full: f.string(f.req(o, 'on_full', at), `${at}.on_full`),
    lanes: u32('lanes'),
    roles: u32('roles'),
    endpoints: u32('endpoints'),
    lane_kinds: kindCounts(f.req(o, 'lane_kinds', at), `${at}.lane_kinds`),
    role_kinds: kindCounts(f.req(o, 'role_kinds', at), `${at}.role_kinds`),
  };
}

function spec(value) {
  const o = f.obj(value, 'spec');
  const name = f.string(f.req(o, 'model', 'spec'), 'spec.model');
  if (!f.has(MEMBERS, name)) {
    throw new Reject('invalid_value', `spec.model: ${JSON.stringify(name)} is not SingleRing or LaneGraph`);
  }
  const own = MEMBERS[name];
  const other = own === 'single_ring' ? 'lane_graph' : 'single_ring';
  // Its own member first, then the other model's (D-RV-7).
  const member = f.req(o, own, 'spec');
  if (f.has(o, other)) throw new Reject('invalid_value', `spec.${other}: not allowed in a ${name} summary`);
  return { model: name, [own]: own === 'single_ring' ? singleRing(member) : laneGraph(member) };
}

function model(doc) {
  const root = f.obj(doc, '$');
  const version = f.versionMarker(root, 'policy_version', 'u32', 1);
  const ok = f.boolean(f.req(root, 'ok', ''), 'ok');
  const mode = f.string(f.req(root, 'mode', ''), 'mode');
  const enforced = f.boolean(f.req(root, 'enforced', ''), 'enforced');
  const sfp = f.string(f.req(root, 'stage_failure_policy', ''), 'stage_failure_policy');
  if (sfp !== 'stop_pipeline') {
    throw new Reject('invalid_value', `stage_failure_policy: ${JSON.stringify(sfp)}, v1 knows only stop_pipeline`);
  }
  const record = {
    ok,
    policy_version: version,
    mode,
    enforced,
    stage_failure_policy: sfp,
    spec_path: f.string(f.req(root, 'spec_path', ''), 'spec_path'),
    lane_path: f.nullableString(f.req(root, 'lane_path', ''), 'lane_path'),
    wait: f.nullableString(f.req(root, 'wait', ''), 'wait'),
  };
  const crate = f.obj(f.req(root, 'runtime_crate', ''), 'runtime_crate');
  record.runtime_crate = {
    name: f.string(f.req(crate, 'name', 'runtime_crate'), 'runtime_crate.name'),
    version: f.string(f.req(crate, 'version', 'runtime_crate'), 'runtime_crate.version'),
  };
  const [own, other] = ok ? ['spec', 'error'] : ['error', 'spec'];
  const value = f.req(root, own, '');
  if (f.has(root, other)) throw new Reject('invalid_value', `${other}: not allowed when ok is ${ok}`);
  record[own] = ok ? spec(value) : f.string(value, 'error');
  return record;
}

module.exports = jsonFamily(model);
