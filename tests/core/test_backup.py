"""`leitai backup` / `leitai restore`: a copy restored into a fresh database equals the original.

The data is the test county of tests/conftest.py (`world`: two counties, their units, groups,
people and roles — the demo county takes minutes to build, too slow for a test run twice) with
audit rows and files in the media folder. On SQLite it is restored into a new SQLite file, on
PostgreSQL (`DATABASE_URL=postgres://…`) into a newly created PostgreSQL database; every table's
rows, every file's hash and the audit log are compared.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from leitai.core import backup as backups
from leitai.core.audit import record
from leitai.core.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)  # run last: tests/browser/conftest.py

FILES = {
    "evidence/2022/a1b2.pdf": b"%PDF-1.4 evidence of unit A\n",
    "notices/2022/370724-2022-01-1.docx": b"PK\x03\x04 a notice",
    "supervision/photo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
}


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    for name, content in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def county(world, media):
    for unit in (world.unit_a, world.unit_b):
        record(actor=world.office, action="test.change", obj=unit, after={"name": unit.name})
    return world


def _rows_sqlite(path: Path, table: str) -> list[tuple]:
    # The same type detection as Django's connection, so both sides read the same values.
    detect = connection.get_connection_params()["detect_types"]
    with sqlite3.connect(path, detect_types=detect) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()


def _rows_pg(settings_dict: dict, table: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(**backups._pg_params(settings_dict)) as db:
        return [tuple(r) for r in db.execute(f'SELECT * FROM "{table}" ORDER BY 1')]


def _rows_source(table: str) -> list[tuple]:
    """Read the original as the restored copy is read (the driver's types, no Django's)."""
    if connection.vendor == "postgresql":  # committed: the test's transactions are real
        return _rows_pg(connection.settings_dict, table)
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        return [tuple(r) for r in cursor.fetchall()]
    finally:
        cursor.close()


def _source_tables() -> list[str]:
    return sorted(connection.introspection.table_names())


@pytest.fixture
def target(tmp_path):
    """A fresh, empty database of the kind the tests run on: (settings dict, row reader)."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield {"ENGINE": source["ENGINE"], "NAME": str(path)}, lambda t: _rows_sqlite(path, t)
        return
    import psycopg

    name = f"leitai_restore_{uuid.uuid4().hex[:8]}"
    params = backups._pg_params({**source, "NAME": "postgres"})
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    settings_dict = {**source, "NAME": name}
    yield settings_dict, lambda t: _rows_pg(settings_dict, t)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_a_fresh_database_is_equal(county, media, target, tmp_path):
    folder = tmp_path / "backup"
    out = StringIO()
    call_command("backup", str(folder), stdout=out, stderr=StringIO())
    manifest = json.loads((folder / "manifest.json").read_text())
    tables = _source_tables()
    assert sorted(manifest["tables"]) == tables
    assert manifest["tables"]["core_auditentry"] == AuditEntry.objects.count() > 0
    assert manifest["files"] == {
        name: {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        for name, content in FILES.items()
    }
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["versions"]["migrations"]["core"] == "0004_scheduled_run"
    assert out.getvalue().startswith(f"Backed up {len(tables)} tables (")

    database, rows = target
    restored_media = tmp_path / "restored-media"
    done = backups.restore(folder, database=database, media_root=restored_media, stream=StringIO())
    assert (done.tables, done.files) == (len(tables), 3)
    assert done.rows == sum(manifest["tables"].values())
    for table in tables:
        assert rows(table) == _rows_source(table), table
    # The audit log: every entry, in order, with its before/after, actor and request id.
    audit = rows("core_auditentry")
    assert [a[0] for a in audit] == list(
        AuditEntry.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert len(audit) == manifest["tables"]["core_auditentry"] >= 2
    assert {
        p.relative_to(restored_media).as_posix(): p.read_bytes()
        for p in restored_media.rglob("*")
        if p.is_file()
    } == FILES

    # A second restore finds the target full and changes nothing.
    with pytest.raises(backups.BackupError, match=r"media folder .* is not empty"):
        backups.restore(folder, database=database, media_root=restored_media, stream=StringIO())
    with pytest.raises(backups.BackupError, match="is not empty"):
        backups.restore(folder, database=database, media_root=tmp_path / "new", stream=StringIO())
    assert not (tmp_path / "new").exists()


def test_a_backup_that_does_not_match_its_manifest_is_refused(county, media, target, tmp_path):
    folder = tmp_path / "backup"
    backups.backup(folder, stream=StringIO())
    (folder / "media" / "supervision" / "photo.png").write_bytes(b"changed")
    database, _rows = target
    with pytest.raises(backups.BackupError, match=r"photo\.png does not match the manifest"):
        backups.restore(folder, database=database, media_root=tmp_path / "m", stream=StringIO())
    assert not (tmp_path / "m").exists()
    assert _tables_of(database) == {}  # nothing was restored


def _tables_of(database: dict) -> dict[str, int]:
    if connection.vendor == "sqlite":
        if not Path(database["NAME"]).exists():
            return {}
        with sqlite3.connect(database["NAME"]) as db:
            return backups.sqlite_counts(db)
    import psycopg

    with psycopg.connect(**backups._pg_params(database)) as db:
        return backups._pg_counts(db)


def test_a_backup_goes_into_an_empty_folder_only(county, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(folder), stdout=StringIO(), stderr=StringIO())
    assert [p.name for p in folder.iterdir()] == ["old.txt"]
