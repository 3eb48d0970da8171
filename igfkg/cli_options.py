"""Options shared by the commands of cli.py and cli_analysis.py."""
from __future__ import annotations

from pathlib import Path

import click


def output_file(value: str | None) -> str | None:
    """An ``-o FILE`` value (None for standard output, also for "-") whose folder exists and that is no folder itself; raises click.BadParameter saying what to fix."""
    if value is None or value == "-":
        return None
    p = Path(value)
    if p.is_dir():
        raise click.BadParameter(f"'{value}' is a folder; give a file name inside it", param_hint="-o")
    if not p.parent.is_dir():
        raise click.BadParameter(f"the folder '{p.parent}' does not exist; create it first (mkdir -p '{p.parent}')",
                                 param_hint="-o")
    return value


def output_option(f):
    """``-o/--output FILE`` for every command that writes a file."""
    return click.option("-o", "--output", default=None, metavar="FILE", help="File to write (default: standard output).",
                        callback=lambda ctx, param, value: output_file(value))(f)
