#!/usr/bin/env bash
# Report a failed run in one GitHub issue per problem: comment on the open issue with the same
# title and label, or open it. The title and body came from the page, so they travel as a quoted
# argument and a body file, never through a shell line or an expression.
set -euo pipefail
# Lengths below count characters, not bytes, even in the CJK titles.
export LC_ALL=C.UTF-8

report_dir="${REPORT_DIR:?REPORT_DIR must name the directory the run wrote its report into}"
label="${ISSUE_LABEL:-tracker-failure}"
title_file="$report_dir/problem-title.txt"
body_file="$report_dir/problem.md"

title=""
if [[ -s "$title_file" ]]; then
  # One line, no control characters, within GitHub's 256-character limit.
  title="$(head -n 1 -- "$title_file" | tr -d '\000-\037\177')"
  title="${title:0:256}"
fi
if [[ -z "${title//[[:space:]]/}" ]]; then
  title="Tracker run failed"
fi

body="$(mktemp)"
trap 'rm -f -- "$body"' EXIT
if [[ -s "$body_file" ]]; then
  cat -- "$body_file" >"$body"
else
  echo "The run reported a problem but wrote no description of it." >"$body"
fi
if [[ -n "${GITHUB_RUN_ID:-}" ]]; then
  printf '\n---\nSeen in run %s/%s/actions/runs/%s\n' \
    "${GITHUB_SERVER_URL:-https://github.com}" "${GITHUB_REPOSITORY:-}" "$GITHUB_RUN_ID" >>"$body"
fi

# Creating an issue with a label that does not exist fails; an existing label is left as it is.
gh label create "$label" --color B60205 \
  --description "The scheduled tracker run failed" >/dev/null 2>&1 || true

# Listing by label reads the issues themselves; `--search` goes through the search index, which
# lags behind a freshly opened issue. Titles are compared exactly (GitHub trims their ends),
# outside any query syntax.
number="$(
  gh issue list --state open --label "$label" --limit 200 --json number,title |
    ISSUE_TITLE="$title" python3 -c '
import json, os, sys
wanted = os.environ["ISSUE_TITLE"].strip()
print(next((str(i["number"]) for i in json.load(sys.stdin) if i["title"].strip() == wanted), ""))
'
)"

if [[ -n "$number" ]]; then
  gh issue comment "$number" --body-file "$body"
  echo "Commented on the open issue #$number."
else
  gh issue create --title="$title" --label="$label" --body-file "$body"
  echo "Opened a new issue."
fi
