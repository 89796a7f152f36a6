"""``prepflow run``: run a plan and write the dossier."""

from __future__ import annotations

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
@click.option("--resume", is_flag=True, help="Continue the last failed or interrupted run.")
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
    from prepflow.api import run_plan
    from prepflow.progress import choose_reporter
    from prepflow.results import ALL

    plan_file, force = plan_and_force(plan_file, force)
    plan, plugins = load_plan_and_plugins(plan_file, plugin_files)
    forced = forced_steps(plan, plan_file, force)
    reporter = choose_reporter(json_events=json_events, quiet=quiet)
    result = run_plan(
        plan,
        plugins,
        jobs=jobs,
        force=forced if forced == ALL else tuple(sorted(forced)),
        resume=resume,
        reporter=reporter,
        formats=formats or None,
    )
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
