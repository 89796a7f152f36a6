"""One test per hook in src/prepflow/hookspecs.py, named test_hook_<name> (tests/test_meta.py checks).

Each registers a plugin implementing the hook, runs a plan and checks that the
hook was called with the arguments docs/writing-plugins.md documents. They use
the fixtures prepflow ships for plugin authors (prepflow.testing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import plugins_for_tests
import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli
from prepflow.testing import PlanRun

Register = Callable[..., Any]
Run = Callable[..., PlanRun]

PLAN = """
[steps.a]
uses = "t.echo"
with.value = "hello"

[steps.b]
uses = "t.echo"
with.value = "${steps.a.outputs.value}"
"""


class Recorder:
    """A plugin that records every lifecycle hook call with its arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def of(self, hook: str) -> list[dict[str, Any]]:
        return [args for name, args in self.calls if name == hook]

    @prepflow.hookimpl
    def run_started(self, run: Any) -> None:
        self.calls.append(("run_started", {"run": run}))

    @prepflow.hookimpl
    def before_step(self, run: Any, step: Any) -> None:
        self.calls.append(("before_step", {"run": run, "step": step}))

    @prepflow.hookimpl
    def after_step(self, run: Any, step: Any, result: Any) -> None:
        self.calls.append(("after_step", {"run": run, "step": step, "result": result}))

    @prepflow.hookimpl
    def step_error(self, run: Any, step: Any, error: BaseException) -> None:
        self.calls.append(("step_error", {"run": run, "step": step, "error": error}))

    @prepflow.hookimpl
    def run_finished(self, run: Any, status: str) -> None:
        self.calls.append(("run_finished", {"run": run, "status": status}))


@pytest.fixture
def recorder(register_plugin: Register) -> Recorder:
    register_plugin(plugins_for_tests, name="testkit")
    return register_plugin(Recorder(), name="recorder")


def test_hook_register_step_types(register_plugin: Register, prepflow_run: Run) -> None:
    received: list[Any] = []

    class Steps:
        @prepflow.hookimpl
        def register_step_types(self, register: Any) -> None:
            received.append(register)
            register(prepflow.StepType(name="x.one", run=lambda ctx: {"n": 1}, summary="One."))
            register(prepflow.StepType(name="x.two", run=lambda ctx: {"n": 2}, summary="Two."))

    register_plugin(Steps(), name="steps")
    result = prepflow_run('[steps.a]\nuses = "x.one"\n[steps.b]\nuses = "x.two"\n')
    assert len(received) == 1 and callable(received[0])
    assert result.outputs("a") == {"n": 1} and result.outputs("b") == {"n": 2}


def test_hook_register_renderers(register_plugin: Register, prepflow_run: Run) -> None:
    seen: list[dict[str, Any]] = []

    def render(dossier: dict[str, Any]) -> str:
        seen.append(dossier)
        return f"{dossier['plan']['name']}: {dossier['steps']['a']['outputs']['value']}\n"

    class Renderers:
        @prepflow.hookimpl
        def register_renderers(self, register: Any) -> None:
            register(
                prepflow.Renderer(name="line", filename="dossier.line", render=render, summary="One line.")
            )

    register_plugin(plugins_for_tests, name="testkit")
    register_plugin(Renderers(), name="renderers")
    result = prepflow_run('[plan]\nname = "Demo"\n' + PLAN, formats=["line"])
    assert [p.name for p in result.files] == ["dossier.line"]
    assert result.read("out/dossier.line") == "Demo: hello\n"
    assert set(seen[0]) >= {"plan", "inputs", "steps"}


def test_hook_run_started(recorder: Recorder, prepflow_run: Run) -> None:
    result = prepflow_run(PLAN, jobs=2)
    [call] = recorder.of("run_started")
    run = call["run"]
    assert recorder.calls[0][0] == "run_started"
    assert run.id == result.result.id  # type: ignore[union-attr]
    assert run.plan.name and run.plan.path == result.plan_file
    assert run.jobs == 2
    assert run.record_dir == result.result.record_dir and run.record_dir.is_dir()  # type: ignore[union-attr]


def test_hook_before_step(recorder: Recorder, prepflow_run: Run) -> None:
    prepflow_run(PLAN)
    calls = recorder.of("before_step")
    assert [c["step"].id for c in calls] == ["a", "b"]
    b = calls[1]["step"]
    assert b.uses == "t.echo"
    assert b.config == {"value": "${steps.a.outputs.value}"}
    assert b.needs == ("a",)
    assert b.retries == 0 and b.continue_on_error is False
    assert calls[0]["run"] is recorder.of("run_started")[0]["run"]
    recorder.calls.clear()
    prepflow_run(PLAN)  # cached: not called
    assert recorder.of("before_step") == []


def test_hook_after_step(recorder: Recorder, prepflow_run: Run) -> None:
    plan = (
        PLAN
        + '[steps.c]\nuses = "t.fail"\ncontinue_on_error = true\n[steps.d]\nuses = "t.echo"\nif = "false"\n'
    )
    prepflow_run(plan)
    results = {c["step"].id: c["result"] for c in recorder.of("after_step")}
    assert {s: r.status for s, r in results.items()} == {
        "a": "success",
        "b": "success",
        "c": "failed",
        "d": "skipped",
    }
    a = results["a"]
    assert a.outputs == {"value": "hello", "count": 1}
    assert a.attempts == 1 and a.seconds >= 0 and a.error is None and a.reason
    assert results["c"].error == "this step always fails"
    recorder.calls.clear()
    prepflow_run(plan)  # a rerun reuses a and b from the cache
    again = {c["step"].id: c["result"] for c in recorder.of("after_step")}
    assert again["a"].status == "cached" and again["a"].outputs == {"value": "hello", "count": 1}


def test_hook_step_error(recorder: Recorder, prepflow_run: Run) -> None:
    result = prepflow_run('[steps.f]\nuses = "t.flaky"\nwith.fail_times = 2\nretries = 2\nretry_delay = 0\n')
    assert result.outputs("f") == {"attempts": 3}
    calls = recorder.of("step_error")
    assert [c["step"].id for c in calls] == ["f", "f"]
    assert [str(c["error"]) for c in calls] == ["attempt 1 failed", "attempt 2 failed"]
    assert all(isinstance(c["error"], prepflow.StepError) for c in calls)


def test_hook_run_finished(recorder: Recorder, prepflow_run: Run) -> None:
    prepflow_run(PLAN)
    prepflow_run('[steps.x]\nuses = "t.fail"\n')
    calls = recorder.of("run_finished")
    assert [c["status"] for c in calls] == ["success", "failed"]
    assert recorder.calls[-1][0] == "run_finished"
    assert calls[0]["run"] is not calls[1]["run"] and calls[0]["run"].id != calls[1]["run"].id


def test_hook_dossier_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Called by `prepflow run` after a successful run, with the dossier; its lines are printed."""
    (tmp_path / "summary.py").write_text(
        "import prepflow\n"
        "from plugins_for_tests import register_step_types  # noqa: F401\n"
        "SEEN = []\n"
        "@prepflow.hookimpl\n"
        "def dossier_summary(dossier):\n"
        "    SEEN.append(dossier)\n"
        "    return [f\"Say {dossier['steps']['a']['outputs']['value']} first\", 'Then   rest']\n"
    )
    (tmp_path / "plan.toml").write_text('plugins = ["summary.py"]\n' + PLAN + "[output]\nformats = []\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "")
    result = CliRunner().invoke(cli, ["run", "plan.toml"])
    assert result.exit_code == 0, result.output
    assert "first, do:\n  1. Say hello first\n  2. Then rest\n" in result.output
