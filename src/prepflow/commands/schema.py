"""``prepflow schema``: the JSON Schema of plans, for editors."""

from __future__ import annotations

import click

from prepflow.commands.common import debug_option, load_plugins, plugin_option


@click.command("schema")
@plugin_option
@debug_option
def schema(plugin_files: tuple[str, ...]) -> None:
    """Print the JSON Schema of plans, including every installed step type's `with`.

    Point your editor at it with a first line `#:schema ./plan.schema.json` (`prepflow init`
    writes both). `uses` must name an installed step type; every option may also hold a
    `${...}` reference, as `prepflow validate` allows.
    """
    import json

    from prepflow.schema import compose_schema

    click.echo(json.dumps(compose_schema(load_plugins(plugin_files)), indent=2))
