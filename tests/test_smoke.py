"""The example plan validates and runs through the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from prepflow.cli import cli

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_example_plan_runs_and_writes_dossier(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns(".prepflow", "out"))
    plan = tmp_path / "examples" / "plan.toml"
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(plan)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["run", str(plan)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "examples" / "out" / "dossier.md").is_file()
    assert (tmp_path / "examples" / "out" / "dossier.json").is_file()
