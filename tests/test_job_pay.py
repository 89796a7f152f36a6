"""How ``job.analyze`` reads a posting's pay: ranges, the period attached to the figure and the
dollar the document points at. Fixtures are fictional postings written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from prepflow.cli import cli


def pay_of(tmp_path: Path, text: str, name: str = "posting.md") -> dict[str, Any]:
    posting = tmp_path / name
    posting.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={posting}", "--json"])
    assert result.exit_code == 0, result.output
    pay: dict[str, Any] = json.loads(result.output)["pay"]
    return pay


def posting(pay_line: str, about: str = "Fennel Kilns makes pottery kilns in a small workshop.") -> str:
    return (
        f"# Kiln Technician (fictional)\n\n{about}\n\n## Requirements\n- 2+ years firing kilns\n\n"
        f"## Pay\n{pay_line}\n"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a "k" range whose upper end has no symbol; the weeks of leave later in the line are no period
        (
            "$150k-210k, depending on experience. We offer 4 weeks paid vacation.",
            (150000, 210000, "USD", "year"),
        ),
        ("$150-210k a year", (150000, 210000, "USD", "year")),
        ("$45K to $55K per year, and 2 weeks of training", (45000, 55000, "USD", "year")),
        ("$28.50/hr, reviewed every month", (28.5, 28.5, "USD", "hour")),
        ("Hourly rate: $22 with overtime after 40 hours a week", (22, 22, "USD", "hour")),
        ("$1,200.50 - $1,400.75 Per Week", (1200.5, 1400.75, "USD", "week")),
    ],
)
def test_ranges_and_the_period_attached_to_the_figure(tmp_path: Path, line: str, expected: tuple) -> None:
    pay = pay_of(tmp_path, posting(line))
    assert (pay["min"], pay["max"], pay["currency"], pay["period"]) == expected, pay


@pytest.mark.parametrize(
    ("line", "expected"),
    [("35 - 35 (Hourly)", (35, 35, "hour")), ("18.25 - 21.40 (Hourly)", (18.25, 21.4, "hour"))],
)
def test_bare_ranges_with_a_period(tmp_path: Path, line: str, expected: tuple) -> None:
    text = (
        f"TITLE: Clerk (fictional)\n\nSalary Range:\n{line}\n\nDuties:\nFile records.\n\n"
        "Minimum Qualifications:\nTwo years of clerical experience is required.\n"
    )
    pay = pay_of(tmp_path, text, "posting.txt")
    assert (pay["min"], pay["max"], pay["period"]) == expected, pay


def test_a_bare_range_without_a_period_is_no_pay_figure(tmp_path: Path) -> None:
    pay = pay_of(tmp_path, posting("Salary: 2-3 steps above the entry grade, see the pay table"))
    assert pay is None or pay["min"] is None


def test_a_canadian_posting_pays_dollars_of_canada(tmp_path: Path) -> None:
    about = (
        "The Ministry of Kilns of Ontario serves people across Canada. "
        "Read more at https://www.kilns.ontario.ca/about."
    )
    pay = pay_of(tmp_path, posting("$1,500.00 - $1,800.00 Per Week", about))
    assert (pay["currency"], pay["period"]) == ("CAD", "week"), pay


def test_an_explicit_code_wins_over_the_documents_country(tmp_path: Path) -> None:
    about = "Fennel Kilns of Toronto, Ontario, Canada hires for its United States office in Ohio."
    pay = pay_of(tmp_path, posting("US$90,000 to US$100,000 a year", about))
    assert pay["currency"] == "USD", pay


def test_one_mention_of_canada_does_not_change_the_dollar(tmp_path: Path) -> None:
    about = "Fennel Kilns ships kilns to customers in Canada and Mexico from Ohio."
    pay = pay_of(tmp_path, posting("$90,000 to $100,000 a year", about))
    assert pay["currency"] == "USD", pay


def test_a_pay_field_that_leads_in_takes_the_figures_below(tmp_path: Path) -> None:
    text = (
        "# Records Analyst (fictional)\n\n## Basic information\n"
        "Location: Dayton, OH\n\n"
        "Salary Range: The salary range for this position is:\n\n"
        "- GS-12, Step 1 - $80,000 to GS-12, Step 10 - $104,000\n\n"
        "## Requirements\n- 2+ years keeping records\n"
    )
    pay = pay_of(tmp_path, text)
    assert (pay["min"], pay["max"], pay["currency"], pay["period"]) == (80000, 104000, "USD", "year"), pay
    assert pay["source"]["start"] == pay["source"]["end"] == 8
    assert pay["text"].startswith("GS-12, Step 1")
