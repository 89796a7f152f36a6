"""objections.rehearse: likely objections by risk, each grounded, through the CLI and a chained plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli_w
from click.testing import CliRunner
from grounding import assert_grounded, citations

import prepflow
from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "objections"
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "plugins" / "objections" / "output.schema.json").read_text()
)
EVAL = Path(__file__).parent.parent.parent / "shared" / "eval"
STANDARD = {"weakness", "why_leaving", "salary"}


def plan(tmp_path: Path, resume: str, max_: int | None = None, posting: str = "posting.md") -> Path:
    shutil.copy(FIXTURES / posting, tmp_path / "posting.md")
    shutil.copy(FIXTURES / resume, tmp_path / resume)
    objections: dict[str, Any] = {
        "job": "${steps.job.outputs}",
        "resume": "${steps.resume.outputs}",
        "match": "${steps.match.outputs}",
    }
    if max_ is not None:
        objections["max"] = max_
    steps = {
        "job": {"uses": "job.analyze", "with": {"source": "${inputs.job}"}},
        "resume": {"uses": "resume.analyze", "with": {"source": "${inputs.resume}", "as_of": "2026-11"}},
        "match": {
            "uses": "match.evidence",
            "with": {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"},
        },
        "objections": {"uses": "objections.rehearse", "with": objections},
    }
    document = {
        "plan": {"name": "objections"},
        "inputs": {"job": {"file": "posting.md"}, "resume": {"file": resume}},
        "steps": steps,
    }
    path = tmp_path / "plan.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def rehearse(tmp_path: Path, resume: str, max_: int | None = None) -> list[dict[str, Any]]:
    result = prepflow.run_plan(prepflow.load_plan(plan(tmp_path, resume, max_)), formats=[])
    assert result.status == "success", result
    out = result.steps["objections"].outputs
    jsonschema.validate(out, SCHEMA)
    for citation in citations(out):
        assert_grounded(citation, tmp_path)
    return out["objections"]


def by_kind(objections: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {o["kind"]: o for o in objections}


def test_a_gap_on_the_resume_is_an_objection_with_its_dates_and_the_resumes_own_words(tmp_path) -> None:
    gap = by_kind(rehearse(tmp_path, "resume_gap.md"))["gap"]
    assert gap["origin"] == "resume"
    assert "December 2019" in gap["phrasing"] and "December 2020" in gap["phrasing"]
    assert "13 months" in gap["phrasing"]
    assert "Saltmarsh Insurance" in gap["phrasing"]
    # the resume explains the break: the answer uses its words, and cites its line
    assert "travelled and studied statistics" in gap["response"]["acknowledge"]
    assert any(c["start"] == 19 and "travelled" in c["quote"] for c in gap["cites"])
    # the evidence is the candidate's own work since coming back, cited
    assert gap["response"]["evidence"]
    assert all("Harbour Books" in e["text"] for e in gap["response"]["evidence"])
    assert all(e["cites"] for e in gap["response"]["evidence"])


def test_no_gap_objection_without_a_gap(tmp_path) -> None:
    kinds = {o["kind"] for o in rehearse(tmp_path, "resume_steady.md")}
    assert "gap" not in kinds and "short_tenure" not in kinds and "degree" not in kinds


def test_a_missing_must_have_ranks_high_and_says_plainly_there_is_no_achievement(tmp_path) -> None:
    objections = rehearse(tmp_path, "resume_gap.md")
    first = objections[0]
    assert first["kind"] == "missing_must"
    assert first["risk"]["level"] == "high"
    assert "Airflow or Dagster" in first["phrasing"]
    assert first["cites"][0]["file"] == "posting.md" and first["cites"][0]["start"] == 15
    # no achievement of the resume shows it: none is invented, and the answer says so
    assert first["response"]["evidence"] == []
    assert "don't invent one" in first["response"]["acknowledge"]
    # the bridge names one of the posting's real responsibilities
    responsibilities = [
        line.strip("- \n") for line in (FIXTURES / "posting.md").read_text().splitlines()[7:11]
    ]
    assert any(r[:40] in first["response"]["bridge"] for r in responsibilities)


def test_degree_and_short_tenure_come_from_the_resume(tmp_path) -> None:
    kinds = by_kind(rehearse(tmp_path, "resume_gap.md"))
    assert "Bachelor's degree" in kinds["degree"]["phrasing"]
    assert (
        kinds["short_tenure"]["phrasing"]
        == "You were at Saltmarsh Insurance for only 9 months. What happened?"
    )


def test_standard_objections_are_always_there_even_at_the_smallest_max(tmp_path) -> None:
    for resume in ("resume_gap.md", "resume_steady.md"):
        objections = rehearse(tmp_path, resume)
        assert {o["kind"] for o in objections} >= STANDARD
    smallest = rehearse(tmp_path, "resume_gap.md", max_=3)
    assert {o["kind"] for o in smallest} == STANDARD
    assert len(rehearse(tmp_path, "resume_gap.md", max_=4)) == 4


def test_ordered_by_risk_with_levels_that_agree_and_a_basis_for_each(tmp_path) -> None:
    objections = rehearse(tmp_path, "resume_gap.md")
    scores = [o["risk"]["score"] for o in objections]
    assert scores == sorted(scores, reverse=True)
    for o in objections:
        score, level = o["risk"]["score"], o["risk"]["level"]
        assert level == ("high" if score >= 0.7 else "medium" if score >= 0.4 else "low")
        assert o["risk"]["basis"] and o["practice"] and o["why"]
    assert len({o["id"] for o in objections}) == len(objections)


def test_the_weakness_answer_warns_off_the_must_have_the_resume_lacks(tmp_path) -> None:
    weakness = by_kind(rehearse(tmp_path, "resume_steady.md"))["weakness"]
    assert (
        "Not the posting's ‘Experience with Airflow or Dagster in production’"
        in weakness["response"]["acknowledge"]
    )
    leaving = by_kind(rehearse(tmp_path, "resume_steady.md"))["why_leaving"]
    assert "Coastline Transit Authority" in leaving["phrasing"]


def write_analysis(runner: CliRunner, resume: str) -> None:
    for args, name in (
        (["job.analyze", "--with", "source=posting.md"], "job.json"),
        (["resume.analyze", "--with", f"source={resume}", "--with", "as_of=2026-11"], "resume.json"),
        (["match.evidence", "--with", "job=@job.json", "--with", "resume=@resume.json"], "match.json"),
    ):
        result = runner.invoke(cli, ["step", "run", *args, "--json"])
        assert result.exit_code == 0, result.output
        Path(name).write_text(result.stdout, encoding="utf-8")


STEP = [
    "step",
    "run",
    "objections.rehearse",
    "--with",
    "job=@job.json",
    "--with",
    "resume=@resume.json",
    "--with",
    "match=@match.json",
    "--json",
]


def test_cli_step_run_is_deterministic_byte_for_byte(tmp_path, monkeypatch) -> None:
    for name in ("posting.md", "resume_gap.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    write_analysis(runner, "resume_gap.md")
    first = runner.invoke(cli, STEP)
    second = runner.invoke(cli, STEP)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    out = json.loads(first.stdout)
    jsonschema.validate(out, SCHEMA)
    for citation in citations(out):
        assert_grounded(citation, tmp_path)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--with", "max=2"], "minimum of 3"),
        (["--with", "max=many"], "max"),
        (["--with", "colour=red"], "colour"),
    ],
)
def test_bad_config_is_a_usage_error(tmp_path, monkeypatch, extra, message) -> None:
    for name in ("posting.md", "resume_steady.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    write_analysis(runner, "resume_steady.md")
    result = runner.invoke(cli, [*STEP[:-1], *extra])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_match_and_malformed_match_are_errors(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "step",
            "run",
            "objections.rehearse",
            "--with",
            "job={requirements=[]}",
            "--with",
            "resume={achievements=[]}",
        ],
    )
    assert result.exit_code == 2 and "match" in result.output
    result = runner.invoke(
        cli,
        [
            "step",
            "run",
            "objections.rehearse",
            "--with",
            "job={requirements=[]}",
            "--with",
            "resume={achievements=[]}",
            "--with",
            'match={requirements="none"}',
        ],
    )
    assert result.exit_code != 0 and "requirements" in result.output


def test_a_thin_dossier_still_gives_the_standard_three(tmp_path, monkeypatch) -> None:
    """Empty analyses (another step failed softly) give the standard objections, nothing made up."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "objections.rehearse",
            "--with",
            "job={requirements=[]}",
            "--with",
            "resume={achievements=[]}",
            "--with",
            "match={requirements=[]}",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    jsonschema.validate(out, SCHEMA)
    assert [o["kind"] for o in out["objections"]] == ["weakness", "why_leaving", "salary"]
    assert all(o["response"]["evidence"] == [] for o in out["objections"])


# -- real material, when the shared evaluation set is there ------------------------------------


def run_pair(tmp_path: Path, posting: Path, resume: Path) -> list[dict[str, Any]]:
    document = {
        "plan": {"name": "eval"},
        "inputs": {"job": {"file": str(posting)}, "resume": {"file": str(resume)}},
        "steps": {
            "job": {"uses": "job.analyze", "with": {"source": "${inputs.job}"}},
            "resume": {"uses": "resume.analyze", "with": {"source": "${inputs.resume}", "as_of": "2026-11"}},
            "match": {
                "uses": "match.evidence",
                "with": {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"},
            },
            "objections": {
                "uses": "objections.rehearse",
                "with": {
                    "job": "${steps.job.outputs}",
                    "resume": "${steps.resume.outputs}",
                    "match": "${steps.match.outputs}",
                },
            },
        },
    }
    (tmp_path / "plan.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(tmp_path / "plan.toml"), formats=[])
    assert result.status == "success", result
    out = result.steps["objections"].outputs
    jsonschema.validate(out, SCHEMA)
    for citation in citations(out):
        assert_grounded(citation, tmp_path)
    return out["objections"]


@pytest.mark.skipif(not EVAL.is_dir(), reason="no shared/eval")
def test_eval_a_developer_applying_as_an_accountant_hears_about_the_switch_first(tmp_path) -> None:
    objections = run_pair(tmp_path, EVAL / "postings/gitlab-accountant.md", EVAL / "resumes/rm-john_doe.pdf")
    top = objections[:2]
    assert "function_change" in {o["kind"] for o in top}
    switch = by_kind(objections)["function_change"]
    assert "engineering" in switch["phrasing"] and "finance" in switch["phrasing"]
    assert any(c.get("page") for c in switch["cites"])  # the PDF resume is cited by page
    assert any("Netsuite" in o["phrasing"] for o in objections)
    assert {o["kind"] for o in objections} >= STANDARD


@pytest.mark.skipif(not EVAL.is_dir(), reason="no shared/eval")
def test_eval_content_strategist_for_a_federal_data_role(tmp_path) -> None:
    objections = run_pair(
        tmp_path,
        EVAL / "postings/tts-datagov-open-data-specialist.md",
        EVAL / "resumes/tts-annotated-federal-resume-content-strategist.md",
    )
    kinds = by_kind(objections)
    assert "content" in kinds["function_change"]["phrasing"]
    assert "$" in kinds["salary"]["response"]["acknowledge"]  # the posting's range, not a canned line
    # evidence is the candidate's own, told by its headline sentence
    for o in objections:
        for item in o["response"]["evidence"]:
            assert len(item["text"].split()) < 60


def test_the_gap_answer_quotes_resume_analyzes_explanation(tmp_path) -> None:
    """The resume explains its gap under "## Sabbatical"; objections quotes resume.analyze's explanation."""
    resume = (FIXTURES / "resume_gap.md").read_text(encoding="utf-8")
    resume = resume.replace("## Career break\n", "## Sabbatical\n").replace(
        "travelled and studied statistics part time", "sailed from Victoria to Auckland"
    )
    (tmp_path / "resume_sabbatical.md").write_text(resume, encoding="utf-8")
    path = plan(tmp_path, "resume_gap.md")
    path.write_text(path.read_text(encoding="utf-8").replace("resume_gap.md", "resume_sabbatical.md"))
    result = prepflow.run_plan(prepflow.load_plan(path), formats=[])
    assert result.status == "success", result
    (explained,) = result.steps["resume"].outputs["signals"]["gaps"]
    assert "sailed from Victoria to Auckland" in explained["explanation"]["text"]
    assert not [a for a in result.steps["resume"].outputs["achievements"] if "sailed" in a["text"]]
    gap = by_kind(result.steps["objections"].outputs["objections"])["gap"]
    assert "sailed from Victoria to Auckland" in gap["response"]["acknowledge"]
    assert "the resume already explains it" in gap["risk"]["basis"]
    line = explained["explanation"]["source"]["start"]
    assert any(c["start"] == line and "sailed from Victoria" in c["quote"] for c in gap["cites"])
    for citation in citations(result.steps["objections"].outputs):
        assert_grounded(citation, tmp_path)


def test_evidence_is_the_achievement_and_the_one_line_answer_is_said_in_the_first_person(tmp_path) -> None:
    objections = rehearse(tmp_path, "resume_steady.md")
    evidence = [e["text"] for o in objections for e in o["response"]["evidence"]]
    assert evidence and not any(t.startswith(("Tell:", "Proof:")) for t in evidence)
    said = [o["response"]["say"] for o in objections if o["response"]["evidence"]]
    assert said and all(s.startswith(("I ", "My work has included ")) for s in said)
    assert any(s.startswith("I built Airflow pipelines") for s in said)
    # the cheat sheet's answer column: a cue, then the candidate's own sentence, no stacked labels
    loaded = prepflow.load_plan(plan(tmp_path, "resume_steady.md"))
    assert prepflow.run_plan(loaded, formats=["md"]).status == "success"
    text = (loaded.output_dir / "dossier.md").read_text(encoding="utf-8")
    answers = text.split("**Have these answers ready**")[1].split("**30-60-90**")[0]
    assert "Tell:" not in answers and "Proof: " not in answers
    assert "Say: “I " in answers


def test_bridges_quote_a_whole_duty_never_a_lead_in_fragment(tmp_path) -> None:
    posting = (FIXTURES / "posting.md").read_text(encoding="utf-8")
    posting = posting.replace(
        "- Coach two analysts in writing tested, reviewed SQL",
        "- Look ahead. Coach two analysts in writing tested, reviewed SQL",
    )
    shutil.copy(FIXTURES / "resume_steady.md", tmp_path / "resume_steady.md")
    path = plan(tmp_path, "resume_steady.md")
    (tmp_path / "posting.md").write_text(posting, encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(path), formats=[])
    assert result.status == "success"
    for objection in result.steps["objections"].outputs["objections"]:
        bridge = objection["response"]["bridge"]
        quoted = bridge.split("“", 1)[1].split("”", 1)[0]
        assert len(quoted.split()) >= 5 and "Look ahead" not in quoted, bridge
        assert not quoted.endswith(("to", "and", "of")), bridge  # never a clause cut mid-list


def test_the_salary_answer_keeps_the_postings_dollar(tmp_path) -> None:
    path = plan(tmp_path, "resume_steady.md")
    posting = (tmp_path / "posting.md").read_text(encoding="utf-8")
    posting = posting.replace("$95,000 to $115,000 a year", "NZ$95,000 to NZ$115,000 a year")
    (tmp_path / "posting.md").write_text(posting, encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(path), formats=[])
    assert result.status == "success"
    salary = by_kind(result.steps["objections"].outputs["objections"])["salary"]
    assert "NZ$95,000 to NZ$115,000 a year" in salary["response"]["acknowledge"]


def test_a_missing_must_have_cites_no_closest_line_as_evidence(tmp_path, monkeypatch) -> None:
    """A gap's closest line shares a word ("services"): the answer admits the gap, with no evidence."""
    monkeypatch.chdir(tmp_path)
    job = {"requirements": [{"text": "Clear understanding of 1st, 2nd and 3rd line support services",
                             "priority": "must", "kind": "skill"}]}  # fmt: skip
    match = {
        "requirements": [
            {
                "requirement": job["requirements"][0]["text"],
                "priority": "must",
                "kind": "skill",
                "status": "gap",
                "score": 0.1,
                "counted": True,
                "evidence": [{"text": "Built search services for a ferry app", "kind": "achievement"}],
            }
        ]
    }
    resume = {"achievements": [{"text": "Built search services for a ferry app", "role": None}]}
    args = ["step", "run", "objections.rehearse", "--json"]
    for name, value in (("job", job), ("resume", resume), ("match", match)):
        args += ["--with", f"{name}={json.dumps(value)}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    [gap] = [o for o in json.loads(result.stdout)["objections"] if o["kind"] == "missing_must"]
    assert gap["response"]["evidence"] == []


def rehearse_frames(tmp_path: Path) -> list[dict[str, Any]]:
    """A junior posting whose requirements hold a federal frame, a school diploma, a commitment to
    policies, a way of working, alternatives and a preferred item; a director with 17 years answers it."""
    result = prepflow.run_plan(
        prepflow.load_plan(plan(tmp_path, "resume_director.md", posting="posting_frames.md")), formats=[]
    )
    assert result.status == "success", result
    out = result.steps["objections"].outputs
    jsonschema.validate(out, SCHEMA)
    for citation in citations(out):
        assert_grounded(citation, tmp_path)
    return out["objections"]


def test_frames_conditions_alternatives_and_preferred_items_are_never_rehearsed(tmp_path) -> None:
    objections = rehearse_frames(tmp_path)
    said = " ".join(o["phrasing"] + " " + o["response"]["acknowledge"] for o in objections)
    assert "specialized experience" not in said  # the frame of the list that follows, judged item by item
    assert "high school" not in said  # a school-leaving diploma is confirmed, not rehearsed
    assert "commitment" not in said  # a commitment to their policies is a condition
    assert "managing a team" not in said  # a director's title answers it
    assert "alignment" not in said  # ... and building alignment with stakeholders
    assert "Evergreen" not in said  # a preferred item is no gap to apologise for
    assert said.count("Koha") <= 1  # "two years" and "one year" of it are alternatives: one objection at most


def test_a_way_of_working_is_asked_for_a_story_not_confessed_as_a_gap(tmp_path) -> None:
    objections = rehearse_frames(tmp_path)
    assert "communication" in by_kind(objections)["trait_gap"]["phrasing"]
    for o in objections:
        if o["kind"] == "missing_must":  # a way of working is never "something I have not done in a job"
            assert "communication" not in o["phrasing"] and "problem-solving" not in o["phrasing"]


def test_a_director_on_a_junior_posting_hears_about_being_overqualified(tmp_path) -> None:
    objections = rehearse_frames(tmp_path)
    over = by_kind(objections)["overqualified"]
    assert "director" in over["phrasing"] and "entry" in over["phrasing"]
    assert objections[0] is over  # on a junior post, the first thing they will ask


def test_the_weakness_answer_never_volunteers_a_must_have(tmp_path) -> None:
    for o in rehearse_frames(tmp_path):
        if o["kind"] == "weakness":
            ack = o["response"]["acknowledge"]
            assert "not central to this job" in ack
            assert "communication" not in ack  # a way of working is not the weakness to name
            assert not o["response"]["evidence"] and not o["response"]["say"]
