"""Typed marks in the text ``job.analyze`` quotes: hyphens typed for a dash, and list numbers of
a plain-text posting. Fixtures are fictional postings written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from prepflow.cli import cli


def analyze(tmp_path: Path, text: str, name: str = "posting.md") -> dict[str, Any]:
    posting = tmp_path / name
    posting.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={posting}", "--json"])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.output)
    return out


DASHES = """# Studio Coordinator (fictional)

## What you will do
- Run the studio calendar--bookings, rooms and kilns
- Order clay and glaze for the classes

## About you
- An experienced organiser, host, or coordinator---perhaps in a gallery or a school
- Comfortable with spreadsheets

---

Fennel Studio is an equal opportunity employer.
"""


def test_hyphens_typed_for_a_dash_read_as_a_dash_on_the_same_line(tmp_path: Path) -> None:
    out = analyze(tmp_path, DASHES)
    req = next(r for r in out["requirements"] if "perhaps" in r["text"])
    assert req["text"] == "An experienced organiser, host, or coordinator — perhaps in a gallery or a school"
    assert req["source"]["start"] == req["source"]["end"] == 8
    duty = next(r for r in out["responsibilities"] if "calendar" in r["text"])
    assert duty["text"] == "Run the studio calendar — bookings, rooms and kilns"
    assert duty["source"]["start"] == duty["source"]["end"] == 4
    assert all("--" not in item["text"] for item in out["requirements"] + out["responsibilities"])
