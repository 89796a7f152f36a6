"""The workspace lock: one run at a time per ``.prepflow`` folder, owned by the process that took it.

It is a POSIX record lock (``fcntl.lockf``) on ``.prepflow/lock``, not a
``flock``: a record lock belongs to a process, not to an open file, so a child
the run forks (a step calling ``os.fork()``, or ``multiprocessing``) never
holds it, and the kernel drops it the moment the process that took it ends,
even while such a child lives on. The file holds that process's id, for the
message a second run prints; a number left there by a run that died means
nothing, and is overwritten. Record locks are per process, so this module also
keeps the workspaces this process holds, and a second run in the same process
is refused like one in another process. A forked child closes its copy of the
lock file at once, keeping no handle on the workspace.
"""

from __future__ import annotations

import os
import threading

from prepflow.errors import PrepflowError

_HELD: dict[str, int] = {}  # realpath of a workspace -> the lock file's descriptor
_GUARD = threading.Lock()


def _forget_in_child() -> None:
    for fd in _HELD.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


BUSY_WAIT = 2.0
"""Seconds to wait for a held workspace before giving up: a run killed outright (``kill -9``) can
take a moment to let it go (its watched child ends just after it)."""


def acquire(root: str | os.PathLike[str], *, wait: float = BUSY_WAIT) -> None:
    """Hold the workspace ``root`` for this process; a PrepflowError naming the holder if it stays taken."""
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            _acquire(root)
            return
        except _Busy as e:
            if e.here or time.monotonic() >= deadline:
                raise PrepflowError(str(e)) from None
        time.sleep(0.02)


class _Busy(Exception):
    def __init__(self, message: str, *, here: bool):
        super().__init__(message)
        self.here = here


def _acquire(root: str | os.PathLike[str]) -> None:
    import fcntl

    os.makedirs(root, exist_ok=True)
    key = os.path.realpath(root)
    path = os.path.join(key, "lock")
    with _GUARD:
        if key in _HELD:
            raise _Busy(_busy(root, str(os.getpid())), here=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)  # this process holds no lock on it: closing drops nothing
            raise _Busy(_busy(root, holder), here=False) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _HELD[key] = fd


def release(root: str | os.PathLike[str]) -> None:
    """Let the workspace go (closing the file drops the lock); nothing if this process does not hold it."""
    with _GUARD:
        fd = _HELD.pop(os.path.realpath(root), None)
    if fd is not None:
        os.close(fd)


def _busy(root: str | os.PathLike[str], holder: str) -> str:
    return (
        f"{root}: another prepflow run is using this workspace (pid {holder or 'unknown'}); "
        "wait for it to finish"
    )
