'use strict';
// Compile report JSON v1 (seed 000): spec is an opaque PipelineSpecV1
// object kept whole (D-CR-1), diagnostics are {kind, role, input_lanes,
// output_lanes, message} with any kind string kept (D-CR-2, D-CR-3).
// "Kept whole" is where JSON.parse shows: numbers inside spec come back as
// doubles, so an integer past 2^53 is not its literal any more.

const f = require('../fields');
const { jsonFamily } = require('./jsonfile');

function diagnostic(value, at) {
  const o = f.obj(value, at);
  return {
    kind: f.string(f.req(o, 'kind', at), `${at}.kind`),
    role: f.string(f.req(o, 'role', at), `${at}.role`),
    input_lanes: f.strings(f.req(o, 'input_lanes', at), `${at}.input_lanes`),
    output_lanes: f.strings(f.req(o, 'output_lanes', at), `${at}.output_lanes`),
    message: f.string(f.req(o, 'message', at), `${at}.message`),
  };
}

function model(doc) {
  const root = f.obj(doc, '$');
  const spec = f.obj(f.req(root, 'spec', ''), 'spec');
  const diagnostics = f.array(f.req(root, 'diagnostics', ''), 'diagnostics');
  return { spec, diagnostics: diagnostics.map((d, i) => diagnostic(d, `diagnostics[${i}]`)) };
}

module.exports = jsonFamily(model);
