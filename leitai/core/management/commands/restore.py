"""`leitai restore DIR`: bring a backup back into an empty database and media folder (see
leitai/core/backup.py and docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leitai.core import cache
from leitai.core.backup import BackupError, default_target, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and an empty media folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        database, media_root = default_target()
        try:
            done = restore(
                folder, database=database, media_root=media_root, stream=self.stderr._out
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        cache.clear()  # nothing derived from the data before the restore may be served
        self.stdout.write(
            f"Restored {done.tables} tables ({done.rows} rows) and {done.files} files from {folder}"
        )
