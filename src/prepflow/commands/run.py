"""``prepflow run``: run a plan and write the dossier.

The options are parsed here; the run itself is :func:`prepflow.runcli.run_loaded`, which a plain
``prepflow run PLAN`` reaches without click (see :mod:`prepflow.cli`).
"""

from __future__ import annotations

import sys

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
    from prepflow.runcli import run_loaded
    from prepflow.supervisor import step_limit

    plan_file, force = plan_and_force(plan_file, force)
    limit = step_limit()
    plan, plugins = load_plan_and_plugins(plan_file, plugin_files)
    forced = forced_steps(plan, plan_file, force)
    code = run_loaded(
        plan_file,
        plan,
        plugins,
        forced,
        limit=limit,
        jobs=jobs,
        resume=resume,
        formats=formats,
        quiet=quiet,
        json_events=json_events,
        debug=debugging(ctx),
    )
    if code:
        sys.exit(code)
