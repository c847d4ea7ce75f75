'use strict';
// Decision Gate runpack v1 (seed 003), a directory: manifest.json and the
// JCS artifacts it lists. Reading verifies it offline and gives {contents,
// manifest, report}; writing exports one from that model.

const { verify, readContents } = require('../runpack/verify');
const { write } = require('../runpack/export');

function read(path) {
  const [manifest, report] = verify(path);
  return { contents: readContents(path, manifest), manifest, report };
}

module.exports = { read, write };
