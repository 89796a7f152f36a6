"""Kinds of bad advice found by a third grading of whole dossiers on new trades and mismatched
resumes: employer boilerplate and physical demands rehearsed as gaps, a list's definition line
quoted as a requirement, a years range read at its top, "what have you been doing since" after a
degree, a placeholder pay line, bridges and questions on lines that are no whole duty, and story
topics picked by one loose word. The dossier runs on a fictional posting and resume written here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

POSTING = """\
# Packing Team Lead

Harbour Goods Ltd is hiring a Packing Team Lead for its dispatch hall.

## Responsibilities

- Lead the packing team to meet daily dispatch targets
- Keep accurate records of every dispatch and every return
- Heavy coordination with the Dispatch division for ensuring
- This is a full-time position, with hours of work approximately 8:00 AM – 4:30 PM
- Train new packers on the scanning system and the packing bench layout

## Requirements

- 1-3 years of leadership experience in a warehouse setting
- Experience reporting to managers on dispatch figures (e.g. volumes, late parcels, returns)
- The Packing Team Lead will possess knowledge
- Frequent sitting, standing, walking, bending and reaching
- Understanding of and commitment to the company's equal opportunities policies
- This job description is not designed to cover or contain a comprehensive listing of activities

## Pay

$00,000-$000,000, commensurate with experience
"""

RESUME = """\
# Sam Rivera

## Experience

### Shift Supervisor, Northgate Depot
Jan 2019 – Dec 2020

- Led a crew of 8 packers and cut late parcels by 30% in one year
- Reported late parcels and returns to the depot manager every week

## Education

- MSc Logistics, Eastfield University, 2021 – 2023
"""

STEPS: dict[str, tuple[str, dict[str, str]]] = {
    "job": ("job.analyze", {"source": "${inputs.job}"}),
    "resume": ("resume.analyze", {"source": "${inputs.resume}", "as_of": "2026-11"}),
    "match": ("match.evidence", {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"}),
    "focus": ("focus.competencies", {"job": "${steps.job.outputs}", "match": "${steps.match.outputs}"}),
    "questions": (
        "questions.draft",
        {"job": "${steps.job.outputs}", "focus": "${steps.focus.outputs}", "match": "${steps.match.outputs}"},
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
    "posture": (
        "posture.check",
        {
            "questions": "${steps.questions.outputs}",
            "objections": "${steps.objections.outputs}",
            "focus": "${steps.focus.outputs}",
            "stories": "${steps.stories.outputs}",
        },
    ),
}


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every step's outputs for the fictional posting and resume."""
    folder = tmp_path_factory.mktemp("regrade3")
    (folder / "posting.md").write_text(POSTING, encoding="utf-8")
    (folder / "resume.md").write_text(RESUME, encoding="utf-8")
    document = {
        "plan": {"name": "regrade3"},
        "inputs": {"job": {"file": "posting.md"}, "resume": {"file": "resume.md"}},
        "steps": {name: {"uses": uses, "with": config} for name, (uses, config) in STEPS.items()},
    }
    (folder / "plan.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(folder / "plan.toml"), formats=[])
    assert result.status == "success", result
    return {name: result.steps[name].outputs for name in STEPS}


def rows(dossier: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["requirement"]: r for r in dossier["match"]["requirements"]}


def everything_said(dossier: dict[str, Any], step: str) -> str:
    return json.dumps(dossier[step], ensure_ascii=False)


def test_the_employers_disclaimer_and_a_cut_lead_in_are_no_requirements(dossier) -> None:
    said = " ".join(rows(dossier))
    assert "not designed to cover" not in said
    assert "will possess knowledge" not in said
    for step in ("objections", "questions"):
        assert "not designed to cover" not in everything_said(dossier, step)
        assert "will possess knowledge" not in everything_said(dossier, step)


def test_physical_demands_and_a_commitment_to_the_employers_policies_are_conditions(dossier) -> None:
    found = rows(dossier)
    physical = found["Frequent sitting, standing, walking, bending and reaching"]
    policies = found["Understanding of and commitment to the company's equal opportunities policies"]
    for row in (physical, policies):
        assert row["counted"] is False and row["kind"] == "eligibility"
    assert "sitting, standing" not in everything_said(dossier, "objections")


def test_a_requirement_reads_without_its_examples_which_still_count_as_evidence(dossier) -> None:
    [job_row] = [
        r for r in dossier["job"]["requirements"] if r["text"].startswith("Experience reporting to managers")
    ]
    assert job_row["text"] == "Experience reporting to managers on dispatch figures"
    assert job_row["examples"] == "e.g. volumes, late parcels, returns"
    row = rows(dossier)["Experience reporting to managers on dispatch figures"]
    assert row["status"] != "gap"
    assert any("late" in " ".join(e.get("matched_terms") or []) for e in row["evidence"])
    assert row["source"]["start"] == job_row["source"]["start"]  # the citation is the posting's own line


def test_a_years_range_asks_for_its_least(dossier) -> None:
    row = rows(dossier)["1-3 years of leadership experience in a warehouse setting"]
    assert row["years"] == 1
    assert "asks for 1 year;" in " ".join(str(e) for e in [row.get("note"), row.get("notes")])
    assert all(o["kind"] != "years_short" for o in dossier["objections"]["objections"])


def test_a_degree_since_the_last_job_answers_what_you_have_been_doing(dossier) -> None:
    [leaving] = [o for o in dossier["objections"]["objections"] if o["kind"] == "why_leaving"]
    assert leaving["phrasing"] == "After Northgate Depot you studied for your MSc. Why this job, and why now?"
    assert "What have you been doing since" not in everything_said(dossier, "objections")


def test_a_placeholder_pay_line_is_no_stated_pay(dossier) -> None:
    [salary] = [o for o in dossier["objections"]["objections"] if o["kind"] == "salary"]
    assert salary["response"]["acknowledge"].startswith("The posting states no pay")
    assert "00,000" not in everything_said(dossier, "objections")


def test_answers_bridge_to_duties_the_role_owns(dossier) -> None:
    bridges = [o["response"]["bridge"] for o in dossier["objections"]["objections"]]
    assert bridges and not any("full-time position" in b for b in bridges)


def test_no_question_quotes_a_line_cut_mid_phrase(dossier) -> None:
    assert "for ensuring" not in everything_said(dossier, "questions")


def test_posture_wording_agrees_in_number_and_with_the_match(dossier) -> None:
    said = everything_said(dossier, "posture")
    assert "1 competencies" not in said and "1 idea outlines" not in said and "1 problems" not in said
    assert "No requirement of the posting is met, even in part" not in said


def step(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **inputs: Any) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    args = ["step", "run", name, "--json"]
    for key, value in inputs.items():
        args += ["--with", f"{key}={json.dumps(value)}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def role(title: str, start: str, end: str | None) -> dict[str, Any]:
    return {"title": title, "organisation": "Lakeside Labs", "start": start, "end": end,
            "current": end is None, "months": 3, "kind": "work", "source": None}  # fmt: skip


def leaving(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, resume: dict[str, Any]) -> str:
    out = step("objections.rehearse", monkeypatch, tmp_path, job={"requirements": []},
               resume={"achievements": [], **resume}, match={"requirements": []})  # fmt: skip
    [answer] = [o for o in out["objections"] if o["kind"] == "why_leaving"]
    return str(answer["phrasing"])


def test_a_students_internship_is_asked_about_not_left(monkeypatch, tmp_path) -> None:
    said = leaving(monkeypatch, tmp_path, {
        "roles": [role("Summer Intern", "2015-06", "2015-08")],
        "education": [{"degree": "MSc", "text": "Eastfield University · 2014 – Present", "year": None}],
    })  # fmt: skip
    assert (
        said == "What did you take from your time as Summer Intern at Lakeside Labs, and why this job next?"
    )


def test_without_study_since_an_ended_job_is_still_asked_about(monkeypatch, tmp_path) -> None:
    said = leaving(monkeypatch, tmp_path, {
        "roles": [role("Lab Assistant", "2015-06", "2018-08")],
        "education": [{"degree": "BSc", "text": "Eastfield University, 2011 – 2014", "year": 2014}],
    })  # fmt: skip
    assert said == "You left Lakeside Labs in August 2018. What have you been doing since, and why this job?"


def test_specialized_experience_defined_as_a_list_is_its_frame(monkeypatch, tmp_path) -> None:
    lead = "Specialized experience must have been obtained in a laboratory and is defined as experience"
    job = {"requirements": [
        {"text": lead, "priority": "must", "kind": "experience", "years": None, "source": None},
        {"text": "Running titrations for a quality lab", "priority": "must", "kind": "skill", "years": None,
         "source": None},
    ]}  # fmt: skip
    resume = {"roles": [], "achievements": [], "skills": [], "education": []}
    match = step("match.evidence", monkeypatch, tmp_path, job=job, resume=resume)
    [frame] = [r for r in match["requirements"] if r["requirement"] == lead]
    assert frame["kind"] == "frame"
    out = step("objections.rehearse", monkeypatch, tmp_path, job=job, resume=resume, match=match)
    assert lead not in json.dumps(out)


def story_topics(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, line: str) -> list[str]:
    resume = {"roles": [{"title": "Editor", "organisation": "Lakeside Press", "start": "2019-01", "end": None,
                         "current": True, "kind": "work", "source": None}],
              "achievements": [{"text": line, "role": 0, "metrics": [], "source": None}]}  # fmt: skip
    job = {"requirements": [], "responsibilities": []}
    proof = {"text": line, "kind": "achievement", "score": 0.9, "matched_terms": ["editing guides", "guides"],
             "role": 0, "source": None}  # fmt: skip
    match = {"requirements": [{"requirement": "Experience editing guides", "priority": "must",
                               "kind": "skill", "status": "met", "score": 0.9, "source": None,
                               "evidence": [proof]}]}  # fmt: skip
    out = step("stories.bank", monkeypatch, tmp_path, resume=resume, job=job, match=match)
    return [q for s in out["stories"] for q in s["best_for"]]


def test_story_topics_come_from_what_the_line_did_not_one_loose_word(monkeypatch, tmp_path) -> None:
    line = "Promoted clear writing guides across an annual process of issues analysis"
    topics = story_topics(monkeypatch, tmp_path, line)
    said = " ".join(topics)
    assert "questions about communication and writing" in said  # the story is there, its topics right
    assert "someone you helped grow" not in said  # "promoted" writing is no mentoring
    assert "something you automated" not in said  # an annual process is no automation
    assert "a data system you built" not in said  # issues analysis is no data system
    topics = story_topics(
        monkeypatch, tmp_path, "Automated the weekly guides build and trained 4 new editors"
    )
    said = " ".join(topics)
    assert "something you automated" in said and "someone you helped grow" in said


ROLE_POSTING = """\
# Community Programs Lead

Marlow Trust is hiring a Community Programs Lead.

## Responsibilities

- Run the volunteer programme across our reading rooms and grow it to three new towns
- Report volunteer hours and reading-room visits to the board every quarter

## Requirements

- Experience leading groups with shared goals (e.g. working groups, tenant forums, or reading circles)
- Experience recruiting people from a wide range of backgrounds including: teachers, retirees, reading circles
"""

ROLE_PAGE = """\
# About Marlow Trust

Marlow Trust runs free reading rooms in six towns. Our tenant forums meet every month in each of them.
At Marlow Trust, tenant forums are voluntary groups organised around shared interests of residents.
Reading rooms are run by volunteers, and the volunteer programme is how most people first meet us.
"""


def test_no_hot_button_from_the_examples_a_line_gives(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "job.md").write_text(ROLE_POSTING, encoding="utf-8")
    (tmp_path / "about.md").write_text(ROLE_PAGE, encoding="utf-8")
    job = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    assert job.exit_code == 0, job.output
    (tmp_path / "job.json").write_text(job.stdout, encoding="utf-8")
    args = ["step", "run", "company.research", "--with", 'sources=["about.md"]', "--with", "job=@job.json"]
    out = CliRunner().invoke(cli, [*args, "--json"])
    assert out.exit_code == 0, out.output
    phrases = [t["phrase"].lower() for t in json.loads(out.stdout)["themes"]]
    assert "tenant forums" not in phrases  # the posting names them only as examples
    assert "volunteer programme" in phrases  # what both say in their own right still is one


def proof_line(text: str, *terms: str) -> dict[str, Any]:
    return {"text": text, "kind": "achievement", "score": 0.9, "matched_terms": list(terms), "role": None,
            "metrics": [], "source": None}  # fmt: skip


def test_a_line_sharing_only_words_every_posting_uses_is_no_competency_proof(monkeypatch, tmp_path) -> None:
    asked = "Experience in workforce development practices"
    shared_only_light = proof_line(
        "Worked on the development of the harbour booking project", "development", "project"
    )
    coached = proof_line("Coached four new harbour pilots through their first season", "coaching")
    match = {"requirements": [{"requirement": asked, "priority": "must", "kind": "skill", "status": "met",
                               "score": 0.9, "source": None, "matched_terms": [], "missing_terms": [],
                               "note": None, "evidence": [shared_only_light, coached]}]}  # fmt: skip
    out = step("focus.competencies", monkeypatch, tmp_path, job={}, match=match)
    [competency] = out["competencies"]
    assert [p["text"] for p in competency["proof"]] == [coached["text"]]
    match["requirements"][0]["evidence"] = [shared_only_light]
    out = step("focus.competencies", monkeypatch, tmp_path, job={}, match=match)
    assert out["competencies"] == []  # nothing proves it: no competency to drill
