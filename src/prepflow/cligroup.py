"""The ``prepflow`` command's click group: a thin layer of click commands over the library.

Each command lives in its own module under :mod:`prepflow.commands`. This module
knows them only by name, module and one-line help (``COMMANDS``), so
``prepflow --help`` imports none of them, and ``prepflow run`` imports only the
run command's module; each command then imports what it needs when it runs.
The top-level help is written as click writes it, but without textwrap (see
``_HelpFormatter``): ``prepflow --help`` costs no more than a bare click CLI's.
Every failure a user can cause ends as one line on stderr and exit status 1 (2
for usage errors); ``--debug`` shows the traceback instead.

The console script is :func:`prepflow.cli.main`, which runs a plain ``prepflow
run PLAN`` without click (:mod:`prepflow.runcli`) and hands every other command
line to :data:`cli` here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, MutableMapping
from gettext import gettext  # as click translates its headings
from importlib import import_module
from typing import Any

import click

from prepflow._version import __version__


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.ensure_object(dict)["debug"] = True
    return value


# every command takes these too (see prepflow.commands.common)
debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="Show tracebacks instead of one-line errors.",
)


def _set_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().ensure_object(dict)["verbose"] = True
    return value


verbose_option = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    expose_value=False,
    callback=_set_verbose,
    help="Show the steps' info messages too.",
)
plugin_option = click.option(
    "--plugin",
    "plugin_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Load a local plugin file (repeatable).",
)


def debugging(ctx: click.Context) -> bool:
    """Whether --debug was given (anywhere on the command line) or PREPFLOW_DEBUG is set (not "" or "0")."""
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or os.environ.get("PREPFLOW_DEBUG", "") not in ("", "0")


# name: (module, the command's name in it, its short help: the first paragraph of its docstring).
# tests/test_cli.py checks this against the commands themselves.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": (
        "prepflow.commands.init",
        "init",
        "Write a ready plan, its editor schema and stub input files (job.md, resume.md, company/) into DIR.",
    ),
    "new": ("prepflow.commands.new", "new", "Start a plugin or a workflow-pack project."),
    "open": (
        "prepflow.commands.open",
        "open_command",
        "Open the last dossier written, its HTML page, in the web browser.",
    ),
    "packs": (
        "prepflow.commands.packs",
        "packs",
        "List workflow packs: templates, data kinds, step types and problems.",
    ),
    "plan": (
        "prepflow.commands.plan",
        "plan_command",
        "Dry run: say, for each step, whether it would run or be reused, and why.",
    ),
    "plugins": (
        "prepflow.commands.plugins",
        "plugins",
        "List plugins: name, version, hooks, step types and load errors.",
    ),
    "run": (
        "prepflow.commands.run",
        "run",
        "Run PLAN: each step runs, or is reused from the cache if nothing it depends on changed.",
    ),
    "schema": (
        "prepflow.commands.schema",
        "schema",
        "Print the JSON Schema of plans, including every installed step type's `with`.",
    ),
    "step": ("prepflow.commands.step", "step", "Work with one step type on its own."),
    "steps": (
        "prepflow.commands.steps",
        "steps",
        "List step types, or describe NAME: its options, what it reads and produces.",
    ),
    "validate": (
        "prepflow.commands.validate",
        "validate",
        "Check PLAN and report every problem, each as FILE:LINE:COLUMN: message.",
    ),
}


class _LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name: each is imported from its module the first time it is looked up.

    click finds, lists and suggests ("Did you mean 'run'?") commands through
    ``Group.commands``; this mapping knows every name without importing anything.
    """

    def __init__(self, where: dict[str, tuple[str, str, str]]) -> None:
        self._where = dict(where)
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self.loaded.get(name)
        if command is None:
            module, attribute, _ = self._where[name]
            command = self.loaded[name] = getattr(import_module(module), attribute)
        return command

    def get(self, name: str, default: Any = None) -> Any:
        """Not ``Mapping.get``: a KeyError raised while importing a command is not "no such command"."""
        if name not in self:
            return default
        return self[name]

    def __contains__(self, name: object) -> bool:
        return name in self.loaded or name in self._where

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self.loaded.pop(name, None)
        self._where.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**self._where, **self.loaded})

    def __len__(self) -> int:
        return len({**self._where, **self.loaded})


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word, as click shortens a command's help for the list.

    That is ``textwrap.shorten(text, limit, placeholder="...")``, for a text whose
    words are separated by single spaces, without building a ``TextWrapper``.
    """
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 2) if limit > 3 else -1
    return f"{text[:cut]}..." if cut > 0 else "..."


def _wrap_plain(text: str, width: int, indent: str) -> str | None:
    """``click.formatting.wrap_text(text, width, indent, indent, preserve_paragraphs=True)`` for plain text.

    Plain text is paragraphs of printable words, single-spaced, without hyphens
    and none wider than a line, and ``\\b`` blocks of printable lines; for any
    other text this returns None.
    """
    room = width - len(indent)
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line:
            block.append(line)
            continue
        if not block:
            continue
        if block[0] == "\b" and all(raw.isprintable() for raw in block[1:]):
            paragraphs.append("\n".join(indent + raw for raw in block[1:]))
        else:
            words = " ".join(block).split(" ")
            if not all(w and w.isprintable() and "-" not in w and len(w) <= room for w in words):
                return None
            lines = [words[0]]
            for word in words[1:]:
                if len(lines[-1]) + 1 + len(word) <= room:
                    lines[-1] += f" {word}"
                else:
                    lines.append(word)
            paragraphs.append("\n".join(indent + wrapped for wrapped in lines))
        block = []
    return "\n\n".join(paragraphs)


class _HelpFormatter(click.HelpFormatter):
    """click's help formatter, writing plain text itself rather than through textwrap.

    Each method writes exactly what click's would (tests/test_cli_commands.py
    compares them) and hands anything but plain text to click's. All of
    ``prepflow --help`` is plain, so it never imports textwrap nor wraps a line
    that fits.
    """

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = f"{gettext('Usage:')} " if prefix is None else prefix
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        room = self.width - self.current_indent - len(usage_prefix)
        if (
            room >= max(20, len(args))
            and f"{usage_prefix}{args}".isprintable()
            and args.strip() == args != ""
        ):
            self.write(f"{usage_prefix}{args}\n")  # the arguments fit beside the prefix
            return
        super().write_usage(prog, args, prefix)

    def write_text(self, text: str) -> None:
        wrapped = _wrap_plain(text, self.width, " " * self.current_indent)
        if wrapped is None:
            super().write_text(text)
            return
        self.write(f"{wrapped}\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if rows and all(len(row) == 2 for row in rows):
            first_col = min(max(len(term) for term, _ in rows), col_max) + col_spacing
            room = max(self.width - first_col - 2, 10)
            if all(
                term.isprintable()
                and len(term) <= first_col - col_spacing
                and text.isprintable()
                and text.strip() == text != ""
                and len(text) <= room
                for term, text in rows
            ):  # every row fits on its line
                for term, text in rows:
                    self.write(f"{'':>{self.current_indent}}{term:<{first_col}}{text}\n")
                return
        super().write_dl(rows, col_max, col_spacing)


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _Cli(click.Group):
    """The top-level group: loads each command only when it is needed, and turns prepflow's errors
    into one-line messages, unless --debug."""

    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: _LazyCommands = _LazyCommands(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's list of the commands, with each short help from ``COMMANDS``: nothing is imported."""
        commands: list[tuple[str, click.Command | None]] = []
        for name in self.list_commands(ctx):
            if name in COMMANDS and name not in self.commands.loaded:
                commands.append((name, None))
            else:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            rows = [
                (name, _shorten(COMMANDS[name][2], limit) if cmd is None else cmd.get_short_help_str(limit))
                for name, cmd in commands
            ]
            with formatter.section(gettext("Commands")):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("prepflow: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            raise  # the reader went away (`prepflow plugins | head`): click ends quietly
        except Exception as e:
            if debugging(ctx):
                raise
            from prepflow.runcli import report_error

            report_error(e)
            sys.exit(1)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
# help: click's own, as it stands (no translation is installed), which spares a gettext lookup
@click.version_option(__version__, message="prepflow %(version)s", help="Show the version and exit.")
@debug_option
@verbose_option
@plugin_option
@click.pass_context
def cli(ctx: click.Context, plugin_files: tuple[str, ...]) -> None:
    """Prepare for an interview the way a good salesperson prepares for a pitch.

    A plan (TOML) lists steps such as researching the company, drafting
    questions to ask and rehearsing objections; plugins supply every step.

    \b
    Start with:  prepflow validate plan.toml
                 prepflow run plan.toml
    """
    ctx.ensure_object(dict)["plugin_files"] = plugin_files
