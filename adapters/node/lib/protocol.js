'use strict';
// The conformkit adapter protocol v1 (docs/protocol.md): one JSON request a
// line on stdin, one JSON answer a line on stdout; logs on stderr.
//
// Requests are parsed with JSON.parse too, so a writer's model loses the
// exactness of integers past 2^53 before any family code sees it.

const readline = require('readline');
const { Reject } = require('./errors');

const PROTOCOL = 1;
const IMPLEMENTATION = {
  name: 'conformkit-example-node',
  version: '0.1.0',
  language: 'javascript',
  homepage: 'https://github.com/conformkit/conformkit/tree/main/adapters/node',
};

function hello(request, registry) {
  if (request.protocol !== PROTOCOL) {
    return { ok: false, error: { message: `this adapter speaks protocol ${PROTOCOL}` } };
  }
  const families = {};
  const roles = new Set(['reader']);
  for (const [id, entry] of registry) {
    const [family, version] = id.split('/');
    (families[family] ||= []).push(version);
    if (entry.write) roles.add('writer');
  }
  return { ok: true, protocol: PROTOCOL, implementation: IMPLEMENTATION, roles: [...roles].sort(), families };
}

function entryFor(request, registry) {
  const entry = registry.get(`${request.family}/${request.version}`);
  if (!entry) throw new Reject('unsupported_version', `${request.family}/${request.version} is not implemented`);
  return entry;
}

function read(request, registry) {
  try {
    return { ok: true, model: entryFor(request, registry).read(request.path) };
  } catch (e) {
    if (e instanceof Reject) return { ok: false, error: { class: e.cls, message: e.message } };
    throw e;
  }
}

function write(request, registry) {
  try {
    const entry = entryFor(request, registry);
    if (!entry.write) return { ok: false, error: { message: `this adapter does not write ${request.family}` } };
    entry.write(request.model, request.out);
    return { ok: true };
  } catch (e) {
    if (e instanceof Reject) return { ok: false, error: { message: e.message } };
    throw e;
  }
}

const HANDLERS = { hello, read, write };

// Answers requests until shutdown or the end of stdin. registry maps
// "family/version" to { read(path), write(model, out)? }.
function serve(registry) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const request = JSON.parse(line);
    if (request.op === 'shutdown') {
      lines.close();
      process.stdin.destroy();
      return;
    }
    let answer;
    try {
      const handler = HANDLERS[request.op];
      answer = handler
        ? handler(request, registry)
        : { ok: false, error: { message: `unknown op ${JSON.stringify(request.op)}` } };
    } catch (e) {
      // A bug in this adapter: say so, unclassified.
      process.stderr.write(`${e.stack}\n`);
      answer = { ok: false, error: { message: `internal error: ${e.name}: ${e.message}`.toWellFormed() } };
    }
    // Pipes are synchronous on Linux (Node's process I/O rules), so each
    // answer is out before the next request is read.
    process.stdout.write(`${JSON.stringify({ id: request.id, ...answer })}\n`);
  });
}

module.exports = { serve };
