"""``prepflow validate``: check a plan and report every problem."""

from __future__ import annotations

import click

from prepflow.commands.common import (
    debug_option,
    json_option,
    load_plan_and_plugins,
    load_plan_for_json,
    plan_argument,
    plugin_option,
)


@click.command("validate")
@plan_argument
@json_option
@plugin_option
@debug_option
def validate(plan_file: str, as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """Check PLAN and report every problem, each as FILE:LINE:COLUMN: message.

    With --json, print {"plan", "valid", "steps", "problems": [{"file", "line", "column", "path",
    "message", "text"}]} on stdout, for editors and CI.
    """
    if not as_json:
        plan, _ = load_plan_and_plugins(plan_file, plugin_files)
        click.echo(f"{plan_file}: valid ({len(plan.steps)} steps)")
        return
    import json

    plan, _ = load_plan_for_json(plan_file, plugin_files)
    click.echo(
        json.dumps({"plan": plan_file, "valid": True, "steps": list(plan.order), "problems": []}, indent=2)
    )
