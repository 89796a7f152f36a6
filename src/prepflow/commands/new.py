"""``prepflow new plugin`` and ``prepflow new pack``: start a plugin or a workflow-pack project."""

from __future__ import annotations

import click


@click.group("new")
def new() -> None:
    """Start a plugin or a workflow-pack project.

    Each gets a pyproject.toml with the entry point, a step type with its schemas,
    a README and tests that pass once the project is installed.
    """


def _scaffold(kind: str, name: str, directory: str | None, namespace: str | None) -> None:
    from prepflow import scaffold

    make = scaffold.new_plugin if kind == "plugin" else scaffold.new_pack
    try:
        written = make(name, directory, namespace)
    except scaffold.ScaffoldError as e:
        raise click.UsageError(str(e)) from None
    root = directory or name
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: cd {root} && pip install -e '.[test]' && pytest")


_directory_option = click.option(
    "-d", "--directory", metavar="DIR", help="The folder to create (default: ./NAME); must not exist."
)
_namespace_option = click.option(
    "--namespace", metavar="NS", help="Prefix of the step types (default: NAME's first word)."
)


@new.command("plugin")
@click.argument("name")
@_directory_option
@_namespace_option
def new_plugin(name: str, directory: str | None, namespace: str | None) -> None:
    """Write a plugin project NAME, e.g. acme-words.

    It holds pyproject.toml (with the entry point), a step type with its config and
    output schemas, a README and tests that pass once it is installed.
    """
    _scaffold("plugin", name, directory, namespace)


@new.command("pack")
@click.argument("name")
@_directory_option
@_namespace_option
def new_pack(name: str, directory: str | None, namespace: str | None) -> None:
    """Write a workflow-pack project NAME, e.g. acme-coaching.

    It holds pyproject.toml (with the entry point), pack.toml, a plan template, data
    (questions and an agenda), a step type with its schemas, a README and tests that
    pass once it is installed.
    """
    _scaffold("pack", name, directory, namespace)
