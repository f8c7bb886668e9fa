"""The production static pipeline (hashed, compressed names) accepts every vendored file."""

from __future__ import annotations

import json

from django.core.management import call_command


def test_collectstatic_with_manifest_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in [
        "vendor/bootstrap.min.css",
        "vendor/bootstrap.bundle.min.js",
        "vendor/htmx.min.js",
        "vendor/echarts.min.js",
        "leitai/app.css",
    ]:
        assert (tmp_path / manifest[name]).exists(), name
