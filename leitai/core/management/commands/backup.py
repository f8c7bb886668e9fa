"""`leitai backup DIR`: a consistent copy of the database and the media files (see
leitai/core/backup.py and docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leitai.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media files into a new or empty folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup(folder, stream=self.stderr._out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['files'])} files into {folder}"
        )
