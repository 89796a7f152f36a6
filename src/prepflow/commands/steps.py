"""``prepflow steps``: list the step types, or describe one."""

from __future__ import annotations

import click

from prepflow.commands.common import debug_option, load_plugins, plugin_option


@click.command("steps")
@click.argument("name", required=False)
@plugin_option
@debug_option
def steps(name: str | None, plugin_files: tuple[str, ...]) -> None:
    """List step types, or describe NAME: its options, what it reads and produces."""
    from prepflow.describe import describe_step_type, list_step_types

    loaded = load_plugins(plugin_files)
    if name is None:
        click.echo(list_step_types(loaded))
        return
    if name not in loaded.step_types:
        from prepflow.schema import did_you_mean

        raise click.BadParameter(
            f"no step type '{name}'{did_you_mean(name, loaded.step_types)}", param_hint="NAME"
        )
    click.echo(describe_step_type(loaded, name))
