#!/usr/bin/env bash
# The pushed tag (TAG, e.g. v0.2.0) must be `v` + the version in pyproject.toml: a release
# whose files say another version than its tag would confuse every installer.
set -euo pipefail
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
if [ "${TAG:-}" != "v$version" ]; then
  echo "::error title=Release tag::the tag '${TAG:-}' is not v$version, the version in pyproject.toml"
  exit 1
fi
echo "Releasing $version"
