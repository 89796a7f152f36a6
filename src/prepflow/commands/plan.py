"""``prepflow plan``: a dry run, saying for each step whether it would run and why."""

from __future__ import annotations

import click

from prepflow.commands.common import (
    FORCE_ALL,
    debug_option,
    forceable_plan_argument,
    forced_steps,
    load_plan_and_plugins,
    plan_and_force,
    plugin_option,
)


@click.command("plan")
@forceable_plan_argument
@click.option(
    "--force", multiple=True, is_flag=False, flag_value=FORCE_ALL, metavar="[STEP]", help="As for `run`."
)
@plugin_option
@debug_option
def plan_command(plan_file: str | None, force: tuple[str, ...], plugin_files: tuple[str, ...]) -> None:
    """Dry run: say, for each step, whether it would run or be reused, and why."""
    from prepflow.engine import preview

    plan_file, force = plan_and_force(plan_file, force)

    plan, plugins = load_plan_and_plugins(plan_file, plugin_files)
    forced = forced_steps(plan, plan_file, force)
    width = max(len(sid) for sid in plan.order)
    for sid, decision, reason in preview(plan, plugins, force=forced):
        click.echo(f"{decision:<7} {sid:<{width}}  {reason}")
