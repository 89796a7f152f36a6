"""``kill -9`` at random moments of ``prepflow run``, then a ``--resume`` or a plain run.

``PREPFLOW_FAULTS_N`` cases (3 here; ``make faults`` tries many more), drawn from
``PREPFLOW_FAULTS_SEED``, and two runs of one plan started at once. See kills.py for the
cases and what is checked.
"""

from __future__ import annotations

import kills
import pytest
from faultlib import campaign_seed, campaign_size
from runner import Verdict, run_kills

N = campaign_size(3)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    return run_kills(N, campaign_seed(), tmp_path_factory.mktemp("kills"), double=1)


def _with(verdicts: dict[str, Verdict], *kinds: str) -> str:
    return "\n\n".join(v.explain() for v in verdicts.values() if set(v.kinds) & set(kinds))


def test_a_kill_never_corrupts_an_artifact(verdicts: dict[str, Verdict]) -> None:
    assert len(verdicts) == N + 1  # and a double start
    assert not _with(verdicts, "corrupt artifact")


def test_a_kill_leads_to_no_traceback_or_hang(verdicts: dict[str, Verdict]) -> None:
    assert not _with(verdicts, "traceback", "bare exception", "hang", "messy error", "raw escape")


def test_the_next_run_succeeds_with_the_clean_runs_dossier(verdicts: dict[str, Verdict]) -> None:
    """Issue 15, finding 4: run.json said success before the dossier was whole, so --resume refused."""
    assert not _with(verdicts, "failed", "data lost")


def test_a_kill_leaves_no_litter(verdicts: dict[str, Verdict]) -> None:
    """Issue 15, finding 9: temporary files and record folders were left in .prepflow/."""
    assert not _with(verdicts, "litter")


def test_the_same_seed_draws_the_same_cases() -> None:
    assert kills.draw(20, 7) == kills.draw(20, 7)
    assert kills.draw(20, 7) != kills.draw(20, 8)
    assert {c.scenario for c in kills.draw(20, 7)} == {"fresh", "edited"}
    assert all(0.1 <= d <= 1.05 for c in kills.draw(50, 7) for d in c.delays)
