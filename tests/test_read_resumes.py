"""resume.analyze across header layouts, date formats and section headings (fixtures written here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prepflow.cli import cli


def analyze(path: Path) -> dict:
    result = CliRunner().invoke(
        cli,
        ["step", "run", "resume.analyze", "--with", f"source={path}", "--with", "as_of=2025-06", "--json"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def roles(out: dict) -> list[tuple]:
    return [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]]


def texts(out: dict, role: int | None) -> list[str]:
    return [a["text"] for a in out["achievements"] if a["role"] == role]


MARKDOWN = """# Sam Patel

## Professional Experience

### Globex Corporation - Springfield, IL
**Analyst, Business Intelligence**; Jan. 2019 – Pres.
- Built the weekly revenue dashboard in Tableau; migrated 40 reports from Excel to Power BI
- Cut report run time by 60%. This saved the finance team two days a month.

### Initech | Austin, TX
**Senior Engineer - Payments Platform**, 2015.03 – 2018.12

Initech is a maker of payment software for regional banks and credit unions.

- Led the rewrite of the settlement service in Go

### Acme Widgets Ltd
Intern | 2012\u20112014
- Wrote test plans for the widget line

## Projects
### Budget app (2020)
- Made a budgeting app used by 300 people

## Technical skils
- Python (Expert), SQL, dbt
- Tableau, Power BI

## Invited talks
- Dashboards that people read, PyData Springfield, 2021
"""


def test_markdown_headers_with_the_employer_above_the_title(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    out = analyze(path)
    assert roles(out) == [
        ("Analyst, Business Intelligence", "Globex Corporation", "2019-01", None),
        ("Senior Engineer - Payments Platform", "Initech", "2015-03", "2018-12"),
        ("Intern", "Acme Widgets Ltd", "2012", "2014"),  # a non-breaking hyphen; year precision kept
    ]
    assert out["roles"][0]["current"]
    assert texts(out, 0) == [
        "Built the weekly revenue dashboard in Tableau",
        "migrated 40 reports from Excel to Power BI",
        "Cut report run time by 60%. This saved the finance team two days a month.",
    ]
    assert texts(out, 1) == ["Led the rewrite of the settlement service in Go"]  # not the company blurb
    assert [s["name"] for s in out["skills"]] == ["Python", "SQL", "dbt", "Tableau", "Power BI"]
    assert texts(out, None) == ["Made a budgeting app used by 300 people"]  # a project, no job's
    assert not [a for a in out["achievements"] if "PyData" in a["text"]]


PLAIN = """JORDAN LEE
Seattle, WA | jordan@example.com

WORK HISTORY
Regional Operations Manager
Cascade Freight, Seattle, WA
03/2018 - current
• Ran three warehouses with 120 staff and a $14M budget

Shift Supervisor, Cascade Freight, Tacoma, WA, 2014 – 2018
• Supervised 25 associates on nights

Secret Clearance
United States Army, Fort Lewis, WA
Logistics Specialist | 2010 – 2014
• Managed a $2M inventory with zero losses

Relevant skills
Forklift operation, SAP, Excel; Lean (5 years)

Additional information
Available for relocation across the Pacific Northwest from next spring onwards.
"""


def test_plain_text_headers_over_several_lines_and_clearance_lines(tmp_path: Path) -> None:
    path = tmp_path / "resume.txt"
    path.write_text(PLAIN, encoding="utf-8")
    out = analyze(path)
    assert out["name"] == "JORDAN LEE"
    assert roles(out) == [
        ("Regional Operations Manager", "Cascade Freight", "2018-03", None),
        ("Shift Supervisor", "Cascade Freight", "2014", "2018"),
        ("Logistics Specialist", "United States Army", "2010", "2014"),
    ]
    assert [s["name"] for s in out["skills"]] == ["Forklift operation", "SAP", "Excel", "Lean"]
    assert not [a for a in out["achievements"] if "relocation" in a["text"]]


@pytest.mark.parametrize(
    ("dates", "start", "end"),
    [
        ("2012 – 2017", "2012", "2017"),
        ("2016.09 – 2019.02", "2016-09", "2019-02"),
        ("09/2016 to 02/2019", "2016-09", "2019-02"),
        ("Sept 2016 – Feb. 2019", "2016-09", "2019-02"),
        ("Jun '19 – Aug '21", "2019-06", "2021-08"),
        ("2019\u2011Present", "2019", None),
        ("Since March 2020", "2020-03", None),
    ],
)
def test_date_formats_keep_their_precision(tmp_path: Path, dates: str, start: str, end: str | None) -> None:
    path = tmp_path / "resume.md"
    path.write_text(
        f"# A Person\n\n## Experiance\n\nPlanner, Dunmore Freight, {dates}\n- Planned routes for 40 trucks\n",
        encoding="utf-8",
    )
    assert roles(analyze(path)) == [("Planner", "Dunmore Freight", start, end)]


PROSE = """# Lee Chan

## Experience

Data Analyst | Northwind Health | 2019 – 2022

Built the first churn model the team shipped. Trained twelve analysts on SQL. Moved twenty
dashboards from Excel to Power BI, which halved the time spent on monthly reporting.

## Skills

Provided reporting with skills in SQL, Tableau and dbt. Software you know, tools you use.
"""


def test_a_prose_paragraph_is_one_achievement_per_claim(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(PROSE, encoding="utf-8")
    out = analyze(path)
    assert texts(out, 0) == [
        "Built the first churn model the team shipped.",
        "Trained twelve analysts on SQL.",
        "Moved twenty dashboards from Excel to Power BI, which halved the time spent on monthly reporting.",
    ]
    assert [s["name"] for s in out["skills"]] == ["reporting", "SQL", "Tableau", "dbt"]


def _write_json(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_fresh_resume_reads_like_its_json_resume_twin(tmp_path: Path) -> None:
    fresh = {
        "name": "Ada Example",
        "meta": {"format": "FRESH@0.6.0"},
        "employment": {
            "history": [
                {
                    "employer": "Northwind Health",
                    "position": "Data Analyst",
                    "start": "2019-03",
                    "current": True,
                    "summary": "Northwind Health runs twelve clinics.",
                    "highlights": ["Cut reporting time by 3 days", "Built the churn model"],
                },
                {"employer": "Dunmore", "position": "Clerk", "start": "2016", "end": "2019"},
            ]
        },
        "service": {"history": [{"organization": "Food Bank", "position": "Volunteer", "start": "2015"}]},
        "skills": {"sets": [{"name": "Data", "skills": ["SQL", "Python"]}], "list": [{"name": "Excel"}]},
    }
    out = analyze(_write_json(tmp_path, "ada.fresh.json", fresh))
    assert roles(out) == [
        ("Data Analyst", "Northwind Health", "2019-03", None),
        ("Clerk", "Dunmore", "2016", "2019"),
        ("Volunteer", "Food Bank", "2015", None),
    ]
    assert texts(out, 0) == ["Cut reporting time by 3 days", "Built the churn model"]
    assert [s["name"] for s in out["skills"]] == ["Data", "SQL", "Python", "Excel"]


RENDERCV = """cv:
  name: Ada Example
  location: Leeds, UK
  sections:
    summary:
      - Analyst who likes tidy data.
    experience:
      - company: Northwind Health
        position: Data Analyst
        start_date: 2019-03
        end_date: present
        location: Leeds, UK
        highlights:
          - Cut reporting time by 3 days
          - Built the churn model
    education:
      - institution: University of Leeds
        area: Mathematics
        degree: BSc
        start_date: 2015-09
        end_date: 2018-06
    technical_skills:
      - label: Languages
        details: SQL, Python
    honors:
      - bullet: Analyst of the year (2021)
design:
  theme: classic
"""


def test_rendercv_yaml_resume(tmp_path: Path) -> None:
    path = tmp_path / "ada.cv.yaml"
    path.write_text(RENDERCV, encoding="utf-8")
    out = analyze(path)
    assert out["name"] == "Ada Example"
    assert roles(out) == [("Data Analyst", "Northwind Health", "2019-03", None)]
    assert texts(out, 0) == ["Cut reporting time by 3 days", "Built the churn model"]
    assert [s["name"] for s in out["skills"]] == ["SQL", "Python"]  # "Languages" names the group
    assert out["education"][0]["institution"] == "University of Leeds"
    source = out["achievements"][0]["source"]
    assert source["start"] == RENDERCV.splitlines().index("          - Cut reporting time by 3 days") + 1
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}", "--json"])
    doc = json.loads(result.output)
    assert doc["format"] == "rendercv"
    assert "- Analyst of the year (2021)" in [line["text"] for line in doc["lines"]]


def test_yaml_that_is_no_resume_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("shopping:\n  - eggs\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}"])
    assert result.exit_code == 1
    assert "notes.yaml" in result.output and "RenderCV" in result.output
    assert "Traceback" not in result.output
    path.write_text("cv: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}"])
    assert result.exit_code == 1
    assert "notes.yaml" in result.output and "YAML" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("header", "title", "organisation"),
    [
        ("Product Manager | Google | Mountain View, CA | 2019 – 2021", "Product Manager", "Google"),
        ("Engineer | Team Lead, Initech, 2019 – 2021", "Engineer | Team Lead", "Initech"),
        ("Germany · Field Technician, Siemens · 2019 – 2021", "Field Technician", "Siemens"),
        ("Data Engineer, Acme Corp., Remote, 2019 – 2021", "Data Engineer", "Acme Corp."),
        ("Nurse at St. Mary's Hospital (2019 – 2021)", "Nurse", "St. Mary's Hospital"),
    ],
)
def test_one_line_headers(tmp_path: Path, header: str, title: str, organisation: str) -> None:
    path = tmp_path / "resume.txt"
    path.write_text(f"Ann Lee\n\nEMPLOYMENT\n{header}\n- Did the work well for two years\n", encoding="utf-8")
    assert roles(analyze(path)) == [(title, organisation, "2019", "2021")]


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Technical Skills", "skills"),
        ("Relevant Experience", "experience"),
        ("Volunteer Experience", "volunteer"),
        ("Experiance", "experience"),
        ("SKILS", "skills"),
        ("Honors and Awards", "other"),
        ("Language skills", "other"),
        ("Selected Projects", "projects"),
        ("Where I live", None),
    ],
)
def test_headings_are_named_by_their_words(heading: str, section: str | None) -> None:
    from prepflow_plugins.resume.rules import section_named

    assert section_named(heading) == section


@pytest.mark.parametrize(
    ("heading", "section"),
    [("Languages & Tools", "skills"), ("Languages", "other"), ("Relevant Coursework", "other")],
)
def test_languages_and_tools_are_skills_but_languages_alone_are_not(heading: str, section: str) -> None:
    from prepflow_plugins.resume.rules import section_named

    assert section_named(heading) == section


def test_a_title_run_into_its_employer_is_split(tmp_path: Path) -> None:
    # what a Word table or tab stop gives once its gap is lost
    path = tmp_path / "resume.txt"
    path.write_text(
        "Ann Lee\n\nEXPERIENCE\nStaff Accountant Hill Country Bank, Austin, TX 2015 – 2018\n"
        "- Prepared monthly statements for 40 branches\n",
        encoding="utf-8",
    )
    out = analyze(path)
    assert roles(out) == [("Staff Accountant", "Hill Country Bank", "2015", "2018")]
    assert out["roles"][0]["location"] == "Austin, TX"


def test_a_job_title_holding_a_section_word_is_no_heading(tmp_path: Path) -> None:
    path = tmp_path / "resume.txt"
    path.write_text(
        "Ann Lee\n\nEXPERIENCE\nSenior Engineer\nAcme Corp · 2021 – 2024\n- Ran the platform team\n"
        "Software Developer\nInitech · 2018 – 2021\n- Built the payroll export\n\nSKILLS\nGo, SQL\n",
        encoding="utf-8",
    )
    out = analyze(path)
    assert roles(out) == [
        ("Senior Engineer", "Acme Corp", "2021", "2024"),
        ("Software Developer", "Initech", "2018", "2021"),
    ]
    assert [s["name"] for s in out["skills"]] == ["Go", "SQL"]


def test_a_place_beside_the_dates_is_not_the_employer(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(
        "# Robin Park\n\n## Work\n\n### Senior UX Designer, Maple Health\n"
        "*January 2021 – Present · Toronto, ON*\n\n- Shipped a design system adopted by 6 teams\n",
        encoding="utf-8",
    )
    out = analyze(path)
    assert roles(out) == [("Senior UX Designer", "Maple Health", "2021-01", None)]
    assert out["roles"][0]["location"] == "Toronto, ON"
