"""``prepflow packs`` and ``prepflow packs show``: the installed workflow packs."""

from __future__ import annotations

import sys

import click

from prepflow.commands.common import debug_option, load_plugins, plugin_option


@click.group("packs", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@plugin_option
@debug_option
@click.pass_context
def packs(ctx: click.Context, as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """List workflow packs: templates, data kinds, step types and problems."""
    if ctx.invoked_subcommand is not None:
        return
    import json

    from prepflow.packinfo import check_pack, describe
    from prepflow.packs import broken_packs

    loaded = load_plugins(plugin_files)
    found = [describe(p, loaded) for p in sorted(loaded.packs.values(), key=lambda p: p.name)]
    for item, pack in zip(found, sorted(loaded.packs.values(), key=lambda p: p.name), strict=True):
        item["errors"] = [*item["errors"], *check_pack(pack, loaded)]
    broken = [{"name": name, "errors": errors} for name, errors in sorted(broken_packs(loaded).items())]
    if as_json:
        click.echo(json.dumps({"packs": found, "broken": broken}, indent=2))
        return
    if not found and not broken:
        click.echo("no packs installed (a pack is a distribution with a pack.toml; see docs/packs.md)")
    for item in found:
        code = "data only" if item["data_only"] else f"steps from {item['steps_module']}"
        click.echo(f"{item['name']} {item['version']}  [namespace {item['namespace']}, {code}]")
        if item["description"]:
            click.echo(f"  {item['description']}")
        if item["templates"]:
            click.echo(f"  templates:  {', '.join(t['name'] for t in item['templates'])}")
        if item["data"]:
            click.echo(f"  data:       {', '.join(item['data'])}")
        if item["step_types"]:
            click.echo(f"  step types: {', '.join(item['step_types'])}")
        for error in item["errors"]:
            click.echo(f"  error:      {error}")
    for item in broken:
        click.echo(f"{item['name']}  [failed to load]")
        for error in item["errors"]:
            click.echo(f"  error:      {error}")


@packs.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@plugin_option
@debug_option
def packs_show(name: str, as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """Describe pack NAME: its manifest, templates, data files, branding and step types."""
    import json

    from prepflow.initplan import find_pack
    from prepflow.packinfo import check_pack, describe

    loaded = load_plugins(plugin_files)
    pack = find_pack(loaded, name)
    item = describe(pack, loaded)
    item["errors"] = [*item["errors"], *check_pack(pack, loaded)]
    if as_json:
        click.echo(json.dumps(item, indent=2))
        return
    click.echo(f"{item['name']} {item['version']}")
    if item["description"]:
        click.echo(item["description"])
    click.echo("")
    click.echo(f"manifest:   {item['manifest']}")
    click.echo(f"namespace:  {item['namespace']}")
    code = "none (data only: nothing is imported)" if item["data_only"] else item["steps_module"]
    click.echo(f"code:       {code}")
    click.echo(f'pin:        packs = ["{pack.pin()}"]')
    if item["templates"]:
        click.echo("templates:  (prepflow init DIR --pack NAME --template T)")
        for t in item["templates"]:
            click.echo(f"  {t['name']:<20} {t['file']}  {t['description']}".rstrip())
    if item["data"]:
        click.echo("data:       (merged after prepflow's own, in the plan's packs order)")
        for kind, files in item["data"].items():
            click.echo(f"  {kind:<20} {', '.join(files)}")
    if item["report"]:
        click.echo("report:")
        for key, value in item["report"].items():
            click.echo(f"  {key:<20} {value}")
    if item["step_types"]:
        click.echo(f"step types: {', '.join(item['step_types'])}")
    for error in item["errors"]:
        click.echo(f"error:      {error}")
    if item["errors"]:
        sys.exit(1)
