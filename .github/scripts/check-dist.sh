#!/usr/bin/env bash
# A release has exactly one sdist and one wheel, and both carry the model data `audit` reads
# (scraper/data/models.json, a link in the repository that the build turns into the file), and
# the version scraper/VERSION says (the one `--version` prints and the tag was checked against).
set -euo pipefail
dist="${1:?usage: check-dist.sh DIST_DIR}"
shopt -s nullglob
sdists=("$dist"/*.tar.gz)
wheels=("$dist"/*.whl)
if [ "${#sdists[@]}" -ne 1 ] || [ "${#wheels[@]}" -ne 1 ]; then
  echo "::error title=Distributions::expected one sdist and one wheel in $dist"
  exit 1
fi
python3 - "${sdists[0]}" "${wheels[0]}" <<'PY'
import json
import sys
import tarfile
import zipfile

sdist, wheel = sys.argv[1:]
with tarfile.open(sdist) as archive:
    member = next(m for m in archive.getmembers() if m.name.endswith("/scraper/data/models.json"))
    if not member.isfile():
        sys.exit(f"::error title=Distributions::{sdist}: scraper/data/models.json is not a file")
    from_sdist = archive.extractfile(member).read()
with zipfile.ZipFile(wheel) as archive:
    from_wheel = archive.read("scraper/data/models.json")
if from_sdist != from_wheel or not json.loads(from_wheel)["models"]:
    sys.exit("::error title=Distributions::models.json differs between sdist and wheel, or is empty")
with open("scraper/VERSION", encoding="utf-8") as file:
    version = file.read().strip()
with zipfile.ZipFile(wheel) as archive:
    metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    said = [line for line in archive.read(metadata).decode().splitlines() if line.startswith("Version: ")]
    shipped = archive.read("scraper/VERSION").decode().strip()
if said != [f"Version: {version}"] or shipped != version:
    sys.exit(f"::error title=Distributions::the wheel's version is not scraper/VERSION's ({version})")
print(f"sdist and wheel carry models.json ({len(from_wheel)} bytes), version {version}")
PY
