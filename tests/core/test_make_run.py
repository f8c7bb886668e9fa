"""`make run` serves on the HOST and PORT given (127.0.0.1:8000 by default)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def gunicorn_line(*args: str, env: dict | None = None) -> str:
    """The gunicorn command `make run` would run (make -n prints it without running)."""
    out = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    return next(line for line in out.splitlines() if "gunicorn leitai.wsgi" in line)


def test_make_run_binds_host_and_port():
    assert "--bind 127.0.0.1:8000 " in gunicorn_line()
    assert "--bind 0.0.0.0:9000 " in gunicorn_line("HOST=0.0.0.0", "PORT=9000")


def test_the_shells_own_host_variable_is_not_taken():
    # zsh sets HOST to the machine's name; only `make run HOST=…` changes the address.
    assert "--bind 127.0.0.1:8000 " in gunicorn_line(env={"HOST": "build-box", "PORT": "1"})
