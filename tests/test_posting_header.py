"""job.analyze: the posting's title, employer and location, each from the best source, which it names."""

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
- Three years of experience running a warehouse floor
- A forklift licence
"""


def analyze(tmp_path: Path, name: str, text: str) -> dict[str, Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)  # stderr may hold a warning (e.g. no requirements found)
    jsonschema.Draft202012Validator(SCHEMA).validate(out)
    return out


def company(out: dict[str, Any]) -> tuple[str, str] | None:
    return (out["company"]["text"], out["company"]["from"]) if out["company"] else None


def test_front_matter_organization_names_the_employer(tmp_path: Path) -> None:
    text = "---\ntitle: Stock Controller\norganization: Harbour Mills\nlocation: Leeds\n---\n" + REQUIREMENTS
    out = analyze(tmp_path, "ad.md", text)
    assert out["role"]["text"] == "Stock Controller"
    assert company(out) == ("Harbour Mills", "front_matter")
    assert out["location"]["text"] == "Leeds"


@pytest.mark.parametrize("label", ["Agency", "Employer", "Ministry", "Area of government"])
def test_a_field_line_names_the_employer(tmp_path: Path, label: str) -> None:
    text = f"Job title: Stock Controller\n{label}: Harbour Mills\nLocation: Leeds\n" + REQUIREMENTS
    out = analyze(tmp_path, "ad.txt", text)
    assert out["role"] == {**out["role"], "text": "Stock Controller", "from": "field"}
    assert company(out) == ("Harbour Mills", "field")
    assert (out["location"]["text"], out["location"]["from"]) == ("Leeds", "field")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Harbour Mills, Inc. is a leading maker of flour and oats.", "Harbour Mills, Inc."),
        ("Join the Harbour Mills Group (HMG) to run the floor that feeds the north.", "Harbour Mills Group"),
        ("The newly formed Harbour Mills Trust is hiring.", "Harbour Mills Trust"),
        ("The logistics team at Harbour Mills owns every delivery we make.", "Harbour Mills"),
        ("This position sits in the stores unit at Harbour Mills, in the dock building.", "Harbour Mills"),
    ],
)
def test_a_sentence_near_the_top_names_the_employer(tmp_path: Path, sentence: str, expected: str) -> None:
    out = analyze(tmp_path, "ad.md", f"# Stock Controller\n\n{sentence}\n" + REQUIREMENTS)
    assert out["role"]["text"] == "Stock Controller"
    assert company(out) == (expected, "text")


def test_an_about_heading_names_the_employer(tmp_path: Path) -> None:
    text = "# Stock Controller\n\n## About Harbour Mills\n\nWe mill flour.\n" + REQUIREMENTS
    assert company(analyze(tmp_path, "ad.md", text)) == ("Harbour Mills", "text")


@pytest.mark.parametrize(
    "sentence",
    [
        "The successful candidate is a careful counter of stock.",
        "Our team is a small one.",
        "This role is a good fit for a Warehouse Manager.",
        "About the role",
        "About you",
        "The Warehouse Supervisor is the person who runs the floor.",
    ],
)
def test_descriptions_and_job_titles_are_no_employer(tmp_path: Path, sentence: str) -> None:
    out = analyze(tmp_path, "ad.md", f"# Stock Controller\n\n{sentence}\n" + REQUIREMENTS)
    assert out["company"] is None


def test_the_site_name_of_a_web_page_is_a_fallback(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Stock Controller | Careers at Harbour Mills</title>"
        '<meta property="og:site_name" content="Careers at Harbour Mills"></head>'
        "<body><main><h1>Stock Controller</h1><h2>Requirements</h2><ul>"
        "<li>Three years of experience running a warehouse floor</li><li>A forklift licence</li>"
        "</ul></main></body></html>"
    )
    out = analyze(tmp_path, "ad.html", page)
    assert out["role"]["text"] == "Stock Controller"
    assert company(out) == ("Harbour Mills", "site_name")


def test_json_ld_hiring_organization_comes_first(tmp_path: Path) -> None:
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Stock Controller",
        "hiringOrganization": {"@type": "Organization", "name": "Harbour Mills"},
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Leeds", "addressCountry": "UK"}},
        "description": "<p>Harbour Mills is hiring.</p><ul><li>A forklift licence</li></ul>",
    }
    page = (
        '<html><head><meta property="og:site_name" content="Jobs Board">'
        f'<script type="application/ld+json">{json.dumps(posting)}</script></head>'
        "<body><h1>Stock Controller</h1></body></html>"
    )
    out = analyze(tmp_path, "ad.html", page)
    assert company(out) == ("Harbour Mills", "jsonld")
    assert out["location"]["from"] == "jsonld"


def test_an_email_domain_is_the_last_resort(tmp_path: Path) -> None:
    text = "# Stock Controller\n" + REQUIREMENTS + "\nSend your CV to jobs@harbourmills.example.\n"
    assert company(analyze(tmp_path, "ad.md", text)) == ("harbourmills.example", "email_domain")


def test_a_public_mail_host_names_no_employer(tmp_path: Path) -> None:
    text = "# Stock Controller\n" + REQUIREMENTS + "\nSend your CV to pat.lee@gmail.com.\n"
    assert analyze(tmp_path, "ad.md", text)["company"] is None


def test_role_at_company_in_the_title_line(tmp_path: Path) -> None:
    out = analyze(tmp_path, "ad.md", "# Stock Controller at Harbour Mills\n" + REQUIREMENTS)
    assert out["role"]["text"] == "Stock Controller"
    assert company(out) == ("Harbour Mills", "title")


def test_about_the_job_names_no_employer(tmp_path: Path) -> None:
    text = "# Stock Controller\n\n## About the Job\n\nYou count stock.\n" + REQUIREMENTS
    assert analyze(tmp_path, "ad.md", text)["company"] is None


def requirement(out: dict[str, Any], needle: str) -> dict[str, Any] | None:
    return next((r for r in out["requirements"] if needle in r["text"].lower()), None)


@pytest.mark.parametrize("heading", ["## Overview", "## Job Description"])
def test_what_the_role_requires_in_prose_is_a_must(tmp_path: Path, heading: str) -> None:
    text = (
        f"# Stock Controller\n\n{heading}\n\nThe Stock Controller counts what comes in. "
        "This role requires careful record keeping and a steady hand with a pallet truck. "
        "This position must travel between the two warehouses each week.\n" + REQUIREMENTS
    )
    out = analyze(tmp_path, "ad.md", text)
    kept = requirement(out, "careful record keeping")
    assert kept is not None and kept["priority"] == "must"
    assert kept["text"].lower().startswith("careful record keeping")
    assert kept["why"]["cue"] == "This role requires"
    travel = requirement(out, "travel between the two warehouses")
    assert travel is not None and travel["priority"] == "must"
    assert not any("record keeping" in r["text"] for r in out["responsibilities"])


def test_what_the_work_requires_of_others_is_no_requirement(tmp_path: Path) -> None:
    text = (
        "# Stock Controller\n\n## Overview\n\nThe position requires that staff count stock of great variety "
        "across the whole site.\n" + REQUIREMENTS
    )
    assert requirement(analyze(tmp_path, "ad.md", text), "great variety") is None
