#!/bin/bash -eu
# Builds every fuzz target under fuzz/ and ships, next to each binary, its
# seed corpus (exported from the golden corpus) and its dictionary, named as
# OSS-Fuzz expects: <target>, <target>_seed_corpus.zip, <target>.dict.
#
# Runs under OSS-Fuzz / ClusterFuzzLite's environment ($SRC, $OUT, $WORK and
# the sanitizer's RUSTFLAGS/CFLAGS). The targets take those flags; the seed
# export is an ordinary host program, built without them (sanitizer flags
# would reach proc-macros, which then fail to load).
set -euo pipefail
cd "$SRC/conformkit"

cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null
# -a: debug assertions and overflow checks stay on in the optimized build.
cargo fuzz build -O -a
targets=$(cargo fuzz list)
release=fuzz/target/x86_64-unknown-linux-gnu/release

seeds="$WORK/conformkit-seeds"
rm -rf "$seeds"
env -u RUSTFLAGS -u RUSTDOCFLAGS -u CARGO_BUILD_RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
  -u CFLAGS -u CXXFLAGS -u LDFLAGS -u LIB_FUZZING_ENGINE \
  cargo run --locked --quiet -p conformkit -- fuzz-seeds --out "$seeds" >/dev/null

for target in $targets; do
  cp "$release/$target" "$OUT/"
  if [ -n "$(ls -A "$seeds/$target")" ]; then
    rm -f "$OUT/${target}_seed_corpus.zip"
    (cd "$seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
  cp "$seeds/$target.dict" "$OUT/$target.dict"
done
