#!/usr/bin/env python3
"""Run every benchmark in bench/ (`make bench`); pass --quick for a short run of each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    args = sys.argv[1:]
    failures = 0
    for script in sorted(HERE.glob("*_bench.py")):
        print(f"\n=== {script.name} ===", flush=True)
        failures += subprocess.run([sys.executable, str(script), *args]).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
