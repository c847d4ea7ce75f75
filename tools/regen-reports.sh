#!/usr/bin/env bash
# Regenerates the committed compatibility reports (reports/): certifies the
# built-in adapters (the reference adapter as reader and writer, and the
# example adapters under adapters/ that exist in this checkout) with
# `conformkit certify --stable`, then renders all of them into one report
# with `conformkit report`. Stable runs carry no times and no machine paths,
# so the output only changes when the corpus, the kit or an adapter does.
#
# Usage: tools/regen-reports.sh [OUT_DIR]     (default: reports)
#   CONFORMKIT=<binary>  use this conformkit build instead of `cargo build`
#
# CI (.ci/run) runs it into a temporary directory and fails when the result
# differs from the committed reports/.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-reports}"
if [ -z "${CONFORMKIT:-}" ]; then
  cargo build --locked --quiet --bin conformkit
  CONFORMKIT="${CARGO_TARGET_DIR:-target}/debug/conformkit"
fi
unset CONFORMKIT_CORPUS

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results=()

# certify NAME ROLE [certify options...]: one stable run; exit 1
# (not conformant) is a result, anything else stops the script.
certify() {
  local name="$1" role="$2"
  shift 2
  local dir="$work/$name-$role" code=0
  "$CONFORMKIT" certify --corpus corpus --stable --role "$role" --report-dir "$dir" "$@" \
    >"$dir.log" 2>&1 || code=$?
  if [ "$code" -gt 1 ]; then
    cat "$dir.log" >&2
    echo "regen-reports: certifying $name as $role failed (exit $code)" >&2
    exit 1
  fi
  echo "regen-reports: $name as $role: $(grep -E '^(NOT )?conformant' "$dir.log" || echo '?')"
  results+=(--results "$dir/results.json")
}

certify reference reader
certify reference writer

# The example adapters: directory | command (run from the repository root) |
# roles. A directory that is not in this checkout is skipped; one that is
# there must match its command here.
examples=(
  "adapters/python|python3 adapters/python/adapter.py|reader writer"
  "adapters/node|node adapters/node/adapter.js|reader writer"
)
for entry in "${examples[@]}"; do
  IFS='|' read -r dir command roles <<<"$entry"
  if [ ! -d "$dir" ]; then
    echo "regen-reports: skipping $dir: not in this checkout"
    continue
  fi
  read -r tool script <<<"$command"
  if [ ! -e "$script" ]; then
    echo "regen-reports: $dir exists but $script does not: update the examples table in $0" >&2
    exit 1
  fi
  if ! command -v "$tool" >/dev/null; then
    echo "regen-reports: $tool is needed to certify $dir" >&2
    exit 1
  fi
  for role in $roles; do
    certify "$(basename "$dir")" "$role" --adapter "$command"
  done
done

# Render next to the destination, then swap it in.
parent="$(dirname "$out")"
mkdir -p "$parent"
staged="$(mktemp -d "$parent/.regen-reports.XXXXXX")"
chmod 755 "$staged"
"$CONFORMKIT" report "${results[@]}" --out "$staged" >/dev/null
if [ -e "$out" ]; then
  mv "$out" "$staged.old"
fi
mv "$staged" "$out"
rm -rf "$staged.old"
echo "regen-reports: wrote $out"
