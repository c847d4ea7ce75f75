"""What every single-file JSON family shares: read = parse the file, then
project it with the family's model function; write = check the model by
projecting it the same way (a model the reader would refuse is refused),
then emit it as pretty JSON, UTF-8, one trailing newline."""

from .. import jsontext, wire
from ..errors import Reject


def render(model):
    """Pretty JSON; numbers read with their literal kept are written as read."""
    return wire.pretty(model) + "\n"


def reader_writer(model_of, exact_numbers=False):
    """With exact_numbers, the reader keeps every number's literal (the
    writer emits any literal the model kept, exact.py)."""

    def read(path):
        return model_of(jsontext.parse_file(path, exact_numbers=exact_numbers))

    def write(model, out):
        try:
            checked = model_of(model)
        except Reject as e:
            raise Reject(e.cls, "refusing the model: %s" % e.message)
        with open(out, "x", encoding="utf-8") as fh:
            fh.write(render(checked))

    return read, write
