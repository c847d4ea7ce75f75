#!/usr/bin/env python3
"""Summarize a cargo-mutants run over conformkit-reference, the corpus as
the oracle (docs/corpus-power.md says how to run it): one row per module
with its caught, missed, timed-out and unviable mutants and the score
(caught / (caught + missed + timeout): unviable mutants do not build and
say nothing about the corpus), then every missed mutant, one a line.

Usage: corpus_power.py MUTANTS_OUT_DIR [MUTANTS_OUT_DIR ...]
  (several directories: the shards of one campaign, merged)
"""

import json
import os
import sys
from collections import defaultdict

KINDS = {"CaughtMutant": "caught", "MissedMutant": "missed", "Timeout": "timeout", "Unviable": "unviable"}


def outcomes(folder):
    path = os.path.join(folder, "outcomes.json")
    if not os.path.exists(path):
        path = os.path.join(folder, "mutants.out", "outcomes.json")
    with open(path, encoding="utf-8") as f:
        for o in json.load(f)["outcomes"]:
            mutant = o["scenario"].get("Mutant") if isinstance(o["scenario"], dict) else None
            if mutant is None:
                continue  # the baseline
            yield mutant, KINDS.get(o["summary"], o["summary"])


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rows = defaultdict(lambda: defaultdict(int))
    missed = []
    seen = set()
    for folder in argv:
        for mutant, kind in outcomes(folder):
            if mutant["name"] in seen:
                continue
            seen.add(mutant["name"])
            rows[mutant["file"]][kind] += 1
            if kind in ("missed", "timeout"):
                missed.append(f"{kind}: {mutant['name']}")
    total = defaultdict(int)
    print("| module | caught | missed | timeout | unviable | score |")
    print("|---|---:|---:|---:|---:|---:|")
    for module in sorted(rows):
        r = rows[module]
        for k, v in r.items():
            total[k] += v
        print(row(module.removeprefix("adapters/reference/src/"), r))
    print(row("**all**", total))
    print()
    for line in sorted(missed):
        print("-", line)
    return 0


def row(name, r):
    judged = r["caught"] + r["missed"] + r["timeout"]
    score = f"{100 * r['caught'] / judged:.1f}%" if judged else "n/a"
    return f"| {name} | {r['caught']} | {r['missed']} | {r['timeout']} | {r['unviable']} | {score} |"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
