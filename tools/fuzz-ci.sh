#!/usr/bin/env bash
# CI's fuzz checks (called by .ci/run; SECONDS_EACH, default 10):
#  1. fuzz/Cargo.lock is current;
#  2. the README's campaign commands run as written (only the duration is
#     shortened), then every target briefly with its sanitizer from the table;
#  3. .clusterfuzzlite/build.sh under OSS-Fuzz's environment ($SRC, $OUT,
#     $WORK, sanitizer RUSTFLAGS), then every built target from $OUT, run in
#     a folder away from the source tree with its seed corpus and dictionary.
# adapter_differential runs against `conformkit serve-reference`: in step 2
# named in CONFORMKIT_FUZZ_ADAPTER, in step 3 by build.sh's build-time default.
set -euo pipefail
cd "$(dirname "$0")/.."
each="${SECONDS_EACH:-10}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "-- fuzz/Cargo.lock is current"
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null

echo "-- README campaign commands"
readme_block() {
  sed -n '/<!-- fuzz-campaign:begin -->/,/<!-- fuzz-campaign:end -->/p' README.md |
    grep -E '^    ' | sed -e 's/^    //'
}
readme_block | sed -e "s/-max_total_time=[0-9]*/-max_total_time=$each/" >"$tmp/campaign.sh"
grep -q 'fuzz run' "$tmp/campaign.sh" || { echo "README: no fuzz-campaign block" >&2; exit 1; }
bash -euo pipefail "$tmp/campaign.sh"

sanitizer_of() {
  case "$1" in
    kv_dataguard | incident_bundle) echo address ;; # reach unsafe SIMD (kv scan)
    *) echo none ;;
  esac
}
seeds="$tmp/seeds"
cargo run --locked --quiet -p conformkit -- fuzz-seeds --out "$seeds" >/dev/null
# adapter_differential's adapter: the reference over the protocol (a clean
# adapter: any finding is a harness bug).
conformkit_bin="$(cargo metadata --locked --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/conformkit"
export CONFORMKIT_FUZZ_ADAPTER="'$conformkit_bin' serve-reference"
for san in none address; do
  for target in $(cd fuzz && cargo +nightly fuzz list); do
    [ "$(sanitizer_of "$target")" = "$san" ] || continue
    work="$tmp/corpus-$target"
    mkdir -p "$work"
    if ! (cd fuzz && cargo +nightly fuzz run -O -a -s "$san" "$target" "$work" "$seeds/$target" -- \
        -dict="$seeds/$target.dict" -max_total_time="$each" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$tmp/$target.log" 2>&1); then
      tail -n 60 "$tmp/$target.log" >&2
      echo "fuzz target $target failed: the input is in fuzz/artifacts/$target" >&2
      exit 1
    fi
    echo "fuzz $target (-s $san): $(grep -E '^stat::number_of_executed_units' "$tmp/$target.log" | tr -s ' ') in $each s"
  done
done

echo "-- .clusterfuzzlite/build.sh under the OSS-Fuzz environment"
# build.sh and the binaries in $OUT run with its defaults, not ours.
unset CONFORMKIT_FUZZ_ADAPTER
mkdir -p "$tmp/src" "$tmp/out" "$tmp/work" "$tmp/run"
ln -s "$PWD" "$tmp/src/conformkit"
(
  export SRC="$tmp/src" OUT="$tmp/out" WORK="$tmp/work"
  export SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 RUSTUP_TOOLCHAIN=nightly
  # OSS-Fuzz compiles C/C++ (libFuzzer itself) with clang; without clang
  # here, the same flags minus clang's -gline-tables-only go to the host cc.
  debug=-g
  if command -v clang >/dev/null; then export CC=clang CXX=clang++; debug=-gline-tables-only; fi
  export CFLAGS="-O1 -fno-omit-frame-pointer $debug -fsanitize=address -fsanitize-address-use-after-scope"
  export CXXFLAGS="$CFLAGS"
  export RUSTFLAGS="--cfg fuzzing -Cdebug-assertions -Cforce-frame-pointers -Zsanitizer=address"
  bash -eu .clusterfuzzlite/build.sh
)
for bin in "$tmp"/out/*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  target="$(basename "$bin")"
  corpus="$tmp/run/$target"
  mkdir -p "$corpus"
  [ -f "$bin"_seed_corpus.zip ] && unzip -q -o "$bin"_seed_corpus.zip -d "$corpus"
  if ! (cd "$tmp/run" && "$bin" "$corpus" -dict="$bin.dict" -max_total_time="$each" \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$tmp/oss-$target.log" 2>&1); then
    tail -n 60 "$tmp/oss-$target.log" >&2
    echo "ClusterFuzzLite build of $target fails when run from \$OUT" >&2
    exit 1
  fi
  echo "\$OUT/$target: $(grep -E '^stat::number_of_executed_units' "$tmp/oss-$target.log" | tr -s ' ') in $each s"
done
