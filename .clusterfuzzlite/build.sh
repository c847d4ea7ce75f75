#!/bin/bash -eu
# Builds every fuzz target under fuzz/ and ships, next to each binary, its
# seed corpus (exported from the golden corpus) and its dictionary, named as
# OSS-Fuzz expects: <target>, <target>_seed_corpus.zip, <target>.dict; plus
# the adapter adapter_differential talks to, in $OUT/conformkit-adapter/.
#
# Runs under OSS-Fuzz / ClusterFuzzLite's environment ($SRC, $OUT, $WORK and
# the sanitizer's RUSTFLAGS/CFLAGS). The targets take those flags; the seed
# export is an ordinary host program, built without them (sanitizer flags
# would reach proc-macros, which then fail to load).
set -euo pipefail
cd "$SRC/conformkit"

cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null

# The host `conformkit` (seed export, and the adapter below), built without
# the sanitizer flags.
host="$WORK/conformkit-host"
env -u RUSTFLAGS -u RUSTDOCFLAGS -u CARGO_BUILD_RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
  -u CFLAGS -u CXXFLAGS -u LDFLAGS -u LIB_FUZZING_ENGINE \
  cargo build --locked --quiet -p conformkit --target-dir "$host"

# adapter_differential fuzzes the implementation named in
# CONFORMKIT_FUZZ_ADAPTER, fixed here at build time (the runner starts the
# binary without our environment; "$CONFORMKIT_FUZZ_DIR" is the binary's
# folder when the command runs). Default: the reference itself over the
# protocol, shipped under $OUT/conformkit-adapter/ (a self-check of the
# protocol path). A project fuzzing its own implementation builds it into
# $OUT and sets CONFORMKIT_FUZZ_ADAPTER (and _ROLE, _FAMILY) before this
# script: docs/fuzz-adapters.md.
mkdir -p "$OUT/conformkit-adapter"
cp "$host/debug/conformkit" "$OUT/conformkit-adapter/conformkit"
default_adapter='"$CONFORMKIT_FUZZ_DIR/conformkit-adapter/conformkit" serve-reference'
export CONFORMKIT_FUZZ_ADAPTER="${CONFORMKIT_FUZZ_ADAPTER:-$default_adapter}"

# -a: debug assertions and overflow checks stay on in the optimized build.
cargo fuzz build -O -a
targets=$(cargo fuzz list)
release=fuzz/target/x86_64-unknown-linux-gnu/release

seeds="$WORK/conformkit-seeds"
rm -rf "$seeds"
"$host/debug/conformkit" fuzz-seeds --out "$seeds" >/dev/null

for target in $targets; do
  cp "$release/$target" "$OUT/"
  if [ -n "$(ls -A "$seeds/$target")" ]; then
    rm -f "$OUT/${target}_seed_corpus.zip"
    (cd "$seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
  cp "$seeds/$target.dict" "$OUT/$target.dict"
done
