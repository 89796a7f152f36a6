"""prepflow.terminal.echo writes exactly what click.echo writes, importing click only when it must.

Each script runs in a process of its own: once with click imported first (so ``echo`` is click's),
once without; both write the same bytes to the same kind of stream.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PLAIN = ["prepflow: warning: a plain line", "“quoted”, é, 中文, ✓", "", "  1. indented\tand tabbed"]
SPECIAL = ["\x1b[1mbold\x1b[0m and \x1b]0;title\x07", "half an escape \x1b["]

SCRIPT = """
import sys
if sys.argv[1] == "click":
    import click
from prepflow.terminal import echo
for message in {messages!r}:
    echo(message)
    echo(message, err=True)
sys.stdout.flush()
sys.stderr.write("click imported: " + str("click" in sys.modules) + "\\n")
"""


def _run(messages: list[str], how: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(messages=messages), how],
        capture_output=True,
        env={**os.environ, **env},
        timeout=60,
    )


@pytest.mark.parametrize("env", [{}, {"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1:replace"}])
@pytest.mark.parametrize("messages", [PLAIN, SPECIAL, PLAIN + SPECIAL], ids=["plain", "special", "both"])
def test_echo_writes_what_click_writes(messages: list[str], env: dict[str, str]) -> None:
    ours, clicks = _run(messages, "ours", **env), _run(messages, "click", **env)
    assert ours.returncode == clicks.returncode == 0, ours.stderr
    assert ours.stdout == clicks.stdout
    assert ours.stderr.rsplit(b"click imported", 1)[0] == clicks.stderr.rsplit(b"click imported", 1)[0]


def test_plain_lines_need_no_click() -> None:
    done = _run(PLAIN, "ours")
    assert done.stderr.endswith(b"click imported: False\n")
    assert done.stdout.decode() == "".join(f"{m}\n" for m in PLAIN)


@pytest.mark.parametrize("env", [{}, {"PYTHONIOENCODING": "ascii"}])
def test_escapes_and_ascii_streams_go_through_click(env: dict[str, str]) -> None:
    messages = SPECIAL if not env else PLAIN[:1]
    assert _run(messages, "ours", **env).stderr.endswith(b"click imported: True\n")
