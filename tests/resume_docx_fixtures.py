"""Word resumes in six common layouts, built with python-docx at test time (no eval text)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

SKILLS = ["Python", "SQL", "Terraform", "Kubernetes"]


def _document() -> Any:
    import docx

    document = docx.Document()
    document.add_paragraph("Morgan Ellis", style="Title")
    document.add_paragraph("morgan.ellis@example.org · +1 555 0100 · Duluth, MN")
    return document


def _bold(document: Any, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def _bullet(document: Any, text: str) -> Any:
    return document.add_paragraph(text, style="List Bullet")


def _tail(document: Any, heading: Callable[[str], None]) -> None:
    """Education and projects after experience: never roles."""
    heading("Education")
    document.add_paragraph("B.S. Computer Science, University of Minnesota, 2014")
    heading("Projects")
    document.add_paragraph("Trailhead Maps — Lead Developer, 2020")
    _bullet(document, "Built an offline map viewer used by 300 hikers")


def heading_styles(path: Path) -> None:
    """Headings as Word heading styles; 'Title, Org' then a dates line; list bullets."""
    document = _document()
    document.add_heading("Experience", level=1)
    document.add_heading("Senior Data Engineer, Harbor Logistics", level=2)
    document.add_paragraph("March 2021 – Present")
    _bullet(document, "Cut nightly load time by 40% by partitioning the warehouse tables")
    _bullet(document, "Led a team of 4 engineers through the move to Kubernetes")
    document.add_heading("Data Analyst, Prairie Credit Union", level=2)
    document.add_paragraph("June 2016 – February 2021")
    _bullet(document, "Built 25 SQL reports used by branch managers every week")
    document.add_heading("Skills", level=1)
    document.add_paragraph(", ".join(SKILLS))
    _tail(document, lambda text: document.add_heading(text, level=1))
    document.save(str(path))


def bold_headings(path: Path) -> None:
    """Section headings as bold paragraphs; 'Title | Org | dates' on one line."""
    document = _document()
    _bold(document, "PROFESSIONAL EXPERIENCE")
    document.add_paragraph("Senior Data Engineer | Harbor Logistics | Mar 2021 – Present")
    _bullet(document, "Cut nightly load time by 40% by partitioning the warehouse tables")
    _bullet(document, "Led a team of 4 engineers through the move to Kubernetes")
    document.add_paragraph("Data Analyst | Prairie Credit Union | Jun 2016 – Feb 2021")
    _bullet(document, "Built 25 SQL reports used by branch managers every week")
    _bold(document, "SKILLS")
    document.add_paragraph("Languages: Python, SQL")
    document.add_paragraph("Infrastructure: Terraform, Kubernetes")
    _tail(document, lambda text: _bold(document, text.upper()))
    document.save(str(path))


def table_headers(path: Path) -> None:
    """Each job header a 2-column table: title | dates, then org | place; skills in a table."""
    document = _document()
    document.add_heading("Work Experience", level=1)
    jobs = [
        (
            "Senior Data Engineer",
            "Mar 2021 – Present",
            "Harbor Logistics",
            "Duluth, MN",
            [
                "Cut nightly load time by 40% by partitioning the warehouse tables",
                "Led a team of 4 engineers through the move to Kubernetes",
            ],
        ),
        (
            "Data Analyst",
            "Jun 2016 – Feb 2021",
            "Prairie Credit Union",
            "Fargo, ND",
            ["Built 25 SQL reports used by branch managers every week"],
        ),
    ]
    for title, dates, org, place, bullets in jobs:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = title
        table.cell(0, 1).text = dates
        table.cell(1, 0).text = org
        table.cell(1, 1).text = place
        for text in bullets:
            _bullet(document, text)
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=2, cols=2)
    for cell, skill in zip((c for row in table.rows for c in row.cells), SKILLS, strict=True):
        cell.text = skill
    _tail(document, lambda text: document.add_heading(text, level=1))
    document.save(str(path))


def tab_separated(path: Path) -> None:
    """Title and employer separated by a tab, dates after another tab; wrapped bullets."""
    document = _document()
    document.add_heading("Experience", level=1)
    document.add_paragraph("Senior Data Engineer\tHarbor Logistics\tMar 2021 – Present")
    _bullet(document, "Cut nightly load time by 40% by partitioning the warehouse tables and")
    document.add_paragraph("rewriting the slowest transforms")
    _bullet(document, "Led a team of 4 engineers through the move to Kubernetes")
    document.add_paragraph("Data Analyst\tPrairie Credit Union\tJun 2016 – Feb 2021")
    _bullet(document, "Built 25 SQL reports used by branch managers every week")
    document.add_heading("Skills", level=1)
    document.add_paragraph("Python, SQL, Terraform, Kubernetes")
    _tail(document, lambda text: document.add_heading(text, level=1))
    document.save(str(path))


def two_line_header(path: Path) -> None:
    """'Organisation — City' then 'Title<tab>dates' (a right tab stop), list bullets."""
    document = _document()
    document.add_heading("Employment History", level=1)
    document.add_paragraph("Harbor Logistics — Duluth, MN")
    document.add_paragraph("Senior Data Engineer\tJan 2019 – Present")
    _bullet(document, "Cut nightly load time by 40% by partitioning the warehouse tables")
    _bullet(document, "Led a team of 4 engineers through the move to Kubernetes")
    document.add_paragraph("Prairie Credit Union — Fargo, ND")
    document.add_paragraph("Data Analyst\tJun 2016 – Dec 2018")
    _bullet(document, "Built 25 SQL reports used by branch managers every week")
    document.add_heading("Technical Skills", level=1)
    document.add_paragraph("Python, SQL, Terraform, Kubernetes")
    _tail(document, lambda text: document.add_heading(text, level=1))
    document.save(str(path))


def year_only(path: Path) -> None:
    """Bold job titles, the employer and years on the next line in italics; bold section headings."""
    document = _document()
    _bold(document, "Experience")
    _bold(document, "Senior Data Engineer")
    paragraph = document.add_paragraph()
    paragraph.add_run("Harbor Logistics, 2021 – Present").italic = True
    _bullet(document, "Cut nightly load time by 40% by partitioning the warehouse tables")
    _bullet(document, "Led a team of 4 engineers through the move to Kubernetes")
    _bold(document, "Data Analyst")
    paragraph = document.add_paragraph()
    paragraph.add_run("Prairie Credit Union, 2016 – 2021").italic = True
    _bullet(document, "Built 25 SQL reports used by branch managers every week")
    _bold(document, "Skills")
    document.add_paragraph("Python, SQL, Terraform, Kubernetes")
    _tail(document, lambda text: _bold(document, text))
    document.save(str(path))


def line_breaks(path: Path) -> None:
    """The job header one paragraph with soft line breaks; bullets typed as '•<tab>' in plain paragraphs."""
    document = _document()
    document.add_heading("Experience", level=1)
    for header, bullets in (
        (
            ("Senior Data Engineer", "Harbor Logistics, Duluth, MN", "Mar 2021 – Present"),
            [
                "Cut nightly load time by 40% by partitioning the warehouse tables",
                "Led a team of 4 engineers through the move to Kubernetes",
            ],
        ),
        (
            ("Data Analyst", "Prairie Credit Union, Fargo, ND", "Jun 2016 – Feb 2021"),
            ["Built 25 SQL reports used by branch managers every week"],
        ),
    ):
        paragraph = document.add_paragraph()
        for number, piece in enumerate(header):
            run = paragraph.add_run(piece)
            if number < len(header) - 1:
                run.add_break()
        for text in bullets:
            document.add_paragraph("•\t" + text)
    document.add_heading("Skills", level=1)
    document.add_paragraph("Python, SQL, Terraform, Kubernetes")
    _tail(document, lambda text: document.add_heading(text, level=1))
    document.save(str(path))


def bold_employer(path: Path) -> None:
    """Bold capitals for sections ("EMPLOYMENT HISTORY"), the employer in bold on its own line,
    then 'Title<tab>dates'."""
    document = _document()
    _bold(document, "EMPLOYMENT HISTORY")
    _bold(document, "Harbor Logistics")
    document.add_paragraph("Senior Data Engineer\tMarch 2021 – Present")
    _bullet(document, "Cut nightly load time by 40% by partitioning the warehouse tables")
    _bullet(document, "Led a team of 4 engineers through the move to Kubernetes")
    _bold(document, "Prairie Credit Union")
    document.add_paragraph("Data Analyst\tJune 2016 – February 2021")
    _bullet(document, "Built 25 SQL reports used by branch managers every week")
    _bold(document, "SKILLS")
    document.add_paragraph(", ".join(SKILLS))
    _tail(document, lambda text: _bold(document, text.upper()))
    document.save(str(path))


LAYOUTS: dict[str, Callable[[Path], None]] = {
    "bold_employer": bold_employer,
    "heading_styles": heading_styles,
    "bold_headings": bold_headings,
    "table_headers": table_headers,
    "tab_separated": tab_separated,
    "two_line_header": two_line_header,
    "year_only": year_only,
    "line_breaks": line_breaks,
}
