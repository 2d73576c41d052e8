#!/usr/bin/env bash
# Rebuild snapshots/ from the archived copies in tests/fixtures (pages/: the deprecations page;
# related/: the models overview and the platform pages), oldest first, each recorded under the
# date of its copy (tests/fixtures/backfill-eras.txt, which the tests replay too). This is how
# the repository's history before the first scheduled run was made; the cron continues from
# its result.
#   usage: scripts/backfill-snapshots.sh [SNAPSHOTS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
snapshots=${1:-snapshots}
fixtures=tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The eras on descriptor 3: `deprecations run` keeps stdin.
while read -r -u 3 day pairs; do
  [[ -z "$day" || "$day" == \#* ]] && continue
  rm -rf "${work:?}/$day" && mkdir -p "$work/$day"
  for pair in $pairs; do
    cp "$fixtures/${pair#*=}.md" "$work/$day/${pair%%=*}.md"
  done
  deprecations run --quiet --snapshots "$snapshots" --from "$work/$day" --as-of "$day"
done 3<"$fixtures/backfill-eras.txt"
