"""posture.check: five habits scored from what the plan prepared, with advice naming its items."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli_w
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "objections"
SCHEMA = json.loads((Path(__file__).parent.parent / "plugins" / "posture" / "output.schema.json").read_text())
NAMES = ["agenda", "energy", "ideas", "focus", "objections"]

# What questions.draft, ideas.problem_solving and stories.bank give (their shapes, invented content).
QUESTIONS = {
    "questions": [
        {
            "id": f"q{n}",
            "order": n,
            "category": category,
            "text": text,
            "listen_for": "whether they name the harbour master's trust",
            "cites": [{"file": "posting.md", "start": 3, "end": 3, "quote": "on-time report"}],
        }
        for n, (category, text) in enumerate(
            [
                ("ideal_hire", "What does the best data engineer you have hired do differently?"),
                ("first_90_days", "What would make the on-time report a success by day 90?"),
                ("challenges", "Which of the nightly cron scripts fails most often?"),
                ("measurement", "How will you measure the new pipelines?"),
                ("team", "How do the two analysts work with the operations desk today?"),
                ("culture", "How does the team review SQL today?"),
                ("challenges", "Where do sailing data and ticketing data disagree?"),
                ("decision", "Is there anything in my background that gives you pause?"),
            ],
            start=1,
        )
    ]
}
IDEAS = {
    "problems": [
        {
            "id": "p1",
            "problem": "Nightly cron scripts fail silently",
            "cites": [{"file": "posting.md", "start": 9, "end": 9, "quote": "Replace the nightly scripts"}],
            "idea": {"approach": "move them to Airflow", "proof": {"text": "Moved 40 jobs to Airflow"}},
        },
        {
            "id": "p2",
            "problem": "The on-time report is not trusted",
            "cites": [{"file": "posting.md", "start": 10, "end": 10, "quote": "Rebuild the on-time report"}],
            "idea": {"approach": "add data tests", "proof": {"text": "Added data tests"}},
        },
        {
            "id": "p3",
            "problem": "Analysts write untested SQL",
            "idea": {"approach": "a review checklist", "proof": {"text": "Ran SQL reviews"}},
        },
    ],
    "plan_30_60_90": [{"phase": "30", "text": "learn the sailing data"}],
}
STORIES = {"stories": [{"id": "s1", "title": "Rebuilt the nightly sales pipelines", "missing": []}]}


def full_plan(tmp_path: Path, answers: dict[str, str] | None = None) -> Path:
    for name in ("posting.md", "resume_gap.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    posture: dict[str, Any] = {
        "questions": QUESTIONS,
        "ideas": IDEAS,
        "stories": STORIES,
        "focus": "${steps.focus.outputs}",
        "objections": "${steps.objections.outputs}",
    }
    if answers:
        posture["answers"] = answers
    document = {
        "plan": {"name": "posture"},
        "inputs": {"job": {"file": "posting.md"}, "resume": {"file": "resume_gap.md"}},
        "steps": {
            "job": {"uses": "job.analyze", "with": {"source": "${inputs.job}"}},
            "resume": {"uses": "resume.analyze", "with": {"source": "${inputs.resume}", "as_of": "2026-11"}},
            "match": {
                "uses": "match.evidence",
                "with": {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"},
            },
            "focus": {
                "uses": "focus.competencies",
                "with": {"job": "${steps.job.outputs}", "match": "${steps.match.outputs}"},
            },
            "objections": {
                "uses": "objections.rehearse",
                "with": {
                    "job": "${steps.job.outputs}",
                    "resume": "${steps.resume.outputs}",
                    "match": "${steps.match.outputs}",
                },
            },
            "posture": {"uses": "posture.check", "with": posture},
        },
    }
    path = tmp_path / "plan.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def check(tmp_path: Path, answers: dict[str, str] | None = None) -> dict[str, Any]:
    tmp_path.mkdir(exist_ok=True)
    result = prepflow.run_plan(prepflow.load_plan(full_plan(tmp_path, answers)), formats=[])
    assert result.status == "success", result
    out = result.steps["posture"].outputs
    jsonschema.validate(out, SCHEMA)
    return out


def dims(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in out["dimensions"]}


def step_run(*withs: str) -> dict[str, Any]:
    args = ["step", "run", "posture.check", "--json"]
    for w in withs:
        args += ["--with", w]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    jsonschema.validate(out, SCHEMA)
    return out


def test_no_inputs_is_passive_and_says_which_steps_to_add() -> None:
    out = step_run()
    assert out["score"] == 0 and out["level"] == "passive"
    assert [d["name"] for d in out["dimensions"]] == NAMES
    assert len(out["advice"]) == 3
    assert "questions.draft" in out["advice"][0]


def test_a_full_plan_is_proactive_and_the_advice_names_its_items(tmp_path) -> None:
    out = check(tmp_path)
    assert out["level"] == "proactive", out
    d = dims(out)
    assert "8 questions" in d["agenda"]["finding"] and "closing question (#8)" in d["agenda"]["finding"]
    # the advice quotes the posting's own line behind each idea, never the idea's rewording of it
    assert "idea #2 (on the posting's “Rebuild the on-time report”)" in d["energy"]["advice"]
    assert "problem #1 yourself, the posting's “Replace the nightly scripts”" in d["ideas"]["advice"]
    assert "Airflow or Dagster" in d["objections"]["advice"]  # the top objection, to rehearse
    assert d["focus"]["score"] > 0 and "“" in d["focus"]["finding"]
    # the advice is the three weakest habits' advice, weakest first
    weakest = sorted(out["dimensions"], key=lambda x: x["score"])[:3]
    assert out["advice"] == [x["advice"] for x in weakest]


def test_no_closing_question_costs_points_and_says_so(tmp_path) -> None:
    questions = {"questions": QUESTIONS["questions"][:-1]}
    out = step_run(f"questions={json.dumps(questions)}")
    agenda = dims(out)["agenda"]
    assert "no closing question" in agenda["finding"]
    assert "gives you pause" in agenda["advice"]
    assert agenda["score"] < dims(step_run(f"questions={json.dumps(QUESTIONS)}"))["agenda"]["score"]


def test_the_candidates_own_answers_count_alongside_the_plan(tmp_path) -> None:
    plain = dims(check(tmp_path / "plain"))
    habits = {
        "agenda": "I usually wait for their questions",
        "objections": "I hope they don't ask about the gap",
    }
    passive = dims(check(tmp_path / "passive", habits))
    assert passive["agenda"]["score"] < plain["agenda"]["score"]
    assert passive["objections"]["score"] < plain["objections"]["score"]
    assert "I usually wait for their questions" in passive["agenda"]["finding"]
    assert "passive" in passive["agenda"]["finding"]
    proactive = dims(step_run('answers={ideas="I bring a one-page proposal to every interview"}'))
    assert proactive["ideas"]["score"] == 50 and "proactive" in proactive["ideas"]["finding"]


def test_inputs_from_steps_still_being_written_are_read_defensively() -> None:
    odd = {
        "questions": {"questions": "not a list"},
        "ideas": {"problems": [1, {"problem": None}, {"problem": ["a list"], "idea": "a string"}]},
        "stories": {"stories": [{"title": None, "missing": ["result number"]}]},
        "focus": {"competencies": [{"competency": {"text": "SQL"}}]},
        "objections": {"objections": [{"phrasing": None, "risk": "high", "response": None}]},
        "research": {},
    }
    out = step_run(*(f"{k}={json.dumps(v)}" for k, v in odd.items()))
    assert [d["name"] for d in out["dimensions"]] == NAMES


def test_deterministic_byte_for_byte() -> None:
    args = [
        "step",
        "run",
        "posture.check",
        "--json",
        "--with",
        f"questions={json.dumps(QUESTIONS)}",
        "--with",
        f"ideas={json.dumps(IDEAS)}",
    ]
    first, second = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)
    assert first.exit_code == 0 and first.stdout == second.stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("questions=3", "questions"),
        ('answers={mood="great"}', "mood"),
        ("answers={agenda=3}", "agenda"),
        ("colour=red", "colour"),
    ],
)
def test_bad_config_is_a_usage_error(value: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["step", "run", "posture.check", "--with", value])
    assert result.exit_code == 2
    assert message in result.output


def test_a_plan_of_unbacked_items_is_not_scored_proactive() -> None:
    """Questions on no line of the posting and ideas no achievement backs are not a proactive plan."""
    questions = {"questions": [{**q, "cites": []} for q in QUESTIONS["questions"]]}
    ideas = {
        "problems": [{**p, "idea": {"approach": p["idea"]["approach"]}} for p in IDEAS["problems"]],
        "plan_30_60_90": IDEAS["plan_30_60_90"],
    }
    backed = dims(step_run(f"questions={json.dumps(QUESTIONS)}", f"ideas={json.dumps(IDEAS)}"))
    unbacked = dims(step_run(f"questions={json.dumps(questions)}", f"ideas={json.dumps(ideas)}"))
    assert unbacked["agenda"]["score"] < backed["agenda"]["score"]
    assert unbacked["ideas"]["score"] < backed["ideas"]["score"]
    assert "0 of them backed" in unbacked["ideas"]["finding"]
    assert "3 of them backed" in backed["ideas"]["finding"]


def test_one_passive_habit_keeps_the_plan_from_proactive() -> None:
    objections = {
        "objections": [
            {"phrasing": "Why Airflow?", "risk": {"level": "high"}, "response": {"evidence": [{"text": "x"}]}}
        ]
    }
    out = step_run(
        f"questions={json.dumps(QUESTIONS)}",
        f"ideas={json.dumps(IDEAS)}",
        f"stories={json.dumps(STORIES)}",
        f"objections={json.dumps(objections)}",
    )
    scores = {d["name"]: d["score"] for d in out["dimensions"]}
    assert scores["focus"] == 0  # no focus.competencies: that habit is passive
    assert sum(scores.values()) / len(scores) >= 70  # the mean alone would read proactive
    assert out["level"] == "mixed" and out["score"] == 69


def test_a_quote_inside_a_quote_takes_single_marks_and_a_cut_quote_is_closed(tmp_path) -> None:
    quoting = {
        "questions": [
            {
                "id": "q1",
                "order": 1,
                "category": "ideal_hire",
                "text": "The posting lists “Rebuild the on-time report”. What separates great from good?",
                "listen_for": "good and great on “Rebuild the on-time report for every harbour and ferry",
                "cites": [{"file": "posting.md", "start": 3, "end": 3, "quote": "on-time report"}],
            },
            QUESTIONS["questions"][-1],  # the closing question, so the advice opens with question #1
        ]
    }
    tmp_path.mkdir(exist_ok=True)
    questions = tmp_path / "questions.json"
    questions.write_text(json.dumps(quoting))
    out = step_run(f"questions=@{questions}")
    advice = dims(out)["agenda"]["advice"]
    assert "lists ‘Rebuild the on-time report’. What" in advice, advice
    assert "“" not in advice[advice.index("“") + 1 :].split("”")[0]  # no double mark inside the quote
    assert advice.count("‘") == advice.count("’"), advice  # the cut listen_for closes its quote


def test_a_step_that_ran_and_found_nothing_is_not_advised_to_be_added() -> None:
    """The plan has focus.competencies and ideas.problem_solving, but they found nothing: the advice
    says what to do about that, not "add focus.competencies"."""
    out = step_run('focus={"competencies": []}', 'ideas={"problems": [], "plan_30_60_90": [], "notes": []}')
    d = dims(out)
    for name, step in (("focus", "focus.competencies"), ("ideas", "ideas.problem_solving")):
        assert d[name]["score"] == 0
        assert step not in d[name]["advice"], d[name]["advice"]
    assert "must-haves closest to what you have done" in d["focus"]["advice"]
    assert "what the role must fix first" in d["ideas"]["advice"]
    # without the steps, the advice still names the step to add
    bare = dims(step_run())
    assert "focus.competencies" in bare["focus"]["advice"]


def test_nothing_to_show_after_ideas_and_stories_ran_is_not_advised_to_run_them() -> None:
    """ideas.problem_solving and stories.bank ran and found nothing to show: the energy advice says
    what to bring instead, not "run ideas.problem_solving and stories.bank"."""
    out = step_run(
        'ideas={"problems": [], "plan_30_60_90": [], "notes": []}', 'stories={"stories": [], "notes": []}'
    )
    energy = dims(out)["energy"]
    assert energy["score"] == 0
    assert "stories.bank" not in energy["advice"] and "ideas.problem_solving" not in energy["advice"]
    assert "with a number" in energy["advice"]
    assert "stories.bank" in dims(step_run())["energy"]["advice"]  # not in the plan: add it
