"""``prepflow run`` as the command line runs it, without click.

The ``run`` command (:mod:`prepflow.commands.run`) parses its options with click
and hands the plan to :func:`run_loaded`. A plain ``prepflow run PLAN`` (only
the flags :data:`prepflow.cli.PLAIN_FLAGS` names, see :func:`prepflow.cli.main`) comes here
straight from the console script through :func:`run_plain`, without importing
click (about a fourteenth of a run whose steps are all cached). Both write the
same lines (:func:`prepflow.terminal.echo`), exit with the same status, and
report errors the same way (:func:`report_error`; ``--debug`` shows tracebacks).
"""

from __future__ import annotations

import errno
import gc
import json
import os
import sys
from collections.abc import Callable
from typing import IO, Any

from prepflow.lazyre import LazyPattern
from prepflow.terminal import echo


def report_error(e: Exception) -> None:
    """Print an error a command raised as prepflow shows it: one line (a line per problem of a plan)."""
    from prepflow.errors import PlanError, PrepflowError

    if isinstance(e, PlanError):
        for diagnostic in e.diagnostics:
            echo(str(diagnostic), err=True)
        count = len(e.diagnostics)
        echo(f"prepflow: {count} problem{'s' * (count != 1)} found; nothing was run", err=True)
    elif isinstance(e, PrepflowError):
        echo(f"prepflow: error: {' '.join(str(e).split())}", err=True)
    elif isinstance(e, OSError):
        where = f"{e.filename}: " if e.filename else ""
        echo(f"prepflow: error: {where}{e.strerror or e}", err=True)
    else:
        message = f"{type(e).__name__}: {e}"
        echo(f"prepflow: internal error: {message} (rerun with --debug for details)", err=True)


def click_exit(e: BaseException) -> int | None:
    """For one of click's own exceptions (a plugin may raise them), show it as click does: the exit status.

    None for any other exception; click is not imported to tell.
    """
    click = sys.modules.get("click")
    if click is None:
        return None
    if isinstance(e, click.exceptions.Exit):
        return int(e.exit_code)
    if isinstance(e, click.ClickException):
        e.show()
        return int(e.exit_code)
    if isinstance(e, click.exceptions.Abort):
        echo("Aborted!", err=True)
        return 1
    return None


def debugging_from_environment() -> bool:
    """Whether PREPFLOW_DEBUG asks for tracebacks (set, and not "" or "0")."""
    return os.environ.get("PREPFLOW_DEBUG", "") not in ("", "0")


def load_plugins(files: tuple[str, ...], *, verbose: bool) -> Any:
    """The installed plugins and the plugin ``files``, with a warning for each that failed to load."""
    from prepflow.plugins import Plugins
    from prepflow.steplog import show_step_logs

    plugins = Plugins(files)
    # after loading: a plugin that imported logging may log through its step's logger directly
    show_step_logs(verbose=verbose)
    plugins.step_types  # registering may fail too: report it with the load failures  # noqa: B018
    for failure in plugins.failures:
        echo(
            f"prepflow: warning: {failure} (hide it with PREPFLOW_DISABLE_PLUGINS={failure.plugin})",
            err=True,
        )
    return plugins


def run_plain(
    plan_file: str,
    *,
    quiet: bool = False,
    json_events: bool = False,
    verbose: bool = False,
    debug: bool = False,
    resume: bool = False,
) -> int:
    """``prepflow run PLAN`` with these flags: the exit status (errors before the run raise)."""
    from prepflow.loader import load_plan
    from prepflow.supervisor import step_limit

    limit = step_limit()
    plugins = load_plugins((), verbose=verbose)
    plan = load_plan(plan_file, plugins, shown=plan_file)
    return run_loaded(
        plan_file,
        plan,
        plugins,
        set(),
        limit=limit,
        resume=resume,
        quiet=quiet,
        json_events=json_events,
        debug=debug,
    )


def run_loaded(
    plan_file: str,
    plan: Any,
    plugins: Any,
    forced: Any,
    *,
    limit: float | None,
    jobs: int = 1,
    resume: bool = False,
    formats: tuple[str, ...] = (),
    quiet: bool = False,
    json_events: bool = False,
    debug: bool = False,
) -> int:
    """Run a loaded plan in a watched child process (see :mod:`prepflow.supervisor`); the exit status."""
    from prepflow.store import Workspace
    from prepflow.supervisor import supervise

    # what the process holds now (modules, plugins, the plan) lives until it ends: the cyclic
    # collector need not walk it again during the run, and the forked child shares its pages
    gc.freeze()

    def body() -> int:
        return status_of(
            lambda: _run(plan_file, plan, plugins, forced, jobs, resume, formats, quiet, json_events, debug),
            debug=debug,
        )

    def ended(why: str, steps: list[str], run_id: str) -> None:
        if json_events:
            event = {"event": "run_finished", "run": run_id, "status": "failed", "failed": steps, "files": []}
            echo(json.dumps(event, ensure_ascii=False))
        for sid in steps:
            echo(f"prepflow: step '{sid}' failed: {why}", err=True)
        if not steps:
            echo(f"prepflow: error: {why}", err=True)
        echo(f"prepflow: run failed; fix the problem, then `prepflow run {plan_file} --resume`", err=True)

    steps = [(sid, plan.steps[sid].timeout) for sid in plan.order]
    runs = Workspace.beside(plan.path).runs
    return supervise(body, steps=steps, runs_dir=runs, limit=limit, ended=ended)


def status_of(work: Callable[[], object], *, debug: bool) -> int:
    """Do ``work`` and return the exit status the command line would give for it (errors printed)."""
    try:
        work()
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        echo("prepflow: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as e:
        code = click_exit(e)
        if code is not None:
            return code
        if debug:
            import traceback

            traceback.print_exc()
        else:
            report_error(e)
        return 1
    return 0


def _run(
    plan_file: str,
    plan: Any,
    plugins: Any,
    forced: Any,
    jobs: int,
    resume: bool,
    formats: tuple[str, ...],
    quiet: bool,
    json_events: bool,
    debug: bool,
) -> None:
    from prepflow.api import run_plan
    from prepflow.progress import JsonReporter, choose_reporter
    from prepflow.results import ALL
    from prepflow.stdio import steps_write_aside

    with steps_write_aside() as (out, err):
        reporter = (
            JsonReporter(out) if json_events else choose_reporter(json_events=False, quiet=quiet, stream=err)
        )
        result = run_plan(
            plan,
            plugins,
            jobs=jobs,
            force=forced if forced == ALL else tuple(sorted(forced)),
            resume=resume,
            reporter=reporter,
            formats=formats or None,
        )
    for warning in result.warnings:
        echo(f"prepflow: warning: {warning}", err=True)
    if result.status != "success":
        for sid in result.failed:
            step_result = result.steps[sid]
            if debug and step_result.exception is not None:
                import traceback

                traceback.print_exception(step_result.exception, file=sys.stderr)
            echo(f"prepflow: step '{sid}' failed: {step_result.error}", err=True)
        echo(f"prepflow: run failed; fix the problem, then `prepflow run {plan_file} --resume`", err=True)
        sys.exit(1)
    if not json_events and not quiet:
        for path in result.files:
            shown = os.path.relpath(path)
            echo(f"dossier: {path if shown.startswith('..') else shown}", err=True)
        _print_summary(plan, result, plugins)


#: Terminal escape sequences and control characters: a plugin's summary line quotes the posting
#: and the resume, whose text must never drive the terminal (retitle it, plant a link, clear it).
#: Right-to-left overrides and isolates go too: a terminal line has nothing to isolate them in.
_CONTROL = LazyPattern(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)"
    "|[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def printable(line: str) -> str:
    """``line`` without terminal escape sequences, control characters and bidirectional overrides."""
    return _CONTROL.sub("", line)


def _print_summary(plan: Any, result: Any, plugins: Any) -> None:
    """The few things to do first, from the plugins' ``dossier_summary`` hook, and how to open the page."""
    from prepflow.output import build_dossier, dossier_digest
    from prepflow.store import WORKSPACE_DIR
    from prepflow.summarymemo import remembered_summary, summary_key

    try:  # in plugin-name order, each plugin's lines in its own order
        lines = remembered_summary(
            plan.path.parent / WORKSPACE_DIR,
            summary_key(dossier_digest(plan, result.steps), plugins.versions()),
            lambda: plugins.hooks.dossier_summary(build_dossier(plan, result.steps)),
        )
    except Exception as e:
        echo(f"prepflow: warning: no summary: {type(e).__name__}: {e}", err=True)
        return
    if lines:
        echo("first, do:", err=True)
        for number, line in enumerate(lines, start=1):
            echo(f"  {number}. {printable(str(line))}", err=True)
    if any(path.suffix == ".html" for path in result.files):
        shown = os.path.relpath(plan.output_dir)
        echo(f"read it: prepflow open {plan.output_dir if shown.startswith('..') else shown}", err=True)


class QuietFlush:
    """A stream whose ``flush`` ignores a reader that went away (EPIPE), as click leaves them then."""

    def __init__(self, wrapped: IO[str]) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as e:
            if e.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)
