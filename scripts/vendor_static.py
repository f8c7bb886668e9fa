#!/usr/bin/env python3
"""Refresh the vendored front-end files from the npm registry at pinned versions.

Usage: python scripts/vendor_static.py   (needs `npm` on the PATH; run rarely, commit the result)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "leitai" / "static" / "vendor"

# package@version -> files inside the tarball (under package/) -> name in leitai/static/vendor
PACKAGES = {
    "htmx.org@2.0.11": {"dist/htmx.min.js": "htmx.min.js"},
    "echarts@6.1.0": {"dist/echarts.min.js": "echarts.min.js"},
    "bootstrap@5.3.9": {
        "dist/css/bootstrap.min.css": "bootstrap.min.css",
        "dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
    },
}


def fetch(spec: str, files: dict[str, str], workdir: Path) -> None:
    """Download one package tarball with `npm pack` and copy the named files out of it."""
    out = (
        subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    with tarfile.open(workdir / out) as tar:
        for inner, name in files.items():
            member = tar.extractfile(f"package/{inner}")
            if member is None:
                sys.exit(f"{spec}: {inner} not found in the package")
            (VENDOR / name).write_bytes(_without_source_map(member.read()))
            print(f"{spec}: {inner} -> leitai/static/vendor/{name}")


def _without_source_map(data: bytes) -> bytes:
    """Drop sourceMappingURL comments: the maps are not vendored, and hashed static storage
    refuses a file that points at a missing one."""
    return re.sub(
        rb"\n?(//# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$", b"\n", data
    )


def main() -> None:
    if shutil.which("npm") is None:
        sys.exit("npm is needed to refresh vendored files")
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for spec, files in PACKAGES.items():
            fetch(spec, files, Path(tmp))
    (VENDOR / "VERSIONS.txt").write_text("\n".join(PACKAGES) + "\n")


if __name__ == "__main__":
    main()
