"""What every single-file JSON family shares: read = parse the file, then
project it with the family's model function; write = check the model by
projecting it the same way (a model the reader would refuse is refused),
then emit it as pretty JSON, UTF-8, one trailing newline."""

import json

from .. import jsontext
from ..errors import Reject


def render(model):
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def reader_writer(model_of):
    def read(path):
        return model_of(jsontext.parse_file(path))

    def write(model, out):
        try:
            checked = model_of(model)
        except Reject as e:
            raise Reject(e.cls, "refusing the model: %s" % e.message)
        with open(out, "x", encoding="utf-8") as fh:
            fh.write(render(checked))

    return read, write
