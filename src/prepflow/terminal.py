"""prepflow's own lines on standard output and error, written as ``click.echo`` writes them.

A plain ``prepflow run PLAN`` runs without importing click (see
:mod:`prepflow.runcli`), which costs about as much as the rest of a cached run.
:func:`echo` writes what ``click.echo(message, err=err)`` would: once click is
imported (every other command, click's test runner, a plugin that uses it) it
is click's own ``echo``; before, a line to an ordinary text stream is written
and flushed directly, and anything click would treat specially (terminal
escape sequences to strip, an ASCII-only stream it would re-encode, no stream
at all, Windows, a Jupyter kernel's stream) goes through click after all.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from typing import IO, Any


def echo(message: str, *, err: bool = False) -> None:
    """``click.echo(message, err=err)``, without importing click for an ordinary line."""
    stream = sys.stderr if err else sys.stdout
    if "click" not in sys.modules and _plain(stream, message):
        stream.write(f"{message}\n")
        stream.flush()
        return
    import click

    click.echo(message, err=err)


def _plain(stream: IO[str] | None, message: str) -> bool:
    """Whether click would write ``message`` to ``stream`` as it is, line end added, and flush."""
    if stream is None or "\x1b" in message or os.name == "nt" or hasattr(stream, "color"):
        return False
    if not isinstance(stream, io.TextIOBase) or type(stream).__module__.startswith("ipykernel."):
        return False
    encoding: Any = getattr(stream, "encoding", None)
    try:
        return bool(encoding) and codecs.lookup(encoding).name != "ascii"
    except LookupError:
        return True  # click keeps a stream whose encoding it does not know
