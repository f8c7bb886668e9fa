"""The `leitai` command: Django's manage.py plus Leitai's own subcommands.

`leitai score` is dispatched before Django is touched, so it runs with no database, no
settings and no server.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run the `leitai` command line and return its exit status."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "score":
        from leitai.scoring.cli import main as score_main

        return score_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
