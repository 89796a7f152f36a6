"""What every fault test needs: run ``prepflow`` in a child process and judge what it left.

A child runs in its own process group with its output in files (so a child that
outlives it cannot block the reader), an address-space cap (so a reader that
runs away fails with MemoryError instead of taking the machine) and a wall-clock
bound after which the whole group is killed and the case counts as a hang. Its
CPU time and peak memory come from ``os.wait4``: the resource usage of that one
child, as ``resource.getrusage(RUSAGE_CHILDREN)`` would give for it alone.

The limits a hostile input must stay within (``LIMIT_SECONDS`` of CPU,
``LIMIT_MB`` of peak resident memory) are the issue's; a case is a *hang* when
it is still running after ``hang_seconds()`` of wall time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples"
PREPFLOW = Path(sys.executable).parent / "prepflow"

LIMIT_SECONDS = 5.0
"""CPU seconds a run of one hostile input may take."""
LIMIT_MB = 200.0
"""Peak resident memory (MB) a run of one hostile input may take."""
ADDRESS_SPACE_MB = 2048
"""The child's address-space cap: far above LIMIT_MB, only there to keep a runaway off the machine."""

KINDS = (
    "traceback",
    "bare exception",
    "hang",
    "slow",
    "memory",
    "messy error",
    "raw escape",
    "failed",
    "data lost",
    "corrupt artifact",
    "litter",
    "lock held",
    "script ran",
)
"""Kinds of failure, in the order the campaign's table lists them.

traceback: a Python traceback or "internal error" on the terminal, or a crash by signal; bare
exception: a step failed with a Python exception of its own code ("AttributeError: ...") where a
message naming the file was due; hang: still running at the
wall-clock bound; slow / memory: over LIMIT_SECONDS / LIMIT_MB; messy error: an error that is
not one short line per problem; raw escape: a control character printed or written as text;
failed: a run that should have succeeded, or a wrong exit status; data lost: a dossier missing
or different from a clean run's, or a run record left "running"; corrupt artifact: a stored
artifact whose content does not match its digest; litter: temporary files or record folders a
run left behind; lock held: the workspace lock still held after the run ended; script ran:
planted script executed (or made a request) in a browser.
"""


def hang_seconds() -> float:
    """The wall-clock bound of one child (``PREPFLOW_FAULTS_HANG``, default 20 s)."""
    return float(os.environ.get("PREPFLOW_FAULTS_HANG", "20"))


def campaign_size(default: int) -> int:
    """How many random cases to try (``PREPFLOW_FAULTS_N``; the test suite's default is small)."""
    value = os.environ.get("PREPFLOW_FAULTS_N", "").strip()
    return int(value) if value else default


def campaign_seed() -> int:
    """The campaign's seed (``PREPFLOW_FAULTS_SEED``, default 15): the same seed tries the same cases."""
    return int(os.environ.get("PREPFLOW_FAULTS_SEED", "15"))


@dataclass
class Outcome:
    """How one child process ended."""

    args: Sequence[str]
    returncode: int | None
    """The exit status; negative for a signal; None when it hung and was killed."""
    stdout: bytes
    stderr: bytes
    seconds: float
    """Wall-clock seconds until the child exited."""
    cpu_seconds: float
    """User plus system CPU seconds of the child (from ``os.wait4``)."""
    peak_mb: float
    """Peak resident memory of the child, MB (``ru_maxrss``)."""
    hung: bool = False
    pipe_held: bool = False
    """With ``pipe_stdout``: stdout stayed open after the child exited (a grandchild held it)."""

    @property
    def output(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    def __str__(self) -> str:
        shown = " ".join(self.args[1:])
        status = "hung" if self.hung else f"exit {self.returncode}"
        return (
            f"`prepflow {shown}`: {status} after {self.seconds:.1f} s "
            f"({self.cpu_seconds:.1f} s CPU, {self.peak_mb:.0f} MB)\n{_tail(self.output)}"
        )


def _tail(text: str, limit: int = 2000) -> str:
    return text if len(text) <= limit else f"...{text[-limit:]}"


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a child ``prepflow``: this one, without the test suite's plugin choices."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PREPFLOW_LOAD_PLUGINS", "PREPFLOW_DISABLE_PLUGINS", "PREPFLOW_STRICT_PLUGINS")
        and k not in ("PREPFLOW_DEBUG", "COLUMNS", "FORCE_COLOR")
    }
    env["NO_COLOR"] = "1"
    env["PYTHONUTF8"] = "1"
    env.update(extra or {})
    return env


def _limit_address_space() -> None:  # runs in the child, between fork and exec
    cap = ADDRESS_SPACE_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run_prepflow(
    args: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    kill_after: float | None = None,
    pipe_stdout: bool = False,
    eof_grace: float = 3.0,
    on_exit: Callable[[], object] | None = None,
) -> Outcome:
    """Run ``prepflow *args`` in ``cwd`` and wait for it (see the module's docstring).

    ``kill_after``: SIGKILL the process that many seconds after its start, as ``kill -9`` would.
    ``pipe_stdout``: give it a pipe for stdout, as ``prepflow run | less`` does, and report
    whether the pipe was still open ``eof_grace`` seconds after the process exited.
    ``on_exit``: called once the process has exited, before what it left running is killed.
    """
    command = [str(PREPFLOW), *args]
    timeout = hang_seconds() if timeout is None else timeout
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=child_env(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if pipe_stdout else out,
            stderr=err,
            start_new_session=True,
            preexec_fn=_limit_address_space,
        )
        piped: list[bytes] = []
        reader = None
        if pipe_stdout:
            assert process.stdout is not None
            stream = process.stdout
            reader = threading.Thread(target=lambda: piped.append(stream.read()), daemon=True)
            reader.start()
        hung = False
        status, usage = 0, None
        try:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                elapsed = time.monotonic() - started
                if kill_after is not None and elapsed >= kill_after:
                    os.kill(process.pid, signal.SIGKILL)
                    kill_after = None
                elif elapsed >= timeout:
                    hung = True
                    os.kill(process.pid, signal.SIGKILL)
                time.sleep(0.005)
            seconds = time.monotonic() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            if on_exit is not None:
                on_exit()
            pipe_held = False
            if reader is not None:
                reader.join(eof_grace)
                pipe_held = reader.is_alive()
        finally:
            _kill_group(process.pid)
            if reader is not None:
                reader.join(5)
                assert process.stdout is not None
                process.stdout.close()
        out.seek(0)
        err.seek(0)
        stdout = b"".join(piped) if pipe_stdout else out.read()
        stderr = err.read()
    return Outcome(
        args=command,
        returncode=None if hung else process.returncode,
        stdout=stdout,
        stderr=stderr,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime if usage else 0.0,
        peak_mb=usage.ru_maxrss / 1024 if usage else 0.0,
        hung=hung,
        pipe_held=pipe_held,
    )


def _kill_group(pgid: int) -> None:
    """Kill what is left of the child's process group (a grandchild it spawned or forked)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# -- judging output --------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x9b]")
# the lines prepflow prints: its messages, the progress of a run, a plan's diagnostics
_LINE = re.compile(
    r"(prepflow: |running |  |success: |failed: |interrupted: |dossier: |first, do:|read it: "
    r"|\S[^:]*:\d+:\d+: )"
)
_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|internal error", re.IGNORECASE)


def output_problems(
    outcome: Outcome, *, json_events: bool = False, plugin_output: bool = False, max_line: int = 600
) -> list[str]:
    """Kinds of failure visible in how a child ended and what it printed (see :data:`KINDS`).

    ``json_events``: the child ran with ``--json``, so each line of its stdout must be one JSON object
    (anything else there is a "messy error"). ``plugin_output``: a plugin of the run prints, and
    prepflow may pass that on to stderr: judge only prepflow's own lines there.
    """
    found = []
    text = outcome.err if json_events else outcome.output
    if json_events and not all(_json_object(line) for line in outcome.stdout.splitlines()):
        found.append("messy error")
    if outcome.hung:
        found.append("hang")
    if _TRACEBACK.search(outcome.output) or (outcome.returncode is not None and outcome.returncode < 0):
        found.append("traceback")  # a crash by signal is no better than a traceback
    if _CONTROL.search(text):
        found.append("raw escape")
    lines = [line for line in outcome.err.splitlines() if line.strip()]
    if plugin_output:
        lines = [line for line in lines if line.startswith("prepflow")]
    # each problem on a line of its own, in one of prepflow's forms, short enough to read
    if any(not _LINE.match(line) or len(line) > max_line for line in lines):
        found.append("messy error")
    return list(dict.fromkeys(found))


def _json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def over_limits(outcome: Outcome) -> list[str]:
    """``slow`` and ``memory`` when the child went over :data:`LIMIT_SECONDS` or :data:`LIMIT_MB`."""
    found = []
    if outcome.cpu_seconds > LIMIT_SECONDS:
        found.append("slow")
    if outcome.peak_mb > LIMIT_MB:
        found.append("memory")
    return found


def control_characters(paths: Iterable[Path]) -> list[str]:
    """Text dossier files holding a raw control character (ESC, BEL, ...)."""
    bad = []
    for path in paths:
        if path.suffix == ".md" and path.exists() and _CONTROL.search(path.read_text("utf-8", "replace")):
            bad.append(path.name)
    return bad


# -- judging a workspace -----------------------------------------------------------------------------


def corrupt_artifacts(plan_dir: Path) -> list[str]:
    """Stored artifacts (``.prepflow/objects/ab/cdef….json``) whose sha256 is not their name."""
    objects = plan_dir / ".prepflow" / "objects"
    bad = []
    for path in sorted(objects.glob("*/*.json")) if objects.exists() else []:
        if path.name.startswith("."):
            continue  # a temporary file: litter, not an artifact
        digest = path.parent.name + path.stem
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(str(path.relative_to(plan_dir)))
    return bad


def artifact_count(plan_dir: Path) -> int:
    objects = plan_dir / ".prepflow" / "objects"
    return sum(1 for p in objects.glob("*/*.json") if not p.name.startswith(".")) if objects.exists() else 0


def litter(plan_dir: Path, out: str = "out") -> list[str]:
    """What killed runs left that nothing reads: temporary files, run folders without a record."""
    found = []
    for root in (plan_dir / ".prepflow", plan_dir / out):
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if path.is_file() and path.name.startswith(".") and path.name.endswith(".tmp"):
                found.append(str(path.relative_to(plan_dir)))
    runs = plan_dir / ".prepflow" / "runs"
    for run in sorted(runs.iterdir()) if runs.exists() else []:
        if run.is_dir() and not (run / "run.json").exists():
            found.append(str(run.relative_to(plan_dir)) + "/ (no run.json)")
    return found


def run_records(plan_dir: Path) -> list[dict[str, object]]:
    """Every run record's ``run.json`` in the workspace, oldest first (unreadable ones skipped)."""
    runs = plan_dir / ".prepflow" / "runs"
    records = []
    for run in sorted(runs.iterdir()) if runs.exists() else []:
        try:
            records.append(json.loads((run / "run.json").read_bytes()))
        except (OSError, ValueError):
            continue
    return records


def lock_free(plan_dir: Path) -> bool:
    """Whether the workspace lock can be taken now (no live process holds it)."""
    import fcntl

    path = plan_dir / ".prepflow" / "lock"
    if not path.exists():
        return True
    with open(path, "a+b") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    return True


def copy_example(target: Path) -> Path:
    """The example plan and its inputs copied into ``target``; returns the plan file."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "plan.toml", target / "plan.toml")
    shutil.copytree(EXAMPLE / "inputs", target / "inputs")
    return target / "plan.toml"


def dossier_files(plan_dir: Path, out: str = "out") -> dict[str, bytes]:
    """The dossier files in the output folder, by name (the manifest and temporary files left out)."""
    folder = plan_dir / out
    if not folder.exists():
        return {}
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name.startswith("dossier")
    }


@dataclass
class Tally:
    """The campaign's count: cases tried, failures by kind, the worst case's time and memory."""

    tried: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)
    worst_seconds: tuple[float, str] = (0.0, "")
    worst_mb: tuple[float, str] = (0.0, "")

    def add(self, case: str, kinds: Iterable[str], outcome: Outcome | None = None) -> None:
        self.tried += 1
        for kind in dict.fromkeys(kinds):
            self.failures.setdefault(kind, []).append(case)
        if outcome is not None:
            self.measure(case, outcome)

    def measure(self, case: str, outcome: Outcome) -> None:
        if outcome.cpu_seconds > self.worst_seconds[0]:
            self.worst_seconds = (outcome.cpu_seconds, case)
        if outcome.peak_mb > self.worst_mb[0]:
            self.worst_mb = (outcome.peak_mb, case)

    def merge(self, other: Tally) -> None:
        self.tried += other.tried
        for kind, cases in other.failures.items():
            self.failures.setdefault(kind, []).extend(cases)
        self.worst_seconds = max(self.worst_seconds, other.worst_seconds)
        self.worst_mb = max(self.worst_mb, other.worst_mb)
