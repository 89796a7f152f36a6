"""Kinds of bad advice found by a fourth grading, on job families and resumes the earlier ones did not
use: an objection answer told to say how an unrelated achievement "helps you deliver" a duty, a
template's sample line ("Optimized xxx 5%") quoted as proof, a team the candidate worked with taken
for the candidate's own work ("business analysts" as proof of requirements analysis), the standard
physical-demands lines rehearsed as gaps, a look-back window read as years asked, "used within the
past year" read as a deadline, the employer's note on how experience is judged taken for a
requirement, and a 30-60-90 plan of goals alone. The dossier runs on a fictional posting and resume."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import tomli_w
from dossier_fixtures import full
from prepflow_plugins.objections.facts import describes_itself, told_as_done
from prepflow_plugins.text.duties import can_be_verb
from prepflow_plugins.text.filler import is_filler

import prepflow

POSTING = """\
# Print Room Coordinator

Lakeside Print Co is hiring a Print Room Coordinator.

## Responsibilities

- Move heavy paper rolls, ink drums and fixtures
- Reprint existing customer artwork on a standard template if used within the past year
- Schedule print jobs for the evening shift
- Serve as a subject matter expert in the hiring process
- frequency and formats for sharing progress and results

## Requirements

- Three years of experience as a print room assistant acquired within the last 12 years
- Requirements analysis
- Translate functional knowledge into test case planning
- Experience can include being in a position as an assistant in a print shop
- Level of seniority will be based on range of work and level of responsibility in experience
- The employee is frequently required to sit, stand; walk
- use hands to finger, handle or feel
- reach with hands and arms
"""

RESUME = """\
# Robin Vale

## Experience

### Platform Engineer, Cloudline
Jan 2018 – Dec 2024

- Built model-serving infrastructure handling 2M+ monthly API requests with 99.9% uptime
- Optimized xxx 5%
- Worked on a cross-functional team including designers, developers and business analysts
- Acted as the subject matter expert for the billing archive migration

## Education

- BSc Computer Science, Westbrook University, 2014 – 2017
"""

STEPS: dict[str, tuple[str, dict[str, str]]] = {
    "job": ("job.analyze", {"source": "${inputs.job}"}),
    "resume": ("resume.analyze", {"source": "${inputs.resume}", "as_of": "2026-11"}),
    "match": ("match.evidence", {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"}),
    "focus": ("focus.competencies", {"job": "${steps.job.outputs}", "match": "${steps.match.outputs}"}),
    "ideas": (
        "ideas.problem_solving",
        {
            "job": "${steps.job.outputs}",
            "resume": "${steps.resume.outputs}",
            "match": "${steps.match.outputs}",
        },
    ),
    "objections": (
        "objections.rehearse",
        {
            "job": "${steps.job.outputs}",
            "resume": "${steps.resume.outputs}",
            "match": "${steps.match.outputs}",
        },
    ),
    "stories": (
        "stories.bank",
        {
            "resume": "${steps.resume.outputs}",
            "job": "${steps.job.outputs}",
            "match": "${steps.match.outputs}",
            "focus": "${steps.focus.outputs}",
        },
    ),
    "questions": (
        "questions.draft",
        {"job": "${steps.job.outputs}", "focus": "${steps.focus.outputs}", "match": "${steps.match.outputs}"},
    ),
}


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every step's outputs for the fictional posting and resume."""
    folder = tmp_path_factory.mktemp("regrade4")
    (folder / "posting.md").write_text(POSTING, encoding="utf-8")
    (folder / "resume.md").write_text(RESUME, encoding="utf-8")
    document = {
        "plan": {"name": "regrade4"},
        "inputs": {"job": {"file": "posting.md"}, "resume": {"file": "resume.md"}},
        "steps": {name: {"uses": uses, "with": config} for name, (uses, config) in STEPS.items()},
    }
    (folder / "plan.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(folder / "plan.toml"), formats=[])
    assert result.status == "success", result
    return {name: result.steps[name].outputs for name in STEPS}


def rows(dossier: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["requirement"]: r for r in dossier["match"]["requirements"]}


def test_an_unrelated_achievement_is_never_said_to_help_deliver_a_duty(dossier) -> None:
    bridges = [o["response"]["bridge"] for o in dossier["objections"]["objections"]]
    assert bridges
    for bridge in bridges:
        assert not ("model-serving" in bridge and "helps you deliver" in bridge), bridge


def test_a_templates_sample_line_is_no_evidence_anywhere(dossier) -> None:
    for step in ("match", "focus", "objections", "stories", "ideas"):
        assert "xxx" not in json.dumps(dossier[step]), step


def test_a_team_worked_with_is_not_the_candidates_own_work(dossier) -> None:
    row = rows(dossier)["Requirements analysis"]
    assert row["status"] == "gap"
    assert "business analysts" not in json.dumps(row)


def test_cross_functional_is_no_functional_knowledge(dossier) -> None:
    row = rows(dossier)["Translate functional knowledge into test case planning"]
    assert row["status"] == "gap", row


def test_the_standard_physical_demands_are_conditions(dossier) -> None:
    found = rows(dossier)
    for text in (
        "The employee is frequently required to sit, stand; walk",
        "use hands to finger, handle or feel",
        "reach with hands and arms",
    ):
        assert found[text]["counted"] is False and found[text]["kind"] == "eligibility"


def test_how_experience_will_be_judged_is_no_requirement(dossier) -> None:
    said = " ".join(rows(dossier))
    assert "Experience can include" not in said
    assert "Level of seniority will be based" not in said


def test_a_look_back_window_is_not_years_asked(dossier) -> None:
    seniority = dossier["job"]["seniority"]
    assert seniority is None or "12 years" not in seniority["basis"]
    years = [r.get("years") for r in dossier["job"]["requirements"] if "print room assistant" in r["text"]]
    assert years == [3]


def test_a_look_back_is_no_deadline(dossier) -> None:
    said = json.dumps(dossier["ideas"], ensure_ascii=False)
    assert "deadline the job description sets" not in said
    assert "has to be ready “within the past year”" not in said


def test_a_plan_of_goals_alone_is_left_out() -> None:
    document = full()
    ideas = document["steps"]["ideas"]["outputs"]
    assert ideas["plan_30_60_90"]
    for phase in ideas["plan_30_60_90"][1:]:
        phase["actions"] = []
    text = prepflow.Plugins().renderers["md"].render(document)
    cheat = text.split("## Cheat sheet")[1].split("\n## ")[0]
    assert "| 30 | learn |" in cheat
    assert "| 60 | plan |" not in cheat and "| 90 | execute |" not in cheat


def test_the_cheat_sheet_counts_the_competencies_it_lists() -> None:
    document = full()
    focus = document["steps"]["focus"]["outputs"]
    focus["competencies"] = focus["competencies"][:2]
    text = prepflow.Plugins().renderers["md"].render(document)
    assert "**Drill into these two**" in text and "these three**\n\n1. **" not in text
    drill = text.split("**Drill into these two**")[1].split("**Ask these three**")[0]
    assert len(re.findall(r"^\d\. \*\*", drill, re.M)) == 2


@pytest.mark.parametrize(
    "line",
    ["Optimized xxx 5%", "Accomplishment 2", "Nullam venenatis egestas nisl", "Let's use an apostrophe"],
)
def test_template_filler_is_recognised(line: str) -> None:
    assert is_filler(line)


@pytest.mark.parametrize(
    "line", ["Cut late parcels by 30% in one year", "Led an XXL rollout", "Reviewed 300 contracts"]
)
def test_real_achievements_are_not_filler(line: str) -> None:
    assert not is_filler(line)


def test_one_shared_phrase_is_no_proof_of_a_duty(dossier) -> None:
    for story in dossier["stories"]["stories"]:
        proved = json.dumps(story, ensure_ascii=False)
        assert "hiring process" not in proved, proved


def test_a_cut_fragment_is_no_duty_to_ask_about(dossier) -> None:
    assert "frequency and formats" not in json.dumps(dossier["questions"], ensure_ascii=False)
    assert "frequency and formats" not in json.dumps(dossier["ideas"], ensure_ascii=False)


@pytest.mark.parametrize("word", ["frequency", "candidates", "boolean", "inventory", "other", "but"])
def test_nouns_cannot_open_a_duty(word: str) -> None:
    assert not can_be_verb(word)


@pytest.mark.parametrize("word", ["Design", "Tracks", "Implement", "Query", "Ensure", "Measure"])
def test_verbs_still_open_a_duty(word: str) -> None:
    assert can_be_verb(word)


@pytest.mark.parametrize(
    "line, done",
    [
        ("Cut late parcels by 30% in one year", True),
        ("Led a crew of 8 packers", True),
        ("Easy to be further customized or extended", False),
        ("Full support for unicode characters (e.g", False),
    ],
)
def test_a_line_said_aloud_as_evidence_says_what_was_done(line: str, done: bool) -> None:
    assert told_as_done(line) is done


@pytest.mark.parametrize(
    "line, describes",
    [
        ("The Office of Harbour Records (OHR) is an independent agency that keeps the city's records", True),
        ("OHR seeks a Clerical Aide who will file and index records", True),
        ("He or she will also perform clerical work on records and invoices", False),
        ("Prepare weekly dispatch reports", False),
    ],
)
def test_an_employer_describing_itself_is_no_need_to_bridge_to(line: str, describes: bool) -> None:
    assert describes_itself(line) is describes


def test_a_comma_between_two_adjectives_does_not_cut_a_quoted_duty() -> None:
    from prepflow_plugins.ideas.phrases import quote_of

    assert quote_of("Produce and project manage the big, crazy things we do every few months").endswith(
        "months"
    )
    assert quote_of("Prepare monthly reports for the board, including cost figures for each site") == (
        "Prepare monthly reports for the board"
    )
