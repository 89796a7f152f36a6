"""job.analyze on postings outside software, in the shapes real ones take: a warehouse ad pasted
from a board, a council's person specification, a plain-text government posting, a hard-wrapped
one, a contact-centre role. Each test shows one kind of reading: what is a requirement, what is
the employer talking, which priority, and where a section starts when nothing marks it.

Every posting here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner

from prepflow.cli import cli

SCHEMA = json.loads((Path(__file__).parent.parent / "plugins" / "job" / "output.schema.json").read_text())


def analyze(path: Path, text: str) -> dict[str, Any]:
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(out)
    return out


def reqs(out: dict[str, Any]) -> dict[str, str]:
    """Each requirement's text, lower-cased, with its priority."""
    return {r["text"].lower(): r["priority"] for r in out["requirements"]}


def priority_of(out: dict[str, Any], needle: str) -> str:
    found = [p for text, p in reqs(out).items() if needle.lower() in text]
    assert found, f"no requirement mentions {needle!r}: {list(reqs(out))}"
    return found[0]


def mentions(out: dict[str, Any], needle: str) -> bool:
    return any(needle.lower() in text for text in reqs(out))


def duties(out: dict[str, Any]) -> str:
    return " | ".join(r["text"] for r in out["responsibilities"]).lower()


WAREHOUSE_BOARD_COPY = """Stock Control Clerk

Hollin Supplies Ltd is a growing wholesaler of garden goods. We are committed to our customers,
and we are looking for talented people to join our team and help us grow.

Responsibilities:

• Count stock in the racking every week
• Answer phone contact from the branches about deliveries

Requirements:

• Two years of warehouse experience, preferably in a cold store
• Strong phone contact handling skills
• Forklift licence is a bonus
• You have stock-taking experience and want to apply it
• Must be able to lift 20 kg

Schedule is Monday to Friday 7am to 3:30pm
Wage dependent upon experience
Great benefits available after 90 days, including paid time off and $0 co-pays.
Flexible unpaid time off is available after 30 days.

Questions? Contact jobs@hollin.example
"""


def test_board_copy_trade_posting(tmp_path: Path) -> None:
    out = analyze(tmp_path / "clerk.txt", WAREHOUSE_BOARD_COPY)
    # "contact" in a skill is the skill; "Contact jobs@..." is how to ask a question
    assert priority_of(out, "phone contact handling") == "must"
    assert not mentions(out, "jobs@hollin")
    # "want to apply it" is the candidate's skill, not the job application
    assert priority_of(out, "stock-taking experience") == "must"
    # ", preferably in a cold store": the years are required, the setting preferred
    assert priority_of(out, "two years of warehouse experience") == "must"
    assert priority_of(out, "experience in a cold store") == "nice"
    # the lines after the list are the terms of the job, not requirements
    for said in ("schedule is", "wage dependent", "great benefits", "unpaid time off"):
        assert not mentions(out, said), said
    # the employer's pitch is not a must-have
    assert not mentions(out, "looking for talented people")


COUNCIL_SPEC = """>Department: Housing Services
>Position Designation: Tenancy Officer

## Purpose of Job
The Royal Borough of Elmford is changing how it looks after its tenants.

## Person Specification

| Criteria | Essential/Desirable |
| ----------- | ----------- |
| **Knowledge**
| -   Knowledge of housing law | E |
| -   Knowledge of the local area | D |
| **Experience**
| -   Experience of casework with tenants | E |

Additional requirements:\\
Must hold a full driving licence\\
\\
*Elmford Council is an equal opportunity employer.*
"""


def test_council_person_specification(tmp_path: Path) -> None:
    out = analyze(tmp_path / "tenancy.md", COUNCIL_SPEC)
    # a table's group rows ("| **Knowledge**") are headings, not requirements
    assert not mentions(out, "| knowledge") and "knowledge" not in reqs(out)
    assert priority_of(out, "housing law") == "must"
    assert priority_of(out, "local area") == "nice"
    # a Markdown hard break ("\\") ends the line: the licence is not fused with the EEO line
    licence = [text for text in reqs(out) if "driving licence" in text]
    assert licence == ["must hold a full driving licence"]
    # the department names a unit of the council the text names
    assert out["company"]["text"] == "Royal Borough of Elmford, Housing Services"


PREFERRED_UNDER_QUALIFICATIONS = """# Office Coordinator @ Fernbank Trust

We are looking for a coordinator to run our front office and keep the diary.

### Qualifications

- Two years of office experience

Preferred skills and experience:

- Experience with a charity's donor database
- Prior knowledge of grant reporting, budgets and audits a plus

Additional requirements:

- Must be willing to travel to our second site. Relocation assistance is available.

We have a friendly office dog and take lunch together.
Super-organised parents can definitely succeed in this role.

### Projects you'll lead on

- Move the office to the new building
"""


def test_preferred_heading_pitch_and_employer_voice(tmp_path: Path) -> None:
    out = analyze(tmp_path / "coordinator.md", PREFERRED_UNDER_QUALIFICATIONS)
    # "Preferred skills and experience" stays preferred, though "skills and experience" alone
    # names a list of requirements in postings.toml
    assert priority_of(out, "donor database") == "nice"
    # "X, Y and Z a plus" is one nice-to-have, not a must and a fragment
    assert priority_of(out, "prior knowledge of grant reporting, budgets and audits") == "nice"
    assert "budgets and audits" not in reqs(out)
    assert priority_of(out, "willing to travel") == "must"
    for said in ("relocation assistance", "office dog", "can definitely succeed"):
        assert not mentions(out, said), said
    # the pitch is no requirement; its purpose is a duty, and so is a "Projects you'll lead on" list
    assert not mentions(out, "looking for a coordinator")
    assert "run our front office" in duties(out)
    assert "move the office to the new building" in duties(out)


PROSE_CUES = """Records Analyst

A Records Analyst keeps the city's archive in order. This person should be a careful reader
and be able to write clear summaries. They review proposed changes and decide whether they should
be adopted. This position will need to travel between the two archive sites.

The ideal candidate will be responsible for cataloguing the deeds collection. This role is
required to follow the archive's handling rules.

Experience

We expect, at a minimum, that all team members:

- Have used a records management system
"""


def test_requirements_in_prose(tmp_path: Path) -> None:
    out = analyze(tmp_path / "records.txt", PROSE_CUES)
    assert priority_of(out, "this person should be a careful reader") == "must"
    assert not mentions(out, "should be adopted")  # "whether they should be": not the candidate
    assert priority_of(out, "travel between the two archive sites") == "must"
    assert "cataloguing the deeds collection" in duties(out)  # a duty said of a person
    assert "follow the archive's handling rules" in duties(out)  # the role's obligation is a duty
    assert not mentions(out, "handling rules")
    assert not mentions(out, "ideal candidate")
    assert not mentions(out, "that all team members")  # an unfinished lead-in
    assert priority_of(out, "records management system") == "must"


PROVINCIAL = """# Senior Analyst, Licensing

## What you bring to the team
- You think about users first

## How do I qualify?
### Leadership skills
- You have led a team of analysts

## What we're looking for
- Two years of licensing work
- A calm manner at the counter

## Minimum qualifications
- Two years of licensing work
"""


def test_minimum_section_with_parts_and_restated_items(tmp_path: Path) -> None:
    out = analyze(tmp_path / "analyst.md", PROVINCIAL)
    # beside "How do I qualify?", the hoped-for section is preferred; its own parts are not
    assert priority_of(out, "think about users first") == "nice"
    assert priority_of(out, "led a team of analysts") == "must"
    assert priority_of(out, "calm manner") == "nice"
    # said again under the minimum qualifications: required
    assert priority_of(out, "two years of licensing work") == "must"


PLAIN_GOVERNMENT = """Salary: $58,000 Annually
Location: Statewide
Department: Office of Parks

About the Position

The Parks Digital Team seeks a Booking Systems Analyst to join its small team and keep the
campsite booking service running for the public.

ESSENTIAL DUTIES & RESPONSIBILITIES

Keep the booking service running through the summer peak
Fix the reports the rangers rely on

Department Information

Our parks welcome four million visitors each year and the department runs two hundred sites across
the state, from lakeside campgrounds to city gardens, with a staff of nine hundred people.

Minimum Qualifications

Knowledge of SQL reporting
Knowledge of booking or ticketing systems

Desirable

Knowledge of the state parks network
Knowledge of GIS
"""


def test_plain_text_government_posting(tmp_path: Path) -> None:
    out = analyze(tmp_path / "parks.txt", PLAIN_GOVERNMENT)
    # a field line is not the title; the role sought in the text is
    assert out["role"]["text"] == "Booking Systems Analyst"
    # "Essential duties" lists duties, and a title set apart above a paragraph ends that section
    assert "fix the reports the rangers rely on" in duties(out)
    assert not mentions(out, "four million visitors")
    assert not mentions(out, "fix the reports")
    # "Knowledge of X" over "Knowledge of Y" is a list, not a heading over a list
    assert priority_of(out, "sql reporting") == "must"
    assert priority_of(out, "booking or ticketing") == "must"
    assert priority_of(out, "state parks network") == "nice"
    assert priority_of(out, "gis") == "nice"


HARD_WRAPPED_CAPS = """# Grants Officer

## Job Description

OPEN TO PERMANENT GRANTS OFFICERS ONLY. YOU MUST CLEARLY STATE YOUR
CIVIL SERVICE TITLE ON YOUR COVER LETTER. The unit manages the city's
federal grants and the reports that go with them, using shared test-
driven spreadsheets that the whole finance team updates every month.
The officer checks each claim against the grant's terms, answers the
auditors' questions, keeps the register of awards up to date, and
meets the program managers each quarter to plan the next round of
applications. The unit is small, so the officer also covers the desk
when the manager is away and trains new staff on the grants system.

## Minimum Qualifications

In addition to a degree, candidates must show experience in one of the
following areas:
grant accounting
federal reporting

The unit is moving offices in the spring and the team meets on Mondays.
"""


def test_hard_wrapped_caps_and_wrapped_lead_in(tmp_path: Path) -> None:
    out = analyze(tmp_path / "grants.md", HARD_WRAPPED_CAPS)
    # a CAPS line that stops mid-sentence carries on to the next one
    stated = [text for text in reqs(out) if text.startswith("open to permanent")]
    assert stated and "civil service title on your cover letter" in stated[0]
    assert "test-driven spreadsheets" in json.dumps(out)  # a compound broken at its hyphen
    # a lead-in wrapped at its ":" still governs its list, and the list ends at the blank line
    assert priority_of(out, "grant accounting") == "nice"
    assert priority_of(out, "federal reporting") == "nice"
    assert not mentions(out, "moving offices")


FLATTENED_FEDERAL = """# Contact Centre Specialist

## Qualifications

- Experience leading contact centre operations. This experience must include ALL of the following:
- Running a contact center of fifty agents
- Reporting call metrics to executives
- Experience writing scripts for agents:
- Training new agents on the phone system
"""


def test_flattened_list_keeps_its_lead_in(tmp_path: Path) -> None:
    out = analyze(tmp_path / "centre.md", FLATTENED_FEDERAL)
    # pasted flat, the items after a lead-in bullet are still its items ("ALL of the following")
    agents = next(r for r in out["requirements"] if "fifty agents" in r["text"])
    assert agents["priority"] == "must" and agents["why"]["from"] == "lead_in"
    # a bullet with a stray ":" that states a requirement of its own is an item
    assert priority_of(out, "experience writing scripts for agents") == "must"
    assert priority_of(out, "training new agents") == "must"


PROVINCIAL_BOARD_COPY = """Junior Licensing Clerk

What you bring to the team
• You put the public first

How do I qualify?
• You have kept records in an office

Communication skills
• You explain rules to the public in plain words

At the Licensing Office, we welcome people from every background. Your lived background matters.

Teamwork
• You support the team; no task is too big or small
• You believe in fair rules. Good services are built for everyone

Open house
If you are interested in learning more about the office, we are hosting an open house where you
will hear from the team about our work and can ask your questions in person.
"""


def test_board_copy_with_question_heading(tmp_path: Path) -> None:
    out = analyze(tmp_path / "clerk.txt", PROVINCIAL_BOARD_COPY)
    # "How do I qualify?" is a heading, and the plain heading after it is one of its parts
    assert not mentions(out, "how do i qualify")
    assert priority_of(out, "kept records") == "must"
    assert priority_of(out, "plain words") == "must"
    assert priority_of(out, "put the public first") == "nice"
    # a remark after the list and a titled paragraph are not requirements
    for said in ("we welcome people", "lived background", "open house", "no task", "good services"):
        assert not mentions(out, said), said
    assert priority_of(out, "support the team") == "must"
    assert priority_of(out, "believe in fair rules") == "must"


NURSE = """Staff Nurse - Ward 7

Riverside Health Trust is recruiting a staff nurse for its surgical ward.

{h}Who you are{h_end}
Registered nurse with current NMC registration
Two years of acute care experience (experience in theatres is a plus)
Participation in an on-call rota is a requirement of this role
One Saturday shift per month is mandatory

{h}Asset:{h_end}
Knowledge of the ward's patient record system

{h}Applicants are expected to have:{h_end}
A caring manner
Good written English

Closing date: 30 June
Questions? Contact recruitment@riverside.example
"""


def _nurse_html() -> str:
    text = NURSE.format(h="<b>", h_end="</b>")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><head><title>Staff Nurse</title></head><body>\n{paragraphs}</body></html>\n"


def test_one_posting_read_alike_in_every_format(tmp_path: Path) -> None:
    variants = {
        "nurse.txt": NURSE.format(h="", h_end=""),
        "nurse.md": NURSE.format(h="**", h_end="**"),  # bold paragraphs as headings, items without marks
        "nurse.html": _nurse_html(),
    }
    for name, text in variants.items():
        out = analyze(tmp_path / name, text)
        assert out["company"]["text"] == "Riverside Health Trust", name  # "X is recruiting ..."
        assert priority_of(out, "nmc registration") == "must", name
        assert priority_of(out, "two years of acute care") == "must", name  # one item per line, not fused
        assert priority_of(out, "experience in theatres") == "nice", name
        assert priority_of(out, "on-call rota") == "must", name
        assert priority_of(out, "saturday shift") == "must", name
        assert priority_of(out, "patient record system") == "nice", name  # under "Asset:"
        assert priority_of(out, "caring manner") == "must", name  # a lead-in set as a heading
        assert not mentions(out, "closing date") and not mentions(out, "recruitment@"), name


def test_a_person_specification_flattened_to_stacked_cells_keeps_its_headings_out(tmp_path: Path) -> None:
    out = analyze(
        tmp_path / "spec.txt",
        "Job Title: Records Assistant\n"
        "Grade: Scale 4\n\n"
        "Criteria\n"
        "Knowledge\n"
        "Essential\n"
        "• Some understanding of records retention schedules\n"
        "• Some understanding of data protection law\n\n"
        "Desirable\n"
        "• Some knowledge of scanning software\n\n"
        "Skills and Abilities\n"
        "Essential\n"
        "• Ability to explain complex ideas simply\n",
    )
    texts = reqs(out)
    assert not {"criteria", "knowledge", "essential", "skills and abilities"} & set(texts)
    assert texts["some understanding of data protection law"] == "must"
    assert texts["some knowledge of scanning software"] == "nice"
    assert texts["ability to explain complex ideas simply"] == "must"
