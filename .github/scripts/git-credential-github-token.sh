#!/usr/bin/env bash
# A git credential helper that answers with $GITHUB_TOKEN from the environment, so the token
# never sits in .git/config (where every later step and every installed package could read it)
# nor on a command line. Used as `git -c credential.helper=/abs/path/to/this get|store|erase`.
set -euo pipefail

if [[ "${1:-}" == get && -n "${GITHUB_TOKEN:-}" ]]; then
  # git sends the request on stdin; it must be read even though the answer does not depend on it.
  cat >/dev/null
  printf 'username=x-access-token\npassword=%s\n' "$GITHUB_TOKEN"
fi
