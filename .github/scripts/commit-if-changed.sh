#!/usr/bin/env bash
# Commit snapshots/ when the run changed it, with the message the run wrote, and push. When the
# branch moved while the job ran, rebase on it and push once more; give up loudly otherwise.
set -euo pipefail

report_dir="${REPORT_DIR:?REPORT_DIR must name the directory the run wrote its report into}"
message_file="$report_dir/commit-message.txt"
scripts="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
helper="$scripts/git-credential-github-token.sh"

# Only the network commands need the token; the helper reads it from the environment.
remote_git() {
  GIT_TERMINAL_PROMPT=0 git -c credential.helper= -c "credential.helper=$helper" "$@"
}

if [[ -z "$(git config user.email || true)" ]]; then
  git config user.name "github-actions[bot]"
  git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
fi

# A pathspec that matches nothing is an error for `git add`; a first run may have no snapshots.
if [[ -e snapshots ]] || [[ -n "$(git ls-files -- snapshots)" ]]; then
  git add --all -- snapshots
fi
if git diff --cached --quiet -- snapshots; then
  echo "snapshots/ did not change: nothing to commit."
  exit 0
fi

if [[ -s "$message_file" ]]; then
  git commit --quiet --file "$message_file" -- snapshots
else
  echo "::warning::$message_file is missing: committing with a generic message."
  git commit --quiet --message "Update snapshots" -- snapshots
fi
# The subject quotes the page: shown with workflow commands off.
"$scripts/no-workflow-commands.sh" git log -1 --format='Committed %h: %s'

branch="$(git symbolic-ref --short HEAD)"
if remote_git push --quiet origin "HEAD:refs/heads/$branch"; then
  exit 0
fi

remote_git fetch --quiet --no-tags origin "refs/heads/$branch"
if git merge-base --is-ancestor FETCH_HEAD HEAD; then
  echo "::error::The push failed and $branch has not moved: this is not a race, giving up." >&2
  exit 1
fi
echo "$branch moved while the job ran: rebasing on it and pushing once more."
if ! git rebase --quiet FETCH_HEAD; then
  git rebase --abort
  echo "::error::Rebasing on the new $branch conflicts in snapshots/; the next run starts" \
    "from it and writes them again." >&2
  exit 1
fi
remote_git push --quiet origin "HEAD:refs/heads/$branch"
"$scripts/no-workflow-commands.sh" git log -1 --format='Pushed %h: %s'
