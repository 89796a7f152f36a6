"""Kill -9 a run at seeded random points, then run again: nothing is lost, refused or left behind.

A run's every file operation (``open``, ``os.open``, ``os.write``,
``os.replace``, ``os.unlink``, ``os.mkdir``) is counted in a child process;
the child kills itself with SIGKILL just before the k-th one, k drawn from a
seeded generator over the operations a whole run makes. After each kill the
next run (``--resume`` or a plain run, drawn too) must succeed and leave:

- the dossier of the current inputs, every file of it (never a mix of two runs);
- no temporary or staged file anywhere, and no run folder without its record;
- every stored artifact matching its digest.

``PREPFLOW_FAULTS_N`` kills (default 6; ``make faults`` runs many more) and
``PREPFLOW_FAULTS_SEED`` choose the campaign.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

KIT = """
import prepflow

def read(ctx):
    return {"text": ctx.read_text(ctx.config["source"])}

def upper(ctx):
    return {"text": ctx.config["text"].upper()}

def renderer(name):
    return lambda dossier: f"{name}: {dossier['steps']['upper']['outputs']['text']}\\n"

@prepflow.hookimpl
def register_step_types(register):
    obj = {"type": "object"}
    register(prepflow.StepType(name="k.read", run=read, summary="Read.", config_schema=obj))
    register(prepflow.StepType(name="k.upper", run=upper, summary="Upper.", config_schema=obj))

@prepflow.hookimpl
def register_renderers(register):
    for name in "abc":
        register(prepflow.Renderer(name, f"dossier.{name}.txt", renderer(name)))
"""

PLAN = """
plugins = ["kit.py"]
[inputs]
note = { file = "note.txt" }
[steps.read]
uses = "k.read"
with.source = "${inputs.note}"
[steps.upper]
uses = "k.upper"
with.text = "${steps.read.outputs.text}"
[output]
formats = ["a", "b", "c"]
"""

# the child: count file operations, SIGKILL itself before the KILL_AT-th one (0: never, and report the count)
CHILD = """
import builtins, os, signal, sys
kill_at = int(os.environ["KILL_AT"])
count = 0
def counted(fn):
    def call(*args, **kwargs):
        global count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return fn(*args, **kwargs)
    return call
for name in ("open", "write", "replace", "unlink", "mkdir"):
    setattr(os, name, counted(getattr(os, name)))
builtins.open = counted(builtins.open)
from prepflow.cli import main
try:
    main(sys.argv[1:])
finally:
    if kill_at == 0:
        sys.stderr.write(f"operations: {count}\\n")
"""


def _prepflow(folder: Path, *args: str, kill_at: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREPFLOW_LOAD_PLUGINS": "", "KILL_AT": str(kill_at)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )


def _expected(note: str) -> dict[str, str]:
    return {f"dossier.{name}.txt": f"{name}: {note.upper()}\n" for name in "abc"}


def _check(folder: Path, note: str, what: str) -> None:
    out = folder / "out"
    assert {f: (out / f).read_text() for f in _expected(note)} == _expected(note), what
    leftovers = [
        p
        for p in [*folder.joinpath(".prepflow").rglob("*"), *out.iterdir()]
        if p.name.endswith((".tmp", ".prepflow-new")) or p.parent.name == "tmp"
    ]
    assert leftovers == [], what
    manifest = json.loads((out / ".prepflow-output.json").read_text())
    assert "staged" not in manifest, what
    for run in (folder / ".prepflow" / "runs").iterdir():
        assert (run / "run.json").is_file(), f"{what}: {run.name} has no record"
    for path in (folder / ".prepflow" / "objects").rglob("*.json"):
        digest = path.parent.name + path.name.removesuffix(".json")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{what}: {path}"


def test_kill_at_random_points_then_run_again(tmp_path: Path) -> None:
    seed = int(os.environ.get("PREPFLOW_FAULTS_SEED", "15"))
    kills = int(os.environ.get("PREPFLOW_FAULTS_N", "6"))
    rng = random.Random(seed)
    (tmp_path / "kit.py").write_text(KIT)
    (tmp_path / "plan.toml").write_text(PLAN)
    (tmp_path / "note.txt").write_text("note 0")
    first = _prepflow(tmp_path, "run", "plan.toml", "-q")
    assert first.returncode == 0, first.stderr
    (tmp_path / "note.txt").write_text("note counted")
    counted = _prepflow(tmp_path, "run", "plan.toml", "-q")
    assert counted.returncode == 0, counted.stderr
    operations = int(counted.stderr.rsplit("operations: ", 1)[1])
    for i in range(kills):
        note = f"note {i} {rng.randrange(10**6)}"
        (tmp_path / "note.txt").write_text(note)
        kill_at = rng.randint(1, operations)
        killed = _prepflow(tmp_path, "run", "plan.toml", "-q", kill_at=kill_at)
        what = f"seed {seed}, kill {i} at operation {kill_at} of {operations}"
        if killed.returncode != -signal.SIGKILL:  # ended before that operation: nothing to test
            assert killed.returncode == 0, f"{what}: {killed.stderr}"
        again = ["run", "plan.toml", "-q", *(["--resume"] if rng.random() < 0.5 else [])]
        result = _prepflow(tmp_path, *again)
        assert result.returncode == 0, f"{what}, then {' '.join(again)}: {result.stderr}"
        _check(tmp_path, note, f"{what}, then {' '.join(again)}")


def test_a_kill_while_the_dossier_is_written_is_finished_by_the_next_run(tmp_path: Path) -> None:
    """The window of issue 15, finding 4: between the first and the last file of the dossier."""
    (tmp_path / "kit.py").write_text(KIT)
    (tmp_path / "plan.toml").write_text(PLAN)
    (tmp_path / "note.txt").write_text("old")
    assert _prepflow(tmp_path, "run", "plan.toml", "-q").returncode == 0
    (tmp_path / "note.txt").write_text("new")
    counted = _prepflow(tmp_path, "run", "plan.toml", "-q")
    operations = int(counted.stderr.rsplit("operations: ", 1)[1])
    # the last operations of a run write the dossier: kill at each of the last few
    for back in range(1, 7):
        (tmp_path / "note.txt").write_text(f"newer {back}")
        killed = _prepflow(tmp_path, "run", "plan.toml", "-q", kill_at=operations - back)
        assert killed.returncode == -signal.SIGKILL
        again = ["--resume"] if back % 2 else []
        result = _prepflow(tmp_path, "run", "plan.toml", "-q", *again)
        assert result.returncode == 0, f"killed at {operations - back}, then {again}: {result.stderr}"
        _check(tmp_path, f"newer {back}", f"killed at operation {operations - back}")
