"""Which steps this process is running, marked where a process watching it can see them.

``prepflow run`` runs a plan in a child process it watches (see
:mod:`prepflow.supervisor`); when the child ends in the middle of a step, the
watcher names the step from these marks. They are one byte per step, in plan
order, in a page of memory the two processes share: the scheduler sets a byte
when a step starts running and clears it when the step has finished, which
costs next to nothing, and nothing at all for steps reused from the cache.
Outside ``prepflow run`` there is no page and nothing is marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import mmap

page: mmap.mmap | None = None
"""The shared page (an ``mmap``), in a watched process only."""

at: dict[str, int] = {}
"""The offset in ``page`` of each step's byte."""


def watch(shared: mmap.mmap, offset: int, order: list[str]) -> None:
    """Mark this process's steps in ``shared``, from ``offset`` on, one byte per step of ``order``."""
    global page
    at.clear()
    at.update({sid: offset + i for i, sid in enumerate(order)})
    page = shared
