"""job.analyze tells conditions of being hired (status, authorisation, clearance, physical demands,
working hours) from skills that merely mention a cue word.

Every posting here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from prepflow.cli import cli

POSTING = """# Field Operations Coordinator

## Requirements

- Comfortable applying lean methods to physical product mock-ups
- Ability to shift from fine detail to the big picture
- Ability to coordinate with contractor and vendor crews
- Eager to learn from senior employees of the firm
- Knowledge of regional and national building codes
- Willing to pitch in wherever the team needs help
- Open to learning new scheduling tools
- Experience organising a sponsorship booth at trade fairs
- Must be a U.S. citizen
- Must be authorized to work in the United States; we do not offer visa sponsorship
- Able to pass a background check
- Must be able to lift 40 pounds
- Willing to work weekends and rotating shifts
- Moderate physical activity throughout the day
- Current Acme employees on fixed-term contracts will not be considered
- Applicants must not be Acme employees or contractors
"""

SKILLS = [
    "lean methods to physical product",
    "shift from fine detail",
    "contractor and vendor crews",
    "senior employees of the firm",
    "national building codes",
    "pitch in wherever",
    "learning new scheduling tools",
    "sponsorship booth",
]

CONDITIONS = [
    "u.s. citizen",
    "authorized to work",
    "background check",
    "lift 40 pounds",
    "weekends and rotating shifts",
    "moderate physical activity",
    "current acme employees",
    "must not be acme employees",
]


def analyze(path: Path, text: str) -> dict[str, Any]:
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def kind_of(out: dict[str, Any], needle: str) -> str:
    found = [r for r in out["requirements"] if needle in r["text"].lower()]
    assert found, f"no requirement mentions {needle!r}: {[r['text'] for r in out['requirements']]}"
    return str(found[0]["kind"])


def test_a_skill_that_mentions_a_cue_word_is_scored(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.md", POSTING)
    for needle in SKILLS:
        assert kind_of(out, needle) != "eligibility", needle


def test_status_authorisation_and_physical_demands_are_eligibility(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.md", POSTING)
    for needle in CONDITIONS:
        assert kind_of(out, needle) == "eligibility", needle


CUT_OFF = """# Planner

## Requirements

- Ability to plan a season ahead and understanding the links between
- Experience scheduling crews across several sites
"""


def test_a_requirement_cut_off_mid_phrase_is_dropped(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.md", CUT_OFF)
    texts = [r["text"].lower() for r in out["requirements"]]
    assert not any(t.endswith("between") for t in texts), texts
    assert any("plan a season ahead" in t for t in texts), texts
    assert any("scheduling crews" in t for t in texts), texts
