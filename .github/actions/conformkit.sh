#!/usr/bin/env bash
# The GitHub Action's run step (action.yml): runs `conformkit certify` or
# `conformkit compat`, writes the reports into CK_REPORT_DIR, appends the
# Markdown report to the job summary ($GITHUB_STEP_SUMMARY), prints GitHub
# annotations, sets the step outputs ($GITHUB_OUTPUT) and exits with
# conformkit's exit code. Runs anywhere with those variables set (the test
# harness/tests/github_action.rs points them at temporary files).
#
# Inputs (environment):
#   CK_BIN                 conformkit binary (default: conformkit on PATH)
#   CK_COMMAND             certify | compat
#   CK_REPORT_DIR          report folder (default: $RUNNER_TEMP/conformkit-report)
#   certify: CK_ADAPTER (empty: the reference), CK_ROLE, CK_FAMILIES
#            (whitespace-separated), CK_LEVEL, CK_EXPECTED_FAILURES
#   compat:  CK_OLD, CK_NEW (revisions or dir:<path>), CK_REPO (default .)
set -uo pipefail

fail_usage() {
  echo "::error title=conformkit action::$1"
  exit 2
}

bin="${CK_BIN:-conformkit}"
command="${CK_COMMAND:-certify}"
report_dir="${CK_REPORT_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/conformkit-report}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
mkdir -p "$report_dir" || fail_usage "cannot create the report folder $report_dir"

case "$command" in
  certify)
    args=(certify --report-dir "$report_dir" --sarif "$report_dir/conformkit.sarif"
          --github-annotations --role "${CK_ROLE:-reader}" --level "${CK_LEVEL:-2}")
    [ -n "${CK_ADAPTER:-}" ] && args+=(--adapter "$CK_ADAPTER")
    [ -n "${CK_EXPECTED_FAILURES:-}" ] && args+=(--expected-failures "$CK_EXPECTED_FAILURES")
    for family in ${CK_FAMILIES:-}; do
      args+=(--family "$family")
    done
    "$bin" "${args[@]}"
    code=$?
    if [ -f "$report_dir/report.md" ]; then
      cat "$report_dir/report.md" >>"$summary"
    else
      printf '## conformkit certify\n\nNo report: conformkit exited with %s before writing one (see the log).\n' "$code" >>"$summary"
    fi
    ;;
  compat)
    [ -n "${CK_OLD:-}" ] || fail_usage "compat needs the old revision (input old)"
    [ -n "${CK_NEW:-}" ] || fail_usage "compat needs the new revision (input new)"
    common=(compat --old "$CK_OLD" --new "$CK_NEW" --repo "${CK_REPO:-.}")
    # Annotations on the schema files, then the text and JSON reports.
    "$bin" "${common[@]}" --format github
    code=$?
    "$bin" "${common[@]}" --format text >"$report_dir/compat.txt" 2>"$report_dir/compat.stderr"
    "$bin" "${common[@]}" --format json >"$report_dir/compat.json" 2>>"$report_dir/compat.stderr"
    {
      printf '## conformkit compat: %s → %s (exit %s)\n\n```\n' "$CK_OLD" "$CK_NEW" "$code"
      cat "$report_dir/compat.txt" "$report_dir/compat.stderr"
      printf '```\n'
    } >>"$summary"
    ;;
  *)
    fail_usage "unknown command '$command' (expected certify or compat)"
    ;;
esac

{
  echo "exit-code=$code"
  echo "report-dir=$report_dir"
} >>"$outputs"
exit "$code"
