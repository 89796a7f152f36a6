"""The command line's contract: exit statuses, --version, --debug, one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from prepflow.expressions import Condition, ExpressionError, parse_ref
from prepflow.locate import TomlLocator

Invoke = Callable[..., Result]


def test_version_and_help(invoke: Invoke) -> None:
    import prepflow

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"prepflow {prepflow.__version__}\n"
    for command in ("run", "validate", "plan", "steps", "step", "plugins", "schema"):
        result = invoke(command, "--help")
        assert result.exit_code == 0, command


def test_debug_shows_the_traceback(kit: Path, invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.fail"\n')
    result = invoke("run", "plan.toml")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    result = invoke("run", "--debug", "plan.toml")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "StepError: this step always fails" in result.stderr


def test_run_force_alone_after_the_plan(kit: Path, invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n')
    assert invoke("run", "plan.toml").exit_code == 0
    result = invoke("run", "plan.toml", "--force", "--json")
    assert result.exit_code == 0, result.output
    assert '"reason": "forced"' in result.stdout


def test_force_before_the_plan_forces_every_step(kit: Path, invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n')
    assert invoke("run", "plan.toml").exit_code == 0
    result = invoke("plan", "--force", "plan.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["run", "a", "forced"]
    result = invoke("run", "--force", "plan.toml", "--json")
    assert result.exit_code == 0, result.output
    assert '"reason": "forced"' in result.stdout
    result = invoke("run", "--force", "a")  # a step name, and no plan
    assert result.exit_code == 2
    assert "Missing argument 'PLAN'" in result.stderr


def test_locator_positions() -> None:
    text = (
        "a = 1\n"
        "[steps.x]\n"
        'uses = "t.echo"  # comment\n'
        "with = { count = 3, list = [1, { k = 'v' }] }\n"
        '"quoted key".inner = """multi\nline"""\n'
        "[[arr]]\nv = 1\n[[arr]]\nv = 2\n[arr.sub]\nw = 3\n"
    )
    loc = TomlLocator(text)
    assert loc.find(("a",)) == (1, 5)
    assert loc.find(("steps", "x")) == (2, 1)
    assert loc.find(("steps", "x", "uses")) == (3, 8)
    assert loc.find(("steps", "x", "uses"), key=True) == (3, 1)
    assert loc.find(("steps", "x", "with", "count")) == (4, 18)
    assert loc.find(("steps", "x", "with", "list", 1, "k")) == (4, 38)
    assert loc.find(("steps", "x", "quoted key", "inner")) == (5, 22)
    assert loc.find(("arr", 1, "v")) == (10, 5)  # line 6 is the string's second line
    assert loc.find(("arr", 1, "sub", "w")) == (12, 5)
    assert loc.find(("steps", "x", "nothing", "here")) == (2, 1)  # the nearest parent
    assert loc.find(("zzz",)) == (1, 1)


def test_parse_ref_and_conditions() -> None:
    assert parse_ref("steps.a.outputs.themes[0].name") == ("steps", "a", "outputs", "themes", 0, "name")
    with pytest.raises(ExpressionError):
        parse_ref(".inputs")
    condition = Condition("!(${inputs.a} == 1 || inputs.b != 'x') && success()")
    assert condition.refs == [("inputs", "a"), ("inputs", "b")]
    assert condition.functions == {"success"}
    values = {("inputs", "a"): 2, ("inputs", "b"): "x"}
    assert condition.evaluate(values.__getitem__, lambda name: True)
    assert not condition.evaluate(values.__getitem__, lambda name: False)
    assert Condition(True).evaluate(values.__getitem__, lambda name: True)
    assert Condition("'it\\'s' == \"it's\"").evaluate(values.__getitem__, lambda name: True)


def test_step_run_with_values_from_json_and_files(kit: Path, invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "value.json").write_text('{"a": [1, 2]}')
    (tmp_path / "broken.json").write_text("{not json")
    common = ("--plugin", "testkit.py", "step", "run", "t.echo", "--json")
    result = invoke(*common, "--with", 'value={"b": true}')
    assert result.exit_code == 0, result.output
    assert '"value": {"b": true}' in result.stdout
    result = invoke(*common, "--with", "value=@value.json")
    assert result.exit_code == 0, result.output
    assert '"value": {"a": [1, 2]}' in result.stdout
    result = invoke(*common, "--with", "value=@missing.json")
    assert result.exit_code == 2
    assert "value: cannot read missing.json" in result.stderr
    result = invoke(*common, "--with", "value=@broken.json")
    assert result.exit_code == 2
    assert "value: broken.json is not JSON" in result.stderr


@pytest.mark.parametrize("command", [["--help"], ["steps"]])
def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path, command: list[str]) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PREPFLOW_LOAD_PLUGINS": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "prepflow", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the command writes, like `| head -0`
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 1
    assert stderr == b"", stderr
