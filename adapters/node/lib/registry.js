'use strict';
// Which module reads (and writes) which family version.

const families = './families/';
const REGISTRY = new Map([
  ['compile_report/v1', require(`${families}compile_report`)],
  ['dataguard_report/v1', require(`${families}dataguard_report`)],
  ['environment/v1', require(`${families}environment`)],
  ['incident_bundle/v1', require(`${families}incident_bundle`)],
  ['policy_audit/v1', require(`${families}policy_audit`)],
  ['replay_audit/v1', require(`${families}replay_audit`)],
  ['runpack/v1', require(`${families}runpack`)],
  ['runpack_export_input/v1', require(`${families}runpack_export_input`)],
  ['runpack_export_output/v1', require(`${families}runpack_export_output`)],
  ['runtime/v1', require(`${families}runtime`)],
  ['spec_validation/v1', require(`${families}spec_validation`)],
]);

module.exports = { REGISTRY };
