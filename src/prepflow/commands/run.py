"""``prepflow run``: run a plan and write the dossier."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from typing import Any

import click

from prepflow.commands.common import (
    FORCE_ALL,
    debug_option,
    debugging,
    forceable_plan_argument,
    forced_steps,
    load_plan_and_plugins,
    plan_and_force,
    plugin_option,
    verbose_option,
)


@click.command("run")
@forceable_plan_argument
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Steps to run at once."
)
@click.option(
    "--force",
    multiple=True,
    is_flag=False,
    flag_value=FORCE_ALL,
    metavar="[STEP]",
    help="Rerun STEP even if cached (repeatable, or comma-separated); alone, rerun every step.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue the last failed or interrupted run (with none, a plain run: safe after a kill).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="Dossier format(s) to write, overriding [output] formats.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
@click.option("--json", "json_events", is_flag=True, help="Print a JSON event stream on stdout.")
@verbose_option
@plugin_option
@debug_option
@click.pass_context
def run(
    ctx: click.Context,
    plan_file: str | None,
    jobs: int,
    force: tuple[str, ...],
    resume: bool,
    formats: tuple[str, ...],
    quiet: bool,
    json_events: bool,
    plugin_files: tuple[str, ...],
) -> None:
    """Run PLAN: each step runs, or is reused from the cache if nothing it depends on changed."""
    from prepflow.store import Workspace
    from prepflow.supervisor import step_limit, supervise

    plan_file, force = plan_and_force(plan_file, force)
    limit = step_limit()
    plan, plugins = load_plan_and_plugins(plan_file, plugin_files)
    forced = forced_steps(plan, plan_file, force)
    # what the process holds now (modules, plugins, the plan) lives until it ends: the cyclic
    # collector need not walk it again during the run, and the forked child shares its pages
    gc.freeze()

    def body() -> int:
        return _status_of(
            ctx,
            lambda: _run(ctx, plan_file, plan, plugins, forced, jobs, resume, formats, quiet, json_events),
        )

    def ended(why: str, steps: list[str], run_id: str) -> None:
        if json_events:
            event = {"event": "run_finished", "run": run_id, "status": "failed", "failed": steps, "files": []}
            click.echo(json.dumps(event, ensure_ascii=False))
        for sid in steps:
            click.echo(f"prepflow: step '{sid}' failed: {why}", err=True)
        if not steps:
            click.echo(f"prepflow: error: {why}", err=True)
        click.echo(
            f"prepflow: run failed; fix the problem, then `prepflow run {plan_file} --resume`", err=True
        )

    steps = [(sid, plan.steps[sid].timeout) for sid in plan.order]
    runs = Workspace.beside(plan.path).runs
    code = supervise(body, steps=steps, runs_dir=runs, limit=limit, ended=ended)
    if code:
        sys.exit(code)


def _status_of(ctx: click.Context, work: Any) -> int:
    """Do ``work`` and return the exit status the command line would give for it (errors printed)."""
    from prepflow.cli import report_error

    try:
        work()
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("prepflow: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as e:
        if debugging(ctx):
            import traceback

            traceback.print_exc()
        else:
            report_error(e)
        return 1
    return 0


def _run(
    ctx: click.Context,
    plan_file: str,
    plan: Any,
    plugins: Any,
    forced: Any,
    jobs: int,
    resume: bool,
    formats: tuple[str, ...],
    quiet: bool,
    json_events: bool,
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
        click.echo(f"prepflow: warning: {warning}", err=True)
    if result.status != "success":
        for sid in result.failed:
            step_result = result.steps[sid]
            if debugging(ctx) and step_result.exception is not None:
                import traceback

                traceback.print_exception(step_result.exception, file=sys.stderr)
            click.echo(f"prepflow: step '{sid}' failed: {step_result.error}", err=True)
        click.echo(
            f"prepflow: run failed; fix the problem, then `prepflow run {plan_file} --resume`", err=True
        )
        sys.exit(1)
    if not json_events and not quiet:
        for path in result.files:
            shown = os.path.relpath(path)
            click.echo(f"dossier: {path if shown.startswith('..') else shown}", err=True)
        _print_summary(plan, result, plugins)


#: Terminal escape sequences and control characters: a plugin's summary line quotes the posting
#: and the resume, whose text must never drive the terminal (retitle it, plant a link, clear it).
#: Right-to-left overrides and isolates go too: a terminal line has nothing to isolate them in.
_CONTROL = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)"
    "|[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def _printable(line: str) -> str:
    return _CONTROL.sub("", line)


def _print_summary(plan: Any, result: Any, plugins: Any) -> None:
    """The few things to do first, from the plugins' ``dossier_summary`` hook, and how to open the page."""
    from prepflow.output import build_dossier

    try:  # in plugin-name order, each plugin's lines in its own order
        lines = plugins.hooks.dossier_summary(build_dossier(plan, result.steps))
    except Exception as e:
        click.echo(f"prepflow: warning: no summary: {type(e).__name__}: {e}", err=True)
        return
    if lines:
        click.echo("first, do:", err=True)
        for number, line in enumerate(lines, start=1):
            click.echo(f"  {number}. {_printable(str(line))}", err=True)
    if any(path.suffix == ".html" for path in result.files):
        shown = os.path.relpath(plan.output_dir)
        click.echo(f"read it: prepflow open {plan.output_dir if shown.startswith('..') else shown}", err=True)
