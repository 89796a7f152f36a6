"""The top-level group lists the commands from a static table, which must match the commands themselves."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import click
import pytest
from click.testing import Result

import prepflow.commands
from prepflow.cli import COMMANDS, _Cli, _HelpFormatter, _shorten, cli

SHARED = {"common"}  # modules of prepflow.commands that define no command
MODULES = sorted(m.name for m in pkgutil.iter_modules(prepflow.commands.__path__) if m.name not in SHARED)


def _top_level_commands(module_name: str) -> list[click.Command]:
    """The commands a module defines that are not the subcommand of one of its groups."""
    module = importlib.import_module(module_name)
    found = [v for v in vars(module).values() if isinstance(v, click.Command)]
    subcommands = [c for group in found if isinstance(group, click.Group) for c in group.commands.values()]
    return [c for c in found if not any(c is s for s in subcommands)]


def _fresh() -> _Cli:
    """The top-level group as it starts out: no command imported yet."""
    return _Cli(cli.name, params=cli.params, help=cli.help, context_settings=cli.context_settings)


def _help(group: click.Group, width: int) -> str:
    ctx = group.make_context(
        "prepflow", [], resilient_parsing=True, terminal_width=width, max_content_width=width
    )
    return group.get_help(ctx)


@pytest.mark.parametrize("module", MODULES)
def test_every_command_module_is_in_the_table(module: str) -> None:
    """One command (or group) per module, named after it, listed in the table with its attribute."""
    (command,) = _top_level_commands(f"prepflow.commands.{module}")
    assert command.name == module
    where, attribute, _ = COMMANDS[module]
    assert where == f"prepflow.commands.{module}"
    assert getattr(importlib.import_module(where), attribute) is command


def test_the_table_lists_only_command_modules() -> None:
    assert sorted(COMMANDS) == MODULES


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_short_help_is_the_commands_own(name: str) -> None:
    """The table's short help is what click shows for the command, however narrow the terminal."""
    module, attribute, short_help = COMMANDS[name]
    command = getattr(importlib.import_module(module), attribute)
    assert short_help == command.get_short_help_str(limit=10_000)
    for limit in range(150):
        assert _shorten(short_help, limit) == command.get_short_help_str(limit), limit


@pytest.mark.parametrize("width", range(40, 131))
def test_help_lists_the_commands_as_click_would(width: int) -> None:
    """`prepflow --help` is click's own help with every command loaded, and it loads none."""
    lazy = _fresh()
    text = _help(lazy, width)
    assert not lazy.commands.loaded
    loaded = _fresh()
    eager = click.Group(
        cli.name,
        params=cli.params,
        help=cli.help,
        context_settings=cli.context_settings,
        commands={name: loaded.commands[name] for name in COMMANDS},
    )
    assert text == _help(eager, width)
    assert _help(loaded, width) == text  # once loaded, the commands' own short help is shown


ROWS = [
    [("-h, --help", "Show this message and exit."), ("--plugin PATH", "Load a local plugin file.")],
    [("--an-option-name-longer-than-thirty", "text"), ("-x", "short")],
    [("a", " ".join(["word"] * 30))],
    [("a", "two\nlines")],
    [("a", "")],
    [("a", " leading space")],
    [("a", "trailing space ")],
    [("a", "\x1b[1mbold\x1b[0m")],
    [("a", "a\ttab")],
    [("a", "\b"), ("b", "text")],
    [("é", "déjà vu"), ("b", "x" * 70)],
    [("a", "y" * 73)],  # at width 78, exactly what fits beside "a"
    [("a", "y" * 74)],
    [("a", "word " * 14 + "wor")],
    [("a", "word " * 14 + "word")],
]


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("width", [10, 30, 50, 78, 100])
def test_definition_lists_are_clicks_own(rows: list[tuple[str, str]], width: int) -> None:
    ours, clicks = _HelpFormatter(width=width), click.HelpFormatter(width=width)
    for formatter in (ours, clicks):
        formatter.indent()
        formatter.write_dl(rows)
    assert ours.getvalue() == clicks.getvalue()


def test_a_mistyped_command_is_a_usage_error_with_a_suggestion(invoke: Callable[..., Result]) -> None:
    result = invoke("ru")
    assert result.exit_code == 2
    assert "No such command 'ru'." in result.stderr
    if hasattr(click.exceptions, "NoSuchCommand"):  # click 8.4 and later suggest close names
        assert "Did you mean 'run'?" in result.stderr


def test_commands_can_still_be_added() -> None:
    group = _fresh()
    ctx = click.Context(group)
    group.add_command(click.Command("extra", help="An extra command."))
    assert "extra" in group.commands and group.list_commands(ctx) == sorted([*COMMANDS, "extra"])
    assert "  extra     An extra command.\n" in _help(group, 80)
    del group.commands["extra"]
    assert group.list_commands(ctx) == sorted(COMMANDS)
    assert not group.commands.loaded
