"""
Command line: ``python -m msticpy`` (also installed as the ``msticpy`` command).

``triage`` reads a text/log file or a CSV column (default: a bundled sample) and
prints what an analyst wants first: the IoCs found, by type, with counts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .triage import run_triage


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (the usage is in ``--help``)."""

    def error(self, message: str) -> NoReturn:
        """Print ``message`` as one line on stderr and exit with status 2."""
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    from .._version import VERSION

    version = f"msticpy {VERSION} (msticpy API level {VERSION.split('+')[0]})"
    parser = _Parser(prog="msticpy", description=__doc__)
    parser.add_argument("--version", action="version", version=version)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    triage = commands.add_parser(
        "triage", help="Summarise the IoCs in a log/text file or a CSV column."
    )
    triage.add_argument(
        "path", nargs="?", help="Text/log or CSV file (default: a bundled sample log)."
    )
    triage.add_argument("--column", help="Read this column of a CSV file.")
    triage.add_argument("--json", action="store_true", help="Machine-readable output.")
    triage.add_argument("--version", action="version", version=version)
    triage.add_argument(
        "--top", type=int, default=5, help="Values shown per type (at least 1; default 5)."
    )
    triage.add_argument(
        "--html",
        metavar="FILE",
        help="Also write a self-contained HTML page (report, decoded payloads, timeline).",
    )
    triage.add_argument("--include-paths", action="store_true", help="Also report paths.")
    triage.add_argument(
        "--cluster",
        action="store_true",
        help="Show the top command-line patterns (templates with counts) instead of IoCs.",
    )
    triage.add_argument(
        "--progress",
        choices=["auto", "always", "never"],
        default="auto",
        help="Progress bar on stderr (auto: large inputs on a terminal).",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "triage":
            return run_triage(args, out=sys.stdout, err=sys.stderr)
    except KeyboardInterrupt:
        sys.stderr.write("msticpy: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")
        return 0
    return 2
