#!/usr/bin/env bash
# Rebuild snapshots/ from the archived copies in tests/fixtures (pages/: the deprecations page;
# related/: the models overview and the platform pages), oldest first, each recorded under the
# date of its copy. This is how the repository's history before the first
# scheduled run was made; the cron continues from its result.
#   usage: scripts/backfill-snapshots.sh [SNAPSHOTS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
snapshots=${1:-snapshots}
fixtures=tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# date  page=fixture ...   (page: a locale or a related page; dates: the fixtures' eras, see
# the fixtures README)
related="models-overview claude-in-amazon-bedrock claude-on-amazon-bedrock-legacy"
related+=" claude-on-vertex-ai claude-in-microsoft-foundry claude-platform-on-aws"
eras=(
  "2025-03-15 en=pages/en--31150348168"
  "2025-11-15 de=pages/de--7033491188 it=pages/it--7049210929"
  "2025-12-20 zh-TW=pages/zh-TW--seed it=pages/it--21649214621 id=pages/id--21875957155"
  "2026-01-20 en=pages/en--81852090"
  "2026-02-06 en=pages/en--36054956312"
  "2026-02-07 en=pages/en--48343116347"
  "2026-04-18 id=pages/id--54626335572"
  "2026-06-15 zh-CN=pages/zh-CN--57854826696"
  "2026-08-22 $(for page in $related; do printf '%s=related/%s ' "$page" "$page"; done)"
  "2026-09-02 en=pages/en--59934005988"
  "2026-10-10 en=pages/en--2026-10-10 id=pages/id--2026-10-10"
)
for era in "${eras[@]}"; do
  read -r day pairs <<<"$era"
  rm -rf "${work:?}/$day" && mkdir -p "$work/$day"
  for pair in $pairs; do
    cp "$fixtures/${pair#*=}.md" "$work/$day/${pair%%=*}.md"
  done
  deprecations run --quiet --snapshots "$snapshots" --from "$work/$day" --as-of "$day"
done
