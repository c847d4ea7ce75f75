"""runtime.json v1 (seed 000): crate.name and crate.version, nested
(D-RT-1); no version marker."""

from .. import fields as f
from . import jsonfile


def model(doc):
    root = f.obj(doc, "$")
    crate = f.obj(f.req(root, "crate", ""), "crate")
    return {
        "crate": {
            "name": f.string(f.req(crate, "name", "crate"), "crate.name"),
            "version": f.string(f.req(crate, "version", "crate"), "crate.version"),
        }
    }


read, write = jsonfile.reader_writer(model)
