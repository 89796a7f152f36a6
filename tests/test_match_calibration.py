"""match.evidence rates a candidate as a recruiter would: met when the work is shown, partial when it is
only near, gap when nothing shows it, and a condition when a resume cannot show it.

Each test gives the step a small job analysis and resume analysis of its own (fictional) and reads
the status and the reason it reports for the requirements it names.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from prepflow.cli import cli

ROLES = [
    {"title": "Product Manager", "organisation": "Tidewater Rail", "months": 72},
    {"title": "Software Engineer", "organisation": "Larchmont Freight", "months": 48},
]


def requirement(text: str, priority: str = "must", kind: str = "skill") -> dict[str, Any]:
    return {"text": text, "priority": priority, "kind": kind, "section": "Qualifications"}


def match(
    requirements: list[str | dict[str, Any]], lines: list[str | dict[str, Any]], **resume: Any
) -> dict[str, dict]:
    """Run match.evidence; the rows by requirement text. A line is in the first role unless it is a dict."""
    job = {
        "requirements": [requirement(r) if isinstance(r, str) else r for r in requirements],
        "role": {"text": resume.pop("posting_title", "Program Lead")},
        "company": {"text": resume.pop("company", "Quarry Lane Transit"), "source": {}},
    }
    analysed = {
        "roles": resume.pop("roles", ROLES),
        "achievements": [
            {"text": line, "role": 0, "metrics": []} if isinstance(line, str) else line for line in lines
        ],
        "skills": [{"name": s} for s in resume.pop("skills", [])],
        "education": resume.pop("education", []),
        "signals": {"total_years": 10.0},
    }
    result = CliRunner().invoke(
        cli,
        [
            *("step", "run", "match.evidence"),
            *("--with", f"job={json.dumps(job)}", "--with", f"resume={json.dumps(analysed)}", "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return {r["requirement"]: r for r in out["requirements"]}


@pytest.mark.parametrize(
    "text",
    [
        "To be effective, we expect regular attendance of the weekly planning calls",
        "A commitment of up to 10 hours per week",
        "All remote work must be performed in Vermont",
        "No student shall be employed more than half-time in any week in which classes are in session",
        "Employment is conditioned upon continuance as a student in a college or graduate school",
        "Standing and/or walking during a shift up to 8 hours",
    ],
)
def test_the_time_and_place_of_the_work_are_conditions_to_confirm(text: str) -> None:
    row = match([text], ["Led the rollout of a ticketing app"])[text]
    assert row["kind"] == "eligibility"
    assert row["counted"] is False


def test_continued_enrollment_in_a_named_field_is_judged_on_the_resume() -> None:
    text = (
        "Employment is conditioned upon continuance as a student in a college or graduate school "
        "with a specific course of study in computer science or a related field"
    )
    education = [{"text": "B.S. in Computer Science, Fernhill University", "level": 2}]
    row = match([text], ["Built a timetable app"], education=education)[text]
    assert row["counted"] is True
    assert row["status"] == "met"


def test_a_talk_at_a_meetup_proves_speaking_not_its_topic() -> None:
    design = "Interaction design: define interface logic and behavior"
    speaking = "Oral communication"
    line = "Frequently presented at local meetups on interaction design and accessibility"
    rows = match([design, speaking], [line])
    assert rows[design]["status"] == "gap"
    assert rows[speaking]["status"] == "met"
    assert rows[speaking]["evidence"][0]["text"] == line


def test_a_degree_in_another_field_is_partial_and_a_named_field_must_be_held_whole() -> None:
    geo = (
        "A Masters degree or equivalent experience working with geospatial data, "
        "particularly in environmental science"
    )
    business = (
        "A baccalaureate degree in engineering, architecture, business or public administration "
        "plus one year of experience"
    )
    education = [
        {"text": "PhD in Computer Science, Ridgefield Institute", "level": 4},
        {"text": "Master of Business Administration, Ridgefield Institute", "level": 3},
    ]
    geo_row = {**requirement(geo, kind="education"), "years": None}
    business_row = {**requirement(business, kind="education"), "years": 1}
    rows = match([geo_row, business_row], ["Shipped the fare calculator"], education=education)
    assert rows[geo]["status"] == "partial"  # "Computer Science" holds "science", not "environmental science"
    assert "another field" in rows[geo]["note"]
    assert rows[business]["status"] == "met"  # business administration, and ten years of dated work
    assert rows[business]["years_shown"] == 10.0


def test_a_requirement_that_is_two_is_judged_as_two_rows() -> None:
    both = "Must have basic Math skills and basic knowledge of hazmat signs and symbols"
    tools = "Experience with Law Manager and Microsoft Office Applications"
    three = "Proficient in Microsoft Excel, Access and Word"
    education = [{"text": "B.S. in Computer Science, Fernhill University", "level": 2}]
    rows = match([both, tools, three], ["Kept the depot's stock in Excel"], education=education)
    assert rows["Must have basic Math skills"]["status"] == "met"  # a computer science degree shows it
    assert rows["basic knowledge of hazmat signs and symbols"]["status"] == "gap"
    assert both not in rows
    assert rows["Experience with Law Manager"]["status"] == "gap"  # each named tool is judged on its own
    assert rows["Microsoft Office Applications"]["status"] == "met"  # quoted as the posting has it
    assert three in rows  # a list of three or more stays one requirement


@pytest.mark.parametrize(
    ("wanted", "line", "status"),
    [
        (
            "Experience managing staff that provide or support delivery of modern IT products",
            "Led a team of developers building e-commerce applications",
            "met",
        ),
        (
            "Experience leading the overall planning, management, and direction of a program or of projects",
            "Successfully delivered multiple projects on time; leading teams to design and launch products",
            "met",
        ),
        (
            "Leadership: Ability to inspire and lead cross-functional teams to meet the project goals",
            "Leading a team of AI engineers",
            "partial",
        ),
        (
            "Leadership: Ability to inspire and lead cross-functional teams to meet the project goals",
            "Leading cross-functional teams of designers and engineers to launch products",
            "met",
        ),
        (
            "Experience applying leading industry practices in the design of digital products",
            "Wrote the design team's style guide and best practices for the company website",
            "met",
        ),
        (  # leading the efforts is shown; the complex organizations and regulated fields are not
            "Experience leading design efforts within complex organizations or highly regulated environments",
            "Led and managed the annual process of usability testing",
            "partial",
        ),
        (  # the practices are what it asks for: building websites alone does not show them
            "Experience applying leading industry practices in the design of digital products",
            "Designed and built the company website and its mobile app",
            "partial",
        ),
    ],
)
def test_leadership_and_practice_are_read_by_meaning(wanted: str, line: str, status: str) -> None:
    row = match([wanted], [line])[wanted]
    assert row["status"] == status, row


def test_an_or_list_with_a_comma_before_or_is_one_list() -> None:
    text = (
        "At least 5 years of experience as a Software Engineer, Product Manager, "
        "Procurement Specialist, or Human-Centered Designer"
    )
    row = match([text], ["Product manager for the ticketing app: set the roadmap and launched the product"])[
        text
    ]
    assert row["status"] == "met"


def test_a_named_system_nothing_shows_is_a_gap_and_a_named_tool_shown_keeps_it_partial() -> None:
    system = "Familiar with and experienced in the DD2 project, database, and procedures"
    pair = "Experience with the React framework and Gatsby build system"
    rows = match([system, pair], ["Built the booking front end in React"], skills=["SQL"])
    assert rows[system]["status"] == "gap"
    assert "“DD2”" in rows[system]["note"]
    assert rows[pair]["status"] == "partial"


def test_a_list_frame_with_its_own_ask_needs_that_ask_shown() -> None:
    frame = "Proficiency in learning and development within one or more of the following disciplines:"
    rows = match(
        [frame, "Software engineering", "Cybersecurity"],
        ["Developed and maintained the timetable web application in Java"],
    )
    assert rows["Software engineering"]["status"] == "met"
    assert rows[frame]["status"] == "partial"
    assert "learning" in rows[frame]["note"]
    plain = "Expertise in at least one of the following:"
    rows = match(
        [plain, "Software engineering", "Cybersecurity"], ["Developed the timetable web application"]
    )
    assert rows[plain]["status"] == "met"


def test_a_frame_weighs_a_post_held_in_the_field() -> None:
    frame = "You must have one year of specialized experience equivalent to the GS-14 grade level"
    listed = ["Experience with product roadmaps", "Experience with A/B testing", "Experience with SCADA"]
    lines = ["Owned the product roadmap for the ticketing app", "Ran A/B testing on the fare page"]
    rows = match([requirement(frame, kind="experience"), *listed], lines, posting_title="Product Manager")
    assert rows[frame]["status"] == "met"  # 0.6 x 2/3 + 0.4
    assert "you have held a post in this field" in rows[frame]["note"]
    rows = match([requirement(frame, kind="experience"), *listed], lines, posting_title="Hydrologist")
    assert rows[frame]["status"] == "partial"  # 0.6 x 2/3


def test_github_names_version_control() -> None:
    text = "Comfortable with its GitHub development workflow"
    row = match([text], ["Utilized Git for version control and reviewed pull requests on GitHub"])[text]
    assert row["status"] == "met"


def test_working_independently_is_asked_for_as_well_as_teamwork() -> None:
    text = "Ability to work independently and collaboratively in a team"
    rows = match([text], ["Collaborated in an agile team to ship the fare app every sprint"])
    assert rows[text]["status"] == "partial"
    rows = match([text], ["Collaborated with the design team", "Rebuilt the booking flow independently"])
    assert rows[text]["status"] == "met"


def test_a_directors_title_shows_leadership_but_only_as_far_as_a_title_goes() -> None:
    text = "Prior experience in a leadership role"
    roles = [{"title": "Director, Security Services", "organisation": "Quillon Bank", "months": 120}]
    row = match([text], ["Increased profits by 20%"], roles=roles)[text]
    assert row["status"] == "partial"
    assert "job title" in row["note"]


def test_a_degree_the_resume_reader_left_unread_is_read_from_its_name() -> None:
    text = "High School Diploma or GED required"
    education = [{"text": "BSCS, Fernhill College", "level": None}]
    row = match([requirement(text, kind="education")], ["Kept the depot's stock list"], education=education)[
        text
    ]
    assert row["status"] == "met"


def test_a_degree_is_shown_by_education_only() -> None:
    masters = "A master's degree in public administration"
    students = "You're excited to work 1:1 with high school students every day"
    education = [{"text": "PhD in Computer Science, Ridgefield Institute", "level": 4}]
    rows = match([masters, students], ["Planned the quarterly roadmap"], skills=["MS Project"])
    assert rows[masters]["status"] == "gap"  # "MS Project" is a tool, not a Master of Science
    rows = match([students], ["Planned the quarterly roadmap"], education=education)
    assert rows[students]["status"] != "met"  # a doctorate says nothing about working with students


def test_a_frame_with_years_in_a_field_of_its_own_needs_that_field() -> None:
    frame = (
        "At least 4 years of experience in contracting or related positions including 1 year of "
        "specialized experience equivalent to the GS-13 level"
    )
    listed = "Experience with product roadmaps"
    rows = match([requirement(frame, kind="experience"), listed], ["Owned the product roadmap for the app"])
    assert rows[listed]["status"] == "met"
    assert rows[frame]["status"] == "gap"  # the list is met; nothing shows contracting


def test_the_employers_name_is_no_skill_to_show() -> None:
    text = "To work at Hack Club, you need to have a background in programming"
    row = match([text], ["Junior programmer with heavy code responsibilities"], company="Hack Club")[text]
    assert not {"Hack", "Club"} & set(row["missing_terms"])
    assert row["status"] == "met"


def test_a_project_outside_any_job_shows_tinkering() -> None:
    text = "You're passionate about building technical projects and find tinkering fun"
    project = {"text": "Built a weather station from a Raspberry Pi and a solar panel", "role": None}
    assert match([text], [project])[text]["status"] != "gap"
    assert match([text], ["Kept the depot's stock list"])[text]["status"] == "gap"


def test_a_second_ask_after_but_is_its_own_row() -> None:
    text = "You need a background in programming, but you should be inspired by making things fun"
    rows = match([text], ["Junior programmer with heavy code responsibilities"])
    assert rows["You need a background in programming"]["status"] == "met"
    assert rows["you should be inspired by making things fun"]["status"] == "gap"


def test_machines_talking_is_no_communication_skill() -> None:
    text = "Proficient in communicating (written and oral) in English"
    services = "Implemented RESTful services for communication between frontend and backend"
    assert match([text], [services])[text]["status"] == "gap"
    assert match([text], ["Published several research papers on route planning"])[text]["status"] == "met"
