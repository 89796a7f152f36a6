"""``prepflow steps``: list the step types, or describe one."""

from __future__ import annotations

import click

from prepflow.commands.common import debug_option, json_option, load_plugins, plugin_option


@click.command("steps")
@click.argument("name", required=False)
@json_option
@plugin_option
@debug_option
def steps(name: str | None, as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """List step types, or describe NAME: its options, what it reads and produces.

    Outputs that are arrays of tables list their items' fields (`requirements[].text`). With
    --json, print the list, or NAME's options, outputs and both schemas, on stdout.
    """
    import json

    from prepflow.describe import describe_step_type, list_data, list_step_types, step_type_data

    loaded = load_plugins(plugin_files)
    if name is None:
        click.echo(json.dumps(list_data(loaded), indent=2) if as_json else list_step_types(loaded))
        return
    if name not in loaded.step_types:
        from prepflow.schema import did_you_mean

        raise click.BadParameter(
            f"no step type '{name}'{did_you_mean(name, loaded.step_types)}", param_hint="NAME"
        )
    if as_json:
        click.echo(json.dumps(step_type_data(loaded, name), indent=2))
    else:
        click.echo(describe_step_type(loaded, name))
