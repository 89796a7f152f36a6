"""Misbehaving plugins are isolated: a step that forks, exits, hangs in C, prints or leaves a child
behind, and hooks that raise, never break a run, its record, its output streams or the next run.

Where a real process is needed (ending it, killing it, its file descriptors), the command line runs
in a subprocess; the timeouts given to ``subprocess`` are safety nets, not what is tested.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

import prepflow

Invoke = Callable[..., Result]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="process isolation needs fork (POSIX)")

STEPS = """
import os, re, signal, subprocess, sys, time
import prepflow

def echo(ctx):
    return {"value": ctx.config.get("value", 1)}

def exit0(ctx):
    os._exit(0)

def killed(ctx):
    os.kill(os.getpid(), signal.SIGKILL)

def regex(ctx):
    re.match(r"(a+)+$", "a" * 64 + "b")  # catastrophic backtracking, in C, holding the GIL
    return {}

def sleep(ctx):
    with open(ctx.path("started"), "w"):
        pass
    time.sleep(3600)
    return {}

def fork(ctx):
    pid = os.fork()
    if pid == 0:  # a child left behind, as multiprocessing can leave one
        time.sleep(3600)
        os._exit(0)
    with open(ctx.path("child.pid"), "a") as f:
        f.write(f"{pid}\\n")
    return {"child": pid}

def spawn(ctx):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    with open(ctx.path("child.pid"), "a") as f:
        f.write(f"{child.pid}\\n")
    return {"child": child.pid}

def noisy(ctx):
    print("a plugin's print")
    subprocess.run([sys.executable, "-c", "print('a program a step started')"], check=True)
    return {"said": True}

@prepflow.hookimpl
def register_step_types(register):
    for name, run in [("echo", echo), ("exit0", exit0), ("killed", killed), ("regex", regex),
                      ("sleep", sleep), ("fork", fork), ("spawn", spawn), ("noisy", noisy)]:
        register(prepflow.StepType(name="m." + name, run=run, summary=name + ".",
                                   config_schema={"type": "object"}))
"""


@pytest.fixture
def folder(tmp_path: Path, no_installed: None) -> Path:
    (tmp_path / "misbehave.py").write_text(STEPS)
    return tmp_path


def plan(folder: Path, steps: str, name: str = "plan.toml") -> Path:
    text = 'plugins = ["misbehave.py"]\n[output]\nformats = []\n' + textwrap.dedent(steps)
    path = folder / name
    path.write_text(text)
    return path


def cli(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``prepflow ARGS`` in a process of its own, in ``folder``."""
    return subprocess.run(
        [sys.executable, "-c", "from prepflow.cli import main; main()", *args],
        cwd=folder,
        env={**os.environ, "PREPFLOW_LOAD_PLUGINS": "", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_records(folder: Path) -> list[dict[str, object]]:
    runs = sorted((folder / ".prepflow" / "runs").iterdir())
    return [json.loads((run / "run.json").read_text()) for run in runs]


@pytest.fixture
def reap(folder: Path) -> Iterator[None]:
    """Kill the children steps left behind (their pids are in child.pid)."""
    yield
    pid_file = folder / "child.pid"
    for pid in pid_file.read_text().split() if pid_file.exists() else ():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass


# -- the workspace lock ---------------------------------------------------------------------


def test_a_child_forked_by_a_step_does_not_keep_the_workspace(folder: Path, reap: None) -> None:
    plan(folder, '[steps.a]\nuses = "m.fork"\n')
    first = cli(folder, "run", "plan.toml")
    assert first.returncode == 0, first.stderr
    child = int((folder / "child.pid").read_text().split()[-1])
    os.kill(child, 0)  # still alive
    second = cli(folder, "run", "plan.toml", "--force")
    assert second.returncode == 0, second.stderr
    assert "another prepflow run" not in second.stderr


def test_a_lock_file_left_by_a_dead_run_is_not_a_lock(folder: Path) -> None:
    plan(folder, '[steps.a]\nuses = "m.echo"\n')
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (folder / ".prepflow").mkdir()
    (folder / ".prepflow" / "lock").write_text(dead.stdout.strip())
    result = cli(folder, "run", "plan.toml")
    assert result.returncode == 0, result.stderr


def test_one_process_cannot_hold_a_workspace_twice(tmp_path: Path) -> None:
    from prepflow.store import Workspace

    first, second = Workspace(tmp_path / ".prepflow"), Workspace(tmp_path / ".prepflow")
    first.lock()
    try:
        with pytest.raises(prepflow.PrepflowError, match=f"pid {os.getpid()}"):
            second.lock()
    finally:
        first.close()
    second.lock()  # free once the first let it go
    second.close()


# -- a step that ends the process ------------------------------------------------------------


@pytest.mark.parametrize(("uses", "how"), [("m.exit0", "exit status 0"), ("m.killed", "killed by SIGKILL")])
def test_a_step_that_ends_the_process_fails_the_run_and_can_be_resumed(
    folder: Path, uses: str, how: str
) -> None:
    path = plan(folder, f'[steps.a]\nuses = "m.echo"\n[steps.b]\nuses = "{uses}"\nneeds = ["a"]\n')
    result = cli(folder, "run", "plan.toml")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"prepflow: step 'b' failed: it ended the prepflow process ({how})",
        "prepflow: run failed; fix the problem, then `prepflow run plan.toml --resume`",
    ]
    [record] = run_records(folder)
    assert record["status"] == "failed"  # never left "running"

    again = cli(folder, "run", "plan.toml", "--resume", "--json")
    assert again.returncode == 1
    events = [json.loads(line) for line in again.stdout.splitlines()]
    assert events[-1] == {
        "event": "run_finished",
        "run": events[0]["run"],
        "status": "failed",
        "failed": ["b"],
        "files": [],
    }

    path.write_text(path.read_text().replace(uses, "m.echo"))
    fixed = cli(folder, "run", "plan.toml", "--resume", "--json")
    assert fixed.returncode == 0, fixed.stderr
    finished = {
        e["step"]: e["status"]
        for e in map(json.loads, fixed.stdout.splitlines())
        if e["event"] == "step_finished"
    }
    assert finished == {"a": "cached", "b": "success"}


def test_a_hook_that_ends_the_process_fails_the_run(folder: Path) -> None:
    (folder / "ender.py").write_text(
        "import os, prepflow\n@prepflow.hookimpl\ndef run_finished(run, status):\n    os._exit(3)\n"
    )
    plan(folder, '[steps.a]\nuses = "m.echo"\n').write_text(
        'plugins = ["misbehave.py", "ender.py"]\n[steps.a]\nuses = "m.echo"\n[output]\nformats = []\n'
    )
    result = cli(folder, "run", "plan.toml")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2] == (
        "prepflow: error: the prepflow process ended outside any step (exit status 3); "
        "a plugin's hook or renderer?"
    )
    assert run_records(folder)[-1]["status"] == "failed"


# -- time limits ------------------------------------------------------------------------------


def test_a_timeout_stops_a_step_stuck_in_c_code(folder: Path) -> None:
    plan(folder, '[steps.slow]\nuses = "m.regex"\ntimeout = "1s"\n[steps.other]\nuses = "m.echo"\n')
    result = cli(folder, "run", "plan.toml")
    assert result.returncode == 1
    assert "prepflow: step 'slow' failed: timed out after 1s (raise its `timeout`, or make it faster)" in (
        result.stderr
    )


def test_a_timed_step_that_ends_its_process_fails_alone(folder: Path) -> None:
    plan(
        folder,
        '[steps.a]\nuses = "m.exit0"\ntimeout = "1m"\ncontinue_on_error = true\n[steps.b]\nuses = "m.echo"\n',
    )
    result = cli(folder, "run", "plan.toml", "--json")
    assert result.returncode == 0, result.stderr
    events = {e.get("step"): e for e in map(json.loads, result.stdout.splitlines())}
    assert events["a"]["error"] == "its process ended without an answer (exit status 0)"
    assert events["b"]["status"] == "success"


def test_the_default_step_limit_stops_the_run_at_that_step(folder: Path) -> None:
    path = plan(folder, '[steps.a]\nuses = "m.echo"\n[steps.b]\nuses = "m.sleep"\nneeds = ["a"]\n')
    result = cli(folder, "run", "plan.toml", PREPFLOW_STEP_TIMEOUT="1")
    assert result.returncode == 1
    assert (
        "prepflow: step 'b' failed: it ran longer than 1s, the default time limit of a step, and the run "
        'was stopped; give it a `timeout` of its own (e.g. timeout = "30m") if it needs longer'
    ) in result.stderr
    assert run_records(folder)[-1]["status"] == "failed"
    path.write_text(path.read_text().replace("m.sleep", "m.echo"))
    assert cli(folder, "run", "plan.toml", "--resume").returncode == 0


def test_a_run_stopped_from_outside_is_interrupted_and_resumable(folder: Path) -> None:
    import time

    from prepflow.records import last_run

    path = plan(folder, '[steps.a]\nuses = "m.echo"\n[steps.b]\nuses = "m.sleep"\nneeds = ["a"]\n')
    proc = subprocess.Popen(
        [sys.executable, "-c", "from prepflow.cli import main; main()", "run", "plan.toml"],
        cwd=folder,
        env={**os.environ, "PREPFLOW_LOAD_PLUGINS": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60  # a safety net: what is awaited is the step starting
    while not (folder / "started").exists():
        assert time.monotonic() < deadline and proc.poll() is None, "the step never started"
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert stderr.splitlines()[-1] == "prepflow: stopped by SIGTERM"
    record = last_run(folder / ".prepflow" / "runs", str(path.resolve()))
    assert record is not None and record["status"] == "interrupted"
    path.write_text(path.read_text().replace("m.sleep", "m.echo"))
    assert cli(folder, "run", "plan.toml", "--resume").returncode == 0


def test_a_bad_default_step_limit_is_a_one_line_error(folder: Path) -> None:
    plan(folder, '[steps.a]\nuses = "m.echo"\n')
    result = cli(folder, "run", "plan.toml", PREPFLOW_STEP_TIMEOUT="soon")
    assert result.returncode == 1
    assert result.stderr == (
        "prepflow: error: PREPFLOW_STEP_TIMEOUT='soon': expected a number of seconds or a duration such "
        "as 30m (0: no limit)\n"
    )


# -- output streams -------------------------------------------------------------------------


def test_what_steps_print_never_reaches_the_json_stream(folder: Path) -> None:
    plan(folder, '[steps.a]\nuses = "m.noisy"\n')
    result = cli(folder, "run", "plan.toml", "--json")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]  # every line is one event
    assert [e["event"] for e in events] == ["run_started", "step_started", "step_finished", "run_finished"]
    assert "a plugin's print" in result.stderr
    assert "a program a step started" in result.stderr


def test_a_print_in_a_step_stays_off_stdout_in_process(folder: Path, invoke: Invoke) -> None:
    (folder / "printer.py").write_text(
        "import prepflow\n"
        "def run(ctx):\n    print('hello')\n    return {}\n"
        "@prepflow.hookimpl\ndef register_step_types(register):\n"
        "    register(prepflow.StepType(name='p.print', run=run, summary='Print.'))\n"
    )
    (folder / "plan.toml").write_text(
        'plugins = ["printer.py"]\n[steps.a]\nuses = "p.print"\n[output]\nformats = []\n'
    )
    result = invoke("run", "plan.toml", "--json")
    assert result.exit_code == 0, result.output
    assert all(json.loads(line)["event"] for line in result.stdout.splitlines())
    assert "hello" in result.stderr


@pytest.mark.parametrize("uses", ["m.spawn", "m.fork"])
def test_a_child_left_running_does_not_hold_the_output_pipes(folder: Path, reap: None, uses: str) -> None:
    plan(folder, f'[steps.a]\nuses = "{uses}"\n')
    # capture_output waits for both pipes to close: before, the child kept them open for an hour
    result = cli(folder, "run", "plan.toml")
    assert result.returncode == 0, result.stderr
    os.kill(int((folder / "child.pid").read_text().split()[-1]), 0)  # the child is still running
