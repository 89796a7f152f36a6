"""``prepflow run`` watched from outside: a step that ends the process, or never ends, fails the run.

The command line forks once per run: the child runs the plan, and the parent
waits for it. A step can end the child in ways no ``try`` catches (a plugin
calling ``os._exit(0)``, a segfault in an extension, the kernel's OOM killer);
the parent then marks the run record failed, names the step that was running
(the child keeps the steps it is running in a page of memory they share), and
exits with status 1, so ``prepflow run --resume`` continues from there.

The parent also enforces the default step time limit: a step without a
``timeout`` of its own may run for :data:`DEFAULT_STEP_LIMIT` seconds
(``PREPFLOW_STEP_TIMEOUT`` changes it; ``0`` lifts it), after which the run is
stopped and recorded as failed at that step. A step with its own ``timeout``
is stopped by the scheduler instead, and only that step fails.

The parent ignores Ctrl-C (the child gets it too, and ends the run cleanly),
passes on SIGTERM and SIGHUP, and when it is killed outright the child notices
at once and ends itself, leaving the workspace free. Without ``fork``, or when
the standard streams are not real files (click's test runner), the run happens
in the process itself.
"""

from __future__ import annotations

import mmap
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from prepflow import runmarks
from prepflow.errors import PrepflowError
from prepflow.workers import leave_child

DEFAULT_STEP_LIMIT = 600.0
"""Seconds a step without a ``timeout`` may run under ``prepflow run`` (ten minutes)."""

_CLEAN = slice(0, 16)  # the pid of the child, written when it ends through its own exit path
_STEPS = 16  # then one byte per step of the plan, in its order: 1 while the step runs (runmarks)


def step_limit(environ: Mapping[str, str] | None = None) -> float | None:
    """The default step time limit: ``PREPFLOW_STEP_TIMEOUT`` (seconds, or "10m"), else ten minutes."""
    from prepflow.plan_steps import parse_duration

    value = (os.environ if environ is None else environ).get("PREPFLOW_STEP_TIMEOUT", "").strip()
    if not value:
        return DEFAULT_STEP_LIMIT
    try:
        seconds = parse_duration(float(value) if value.replace(".", "", 1).isdigit() else value)
    except ValueError:
        raise PrepflowError(
            f"PREPFLOW_STEP_TIMEOUT={value!r}: expected a number of seconds or a duration such as 30m "
            "(0: no limit)"
        ) from None
    return seconds or None


def _running(page: mmap.mmap, order: Sequence[str]) -> list[str]:
    marks = page[_STEPS : _STEPS + len(order)]
    return [order[i] for i in range(len(order)) if marks[i]] if any(marks) else []


def supervise(
    body: Callable[[], int],
    *,
    steps: Sequence[tuple[str, float | None]],
    runs_dir: Path,
    limit: float | None,
    ended: Callable[[str, list[str], str], None],
) -> int:
    """Run ``body`` in a watched child process; its exit status, or 1 when a step ended or outran it.

    ``steps`` are the plan's steps in order, each with its own timeout (None:
    the default ``limit`` applies to it). ``body`` runs the plan (the
    scheduler marks its running steps, see :mod:`prepflow.runmarks`) and
    returns the exit status. When the child ends
    without finishing, ``ended(why, steps, run_id)`` reports it.
    """
    if not hasattr(os, "fork") or not _real_streams():
        return body()
    order = [sid for sid, _ in steps]
    page = mmap.mmap(-1, _STEPS + max(1, len(order)))
    parent_alive_read, parent_alive_write = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid == 0:
        os.close(parent_alive_write)
        _die_with_parent(parent_alive_read)
        code = 1
        try:
            runmarks.watch(page, _STEPS, order)
            code = body()
        finally:
            page[_CLEAN] = str(os.getpid()).encode().ljust(16)
            leave_child(code)
    os.close(parent_alive_read)
    return _watch(pid, page, steps, runs_dir, limit, ended)


def _real_streams() -> bool:
    try:
        return sys.stdout.fileno() == 1 and sys.stderr.fileno() == 2
    except (AttributeError, ValueError, OSError):
        return False


def _die_with_parent(fd: int) -> None:
    """End this child at once when the watching parent dies (kill -9 included): the pipe reads EOF."""

    def wait() -> None:
        try:
            os.read(fd, 1)
        except OSError:
            pass
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, daemon=True, name="prepflow-parent").start()


def _watch(
    pid: int,
    page: mmap.mmap,
    steps: Sequence[tuple[str, float | None]],
    runs_dir: Path,
    limit: float | None,
    ended: Callable[[str, list[str], str], None],
) -> int:
    stopped: list[int] = []  # signals passed on to the child: the run was stopped from outside

    def forward(signum: int, frame: Any) -> None:
        stopped.append(signum)
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    handlers = {signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN)}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        handlers[signum] = signal.signal(signum, forward)
    try:
        status, outran = _wait_out(pid, page, steps, limit)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    running = _running(page, [sid for sid, _ in steps])
    if page[_CLEAN].strip() == str(pid).encode():
        return os.waitstatus_to_exitcode(status)
    if stopped and outran is None:  # stopped from outside: the record reads "interrupted", as after kill -9
        sys.stderr.write(f"prepflow: stopped by {signal.Signals(stopped[0]).name}\n")
        return 128 + stopped[0]
    if outran is not None:
        sid, seconds = outran
        why = (
            f"it ran longer than {_duration(seconds)}, the default time limit of a step, and the run "
            f'was stopped; give it a `timeout` of its own (e.g. timeout = "30m") if it needs longer'
        )
        running = [sid]
    elif running:
        why = f"it ended the prepflow process ({_how(status)})"
    else:  # between steps: a lifecycle hook, a renderer, or prepflow itself
        why = f"the prepflow process ended outside any step ({_how(status)}); a plugin's hook or renderer?"
    run_id = _mark_failed(runs_dir, pid, running, why)
    ended(why, running, run_id)
    return 1


def _wait_out(
    pid: int, page: mmap.mmap, steps: Sequence[tuple[str, float | None]], limit: float | None
) -> tuple[int, tuple[str, float] | None]:
    """Wait for the child to end, killing it if a step outruns the default limit; (status, what outran).

    A step's time is counted from when this process first sees it running (it
    looks at least once a second), so the limit holds to within a second.
    """
    order = [sid for sid, _ in steps]
    timed = {sid for sid, timeout in steps if timeout is not None}  # the scheduler stops those
    seen: dict[str, float] = {}
    outran: tuple[str, float] | None = None
    pidfd = _pidfd(pid)
    try:
        while True:
            wait = 1.0
            if limit is not None and outran is None:
                now = time.monotonic()
                running = {sid for sid in _running(page, order) if sid not in timed}
                seen = {sid: seen.get(sid, now) for sid in running}
                for sid, started in seen.items():
                    if now - started >= limit:
                        outran = (sid, limit)
                        os.kill(pid, signal.SIGKILL)
                        break
                    wait = min(wait, started + limit - now)
            done, status = _wait_for(pid, pidfd, max(wait, 0.01))
            if done:
                return status, outran
    finally:
        if pidfd is not None:
            os.close(pidfd)


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)  # type: ignore[attr-defined,no-any-return]
    except (AttributeError, OSError):
        return None


def _wait_for(pid: int, pidfd: int | None, seconds: float) -> tuple[bool, int]:
    if pidfd is not None:
        import select

        try:
            select.select([pidfd], [], [], seconds)
        except InterruptedError:
            pass
    else:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return True, status
            time.sleep(0.02)
    done, status = os.waitpid(pid, os.WNOHANG)
    return bool(done), status


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return f"killed by {signal.Signals(number).name}"
        except ValueError:
            return f"killed by signal {number}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _duration(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g}m"
    return f"{seconds:g}s"


def _mark_failed(runs_dir: Path, pid: int, steps: list[str], why: str) -> str:
    """Close the child's run record as failed, with a failed line for each step it was running."""
    from prepflow import records

    for run_dir in reversed(records.list_runs(runs_dir)):
        header = records.read_header(run_dir)
        if header is not None and header.get("pid") == pid:
            if header.get("status") == "running":
                records.close_abandoned(run_dir, header, steps, why)
            return str(header.get("id", run_dir.name))
    return ""
