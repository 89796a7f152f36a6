"""Run the cases of each part of the campaign, a few at a time, and collect their verdicts.

The test suite and ``make faults`` share these functions: the tests assert on the
verdicts, one test per case; the campaign counts them into a table.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import hostile
import kills
import misbehaving
import servers
from faultlib import Outcome, run_prepflow

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """Children to run at once (``PREPFLOW_FAULTS_JOBS``, default 2): most cases wait on a child."""
    return max(1, int(os.environ.get("PREPFLOW_FAULTS_JOBS", "2")))


def in_parallel(function: Callable[[T], R], items: Iterable[T]) -> list[R]:
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        return list(pool.map(function, items))


@dataclass
class Verdict:
    """One case's result: its kinds of failure (empty when it held) and the run(s) behind them."""

    case: str
    kinds: list[str]
    outcome: Outcome | None = None
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """What the case did, to sum over a part: kills landed, artifacts checked."""
    finding: str | None = None
    """The finding of issue 15 the failure is known by, if any."""

    def explain(self) -> str:
        lines = [f"{self.case}: {', '.join(self.kinds) or 'held'}", *self.notes]
        if self.outcome is not None:
            lines.append(str(self.outcome))
        return "\n".join(lines)


def run_hostile(cases: Sequence[hostile.Hostile], root: Path, *, quick: bool) -> dict[str, Verdict]:
    """Run each hostile case in its own folder under ``root``; its verdict by case name."""

    with servers.serving() as base_url:

        def one(case: hostile.Hostile) -> Verdict:
            folder = hostile.setup(case, root / case.name, base_url)
            outcome = run_prepflow(
                ["run", "plan.toml"],
                cwd=folder,
                env={"PREPFLOW_LOAD_PLUGINS": hostile.PLUGINS},
                timeout=hostile.bound(case, quick),
            )
            return Verdict(case.name, hostile.judge(case, folder, outcome), outcome, finding=case.finding)

        return {v.case: v for v in in_parallel(one, cases)}


def run_plugins(cases: Sequence[misbehaving.PluginCase], root: Path, *, quick: bool) -> dict[str, Verdict]:
    """Run each misbehaving-plugin case in its own folder under ``root``; its verdict by case name."""

    def one(case: misbehaving.PluginCase) -> Verdict:
        kinds, outcome, notes = misbehaving.run_case(case, root, quick=quick)
        return Verdict(case.name, kinds, outcome, notes, finding=case.finding)

    return {v.case: v for v in in_parallel(one, cases)}


def run_kills(count: int, seed: int, root: Path, *, double: int = 0) -> dict[str, Verdict]:
    """``count`` kill-and-recover cases drawn from ``seed``, and ``double`` double starts, run
    under ``root``; verdicts by case."""
    ref = kills.prepare(root / "reference")

    def one(case: kills.KillCase) -> Verdict:
        kinds, notes, outcome, counts = kills.run_case(case, ref, root)
        return Verdict(case.name, kinds, outcome, [str(case), *notes], counts, kills.known_finding(notes))

    def twice(n: int) -> Verdict:
        kinds, notes = kills.double_start(f"double-start-{n:03d}", ref, root)
        return Verdict(
            f"double-start-{n:03d}", kinds, None, notes, {"double starts": 1}, kills.known_finding(notes)
        )

    verdicts = {v.case: v for v in in_parallel(one, kills.draw(count, seed))}
    verdicts.update((v.case, v) for v in map(twice, range(double)))
    return verdicts


def full() -> bool:
    """Run every case, not only the test suite's quick selection (``PREPFLOW_FAULTS_FULL=1``)."""
    return os.environ.get("PREPFLOW_FAULTS_FULL", "") not in ("", "0")
