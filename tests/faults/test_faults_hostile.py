"""Hostile input files through ``prepflow run``: a result or a one-line error, within the limits.

The quick selection runs here; ``PREPFLOW_FAULTS_FULL=1`` (``make faults``) runs every case.
See hostile.py for the corpus and what is checked.
"""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest
from runner import Verdict, full, run_hostile

CASES = hostile.CASES if full() else tuple(c for c in hostile.CASES if c.quick)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    return run_hostile(CASES, tmp_path_factory.mktemp("hostile"), quick=not full())


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, id=c.name, marks=[pytest.mark.xfail(reason=c.finding, strict=False)] if c.still_open else []
        )
        for c in CASES
    ],
)
def test_hostile_file(case: hostile.Hostile, verdicts: dict[str, Verdict]) -> None:
    verdict = verdicts[case.name]
    assert verdict.kinds == [], verdict.explain()


def test_every_case_writes_its_file(tmp_path: Path) -> None:
    """The corpus itself: each case sets up a folder with its file and a plan naming it."""
    for case in CASES:
        if case.slow:
            continue  # the big ones take a while to write; the run above writes them anyway
        folder = hostile.setup(case, tmp_path / case.name)
        plan = (folder / "plan.toml").read_text(encoding="utf-8")
        assert case.shown in plan
        if not (case.absolute or case.url):
            assert (folder / case.filename).exists() or (folder / case.filename).is_symlink()
