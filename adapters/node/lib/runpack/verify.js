'use strict';
// Offline verification of a runpack directory, in the order of D-RP-6,
// stopping at the first fault (the reader rejects with the first fault's
// class): the manifest, listed paths, the root hash, artifacts against
// file_hashes, spec_hash, every listed file hashed, then an exported
// verifier report (seed 003's +1 rule).

const crypto = require('crypto');
const fs = require('fs');
const jcs = require('../jcs');
const jsontext = require('../jsontext');
const { Reject } = require('../errors');
const mf = require('./manifest');
const { checkRelative, resolve } = require('./paths');

const MANIFEST_NAME = 'manifest.json';
const MAX_FILES = 10000;
const CHUNK = 1 << 20;

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// SHA-256 of the JCS form of file_hashes, each as {hash, path}.
function rootHash(fileHashes) {
  return sha256(jcs.canonicalBytes(fileHashes.map((fh) => ({ hash: fh.hash, path: fh.path }))));
}

function hashFile(root, rel) {
  const { real, size } = resolve(root, rel);
  if (size > jsontext.MAX_FILE_BYTES) throw new Reject('too_large', `${rel}: ${size} bytes`);
  const hash = crypto.createHash('sha256');
  const buffer = Buffer.alloc(CHUNK);
  let fd;
  try {
    fd = fs.openSync(real, 'r');
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } catch (e) {
    throw new Reject('unreadable', `${rel}: ${e.code}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function readJson(root, rel) {
  const { real } = resolve(root, rel);
  try {
    return jsontext.parseFile(real, rel);
  } catch (e) {
    throw e instanceof Reject ? e.within(rel) : e;
  }
}

function structure(m) {
  const files = m.integrity.file_hashes;
  const { artifacts } = m;
  if (files.length > MAX_FILES) throw new Reject('too_large', `${files.length} listed files, at most ${MAX_FILES}`);
  for (const [label, entries] of [['integrity.file_hashes', files], ['artifacts', artifacts]]) {
    const seen = new Set();
    entries.forEach((entry, i) => {
      try {
        checkRelative(entry.path);
      } catch (e) {
        throw e instanceof Reject ? e.within(`${label}[${i}].path`) : e;
      }
      if (seen.has(entry.path)) throw new Reject('invalid_value', `${label}[${i}].path: listed twice`);
      seen.add(entry.path);
    });
  }
  const computed = rootHash(files);
  if (computed !== m.integrity.root_hash.value) {
    throw new Reject('integrity', `integrity.root_hash: the JCS form of file_hashes hashes to ${computed}`);
  }
  const byPath = new Map(files.map((fh) => [fh.path, fh.hash.value]));
  artifacts.forEach((a, i) => {
    if (!byPath.has(a.path)) throw new Reject('integrity', `artifacts[${i}]: not in integrity.file_hashes`);
    if (byPath.get(a.path) !== a.hash.value) throw new Reject('integrity', `artifacts[${i}].hash: differs from its file hash`);
  });
  const artifactPaths = new Set(artifacts.map((a) => a.path));
  files.forEach((fh, i) => {
    if (!artifactPaths.has(fh.path)) throw new Reject('integrity', `integrity.file_hashes[${i}]: not an artifact`);
  });
  artifacts.forEach((a, i) => {
    if (a.kind === 'scenario_spec' && a.hash.value !== m.spec_hash.value) {
      throw new Reject('integrity', `spec_hash: differs from the scenario spec artifacts[${i}]`);
    }
  });
  for (const kind of ['scenario_spec', 'verifier_report']) {
    const count = artifacts.filter((a) => a.kind === kind).length;
    if (count > 1) throw new Reject('invalid_value', `artifacts: ${count} of kind ${kind}, at most one`);
  }
}

// The export-time report counts the listed files other than itself.
function exportedReport(root, m) {
  const report = m.artifacts.find((a) => a.kind === 'verifier_report');
  if (!report) return;
  const stated = mf.report(readJson(root, report.path), report.path);
  const others = new Set(m.integrity.file_hashes.map((fh) => fh.path));
  others.delete(report.path);
  if (stated.status !== 'pass' || stated.errors.length > 0 || stated.checked_files !== others.size) {
    throw new Reject('invalid_value', `${report.path}: says ${stated.status} over ${stated.checked_files} files; `
      + `the export-time report passes over the ${others.size} other files`);
  }
}

// [manifest model, offline report] of a runpack that verifies.
function verify(directory) {
  let root;
  try {
    root = fs.realpathSync(directory);
  } catch {
    throw new Reject('missing_file', `${directory}: not a runpack directory`);
  }
  const m = mf.decode(readJson(root, MANIFEST_NAME), false, '$');
  try {
    structure(m);
  } catch (e) {
    throw e instanceof Reject ? e.within(MANIFEST_NAME) : e;
  }
  let checked = 0;
  for (const fh of m.integrity.file_hashes) {
    const digest = hashFile(root, fh.path);
    checked += 1;
    if (digest !== fh.hash.value) throw new Reject('integrity', `${fh.path}: SHA-256 ${digest}, listed ${fh.hash.value}`);
  }
  exportedReport(root, m);
  return [m, { checked_files: checked, errors: [], status: 'pass' }];
}

// Every artifact's value by path; each file must be exactly the JCS form
// of its value (D-RP-1).
function readContents(directory, m) {
  const root = fs.realpathSync(directory);
  const contents = {};
  for (const a of m.artifacts) {
    const { real } = resolve(root, a.path);
    const bytes = jsontext.readFile(real, a.path);
    let value;
    try {
      value = jsontext.parseBytes(bytes);
    } catch (e) {
      throw e instanceof Reject ? e.within(a.path) : e;
    }
    if (!jcs.canonicalBytes(value).equals(bytes)) {
      throw new Reject('invalid_value', `${a.path}: not the JCS form of its value`);
    }
    // defineProperty, not assignment: a path named __proto__ stays a key.
    Object.defineProperty(contents, a.path, { value, enumerable: true, writable: true, configurable: true });
  }
  return contents;
}

module.exports = { verify, readContents, rootHash, sha256, MANIFEST_NAME };
