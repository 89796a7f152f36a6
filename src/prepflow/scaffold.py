"""``prepflow new plugin NAME`` and ``prepflow new pack NAME``: start a project that works on first run.

Each scaffold is a folder holding a ``pyproject.toml`` with the entry point, a
package with one step type (its config and output schemas included), a README
and tests that pass as soon as the project is installed (``pip install -e
'.[test]'`` then ``pytest``). The tests use the fixtures of
:mod:`prepflow.testing`.

The files are Jinja2 templates, package data in ``prepflow/skeleton/`` named
``KIND-FILE.j2``: they read like the files they become, with ``{{ name }}``,
``{{ module }}``, ``{{ namespace }}`` and ``{{ prepflow }}`` (prepflow's
``MAJOR.MINOR``) filled in.

``python -m prepflow.scaffold docs`` regenerates ``docs/cli.md`` (every
command's ``--help``); ``tests/test_cli_docs.py`` fails when it is stale.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9]*([-_][a-z0-9]+)*$")
NAMESPACE = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED = {"prepflow", "prepflow_plugins", "test", "tests"}


class ScaffoldError(ValueError):
    """NAME or the target folder cannot be used; the message says why and what to do."""


def check_name(name: str) -> str:
    """The package (import) name for project NAME; ScaffoldError when NAME can't be one."""
    if not NAME.match(name):
        raise ScaffoldError(
            f"'{name}' is not a project name: use lowercase letters, digits and single hyphens, "
            "starting with a letter, e.g. 'acme-words'"
        )
    module = name.replace("-", "_")
    if keyword.iskeyword(module) or module in RESERVED or module in sys.stdlib_module_names:
        raise ScaffoldError(
            f"'{name}' would shadow the module '{module}'; choose another name, e.g. 'acme-{name}'"
        )
    return module


def check_namespace(namespace: str) -> str:
    if not NAMESPACE.match(namespace):
        raise ScaffoldError(
            f"'{namespace}' is not a namespace: use lowercase letters, digits and underscores, "
            "starting with a letter, e.g. 'acme'"
        )
    return namespace


def _render(template: str, values: Mapping[str, str]) -> str:
    """Render ``prepflow/skeleton/TEMPLATE`` with ``values`` (an unknown name is an error)."""
    import jinja2

    text = resources.files("prepflow.skeleton").joinpath(template).read_text("utf-8")
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    return environment.from_string(text).render(values)


def _values(name: str, namespace: str | None) -> dict[str, str]:
    from prepflow._version import __version__

    module = check_name(name)
    namespace = check_namespace(namespace if namespace is not None else module.split("_")[0])
    major_minor = ".".join(__version__.split(".")[:2])
    return {"name": name, "module": module, "namespace": namespace, "prepflow": major_minor}


def _write(target: Path, files: Mapping[str, str]) -> list[Path]:
    if target.exists():
        raise ScaffoldError(
            f"{target} already exists; choose another NAME or --directory (nothing was written)"
        )
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def new_plugin(name: str, directory: str | Path | None = None, namespace: str | None = None) -> list[Path]:
    """Write a plugin project for ``name`` into ``directory`` (default ``./NAME``); return its files."""
    values = _values(name, namespace)
    module = values["module"]
    files = {
        "pyproject.toml": "plugin-pyproject.toml.j2",
        "README.md": "plugin-README.md.j2",
        f"{module}/__init__.py": "plugin-module.py.j2",
        f"{module}/py.typed": "py.typed.j2",
        f"tests/test_{module}.py": "plugin-test.py.j2",
        ".gitignore": "gitignore.j2",
    }
    target = Path(directory) if directory is not None else Path(name)
    return _write(target, {path: _render(template, values) for path, template in files.items()})


def new_pack(name: str, directory: str | Path | None = None, namespace: str | None = None) -> list[Path]:
    """Write a pack project for ``name`` into ``directory`` (default ``./NAME``); return its files."""
    values = _values(name, namespace)
    module = values["module"]
    files = {
        "pyproject.toml": "pack-pyproject.toml.j2",
        "README.md": "pack-README.md.j2",
        f"{module}/__init__.py": "pack-init.py.j2",
        f"{module}/pack.toml": "pack-pack.toml.j2",
        f"{module}/templates/default.toml": "pack-template.toml.j2",
        f"{module}/data/questions.toml": "pack-questions.toml.j2",
        f"{module}/data/objections.toml": "pack-objections.toml.j2",
        f"{module}/data/agenda.toml": "pack-agenda.toml.j2",
        f"{module}/steps.py": "pack-steps.py.j2",
        f"tests/test_{module}.py": "pack-test.py.j2",
        ".gitignore": "gitignore.j2",
    }
    target = Path(directory) if directory is not None else Path(name)
    return _write(target, {path: _render(template, values) for path, template in files.items()})


# -- docs/cli.md ---------------------------------------------------------------------------


def cli_reference() -> str:
    """docs/cli.md: every command's ``--help``, walked from the click group (new commands included)."""
    import click

    from prepflow.cligroup import cli

    lines = [
        "# Command line",
        "",
        "<!-- Generated by `python -m prepflow.scaffold docs`; do not edit by hand. -->",
        "",
        "Every command's `--help`. Exit status: 0 success, 1 an invalid plan or a failed run,",
        "2 a usage error.",
        "",
    ]

    def walk(command: click.Command, path: list[str], parent: click.Context | None) -> None:
        ctx = command.make_context(
            path[-1], [], parent=parent, resilient_parsing=True, terminal_width=100, max_content_width=100
        )
        lines.extend([f"{'#' * max(2, len(path))} `{' '.join(path)}`", "", "```text"])
        lines.extend(line.rstrip() for line in command.get_help(ctx).splitlines())
        lines.extend(["```", ""])
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, [*path, name], ctx)

    walk(cli, ["prepflow"], None)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["docs"] or len(args) > 2:
        print("usage: python -m prepflow.scaffold docs [OUT]   (default OUT: docs/cli.md)", file=sys.stderr)
        return 2
    out = Path(args[1] if len(args) == 2 else "docs/cli.md")
    out.write_text(cli_reference(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
