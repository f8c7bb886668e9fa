"""`leitai score SCHEME DATA [--previous RANKS] [--format json|csv|xlsx] [-o OUT]`,
and `leitai score --template DIR [SCHEME]` for the input template."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path

from leitai.scoring.engine import Result, score
from leitai.scoring.readers import ReadError, read_data, read_previous
from leitai.scoring.scheme import Scheme, SchemeError, parse_yaml
from leitai.scoring.validate import InputError
from leitai.scoring.writers import write_csv, write_json, write_xlsx
from leitai.tabular import TabularError, read_text

# A county run is mostly start-up: what a plain period does not need (the template, the
# year's roll-up, the sensitivity runs; openpyxl, in leitai.tabular and the writers) is
# imported where it is used.

BAD_INPUT = 2
FORMATS = ("json", "csv", "xlsx")


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of exiting, so main() can return a status."""

    def error(self, message: str):
        raise ReadError([f"leitai score: {message}"])


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `leitai score`."""
    parser = _Parser(prog="leitai score", description="Score a period from files, no database.")
    parser.add_argument("scheme", type=Path, nargs="?", help="scheme YAML file")
    parser.add_argument("data", type=Path, nargs="?", help="folder of CSV files or .xlsx workbook")
    parser.add_argument(
        "--template",
        type=Path,
        metavar="DIR",
        help="write the input workbook template (Chinese headers, 说明 sheet) into DIR",
    )
    parser.add_argument("--previous", type=Path, help="CSV of the previous period: unit,rank")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from -o, json)")
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    parser.add_argument(
        "--year",
        action="store_true",
        help="DATA is a folder of the quarters' outputs (…Q1.json …): roll them up to the year",
    )
    parser.add_argument("--sensitivity", type=int, metavar="N", help="runs with jittered weights")
    parser.add_argument("--jitter", type=float, default=0.1, help="weight jitter (default 0.1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    return parser


def main(argv: list[str]) -> int:
    """Run `leitai score` and return its exit status (2 for bad input)."""
    # The command builds millions of small objects that form no cycles (rows, cells, text):
    # the cycle collector's passes over them took a third of a province run and freed nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.template is not None:
            return _template(args)
        if args.scheme is None or args.data is None:
            raise ReadError(["leitai score: the following arguments are required: scheme, data"])
        fmt = _format(args)
        result, notes = _compute(args)
        for note in notes:
            print(f"warning: {note}", file=sys.stderr)
        _write(result, fmt, args.output, notes)
    except (TabularError, SchemeError) as exc:
        return _fail(exc.messages)
    except InputError as exc:
        return _fail([exc.describe(p) for p in exc.problems])
    return 0


def _template(args: argparse.Namespace) -> int:
    from leitai.scoring.template import write_template

    scheme = read_scheme(args.scheme) if args.scheme is not None else None
    if args.template.exists() and not args.template.is_dir():
        raise ReadError([f"{args.template}: not a folder"])
    path = write_template(args.template, scheme)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _fail(messages: list[str]) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    return BAD_INPUT


def _format(args: argparse.Namespace) -> str:
    fmt = args.format
    if fmt is None and args.output is not None:
        suffix = args.output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else None
    fmt = fmt or "json"
    if fmt == "xlsx" and args.output is None:
        raise ReadError(["leitai score: --format xlsx needs -o OUT"])
    if args.year and args.sensitivity is not None:
        raise ReadError(["leitai score: --sensitivity cannot be used with --year"])
    if args.sensitivity is not None and (args.sensitivity < 1 or not 0 <= args.jitter < 1):
        raise ReadError(["leitai score: --sensitivity needs N >= 1 and 0 <= --jitter < 1"])
    return fmt


def read_scheme(path: Path) -> Scheme:
    """Read and validate the scheme file."""
    try:
        text = read_text(path)
    except TabularError as exc:
        raise ReadError(
            [f"{m.replace(': cannot read (', ': cannot read scheme (')}" for m in exc.messages]
        ) from None
    return parse_yaml(text)


def _compute(args: argparse.Namespace) -> tuple[Result, list[str]]:
    scheme = read_scheme(args.scheme)
    if args.year:
        return _year(args, scheme), []
    loaded = read_data(args.data, scheme)
    previous = read_previous(args.previous) if args.previous else ({}, {})
    try:
        result = score(scheme, loaded.data, previous[0], previous[1])
    except InputError as exc:
        raise InputError(exc.problems, describe=loaded.describe) from None
    if args.sensitivity is not None:
        from leitai.scoring.sensitivity import sensitivity

        result = sensitivity(result, args.sensitivity, args.jitter, args.seed)
    return result, loaded.notes + [loaded.describe(p) for p in result.warnings]


def _year(args: argparse.Namespace, scheme: Scheme) -> Result:
    from leitai.scoring.rollup import roll_up
    from leitai.scoring.yearfiles import read_year

    quarters, adjustments = read_year(scheme, args.data)
    previous = read_previous(args.previous) if args.previous else ({}, {})
    return roll_up(quarters, adjustments, previous[0], previous[1])


def _write(result: Result, fmt: str, output: Path | None, notes: list[str]) -> None:
    if output is None:
        if fmt == "json":
            write_json(result, sys.stdout, notes)
        else:
            write_csv(result, sys.stdout)
        return
    if not output.parent.is_dir():
        raise ReadError([f"{output}: the output folder does not exist"])
    # Write beside the target and rename, so a failure never leaves a partial output file.
    handle, temporary = tempfile.mkstemp(dir=output.parent, suffix=f".{fmt}.tmp")
    os.close(handle)
    try:
        if fmt == "xlsx":
            write_xlsx(result, Path(temporary), notes)
        elif fmt == "json":
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                write_json(result, stream, notes)
        else:
            # With a BOM, Excel on Chinese Windows opens UTF-8 CSV without mojibake.
            with open(temporary, "w", encoding="utf-8-sig", newline="") as stream:
                write_csv(result, stream)
        # mkstemp makes the file private (0600); give it the usual mode, as any new file.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _umask() -> int:
    """Return the process umask (reading it means setting it, so set it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
