"""``prepflow init``: write a ready plan and stub inputs into a folder."""

from __future__ import annotations

import os

import click

from prepflow.commands.common import debug_option, load_plugins, plugin_option


@click.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--pack", "pack_name", metavar="NAME", help="Start from a pack's template (`prepflow packs`).")
@click.option("--template", metavar="T", help="Which of the pack's templates (default: its first).")
@plugin_option
@debug_option
def init(directory: str, pack_name: str | None, template: str | None, plugin_files: tuple[str, ...]) -> None:
    """Write a ready plan, its editor schema and stub input files (job.md, resume.md, company/) into DIR.

    The plan's first line, `#:schema ./plan.schema.json`, lets editors with Taplo check it as
    you type. Never overwrites a file. Paste your material into the stubs, then run the plan.
    """
    from prepflow.initplan import init_project

    written = init_project(directory, load_plugins(plugin_files), pack=pack_name, template=template)
    for path in written:
        click.echo(f"wrote {path}")
    plan = os.path.join(directory, "plan.toml")
    click.echo(f"next: paste your material into the stubs, then `prepflow run {plan}`")
