#!/usr/bin/env bash
# Rebuild snapshots/ from the archived copies in tests/fixtures/pages, oldest first, each
# recorded under the date of its copy. This is how the repository's history before the first
# scheduled run was made; the cron continues from its result.
#   usage: scripts/backfill-snapshots.sh [SNAPSHOTS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
snapshots=${1:-snapshots}
pages=tests/fixtures/pages
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# date  locale=fixture ...   (dates: the fixtures' eras, see the fixtures README)
eras=(
  "2025-03-15 en=en--31150348168"
  "2025-11-15 de=de--7033491188 it=it--7049210929"
  "2025-12-10 en=en--81852090"
  "2025-12-20 zh-TW=zh-TW--seed it=it--21649214621 id=id--21875957155"
  "2026-02-06 en=en--36054956312"
  "2026-02-07 en=en--48343116347"
  "2026-04-18 id=id--54626335572"
  "2026-06-15 zh-CN=zh-CN--57854826696"
  "2026-09-02 en=en--59934005988"
)
for era in "${eras[@]}"; do
  read -r day pairs <<<"$era"
  rm -rf "${work:?}/$day" && mkdir -p "$work/$day"
  for pair in $pairs; do
    cp "$pages/${pair#*=}.md" "$work/$day/${pair%%=*}.md"
  done
  deprecations run --quiet --snapshots "$snapshots" --from "$work/$day" --as-of "$day"
done
