"""``prepflow plugins``: the installed plugins, what they provide and their load errors."""

from __future__ import annotations

import click

from prepflow.commands.common import all_plugin_files, debug_option, plugin_option


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@plugin_option
@debug_option
def plugins(as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """List plugins: name, version, hooks, step types and load errors."""
    import json

    from prepflow.plugins import Plugins

    loaded = Plugins(all_plugin_files(plugin_files))
    infos = loaded.info()
    if as_json:
        click.echo(json.dumps([i.as_dict() for i in infos], indent=2))
        return
    if not infos:
        click.echo("no plugins installed")
    for info in infos:
        click.echo(f"{info.name} {info.version}  [{info.source}]")
        if info.step_types:
            click.echo(f"  step types: {', '.join(info.step_types)}")
        if info.renderers:
            click.echo(f"  renderers:  {', '.join(info.renderers)}")
        if info.hooks:
            click.echo(f"  hooks:      {', '.join(info.hooks)}")
        for error in info.errors:
            click.echo(f"  error:      {error}")
