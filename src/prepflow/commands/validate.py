"""``prepflow validate``: check a plan and report every problem."""

from __future__ import annotations

import click

from prepflow.commands.common import debug_option, load_plan_and_plugins, plan_argument, plugin_option


@click.command("validate")
@plan_argument
@plugin_option
@debug_option
def validate(plan_file: str, plugin_files: tuple[str, ...]) -> None:
    """Check PLAN and report every problem, each as FILE:LINE:COLUMN: message."""
    plan, _ = load_plan_and_plugins(plan_file, plugin_files)
    click.echo(f"{plan_file}: valid ({len(plan.steps)} steps)")
