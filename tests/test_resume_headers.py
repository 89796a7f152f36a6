"""Job headers whose title holds a comma, a dash or "at" (fixtures written here, not eval texts)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from prepflow.cli import cli


def roles(tmp_path: Path, text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    path = tmp_path / "resume.md"
    path.write_text(text, encoding="utf-8")
    args = ["step", "run", "resume.analyze", "--with", f"source={path}", "--with", "as_of=2025-06", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]]


def test_the_employer_line_under_a_dated_title_keeps_the_title_whole(tmp_path: Path) -> None:
    text = """# Maria Ruiz

## Experience

Registered Nurse - Intensive Care Unit    Mar 2019 - Present
St. Brendan's Hospital, Galway, Ireland
- Cared for two ventilated patients a shift in a 16-bed unit
- Trained six new graduates on the sedation protocol

Analyst, Business Intelligence    Jan 2016 - Feb 2019
Northwind Traders, Leeds, UK
- Built the weekly margin report used by 30 store managers

Charge Nurse, Riverside Clinic    Jun 2013 - Dec 2015
- Ran the day shift of eight nurses
"""
    assert roles(tmp_path, text) == [
        ("Registered Nurse - Intensive Care Unit", "St. Brendan's Hospital", "2019-03", None),
        ("Analyst, Business Intelligence", "Northwind Traders", "2016-01", "2019-02"),
        ("Charge Nurse", "Riverside Clinic", "2013-06", "2015-12"),
    ]


def test_at_parts_a_title_with_a_dash_from_its_employer(tmp_path: Path) -> None:
    text = """# Sam Lee

## Work experience

Software Engineer - Payments at Harbor Bank
Apr 2020 - Present
- Moved card settlement to the new ledger

Analyst, Risk @ Prairie Credit Union
2017 - 2020
- Wrote the loan default model
"""
    assert roles(tmp_path, text) == [
        ("Software Engineer - Payments", "Harbor Bank", "2020-04", None),
        ("Analyst, Risk", "Prairie Credit Union", "2017", "2020"),
    ]
