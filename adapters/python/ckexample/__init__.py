"""conformkit example adapter in Python: readers and writers for the
conformkit corpus families, written over the standard library only (json,
hashlib, os). See adapters/python/README.md for what it gets wrong."""
