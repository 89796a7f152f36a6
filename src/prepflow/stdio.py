"""Keep what steps write away from prepflow's own output while a run's steps run.

During a run, anything a step or its children write to standard output or
standard error (``print()``, a C library, a subprocess) is shown on prepflow's
standard error, so ``prepflow run --json`` writes nothing but its events on
standard output, one JSON object per line. At the level of file descriptors,
1 and 2 then point to a pipe whose contents a thread copies to the real
standard error, so a child a step leaves running holds only that pipe:
``prepflow run | cat`` ends when prepflow does, not when the child does (what
the child writes after that is dropped). prepflow's own messages and events go
to copies of the real streams, which a forked child closes at once.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from collections.abc import Iterator
from typing import IO

_PRIVATE: list[int] = []  # this process's copies of the real descriptors 1 and 2, during a run


def _point_away_in_child() -> None:
    # a forked child (a timed step's worker, or a step's own fork) must not hold the real streams
    for fd in _PRIVATE:
        try:
            os.dup2(2, fd)  # now the pipe that descriptor 2 is during the run
        except OSError:
            pass
    _PRIVATE.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_point_away_in_child)


def _real_fds() -> bool:
    try:
        return sys.stdout.fileno() == 1 and sys.stderr.fileno() == 2
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return False


@contextlib.contextmanager
def steps_write_aside() -> Iterator[tuple[IO[str], IO[str]]]:
    """Within: ``(out, err)``, prepflow's own standard output and error; steps' output goes to ``err``.

    Where the process's streams are not real file descriptors (click's test
    runner), only ``sys.stdout`` and ``sys.stderr`` are swapped.
    """
    real_out, real_err = sys.stdout, sys.stderr
    if not _real_fds() or os.name != "posix":
        sys.stdout = real_err
        try:
            yield real_out, real_err
        finally:
            sys.stdout = real_out
        return
    for stream in (real_out, real_err):
        stream.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)  # not inherited by programs steps start
    out = open(saved_out, "w", encoding=real_out.encoding, errors="replace", buffering=1, closefd=False)
    err = open(saved_err, "w", encoding=real_err.encoding, errors="replace", buffering=1, closefd=False)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 1)
    os.dup2(write_end, 2)
    os.close(write_end)
    _PRIVATE[:] = [saved_out, saved_err]
    relay = _Relay(read_end, saved_err)
    sys.stdout, sys.stderr = err, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = real_out, real_err
        for stream in (out, err):
            try:
                stream.flush()
            except OSError:
                pass
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        relay.finish()
        _PRIVATE.clear()
        os.close(saved_out)
        os.close(saved_err)


class _Relay:
    """Copies the pipe to the real standard error until told to finish, then drains what is there."""

    def __init__(self, read_end: int, target: int):
        self.read_end = read_end
        self.target = target
        self.wake_read, self.wake_write = os.pipe()
        self.thread = threading.Thread(target=self._copy, daemon=True, name="prepflow-output")
        self.thread.start()

    def _copy(self) -> None:
        import select

        finishing = False
        left = 1 << 20  # bytes still taken once finishing
        while left > 0:
            # once told to finish, take what is there: a lingering child's later output is dropped
            ready, _, _ = select.select([self.read_end, self.wake_read], [], [], 0 if finishing else None)
            if self.wake_read in ready:
                finishing = True
            if self.read_end not in ready:
                if finishing:
                    return
                continue
            try:
                chunk = os.read(self.read_end, 65536)
            except OSError:
                return
            if not chunk:
                return
            if finishing:
                left -= len(chunk)
            try:
                view = memoryview(chunk)
                while view:
                    view = view[os.write(self.target, view) :]
            except OSError:
                pass

    def finish(self) -> None:
        os.write(self.wake_write, b"x")
        self.thread.join()
        for fd in (self.read_end, self.wake_read, self.wake_write):
            os.close(fd)
