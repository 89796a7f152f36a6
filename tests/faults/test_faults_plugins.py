"""Misbehaving plugins: each failure named on one line, the run ended, the record and the lock sound.

The quick selection runs here; ``PREPFLOW_FAULTS_FULL=1`` (``make faults``) runs every case.
See misbehaving.py for the plugin and what is checked.
"""

from __future__ import annotations

import misbehaving
import pytest
from runner import Verdict, full, run_plugins

CASES = misbehaving.CASES if full() else tuple(c for c in misbehaving.CASES if c.quick)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    return run_plugins(CASES, tmp_path_factory.mktemp("plugins"), quick=not full())


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, id=c.name, marks=[pytest.mark.xfail(reason=c.finding, strict=False)] if c.still_open else []
        )
        for c in CASES
    ],
)
def test_misbehaving_plugin(case: misbehaving.PluginCase, verdicts: dict[str, Verdict]) -> None:
    verdict = verdicts[case.name]
    assert verdict.kinds == [], verdict.explain()
