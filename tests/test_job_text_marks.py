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


INLINE_LIST = (
    "TITLE: Plasterer (fictional)\n\n"
    "Duties:\n"
    "Duties will include the following:    1.  Patch and sand walls.  2.   Mix plaster and match "
    "finishes  3.  Set up trestles and boards  4.  Clean tools at the end of each day.\n\n"
    "Minimum Qualifications:\n"
    "1. Pass the safety test at level 2.  2. Hold a driving licence.\n"
)


def test_an_inline_numbered_list_leaves_no_number_on_the_item_before(tmp_path: Path) -> None:
    out = analyze(tmp_path, INLINE_LIST, "posting.txt")
    duties = [r["text"] for r in out["responsibilities"]]
    assert "Mix plaster and match finishes" in duties, duties
    assert "Set up trestles and boards" in duties, duties
    assert all(not d[-1].isdigit() for d in duties), duties
    # a number that belongs to the item stays: the next item has a number of its own
    assert any(r["text"].endswith("level 2") for r in out["requirements"]), out["requirements"]
