"""Run records: ``.prepflow/runs/<id>/run.json`` and ``steps.jsonl``.

``run.json`` says what ran (plan digest, plugin versions, options) and how it
ended; it is rewritten atomically at the start and at the end. ``steps.jsonl``
gets one line per finished step as it happens, so a killed run still tells
which steps completed, and ``--resume`` can continue from there.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from prepflow.errors import PrepflowError
from prepflow.fileio import atomic_write, canonical_json, quote, read_jsonl, write_error, writing
from prepflow.store import TMP_DIR


class FinishedStep(Protocol):
    """What a run record keeps of a finished step (a :class:`prepflow.StepResult`)."""

    step: str
    status: str
    reason: str
    error: str | None
    attempts: int
    seconds: float
    outputs_digest: str | None
    continued: bool


def _utc_now() -> tuple[time.struct_time, int]:
    """The current UTC time to the second, and its milliseconds (without importing datetime)."""
    seconds, ns = divmod(time.time_ns(), 1_000_000_000)
    return time.gmtime(seconds), ns // 1_000_000


def new_run_id() -> str:
    now, ms = _utc_now()
    return time.strftime("%Y%m%dT%H%M%S", now) + f"{ms:03d}-" + os.urandom(2).hex()


class RunRecord:
    """The record of one run, written as it goes."""

    def __init__(self, runs_dir: Path, run_id: str, header: Mapping[str, Any]):
        self.dir = runs_dir / run_id
        with writing(self.dir):
            self.dir.mkdir(parents=True, exist_ok=True)
        # the workspace's scratch folder, which the next run empties of a killed writer's leftovers
        tmp = runs_dir.parent / TMP_DIR
        self._tmp = os.fspath(tmp) if tmp.is_dir() else None
        self.header = dict(header, id=run_id, status="running", pid=os.getpid())
        atomic_write(self.dir / "run.json", canonical_json(self.header), made_dir=True, tmp_dir=self._tmp)
        with writing(self.dir / "steps.jsonl"):
            self._steps: IO[bytes] = open(self.dir / "steps.jsonl", "ab", buffering=0)

    def step(self, result: FinishedStep) -> None:
        """Append one finished step: ``canonical_json`` of it, but for the number of seconds.

        Its ``status`` is one of the status words and its ``outputs_digest`` a
        hex digest: neither needs escaping. The seconds are written with six
        decimals, which reads back as ``round(seconds, 6)`` and costs less than
        half as much as writing that number's shortest form.
        """
        outputs = result.outputs_digest
        error = result.error
        if error is None and outputs is not None and not result.continued:  # a step that ran or was reused
            line = (
                f'{{"attempts":{result.attempts},"continued":false,"error":null,"outputs":"{outputs}",'
                f'"reason":{quote(result.reason)},"seconds":{result.seconds:.6f},'
                f'"status":"{result.status}","step":{quote(result.step)}}}\n'
            ).encode()
            try:  # (no `with writing(...)`: this runs once per step, and a try costs nothing)
                self._steps.write(line)
            except OSError as e:
                raise write_error(e, self.dir / "steps.jsonl") from e
            return
        outputs_json = "null" if outputs is None else f'"{outputs}"'
        line = (
            f'{{"attempts":{result.attempts},"continued":{"true" if result.continued else "false"},'
            f'"error":{"null" if error is None else quote(error)},'
            f'"outputs":{outputs_json},'
            f'"reason":{quote(result.reason)},"seconds":{result.seconds:.6f},'
            f'"status":"{result.status}","step":{quote(result.step)}}}\n'
        ).encode()
        try:  # (no `with writing(...)`: this runs once per step, and a try costs nothing)
            self._steps.write(line)
        except OSError as e:
            raise write_error(e, self.dir / "steps.jsonl") from e

    def finish(self, status: str, summary: Mapping[str, Any], *, warnings: Sequence[str] = ()) -> None:
        """Close the record; ``warnings``: plugins' failures that did not stop the run."""
        self._steps.close()
        self.header.update(status=status, summary=dict(summary), finished=now())
        if warnings:
            self.header["warnings"] = list(warnings)
        atomic_write(self.dir / "run.json", canonical_json(self.header), made_dir=True, tmp_dir=self._tmp)


def record_failure(run_dir: Path, error: str) -> None:
    """Mark a finished run failed after all, with ``error``: its dossier could not be written.

    ``--resume`` then continues it (every step is reused) and writes the dossier.
    """
    header = _header(run_dir)
    if header is None:
        return
    header.update(status="failed", error=error)
    tmp = run_dir.parent.parent / TMP_DIR
    atomic_write(
        run_dir / "run.json", canonical_json(header), tmp_dir=os.fspath(tmp) if tmp.is_dir() else None
    )


def now() -> str:
    """The current UTC time, as run records write it."""
    now, ms = _utc_now()
    return time.strftime("%Y-%m-%dT%H:%M:%S", now) + f".{ms:03d}+00:00"


def _header(run_dir: Path) -> dict[str, Any] | None:
    """A run's ``run.json``, or None when it is missing or not a JSON object."""
    try:
        header = json.loads((run_dir / "run.json").read_bytes())
    except (OSError, ValueError):
        return None
    return header if isinstance(header, dict) else None


def read_header(run_dir: Path) -> dict[str, Any] | None:
    """A run's ``run.json`` as written, or None when it is missing or not a JSON object."""
    return _header(run_dir)


def close_abandoned(run_dir: Path, header: Mapping[str, Any], steps: list[str], error: str) -> None:
    """Close the record of a run whose process ended mid-run: each step it was running failed with
    ``error``, and so did the run (``--resume`` continues from it)."""
    with open(run_dir / "steps.jsonl", "a+b") as lines:
        lines.seek(0, os.SEEK_END)
        if lines.tell():
            lines.seek(-1, os.SEEK_END)
            if lines.read(1) != b"\n":  # a line cut short by the process's end
                lines.write(b"\n")
        for sid in steps:
            item = {"attempts": 1, "continued": False, "error": error, "outputs": None}
            item |= {"reason": "", "seconds": 0.0, "status": "failed", "step": sid}
            lines.write(canonical_json(item) + b"\n")
    closed = dict(header, status="failed", finished=now(), error=error)
    closed["summary"] = {"failed": len(steps)} if steps else {}
    atomic_write(run_dir / "run.json", canonical_json(closed))


def load_run(run_dir: Path) -> dict[str, Any] | None:
    """A run's header plus its step lines; a run that died while running is "interrupted"."""
    header = _header(run_dir)
    if header is None:
        return None
    if header.get("status") == "running" and not _alive(header.get("pid")):
        header["status"] = "interrupted"
    header["steps"] = list(read_jsonl(run_dir / "steps.jsonl"))
    return header


def list_runs(runs_dir: Path) -> list[Path]:
    """Run folders, oldest first (ids sort by start time)."""
    try:
        return sorted(p for p in runs_dir.iterdir() if p.is_dir())
    except FileNotFoundError:
        return []


def _plan_name(header: Mapping[str, Any]) -> str:
    """The file name of a run's plan: a workspace sits beside its plans, so the name tells them apart.

    (The folder may have been moved or renamed since the run: its full path may not be the plan's now.)
    """
    return os.path.basename(str(header.get("plan")))


def last_run(runs_dir: Path, plan_path: str) -> dict[str, Any] | None:
    """The newest run of the plan at ``plan_path`` (in this workspace, so: of that file name)."""
    name = os.path.basename(plan_path)
    for run_dir in reversed(list_runs(runs_dir)):
        run = load_run(run_dir)
        if run and _plan_name(run) == name:
            return run
    return None


KEEP_RUNS = 50
"""Run records kept per workspace by default (``PREPFLOW_KEEP_RUNS`` changes it)."""


def keep_runs(environ: Mapping[str, str] | None = None) -> int:
    """How many run records to keep: ``PREPFLOW_KEEP_RUNS``, else :data:`KEEP_RUNS`; 0 keeps all."""
    value = (os.environ if environ is None else environ).get("PREPFLOW_KEEP_RUNS", "").strip()
    if not value:
        return KEEP_RUNS
    try:
        keep = int(value)
    except ValueError:
        raise PrepflowError(
            f"PREPFLOW_KEEP_RUNS={value!r}: expected a whole number of runs to keep (0 keeps all)"
        ) from None
    if keep < 0:
        raise PrepflowError(f"PREPFLOW_KEEP_RUNS={value!r}: expected 0 (keep all) or more")
    return keep


def prune_runs(runs_dir: Path, keep: int) -> list[Path]:
    """Delete the oldest run records beyond the newest ``keep``; return the deleted folders.

    The newest run of each plan is always kept, so that any plan sharing the
    workspace can still be resumed, and so is any run whose process is alive.
    ``keep`` 0 keeps everything. Folders without a ``run.json`` (a run killed
    as it started) are always deleted: call this holding the workspace lock.
    """
    runs = list_runs(runs_dir)
    # a folder without its run.json was left by a run killed as it started: not a record, deleted
    # (the caller holds the workspace lock, so no living run is between making both)
    unrecorded = [run_dir for run_dir in runs if not os.path.exists(run_dir / "run.json")]
    if unrecorded:
        runs = [run_dir for run_dir in runs if run_dir not in unrecorded]
    if (keep <= 0 or len(runs) <= keep) and not unrecorded:
        return []
    import shutil  # only when deleting: a run's start does not pay for the import

    deleted = []
    for run_dir in unrecorded:
        shutil.rmtree(run_dir, ignore_errors=True)
        deleted.append(run_dir)
    if keep <= 0 or len(runs) <= keep:
        return deleted
    headers = {run_dir: _header(run_dir) or {} for run_dir in runs}
    # runs are oldest first, so the last one seen for a plan is its newest
    newest_of = {_plan_name(header): run_dir for run_dir, header in headers.items()}
    protected = set(newest_of.values())
    for run_dir in runs[: len(runs) - keep]:
        header = headers[run_dir]
        if run_dir in protected or (header.get("status") == "running" and _alive(header.get("pid"))):
            continue
        shutil.rmtree(run_dir, ignore_errors=True)
        deleted.append(run_dir)
    return deleted


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
