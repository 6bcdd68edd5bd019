"""The ``imnm`` command line: a thin Typer shell over the same functions the web app calls."""

from __future__ import annotations

import typer

app = typer.Typer(help="imnm: immune-mediated necrotising myopathy in children.", no_args_is_help=True)
