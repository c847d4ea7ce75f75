#!/usr/bin/env python3
"""Times `conformkit check --validate-only` against plain `conformkit check`
on large inputs, in one run, and prints the ratio (docs/performance.md).

Usage: tools/validate_only_timing.py BINARY [MIB] [REPS]
  BINARY  a release build (target/release/conformkit)
  MIB     size of each input, default 64 (the default file limit)
  REPS    runs of each command per input, default 5; the median is kept

It writes four inputs of MIB MiB into a temporary folder, all valid:
  json-numbers.json   one line: a runtime.json whose extra field holds an
                      array of small numbers (a tiny model, a big parse)
  json-string.json    one line: a runtime.json whose crate.name is one long
                      string (the model is as big as the input)
  report.kv           a DataGuard report of sorted counts.field.* counters
  report-longline.kv  a DataGuard report whose last line is one long value
For each it runs the two commands in turns (check, then validate-only,
REPS times) with stdout to /dev/null and limits raised so the inputs fit,
and prints the median times and check / validate-only (above 1: faster).
"""

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ["card_number", "email", "full_name", "iban", "ip_address", "phone_number"]
METRICS = ["masked", "matched", "rejected", "scanned"]
KV_TAIL = "counts.records=0\nexpected.codec_id=0\nreport.kind=dataguard\nreport.v=1\n"


def write_inputs(out: Path, size: int) -> list:
    head = '{"crate":{"name":"x","version":"1"},"extra":['
    count = (size - len(head) - 3) // 2
    (out / "json-numbers.json").write_text(head + "0," * count + "0]}")
    head, tail = '{"crate":{"name":"', '","version":"1"}}'
    (out / "json-string.json").write_text(head + "a" * (size - len(head) - len(tail)) + tail)
    rng = random.Random(7)
    with open(out / "report.kv", "w") as f:
        written, table, lines = 0, 0, []
        while written < size:
            for column in COLUMNS:
                scanned = rng.randrange(2_000_000_000)
                for m, metric in enumerate(METRICS):
                    value = scanned if m == 3 else scanned // (m + 3)
                    line = f"counts.field.sales_{table:07d}.{column}.{metric}={value}\n"
                    lines.append(line)
                    written += len(line)
            table += 1
        f.write("".join(lines) + KV_TAIL + "schema.registry_root=/\n")
    head = KV_TAIL + "schema.registry_root=/"
    (out / "report-longline.kv").write_text(head + "a" * (size - len(head) - 1) + "\n")
    return [
        ("runtime", out / "json-numbers.json"),
        ("runtime", out / "json-string.json"),
        ("dataguard_report", out / "report.kv"),
        ("dataguard_report", out / "report-longline.kv"),
    ]


def main() -> None:
    binary = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    limits = ["--max-file-bytes", str(4 * (mib << 20)), "--max-json-memory", str(1 << 40)]
    with tempfile.TemporaryDirectory() as tmp:
        for family, path in write_inputs(Path(tmp), mib << 20):
            times = {"check": [], "validate-only": []}
            for _ in range(reps):
                for mode, runs in times.items():
                    extra = ["--validate-only"] if mode == "validate-only" else []
                    command = [binary, "check", *extra, *limits, family, str(path)]
                    start = time.perf_counter()
                    result = subprocess.run(command, stdout=subprocess.DEVNULL)
                    runs.append(time.perf_counter() - start)
                    if result.returncode != 0:
                        sys.exit(f"{' '.join(command)}: exit {result.returncode}")
            check = statistics.median(times["check"])
            validate = statistics.median(times["validate-only"])
            print(
                f"{path.name:<20} check {check:7.3f} s   validate-only {validate:7.3f} s   "
                f"check / validate-only {check / validate:5.2f}"
            )


if __name__ == "__main__":
    main()
