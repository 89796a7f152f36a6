"""Kinds of bad advice found by a second grading of whole dossiers: the salary answer and proof
chosen for competencies and stories. Each test feeds a step its analyses directly (fictional data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from prepflow.cli import cli


def step(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **inputs: Any) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    args = ["step", "run", name, "--json"]
    for key, value in inputs.items():
        args += ["--with", f"{key}={json.dumps(value)}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def salary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pay: dict[str, Any] | None) -> str:
    job: dict[str, Any] = {"requirements": []}
    if pay is not None:
        job["pay"] = {"source": None, "currency": None, "min": None, "max": None, "period": None, **pay}
    out = step("objections.rehearse", monkeypatch, tmp_path, job=job, resume={"achievements": []},
               match={"requirements": []})  # fmt: skip
    [answer] = [o for o in out["objections"] if o["kind"] == "salary"]
    return str(answer["response"]["acknowledge"])


def test_a_pay_read_no_posting_means_is_replaced_by_the_postings_line(monkeypatch, tmp_path) -> None:
    line = "$140k-190k, depending on your experience. We offer four weeks of leave."
    said = salary(monkeypatch, tmp_path, {"text": line, "currency": "USD", "min": 140000.0,
                                          "max": 140000.0, "period": "week"})  # fmt: skip
    assert "a week" not in said and "$140,000" not in said
    assert "($140k-190k, depending on your experience)" in said  # its first sentence, as written


def test_an_hourly_range_says_an_hour(monkeypatch, tmp_path) -> None:
    said = salary(monkeypatch, tmp_path, {"text": "$21.00-$24.00/HR", "currency": "USD", "min": 21.0,
                                          "max": 24.0, "period": "hour"})  # fmt: skip
    assert "$21 to $24 an hour" in said and "a hour" not in said


def test_one_stated_figure_is_not_a_range_to_sit_in(monkeypatch, tmp_path) -> None:
    said = salary(monkeypatch, tmp_path, {"text": "41 - 41 (Hourly)", "period": "hour"})
    assert said.startswith("The posting states one figure (41 - 41 (Hourly))")
    assert "range within" not in said


def test_no_stated_pay_gets_a_plan_not_a_slogan(monkeypatch, tmp_path) -> None:
    said = salary(monkeypatch, tmp_path, None)
    assert said.startswith("The posting states no pay: ask first what range they have budgeted")


def evidence(text: str, kind: str = "achievement") -> dict[str, Any]:
    return {"text": text, "kind": kind, "score": 0.9, "matched_terms": [], "role": None, "metrics": [],
            "source": None}  # fmt: skip


def requirement(text: str, *proof: dict[str, Any]) -> dict[str, Any]:
    return {"requirement": text, "priority": "must", "kind": "skill", "source": None, "status": "met",
            "score": 0.9, "matched_terms": [], "missing_terms": [], "note": None,
            "evidence": list(proof)}  # fmt: skip


def test_schools_descriptions_and_job_framing_are_no_competency_proof(monkeypatch, tmp_path) -> None:
    match = {"requirements": [
        requirement("Excellent written communication skills",
                    evidence("Harbour Technical College, Diploma in Surveying, 2019 – Present", "education")),
        requirement("In this role, you will work where new ideas are welcome",
                    evidence("Moved the tide-gauge archive to a modern database")),
        requirement("Experience building mapping tools",
                    evidence("The tool lets surveyors share maps with the harbour office")),
        requirement("Experience surveying coastal sites", evidence("Surveyed 40 coastal sites for the port")),
    ]}  # fmt: skip
    out = step("focus.competencies", monkeypatch, tmp_path, job={}, match=match)
    assert [c["competency"] for c in out["competencies"]] == ["Experience surveying coastal sites"]


def test_leading_people_is_proved_only_by_leading_some(monkeypatch, tmp_path) -> None:
    match = {"requirements": [
        requirement("Experience managing small teams of surveyors",
                    evidence("Worked with a team of surveyors and engineers on the port survey"),
                    evidence("Led a crew of four surveyors through the winter season")),
    ]}  # fmt: skip
    out = step("focus.competencies", monkeypatch, tmp_path, job={}, match=match)
    [competency] = out["competencies"]
    assert [p["text"] for p in competency["proof"]] == [
        "Led a crew of four surveyors through the winter season"
    ]


def test_a_story_of_working_in_a_team_does_not_prove_leading_one(monkeypatch, tmp_path) -> None:
    worked = "Worked with a team of surveyors and engineers on the port survey"
    led = "Led a crew of four surveyors through the winter season"
    described = "The tool lets surveyors share maps with the harbour office"
    need = "Experience managing small teams of surveyors"
    resume = {"roles": [{"title": "Surveyor", "organisation": "Port of Harbourton"}],
              "achievements": [{"text": t, "role": 0} for t in (worked, led, described)]}  # fmt: skip
    proof = [
        {**evidence(worked), "matched_terms": ["teams", "surveyors"]},
        {**evidence(led), "matched_terms": ["managing", "surveyors"]},
        {**evidence(described), "matched_terms": ["surveyors", "maps"]},
    ]
    match = {"requirements": [requirement(need, *proof)]}
    out = step("stories.bank", monkeypatch, tmp_path, job={"requirements": [], "responsibilities": []},
               resume=resume, match=match)  # fmt: skip
    titles = [s["title"] for s in out["stories"]]
    assert [t.split()[:2] for t in titles] == [["Led", "a"]], titles  # no story proves nothing, no padding


def test_asking_for_an_experienced_manager_is_no_gap_for_someone_who_managed_a_team(
    monkeypatch, tmp_path
) -> None:
    need = "An experienced manager, leader, or coordinator, perhaps in hospitality or retail"
    job = {"requirements": [{"text": need, "priority": "must", "kind": "experience"}]}
    match = {"requirements": [{"requirement": need, "priority": "must", "kind": "experience", "status": "gap",
                               "score": 0.1, "counted": True, "evidence": []}]}  # fmt: skip
    resume = {
        "achievements": [{"text": "Managed a 4-person kitchen team through two openings", "role": None}]
    }
    out = step("objections.rehearse", monkeypatch, tmp_path, job=job, resume=resume, match=match)
    assert [o for o in out["objections"] if need[:20] in o["phrasing"]] == []
    resume = {"achievements": [{"text": "Cooked for two openings of the harbour cafe", "role": None}]}
    out = step("objections.rehearse", monkeypatch, tmp_path, job=job, resume=resume, match=match)
    assert [o["kind"] for o in out["objections"] if need[:20] in o["phrasing"]] == ["missing_must"]


def test_preparing_others_is_proved_only_by_preparing_some(monkeypatch, tmp_path) -> None:
    match = {"requirements": [
        requirement("Prepare survey technicians for their field certification",
                    evidence("Built data tools for survey technicians and engineers"),
                    evidence("Trained six survey technicians for the regional field exam")),
    ]}  # fmt: skip
    out = step("focus.competencies", monkeypatch, tmp_path, job={}, match=match)
    [competency] = out["competencies"]
    assert [p["text"] for p in competency["proof"]] == [
        "Trained six survey technicians for the regional field exam"
    ]


@pytest.mark.parametrize(("employer", "change"), [("Digital and Customer Services", False),
                                                  ("Harbour Digital Ltd", True)])  # fmt: skip
def test_a_departments_name_is_not_the_employers_industry(monkeypatch, tmp_path, employer, change) -> None:
    job = {"requirements": [], "company": {"text": employer}, "role": {"text": "User Researcher"}}
    resume = {"roles": [{"title": "Content Strategist", "organisation": "Northfield College",
                         "industry": {"name": "education"}, "function": {"name": "content"},
                         "start": "2015-01", "end": "present"}], "achievements": []}  # fmt: skip
    out = step(
        "objections.rehearse", monkeypatch, tmp_path, job=job, resume=resume, match={"requirements": []}
    )
    assert ("industry_change" in [o["kind"] for o in out["objections"]]) is change
