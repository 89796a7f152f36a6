"""Where an attempt of a step runs when not inline: a worker thread, or a process that can be killed.

A step with a ``timeout`` runs in a child process (forked, so it has every
plugin loaded), from a worker thread that waits for it: at its deadline the
child is killed, which stops even a step stuck in C code that holds the GIL (a
catastrophic regex), and its memory goes with it. The child sends back its
outputs' JSON and the files it read, or a description of what it raised.
Other steps run on worker threads, which cost nothing to start. Where there
is no safe ``fork`` (Windows, macOS), timed steps run on threads too, and a
step that never gives the GIL back cannot be stopped there.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any, NoReturn

from prepflow.contracts import Contracts
from prepflow.decision import Pending
from prepflow.errors import StepError
from prepflow.stepcall import Outcome, call, describe_error
from prepflow.steptype import StepContext

try:  # the queue module's C queue and its Empty, without the module's pure-Python queues
    from _queue import Empty as Empty
    from _queue import SimpleQueue as SimpleQueue
except ImportError:  # a Python without the _queue module
    from queue import Empty as Empty
    from queue import SimpleQueue as SimpleQueue

if TYPE_CHECKING:
    import queue


# macOS: forking a process that may have used system frameworks can crash the child, so timed steps
# run on threads there, as on Windows
CAN_FORK = hasattr(os, "fork") and sys.platform != "darwin"


class Attempt:
    """One try of one step, on a worker thread or in a child process."""

    __slots__ = (
        "contracts",
        "ctx",
        "deadline",
        "in_process",
        "outcome",
        "pending",
        "pid",
        "started",
        "timed_out",
    )

    def __init__(
        self, pending: Pending, ctx: StepContext, started: float, contracts: Contracts, *, in_process: bool
    ):
        self.pending = pending
        self.ctx = ctx
        self.contracts = contracts
        self.started = started
        self.deadline: float | None = None
        self.in_process = in_process and CAN_FORK
        self.pid = 0  # the child running it, while it runs
        self.outcome: Outcome | None = None  # set by the worker only
        self.timed_out = False  # set by the main thread only

    def cancel(self) -> None:
        """Stop it: a child process is killed, a thread is asked to stop (``ctx.cancelled``)."""
        self.ctx._cancelled.set()
        pid = self.pid
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def __call__(self) -> None:
        if self.in_process:
            self.outcome = self._in_child()
        else:
            self.outcome = call(self.pending.step_type, self.ctx, self.contracts)

    def _in_child(self) -> Outcome:
        read_end, write_end = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: run the step, send back what came of it, and leave without cleaning up
            code = 0
            try:
                _die_with(parent)
                os.close(read_end)
                _send(write_end, call(self.pending.step_type, self.ctx, self.contracts), self.ctx)
            except BaseException:
                code = 1
            finally:
                leave_child(code)
        self.pid = pid
        os.close(write_end)
        try:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(pid, 0)
            self.pid = 0
        if not data:
            return StepError(f"its process ended without an answer ({_how_it_ended(status)})")
        return _receive(data, self.ctx)


def leave_child(code: int) -> NoReturn:
    """End a forked child at once with ``code``, its output flushed (no cleanup of the parent's state:
    no atexit handlers, no finalisers, no lock released on the parent's behalf)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os._exit(code)


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when the thread that forked it ends (Linux): a step stuck
    holding the GIL cannot watch for that itself, and must not outlive a run killed outright."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)


def _send(fd: int, outcome: Outcome, ctx: StepContext) -> None:
    import pickle  # only a step on a worker (one with a timeout) needs it

    if isinstance(outcome, tuple):
        message: tuple[Any, ...] = ("ok", outcome[0], ctx.reads)
    else:
        try:
            error = pickle.dumps(outcome)
            pickle.loads(error)  # some exceptions pickle but cannot be rebuilt
        except BaseException:
            error = b""
        message = ("error", describe_error(outcome), error, type(outcome).__name__)
    data = pickle.dumps(message)
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def _receive(data: bytes, ctx: StepContext) -> Outcome:
    import pickle

    message = pickle.loads(data)
    if message[0] == "ok":
        ctx.reads.update(message[2])
        return message[1], json.loads(message[1])
    _, described, error, type_name = message
    if error:
        return pickle.loads(error)  # type: ignore[no-any-return]
    if type_name == "SystemExit":
        return SystemExit(described)
    return StepError(described)


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"killed by {name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


class Workers:
    """Daemon threads that run attempts; a timed-out thread is abandoned and replaced."""

    def __init__(self, done: queue.SimpleQueue[Attempt]):
        self.tasks: queue.SimpleQueue[Attempt | None] = SimpleQueue()
        self.done = done
        self.threads = 0

    def _loop(self) -> None:
        while True:
            attempt = self.tasks.get()
            if attempt is None:
                return
            attempt()
            self.done.put(attempt)

    def grow(self, count: int) -> None:
        for _ in range(count):
            threading.Thread(target=self._loop, daemon=True, name="prepflow-worker").start()
            self.threads += 1

    def stop(self) -> None:
        for _ in range(self.threads):
            self.tasks.put(None)
