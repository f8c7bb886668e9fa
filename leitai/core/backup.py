"""Backup and restore: a consistent copy of the database and the media files, with a manifest.

`backup(folder)` writes into an empty (or new) folder:

- `database.sqlite3` — SQLite's online backup API (`sqlite3.Connection.backup`), a consistent
  copy taken page by page while the site keeps working; or `database.pgdump` — `pg_dump -Fc`
  (custom format) for PostgreSQL, run on a snapshot exported by a REPEATABLE READ transaction
  in which the row counts are taken too, so the counts and the dump see the same data;
- `media/` — every file under MEDIA_ROOT (evidence, notices);
- `manifest.json` — the versions (Leitai, Django, Python, the database server, the latest
  migration of every app), the rows of every table, and the size and sha256 of every file
  (the database file included).

`restore(folder, database=..., media_root=...)` checks the manifest first (every file's hash),
refuses a target database that has any table or a media folder that holds any file, refuses a
backup of another database kind (SQLite into PostgreSQL or back: move between them with
`dumpdata`/`loaddata`), restores with the backup API / `pg_restore`, copies the media files, and
then checks every table's row count against the manifest. The caller clears the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import django
from django.db import connection, connections

from leitai.progress import Progress

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA = "media"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- backup ---------------------------------------------------------------------------------


def backup(folder: Path, *, stream=None) -> dict:
    """Back up the default database and MEDIA_ROOT into `folder`; return the manifest."""
    from django.conf import settings

    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: a backup goes into a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        database_file = folder / SQLITE_FILE
        tables = _sqlite_backup(database_file)
    elif vendor == "postgresql":
        database_file = folder / PG_FILE
        tables = _pg_backup(connection.settings_dict, database_file)
    else:
        raise BackupError(f"no backup for a {vendor} database")
    files = _copy_media(Path(settings.MEDIA_ROOT), folder / MEDIA, stream=stream)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": _versions(),
        "database": {
            "vendor": vendor,
            "file": database_file.name,
            "size": database_file.stat().st_size,
            "sha256": sha256(database_file),
        },
        "tables": tables,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def _sqlite_backup(target: Path) -> dict[str, int]:
    """Copy the live SQLite database with the online backup API; count the copy's rows."""
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    with sqlite3.connect(target) as copy:
        return sqlite_counts(copy)


def sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for (n,) in sorted(names)}


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _pg_backup(settings_dict: dict, target: Path) -> dict[str, int]:
    """Dump with pg_dump on a snapshot that the row counts are taken in as well."""
    import psycopg

    params = _pg_params(settings_dict)
    with psycopg.connect(**params) as snap:
        snap.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = snap.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = _pg_counts(snap)
        _run(
            ["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(target), params["dbname"]],
            settings_dict,
        )
        snap.execute("COMMIT")
    return tables


def _pg_params(settings_dict: dict) -> dict:
    params = {"dbname": settings_dict["NAME"], "user": settings_dict.get("USER") or None}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("PASSWORD", "password")):
        if settings_dict.get(key):
            params[name] = settings_dict[key]
    return {k: v for k, v in params.items() if v is not None}


def _pg_counts(db) -> dict[str, int]:
    names = db.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for (n,) in names}


def _run(command: list[str], settings_dict: dict) -> None:
    done = subprocess.run(command, env=_pg_env(settings_dict), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _copy_media(source: Path, target: Path, *, stream=None) -> dict[str, dict]:
    """Copy every file under `source` to `target`; return each one's size and sha256."""
    files = _files(source)
    found = {}
    with Progress(len(files), "media", stream=stream) as bar:
        for path in files:
            name = path.relative_to(source).as_posix()
            copy = target / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
            found[name] = {"size": copy.stat().st_size, "sha256": sha256(copy)}
            bar.advance()
    return found


def _versions() -> dict:
    from importlib.metadata import version

    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    with connection.cursor() as cursor:
        server = connection.Database.sqlite_version if connection.vendor == "sqlite" else None
        if server is None:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
    return {
        "leitai": version("leitai"),
        "django": django.get_version(),
        "python": platform.python_version(),
        "database_server": server,
        "migrations": dict(sorted(latest.items())),
    }


# --- restore --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What a restore brought back."""

    tables: int
    rows: int
    files: int


def read_manifest(folder: Path, *, stream=None) -> dict:
    """Read the manifest and check every file of the backup against it."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    database = manifest["database"]
    _check_file(folder / database["file"], database)
    files = manifest["files"]
    on_disk = {p.relative_to(folder / MEDIA).as_posix() for p in _files(folder / MEDIA)}
    if on_disk != set(files):
        extra, missing = sorted(on_disk - set(files)), sorted(set(files) - on_disk)
        raise BackupError(f"media files differ from the manifest: extra {extra}, missing {missing}")
    with Progress(len(files), "check", stream=stream) as bar:
        for name, expected in files.items():
            _check_file(folder / MEDIA / name, expected)
            bar.advance()
    return manifest


def _check_file(path: Path, expected: dict) -> None:
    if not path.is_file():
        raise BackupError(f"{path} is missing")
    if sha256(path) != expected["sha256"]:
        raise BackupError(f"{path} does not match the manifest (sha256 differs)")


def restore(folder: Path, *, database: dict, media_root: Path, stream=None) -> Restored:
    """Restore the backup in `folder` into an empty database and an empty media folder."""
    folder, media_root = Path(folder), Path(media_root)
    manifest = read_manifest(folder, stream=stream)
    vendor = _vendor(database)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"the backup holds a {manifest['database']['vendor']} database, the target is "
            f"{vendor}: restore into the same kind (move between kinds with dumpdata/loaddata)"
        )
    if _files(media_root):
        raise BackupError(f"the media folder {media_root} is not empty")
    if vendor == "sqlite":
        counts = _sqlite_restore(folder / SQLITE_FILE, Path(database["NAME"]))
    else:
        counts = _pg_restore(folder / PG_FILE, database)
    if counts != manifest["tables"]:
        differ = sorted(
            t
            for t in set(counts) | set(manifest["tables"])
            if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"row counts differ from the manifest after the restore: {differ}")
    files = _copy_media(folder / MEDIA, media_root, stream=stream)
    if files != manifest["files"]:
        raise BackupError("the restored media files do not match the manifest")
    return Restored(len(counts), sum(counts.values()), len(files))


def _vendor(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"no restore into {engine}")


def _sqlite_restore(source: Path, target: Path) -> dict[str, int]:
    if str(target) == ":memory:" or "mode=memory" in str(target):
        raise BackupError("restore needs a database file, not an in-memory database")
    if target.exists():
        with sqlite3.connect(target) as db:
            if sqlite_counts(db):
                raise BackupError(f"the database {target} is not empty")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as backup_db, sqlite3.connect(target) as db:
        backup_db.backup(db)
        return sqlite_counts(db)


def _pg_restore(source: Path, database: dict) -> dict[str, int]:
    import psycopg

    params = _pg_params(database)
    with psycopg.connect(**params) as db:
        if _pg_counts(db):
            raise BackupError(f"the database {params['dbname']} is not empty")
    _run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", params["dbname"], str(source)],
        database,
    )
    with psycopg.connect(**params) as db:
        return _pg_counts(db)


def default_target() -> tuple[dict, Path]:
    """Return the default database's settings and MEDIA_ROOT (what `leitai restore` fills)."""
    from django.conf import settings

    return connections["default"].settings_dict, Path(settings.MEDIA_ROOT)
