"""Settings from the environment: the typed helpers and the production guard."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from leitai.env import env_bool, env_int, env_list, env_str


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", " a.example, ,b.example ")
    monkeypatch.delenv("X_MISSING", raising=False)
    assert env_bool("X_BOOL") is True
    assert env_bool("X_MISSING", True) is True
    assert env_int("X_INT", 1) == 42
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env_str("X_MISSING", "d") == "d"


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ValueError, match="X_BOOL='maybe' is not a boolean"):
        env_bool("X_BOOL")


def _load_settings(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update({"LEITAI_DATA_DIR": str(tmp_path), **env})
    code = "import leitai.settings as s; print(s.DEBUG, len(s.SECRET_KEY))"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _load_settings(tmp_path, LEITAI_PRODUCTION="1")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_key_is_generated_once_and_kept(tmp_path):
    first = _load_settings(tmp_path)
    key = (tmp_path / "secret_key").read_text()
    second = _load_settings(tmp_path)
    assert first.stdout == second.stdout == "False 67\n"
    assert (tmp_path / "secret_key").read_text() == key
