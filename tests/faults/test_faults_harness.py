"""The campaign's own judgement: what counts as a traceback, a messy error, a corrupt artifact, litter."""

from __future__ import annotations

import hashlib
from pathlib import Path

from faultlib import Outcome, corrupt_artifacts, litter, output_problems, over_limits


def outcome(stderr: str = "", stdout: str = "", returncode: int | None = 0, **more: object) -> Outcome:
    fields: dict[str, object] = {"seconds": 0.1, "cpu_seconds": 0.1, "peak_mb": 40.0, **more}
    return Outcome(["prepflow", "run"], returncode, stdout.encode(), stderr.encode(), **fields)  # type: ignore[arg-type]


def test_a_clean_failure_is_no_problem() -> None:
    err = (
        "running Plan (2 steps, run 1)\n  FAILED   job: job.md: the file is empty\nfailed: 1 failed in 0.1s\n"
        "prepflow: step 'job' failed: job.md: the file is empty\nprepflow: run failed; fix the problem\n"
        "plan.toml:3:1: inputs.job: no such file\n"
    )
    assert output_problems(outcome(err, returncode=1)) == []


def test_tracebacks_crashes_and_hangs_are_seen() -> None:
    assert "traceback" in output_problems(
        outcome("Traceback (most recent call last):\n  File x\n", returncode=1)
    )
    assert "traceback" in output_problems(outcome("prepflow: internal error: KeyError: 'a'\n", returncode=1))
    assert "traceback" in output_problems(outcome(returncode=-9))
    assert "hang" in output_problems(outcome(returncode=None, hung=True))


def test_messy_errors_and_raw_escapes_are_seen() -> None:
    assert output_problems(outcome("something went wrong\n", returncode=1)) == ["messy error"]
    assert output_problems(outcome("prepflow: step 'a' failed: " + "x" * 1000 + "\n", returncode=1)) == [
        "messy error"
    ]
    assert output_problems(outcome("first, do:\n  1. \x1b]0;title\x07\n")) == ["raw escape"]


def test_json_events_must_stay_json() -> None:
    assert output_problems(outcome(stdout='{"event": "run"}\n{"event": "step"}\n'), json_events=True) == []
    assert output_problems(outcome(stdout='{"event": "run"}\nchatter\n'), json_events=True) == ["messy error"]


def test_limits() -> None:
    assert over_limits(outcome(cpu_seconds=4.9, peak_mb=199)) == []
    assert over_limits(outcome(cpu_seconds=5.1, peak_mb=201)) == ["slow", "memory"]


def test_a_corrupt_artifact_and_litter_are_found(tmp_path: Path) -> None:
    data = b'{"a":1}'
    digest = hashlib.sha256(data).hexdigest()
    good = tmp_path / ".prepflow" / "objects" / digest[:2] / f"{digest[2:]}.json"
    good.parent.mkdir(parents=True)
    good.write_bytes(data)
    assert corrupt_artifacts(tmp_path) == [] and litter(tmp_path) == []
    good.write_bytes(b'{"a":2}')
    assert corrupt_artifacts(tmp_path) == [str(good.relative_to(tmp_path))]
    (good.parent / f".{digest[2:]}.json.123-456.tmp").write_bytes(b"{")
    (tmp_path / ".prepflow" / "runs" / "20261203T000000000-abcd").mkdir(parents=True)
    assert len(litter(tmp_path)) == 2
