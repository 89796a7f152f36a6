"""Misbehaving plugins: steps that raise, hang, exit, print, fork; hooks and renderers that raise.

Each :class:`PluginCase` runs a plan of three steps, ``before`` (a good step),
``bad`` (the misbehaving one, when the case has one) and ``after`` (a good step
needing ``before``), from a local plugin file written at test time. What must
hold is the issue's: a failure names the step (or the plugin) on one line, never
a traceback; the run ends (no hang) with a non-zero exit when a step failed; the
run record does not stay "running"; the workspace lock is free once the run has
exited; the dossier of the other formats is written when only a hook or a
renderer failed; ``--json`` output stays one JSON object per line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from faultlib import Outcome, dossier_files, lock_free, output_problems, run_prepflow, run_records

PLUGIN = '''\
"""Step types, hooks and a renderer that misbehave on purpose (the fault campaign's)."""

import os
import re
import signal
import subprocess
import sys
import time

import prepflow

HOOK = os.environ.get("MISBEHAVE_HOOK", "")


def ok(ctx):
    return {"value": "fine"}


def raises(ctx):
    raise ValueError("the step broke")


def hangs(ctx):
    time.sleep(3600)


def backtracks(ctx):  # a catastrophic regex: one C call that holds the GIL
    re.match(r"(a+)+$", "a" * 64 + "b")
    return {}


def exit0(ctx):
    os._exit(0)


def exit3(ctx):
    os._exit(3)


def sigkill(ctx):
    os.kill(os.getpid(), signal.SIGKILL)


def sigterm(ctx):
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)


def sysexit(ctx):
    sys.exit(4)


def interrupt(ctx):
    raise KeyboardInterrupt


def prints(ctx):
    print("plugin chatter on stdout")
    sys.stdout.write("{not json\\n")
    sys.stdout.flush()
    return {"value": 1}


def writes_fd1(ctx):
    os.write(1, b"plugin bytes straight to file descriptor 1\\n")
    return {"value": 1}


def non_json(ctx):
    return {"value": object()}


def not_mapping(ctx):
    return ["a list"]


def nan(ctx):
    return {"value": float("nan")}


def int_keys(ctx):
    return {"value": {10: "ten", 9: "nine"}}


def mixed_keys(ctx):
    return {"value": {10: "ten", "8": "eight"}}


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no text either")


def bad_str(ctx):
    raise Unprintable()


def huge_message(ctx):
    raise ValueError("x" * 100_000 + "\\nand a second line")


def spawns(ctx):  # a child that outlives the step, holding the run's stdout and stderr
    subprocess.Popen(["sleep", "30"])
    return {"value": 1}


def forks(ctx):  # what multiprocessing does on Linux: the child inherits the workspace lock
    pid = os.fork()
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    return {"value": 1}


def chdir(ctx):
    os.chdir("/")
    return {"value": 1}


STEPS = {name: function for name, function in globals().items() if callable(function) and name.islower()}


@prepflow.hookimpl
def register_step_types(register):
    for name, function in STEPS.items():
        if name not in ("register_step_types", "register_renderers"):
            register(prepflow.StepType(name=f"bad.{name}", run=function, summary=f"Misbehaves: {name}."))


def _boom(dossier):
    raise RuntimeError("the renderer broke")


@prepflow.hookimpl
def register_renderers(register):
    register(prepflow.Renderer(name="boom", filename="dossier.boom", render=_boom))


def _maybe(hook):
    if HOOK == hook:
        raise RuntimeError(f"the {hook} hook broke")


@prepflow.hookimpl
def run_started(run):
    _maybe("run_started")


@prepflow.hookimpl
def before_step(run, step):
    _maybe("before_step")


@prepflow.hookimpl
def after_step(run, step, result):
    _maybe("after_step")


@prepflow.hookimpl
def step_error(run, step, error):
    _maybe("step_error")


@prepflow.hookimpl
def run_finished(run, status):
    _maybe("run_finished")


@prepflow.hookimpl
def dossier_summary(dossier):
    _maybe("dossier_summary")
    return ["Rehearse the good step"]
'''

BROKEN_REGISTER = """\
import prepflow


@prepflow.hookimpl
def register_step_types(register):
    register("not a step type")
    raise RuntimeError("registering broke")
"""

PLAN = """\
plugins = {plugins}

[plan]
name = "Misbehaving plugin: {name}"

[steps.before]
uses = "bad.ok"
{bad}
[steps.after]
uses = "bad.ok"
needs = ["before"]

[output]
dir = "out"
formats = {formats}
"""


@dataclass(frozen=True)
class PluginCase:
    name: str
    step: str | None
    """The misbehaving step type's function in the plugin, or None: the plan has good steps only."""
    expect: str
    """``fail``: exit 1 naming step 'bad'; ``pass``: exit 0 with the dossier; ``interrupt``: exit 130
    (a step that raises KeyboardInterrupt cannot be told from Ctrl-C); ``named``: a dossier with a
    warning, or a problem of the plan, so long as the output names ``names``."""
    options: str = ""
    env: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("md", "json")
    broken_plugin: bool = False
    """Also name a plugin file whose registering fails: its name must be in the output."""
    pipe: bool = False
    again: tuple[str, ...] | None = None
    """Run once more with these arguments, judged like the first run (``--resume`` after a crash)."""
    same_on_rerun: bool = False
    """A cached rerun must write the same dossier.json."""
    names: str | None = None
    """The output must name this (the plugin or renderer at fault)."""
    keeps_dossier: bool = False
    """Whatever the exit status, the dossier of the other formats is written."""
    finding: str | None = None
    """The finding of issue 15 the case reproduces (the campaign's table shows it when it fails)."""
    still_open: bool = False
    """The fix is not merged yet: the tests mark the case xfail."""
    slow: bool = False
    quick: bool = False


def setup(case: PluginCase, folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "misbehave.py").write_text(PLUGIN, encoding="utf-8")
    plugins = ["misbehave.py"]
    if case.broken_plugin:
        (folder / "broken.py").write_text(BROKEN_REGISTER, encoding="utf-8")
        plugins.append("broken.py")
    bad = f'[steps.bad]\nuses = "bad.{case.step}"\n{case.options}\n' if case.step else ""
    (folder / "plan.toml").write_text(
        PLAN.format(
            plugins=json.dumps(plugins), name=case.name, bad=bad, formats=json.dumps(list(case.formats))
        ),
        encoding="utf-8",
    )
    return folder


def _judge_run(case: PluginCase, folder: Path, outcome: Outcome, lock: bool) -> list[str]:
    kinds = output_problems(outcome, json_events="--json" in case.args, plugin_output=True)
    if outcome.pipe_held:
        kinds.append("hang")  # `prepflow run | less` waits for a child the step left behind
    if not lock:
        kinds.append("lock held")
    if case.expect == "fail":
        if outcome.returncode != 1 or "step 'bad'" not in outcome.err:
            kinds.append("failed")
    elif case.expect == "named":
        if outcome.returncode not in (0, 1):
            kinds.append("failed")
    elif outcome.returncode != (130 if case.expect == "interrupt" else 0):
        kinds.append("failed")
    wanted = {f"dossier.{f}" for f in case.formats if f != "boom"}
    if (case.expect == "pass" or case.keeps_dossier) and not wanted <= set(dossier_files(folder)):
        kinds.append("data lost")
    if any(record.get("status") == "running" for record in run_records(folder)):
        kinds.append("data lost")  # the record of a run that has ended still says "running"
    if case.names and case.names not in outcome.err:
        kinds.append("messy error")
    return kinds


def run_case(case: PluginCase, root: Path, *, quick: bool) -> tuple[list[str], Outcome, list[str]]:
    """Run one case in ``root/<name>``: its kinds of failure, the first run, notes on later runs."""
    folder = setup(case, root / case.name)
    env = {"PREPFLOW_LOAD_PLUGINS": "dossier", **case.env}
    timeout = (4.0 if case.slow else 12.0) if quick else None
    lock: list[bool] = []
    outcome = run_prepflow(
        ["run", "plan.toml", *case.args],
        cwd=folder,
        env=env,
        timeout=timeout,
        pipe_stdout=case.pipe,
        eof_grace=2.0,
        on_exit=lambda: lock.append(lock_free(folder)),
    )
    kinds = _judge_run(case, folder, outcome, all(lock))
    notes = []
    if case.again is not None:
        again = run_prepflow(["run", "plan.toml", *case.again], cwd=folder, env=env, timeout=timeout)
        more = _judge_run(case, folder, again, lock_free(folder))
        notes.append(f"then `run {' '.join(case.again)}`: {', '.join(more) or 'held'}\n{again}")
        kinds += more
    if case.same_on_rerun and outcome.returncode == 0:
        first = dossier_files(folder).get("dossier.json")
        rerun = run_prepflow(["run", "plan.toml"], cwd=folder, env=env, timeout=timeout)
        if rerun.returncode != 0 or dossier_files(folder).get("dossier.json") != first:
            kinds.append("data lost")
            notes.append(f"a cached rerun wrote another dossier.json\n{rerun}")
    return list(dict.fromkeys(kinds)), outcome, notes


def _hook(hook: str, *, quick: bool = False) -> PluginCase:
    env = {"MISBEHAVE_HOOK": hook}
    # step_error is called only for a failing step: give it one that the run carries on past
    step, options = ("raises", "continue_on_error = true") if hook == "step_error" else (None, "")
    return PluginCase(f"hook-{hook}-raises", step, "pass", options, env=env, names="misbehave", quick=quick)


CASES: tuple[PluginCase, ...] = (
    PluginCase("step-raises", "raises", "fail", quick=True),
    PluginCase("step-raises-continue", "raises", "pass", "continue_on_error = true"),
    PluginCase("step-hangs-past-timeout", "hangs", "fail", 'timeout = "1s"', quick=True),
    PluginCase(
        "step-regex-past-timeout",
        "backtracks",
        "fail",
        'timeout = "1s"',
        slow=True,
        quick=True,
    ),
    PluginCase("step-os-exit-0", "exit0", "fail", again=("--resume",), quick=True),
    PluginCase("step-os-exit-3", "exit3", "fail"),
    PluginCase("step-sigkill-self", "sigkill", "fail", again=("--resume",)),
    PluginCase("step-sigterm-self", "sigterm", "fail"),
    PluginCase("step-sys-exit", "sysexit", "fail"),
    PluginCase("step-keyboard-interrupt", "interrupt", "interrupt"),
    PluginCase("step-prints-json", "prints", "pass", args=("--json",), quick=True),
    PluginCase("step-writes-fd1-json", "writes_fd1", "pass", args=("--json",)),
    PluginCase("step-prints", "prints", "pass"),
    PluginCase("step-returns-object", "non_json", "fail", quick=True),
    PluginCase("step-returns-list", "not_mapping", "fail"),
    PluginCase("step-returns-nan", "nan", "fail"),
    PluginCase("step-int-keys", "int_keys", "pass", same_on_rerun=True, quick=True),
    PluginCase("step-unprintable-error", "bad_str", "pass", "continue_on_error = true", quick=True),
    PluginCase("step-mixed-keys", "mixed_keys", "fail"),
    PluginCase("step-huge-error", "huge_message", "fail"),
    PluginCase("step-child-outlives", "spawns", "pass", pipe=True, quick=True),
    PluginCase("step-forks", "forks", "pass", quick=True),
    PluginCase("step-chdir", "chdir", "pass"),
    _hook("run_started", quick=True),
    _hook("before_step"),
    _hook("after_step"),
    _hook("step_error"),
    _hook("run_finished", quick=True),
    PluginCase("hook-dossier_summary-raises", None, "pass", env={"MISBEHAVE_HOOK": "dossier_summary"}),
    PluginCase(
        "renderer-raises",
        None,
        "named",
        formats=("md", "boom", "json"),
        names="boom",
        keeps_dossier=True,
        finding="finding 6: a renderer that raises loses the dossier of the other formats",
        quick=True,
    ),
    PluginCase(
        "plan-plugin-register-raises",
        None,
        "named",
        broken_plugin=True,
        names="broken",
        quick=True,
    ),
)

BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "two plugin cases share a name"
