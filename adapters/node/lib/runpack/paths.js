'use strict';
// Runpack-relative paths (D-RP-5): the lexical rules a listed path obeys,
// and finding it on disk without leaving the runpack root. Every symlink
// along the path is followed by hand, because fs.realpathSync gives up on
// a dangling link, and a dangling link that points outside the root is
// still an escape.

const fs = require('fs');
const nodePath = require('path');
const { Reject } = require('../errors');

const MAX_LINKS = 40;

// The path's components, or path_escape (absolute, `..`) or invalid_value
// (empty, empty or `.` component, backslash, NUL).
function checkRelative(path) {
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) {
    throw new Reject('path_escape', `${JSON.stringify(path)} is absolute`);
  }
  const parts = path.split(/[/\\]/);
  if (parts.includes('..')) throw new Reject('path_escape', `${JSON.stringify(path)} has a \`..\` component`);
  if (path === '') throw new Reject('invalid_value', 'an empty path');
  if (path.includes('\\') || path.includes('\0')) {
    throw new Reject('invalid_value', `${JSON.stringify(path)} holds a backslash or NUL`);
  }
  if (parts.some((p) => p === '' || p === '.')) {
    throw new Reject('invalid_value', `${JSON.stringify(path)} has an empty or \`.\` component`);
  }
  return parts;
}

// Where `parts` under `start` leads, following every symlink; what does
// not exist is appended as written.
function follow(start, parts) {
  let current = start;
  const queue = [...parts];
  let links = 0;
  while (queue.length > 0) {
    const name = queue.shift();
    if (name === '' || name === '.') continue;
    if (name === '..') {
      current = nodePath.dirname(current);
      continue;
    }
    const next = nodePath.join(current, name);
    let st;
    try {
      st = fs.lstatSync(next);
    } catch {
      return nodePath.resolve(next, ...queue);
    }
    if (st.isSymbolicLink()) {
      links += 1;
      if (links > MAX_LINKS) throw new Reject('unreadable', `${next}: too many symlinks`);
      const target = fs.readlinkSync(next);
      if (nodePath.isAbsolute(target)) current = '/';
      queue.unshift(...target.split('/'));
    } else {
      current = next;
    }
  }
  return current;
}

// The real path of rel under root (itself a real path) and its size:
// path_escape when a symlink leads outside, missing_file when nothing is
// there, unreadable when it is not a regular file.
function resolve(root, rel) {
  const real = follow(root, checkRelative(rel));
  if (real !== root && !real.startsWith(root + nodePath.sep)) {
    throw new Reject('path_escape', `${rel}: resolves to ${real}, outside the runpack`);
  }
  let st;
  try {
    st = fs.statSync(real);
  } catch (e) {
    if (e.code === 'ENOENT') throw new Reject('missing_file', `${rel}: not found`);
    throw new Reject('unreadable', `${rel}: ${e.code}`);
  }
  if (!st.isFile()) throw new Reject('unreadable', `${rel}: not a regular file`);
  return { real, size: st.size };
}

module.exports = { checkRelative, resolve };
