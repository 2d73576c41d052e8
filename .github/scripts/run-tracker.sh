#!/usr/bin/env bash
# Run the tracker without letting a failure stop the job: the languages that worked must still
# be committed (exit 3 and 4 write their snapshots), and the job fails at its last step instead.
# Tells the later steps what to do through $GITHUB_OUTPUT and shows the run's own report in the
# job summary. Page text only ever moves through files here, never through argv or `${{ }}`.
set -euo pipefail

report_dir="${REPORT_DIR:?REPORT_DIR must name the directory the run writes its report into}"
mkdir -p -- "$report_dir"

# The site says when the page was last checked: the time this run started.
checked_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
status=0
# What the run prints quotes the page: none of it may run as a workflow command.
"$(dirname -- "${BASH_SOURCE[0]}")/no-workflow-commands.sh" \
  deprecations run --report-dir "$report_dir" || status=$?

case "$status" in
  0) commit=true problem=false ;;
  3 | 4) commit=true problem=true ;;
  # Anything else (a crash, a usage error) says nothing about the state of snapshots/.
  *) commit=false problem=false ;;
esac
{
  echo "status=$status"
  echo "checked_at=$checked_at"
  echo "commit=$commit"
  echo "problem=$problem"
} >>"$GITHUB_OUTPUT"

if [[ -s "$report_dir/summary.md" ]]; then
  cat -- "$report_dir/summary.md" >>"$GITHUB_STEP_SUMMARY"
else
  printf 'The tracker run exited %s without writing a summary: see the log of its step.\n' \
    "$status" >>"$GITHUB_STEP_SUMMARY"
fi
echo "deprecations run exited $status (commit: $commit, problem: $problem)"
