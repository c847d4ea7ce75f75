#!/usr/bin/env node
'use strict';
// conformkit example adapter (Node.js 20, standard library only, no npm
// packages): a reader for every family of the corpus and a writer for the
// JSON families, spoken to over the conformkit adapter protocol v1.
//
//   conformkit certify --adapter 'node adapters/node/adapter.js'

const { serve } = require('./lib/protocol');
const { REGISTRY } = require('./lib/registry');

serve(REGISTRY);
