"""docs/cli.md is every command's --help, generated: this fails when it drifts from the CLI."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from prepflow.cli import cli
from prepflow.scaffold import cli_reference

DOCS = Path(__file__).parent.parent / "docs" / "cli.md"
REGENERATE = "regenerate it: .venv/bin/python -m prepflow.scaffold docs"


def test_cli_md_is_the_generated_help() -> None:
    expected = cli_reference()
    actual = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                actual.splitlines(keepends=True),
                expected.splitlines(keepends=True),
                "docs/cli.md",
                "generated",
            )
        )
        raise AssertionError(f"docs/cli.md is out of date with the CLI; {REGENERATE}\n{diff}")


def test_every_command_is_documented() -> None:
    text = cli_reference()

    def names(group, prefix):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            yield f"{prefix} {name}"
            if hasattr(command, "commands"):
                yield from names(command, f"{prefix} {name}")

    for name in names(cli, "prepflow"):
        assert f"`{name}`" in text, name
        assert f"Usage: {name} " in text, name


def test_the_generator_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    done = subprocess.run(
        [sys.executable, "-m", "prepflow.scaffold", "docs", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == cli_reference()
    usage = subprocess.run([sys.executable, "-m", "prepflow.scaffold"], capture_output=True, text=True)
    assert usage.returncode == 2 and "usage: python -m prepflow.scaffold docs" in usage.stderr


# beside prepflow, prepflow.cli and its click group: `prepflow --help` imports no command
HELP_IMPORTS = {
    ("--help",): set(),
    ("new", "--help"): {"prepflow.commands", "prepflow.commands.new"},
    ("new", "plugin", "--help"): {"prepflow.commands", "prepflow.commands.new"},
    ("run", "--help"): {"prepflow.commands", "prepflow.commands.common", "prepflow.commands.run"},
}


@pytest.mark.parametrize("args", list(HELP_IMPORTS), ids=" ".join)
def test_help_imports_nothing_but_click(args: tuple[str, ...]) -> None:
    """`prepflow --help` stays instant: it imports no command; a command imports what it needs when run."""
    script = (
        "import sys, click\n"
        "before = set(sys.modules)\n"
        "from prepflow.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = done.stdout.strip().splitlines()[-1].split()
    top = {name.split(".")[0] for name in loaded}
    third_party = {t for t in top if t not in sys.stdlib_module_names and not t.startswith("_")}
    assert third_party <= {"click", "prepflow"}, sorted(third_party)
    assert {n for n in loaded if n.startswith("prepflow")} == {
        "prepflow",
        "prepflow._version",
        "prepflow.cli",
        "prepflow.cligroup",
        *HELP_IMPORTS[args],
    }
