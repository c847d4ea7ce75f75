'use strict';
// What every single-file JSON family shares: read = parse the file and
// project it with the family's model function; write = check the model by
// projecting it the same way (a model the reader would refuse is refused),
// then write it as pretty JSON with one trailing newline.

const fs = require('fs');
const { parseFile } = require('../jsontext');
const { Reject } = require('../errors');

function jsonFamily(modelOf) {
  return {
    model: modelOf,
    read(path) {
      return modelOf(parseFile(path));
    },
    write(model, out) {
      let checked;
      try {
        checked = modelOf(model);
      } catch (e) {
        if (e instanceof Reject) throw new Reject(e.cls, `refusing the model: ${e.message}`);
        throw e;
      }
      fs.writeFileSync(out, `${JSON.stringify(checked, null, 2)}\n`, { flag: 'wx' });
    },
  };
}

module.exports = { jsonFamily };
