#!/bin/bash -eu
# Builds every fuzz target under fuzz/ and ships, next to each binary, its
# seed corpus (exported from the golden corpus) and its dictionary, named as
# OSS-Fuzz expects: <target>, <target>_seed_corpus.zip, <target>.dict.
cd "$SRC/conformkit"

cargo fuzz build -O --sanitizer address
targets=$(cargo fuzz list)
release=fuzz/target/x86_64-unknown-linux-gnu/release

seeds="$WORK/conformkit-seeds"
rm -rf "$seeds"
cargo run --release --quiet -p conformkit -- fuzz-seeds --out "$seeds"

for target in $targets; do
  cp "$release/$target" "$OUT/"
  if [ -d "$seeds/$target" ] && [ -n "$(ls -A "$seeds/$target")" ]; then
    (cd "$seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
  case "$target" in
    kv_*) cp "$seeds/kv.dict" "$OUT/$target.dict" ;;
    *) cp "$seeds/json.dict" "$OUT/$target.dict" ;;
  esac
done
