'use strict';
// Which module reads (and writes) which family version.

const families = './families/';
const REGISTRY = new Map([
  ['compile_report/v1', require(`${families}compile_report`)],
  ['environment/v1', require(`${families}environment`)],
  ['policy_audit/v1', require(`${families}policy_audit`)],
  ['replay_audit/v1', require(`${families}replay_audit`)],
  ['runtime/v1', require(`${families}runtime`)],
  ['spec_validation/v1', require(`${families}spec_validation`)],
]);

module.exports = { REGISTRY };
