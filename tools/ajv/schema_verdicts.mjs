// Prints what ajv (the pinned version in package.json, Ajv2020 with its
// default options) says about every case of every JSON family, as one JSON
// object: {"ajv": version, "verdicts": {case id: true|false},
// "unsafe_integers": [case id, ...]}.
//
// Every corpus/<family>/<version>/schema.json must compile with the default
// options (strict mode) and again with `strictRequired: true`, without a
// strict-mode warning either; otherwise this exits 2 naming the schema.
// A document is read as users read it: the bytes as UTF-8 (fatal; a BOM is
// kept, so JSON.parse refuses it), then JSON.parse (an unpaired surrogate
// escape is kept, a duplicate key keeps the last value); a text that is not
// UTF-8 JSON counts as refused. `unsafe_integers` lists the cases whose text
// holds an integer literal outside JavaScript's safe integers (|n| > 2^53-1):
// JSON.parse reads it, and the schema's bounds, as doubles, so ajv cannot
// tell it from its neighbours. harness/tests/ajv_schemas.rs applies the
// schema-agreement rules to the rest.
//
// Usage: node schema_verdicts.mjs [corpus-dir]   (after npm ci in this folder)

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ajvModule = require("ajv/dist/2020");
const Ajv2020 = ajvModule.default ?? ajvModule;
const ajvVersion = require("ajv/package.json").version;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.argv[2] ?? path.join(here, "..", "..", "corpus");

// Strict-mode warnings (strictTypes, strictTuples: "log") go to console.warn;
// a shipped schema must not cause any.
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));

function dirs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
}

function compile(options, schema, file) {
  warnings.length = 0;
  let validate;
  try {
    validate = new Ajv2020(options).compile(schema);
  } catch (e) {
    fail(`${file}: does not compile in ajv ${ajvVersion} (${JSON.stringify(options)}): ${e.message}`);
  }
  if (warnings.length > 0) {
    fail(`${file}: ajv ${ajvVersion} (${JSON.stringify(options)}) warns: ${warnings.join("; ")}`);
  }
  return validate;
}

function fail(message) {
  process.stderr.write(message + "\n");
  process.exit(2);
}

// Whether the JSON text holds an integer literal beyond +-(2^53-1). Scans
// number tokens outside strings; only called on text JSON.parse accepted.
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
function hasUnsafeInteger(text) {
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(\.\d+)?([eE][+-]?\d+)?/g;
  for (const m of text.matchAll(token)) {
    if (m[0].startsWith('"') || m[1] !== undefined || m[2] !== undefined) continue;
    const n = BigInt(m[0]);
    if (n > SAFE || n < -SAFE) return true;
  }
  return false;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const verdicts = {};
const unsafe = [];
for (const family of dirs(root)) {
  for (const version of dirs(path.join(root, family))) {
    const dir = path.join(root, family, version);
    const file = path.join(dir, "schema.json");
    if (!fs.existsSync(file)) continue;
    let schema;
    try {
      schema = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      fail(`${file}: not JSON: ${e.message}`);
    }
    const validate = compile({}, schema, file);
    compile({ strictRequired: true }, schema, file);
    for (const name of dirs(dir)) {
      const input = path.join(dir, name, "input.json");
      if (!fs.existsSync(input)) continue;
      const id = `${family}/${version}/${name}`;
      let text;
      let value;
      try {
        text = decoder.decode(fs.readFileSync(input));
        value = JSON.parse(text);
      } catch {
        verdicts[id] = false;
        continue;
      }
      verdicts[id] = validate(value) === true;
      if (hasUnsafeInteger(text)) unsafe.push(id);
    }
  }
}
process.stdout.write(JSON.stringify({ ajv: ajvVersion, verdicts, unsafe_integers: unsafe }));
