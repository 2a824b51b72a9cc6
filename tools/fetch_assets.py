"""Fetch the book's self-hosted web assets from the npm registry, verified.

Usage: python tools/fetch_assets.py

Reads tools/web-assets.json, downloads each pinned package tarball from the
npm registry (no Node.js needed), checks it against the pinned sha512
integrity, and extracts the listed files into ``_vendor/<into>/``.  A stamp
file records what was extracted, so a second run with the same pins does
nothing.  ``_vendor`` is generated: it is git-ignored and never committed.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "tools" / "web-assets.json"
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")


def tarball_url(name: str, version: str) -> str:
    base = name.split("/")[-1]
    return f"{REGISTRY}/{name}/-/{base}-{version}.tgz"


def verify(data: bytes, integrity: str, what: str) -> None:
    algo, _, expected = integrity.partition("-")
    if algo != "sha512":
        raise SystemExit(f"{what}: only sha512 integrity is supported, got {algo}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{what}: integrity mismatch (expected {expected}, got {actual})")


def fetch(pkg: dict, target: Path) -> None:
    what = f"{pkg['name']}@{pkg['version']}"
    dest = target / pkg["into"]
    stamp = dest / ".stamp"
    if stamp.exists() and stamp.read_text() == pkg["integrity"]:
        return
    url = tarball_url(pkg["name"], pkg["version"])
    print(f"fetch {what} from {url}", flush=True)
    with urllib.request.urlopen(url, timeout=120) as resp:
        data = resp.read()
    verify(data, pkg["integrity"], what)
    if dest.exists():
        shutil.rmtree(dest)
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            rel = member.name.split("/", 1)[1]  # strip the "package/" prefix
            if not any(fnmatch.fnmatch(rel, pattern) for pattern in pkg["files"]):
                continue
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(tar.extractfile(member).read())
            count += 1
    if count == 0:
        raise SystemExit(f"{what}: no files matched {pkg['files']}")
    stamp.write_text(pkg["integrity"])
    print(f"  {count} files -> {dest.relative_to(ROOT)}", flush=True)


def main() -> int:
    lock = json.loads(LOCK.read_text(encoding="utf-8"))
    target = ROOT / lock["target"]
    for pkg in lock["packages"]:
        fetch(pkg, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
