"""PDF resumes laid out as other generators lay them out (fixtures written here, not eval texts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pdf_writer import Text, pdf

from prepflow.cli import cli


def load(path: Path) -> list[tuple[str, str]]:
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout.strip().splitlines()[-1])
    return [(item["kind"], item["text"]) for item in doc["lines"]]


def analyze(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["step", "run", "resume.analyze", "--with", f"source={path}", "--with", "as_of=2025-06", "--json"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def write(tmp_path: Path, page: list[Text]) -> Path:
    path = tmp_path / "resume.pdf"
    path.write_bytes(pdf([page]))
    return path


def roles(out: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]]


# Bullets in a font that maps the mark to no text, each mark set a little left of its item
# (a generator's own encoding); the first item's mark is read in one line with its text, the
# others apart from it.
UNMAPPED_BULLETS = [
    Text(72, 740, "Experience", size=14, bold=True),
    Text(72, 720, "Warehouse Lead, Harbor Freight Lines", bold=True),
    Text(400, 720, "Mar 2019 \u2013 Present"),
    Text(72, 706, "\x01", unmapped=True),
    Text(84, 706, "Cut picking errors by 30% with a two-scan check at packing"),
    Text(72, 692, "\x01", unmapped=True),
    Text(84, 692, "Trained nine new starters on the reach truck and the scanners, and wrote"),
    Text(84, 680, "the induction checklist the site still uses"),
    Text(72, 666, "\x01", unmapped=True),
    Text(84, 666, "Ran the night shift of fourteen people during peak season"),
]


def test_list_marks_that_map_to_no_text_are_still_bullets(tmp_path: Path) -> None:
    lines = load(write(tmp_path, UNMAPPED_BULLETS))
    assert lines[2:] == [
        ("bullet", "- Cut picking errors by 30% with a two-scan check at packing"),
        (
            "bullet",
            "- Trained nine new starters on the reach truck and the scanners, and wrote the induction"
            " checklist the site still uses",
        ),
        ("bullet", "- Ran the night shift of fourteen people during peak season"),
    ]
    out = analyze(write(tmp_path, UNMAPPED_BULLETS))
    assert roles(out) == [("Warehouse Lead", "Harbor Freight Lines", "2019-03", None)]
    assert len([a for a in out["achievements"] if a["role"] == 0]) == 3


# A browser-printed two-column resume: the main column at the left, and a sidebar at the right
# whose skills are one short item a line (fewer words a line than a column of prose has).
SHORT_SIDEBAR = [
    Text(40, 750, "Priya Nair", size=20, bold=True),
    Text(40, 720, "Work Experience", size=13, bold=True),
    Text(40, 702, "Payroll Specialist at Lakeside Dental Group", bold=True),
    Text(40, 690, "Feb 2020 \u2013 Present"),
    Text(40, 676, "Ran the fortnightly payroll for 240 staff across six clinics"),
    Text(40, 662, "Moved timesheets from paper to the HR system in three months"),
    Text(40, 640, "Accounts Assistant at Moor Lane Builders", bold=True),
    Text(40, 628, "Jun 2017 \u2013 Jan 2020"),
    Text(40, 614, "Reconciled supplier statements and chased overdue invoices"),
    Text(420, 720, "Contact", size=13, bold=True),
    Text(420, 702, "priya@example.org"),
    Text(420, 676, "Skills", size=13, bold=True),
    Text(420, 658, "Payroll"),
    Text(420, 646, "Sage 50"),
    Text(420, 634, "Xero"),
    Text(420, 622, "Excel"),
    Text(420, 610, "Pensions"),
    Text(420, 586, "Education", size=13, bold=True),
    Text(420, 568, "AAT Level 3"),
]


def test_a_sidebar_of_short_items_is_read_as_its_own_column(tmp_path: Path) -> None:
    lines = load(write(tmp_path, SHORT_SIDEBAR))
    texts = [text for _, text in lines]
    assert "Payroll Specialist at Lakeside Dental Group" in texts  # not run into the sidebar
    last_job_line = texts.index("Reconciled supplier statements and chased overdue invoices")
    assert texts.index("## Skills") > last_job_line
    out = analyze(write(tmp_path, SHORT_SIDEBAR))
    assert roles(out) == [
        ("Payroll Specialist", "Lakeside Dental Group", "2020-02", None),
        ("Accounts Assistant", "Moor Lane Builders", "2017-06", "2020-01"),
    ]
    assert [s["name"] for s in out["skills"]] == ["Payroll", "Sage 50", "Xero", "Excel", "Pensions"]


# Section names and dates in a left margin (a date column): a section name goes with the rows
# it heads, even when the row above is nearer; the years of two degrees, close together, are
# one note each; a section name under the last year starts anew.
DATE_COLUMN = [
    Text(50, 750, "Tomas Berg", size=18, bold=True),
    Text(50, 730, "tomas@example.org | 555 0100 | Oslo", size=9),
    Text(50, 712, "Experience", size=14, bold=True),
    Text(50, 690, "2018 \u2013 2023", size=9),
    Text(150, 690, "Site Engineer, Fjord Construction AS", bold=True),
    Text(150, 676, "Planned the concrete pours for a 12-storey office block"),
    Text(50, 650, "Education", size=14, bold=True),
    Text(50, 628, "2018", size=9),
    Text(150, 628, "MSc Civil Engineering, NTNU"),
    Text(50, 615, "2016", size=9),
    Text(150, 615, "BSc Civil Engineering, NTNU"),
    Text(50, 602, "Skills", size=14, bold=True),
    Text(150, 582, "AutoCAD, Revit, site surveying"),
]


def test_margin_headings_head_the_rows_below_and_margin_years_stay_apart(tmp_path: Path) -> None:
    lines = load(write(tmp_path, DATE_COLUMN))
    assert lines == [
        ("heading", "# Tomas Berg"),
        ("text", "tomas@example.org | 555 0100 | Oslo"),
        ("heading", "## Experience"),
        ("text", "Site Engineer, Fjord Construction AS · 2018 – 2023"),
        ("text", "Planned the concrete pours for a 12-storey office block"),
        ("heading", "## Education"),
        ("text", "MSc Civil Engineering, NTNU · 2018"),
        ("text", "BSc Civil Engineering, NTNU · 2016"),
        ("heading", "## Skills"),
        ("text", "AutoCAD, Revit, site surveying"),
    ]
    out = analyze(write(tmp_path, DATE_COLUMN))
    assert roles(out) == [("Site Engineer", "Fjord Construction AS", "2018", "2023")]
    assert [s["name"] for s in out["skills"]] == ["AutoCAD", "Revit", "site surveying"]


# A date column beside "**Title** Employer": the title in bold and the employer in the body font
# on one line with no mark between them; a bullet that wraps at a hyphen of a compound word.
WEIGHTS_APART = [
    Text(50, 750, "Lena Ortiz", size=18, bold=True),
    Text(50, 720, "Experience", size=14, bold=True),
    Text(50, 700, "2019 \u2013 Present", size=9),
    Text(150, 700, "Sous Chef", bold=True),
    Text(205, 700, "Marigold Kitchen"),
    Text(150, 686, "\u2022 Ran a 24-cover tasting menu and trained three commis chefs on high-"),
    Text(160, 674, "volume prep and the allergen log"),
    Text(50, 650, "2015 \u2013 2019", size=9),
    Text(150, 650, "Line Cook", bold=True),
    Text(200, 650, "The Anchor Inn"),
    Text(150, 636, "\u2022 Cooked the grill station for 180 covers a night"),
]


def test_a_title_and_employer_set_apart_by_weight_alone_are_two_fields(tmp_path: Path) -> None:
    lines = load(write(tmp_path, WEIGHTS_APART))
    assert ("text", "Sous Chef · Marigold Kitchen · 2019 – Present") in lines
    assert (
        "bullet",
        "- Ran a 24-cover tasting menu and trained three commis chefs on high-volume prep and the"
        " allergen log",
    ) in lines
    out = analyze(write(tmp_path, WEIGHTS_APART))
    assert roles(out) == [
        ("Sous Chef", "Marigold Kitchen", "2019", None),
        ("Line Cook", "The Anchor Inn", "2015", "2019"),
    ]


def test_a_word_broken_at_a_line_end_is_joined_and_a_compound_keeps_its_hyphen(tmp_path: Path) -> None:
    page = [
        Text(72, 740, "Summary", size=14, bold=True),
        Text(72, 720, "Led the data-"),
        Text(72, 708, "driven redesign of the warehouse pick paths and the docu-"),
        Text(72, 696, "mentation of every step for a 24-"),
        Text(72, 684, "hour operation."),
    ]
    lines = load(write(tmp_path, page))
    assert lines[1] == (
        "text",
        "Led the data-driven redesign of the warehouse pick paths and the documentation of every step"
        " for a 24-hour operation.",
    )


def test_list_marks_set_well_left_of_their_items_are_no_margin_heading(tmp_path: Path) -> None:
    page = [Text(72, 740, "Requirements", size=14, bold=True)]
    for n, item in enumerate(
        [
            "A forklift licence and two years in a busy warehouse",
            "Able to lift 25 kg and work on your feet all shift",
            "Experience with a handheld scanner is a plus",
        ]
    ):
        page += [Text(60, 720 - 16 * n, "\x01", unmapped=True), Text(84, 720 - 16 * n, item)]
    assert load(write(tmp_path, page)) == [
        ("heading", "# Requirements"),
        ("bullet", "- A forklift licence and two years in a busy warehouse"),
        ("bullet", "- Able to lift 25 kg and work on your feet all shift"),
        ("bullet", "- Experience with a handheld scanner is a plus"),
    ]


def test_a_mark_that_maps_to_no_text_between_skills_still_parts_them(tmp_path: Path) -> None:
    page = [Text(72, 740, "Skills", size=14, bold=True)]
    x = 72.0
    for skill in ["Payroll", "Sage 50", "Xero", "Pension auto-enrolment"]:
        page += [Text(x, 720, "\x01", unmapped=True), Text(x + 10, 720, skill)]
        x += 14 + 4.5 * len(skill)
    assert load(write(tmp_path, page))[1] == ("bullet", "- Payroll • Sage 50 • Xero • Pension auto-enrolment")


# A two-page resume with a sidebar at the right of page one; the second page goes on with the
# last job's items, under no heading of its own.
TWO_PAGES_SIDEBAR = [
    [
        Text(40, 750, "Ana Silva", size=20, bold=True),
        Text(40, 720, "WORK HISTORY", size=13, bold=True),
        Text(40, 700, "Store Manager - Flagship Store | Brightway Retail", bold=True),
        Text(40, 686, "Apr 2020 \u2013 Present"),
        Text(40, 672, "\u2022 Grew weekly sales by 12% with a new floor layout"),
        Text(40, 658, "\u2022 Hired and trained a team of 22 sales associates"),
        Text(40, 630, "Assistant Manager | Northgate Books", bold=True),
        Text(40, 616, "Jan 2016 \u2013 Mar 2020"),
        Text(40, 602, "\u2022 Ran the stock counts for three stores"),
        Text(420, 720, "CONTACT", size=13, bold=True),
        Text(420, 702, "ana@example.org"),
        Text(420, 676, "SKILLS", size=13, bold=True),
        Text(420, 658, "Visual merchandising"),
        Text(420, 644, "Rota planning"),
        Text(420, 630, "Stock control"),
        Text(420, 604, "CERTIFICATES", size=13, bold=True),
        Text(420, 586, "First Aid at Work, 2019"),
    ],
    [
        Text(40, 750, "\u2022 Cut shrinkage by a third with weekly spot checks"),
        Text(40, 736, "\u2022 Opened the store's online click-and-collect desk"),
    ],
]


def test_a_second_page_goes_on_with_the_main_column_not_the_sidebar(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(pdf(TWO_PAGES_SIDEBAR))
    lines = load(path)
    texts = [text for _, text in lines]
    assert texts.index("- Opened the store's online click-and-collect desk") < texts.index("## CONTACT")
    out = analyze(path)
    assert roles(out) == [
        ("Store Manager - Flagship Store", "Brightway Retail", "2020-04", None),
        ("Assistant Manager", "Northgate Books", "2016-01", "2020-03"),
    ]
    assert [a["text"] for a in out["achievements"] if a["role"] == 1] == [
        "Ran the stock counts for three stores",
        "Cut shrinkage by a third with weekly spot checks",
        "Opened the store's online click-and-collect desk",
    ]
    assert [s["name"] for s in out["skills"]] == ["Visual merchandising", "Rota planning", "Stock control"]


def test_an_employer_in_capitals_above_the_title_is_the_employer(tmp_path: Path) -> None:
    page = [
        Text(60, 740, "Employment", size=14, bold=True),
        Text(60, 718, "HARBOR FREIGHT LINES, INC.", bold=True),
        Text(60, 705, "Dispatch Coordinator"),
        Text(450, 705, "Jun 2018 \u2013 Present"),
        Text(74, 690, "\u2022 Planned daily routes for 40 drivers across three depots"),
    ]
    assert roles(analyze(write(tmp_path, page))) == [
        ("Dispatch Coordinator", "HARBOR FREIGHT LINES, INC.", "2018-06", None)
    ]


# Page one splits into a main column and a sidebar with headings; page two goes on with both,
# the sidebar's skills under no heading of their own.
COLUMNS_GO_ON = [
    [
        Text(40, 750, "Kofi Mensah", size=20, bold=True),
        Text(40, 720, "EXPERIENCE", size=13, bold=True),
        Text(40, 700, "Site Supervisor | Baobab Builders", bold=True),
        Text(40, 686, "Mar 2018 \u2013 Present"),
        Text(40, 672, "\u2022 Ran a crew of 14 on a 60-unit housing scheme"),
        Text(40, 658, "\u2022 Kept the build four weeks ahead of the programme"),
        Text(420, 720, "CONTACT", size=13, bold=True),
        Text(420, 702, "kofi@example.org"),
        Text(420, 676, "SKILLS", size=13, bold=True),
        Text(420, 658, "Site safety"),
        Text(420, 644, "Setting out"),
        Text(420, 630, "Patient education"),
    ],
    [
        Text(40, 750, "Foreman | Kente Civil Works", bold=True),
        Text(40, 736, "Jan 2014 \u2013 Feb 2018"),
        Text(40, 722, "\u2022 Laid the drainage for a two-mile bypass"),
        Text(420, 750, "Scaffold inspection"),
        Text(420, 736, "Programme planning"),
    ],
]


def test_columns_go_on_over_the_page_and_a_plain_skill_is_no_heading(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(pdf(COLUMNS_GO_ON))
    texts = [text for _, text in load(path)]
    assert texts.index("Foreman | Kente Civil Works") < texts.index("Scaffold inspection")
    out = analyze(path)
    assert roles(out) == [
        ("Site Supervisor", "Baobab Builders", "2018-03", None),
        ("Foreman", "Kente Civil Works", "2014-01", "2018-02"),
    ]
    assert [s["name"] for s in out["skills"]] == [
        "Site safety",
        "Setting out",
        "Patient education",
        "Scaffold inspection",
        "Programme planning",
    ]
