#!/usr/bin/env python3
"""conformkit example adapter (Python 3, standard library only): a reader
for every family of the corpus and a writer for the JSON families, spoken to
over the conformkit adapter protocol v1.

    conformkit certify --adapter 'python3 adapters/python/adapter.py'
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ckexample import protocol  # noqa: E402
from ckexample.registry import REGISTRY  # noqa: E402

if __name__ == "__main__":
    protocol.serve(REGISTRY)
