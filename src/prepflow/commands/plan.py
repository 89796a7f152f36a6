"""``prepflow plan``: a dry run, saying for each step whether it would run and why."""

from __future__ import annotations

import click

from prepflow.commands.common import (
    FORCE_ALL,
    debug_option,
    forceable_plan_argument,
    forced_steps,
    json_option,
    load_plan_and_plugins,
    load_plan_for_json,
    plan_and_force,
    plugin_option,
)


@click.command("plan")
@forceable_plan_argument
@click.option(
    "--force", multiple=True, is_flag=False, flag_value=FORCE_ALL, metavar="[STEP]", help="As for `run`."
)
@json_option
@plugin_option
@debug_option
def plan_command(
    plan_file: str | None, force: tuple[str, ...], as_json: bool, plugin_files: tuple[str, ...]
) -> None:
    """Dry run: say, for each step, whether it would run or be reused, and why.

    With --json, print {"plan", "steps": [{"step", "decision", "reason"}]} on stdout; an invalid
    plan prints its problems as `validate --json` does.
    """
    from prepflow.engine import preview

    plan_file, force = plan_and_force(plan_file, force)

    plan, plugins = (load_plan_for_json if as_json else load_plan_and_plugins)(plan_file, plugin_files)
    forced = forced_steps(plan, plan_file, force)
    if as_json:
        import json

        decisions = preview(plan, plugins, force=forced)
        steps = [{"step": sid, "decision": decision, "reason": why} for sid, decision, why in decisions]
        click.echo(json.dumps({"plan": plan_file, "steps": steps}, indent=2))
        return
    width = max(len(sid) for sid in plan.order)
    for sid, decision, reason in preview(plan, plugins, force=forced):
        click.echo(f"{decision:<7} {sid:<{width}}  {reason}")
