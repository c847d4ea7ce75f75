"""The rejection every reader raises: one class from the kit's closed
taxonomy (docs/protocol.md, "Error classes") and a message saying where and
what was expected."""

CLASSES = frozenset(
    [
        "syntax",
        "encoding",
        "missing_field",
        "wrong_type",
        "out_of_range",
        "invalid_value",
        "duplicate_key",
        "unsupported_version",
        "missing_file",
        "integrity",
        "path_escape",
        "too_large",
        "too_deep",
        "unreadable",
    ]
)


class Reject(Exception):
    """A classified rejection of an input (or a refused model, for writers)."""

    def __init__(self, cls, message):
        if cls not in CLASSES:
            raise ValueError("unknown error class %r" % cls)
        super().__init__(message)
        self.cls = cls
        self.message = message

    def within(self, prefix):
        """The same rejection, its message prefixed (a file name, say)."""
        return Reject(self.cls, "%s: %s" % (prefix, self.message))
