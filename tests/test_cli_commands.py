"""`prepflow --help` lists the commands from a static table, which must match the commands themselves,
and writes plain text without textwrap, which must give click's own help."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
from collections.abc import Callable

import click
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

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


EXAMPLES = int(os.environ.get("PREPFLOW_PROPERTY_EXAMPLES", "120")) * 2
# words that look like help text, and some that are not plain: hyphens, tabs, escapes, non-breaking spaces
WORD = st.one_of(
    st.sampled_from(["a", "plan", "PLAN", "step,", "(TOML)", "--force", "one-line", "e.g.", "é", "x" * 40]),
    st.text(alphabet="ab -\t\x1b\b\xa0.", min_size=1, max_size=8),
)
LINE = st.lists(WORD, max_size=12).map(" ".join)
TEXT = st.lists(st.one_of(LINE, st.just(""), st.just("\b")), max_size=10).map("\n".join)


def _formatted(write: Callable[[click.HelpFormatter], None], width: int, indent: int) -> list[str]:
    """What ``write`` gives with prepflow's formatter and with click's.

    Widths start at 30: below about 17 columns click's own wrapper can loop
    forever on some text (and help is never narrower than 50 unless asked).
    """
    out = []
    for formatter in (_HelpFormatter(width=width), click.HelpFormatter(width=width)):
        formatter.current_indent = indent
        write(formatter)
        out.append(formatter.getvalue())
    return out


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=TEXT, width=st.integers(30, 120), indent=st.integers(0, 6))
def test_text_is_wrapped_as_click_wraps_it(text: str, width: int, indent: int) -> None:
    ours, clicks = _formatted(lambda f: f.write_text(text), width, indent)
    assert ours == clicks


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    rows=st.lists(st.tuples(LINE, LINE), min_size=1, max_size=6),
    width=st.integers(30, 120),
    indent=st.integers(0, 6),
)
def test_definition_lists_are_clicks_own(rows: list[tuple[str, str]], width: int, indent: int) -> None:
    ours, clicks = _formatted(lambda f: f.write_dl(rows), width, indent)
    assert ours == clicks


@settings(max_examples=EXAMPLES, deadline=None)
@given(prog=LINE, args=LINE, width=st.integers(30, 120), indent=st.integers(0, 6))
def test_usage_is_clicks_own(prog: str, args: str, width: int, indent: int) -> None:
    ours, clicks = _formatted(lambda f: f.write_usage(prog, args), width, indent)
    assert ours == clicks


@pytest.mark.parametrize(
    "text",
    [
        "Prepare for an interview.\n\nA plan (TOML) lists steps such as researching the company, drafting"
        "\nquestions to ask; plugins supply every step.\n\n\b\nStart with:  prepflow validate plan.toml"
        "\n             prepflow run plan.toml",
        "A word exactly as wide as the line: " + "y" * 40,
        "\b",
        "\n\n\nfirst\n\n\n\nsecond\n",
        "  indented paragraph\nand its second line",
        "two  spaces, and a trailing one ",
        "y" * 25 + " one-line words, hyphenated where the line ends",
        "first\n\n \b\n  a block, indented as its marker is\n\n\b \nmarked, with a space after",
    ],
)
@pytest.mark.parametrize("width", [10, 33, 34, 40, 41, 42, 78, 100])
def test_text_is_wrapped_as_click_wraps_it_examples(text: str, width: int) -> None:
    ours, clicks = _formatted(lambda f: f.write_text(text), width, 2)
    assert ours == clicks


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
def test_definition_lists_are_clicks_own_examples(rows: list[tuple[str, str]], width: int) -> None:
    ours, clicks = _formatted(lambda f: f.write_dl(rows), width, 2)
    assert ours == clicks


@pytest.mark.parametrize("args", ["[OPTIONS] COMMAND [ARGS]...", "a", "a ", " a", "", "a" * 57, "a" * 58])
@pytest.mark.parametrize("width", [30, 40, 78])
def test_usage_is_clicks_own_examples(args: str, width: int) -> None:
    ours, clicks = _formatted(lambda f: f.write_usage("prepflow step", args), width, 0)
    assert ours == clicks


def test_an_empty_definition_list_is_the_same_error() -> None:
    for formatter in (_HelpFormatter(), click.HelpFormatter()):
        with pytest.raises(TypeError):
            formatter.write_dl([])


def test_help_is_written_without_textwrap() -> None:
    """All of `prepflow --help` is plain text: it needs neither textwrap nor click's wrapper."""
    script = (
        "import sys\n"
        "from prepflow.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('textwrap', 'click._textwrap') if m in sys.modules))\n"
    )
    for columns in ("80", "100"):
        env = {**os.environ, "COLUMNS": columns}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "[]", columns


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
