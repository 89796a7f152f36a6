"""match.evidence judges evidence by meaning: skill concepts, phrases, degrees, frames and conditions.

Each test gives the step a small job analysis and resume analysis of its own (fictional) and reads
the status and the reason it reports for one requirement.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.terms import extract

from prepflow.cli import cli


def requirement(
    text: str, priority: str = "must", kind: str = "skill", section: str = "Qualifications"
) -> dict:
    return {"text": text, "priority": priority, "kind": kind, "section": section}


def achievement(text: str, role: int = 0) -> dict:
    return {"text": text, "role": role, "metrics": []}


ROLES = [
    {"title": "Senior Software Engineer", "organisation": "Harbourline Ferries", "months": 60},
    {"title": "Support Analyst", "organisation": "Copperfield Telecom", "months": 30},
]


def match(requirements: list[dict], achievements: list[str | dict], **resume: Any) -> dict[str, dict]:
    """Run match.evidence on the given requirements and resume lines; rows by requirement text."""
    job = {"requirements": requirements, "role": {"text": resume.pop("posting_title", "Platform Engineer")}}
    analysed = {
        "roles": resume.pop("roles", ROLES),
        "achievements": [achievement(a) if isinstance(a, str) else a for a in achievements],
        "skills": [{"name": s} for s in resume.pop("skills", [])],
        "education": resume.pop("education", []),
        "signals": {"total_years": 7.5},
    }
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "match.evidence",
            "--with",
            f"job={json.dumps(job)}",
            "--with",
            f"resume={json.dumps(analysed)}",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return {r["requirement"]: r for r in out["requirements"]}


@pytest.mark.parametrize(
    ("wanted", "line", "status"),
    [
        ("Customer Service", "Created RESTful services and APIs for the booking app", "gap"),
        ("Customer Service", "Answered 60 support tickets a day at the help desk", "met"),
        ("Conduct load tests before each release", "Wrote unit tests for the booking service", "gap"),
        ("Problem Solving", "Troubleshot failed deployments and found the root cause", "met"),
        ("Oral Communication", "Presented the migration plan to 200 staff at the all-hands", "met"),
        (
            "Candidates should demonstrate experience providing project leadership",
            "Led a team of junior developers",
            "met",
        ),
    ],
)
def test_a_requirement_is_proved_by_meaning_not_by_a_shared_word(wanted: str, line: str, status: str) -> None:
    row = match([requirement(wanted)], [line])[wanted]
    assert row["status"] == status, row
    for evidence in row["evidence"]:
        assert evidence["why"]  # every match says why it matched


def test_why_quotes_the_words_that_show_the_concept() -> None:
    row = match([requirement("Problem Solving")], ["Troubleshot failed deployments"])["Problem Solving"]
    assert row["evidence"][0]["why"] == "“Troubleshot” shows problem solving"
    row = match([requirement("Kubernetes")], ["Moved 40 services to k8s"])["Kubernetes"]
    assert row["evidence"][0]["why"] == "“k8s” (Kubernetes)"


def test_a_competency_in_the_skills_list_is_a_claim_not_proof() -> None:
    rows = match(
        [requirement("Oral Communication")], ["Kept the ferry timetable database"], skills=["Communication"]
    )
    assert rows["Oral Communication"]["status"] == "partial"


def test_a_job_title_alone_is_never_full_proof() -> None:
    row = match([requirement("Software engineering")], ["Sold tickets"])["Software engineering"]
    assert [e["kind"] for e in row["evidence"]] == ["role"]
    assert row["status"] == "partial"
    assert "job title" in row["note"]


def test_a_degree_is_met_by_its_equivalents_and_higher_degrees() -> None:
    education = [{"text": "M.S. Marine Engineering, Lakehead University", "level": 3}]
    rows = match(
        [
            requirement("A baccalaureate degree", kind="education"),
            requirement("Bachelor's degree in marine engineering or a related field", kind="education"),
            requirement("Bachelor's degree in accounting", kind="education"),
        ],
        [],
        education=education,
    )
    assert rows["A baccalaureate degree"]["status"] == "met"
    assert rows["Bachelor's degree in marine engineering or a related field"]["status"] == "met"
    assert rows["Bachelor's degree in accounting"]["status"] == "partial"  # the degree, not the field


def test_an_or_list_is_met_by_any_one_of_its_items() -> None:
    text = "Experience creating product vision, strategy or road maps"
    row = match([requirement(text)], ["Wrote the product roadmap for the ticketing app"])[text]
    assert row["status"] == "met"


def test_examples_are_alternatives() -> None:
    text = "Developing reports using business intelligence tools (e.g. Tableau, Power BI)"
    row = match([requirement(text)], ["Built weekly sailing reports in Power BI for the operations desk"])[
        text
    ]
    assert row["status"] == "met"


def test_a_missing_specific_action_keeps_it_partial() -> None:
    text = "Standardizing or transforming a variety of data sets"
    row = match([requirement(text)], ["Collected ridership data sets from 12 ferry routes"])[text]
    assert row["status"] == "partial"  # the data sets are there; standardizing them is not


@pytest.mark.parametrize(
    "text",
    [
        "Keyboard familiarity with the ability to type at a minimum of 40 words per minute",
        "You must own a laptop with a webcam",  # owning equipment
        "Must be a U.S. citizen",
        "Applicants must not be current agency employees or contractors",
    ],
)
def test_eligibility_conditions_are_confirmed_not_scored(text: str) -> None:
    row = match([requirement(text)], ["Answered 60 support tickets a day"])[text]
    assert row["kind"] == "eligibility" and row["counted"] is False and row["credit"] is None


def test_a_federal_frame_is_judged_by_the_list_that_follows_it() -> None:
    frame = "You must have one year of specialized experience equivalent to the GS-13 level"
    listed = ["Experience leading incident response", "Experience running Kubernetes in production"]
    lines = ["Led incident response for the booking platform", "Ran Kubernetes clusters for 40 services"]
    rows = match([requirement(frame, kind="experience"), *map(requirement, listed)], lines)
    assert rows[frame]["kind"] == "frame"
    assert rows[frame]["status"] == "met"
    assert "judged by them: 2 met" in rows[frame]["note"]
    rows = match([requirement(frame, kind="experience"), *map(requirement, listed)], ["Sold tickets"])
    assert rows[frame]["status"] != "met"


def test_one_stemmer_for_the_whole_project() -> None:
    assert stem("analysis") == stem("analyze") == stem("analytics")
    assert stem("delivering") == stem("deliver") and stem("engineering") == stem("engineer")
    assert stem("led") == stem("leading") and stem("managed") == stem("management")
    assert "mentoring" in extract("Mentored three apprentices").concepts  # one-word variants inflect
    assert "Docker" not in extract("The list may not contain every duty").concepts  # only from a base form


def rehearse(requirements: list[dict], achievements: list[str]) -> list[dict]:
    """match.evidence, then objections.rehearse on its outputs: the objections drawn from the match."""
    job = {"requirements": requirements, "role": {"text": "Platform Engineer"}}
    resume = {
        "roles": ROLES,
        "achievements": [achievement(a) if isinstance(a, str) else a for a in achievements],
        "skills": [],
        "education": [],
        "signals": {"total_years": 7.5},
    }
    rows = list(match(requirements, achievements).values())
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "objections.rehearse",
            "--with",
            f"job={json.dumps(job)}",
            "--with",
            f"resume={json.dumps(resume)}",
            "--with",
            f"match={json.dumps({'requirements': rows})}",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return [o for o in out["objections"] if o["origin"] == "match"]


def test_objections_are_only_real_must_haves_the_resume_lacks_quoted_exactly() -> None:
    frame = "You must have one year of specialized experience equivalent to the GS-13 level"
    gap = "Candidates should demonstrate experience providing harbour pilotage leadership"
    requirements = [
        requirement(frame, kind="experience"),
        requirement(gap, kind="experience"),
        requirement("Keyboard familiarity with the ability to type 40 words per minute"),
        requirement("Experience with tidal modelling", priority="nice", section="Preferred"),
        requirement("Duties and activities may change at any time without notice"),
    ]
    objections = rehearse(requirements, ["Sold tickets at the ferry terminal"])
    assert [o["kind"] for o in objections] == ["missing_must"]
    [missing] = objections
    assert f"‘{gap}’" in missing["phrasing"]  # the employer's words, whole, in single marks
    spoken = missing["response"]["acknowledge"] + missing["practice"]
    assert "pilotage" not in spoken  # the spoken line does not splice the span into its grammar
    assert "I have not done in a job yet" in spoken


def test_a_partial_must_have_names_the_evidence_not_a_list_of_missing_words() -> None:
    text = "Experience running safety reviews of harbour operations"
    objections = rehearse(
        [requirement(text, kind="experience")], ["Chaired the weekly safety review meeting"]
    )
    [partial] = objections
    assert partial["kind"] == "partial_must"
    assert "doesn't show" not in partial["phrasing"] and "Operations." not in partial["phrasing"]
    assert "“Chaired the weekly safety review meeting”" in partial["response"]["acknowledge"]


def test_a_way_of_working_partly_shown_is_no_objection() -> None:
    """ "Oral Communication" with a meeting chaired: nothing to defend (a way of working is asked for a
    story when the resume shows none of it, never questioned for depth)."""
    assert (
        rehearse([requirement("Oral Communication", kind="trait")], ["Chaired the weekly safety meeting"])
        == []
    )


def test_years_are_read_from_the_right_number() -> None:
    text = "Five years of full-time experience as a painter acquired within the last fifteen years"
    row = match([{**requirement(text, kind="experience"), "years": 15.0}], ["Painted 300 flats"])[text]
    assert row["years"] == 5


def test_a_condition_stated_in_several_places_is_one_row() -> None:
    lines = [
        "All United States citizens and nationals may apply",
        "You must be a U.S. citizen",
        "City residency is required within 90 days of appointment",
        "Employees who have served 2 years may be eligible to reside elsewhere",
    ]
    rows = match([requirement(t, kind="eligibility") for t in lines], ["Sold tickets"])
    assert list(rows) == [
        "You must be a U.S. citizen",
        "City residency is required within 90 days of appointment",
    ]


@pytest.mark.parametrize(
    ("text", "years", "status"),
    [
        # the years are there (7.5) and the field is only "relevant": the detail is to argue
        (
            "3+ years of relevant work experience, including in fast-growing entrepreneurial firms",
            3,
            "partial",
        ),
        # the field is named and some of it shows: the years count towards it
        (
            "Four years of full-time experience in analytical or planning duties in a shipping office",
            4,
            "partial",
        ),
        # the field is named and nothing of it shows: still a gap
        ("5 years of experience with Haskell and Erlang", 5, "gap"),
        # more years than the resume holds: still a gap
        ("10 years of relevant work experience, including in entrepreneurial firms", 10, "gap"),
    ],
)
def test_years_of_experience_count_the_dated_roles(text: str, years: int, status: str) -> None:
    row = match(
        [{**requirement(text, kind="experience"), "years": years}],
        ["Planned ferry timetables and analysed delays for the shipping office"],
    )[text]
    assert row["status"] == status, row


def test_a_link_taken_for_a_requirement_is_no_row() -> None:
    link = "[Apply Link] https://jobs.example.org/apply/12345"
    rows = match([requirement(link), requirement("Experience planning ferry timetables")], ["Sold tickets"])
    assert list(rows) == ["Experience planning ferry timetables"]


def test_a_named_competency_is_judged_by_the_skills_it_names() -> None:
    """'Agile Orientation: <definition>' is met by agile work; the definition's filler words do not count."""
    agile = "Agile Orientation: Ability to apply agile methodologies to deliver work in a frequent fashion"
    talks = "Communication: Communicate effectively with many audiences, particularly in consulting scenarios"
    rows = match(
        [requirement(agile, "nice"), requirement(talks, "nice")],
        ["Presented the quarterly roadmap to the ferry operators' board"],
        skills=["Scrum", "Agile"],
    )
    assert rows[agile]["status"] == "met"
    # communication is shown, the consulting its definition names is not: at most partial
    assert rows[talks]["status"] == "partial"
    assert "consulting" in rows[talks]["missing_terms"]


def test_a_line_asking_for_experience_is_scored_even_when_filed_as_a_condition() -> None:
    laws = "Experience in interpreting the applicability of local and national laws to data privacy"
    people = "Experience creating processes in at least 3 of: performance management, employee travel"
    rows = match(
        [
            requirement(laws),
            requirement(people, kind="eligibility"),
            requirement("You must be a U.S. national"),
        ],
        ["Interpreted local data privacy laws for the ferry booking service"],
    )
    assert rows[laws]["kind"] != "eligibility" and rows[laws]["counted"]
    assert rows[people]["kind"] != "eligibility" and rows[people]["counted"]
    assert rows["You must be a U.S. national"]["kind"] == "eligibility"
    standing = "standing, moving, and/or walking for more than eight (8) hours per day"
    assert match([requirement(standing)], [])[standing]["kind"] == "eligibility"


def test_accessibility_work_is_no_proof_of_microsoft_office() -> None:
    office = "Experience with Microsoft Office applications"
    rows = match([requirement(office)], ["Audited the booking site for accessibility"])
    assert rows[office]["status"] == "gap"


def test_a_background_shown_only_by_a_job_title_is_partial() -> None:
    """A role in the industry with no line of work under it is a title, not proof: at most partial."""
    roles = [{"title": "Software Engineer", "organisation": "Bramble Parcel Co.", "months": 40,
              "industry": {"name": "logistics", "evidence": "parcel"}}]  # fmt: skip
    wanted = "Background in logistics"
    rows = match([requirement(wanted, "nice", "experience")], [], roles=roles)
    assert rows[wanted]["status"] == "partial"
    assert rows[wanted]["evidence"][0]["kind"] == "role"


def test_an_exclusion_stated_twice_is_one_condition_and_a_phrase_stops_at_a_comma() -> None:
    long = "Current Harbour Authority employees on permanent appointments will not be considered"
    short = "applicants must not be Harbour Authority employees or contractors"
    care = "Customer Service"
    rows = match(
        [requirement(long, kind="eligibility"), requirement(short, kind="eligibility"), requirement(care)],
        ["Rebuilt the booking front-ends, improving user experience by 30%"],
    )
    assert short in rows and long not in rows  # the concern is confirmed once, in its shortest words
    assert rows[short]["kind"] == "eligibility"
    # "front-ends, improving user": no "end user" across the comma, so no customer service
    assert all("ends, improving" not in e["why"] for e in rows[care]["evidence"])


def test_loose_hints_are_no_evidence() -> None:
    """'custom-built' is not a customer, 'data-driven' is not leadership, 'data' is not a database."""
    care, lead, sql = "Customer Service", "Leadership", "Experience with relational databases"
    rows = match(
        [requirement(care), requirement(lead), requirement(sql)],
        [
            "Migrated the content to a custom-built CMS",
            "Made data-driven decisions on the timetable data",
            "Trained a self-supervised model of ferry delays",
            "Raised a $2M seed round led by Tern Ventures",
        ],
    )
    for wanted in (care, lead, sql):
        assert rows[wanted]["status"] == "gap", (wanted, rows[wanted]["evidence"])
    grown = match([requirement(lead)], ["Scaled the engineering team from 3 to 28"])
    assert grown[lead]["status"] == "met"


COMPETENCY_JOB = """# Crossing Planner (fictional)

## Evaluation
You will be rated on the following competencies:

- **Communication:** Communicate effectively with a variety of audiences to establish a shared vision, \
particularly in consulting scenarios with partner agencies
"""  # the backslash joins the two lines: one long list item


def test_a_shortened_competency_is_judged_by_its_whole_definition(tmp_path: Path, monkeypatch) -> None:
    """job.analyze shows 'Communication: Communicate effectively … shared vision …'; the cut part asks
    for consulting, which the resume does not show: partial, not met."""
    (tmp_path / "job.md").write_text(COMPETENCY_JOB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    job = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    assert job.exit_code == 0, job.output
    analysed = json.loads(job.stdout)
    [shown] = [r["text"] for r in analysed["requirements"] if r["text"].startswith("Communication")]
    assert shown.endswith("…") and "consulting" not in shown
    (tmp_path / "job.json").write_text(job.stdout, encoding="utf-8")
    resume = {
        "roles": ROLES,
        "achievements": [achievement("Presented the winter timetable to 300 island residents")],
        "skills": [],
        "education": [],
        "signals": {"total_years": 7.5},
    }
    (tmp_path / "resume.json").write_text(json.dumps(resume), encoding="utf-8")
    args = [
        "step",
        "run",
        "match.evidence",
        "--with",
        "job=@job.json",
        "--with",
        "resume=@resume.json",
        "--json",
    ]
    ran = CliRunner().invoke(cli, args)
    assert ran.exit_code == 0, ran.output
    [row] = [r for r in json.loads(ran.stdout)["requirements"] if r["requirement"] == shown]
    assert row["status"] == "partial" and "consulting" in row["missing_terms"]


def test_the_postings_title_as_subject_is_no_evidence_and_broad_years_count_every_job() -> None:
    """'The Platform Engineer we are looking for is calm under pressure' asks for calm, not for the
    title; 'four years of experience in analytical, planning or technical work' counts all the jobs
    whose lines show it, not only the best three lines' job."""
    calm = "The Platform Engineer we are looking for is calm under pressure"
    broad = "four years of experience in analytical, planning or technical work"
    roles = [
        {"title": "Platform Engineer", "organisation": "Harbourline Ferries", "months": 24},
        {"title": "Planning Analyst", "organisation": "Copperfield Telecom", "months": 36},
    ]
    job = [requirement(calm), {**requirement(broad, kind="experience"), "years": 4}]
    lines = [
        {"text": "Led the technical planning of the ferry timetable rebuild", "role": 0, "metrics": []},
        {"text": "Built the analytical planning model for mast upgrades", "role": 1, "metrics": []},
    ]
    rows = match(job, lines, roles=roles)
    assert rows[calm]["status"] == "gap" and rows[calm]["evidence"] == []
    assert rows[broad]["years_shown"] == 5


@pytest.mark.parametrize(
    ("studies", "status"),
    [
        ("PhD in Computer Science, Lakehead University, 2018 – 2023", "gap"),
        ("BA in History, Lakehead University, 2024 – present", "met"),
    ],
)
def test_matriculation_asks_for_studies_in_progress(studies: str, status: str) -> None:
    text = "Matriculation at an accredited college or graduate school"
    education = [{"text": studies, "level": 4 if "PhD" in studies else 2}]
    row = match([requirement(text, kind="education")], [], education=education)[text]
    assert row["status"] == status


@pytest.mark.parametrize(
    "text",
    [
        "Appointments to this Assignment Level will be made by the Technology Steering Committee",
        "Students may be employed full-time during their vacation periods",
    ],
)
def test_how_the_employer_hires_is_no_requirement(text: str) -> None:
    rows = match([requirement(text), requirement("Experience with SQL reporting")], ["Wrote SQL reports"])
    assert text not in rows and "Experience with SQL reporting" in rows
