#!/usr/bin/env bash
# The pushed tag (TAG, e.g. v0.2.0) must be `v` + the version in scraper/VERSION (which the
# build writes into the package's metadata, and `--version` prints): a release whose files say
# another version than its tag would confuse every installer.
set -euo pipefail
version=$(tr -d '[:space:]' < scraper/VERSION)
if [ "${TAG:-}" != "v$version" ]; then
  echo "::error title=Release tag::the tag '${TAG:-}' is not v$version, the version in scraper/VERSION"
  exit 1
fi
echo "Releasing $version"
