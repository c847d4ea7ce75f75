"""Numbers kept as their exact JSON literal, where a model keeps numbers so
(compile_report's opaque spec, D-CR-1): an int or float that remembers the
text it was read from. json.loads turns 1.50 into 1.5 and 1e400 (past every
double) into a float infinity, which has no JSON form at all; these keep the
literal, and wire.py and the writers emit it as read."""


class ExactFloat(float):
    """A literal with a fraction or exponent: its nearest double (an
    infinity past the double range) and its text."""

    def __new__(cls, text):
        value = super().__new__(cls, text)
        value.text = text
        return value


class ExactInt(int):
    """An integer literal whose text int() does not give back: -0."""

    def __new__(cls, text):
        value = super().__new__(cls, text)
        value.text = text
        return value


def parse_int(text):
    """json.loads's parse_int: a plain int unless the literal is -0."""
    return ExactInt(text) if text == "-0" else int(text)


def literal(value):
    """The literal value was read from, or None for a plain number."""
    if isinstance(value, (ExactFloat, ExactInt)):
        return value.text
    return None
