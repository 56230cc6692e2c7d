"""Fetch the browser files kg serve ships (YASGUI) from the npm registry.

Run by `make install`: each package's tarball is downloaded once, checked
against the integrity hash pinned in tools/assets.json, and the listed
files are copied into kg/static/vendor/. Nothing is fetched when the files
are already there for the pinned version, so kg never downloads at run time.

    python tools/fetch_assets.py [DEST]
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DEST = HERE.parent / "kg" / "static" / "vendor"


def fetch(package: dict, dest: Path) -> None:
    stamp = dest / f".{package['name'].replace('/', '_')}-{package['version']}"
    if stamp.exists() and all((dest / target).is_file() for target in package["files"].values()):
        return
    with urllib.request.urlopen(package["tarball"], timeout=120) as response:
        data = response.read()
    algorithm, expected = package["integrity"].split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        sys.exit(f"{package['name']} {package['version']}: integrity check failed (got {algorithm}-{actual})")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, target in package["files"].items():
            extracted = archive.extractfile(member)
            if extracted is None:
                sys.exit(f"{package['name']}: {member} is not in the tarball")
            path = dest / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(extracted.read())
    stamp.write_text(f"{package['name']} {package['version']} ({package['license']}) from {package['tarball']}\n")
    print(f"fetched {package['name']} {package['version']} into {dest}")


def main(argv: list[str]) -> None:
    dest = Path(argv[0]) if argv else DEFAULT_DEST
    dest.mkdir(parents=True, exist_ok=True)
    for package in json.loads((HERE / "assets.json").read_text(encoding="utf-8"))["packages"]:
        fetch(package, dest)


if __name__ == "__main__":
    main(sys.argv[1:])
