'use strict';
// ByteOr incident bundle directory v1 (seed 000): five required members,
// three conditional ones, each read by its own family's rules (D-IB-9);
// policy_audit.json, the version carrier, first (D-IB-8); a snapshot only
// beside a parsed spec of its model (D-IB-5). Members are regular files
// directly in the directory; a symlink is followed only inside it (D-IB-2).
// The model is an object keyed by member file name (D-IB-11).

const fs = require('fs');
const nodePath = require('path');
const f = require('../fields');
const jsontext = require('../jsontext');
const kv = require('../kv');
const { Reject } = require('../errors');
const families = {
  'spec_validation.json': require('./spec_validation'),
  'runtime.json': require('./runtime'),
  'policy_audit.json': require('./policy_audit'),
  'environment.json': require('./environment'),
};

const REQUIRED = ['spec.kv', 'spec_validation.json', 'runtime.json', 'policy_audit.json', 'environment.json'];
const SNAPSHOTS = { 'single_ring_snapshot.json': 'SingleRing', 'lane_graph_state.json': 'LaneGraph' };
const CONFIG = 'runtime_config.txt';

// Whether a link's own text leaves its directory: absolute, or more `..`
// than names at some point (so a dangling escape is still an escape).
function linkLeaves(target) {
  if (nodePath.isAbsolute(target)) return true;
  let depth = 0;
  for (const part of target.split('/')) {
    if (part === '..') depth -= 1;
    else if (part !== '' && part !== '.') depth += 1;
    if (depth < 0) return true;
  }
  return false;
}

// Why a member's link does not resolve, hop by hop: a hop that lands outside
// the bundle is an escape even when the chain then dangles; a loop is
// unreadable (D-ALL-7); otherwise the chain dangles inside (missing_file).
function unresolved(root, path, name) {
  const top = nodePath.resolve(root) + nodePath.sep;
  let current = path;
  for (let hops = 0; hops <= 40; hops += 1) {
    let st;
    try {
      st = fs.lstatSync(current);
    } catch (e) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return new Reject('missing_file', `${name}: a dangling symlink`);
      return new Reject('unreadable', `${name}: ${e.code}`);
    }
    if (!st.isSymbolicLink()) break;
    const next = nodePath.resolve(nodePath.dirname(current), fs.readlinkSync(current));
    if (!next.startsWith(top)) return new Reject('path_escape', `${name}: a symlink to ${next}, outside the bundle`);
    current = next;
  }
  try {
    fs.statSync(path);
  } catch (e) {
    if (e.code === 'ELOOP') return new Reject('unreadable', `${name}: a symlink loop`);
  }
  return new Reject('missing_file', `${name}: a dangling symlink`);
}

// The bytes of member name, or null when there is no such entry.
function member(root, name) {
  const path = nodePath.join(root, name);
  let st;
  try {
    st = fs.lstatSync(path);
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw new Reject('unreadable', `${name}: ${e.code}`);
  }
  if (st.isSymbolicLink()) {
    const target = fs.readlinkSync(path);
    if (linkLeaves(target)) throw new Reject('path_escape', `${name}: a symlink to ${target}, outside the bundle`);
    let real;
    try {
      real = fs.realpathSync(path);
    } catch {
      throw unresolved(root, path, name);
    }
    if (!real.startsWith(fs.realpathSync(root) + nodePath.sep)) {
      throw new Reject('path_escape', `${name}: a symlink to ${real}, outside the bundle`);
    }
  }
  return jsontext.readFile(path, name);
}

function jsonMember(name, bytes, modelOf) {
  try {
    return modelOf(jsontext.parseBytes(bytes));
  } catch (e) {
    throw e instanceof Reject ? e.within(name) : e;
  }
}

// A future bundle may drop or rename a member: when the carrier is there
// and its version is not ours, that is the answer (D-ALL-5, D-IB-8).
function futureCarrier(root) {
  const bytes = member(root, 'policy_audit.json');
  if (bytes === null) return;
  try {
    jsonMember('policy_audit.json', bytes, families['policy_audit.json'].model);
  } catch (e) {
    if (e instanceof Reject && e.cls === 'unsupported_version') throw e;
  }
}

function read(root) {
  let st;
  try {
    st = fs.statSync(root);
  } catch {
    throw new Reject('missing_file', `${root}: no bundle directory`);
  }
  if (!st.isDirectory()) throw new Reject('unreadable', `${root}: not a bundle directory`);
  const members = {};
  for (const name of REQUIRED) {
    members[name] = member(root, name);
    if (members[name] === null) {
      futureCarrier(root);
      throw new Reject('missing_file', `${name}: a required member is missing`);
    }
  }
  const policy = jsonMember('policy_audit.json', members['policy_audit.json'], families['policy_audit.json'].model);
  let pairs;
  try {
    pairs = kv.parse(members['spec.kv']);
  } catch (e) {
    throw e instanceof Reject ? e.within('spec.kv') : e;
  }
  const model = { 'spec.kv': Object.fromEntries(pairs.map((p) => [p.key, p.value])) };
  for (const name of ['spec_validation.json', 'runtime.json']) {
    model[name] = jsonMember(name, members[name], families[name].model);
  }
  model['policy_audit.json'] = policy;
  model['environment.json'] = jsonMember('environment.json', members['environment.json'], families['environment.json'].model);
  const config = member(root, CONFIG);
  if (config !== null) {
    try {
      model[CONFIG] = jsontext.decodeUtf8(config);
    } catch (e) {
      throw e.within(CONFIG);
    }
  }
  const specModel = policy.ok ? policy.spec.model : null;
  for (const [name, wanted] of Object.entries(SNAPSHOTS)) {
    const bytes = member(root, name);
    if (bytes === null) continue;
    if (specModel !== wanted) {
      throw new Reject('invalid_value', `${name}: only beside a parsed ${wanted} spec, policy_audit.json has ${specModel || 'no parsed spec'}`);
    }
    model[name] = jsonMember(name, bytes, (doc) => f.obj(doc, '$'));
  }
  return model;
}

function write(model, out) {
  const root = f.obj(model, 'model');
  const files = new Map();
  const spec = f.obj(f.req(root, 'spec.kv', ''), 'spec.kv');
  files.set('spec.kv', kv.render(Object.keys(spec).sort().map((k) => [k, f.string(spec[k], `spec.kv.${k}`)])));
  for (const [name, family] of Object.entries(families)) {
    files.set(name, Buffer.from(`${JSON.stringify(family.model(f.req(root, name, '')), null, 2)}\n`));
  }
  if (f.has(root, CONFIG)) files.set(CONFIG, Buffer.from(f.string(root[CONFIG], CONFIG), 'utf8'));
  for (const name of Object.keys(SNAPSHOTS)) {
    if (f.has(root, name)) files.set(name, Buffer.from(`${JSON.stringify(f.obj(root[name], name), null, 2)}\n`));
  }
  fs.mkdirSync(out);
  for (const [name, bytes] of files) fs.writeFileSync(nodePath.join(out, name), bytes, { flag: 'wx' });
  // Read back what was written: a model this reader refuses (a snapshot
  // beside the wrong spec model, say) is refused rather than written.
  read(out);
}

module.exports = { read, write };
