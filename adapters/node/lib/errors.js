'use strict';
// The rejection every reader throws: one class from the kit's closed
// taxonomy (docs/protocol.md, "Error classes") and a message saying where
// and what was expected.

const CLASSES = new Set([
  'syntax', 'encoding', 'missing_field', 'wrong_type', 'out_of_range',
  'invalid_value', 'duplicate_key', 'unsupported_version', 'missing_file',
  'integrity', 'path_escape', 'too_large', 'too_deep', 'unreadable',
]);

class Reject extends Error {
  constructor(cls, message) {
    if (!CLASSES.has(cls)) throw new TypeError(`unknown error class ${cls}`);
    // Well-formed: JSON.parse's messages quote the input cut by UTF-16
    // units, which can split a surrogate pair, and a lone surrogate in an
    // answer is not valid protocol JSON (JSON.stringify escapes it as
    // \udXXX). Unpaired surrogates become U+FFFD.
    super(String(message).toWellFormed());
    this.cls = cls;
  }

  // The same rejection, its message prefixed (a file name, say).
  within(prefix) {
    return new Reject(this.cls, `${prefix}: ${this.message}`);
  }
}

module.exports = { Reject, CLASSES };
