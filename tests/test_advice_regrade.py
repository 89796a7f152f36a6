"""The advice a coach would not sign, found by grading whole dossiers, never comes back.

One fictional triple (tests/fixtures/regrade) runs through every advice step of examples/plan.toml;
each test names one kind of bad item and checks the dossier has none of it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from grounding import assert_grounded, citations

import prepflow

FIXTURES = Path(__file__).parent / "fixtures" / "regrade"
EXAMPLE_PLAN = Path(__file__).parent.parent / "examples" / "plan.toml"


def _run(folder: Path, resume: str) -> dict[str, Any]:
    shutil.copy(FIXTURES / "posting.md", folder / "posting.md")
    shutil.copy(FIXTURES / resume, folder / "resume.md")
    shutil.copytree(FIXTURES / "company", folder / "company")
    plan = EXAMPLE_PLAN.read_text(encoding="utf-8")
    plan = plan.replace("inputs/job.md", "posting.md").replace("inputs/resume.md", "resume.md")
    plan = plan.replace("inputs/company/*", "company/*")
    (folder / "plan.toml").write_text(plan, encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(folder / "plan.toml"), formats=[])
    assert result.status == "success", result
    out = {name: step.outputs for name, step in result.steps.items()}
    for name in ("questions", "ideas", "objections", "stories", "focus", "research"):
        for citation in citations(out[name]):
            assert_grounded(citation, folder)
    return out


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _run(tmp_path_factory.mktemp("regrade"), "resume.md")


def _phrasings(dossier: dict[str, Any]) -> list[str]:
    return [o["phrasing"] for o in dossier["objections"]["objections"]]


def test_the_employer_talking_about_itself_is_never_rehearsed_proved_or_drilled(dossier) -> None:
    said = [
        *_phrasings(dossier),
        *(p["text"] for s in dossier["stories"]["stories"] for p in s["proves"] if isinstance(p, dict)),
        *(c["competency"] for c in dossier["focus"]["competencies"]),
        *(q["listen_for"] for q in dossier["questions"]["questions"]),
    ]
    assert said
    assert not [s for s in said if "We are committed" in s]


def test_a_command_of_english_is_not_a_gap_to_confess_or_a_competency(dossier) -> None:
    said = [
        *_phrasings(dossier),
        *(c["competency"] for c in dossier["focus"]["competencies"]),
        *(q["listen_for"] for q in dossier["questions"]["questions"]),
    ]
    assert not [s for s in said if "English" in s]


def test_a_way_of_working_worded_as_experience_is_a_story_question_not_a_missing_must(dossier) -> None:
    asked = [o for o in dossier["objections"]["objections"] if "ambiguous" in o["phrasing"]]
    assert asked and all(o["kind"] != "missing_must" for o in asked)
    assert "What makes you think that's you?" in asked[0]["phrasing"]


def test_the_months_after_an_internship_are_no_gap(dossier) -> None:
    assert not [o for o in dossier["objections"]["objections"] if o["kind"] == "gap"]


def test_having_led_a_team_answers_a_one_level_seniority_gap(dossier) -> None:
    # the posting is a lead's; the title reads as mid, but "Led a team of four analysts" is lead-level work
    assert not [o for o in dossier["objections"]["objections"] if o["kind"] == "underqualified"]


def test_why_leaving_says_the_stay_as_a_person_would(dossier) -> None:
    leaving = next(o for o in dossier["objections"]["objections"] if o["kind"] == "why_leaving")
    assert re.fullmatch(
        r"Why are you leaving Cobble Hill Grocers after (?:more than )?\d+ years\?", leaving["phrasing"]
    )


def test_without_roles_why_leaving_asks_no_length_and_no_question_mark_placeholder(tmp_path) -> None:
    out = _run(tmp_path, "resume_bare.md")
    leaving = next(o for o in out["objections"]["objections"] if o["kind"] == "why_leaving")
    assert leaving["phrasing"] == "Why are you looking for a new job now?"
    assert not [p for p in _phrasings(out) if "?" in p[:-1] and "after ?" in p]


def test_answers_to_the_standard_questions_bridge_to_a_duty_not_a_lead_in_nor_a_gap(dossier) -> None:
    for o in dossier["objections"]["objections"]:
        bridge = o["response"]["bridge"]
        assert "not limited to" not in bridge and "Typical duties" not in bridge
        if o["kind"] in ("weakness", "salary", "why_leaving"):
            assert "closing the gap" not in bridge


def test_a_duty_to_assess_old_systems_gets_no_migration_plan(dossier) -> None:
    ideas = dossier["ideas"]
    assert all(p["kind"] != "migration" for p in ideas["problems"])
    plan = " ".join(a["text"] for phase in ideas["plan_30_60_90"] for a in phase["actions"])
    assert "migration" not in plan and "rollback" not in plan


def test_hot_buttons_keep_acronyms_and_never_end_before_their_noun(dossier) -> None:
    phrases = [t["phrase"] for t in dossier["research"]["themes"]]
    assert "PIF program" in phrases and "pif program" not in phrases
    assert not [p for p in phrases if p.lower().endswith("organizational")]
    question = dossier["questions"]["questions"][0]["text"]
    assert "“PIF program”" in question


def test_a_long_duty_is_said_back_whole_up_to_the_phrase_that_follows(dossier) -> None:
    texts = [q["text"] for q in dossier["questions"]["questions"]]
    contact = [t for t in texts if "central point of contact" in t]
    assert contact and "…" not in contact[0]
    whole = "“Serve as the central point of contact for the warehouse crews and their supervisors”"
    assert whole in contact[0]
