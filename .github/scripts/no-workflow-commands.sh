#!/usr/bin/env bash
# Run a command whose output quotes text nobody here controls (page cells, commit subjects,
# file names a pull request chose) with GitHub Actions' workflow commands turned off, so no
# line of it can set an output, add a path, mask or annotate: `::stop-commands::` with a token
# nobody can guess, resumed after the command. Exits with the command's status.
#
#   .github/scripts/no-workflow-commands.sh deprecations run --report-dir "$REPORT_DIR"
set -uo pipefail
token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
echo "::stop-commands::$token"
status=0
"$@" || status=$?
echo "::$token::"
exit "$status"
