"""Kinds of real-world input the readers must take in their stride, each with an invented fixture:
text encoded twice, HTML comments in Markdown, Word tables, one-year jobs, work arrangements,
postings that state few requirements, and the employer or place said in passing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from prepflow_plugins.documents.lines import repair_mojibake

from prepflow.cli import cli


def run(step: str, path: Path, *extra: str) -> dict[str, Any]:
    args = ["step", "run", step, "--with", f"source={path}", *extra, "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


# -- text encoded twice ------------------------------------------------------------


def test_double_encoded_text_is_repaired() -> None:
    right = "It’s a role – café, naïve “quotes” and £5 — all”"
    twice = "".join(
        chr(b) if b < 0x80 or b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
        for b in right.encode("utf-8")
    )
    assert "â€" in twice
    assert repair_mojibake(twice) == right
    assert repair_mojibake(right.encode("utf-8").decode("latin-1")) == right


def test_text_that_rightly_holds_accents_is_left_alone() -> None:
    for text in ("Café – Zürich", "Â is a letter; Ã too", "Itâ€™s mixed with café", "plain ascii"):
        assert repair_mojibake(text) == text


def test_a_posting_saved_twice_reads_with_its_own_punctuation(tmp_path: Path) -> None:
    text = (
        "Clerk\n\nMinimum Qualifications\n\n"
        "- Two years’ experience in a busy office – filing, phones and post\n"
        "- A typing speed of 40 words a minute\n- Knowledge of the city’s record rules\n"
    )
    path = tmp_path / "clerk.txt"
    path.write_text(text.encode("utf-8").decode("cp1252", errors="replace"), encoding="utf-8")
    out = run("job.analyze", path)
    texts = [r["text"] for r in out["requirements"]]
    assert "Two years’ experience in a busy office – filing, phones and post" in texts
    assert not any("â€" in t for t in texts)


# -- HTML comments -----------------------------------------------------------------


def test_html_comments_in_markdown_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_text(
        "# Baker\n<!--StartFragment-->\n## Requirements\n- Two years of bakery experience\n"
        "- A food hygiene certificate <!-- check wording -->\n- Early starts\n<!--\nNotes for editors:\n"
        "- Remember to update the salary\n-->\n<!--EndFragment-->\n",
        encoding="utf-8",
    )
    out = run("job.analyze", path)
    texts = [r["text"] for r in out["requirements"]]
    assert texts == ["Two years of bakery experience", "A food hygiene certificate", "Early starts"]


# -- Word tables -------------------------------------------------------------------


def test_word_skills_table_with_group_cells(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Morgan Ellis", style="Title")
    document.add_heading("Experience", level=1)
    document.add_heading("Senior Data Engineer, Harbor Logistics", level=2)
    document.add_paragraph("March 2021 – Present")
    document.add_paragraph(
        "Cut nightly load time by 40% by partitioning the warehouse tables", style="List Bullet"
    )
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (group, items) in zip(
        table.rows,
        [("Languages", "Python, SQL"), ("Infrastructure", "Terraform, Kubernetes"), ("Tools", "Airflow")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = group, items
    document.add_heading("Education", level=1)
    document.add_paragraph("B.S. Computer Science, University of Minnesota, 2014")
    path = tmp_path / "resume.docx"
    document.save(str(path))
    out = run("resume.analyze", path, "--with", "as_of=2025-06")
    assert [s["name"] for s in out["skills"]] == ["Python", "SQL", "Terraform", "Kubernetes", "Airflow"]
    assert [(r["title"], r["organisation"]) for r in out["roles"]] == [
        ("Senior Data Engineer", "Harbor Logistics")
    ]


def test_word_table_of_fields_in_a_posting(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Site Electrician", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Location", "Leeds, England"
    table.cell(1, 0).text, table.cell(1, 1).text = "Salary", "£38,000 a year"
    document.add_heading("Essential criteria", level=2)
    for text in (
        "An 18th Edition wiring certificate",
        "Three years on commercial sites",
        "A full driving licence",
    ):
        document.add_paragraph(text, style="List Bullet")
    path = tmp_path / "electrician.docx"
    document.save(str(path))
    out = run("job.analyze", path)
    assert out["location"]["text"] == "Leeds, England"
    assert out["pay"]["text"] == "£38,000 a year"
    assert len(out["requirements"]) == 3


# -- one-year jobs -------------------------------------------------------------------

CV = """---
layout: cv
title: Morgan Ellis's CV
---
# Morgan Ellis
Data engineer, Duluth.

## Experience

`2021 - now`
__Senior Data Engineer__, Harbor Logistics

- Cut nightly load time by 40% by partitioning the warehouse tables

`2018 – 2019`
__Data Analyst__, Prairie Credit Union

- Built 25 SQL reports used by branch managers every week

`2015`
__Intern__, Lakeside Library

- Digitised 1,200 archive photos for the county history room

## Awards

`2016`
Volunteer of the year, Duluth Public Library

## Skills

Python, SQL

<!-- Last updated: May 2024 -->
"""


def test_markdown_cv_with_year_dates(tmp_path: Path) -> None:
    path = tmp_path / "cv.md"
    path.write_text(CV, encoding="utf-8")
    out = run("resume.analyze", path, "--with", "as_of=2025-06")
    assert [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]] == [
        ("Senior Data Engineer", "Harbor Logistics", "2021", None),
        ("Data Analyst", "Prairie Credit Union", "2018", "2019"),
        ("Intern", "Lakeside Library", "2015", "2015"),
    ]
    assert [(a["role"], a["text"][:9]) for a in out["achievements"]] == [
        (0, "Cut night"),
        (1, "Built 25 "),
        (2, "Digitised"),
    ]


# -- postings that say little, and say it in passing ------------------------------------

SPARSE = """Front Desk Associate

At Lakeshore Dental Group, LLC, we care for families across the county.

Job Description:

• This is an onsite position, remote work is not available
• Greets patients at the front desk and checks them in for their appointments
• Books and confirms appointments by phone and e-mail
• Collects co-payments and posts them to patient accounts
• Must be able to stand for most of the shift
• Other duties as assigned

Schedule: Monday - Friday 8:00 a.m. - 5:00 p.m., in Kenosha, WI.

Great benefits available after 60 days, including paid holidays and dental insurance.

Lakeshore Dental Group is an equal opportunity employer and shall not discriminate against any applicant.

Please send your resume to the office manager.
"""


def test_a_posting_that_states_few_requirements_still_gives_three(tmp_path: Path) -> None:
    path = tmp_path / "front-desk.txt"
    path.write_text(SPARSE, encoding="utf-8")
    out = run("job.analyze", path)
    reqs = {r["text"]: r for r in out["requirements"]}
    onsite = reqs["This is an onsite position, remote work is not available"]
    assert (onsite["priority"], onsite["kind"], onsite["why"]["from"]) == ("must", "eligibility", "sentence")
    assert "Must be able to stand for most of the shift" in reqs
    duty = reqs["Greets patients at the front desk and checks them in for their appointments"]
    assert duty["priority"] == "must" and "fewer than three requirements" in duty["why"]["cue"]
    assert len(out["requirements"]) == 3
    duties = " | ".join(r["text"] for r in out["responsibilities"]).lower()
    assert "benefits" not in duties and "equal opportunity" not in duties and "resume" not in duties
    assert out["company"] == {
        "text": "Lakeshore Dental Group, LLC",
        "source": out["company"]["source"],
        "from": "text",
    }
    assert out["location"]["text"] == "Kenosha, WI (On-site)"  # the place, and the mode it states


def test_work_arrangement_sentences_are_conditions_of_the_job(tmp_path: Path) -> None:
    path = tmp_path / "remote.md"
    path.write_text(
        "# Support Engineer\n\nWe are a small team that builds tools for libraries. This is a remote-only "
        "position. The role is a hybrid of support and engineering work.\n\n## Requirements\n\n"
        "- Two years answering technical support tickets\n- Experience with SQL\n",
        encoding="utf-8",
    )
    out = run("job.analyze", path)
    texts = [r["text"] for r in out["requirements"]]
    assert "This is a remote-only position" in texts
    assert not any("hybrid of support" in t for t in texts)


def test_the_employer_named_in_passing(tmp_path: Path) -> None:
    cases = {
        "The Parks Planner for the City of Millbrook’s Green Spaces team drafts plans for new parks.": (
            "City of Millbrook"
        ),
        "Orders are placed with Harbor Freight Tools, Inc. and shipped the same day.": (
            "Harbor Freight Tools, Inc."
        ),
    }
    for n, (sentence, company) in enumerate(cases.items()):
        path = tmp_path / f"posting{n}.md"
        path.write_text(
            f"# Planner\n\n{sentence}\n\n## Requirements\n\n- A degree in planning\n", encoding="utf-8"
        )
        assert run("job.analyze", path)["company"]["text"] == company
    path = tmp_path / "licence.md"
    path.write_text(
        "# Electrician\n\n## Requirements\n\n- State of Ohio electrical contractors license\n",
        encoding="utf-8",
    )
    assert run("job.analyze", path)["company"] is None


def test_a_town_named_after_located_in(tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_text(
        "# Line Supervisor\n\nOakridge Foods Inc. located in Millersburg has an immediate opening for a "
        "Line Supervisor.\n\n## Requirements\n\n- Three years leading a production line\n",
        encoding="utf-8",
    )
    out = run("job.analyze", path)
    assert (out["location"]["text"], out["location"]["from"]) == ("Millersburg", "sentence")
    assert out["company"]["text"] == "Oakridge Foods Inc."


# -- duties said in prose ------------------------------------------------------------------

PROSE_DUTIES = """# Archivist @ Quarry Museum

The Quarry Museum seeks an Archivist to join our small team, primarily to catalogue the mining
collection. We are also seeking a volunteer coordinator to join us next spring.

In this role, you would answer research enquiries from the public, as well as digitise fragile
maps, and publish them online.

## Responsibilities

- Work with curators to understand what each exhibition needs; match this to items in the store.
- Keep the collection database up to date; train volunteers in its use.
- The successful candidate will do conservation and outreach work, including condition checks,
  school visits, and talks.

## Requirements

- A degree in archives and records management
"""


def test_duties_said_in_prose(tmp_path: Path) -> None:
    path = tmp_path / "archivist.md"
    path.write_text(PROSE_DUTIES, encoding="utf-8")
    duties = [r["text"] for r in run("job.analyze", path)["responsibilities"]]
    assert "Catalogue the mining collection" in duties  # the purpose of the pitch, not the pitch
    assert not any("volunteer coordinator" in d or "seeks" in d for d in duties)
    assert (
        "answer research enquiries from the public, as well as digitise fragile maps, and publish them online"
        in duties
    )
    # a clause that points back ("match this to ...") stays with the one before it
    assert (
        "Work with curators to understand what each exhibition needs; match this to items in the store"
        in duties
    )
    assert "Keep the collection database up to date" in duties and "train volunteers in its use" in duties
    assert {"condition checks", "school visits"} <= set(duties)


# -- lists typed one item per line, and labels that say the priority ------------------------

ONE_PER_LINE = """Community Health Coordinator
Riverside Health Trust

what you will bring:
Three years of experience coordinating health or community services
A full driving licence
Excellent spoken and written English
"""

BR_LIST = """<div><h1>Data Analyst</h1>
<p><b>Skills required -</b></p>
<p>Two years of SQL experience<br>Experience with Python or R<br>A degree in a numerate subject</p>
<p><em>Nice to have:</em> Knowledge of housing data standards</p>
</div>
"""


def test_an_item_that_names_a_section_is_still_an_item_of_its_list(tmp_path: Path) -> None:
    """'A full driving licence' names a kind of section ('Licences'), but sits in a list typed one
    item per line (text) or one per line break (HTML): it is an item, not a heading."""
    text, html = tmp_path / "coordinator.txt", tmp_path / "analyst.html"
    text.write_text(ONE_PER_LINE, encoding="utf-8")
    html.write_text(BR_LIST, encoding="utf-8")
    out = run("job.analyze", text)
    assert [(r["text"], r["priority"], r["section"]) for r in out["requirements"]] == [
        (
            "Three years of experience coordinating health or community services",
            "must",
            "what you will bring",
        ),
        ("A full driving licence", "must", "what you will bring"),
        ("Excellent spoken and written English", "must", "what you will bring"),
    ]
    assert out["company"]["text"] == "Riverside Health Trust"  # its own line under the title
    out = run("job.analyze", html)
    assert [(r["text"], r["priority"]) for r in out["requirements"]] == [
        ("Two years of SQL experience", "must"),
        ("Experience with Python or R", "must"),
        ("A degree in a numerate subject", "must"),
        ("Knowledge of housing data standards", "nice"),  # the label gives the priority, not the text
    ]
    assert out["requirements"][-1]["why"] == {"from": "field", "cue": "Nice to have", "line": 4}


RESUME_HEADERS = """# Jordan Avery
jordan.avery@example.org | Leeds, UK

## Where I've Worked

**Analyst, Business Intelligence** | Northwind Retail | 2019.05 – Pres.
- Migrated 12 legacy reports to Power BI

**Data Intern** | Leeds City Council | 2018‑2019
- Cleaned 3 years of housing repair records for a demand forecast

## Projects

**Bus Tracker** (2020)
- Built a live map of city buses with 500 daily users

## Relevant Skills

SQL, Python, Power BI
"""


def test_resume_headers_with_a_comma_in_the_title_and_a_heading_of_its_own(tmp_path: Path) -> None:
    """A title holding a comma stays whole when bars part it from the employer; year.month dates,
    'Pres.' and a non-breaking hyphen read; an experience heading in the writer's own words;
    a project's bullets are no achievement of the last job."""
    path = tmp_path / "resume.md"
    path.write_text(RESUME_HEADERS, encoding="utf-8")
    out = run("resume.analyze", path, "--with", "as_of=2025-06")
    assert [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]] == [
        ("Analyst, Business Intelligence", "Northwind Retail", "2019-05", None),
        ("Data Intern", "Leeds City Council", "2018", "2019"),
    ]
    assert [(a["role"], a["text"][:12]) for a in out["achievements"]] == [
        (0, "Migrated 12 "),
        (1, "Cleaned 3 ye"),
        (None, "Built a live"),
    ]
    assert [s["name"] for s in out["skills"]] == ["SQL", "Python", "Power BI"]


def test_an_employer_and_its_place_run_together(tmp_path: Path) -> None:
    """A PDF's right-aligned place loses its gap: 'Harbor Tools Inc. Austin, TX' is the employer
    'Harbor Tools Inc.' in Austin."""
    path = tmp_path / "resume.md"
    path.write_text(
        "# Sam Okafor\n\n## Experience\n\nHarbor Tools Inc. Austin, TX · 2016 – 2020\n\nData Engineer\n\n"
        "- Moved 40 nightly jobs to Airflow\n\n## Skills\n\nPython, Airflow\n",
        encoding="utf-8",
    )
    out = run("resume.analyze", path, "--with", "as_of=2025-06")
    assert [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]] == [
        ("Data Engineer", "Harbor Tools Inc.", "2016", "2020")
    ]


BOARD_FIELDS = """Registered Nurse - Night Shift
Maple Grove Care Home
Hamilton, ON
$38–$45 an hour - Full-time

Full job description
Maple Grove Care Home is a 90-bed long-term care home in Hamilton.

Responsibilities:
Assess residents and update care plans
Give medications and treatments as ordered
Supervise two personal support workers on each shift

Qualifications:
BScN or diploma in nursing
Two years of long-term care experience is an asset

Ability to commute/relocate:
Hamilton, ON: reliably commute or plan to relocate before starting work (required)

Work Location: In person
"""


def test_a_job_board_copy_with_its_header_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "nurse.txt"
    path.write_text(BOARD_FIELDS, encoding="utf-8")
    out = run("job.analyze", path)
    # "Hamilton, ON" ends on a region code, not on the word "on": the next line is not its tail
    assert out["location"]["text"] == "Hamilton, ON (In person)"
    assert out["pay"]["text"] == "$38–$45 an hour - Full-time"
    reqs = {r["text"]: r["priority"] for r in out["requirements"]}
    assert (
        reqs["Hamilton, ON: reliably commute or plan to relocate before starting work (required)"] == "must"
    )
    assert reqs["Two years of long-term care experience is an asset"] == "nice"
    assert [r["text"] for r in out["responsibilities"]] == [
        "Assess residents and update care plans",
        "Give medications and treatments as ordered",
        "Supervise two personal support workers on each shift",
    ]  # what the employer is, is no duty


def test_the_application_of_a_skill_is_no_job_application(tmp_path: Path) -> None:
    path = tmp_path / "officer.md"
    path.write_text(
        "# Officer\n\n## Essential criteria\n\n- Knowledge of mobile devices and the application of device "
        "policies within a business\n- Your application must include a cover letter\n"
        "- Two years of IT support\n",
        encoding="utf-8",
    )
    texts = [r["text"] for r in run("job.analyze", path)["requirements"]]
    assert texts == [
        "Knowledge of mobile devices and the application of device policies within a business",
        "Two years of IT support",
    ]


PROCESS_WORDS = """# Contact Centre Team Leader

## Requirements

- Three years of experience in a contact centre
- Ability to prepare and submit grant applications
- Knowledge of the hiring process and employment law
- Experience supporting veterans and their families
- Able to review resumes and shortlist candidates
- Experience will be assessed at interview

Please submit your resume and cover letter by 1 May.
"""


def test_words_about_applying_can_be_what_a_candidate_knows(tmp_path: Path) -> None:
    """'contact', 'submit', 'hiring process', 'veterans', 'resumes' are how-to-apply words, but in
    an item that names what the candidate brings they are its subject (HR, contact centres, grants)."""
    path = tmp_path / "leader.md"
    path.write_text(PROCESS_WORDS, encoding="utf-8")
    texts = [r["text"] for r in run("job.analyze", path)["requirements"]]
    assert texts == [
        "Three years of experience in a contact centre",
        "Ability to prepare and submit grant applications",
        "Knowledge of the hiring process and employment law",
        "Experience supporting veterans and their families",
        "Able to review resumes and shortlist candidates",
    ]


BENEFIT_WORDS = """# Dental Nurse

## Requirements

- A dental nurse qualification recognised by the GDC
- Experience administering health insurance and payroll by direct deposit
- Knowledge of compensation and salary benchmarking
- We are a friendly practice in the town centre

## Benefits

- Dental cover and 25 days paid holidays
"""


def test_words_about_benefits_can_be_what_a_candidate_knows(tmp_path: Path) -> None:
    """'dental', 'health insurance', 'direct deposit', 'salary' mark benefits and conditions, but in
    an item that names what the candidate brings they are its subject (healthcare, HR, payroll)."""
    path = tmp_path / "dental.md"
    path.write_text(BENEFIT_WORDS, encoding="utf-8")
    out = run("job.analyze", path)
    assert [r["text"] for r in out["requirements"]] == [
        "A dental nurse qualification recognised by the GDC",
        "Experience administering health insurance and payroll by direct deposit",
        "Knowledge of compensation and salary benchmarking",
    ]


def test_a_short_duty_about_benefits_work_is_a_duty(tmp_path: Path) -> None:
    path = tmp_path / "dental.md"
    path.write_text(
        "# Dental Nurse\n\n## Responsibilities\n\n- Provide dental care to patients\n"
        "- Process salary payments each month\n- Dental cover for you\n\n## Requirements\n\n"
        "- A dental nurse qualification\n",
        encoding="utf-8",
    )
    duties = [r["text"] for r in run("job.analyze", path)["responsibilities"]]
    assert duties == ["Provide dental care to patients", "Process salary payments each month"]


def test_a_word_person_specification_table(tmp_path: Path) -> None:
    """A Word table whose last column marks each criterion E or D (its header row names the column)."""
    import docx

    document = docx.Document()
    document.add_heading("Social Worker", level=1)
    document.add_paragraph("Person specification")
    table = document.add_table(rows=4, cols=2)
    rows = [
        ("Criteria", "Essential / Desirable"),
        ("A degree in social work", "E"),
        ("Registration with Social Work England", "Essential"),
        ("Experience with case management software", "D"),
    ]
    for row, (criterion, mark) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = criterion, mark
    path = tmp_path / "spec.docx"
    document.save(str(path))
    out = run("job.analyze", path)
    assert [(r["text"], r["priority"], r["why"]["cue"]) for r in out["requirements"]] == [
        ("A degree in social work", "must", "E"),
        ("Registration with Social Work England", "must", "Essential"),
        ("Experience with case management software", "nice", "D"),
    ]


def test_the_employer_named_in_its_equal_opportunity_line_or_a_why_heading(tmp_path: Path) -> None:
    cases = {
        "eeo.md": (
            "# Welder\n\n## Requirements\n\n- Three years of MIG welding\n\n"
            "Brightwater Fabrication is an equal opportunity employer.\n"
        ),
        "why.md": (
            "# Welder\n\n## Why Brightwater Fabrication?\n\nWe build bridges.\n\n## Requirements\n\n"
            "- MIG welding\n"
        ),
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert run("job.analyze", path)["company"]["text"] == "Brightwater Fabrication", name


def test_navigation_and_site_headings_are_no_title(tmp_path: Path) -> None:
    cases = {
        "board.txt": (
            "Back to search results\nSenior Bookkeeper\nPinewood Accounting Ltd\nBristol, England\n"
            "Apply now\n\nRequirements\nAAT level 3\nThree years of bookkeeping\nXero\n"
        ),
        "site.md": (
            "# Careers at Acme Robotics\n\n## Field Service Engineer\n\n"
            "Acme Robotics builds warehouse robots.\n\n### Requirements\n\n"
            "- Two years fixing industrial machines\n"
        ),
        "page.html": (
            "<html><head><title>Staff Nurse - Job Details</title></head><body><h1>Job details</h1>"
            "<h2>Staff Nurse</h2><h3>Requirements</h3><ul><li>Registered nurse</li></ul></body></html>"
        ),
    }
    titles = {}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = run("job.analyze", path)
        titles[name] = (out["role"]["text"], (out["company"] or {}).get("text"))
    assert titles == {
        "board.txt": ("Senior Bookkeeper", "Pinewood Accounting Ltd"),
        "site.md": ("Field Service Engineer", "Acme Robotics"),
        "page.html": ("Staff Nurse", None),
    }


def test_a_word_table_of_sections_beside_their_text(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Library Assistant", level=1)
    table = document.add_table(rows=3, cols=2)
    rows = [
        ("Location", "Millbrook, England"),
        (
            "Main duties",
            "Issue and return books at the front desk, help visitors find what they need in the "
            "catalogue, and run the Saturday story time for children.",
        ),
        (
            "Requirements",
            "Two years of customer service experience in a busy public setting. Good IT skills. "
            "A friendly manner with people of all ages.",
        ),
    ]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    path = tmp_path / "library.docx"
    document.save(str(path))
    out = run("job.analyze", path)
    assert out["location"]["text"] == "Millbrook, England"
    assert [s["category"] for s in out["sections"]][-2:] == ["responsibilities", "requirements"]
    assert [r["text"] for r in out["requirements"]] == [
        "Two years of customer service experience in a busy public setting",
        "Good IT skills",
        "A friendly manner with people of all ages",
    ]
    assert out["responsibilities"][0]["text"].startswith("Issue and return books")


def test_a_pdf_posting_with_headings_set_in_a_larger_font(tmp_path: Path) -> None:
    from pdf_writer import Text, pdf

    rows = [
        ("Maintenance Electrician", 18, True),
        ("Kestrel Foods Ltd, Norwich, England", 10, False),
        ("What you will do", 13, True),
        ("• Fault-find and repair packing machinery", 10, False),
        ("• Carry out planned maintenance on conveyors", 10, False),
        ("What we are looking for", 13, True),
        ("• A Level 3 electrical qualification", 10, False),
        ("• Two years of industrial maintenance experience", 10, False),
        ("• PLC experience is a plus", 10, False),
    ]
    y, texts = 760.0, []
    for text, size, bold in rows:
        texts.append(Text(72, y, text, size=size, bold=bold))
        y -= 24 if bold else 16
    path = tmp_path / "posting.pdf"
    path.write_bytes(pdf([texts]))
    out = run("job.analyze", path)
    assert (out["role"]["text"], out["company"]["text"]) == ("Maintenance Electrician", "Kestrel Foods Ltd")
    assert out["location"]["text"] == "Norwich, England"  # the header line after the employer's name
    assert [(r["text"], r["priority"]) for r in out["requirements"]] == [
        ("A Level 3 electrical qualification", "must"),
        ("Two years of industrial maintenance experience", "must"),
        ("PLC experience is a plus", "nice"),
    ]
    assert len(out["responsibilities"]) == 2


def test_duties_said_to_the_reader_in_an_about_section(tmp_path: Path) -> None:
    path = tmp_path / "events.md"
    path.write_text(
        "# Events Coordinator\n\n## About the role\n\nYou will plan and run twelve community events a year. "
        "You'll manage a budget of £40,000 and work with local venues and suppliers. You will be part of a "
        "friendly team of five. You will love it here. Day to day, you will answer enquiries from the "
        "public.\n\n"
        "## About you\n\n- Two years organising events\n- Confident with budgets\n- A driving licence\n",
        encoding="utf-8",
    )
    duties = [r["text"] for r in run("job.analyze", path)["responsibilities"]]
    assert duties == [
        "plan and run twelve community events a year",
        "manage a budget of £40,000 and work with local venues and suppliers",
        "answer enquiries from the public",
    ]


def test_a_measured_result_after_a_semicolon_stays_with_its_claim(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(
        "# Jordan Avery\n\n## Experience\n\n**Analyst** | Northwind Retail | 2019 – 2022\n"
        "- Built a weekly sales dashboard used by 40 store managers; cut report preparation time by 6 hours "
        "a week\n- Wrote 120 user stories for a claims portal; trained 8 junior analysts\n",
        encoding="utf-8",
    )
    claims = [a["text"] for a in run("resume.analyze", path, "--with", "as_of=2025-06")["achievements"]]
    assert claims == [
        "Built a weekly sales dashboard used by 40 store managers; cut report preparation time by 6 hours"
        " a week",
        "Wrote 120 user stories for a claims portal",
        "trained 8 junior analysts",
    ]
