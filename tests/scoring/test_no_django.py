"""The engine and the reader package are plain Python: importing them loads no Django."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
import leitai.scoring
import leitai.tabular
from leitai.scoring import cli, readers, writers
from leitai.tabular import cells, problems, sources, tables
assert cli.main(["examples/county-small/scheme.yaml", "examples/county-small/data",
                 "-o", sys.argv[1]]) == 0
loaded = [name for name in sys.modules if name == "django" or name.startswith("django.")]
print(loaded)
"""


def test_scoring_imports_and_runs_without_django(tmp_path):
    out = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
    assert out.exists()
