"""What steps log (``ctx.log``), shown on stderr by the command line with the step's id.

A step's logger is ``prepflow.step.<id>``. The command line shows its warnings
and errors always, and its info messages with ``-v`` (``--verbose``)::

    prepflow: step 'job': warning: no requirements section found; read every bullet instead

Most runs log nothing, so :mod:`logging` is imported only once something may
log: the handler is put in place by :func:`step_logger` (what ``ctx.log``
gives), or at once when another module already imported :mod:`logging`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import logging

PREFIX = "prepflow.step."
_INFO, _WARNING = 20, 30  # logging.INFO, logging.WARNING

_wanted: int | None = None
"""The level :func:`show_step_logs` asked for, until the handler is in place."""
_handler: Any = None


def show_step_logs(*, verbose: bool) -> None:
    """Show the steps' warnings (and info messages when ``verbose``) on stderr, once per process."""
    global _wanted
    _wanted = _INFO if verbose else _WARNING
    if "logging" in sys.modules:  # someone may log already: install it now
        _install()


def step_logger(step_id: str) -> logging.Logger:
    """The logger of step ``step_id`` (``prepflow.step.<id>``), shown as :func:`show_step_logs` asked."""
    import logging

    if _wanted is not None:
        _install()
    return logging.getLogger(PREFIX + step_id)


def _install() -> None:
    global _wanted, _handler
    import logging

    from prepflow.terminal import echo

    level, _wanted = _wanted, None
    if level is None:
        return
    if _handler is None:

        class StepLogHandler(logging.Handler):
            """Writes each record as one line on the current stderr, as click.echo would."""

            def emit(self, record: logging.LogRecord) -> None:
                try:
                    step = record.name.removeprefix(PREFIX)
                    message = " ".join(record.getMessage().split())
                    echo(f"prepflow: step '{step}': {record.levelname.lower()}: {message}", err=True)
                except Exception:
                    self.handleError(record)

        _handler = StepLogHandler()
    logger = logging.getLogger(PREFIX.rstrip("."))
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    _handler.setLevel(level)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
