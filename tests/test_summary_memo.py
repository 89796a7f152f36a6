"""The closing summary of ``prepflow run`` is drawn once per dossier and plugin code, then reused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a run is watched from a forked child")

STEPS = """
import prepflow
from pathlib import Path

def echo(ctx):
    return {"value": ctx.config.get("value", 1)}

@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="p.echo", run=echo, summary="echo.", config_schema={"type": "object"}))

@prepflow.hookimpl
def dossier_summary(dossier):
    with open("drawn.txt", "a") as f:  # one line per time the summary is drawn
        f.write("x\\n")
    value = dossier["steps"]["a"]["outputs"]["value"]
    return [f"look at {value}", "MARK"]
"""

PLAN = (
    '[plan]\nname = "memo"\n[output]\nformats = ["md"]\n'
    '[steps.a]\nuses = "p.echo"\n[steps.a.with]\nvalue = {}\n'
)
SCRIPT = "import sys\nfrom prepflow.cli import main\nmain(sys.argv[1:])\n"


def run(folder: Path) -> str:
    """``prepflow run plan.toml`` in ``folder``; what it wrote to stderr."""
    environ = {**os.environ, "PREPFLOW_LOAD_PLUGINS": "dossier", "PREPFLOW_DEBUG": ""}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "run", "plan.toml"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def drawn(folder: Path) -> int:
    return len((folder / "drawn.txt").read_text().splitlines())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "steps.py").write_text(STEPS, encoding="utf-8")
    (tmp_path / "plan.toml").write_text('plugins = ["steps.py"]\n' + PLAN.format(1), encoding="utf-8")
    return tmp_path


def summary(stderr: str) -> list[str]:
    return stderr[stderr.index("first, do:") :].splitlines()


def test_a_cached_rerun_reuses_the_summary(folder: Path) -> None:
    first = run(folder)
    assert summary(first)[:3] == ["first, do:", "  1. look at 1", "  2. MARK"] and drawn(folder) == 1
    again = run(folder)
    assert summary(again) == summary(first) and drawn(folder) == 1


def test_a_changed_dossier_draws_it_again(folder: Path) -> None:
    run(folder)
    (folder / "plan.toml").write_text('plugins = ["steps.py"]\n' + PLAN.format(2), encoding="utf-8")
    assert summary(run(folder))[1] == "  1. look at 2" and drawn(folder) == 2


def test_changed_plugin_code_draws_it_again(folder: Path) -> None:
    run(folder)
    (folder / "steps.py").write_text(STEPS.replace('"MARK"', '"CHANGED"'), encoding="utf-8")
    assert summary(run(folder))[2] == "  2. CHANGED" and drawn(folder) == 2


@pytest.mark.parametrize("damage", ["", "{not json", '{"key": 1}', '{"key": "x", "lines": [1]}'])
def test_a_damaged_memo_only_means_drawing_again(folder: Path, damage: str) -> None:
    first = run(folder)
    (folder / ".prepflow" / "summary.json").write_text(damage, encoding="utf-8")
    assert summary(run(folder)) == summary(first) and drawn(folder) == 2
    assert summary(run(folder)) == summary(first) and drawn(folder) == 2


def test_a_plugin_without_a_version_has_its_summary_drawn_every_time(tmp_path: Path) -> None:
    from prepflow.summarymemo import remembered_summary, summary_key

    assert summary_key("digest", {"a": "1.0", "from-code": "unknown"}) is None
    key = summary_key("digest", {"a": "1.0"})
    assert key is not None and key != summary_key("other", {"a": "1.0"})
    calls: list[int] = []

    def draw() -> list[str]:
        calls.append(1)
        return ["line"]

    for _ in range(2):
        assert remembered_summary(tmp_path, None, draw) == ["line"]
    assert len(calls) == 2 and not (tmp_path / "summary.json").exists()
    for _ in range(2):
        assert remembered_summary(tmp_path, key, draw) == ["line"]
    assert len(calls) == 3
