"""Running plans: order, concurrency, retries, timeouts, failures, conditions, progress, output."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import plugins_for_tests as kit_state
import pytest
from click.testing import Result

import prepflow

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]


def run(write: Write, plugins: prepflow.Plugins, text: str, **options: object) -> prepflow.RunResult:
    plan = prepflow.load_plan(write("plan.toml", text), plugins)
    return prepflow.run_plan(plan, plugins, **options)  # type: ignore[arg-type]


def statuses(result: prepflow.RunResult) -> dict[str, str]:
    return {sid: r.status for sid, r in result.steps.items()}


def test_topological_order(write: Write, testkit: prepflow.Plugins) -> None:
    result = run(
        write,
        testkit,
        """
        [steps.report]
        uses = "t.echo"
        needs = ["left", "right"]
        [steps.left]
        uses = "t.echo"
        with.value = "${steps.root.outputs.value}"
        [steps.right]
        uses = "t.echo"
        needs = "root"
        [steps.root]
        uses = "t.echo"
        with.value = [1, 2]
        """,
    )
    assert result.status == "success"
    assert kit_state.CALLS == ["root", "left", "right", "report"]
    assert result.steps["left"].outputs == {"value": [1, 2], "count": 1}


def test_one_job_keeps_the_plan_order_where_needs_allow(write: Write, testkit: prepflow.Plugins) -> None:
    # "late" waits for "early", listed after it; the rest keep the order they are written in
    result = run(
        write,
        testkit,
        """
        [steps.first]
        uses = "t.echo"
        with.value = 1
        [steps.late]
        uses = "t.echo"
        needs = "early"
        with.value = 2
        [steps.early]
        uses = "t.echo"
        with.value = 3
        [steps.last]
        uses = "t.echo"
        with.value = 4
        """,
    )
    assert result.status == "success"
    assert kit_state.CALLS == ["first", "early", "late", "last"]
    assert list(result.steps) == ["first", "early", "late", "last"]


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_run_independent_steps_at_once(write: Write, testkit: prepflow.Plugins, jobs: int) -> None:
    # each step waits at a barrier for the others: only possible if they all run at the same time
    kit_state.BARRIER["b"] = threading.Barrier(jobs)
    steps = "".join(f'[steps.s{i}]\nuses = "t.barrier"\n' for i in range(jobs))
    result = run(write, testkit, steps + '[steps.after]\nuses = "t.echo"\nneeds = ["s0", "s1"]\n', jobs=jobs)
    assert statuses(result) == {**{f"s{i}": "success" for i in range(jobs)}, "after": "success"}
    assert kit_state.CALLS[-1] == "after"


def test_jobs_from_the_cli(kit: Path, write: Write, invoke: Invoke) -> None:
    kit_state.BARRIER["b"] = threading.Barrier(2)
    write(
        "plan.toml",
        'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.barrier"\n[steps.b]\nuses = "t.barrier"\n',
    )
    result = invoke("run", "--jobs", "2", "plan.toml")
    assert result.exit_code == 0, result.output
    assert invoke("run", "--jobs", "0", "plan.toml").exit_code == 2


def test_a_1000_step_chain(write: Write, testkit: prepflow.Plugins) -> None:
    text = '[steps.s0]\nuses = "t.echo"\nwith.value = 0\n' + "".join(
        f'[steps.s{i}]\nuses = "t.echo"\nwith.value = "${{steps.s{i - 1}.outputs.value}}"\n'
        for i in range(1, 1000)
    )
    result = run(write, testkit, text)
    assert result.status == "success"
    assert len(kit_state.CALLS) == 1000
    assert result.steps["s999"].outputs == {"value": 0, "count": 1}
    # and a cycle through 1000 steps is found without recursion too
    text = text.replace("with.value = 0\n", 'with.value = "${steps.s999.outputs.value}"\n', 1)
    found = prepflow.validate(write("plan.toml", text), testkit)
    assert len(found) == 1 and found[0].message.startswith("dependency cycle: s0 -> s999 -> s998")


@pytest.mark.parametrize("jobs", [1, 2])
def test_retries(write: Write, testkit: prepflow.Plugins, jobs: int) -> None:
    text = """
        [steps.twice]
        uses = "t.flaky"
        with.fail_times = 2
        retries = 2
        retry_delay = 0
        [steps.not_enough]
        uses = "t.flaky"
        with.fail_times = 2
        with.label = "not the same config as `twice`, which would be reused"
        retries = 1
        retry_delay = 0
        """
    result = run(write, testkit, text, jobs=jobs)
    assert result.steps["twice"].status == "success"
    assert result.steps["twice"].attempts == 3
    assert result.steps["twice"].outputs == {"attempts": 3}
    assert result.steps["not_enough"].status == "failed"
    assert result.steps["not_enough"].attempts == 2
    assert result.steps["not_enough"].error == "attempt 2 failed"
    assert result.status == "failed"


def test_retries_back_off(write: Write, testkit: prepflow.Plugins, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    text = '[steps.a]\nuses = "t.flaky"\nwith.fail_times = 3\nretries = 3\nretry_delay = 0.5\n'
    result = run(write, testkit, text)
    assert result.steps["a"].attempts == 4
    assert slept == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("cooperative", [False, True])
@pytest.mark.parametrize("jobs", [1, 2])
def test_timeout(write: Write, testkit: prepflow.Plugins, cooperative: bool, jobs: int) -> None:
    text = f"""
        [steps.slow]
        uses = "t.block"
        with.cooperative = {str(cooperative).lower()}
        timeout = "50ms"
        [steps.after]
        uses = "t.echo"
        needs = ["slow"]
        [steps.other]
        uses = "t.echo"
        """
    result = run(write, testkit, text, jobs=jobs)
    slow = result.steps["slow"]
    assert slow.status == "failed"
    assert slow.error == "timed out after 0.05s (raise its `timeout`, or make it faster)"
    assert result.steps["after"].status == "failed"
    assert result.steps["after"].error == "needs 'slow', which failed"
    assert result.steps["other"].status == "success"


def test_timeout_with_retries(write: Write, testkit: prepflow.Plugins) -> None:
    text = '[steps.slow]\nuses = "t.block"\ntimeout = 0.02\nretries = 2\nretry_delay = 0\n'
    result = run(write, testkit, text)
    assert result.steps["slow"].attempts == 3
    assert result.steps["slow"].error is not None and result.steps["slow"].error.startswith("timed out")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_step_with_a_timeout_retries_on_a_worker(
    write: Write, testkit: prepflow.Plugins, jobs: int
) -> None:
    # a timeout runs the step on a worker thread, even with one job; a retry starts it there again
    text = (
        '[steps.a]\nuses = "t.flaky"\nwith.fail_times = 1\nretries = 1\nretry_delay = 0\ntimeout = "5s"\n'
        '[steps.b]\nuses = "t.echo"\nneeds = ["a"]\n'
    )
    result = run(write, testkit, text, jobs=jobs)
    assert statuses(result) == {"a": "success", "b": "success"}
    assert result.steps["a"].attempts == 2


def test_a_failure_fails_its_dependents_unless_continue_on_error(
    write: Write, testkit: prepflow.Plugins
) -> None:
    result = run(
        write,
        testkit,
        """
        [steps.bad]
        uses = "t.fail"
        with.message = "no luck"
        [steps.child]
        uses = "t.echo"
        needs = ["bad"]
        [steps.grandchild]
        uses = "t.echo"
        needs = ["child"]
        [steps.tolerated]
        uses = "t.fail"
        continue_on_error = true
        [steps.after_tolerated]
        uses = "t.echo"
        needs = ["tolerated"]
        """,
    )
    assert statuses(result) == {
        "bad": "failed",
        "child": "failed",
        "grandchild": "failed",
        "tolerated": "failed",
        "after_tolerated": "success",
    }
    assert result.steps["bad"].error == "no luck"
    assert result.steps["grandchild"].error == "needs 'child', which failed"
    assert result.steps["tolerated"].continued
    assert result.failed == ["bad", "child", "grandchild"]
    assert result.status == "failed"
    assert result.files == ()  # no dossier for a failed run

    only_tolerated = run(write, testkit, '[steps.t]\nuses = "t.fail"\ncontinue_on_error = true\n')
    assert only_tolerated.status == "success"


def test_if_skips_and_status_functions(write: Write, testkit: prepflow.Plugins) -> None:
    result = run(
        write,
        testkit,
        """
        [inputs]
        level = "senior"
        deep = false
        [steps.senior_only]
        uses = "t.echo"
        if = "${inputs.level} == 'senior' && !inputs.deep"
        [steps.deep_only]
        uses = "t.echo"
        if = "${inputs.deep}"
        [steps.after_skipped]
        uses = "t.echo"
        needs = ["deep_only"]
        [steps.bad]
        uses = "t.fail"
        [steps.on_failure]
        uses = "t.echo"
        needs = ["bad"]
        if = "failure()"
        [steps.on_success]
        uses = "t.echo"
        needs = ["bad"]
        if = "success()"
        [steps.cleanup]
        uses = "t.echo"
        needs = ["bad", "deep_only"]
        if = "always()"
        [steps.status_ref]
        uses = "t.echo"
        if = "always() && ${steps.bad.status} == 'failed'"
        with.value = "${steps.senior_only.status}"
        """,
    )
    assert statuses(result) == {
        "senior_only": "success",
        "deep_only": "skipped",
        "after_skipped": "skipped",
        "bad": "failed",
        "on_failure": "success",
        "on_success": "skipped",
        "cleanup": "success",
        "status_ref": "success",
    }
    assert result.steps["deep_only"].reason == "if: ${inputs.deep} is false"
    assert result.steps["after_skipped"].reason == "needs 'deep_only', which was skipped"
    assert result.steps["status_ref"].outputs == {"value": "success", "count": 1}


def test_references_keep_their_type_or_become_text(write: Write, testkit: prepflow.Plugins) -> None:
    result = run(
        write,
        testkit,
        """
        [inputs]
        topics = ["pay", "team"]
        [steps.a]
        uses = "t.any"
        with.list = "${inputs.topics}"
        with.first = "${inputs.topics[0]}"
        with.text = "topics: ${inputs.topics}, first ${inputs.topics[1]}"
        with.literal = "$${inputs.topics}"
        [steps.b]
        uses = "t.any"
        with.n = "${steps.a.outputs.list[1]}"
        """,
    )
    assert result.steps["a"].outputs == {
        "list": ["pay", "team"],
        "first": "pay",
        "text": 'topics: ["pay", "team"], first team',
        "literal": "${inputs.topics}",
    }
    assert result.steps["b"].outputs == {"n": "team"}


def test_bad_reference_at_run_time_fails_the_step(write: Write, testkit: prepflow.Plugins) -> None:
    result = run(
        write,
        testkit,
        """
        [steps.a]
        uses = "t.any"
        with.items = [1]
        [steps.b]
        uses = "t.any"
        with.x = "${steps.a.outputs.items[3]}"
        [steps.c]
        uses = "t.echo"
        with.count = "${steps.a.outputs.items}"
        """,
    )
    assert result.steps["b"].error == "${steps.a.outputs.items[3]}: index 3 is out of range (1 items)"
    assert result.steps["c"].error is not None
    assert result.steps["c"].error.startswith("after resolving references, with.count: expected an integer")


def test_steps_returning_bad_outputs(write: Write, testkit: prepflow.Plugins) -> None:
    def not_a_mapping(ctx: prepflow.StepContext) -> object:
        return [1, 2]

    def not_json(ctx: prepflow.StepContext) -> object:
        return {"when": object()}

    def crash(ctx: prepflow.StepContext) -> object:
        raise KeyError("missing")

    class Extra:
        @prepflow.hookimpl
        def register_step_types(self, register: Callable[[prepflow.StepType], None]) -> None:
            for name, fn in [("x.list", not_a_mapping), ("x.obj", not_json), ("x.crash", crash)]:
                register(prepflow.StepType(name=name, run=fn, summary=name))

    testkit.register(Extra(), name="extra")
    text = '[steps.a]\nuses = "x.list"\n[steps.b]\nuses = "x.obj"\n[steps.c]\nuses = "x.crash"\n'
    result = run(write, testkit, text)
    assert result.steps["a"].error == (
        "step type 'x.list' returned list; a step must return a mapping of output names to JSON values"
    )
    assert result.steps["b"].error is not None
    assert result.steps["b"].error.startswith("step type 'x.obj' returned outputs that are not JSON: ")
    assert result.steps["c"].error == "KeyError: 'missing'"


def test_lifecycle_hooks(write: Write, testkit: prepflow.Plugins) -> None:
    events: list[tuple[str, ...]] = []

    class Watcher:
        @prepflow.hookimpl
        def run_started(self, run: object) -> None:
            events.append(("run_started",))

        @prepflow.hookimpl
        def before_step(self, step: object) -> None:
            events.append(("before", step.id))  # type: ignore[attr-defined]

        @prepflow.hookimpl
        def step_error(self, step: object, error: BaseException) -> None:
            events.append(("error", step.id, str(error)))  # type: ignore[attr-defined]

        @prepflow.hookimpl
        def after_step(self, step: object, result: prepflow.StepResult) -> None:
            events.append(("after", step.id, result.status))  # type: ignore[attr-defined]

        @prepflow.hookimpl
        def run_finished(self, status: str) -> None:
            events.append(("run_finished", status))

    testkit.register(Watcher(), name="watcher")
    run(write, testkit, '[steps.a]\nuses = "t.fail"\nretries = 1\nretry_delay = 0\n')
    assert events == [
        ("run_started",),
        ("before", "a"),
        ("error", "a", "this step always fails"),
        ("error", "a", "this step always fails"),
        ("after", "a", "failed"),
        ("run_finished", "failed"),
    ]


# -- the command line ---------------------------------------------------------------

PLAN = """
plugins = ["testkit.py"]
[steps.a]
uses = "t.echo"
with.value = "hello"
[steps.b]
uses = "t.flaky"
with.fail_times = 1
retries = 1
retry_delay = 0
[steps.c]
uses = "t.echo"
needs = ["a", "b"]
[output]
dir = "out"
formats = ["txt"]
"""


def test_run_plain_output(kit: Path, write: Write, invoke: Invoke) -> None:
    write("plan.toml", PLAN)
    result = invoke("run", "plan.toml")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("running plan (3 steps, run ")
    assert lines[1].startswith("  ran      a: ") and lines[1].endswith("s, never run")
    assert lines[2] == "  retry    b (attempt 1 of 2 failed: attempt 1 failed)"
    assert lines[-2].startswith("success: 3 ran in ")
    assert lines[-1] == "dossier: out/dossier.txt"
    assert result.stdout == ""
    result = invoke("run", "plan.toml")
    assert result.stderr.splitlines()[1:4] == [
        "  cached   a: unchanged",
        "  cached   b: unchanged",
        "  cached   c: unchanged",
    ]


def test_quiet(kit: Path, write: Write, invoke: Invoke) -> None:
    write("plan.toml", PLAN)
    result = invoke("run", "--quiet", "plan.toml")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    write("plan.toml", PLAN.replace('uses = "t.echo"\nneeds', 'uses = "t.fail"\nneeds'))
    result = invoke("run", "-q", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "  FAILED   c: this step always fails",
        result.stderr.splitlines()[1],
        "prepflow: step 'c' failed: this step always fails",
        "prepflow: run failed; fix the problem, then `prepflow run plan.toml --resume`",
    ]
    assert result.stderr.splitlines()[1].startswith("failed: 2 cached, 1 failed in ")


def test_json_event_stream(kit: Path, write: Write, invoke: Invoke) -> None:
    write("plan.toml", PLAN)
    result = invoke("run", "--json", "plan.toml")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = [(e["event"], e.get("step")) for e in events]
    assert kinds == [
        ("run_started", None),
        ("step_started", "a"),
        ("step_finished", "a"),
        ("step_started", "b"),
        ("step_retry", "b"),
        ("step_finished", "b"),
        ("step_started", "c"),
        ("step_finished", "c"),
        ("run_finished", None),
    ]
    assert events[0]["steps"] == ["a", "b", "c"]
    assert events[1]["reason"] == "never run"
    assert events[5]["attempts"] == 2 and events[5]["status"] == "success"
    assert events[-1]["status"] == "success" and events[-1]["failed"] == []
    assert [Path(f).name for f in events[-1]["files"]] == ["dossier.txt"]
    assert all(isinstance(e["time"], float) for e in events)


def test_output_is_never_overwritten_when_prepflow_did_not_write_it(
    kit: Path, write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    write("plan.toml", PLAN)
    (tmp_path / "out").mkdir()
    mine = tmp_path / "out" / "dossier.txt"
    mine.write_text("my own notes\n")
    result = invoke("run", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"prepflow: error: {mine}: exists and was not written by prepflow, or was edited since; "
        "move it away or set [output] dir to another folder (nothing was written)"
    )
    assert mine.read_text() == "my own notes\n"

    mine.unlink()
    assert invoke("run", "plan.toml").exit_code == 0
    mine.write_text(mine.read_text() + "an edit\n")  # edited since prepflow wrote it
    write("plan.toml", PLAN.replace('"hello"', '"changed"'))
    result = invoke("run", "plan.toml")
    assert result.exit_code == 1
    assert "was not written by prepflow, or was edited since" in result.stderr
    assert mine.read_text().endswith("an edit\n")


def test_a_rerun_with_unchanged_inputs_rewrites_nothing(
    kit: Path, write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    write("plan.toml", PLAN)
    assert invoke("run", "plan.toml").exit_code == 0

    def snapshot() -> dict[str, tuple[int, int]]:
        found = {}
        for path in sorted(tmp_path.rglob("*")):
            if path.is_file() and "runs" not in path.parts and path.name != "lock":
                stat = path.stat()
                found[str(path.relative_to(tmp_path))] = (stat.st_ino, stat.st_mtime_ns)
        return found

    before = snapshot()
    assert "out/dossier.txt" in before and "out/.prepflow-output.json" in before
    result = invoke("run", "plan.toml")
    assert result.exit_code == 0
    assert snapshot() == before
    # a changed plan rewrites the dossier, and only that
    write("plan.toml", PLAN.replace('"hello"', '"changed"'))
    assert invoke("run", "plan.toml").exit_code == 0
    after = snapshot()
    assert after["out/dossier.txt"] != before["out/dossier.txt"]
    assert '"changed"' in (tmp_path / "out" / "dossier.txt").read_text()


def test_format_option_and_run_record(kit: Path, write: Write, invoke: Invoke, tmp_path: Path) -> None:
    write("plan.toml", PLAN)
    result = invoke("run", "--format", "txt", "plan.toml")
    assert result.exit_code == 0
    result = invoke("run", "--format", "pdf", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "prepflow: error: unknown output format pdf (installed: txt)"
    [first, _] = sorted((tmp_path / ".prepflow" / "runs").iterdir())
    header = json.loads((first / "run.json").read_text())
    assert header["status"] == "success"
    assert header["plan"] == str(tmp_path / "plan.toml")
    assert len(header["plan_digest"]) == 64
    assert "testkit" in header["plugins"]
    steps = [json.loads(line) for line in (first / "steps.jsonl").read_text().splitlines()]
    assert [(s["step"], s["status"], s["reason"]) for s in steps] == [
        ("a", "success", "never run"),
        ("b", "success", "never run"),
        ("c", "success", "never run"),
    ]
    assert steps[1]["attempts"] == 2
