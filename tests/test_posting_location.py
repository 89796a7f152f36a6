"""job.analyze's location: a place that looks like one, or a work mode, from the best source,
with the source named in location.from. Every posting here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from prepflow.cli import cli

SCHEMA = json.loads((Path(__file__).parent.parent / "plugins" / "job" / "output.schema.json").read_text())

REQUIREMENTS = """
## Requirements
- Three years of experience keeping ledgers
- Knowledge of spreadsheets
"""


def location_of(tmp_path: Path, text: str, name: str = "job.md") -> dict[str, Any] | None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(out)
    location: dict[str, Any] | None = out["location"]
    return location


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("Location: Harrowgate, England", "Harrowgate, England"),
        ("Location: Millbrook, OH", "Millbrook, OH"),
        ("Work Location: 12 Quarry Street, Millbrook Oh", "Millbrook, OH"),
        ("Location: Full time, Remote (anywhere in Canada)", "Remote (anywhere in Canada)"),
        ("Location: Lakeview", "Lakeview"),
        ("Location: Millbrook, OH; Remote", "Millbrook, OH; Remote"),
    ],
)
def test_a_location_field_is_kept_as_a_place(tmp_path: Path, field: str, expected: str) -> None:
    location = location_of(tmp_path, f"# Bookkeeper\n\n{field}\n{REQUIREMENTS}")
    assert location is not None
    assert location["text"] == expected
    assert location["from"] == "field"
    assert location["source"]["start"] == 3


@pytest.mark.parametrize(
    "field",
    [
        "Work Location: Eastside Roving Crew Staff",
        "Work Location: Ledger & Reconciliation Unit",
        "Work Location: 12 Quarry Street",
    ],
)
def test_a_work_unit_or_a_bare_street_address_is_no_location(tmp_path: Path, field: str) -> None:
    assert location_of(tmp_path, f"# Bookkeeper\n\n{field}\n{REQUIREMENTS}") is None


def test_a_sentence_gives_the_place_and_names_it_as_the_source(tmp_path: Path) -> None:
    text = (
        "# Bookkeeper\n\nThe bookkeeper will work on-site in our Millbrook, OH warehouse office.\n"
        + REQUIREMENTS
    )
    location = location_of(tmp_path, text)
    assert location is not None
    assert (location["text"], location["from"], location["remote"]) == ("Millbrook, OH", "sentence", False)


def test_a_region_by_name_in_a_based_in_sentence(tmp_path: Path) -> None:
    text = "# Bookkeeper\n\nOur small team is based in Tasmania and meets weekly.\n" + REQUIREMENTS
    location = location_of(tmp_path, text)
    assert location is not None and location["text"] == "Tasmania"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This is a remote-only position.", "Remote"),
        ("This is an onsite position, remote work is not available.", "On-site"),
        ("The position can be partly remote.", "Hybrid"),
        ("This is a full-time role with hybrid and remote work opportunities.", "Hybrid"),
    ],
)
def test_a_work_mode_is_kept_as_such(tmp_path: Path, sentence: str, expected: str) -> None:
    location = location_of(tmp_path, f"# Bookkeeper\n\n{sentence}\n{REQUIREMENTS}")
    assert location is not None
    assert (location["text"], location["from"]) == (expected, "sentence")
    assert location["remote"] is (expected == "Remote")


def test_a_location_section_is_read(tmp_path: Path) -> None:
    text = (
        "# Bookkeeper\n\n### Location\n\nWe keep a small office in Kestrel Bay, Queensland where the team "
        "meets, and we welcome people who work remotely.\n" + REQUIREMENTS
    )
    location = location_of(tmp_path, text)
    assert location is not None
    assert (location["text"], location["from"]) == ("Kestrel Bay, Queensland", "section")


def test_a_header_line_that_is_a_place(tmp_path: Path) -> None:
    location = location_of(tmp_path, "Bookkeeper\nHarrowgate, England\n\nWe keep the books.\n" + REQUIREMENTS)
    assert location is not None
    assert (location["text"], location["from"]) == ("Harrowgate, England", "header")


def test_a_title_that_mentions_remote_is_no_location(tmp_path: Path) -> None:
    text = "# Remote Sensing Analyst\n\nYou will study images of forests.\n" + REQUIREMENTS
    assert location_of(tmp_path, text) is None


def test_a_town_without_a_region_is_not_guessed(tmp_path: Path) -> None:
    text = "# Bookkeeper\n\nLedgerworks, located in Millbrook, has an opening.\n" + REQUIREMENTS
    assert location_of(tmp_path, text) is None


def test_front_matter_location(tmp_path: Path) -> None:
    text = "---\ntitle: Bookkeeper\nlocation: Wellsford, New Zealand\n---\n\n# Bookkeeper\n" + REQUIREMENTS
    location = location_of(tmp_path, text)
    assert location is not None
    assert (location["text"], location["from"]) == ("Wellsford, New Zealand", "front_matter")


def test_json_ld_location_of_an_html_page(tmp_path: Path) -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Bookkeeper",
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Millbrook", "addressRegion": "OH"}},
    }
    html = (
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        "<h1>Bookkeeper</h1><h2>Requirements</h2><ul><li>Three years of experience keeping ledgers</li>"
        "<li>Knowledge of spreadsheets</li></ul></body></html>"
    )
    location = location_of(tmp_path, html, "job.html")
    assert location is not None
    assert (location["text"], location["from"]) == ("Millbrook, OH", "jsonld")
