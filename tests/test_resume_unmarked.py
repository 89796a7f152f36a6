"""Resumes laid out the ways other generators lay them out: lists printed without marks (an HTML
page printed to PDF), the employer on its own line above the title, a sidebar of skills one per
line, a date range broken over two rows, projects dated like jobs, headings outside the usual
words. Every fixture here is written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pdf_writer import Text, pdf

from prepflow.cli import cli


def run(step: str, path: Path) -> dict:
    args = ["step", "run", step, "--with", f"source={path}", "--json"]
    if step == "resume.analyze":
        args[5:5] = ["--with", "as_of=2025-06"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def roles(out: dict) -> list[tuple]:
    return [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]]


def claims(out: dict) -> list[tuple[int | None, str]]:
    return [(a["role"], a["text"]) for a in out["achievements"]]


# One column; the employer in bold above "Title ... dates" (dates set at the right margin, as
# year.month); the items of each job printed without bullet marks, as a browser prints an HTML list.
UNMARKED = [
    Text(72, 740, "Robin Vale", size=22),
    Text(72, 712, "EMPLOYMENT HISTORY", size=13, bold=True),
    Text(72, 690, "Harbor Logistics", bold=True),
    Text(72, 678, "Analyst, Business Intelligence"),
    Text(480, 678, "2021.03 \u2013 pres."),
    # a full-width item, then an item opening with a capitalised verb: two items, not one wrapped
    Text(86, 664, "Rebuilt the weekly sales dashboard in Power BI and cut report preparation from two days"),
    Text(86, 652, "Trained 40 regional managers to read the new margin reports"),
    # an item that does wrap: its second row starts in lower case
    Text(86, 640, "Merged six spreadsheets of supplier data into one SQL model that the purchasing team and"),
    Text(86, 628, "the finance office now use every week"),
    Text(72, 606, "Contoso Bank", bold=True),
    Text(72, 594, "Senior Associate, Risk & Compliance"),
    Text(480, 594, "2018.09 \u2013 2021.02"),
    Text(86, 580, "Reviewed 300 loan \ufb01les a quarter with no audit \ufb01ndings"),
    Text(72, 556, "SKILLS AND ABILITIES", size=13, bold=True),
    Text(72, 538, "SQL, Power BI, Excel"),
]


def test_a_list_printed_without_marks_gives_one_achievement_per_item(tmp_path: Path) -> None:
    path = tmp_path / "unmarked.pdf"
    path.write_bytes(pdf([UNMARKED]))
    out = run("resume.analyze", path)
    assert roles(out) == [
        ("Analyst, Business Intelligence", "Harbor Logistics", "2021-03", None),
        ("Senior Associate, Risk & Compliance", "Contoso Bank", "2018-09", "2021-02"),
    ]
    assert claims(out) == [
        (0, "Rebuilt the weekly sales dashboard in Power BI and cut report preparation from two days"),
        (0, "Trained 40 regional managers to read the new margin reports"),
        (
            0,
            "Merged six spreadsheets of supplier data into one SQL model that the purchasing team and"
            " the finance office now use every week",
        ),
        (1, "Reviewed 300 loan files a quarter with no audit findings"),  # ligatures read as letters
    ]
    assert [s["name"] for s in out["skills"]] == ["SQL", "Power BI", "Excel"]


# Two columns: the jobs on the left, a sidebar of skills (one per line, in lower case) and dated
# certificates on the right; the first job's date range broken over two rows.
SIDEBAR = [
    Text(40, 740, "EXPERIENCE", size=16, bold=True),
    Text(40, 715, "Lead Content Designer | Lakeside College | Jul 2012"),
    Text(40, 703, "\u2013 Present"),
    Text(40, 689, "Wrote the style guide every college office now follows"),
    Text(40, 675, "Ran usability tests with 60 students each term"),
    Text(40, 650, "Editor | Riverside Press | 2009 \u2013 2012"),
    Text(40, 636, "Edited two essay series on regional history"),
    Text(40, 611, "Copy Editor | Hill Books | Sep", bold=True),  # the month left on a bold row
    Text(40, 599, "2007 \u2013 Aug 2009"),
    Text(390, 740, "SKILLS", size=16, bold=True),
    Text(390, 715, "content design"),
    Text(390, 701, "card sorting"),
    Text(390, 687, "plain language"),
    Text(390, 673, "tree testing"),
    Text(390, 640, "CERTIFICATIONS", size=16, bold=True),
    Text(390, 615, "First Aid at Work"),
    Text(390, 601, "Mar 2021 \u2013 Mar 2024"),
]


def test_a_sidebar_list_and_a_broken_date_range(tmp_path: Path) -> None:
    path = tmp_path / "sidebar.pdf"
    path.write_bytes(pdf([SIDEBAR]))
    texts = [line["text"] for line in run("doc.load", path)["lines"]]
    assert "Lead Content Designer | Lakeside College | Jul 2012 – Present" in texts
    out = run("resume.analyze", path)
    assert roles(out) == [
        ("Lead Content Designer", "Lakeside College", "2012-07", None),
        ("Editor", "Riverside Press", "2009", "2012"),
        ("Copy Editor", "Hill Books", "2007-09", "2009-08"),
    ]
    assert claims(out) == [
        (0, "Wrote the style guide every college office now follows"),
        (0, "Ran usability tests with 60 students each term"),
        (1, "Edited two essay series on regional history"),
    ]
    assert [s["name"] for s in out["skills"]] == [
        "content design",
        "card sorting",
        "plain language",
        "tree testing",
    ]


def test_a_dated_project_under_experience_is_no_job(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(
        "# Sam Ortiz\n\n## Professional History\n\n"
        "Support Engineer, Bluebird Software · 2019 – Present\n\n"
        "- Answered 40 tickets a day with a 95% satisfaction score\n\n"
        "Side Projects · 2020 – Present\n\n"
        "- Built a CLI that checks broken links in Markdown\n\n"
        "## Skills and Abilities\n\n- Linux, Bash, SQL\n",
        encoding="utf-8",
    )
    out = run("resume.analyze", path)
    assert roles(out) == [("Support Engineer", "Bluebird Software", "2019", None)]
    assert claims(out) == [
        (0, "Answered 40 tickets a day with a 95% satisfaction score"),
        (None, "Built a CLI that checks broken links in Markdown"),
    ]
    assert [s["name"] for s in out["skills"]] == ["Linux", "Bash", "SQL"]


def test_items_run_together_are_split_at_the_verb_that_starts_the_next(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(
        "# Sam Ortiz\n\n## Experience\n\nSupport Engineer, Bluebird Software · 2019 – Present\n\n"
        "- Collaborated with the billing team every sprint Created RESTful endpoints for two partners\n"
        "- Worked with Applied Materials on a shared test rig\n"
        "- Tuned the ranking models for ride allocation Utilized TensorFlow for the forecasts\n"
        "- Lakeside Portal, lakeside.example/portal Developed the content structure of the directory\n",
        encoding="utf-8",
    )
    out = run("resume.analyze", path)
    assert [text for _, text in claims(out)] == [
        "Collaborated with the billing team every sprint",
        "Created RESTful endpoints for two partners",
        "Worked with Applied Materials on a shared test rig",  # a name, not a new claim
        "Tuned the ranking models for ride allocation",
        "Utilized TensorFlow for the forecasts",
        # a project's name before its claim is no claim of its own
        "Lakeside Portal, lakeside.example/portal Developed the content structure of the directory",
    ]


def test_title_with_a_comma_at_its_employer(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(
        "# Priya Raman\n\n## Relevant Experience\n\n"
        "**Analyst, Business Intelligence at Northwind Traders**\n\nMarch 2021 to Present\n\n"
        "- Rebuilt the weekly sales dashboard in Power BI\n",
        encoding="utf-8",
    )
    out = run("resume.analyze", path)
    assert roles(out) == [("Analyst, Business Intelligence", "Northwind Traders", "2021-03", None)]


# Bullets typed as "•" at the start of a plain paragraph: a long item wraps under its mark, not
# with a hanging indent, and a hyphenated name breaks over the two rows.
TYPED_BULLETS = [
    Text(72, 740, "Amal Haddad", size=22),
    Text(72, 712, "EXPERIENCE", size=13, bold=True),
    Text(72, 690, "LAKESIDE COLLEGE \u2014 Duluth, MN", bold=True),
    Text(72, 678, "Content Strategist | 07/2012 \u2013 Current"),
    Text(
        82, 664, "\u2022 Wrote the voice and tone guide that the admissions office and every department now"
    ),
    Text(82, 652, "use for their pages"),
    Text(
        82,
        640,
        "\u2022 Contributed as one of four subject matter experts to the campus Content Strategy Self-",
    ),
    Text(82, 628, "Help Guide"),
    Text(82, 616, "\u2022 Ran usability tests with 60 students each term"),
]


def test_bullets_typed_in_plain_paragraphs_wrap_under_their_mark(tmp_path: Path) -> None:
    path = tmp_path / "typed.pdf"
    path.write_bytes(pdf([TYPED_BULLETS]))
    out = run("resume.analyze", path)
    assert roles(out) == [("Content Strategist", "LAKESIDE COLLEGE", "2012-07", None)]
    assert [text for _, text in claims(out)] == [
        "Wrote the voice and tone guide that the admissions office and every department now"
        " use for their pages",
        "Contributed as one of four subject matter experts to the campus Content Strategy Self-Help Guide",
        "Ran usability tests with 60 students each term",
    ]


def test_text_pasted_one_item_per_line_and_text_wrapped_at_a_width(tmp_path: Path) -> None:
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(
        "Noor Haddad\n\nWORK EXPERIENCE\n\n"
        "Support Engineer | Bluebird Software | Mar 2019 - Present\n"
        "Answered forty tickets a day with a satisfaction score of ninety-five percent\n"
        "Wrote the runbook the night shift uses for outages\n"
        "Trained six new hires on the ticket queue\n",
        encoding="utf-8",
    )
    assert [text for _, text in claims(run("resume.analyze", pasted))] == [
        "Answered forty tickets a day with a satisfaction score of ninety-five percent",
        "Wrote the runbook the night shift uses for outages",
        "Trained six new hires on the ticket queue",
    ]
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text(
        "Noor Haddad\n\nExperience\n==========\n\n"
        "Support Engineer, Bluebird Software, March 2019 - Present\n\n"
        "Answered forty tickets a day for the three largest customers of the\n"
        "company and kept a satisfaction score above ninety-five percent over\n"
        "two years\n"
        "Wrote the runbook that the night shift uses for outages of the billing\n"
        "service\n",
        encoding="utf-8",
    )
    assert [text for _, text in claims(run("resume.analyze", wrapped))] == [
        "Answered forty tickets a day for the three largest customers of the company and kept a"
        " satisfaction score above ninety-five percent over two years",
        "Wrote the runbook that the night shift uses for outages of the billing service",
    ]


def test_a_bullets_second_line_is_not_the_next_employer(tmp_path: Path) -> None:
    path = tmp_path / "resume.txt"
    path.write_text(
        "Noor Haddad\n\nExperience\n==========\n\n"
        "Bluebird Software\nSupport Engineer, March 2019 - Present\n\n"
        "* Kept the help centre articles current for the two largest product\n"
        "  Lines\n\n"
        "Lakeside Library\nAssistant, June 2016 - February 2019\n\n"
        "* Ran the Saturday coding club for thirty children\n",
        encoding="utf-8",
    )
    assert roles(run("resume.analyze", path)) == [
        ("Support Engineer", "Bluebird Software", "2019-03", None),
        ("Assistant", "Lakeside Library", "2016-06", "2019-02"),
    ]
