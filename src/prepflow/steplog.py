"""What steps log (``ctx.log``), shown on stderr by the command line with the step's id.

A step's logger is ``prepflow.step.<id>``. The command line shows its warnings
and errors always, and its info messages with ``-v`` (``--verbose``)::

    prepflow: step 'job': warning: no requirements section found; read every bullet instead
"""

from __future__ import annotations

import logging

import click

PREFIX = "prepflow.step."


class StepLogHandler(logging.Handler):
    """Writes each record as one line on the current stderr (click's, so tests capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            step = record.name.removeprefix(PREFIX)
            message = " ".join(record.getMessage().split())
            click.echo(f"prepflow: step '{step}': {record.levelname.lower()}: {message}", err=True)
        except Exception:
            self.handleError(record)


_HANDLER = StepLogHandler()


def show_step_logs(*, verbose: bool) -> None:
    """Show the steps' warnings (and info messages when ``verbose``) on stderr, once per process."""
    level = logging.INFO if verbose else logging.WARNING
    logger = logging.getLogger(PREFIX.rstrip("."))
    if _HANDLER not in logger.handlers:
        logger.addHandler(_HANDLER)
    _HANDLER.setLevel(level)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
