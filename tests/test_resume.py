"""Kill -9 a run in the middle, check nothing truncated is left, and resume it."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Invoke = Callable[..., Result]

PLUGIN = """
import time
import prepflow

def first(ctx):
    with open(ctx.path("calls.txt"), "a") as f:
        f.write(ctx.step_id + "\\n")
    return {"text": "x" * 100_000}

def second(ctx):
    with open(ctx.path("calls.txt"), "a") as f:
        f.write(ctx.step_id + "\\n")
    while not ctx.path("gate").exists():  # blocks until the test opens the gate
        time.sleep(0.01)
    return {"length": len(ctx.config["text"])}

@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="k.first", run=first, summary="First."))
    schema = {"type": "object"}
    register(prepflow.StepType(name="k.second", run=second, summary="Second.", config_schema=schema))
"""

PLAN = """
plugins = ["killkit.py"]
[steps.one]
uses = "k.first"
[steps.two]
uses = "k.second"
with.text = "${steps.one.outputs.text}"
[output]
formats = []
"""


def processes_in(folder: Path) -> list[int]:
    """Pids of the live processes, other than this one, whose working directory is ``folder`` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if os.readlink(entry / "cwd") == str(folder):
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":  # a zombie holds no lock
                        found.append(int(entry.name))
            except OSError:
                continue
    return found


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout  # a safety net only: the condition is what we wait for
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def recorded_steps(folder: Path) -> list[dict[str, object]]:
    steps = []
    for path in (folder / ".prepflow" / "runs").glob("*/steps.jsonl"):
        for line in path.read_text().splitlines():
            steps.append(json.loads(line))
    return steps


def test_kill_and_resume(tmp_path: Path, invoke: Invoke, no_installed: None) -> None:
    (tmp_path / "killkit.py").write_text(PLUGIN)
    (tmp_path / "plan.toml").write_text(PLAN)
    env = {**os.environ, "PREPFLOW_LOAD_PLUGINS": ""}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from prepflow.cli import main; main()", "run", "plan.toml"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        calls = tmp_path / "calls.txt"
        wait_for(lambda: calls.exists() and "two" in calls.read_text(), "step two to start")
        assert [s["step"] for s in recorded_steps(tmp_path)] == ["one"]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # the run's child ends itself when its parent is killed, but on a busy machine that takes a moment
    wait_for(lambda: not processes_in(tmp_path), "the killed run's child to end")

    # no truncated artifact: every object is named by the hash of its content
    objects = [p for p in (tmp_path / ".prepflow" / "objects").rglob("*") if p.is_file()]
    assert objects
    for path in objects:
        assert not path.name.startswith("."), f"a temporary file was left: {path}"
        name = path.parent.name + path.name.removesuffix(".json")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == name

    [run_dir] = (tmp_path / ".prepflow" / "runs").iterdir()
    assert json.loads((run_dir / "run.json").read_text())["status"] == "running"

    (tmp_path / "gate").touch()
    result = invoke("run", "plan.toml", "--resume", "--json")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    finished = {e["step"]: e["status"] for e in events if e["event"] == "step_finished"}
    assert finished == {"one": "cached", "two": "success"}
    assert calls.read_text().split() == ["one", "two", "two"]  # `one` was not run again

    new_run = max((tmp_path / ".prepflow" / "runs").iterdir())
    header = json.loads((new_run / "run.json").read_text())
    assert header["resumed_from"] == run_dir.name
    assert header["status"] == "success"

    # the last run succeeded: --resume is a plain run, reusing every step (safe to type after a kill)
    result = invoke("run", "plan.toml", "--resume", "--json")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["step"]: e["status"] for e in events if e["event"] == "step_finished"} == {
        "one": "cached",
        "two": "cached",
    }
    assert (
        json.loads((max((tmp_path / ".prepflow" / "runs").iterdir()) / "run.json").read_text())[
            "resumed_from"
        ]
        is None
    )


def test_resume_with_nothing_to_resume_is_a_plain_run(tmp_path: Path, invoke: Invoke, kit: Path) -> None:
    (tmp_path / "plan.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n')
    result = invoke("run", "plan.toml", "--resume")
    assert result.exit_code == 0, result.output
    [run_dir] = (tmp_path / ".prepflow" / "runs").iterdir()
    assert json.loads((run_dir / "run.json").read_text())["status"] == "success"


def test_resume_after_a_failed_run(tmp_path: Path, invoke: Invoke, kit: Path) -> None:
    import plugins_for_tests as kit_state

    plan = tmp_path / "plan.toml"
    plan.write_text(
        'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n[steps.b]\nuses = "t.fail"\nneeds = ["a"]\n'
    )
    result = invoke("run", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "prepflow: step 'b' failed: this step always fails",
        "prepflow: run failed; fix the problem, then `prepflow run plan.toml --resume`",
    ]
    plan.write_text(plan.read_text().replace('"t.fail"', '"t.echo"\nwith.value = 1'))
    kit_state.CALLS.clear()
    result = invoke("run", "plan.toml", "--resume")
    assert result.exit_code == 0, result.output
    assert kit_state.CALLS == ["b"]


def test_a_second_run_waits_for_nobody_but_says_the_workspace_is_busy(
    tmp_path: Path, invoke: Invoke, kit: Path
) -> None:
    (tmp_path / "plan.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n')
    # another process holds the workspace, as a run does
    code = (
        "import sys, pathlib; from prepflow.store import Workspace;"
        "ws = Workspace(pathlib.Path(sys.argv[1])); ws.lock(); print('held', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path / ".prepflow")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = invoke("run", "plan.toml")
        assert result.exit_code == 1
        message = f"another prepflow run is using this workspace (pid {holder.pid}); wait for it to finish"
        assert message in result.stderr
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    assert invoke("run", "plan.toml").exit_code == 0  # free again once it ended


def test_old_run_records_are_pruned_but_each_plans_newest_is_kept(
    tmp_path: Path, invoke: Invoke, kit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n')
    (tmp_path / "b.toml").write_text('plugins = ["testkit.py"]\n[steps.b]\nuses = "t.echo"\n')
    runs = tmp_path / ".prepflow" / "runs"
    monkeypatch.setenv("PREPFLOW_KEEP_RUNS", "2")
    assert invoke("run", "b.toml").exit_code == 0
    first_b = list(runs.iterdir())
    for _ in range(3):
        assert invoke("run", "a.toml").exit_code == 0
    kept = sorted(runs.iterdir())
    # the newest two, plus b's only run: an old run, but still the one b would resume
    assert len(kept) == 3
    assert first_b[0] in kept
    plans = [json.loads((run / "run.json").read_text())["plan"] for run in kept]
    assert [Path(p).name for p in plans] == ["b.toml", "a.toml", "a.toml"]

    monkeypatch.setenv("PREPFLOW_KEEP_RUNS", "0")  # keep them all
    for _ in range(2):
        assert invoke("run", "a.toml").exit_code == 0
    assert len(list(runs.iterdir())) == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("lots", "expected a whole number of runs to keep (0 keeps all)"),
        ("-1", "expected 0 (keep all) or more"),
    ],
)
def test_a_bad_keep_runs_setting_is_a_one_line_error(
    tmp_path: Path, invoke: Invoke, kit: Path, monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    (tmp_path / "a.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n')
    monkeypatch.setenv("PREPFLOW_KEEP_RUNS", value)
    result = invoke("run", "a.toml")
    assert result.exit_code == 1
    assert result.stderr == f"prepflow: error: PREPFLOW_KEEP_RUNS={value!r}: {expected}\n"
    runs = tmp_path / ".prepflow" / "runs"
    assert not runs.exists() or not list(runs.iterdir())


def test_pruning_copes_with_a_run_folder_without_a_readable_header(
    tmp_path: Path, invoke: Invoke, kit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.toml").write_text('plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n')
    runs = tmp_path / ".prepflow" / "runs"
    for name, header in (("00000000T000000000-0000", "not json"), ("00000000T000000001-0000", '["a list"]')):
        (runs / name).mkdir(parents=True)
        (runs / name / "run.json").write_text(header)
    monkeypatch.setenv("PREPFLOW_KEEP_RUNS", "1")
    for _ in range(2):
        assert invoke("run", "a.toml").exit_code == 0
    kept = sorted(p.name for p in runs.iterdir())
    # the broken folders count as one unknown plan, whose newest is kept; a.toml keeps its newest
    assert len(kept) == 2
    assert kept[0] == "00000000T000000001-0000"
