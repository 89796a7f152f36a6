"""PDF documents: reading order, margins, columns, headings and unreadable text layers.

The PDFs are written here (tests/pdf_writer.py), never taken from real resumes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pdf_writer import Text, pdf

from prepflow.cli import cli


def load(path: Path) -> tuple[int, Any, str]:
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}", "--json"])
    data = json.loads(result.stdout.strip().splitlines()[-1]) if result.exit_code == 0 else None
    return result.exit_code, data, result.output


def analyze(path: Path) -> dict:
    result = CliRunner().invoke(
        cli,
        ["step", "run", "resume.analyze", "--with", f"source={path}", "--with", "as_of=2025-06", "--json"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def write(tmp_path: Path, pages: list[list[Text]], **kwargs: Any) -> Path:
    path = tmp_path / "resume.pdf"
    path.write_bytes(pdf(pages, **kwargs))
    return path


# Dates in a left margin beside each job, as LaTeX CV classes set them.
MARGIN_DATES = [
    Text(72, 740, "Jane Roe", size=24),
    Text(150, 700, "Experience", size=14),
    Text(80, 680, "June 2020 \u2013"),
    Text(150, 680, "Engineer, Acme Corp, Berlin, Germany", bold=True),
    Text(100, 668, "Present"),
    Text(150, 668, "Built the billing service in Go and cut invoice errors by half. Led a"),
    Text(150, 656, "team of four engineers through the migration to Kubernetes."),
    Text(85, 630, "2016 \u2013 2020"),
    Text(150, 630, "Developer, Initech, Austin, TX", bold=True),
    Text(150, 618, "Maintained the payroll export for 300 clients."),
    Text(150, 590, "Skills", size=14),
    Text(150, 570, "\u2022 Go, Python, Kubernetes, and the"),
    Text(160, 558, "PostgreSQL database"),
    Text(300, 40, "1/2"),
]


def test_margin_dates_join_the_job_they_face(tmp_path: Path) -> None:
    code, doc, out = load(write(tmp_path, [MARGIN_DATES], title="Jane Roe CV"))
    assert code == 0, out
    assert doc["format"] == "pdf" and doc["title"] == "Jane Roe CV"
    lines = [(item["kind"], item["text"]) for item in doc["lines"]]
    assert lines == [
        ("heading", "# Jane Roe"),
        ("heading", "## Experience"),
        ("text", "Engineer, Acme Corp, Berlin, Germany · June 2020 – Present"),
        (
            "text",
            "Built the billing service in Go and cut invoice errors by half. Led a team of four "
            "engineers through the migration to Kubernetes.",
        ),
        ("text", "2016 – 2020 · Developer, Initech, Austin, TX"),  # one line, weights apart
        ("text", "Maintained the payroll export for 300 clients."),
        ("heading", "## Skills"),
        ("bullet", "- Go, Python, Kubernetes, and the PostgreSQL database"),  # a wrapped bullet, joined
    ]  # the page number is dropped
    wrapped = doc["lines"][3]
    # numbered with a gap where space parts two paragraphs (after the name and the heading)
    assert (wrapped["line"], wrapped["end"], wrapped["page"]) == (6, 7, 1)
    assert "warnings" not in doc


def test_a_pdf_resume_with_margin_dates(tmp_path: Path) -> None:
    out = analyze(write(tmp_path, [MARGIN_DATES]))
    assert out["name"] == "Jane Roe"
    assert [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]] == [
        ("Engineer", "Acme Corp", "2020-06", None),
        ("Developer", "Initech", "2016", "2020"),
    ]
    assert [a["text"] for a in out["achievements"] if a["role"] == 0] == [
        "Built the billing service in Go and cut invoice errors by half.",
        "Led a team of four engineers through the migration to Kubernetes.",
    ]
    assert [s["name"] for s in out["skills"]] == ["Go", "Python", "Kubernetes", "PostgreSQL database"]


# A sidebar layout: the main column at the left, a sidebar with its own headings at the right.
SIDEBAR = [
    Text(40, 740, "EXPERIENCE", size=16, bold=True),
    Text(40, 715, "Data Analyst", size=12),
    Text(40, 700, "Northwind Health", bold=True),
    Text(40, 688, "Mar 2019 \u2013 Jan 2022 \u00b7 Leeds, UK"),
    Text(40, 674, "\u2022 Cut the monthly reporting time from five days to two"),
    Text(40, 660, "\u2022 Built the first churn model the team shipped to production"),
    Text(40, 646, "\u2022 Trained twelve analysts on SQL window functions"),
    Text(380, 740, "SKILLS", size=16, bold=True),
    Text(380, 715, "SQL, Python, Power BI"),
    Text(380, 670, "EDUCATION", size=16, bold=True),
    Text(380, 650, "BSc Mathematics"),
    Text(380, 636, "University of Leeds"),
    Text(380, 622, "2015 \u2013 2018"),
]


def test_a_sidebar_is_read_after_the_main_column(tmp_path: Path) -> None:
    code, doc, out = load(write(tmp_path, [SIDEBAR]))
    assert code == 0, out
    texts = [item["text"] for item in doc["lines"]]
    assert texts.index("# SKILLS") > texts.index("- Trained twelve analysts on SQL window functions")
    assert "2015 – 2018" in texts  # not interleaved with the job's lines
    out_ = analyze(write(tmp_path, [SIDEBAR]))
    assert [(r["title"], r["organisation"], r["start"], r["end"]) for r in out_["roles"]] == [
        ("Data Analyst", "Northwind Health", "2019-03", "2022-01")
    ]
    assert len(out_["achievements"]) == 3
    assert [s["name"] for s in out_["skills"]] == ["SQL", "Python", "Power BI"]


def test_words_kerned_apart_without_spaces_are_read_as_words(tmp_path: Path) -> None:
    page = [
        Text(72, 700, "Experience", size=14),
        Text(72, 680, "Led a team of four engineers on the payments platform", kerned=True),
    ]
    code, doc, out = load(write(tmp_path, [page]))
    assert code == 0, out
    assert doc["lines"][1]["text"] == "Led a team of four engineers on the payments platform"


def test_a_text_layer_of_symbols_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    page = [
        Text(72, 700 - 14 * i, "Managed the warehouse team and its budget", garbled=True) for i in range(6)
    ]
    path = write(tmp_path, [page])
    code, doc, out = load(path)
    assert code == 0, out
    (warning,) = doc["warnings"]
    assert str(path) in warning and "export the PDF again" in warning and "paste the text" in warning
    result = CliRunner().invoke(cli, ["step", "run", "resume.analyze", "--with", f"source={path}"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "export the PDF again" in result.output


def test_a_pdf_without_text_needs_ocr(tmp_path: Path) -> None:
    code, _, out = load(write(tmp_path, [[]]))
    assert code == 1
    assert "resume.pdf" in out and "OCR" in out
    assert "Traceback" not in out


def test_a_broken_pdf_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n")
    code, _, out = load(path)
    assert code == 1
    assert "resume.pdf" in out and "PDF" in out
    assert "Traceback" not in out


def test_glyph_codes_without_text_are_one_clear_line(tmp_path: Path) -> None:
    page = [Text(72, 700, "Managed the warehouse team", unmapped=True)]
    code, _, out = load(write(tmp_path, [page]))
    assert code == 1
    assert "resume.pdf" in out and "no text" in out and "paste the text" in out
    assert "OCR" not in out and "Traceback" not in out


def test_running_headers_are_dropped(tmp_path: Path) -> None:
    first = [
        Text(72, 760, "Jane Roe | jane@example.com", size=8),
        Text(72, 730, "Experience", size=14),
        Text(72, 710, "Engineer, Acme Corp, Berlin, Germany"),
        Text(470, 710, "2020 \u2013 2023"),
        Text(80, 696, "\u2022 Built the billing service in Go"),
    ]
    second = [
        Text(72, 760, "Jane Roe | jane@example.com", size=8),
        Text(72, 730, "Developer, Initech"),
        Text(470, 730, "2016 \u2013 2020"),
        Text(80, 716, "\u2022 Maintained the payroll export for 300 clients"),
    ]
    code, doc, out = load(write(tmp_path, [first, second]))
    assert code == 0, out
    texts = [(item["page"], item["text"]) for item in doc["lines"]]
    assert (1, "Jane Roe | jane@example.com") in texts  # the first page keeps its top line
    assert (2, "Jane Roe | jane@example.com") not in texts
    out_ = analyze(write(tmp_path, [first, second]))
    assert [(r["title"], r["organisation"]) for r in out_["roles"]] == [
        ("Engineer", "Acme Corp"),
        ("Developer", "Initech"),
    ]
