"""The ``prepflow`` console script: :func:`main`.

The commands are click commands under one group (:mod:`prepflow.cligroup`, whose
names, ``cli`` among them, can also be imported from here). The command line
people type most, ``prepflow run PLAN``, has nothing for click to do but find
the plan file, and importing click costs about a fourteenth of a run whose
steps are all cached: :func:`main` runs it without click (:func:`prepflow.runcli.run_plain`)
when the command line is ``run``, one existing readable file that is not a
folder, and only flags from :data:`PLAIN_FLAGS` (``-q``,
``--json``, ``-v``, ``--debug``, ``--resume``), in any order. It writes the
same lines and exits with the same status as click would; anything else (help,
another option, a missing plan, shell completion) goes to click, which says
what is wrong exactly as before.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from prepflow.cligroup import COMMANDS as COMMANDS
    from prepflow.cligroup import cli as cli
    from prepflow.cligroup import debug_option as debug_option
    from prepflow.cligroup import debugging as debugging
    from prepflow.cligroup import plugin_option as plugin_option
    from prepflow.cligroup import verbose_option as verbose_option

PLAIN_FLAGS = {
    "-q": "quiet",
    "--quiet": "quiet",
    "--json": "json_events",
    "-v": "verbose",
    "--verbose": "verbose",
    "--debug": "debug",
    "--resume": "resume",
}
"""The flags of ``prepflow run`` that a plain run takes, and the keyword of ``run_plain`` each sets."""


def main(argv: list[str] | None = None) -> Any:
    """The console script."""
    # Look for reference cycles less often (as mypy does): a run keeps a few objects per step,
    # and the default threshold of 700 new objects has each collection walk them again,
    # about 5k instructions per step. Only the command line does this, not the library.
    gc.set_threshold(50_000, 30, 30)
    plain = _plain_run(sys.argv[1:] if argv is None else argv)
    if plain is not None:
        _run_plain(*plain)
    from prepflow.cligroup import cli

    return cli.main(args=argv, prog_name="prepflow")


def _plain_run(args: list[str]) -> tuple[str, dict[str, bool]] | None:
    """``(plan file, flags)`` when ``args`` is a plain ``run PLAN`` (see the module's doc), else None."""
    if len(args) < 2 or args[0] != "run" or os.environ.get("_PREPFLOW_COMPLETE"):
        return None
    plan: str | None = None
    flags: dict[str, bool] = {}
    for arg in args[1:]:
        if arg in PLAIN_FLAGS:
            flags[PLAIN_FLAGS[arg]] = True
        elif arg.startswith("-") or plan is not None:
            return None
        else:
            plan = arg
    if plan is None:
        return None
    try:  # what click.Path(exists=True, dir_okay=False) accepts without a word
        mode = os.stat(plan).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISDIR(mode) or not os.access(plan, os.R_OK):
        return None
    return plan, flags


def _run_plain(plan_file: str, flags: dict[str, bool]) -> NoReturn:
    """Run ``prepflow run PLAN`` and exit as the click command would, errors reported the same way."""
    from prepflow.runcli import QuietFlush, click_exit, debugging_from_environment, report_error, run_plain
    from prepflow.terminal import echo

    debug = flags.pop("debug", False) or debugging_from_environment()
    try:
        code = run_plain(plan_file, debug=debug, **flags)
    except KeyboardInterrupt:
        echo("prepflow: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # the reader went away: end quietly, as click does
        sys.stdout = QuietFlush(sys.stdout)  # type: ignore[assignment]
        sys.stderr = QuietFlush(sys.stderr)  # type: ignore[assignment]
        sys.exit(1)
    except Exception as e:
        clicks = click_exit(e)
        if clicks is not None:
            sys.exit(clicks)
        if debug:
            raise
        report_error(e)
        sys.exit(1)
    sys.exit(code)


def __getattr__(name: str) -> Any:
    """The click group's names (``cli``, ``COMMANDS``, ...), imported when first asked for."""
    if name.startswith("__"):
        raise AttributeError(name)
    from prepflow import cligroup

    try:
        value = getattr(cligroup, name)
    except AttributeError:
        raise AttributeError(f"module 'prepflow.cli' has no attribute {name!r}") from None
    globals()[name] = value
    return value
