"""Postings printed to PDF from a browser: lists whose marks are drawn as shapes, so no mark is in
the text layer (fixtures written here, not eval texts)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pdf_writer import Text, pdf

from prepflow.cli import cli

PRINTED = [
    Text(34, 750, "Payroll Officer", size=16, bold=True),
    Text(34, 724, "Lakeside Dental Group runs six clinics and pays 240 staff every fortnight.", size=11),
    Text(34, 698, "What you will do", size=12, bold=True),
    Text(64, 676, "Run the fortnightly payroll for all six clinics", size=11),
    Text(64, 662, "Answer staff questions about pay, leave and pensions", size=11),
    Text(64, 648, "Reconcile the payroll journals with the finance team each month", size=11),
    Text(34, 622, "Requirements", size=12, bold=True),
    Text(64, 600, "Two years of payroll experience in a company of 100 staff or more", size=11),
    Text(64, 586, "Working knowledge of Sage 50 Payroll", size=11),
    Text(64, 572, "A CIPP qualification is a plus", size=11),
    Text(64, 558, "Confident with Excel lookups and pivot tables", size=11),
    Text(64, 544, "Able to keep pay data confidential", size=11),
]


def test_a_printed_list_without_marks_keeps_each_items_own_priority(tmp_path: Path) -> None:
    path = tmp_path / "posting.pdf"
    path.write_bytes(pdf([PRINTED]))
    args = ["step", "run", "job.analyze", "--with", f"source={path}", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert [(r["priority"], r["text"]) for r in out["requirements"]] == [
        ("must", "Two years of payroll experience in a company of 100 staff or more"),
        ("must", "Working knowledge of Sage 50 Payroll"),
        ("nice", "A CIPP qualification is a plus"),
        ("must", "Confident with Excel lookups and pivot tables"),
        ("must", "Able to keep pay data confidential"),
    ]
    assert len(out["responsibilities"]) == 3


def job(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_generators_placeholder_title_is_no_role(tmp_path: Path) -> None:
    path = tmp_path / "posting.pdf"
    page = [Text(34, 750, "Education Officer", size=16, bold=True), *PRINTED[1:]]
    path.write_bytes(pdf([page], title="(anonymous)"))
    assert job(path)["role"]["text"] == "Education Officer"


def test_a_notice_copied_above_the_title_of_a_text_posting_is_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text(
        "This page was saved from the careers site.\n\nPayroll Officer\n\n"
        "Lakeside Dental Group runs six clinics and pays 240 staff every fortnight.\n\n"
        "Requirements\n\nTwo years of payroll experience\nWorking knowledge of Sage 50 Payroll\n",
        encoding="utf-8",
    )
    assert job(path)["role"]["text"] == "Payroll Officer"


def test_a_sentence_a_lead_in_points_back_to_frames_the_list_in_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text(
        "Fleet Data Analyst\n\nQualifications\n\n"
        "To qualify, you must have one year of specialized experience.\n\n"
        "Experience running the data of a vehicle fleet. This experience must include all of the"
        " following:\n"
        "Building maintenance dashboards in Power BI\n"
        "Writing SQL against the telematics database\n",
        encoding="utf-8",
    )
    texts = [r["text"] for r in job(path)["requirements"]]
    assert "Building maintenance dashboards in Power BI" in texts
    assert "Writing SQL against the telematics database" in texts
    assert not any(t.startswith("Experience running the data") for t in texts)


def test_a_paragraph_and_a_heading_that_go_on_over_a_break_are_one(tmp_path: Path) -> None:
    pages = [
        [
            Text(40, 750, "Warehouse Supervisor", size=16, bold=True),
            Text(40, 720, "Objective 1: Run a safe and tidy warehouse floor for all three", size=13),
            Text(40, 704, "shifts and their visitors", size=13),
            Text(40, 680, "Candidates must show experience of leading a team in logistics or"),
            Text(40, 668, "service roles, and of planning a rota for a site of 40 staff or more, with"),
            Text(40, 656, "the software and the paperwork that takes &"),
        ],
        [
            Text(40, 750, "health and safety audits."),
            Text(40, 720, "Objective 2: Lead two or more of the following areas, while keeping", size=13),
            Text(40, 704, "up the other skills:", size=13),
        ],
    ]
    path = tmp_path / "posting.pdf"
    path.write_bytes(pdf(pages))
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}", "--json"])
    texts = [line["text"] for line in json.loads(result.stdout.strip().splitlines()[-1])["lines"]]
    assert texts == [
        "# Warehouse Supervisor",
        "## Objective 1: Run a safe and tidy warehouse floor for all three shifts and their visitors",
        "Candidates must show experience of leading a team in logistics or service roles, and of planning"
        " a rota for a site of 40 staff or more, with the software and the paperwork that takes &"
        " health and safety audits.",
        "## Objective 2: Lead two or more of the following areas, while keeping up the other skills:",
    ]


def test_rows_set_in_from_the_text_are_items_when_a_capital_starts_one(tmp_path: Path) -> None:
    page = [
        Text(34, 750, "Payroll Officer", size=16, bold=True),
        Text(34, 724, "The people we hope to meet are:", size=11),
        Text(64, 702, "Comfortable running a payroll alone as well as in a team of four or five", size=11),
        Text(64, 688, "Patient with staff who ask the same question about their pension twice or", size=11),
        Text(64, 674, "three times in a week", size=11),
        Text(64, 660, "Trained in the Sage 50 Payroll and the HMRC Basic PAYE Tools for Real Time", size=11),
        Text(64, 646, "Information submissions", size=11),
        Text(34, 620, "We offer a calm office and a pension.", size=11),
    ]
    path = tmp_path / "posting.pdf"
    path.write_bytes(pdf([page]))
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}", "--json"])
    texts = [line["text"] for line in json.loads(result.stdout.strip().splitlines()[-1])["lines"]]
    assert texts[2:5] == [
        "Comfortable running a payroll alone as well as in a team of four or five",
        "Patient with staff who ask the same question about their pension twice or three times in a week",
        "Trained in the Sage 50 Payroll and the HMRC Basic PAYE Tools for Real Time Information submissions",
    ]
