"""questions.draft: grounded questions in interview order, through the CLI and a chained plan."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import tomli_w
from click.testing import CliRunner
from grounding import assert_grounded, citations
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.questions.rules import overlap

import prepflow
from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "company"
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "plugins" / "questions" / "output.schema.json").read_text()
)
EXAMPLES = Path(__file__).parent.parent / "examples"
EVAL = Path(__file__).parent.parent.parent / "shared" / "eval"
PAGES = ["about.md", "news.md", "careers.html"]
RESUME = """\
# Robin Vale
Product designer

## Experience
### Product Designer, Kestrel Maps — 2019 to 2025
- Redesigned the trip booking flow, cutting abandoned bookings from 31% to 12%
- Ran fortnightly usability sessions with 60 riders and shared the findings with engineering

## Skills
Figma, usability testing, prototyping
"""


def plan(folder: Path, count: int | None = None, with_resume: bool = True) -> Path:
    for name in [*PAGES, "job.md"]:
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "resume.md").write_text(RESUME)
    questions: dict = {
        "job": "${steps.job.outputs}",
        "research": "${steps.research.outputs}",
        "focus": "${steps.focus.outputs}",
        "match": "${steps.match.outputs}",
    }
    if count is not None:
        questions["count"] = count
    steps = {
        "job": {"uses": "job.analyze", "with": {"source": "job.md"}},
        "research": {"uses": "company.research", "with": {"sources": PAGES, "job": "${steps.job.outputs}"}},
        "resume": {"uses": "resume.analyze", "with": {"source": "resume.md", "as_of": "2026-01"}},
        "match": {
            "uses": "match.evidence",
            "with": {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"},
        },
        "focus": {
            "uses": "focus.competencies",
            "with": {"job": "${steps.job.outputs}", "match": "${steps.match.outputs}"},
        },
        "questions": {"uses": "questions.draft", "with": questions},
    }
    path = folder / "plan.toml"
    path.write_text(tomli_w.dumps({"plan": {"name": "questions"}, "steps": steps}))
    return path


def run(folder: Path, count: int | None = None) -> list[dict]:
    result = prepflow.run_plan(prepflow.load_plan(plan(folder, count)), formats=[])
    assert result.status == "success", {k: v.error for k, v in result.steps.items()}
    return result.steps["questions"].outputs


def test_questions_in_interview_order_each_grounded(tmp_path: Path) -> None:
    out = run(tmp_path)
    jsonschema.validate(out, SCHEMA)
    questions = out["questions"]
    # at most the default 12: a template is used only on an item it fits, so fewer is fine
    assert 9 <= len(questions) <= 12
    assert [q["order"] for q in questions] == list(range(1, len(questions) + 1))
    order = load_data("questions")["order"]
    categories = [q["category"] for q in questions]
    assert set(categories) == set(order)  # every category asked
    assert [order.index(c) for c in categories] == sorted(order.index(c) for c in categories)
    for q in questions[:-1]:
        assert q["grounded_in"]["kind"] in {"theme", "responsibility", "requirement", "research", "role"}
        assert q["cites"], q
        assert q["listen_for"]
    for cite in citations(out):
        assert_grounded(cite, tmp_path)
    texts = " ".join(q["text"] for q in questions)
    # Quoted inside a frame that stays grammatical whatever the quote, never rewritten.
    assert "The job description lists “Lead the redesign of the mobile reservation flow" in texts
    assert "I read on your pages: “" in texts and "the old reservation flow caused long queues" in texts
    assert "You mention" not in texts and "leading the redesign" not in texts
    assert out["notes"] == []  # every category has a grounded question
    assert "Lantern" not in texts  # no canned paragraph with the company name pasted in


def test_closing_question_invites_objections_and_cites_the_gaps(tmp_path: Path) -> None:
    closing = run(tmp_path)["questions"][-1]
    assert closing["category"] == "closing" and closing["grounded_in"]["kind"] == "closing"
    assert "gives you pause" in closing["text"]
    # The resume shows no accessible-interface work: the must-have gap to be ready for.
    assert any("accessible interfaces" in c["quote"] for c in closing["cites"])
    assert "accessible interfaces" in closing["listen_for"]


def test_no_near_duplicates_and_counts(tmp_path: Path) -> None:
    for count in (8, 15):
        questions = run(tmp_path, count)["questions"]
        assert len(questions) <= count  # at most: only questions the material grounds
        texts = [q["text"] for q in questions]
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                assert overlap(a, b) < 0.5, (a, b)
        grounds = [q["grounded_in"]["text"] for q in questions]
        assert len(grounds) == len(set(grounds))  # each item asked about once


def test_deterministic(tmp_path: Path) -> None:
    first = json.dumps(run(tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path), sort_keys=True)
    (tmp_path / "b").mkdir()
    second = json.dumps(run(tmp_path / "b"), sort_keys=True)
    assert first == second


@pytest.fixture
def job_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(FIXTURES / "job.md", tmp_path / "job.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    (tmp_path / "job.json").write_text(result.output)
    return tmp_path / "job.json"


def test_job_alone_through_the_cli(job_file: Path) -> None:
    result = CliRunner().invoke(
        cli, ["step", "run", "questions.draft", "--with", f"job=@{job_file}", "--with", "count=9", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    jsonschema.validate(out, SCHEMA)
    assert 1 < len(out["questions"]) <= 9
    assert out["questions"][-1]["cites"] == []  # no match given: nothing to cite, flagged as the closing one
    for cite in citations(out):
        assert_grounded(cite, job_file.parent)


@pytest.mark.parametrize("count", ["2", "16", "0"])
def test_count_out_of_range(job_file: Path, count: str) -> None:
    result = CliRunner().invoke(
        cli, ["step", "run", "questions.draft", "--with", f"job=@{job_file}", "--with", f"count={count}"]
    )
    assert result.exit_code != 0
    assert "count" in result.output


def test_missing_job_is_an_error(job_file: Path) -> None:
    result = CliRunner().invoke(cli, ["step", "run", "questions.draft", "--with", "count=9"])
    assert result.exit_code != 0 and "job" in result.output


def test_the_example(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "inputs", tmp_path / "inputs")
    steps = {
        "job": {"uses": "job.analyze", "with": {"source": "inputs/job.md"}},
        "research": {
            "uses": "company.research",
            "with": {
                "sources": [
                    "inputs/company/about.md",
                    "inputs/company/careers.html",
                    "inputs/company/news.md",
                ],
                "job": "${steps.job.outputs}",
            },
        },
        "questions": {
            "uses": "questions.draft",
            "with": {"job": "${steps.job.outputs}", "research": "${steps.research.outputs}"},
        },
    }
    (tmp_path / "plan.toml").write_text(tomli_w.dumps({"plan": {"name": "example"}, "steps": steps}))
    result = prepflow.run_plan(prepflow.load_plan(tmp_path / "plan.toml"), formats=[])
    assert result.status == "success"
    research = result.steps["research"].outputs
    assert {t["phrase"] for t in research["themes"]} >= {"dispatch system", "live temperature", "on-call"}
    assert "team-size" not in {h["id"] for h in research["homework"]}  # "12 of them in engineering"
    texts = [q["text"] for q in result.steps["questions"].outputs["questions"]]
    assert any(
        t.startswith("The job description lists “Move the legacy PHP dispatch system onto Python services")
        for t in texts
    )
    assert any("heat wave caused three spoiled loads" in t for t in texts)
    for cite in citations(result.steps["research"].outputs | result.steps["questions"].outputs):
        assert_grounded(cite, tmp_path)


@pytest.mark.skipif(not (EVAL / "company").is_dir(), reason="shared eval material not present")
def test_real_posting_and_pages(tmp_path: Path) -> None:
    pages = sorted(str(p) for p in (EVAL / "company").glob("*.md"))
    steps = {
        "job": {"uses": "job.analyze", "with": {"source": str(EVAL / "postings" / "tts-18f-ux-designer.md")}},
        "research": {"uses": "company.research", "with": {"sources": pages, "job": "${steps.job.outputs}"}},
        "questions": {
            "uses": "questions.draft",
            "with": {"job": "${steps.job.outputs}", "research": "${steps.research.outputs}", "count": 15},
        },
    }
    (tmp_path / "plan.toml").write_text(tomli_w.dumps({"plan": {"name": "eval"}, "steps": steps}))
    result = prepflow.run_plan(prepflow.load_plan(tmp_path / "plan.toml"), formats=[])
    assert result.status == "success"
    out = result.steps["questions"].outputs
    jsonschema.validate(out, SCHEMA)
    assert 8 <= len(out["questions"]) <= 15
    for cite in citations(out):
        assert_grounded(cite, tmp_path)


THIN_JOB = """# Night Porter (fictional)

Quillon Hotel is hiring a night porter.

## What you will do
- Support a warm culture of respect and trust among the night staff
- Must be able to lift 20 kg

## Requirements
- Excellent communicator
"""


def test_thin_material_asks_about_the_role_itself(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "job.md").write_text(THIN_JOB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    job = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    (tmp_path / "job.json").write_text(job.output)
    result = CliRunner().invoke(cli, ["step", "run", "questions.draft", "--with", "job=@job.json", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    jsonschema.validate(out, SCHEMA)
    # a culture duty grounds no question; the closing question is always there
    assert all("respect and trust" not in q["text"] for q in out["questions"])
    assert out["questions"][-1]["category"] == "closing"
    # nothing the posting says fits a question: one per category about the role itself, citing its title,
    # never padded out with extras
    assert len(out["questions"]) == len(load_data("questions")["order"])
    assert {q["grounded_in"]["kind"] for q in out["questions"][:-1]} == {"role"}
    assert all(q["cites"] for q in out["questions"][:-1])
    measure = [q for q in out["questions"] if q["category"] == "measurement"]
    assert len(measure) == 1 and "how will you know you hired the right person" in measure[0]["text"]
    assert out["notes"] == []
    # without even a title to cite, nothing is asked but the closing question, and the notes say what to ask
    analysis = json.loads(job.output)
    analysis["role"] = None
    (tmp_path / "job.json").write_text(json.dumps(analysis))
    result = CliRunner().invoke(cli, ["step", "run", "questions.draft", "--with", "job=@job.json", "--json"])
    out = json.loads(result.output)
    assert [q["category"] for q in out["questions"]] == ["closing"]
    assert "The job description says nothing about how success is measured: ask." in out["notes"]
    for cite in citations(out):
        assert_grounded(cite, tmp_path)


OFFICES_JOB = """# Booking Engineer, Tidewater Labs (fictional)

Tidewater Labs builds the booking service of the Harbour Ferries Authority.

## What you will do
- Rebuild the seat booking service so it holds up on summer weekends
- Measure how long a booking takes and cut it

## Requirements
- Experience building web services in Python
"""

OFFICES_PAGE = """# Our offices

The Rail Desk Group helped the NTSA move its timetables to the cloud last spring.
Tidewater Labs launched a new booking service for island residents this year.
"""


def test_a_company_fact_about_an_office_the_posting_never_names_grounds_no_question(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "job.md").write_text(OFFICES_JOB, encoding="utf-8")
    (tmp_path / "offices.md").write_text(OFFICES_PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    job = runner.invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    (tmp_path / "job.json").write_text(job.output)
    research = runner.invoke(
        cli, ["step", "run", "company.research", "--with", 'sources=["offices.md"]', "--json"]
    )
    assert research.exit_code == 0, research.output
    (tmp_path / "research.json").write_text(research.output)
    found = json.loads(research.output)
    assert any("Rail Desk" in i["text"] for i in found["initiatives"] + found["products"])
    args = ["step", "run", "questions.draft", "--with", "job=@job.json", "--with", "research=@research.json"]
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    texts = [q["text"] for q in json.loads(result.output)["questions"]]
    assert not any("Rail Desk" in t or "NTSA" in t for t in texts)  # another office's project
    assert any("Tidewater Labs launched" in t for t in texts)  # the posting's own team


FRAGMENT_JOB = """# Data Engineer (fictional)

## What you will do
- Build data pipelines for tide gauges, including but not limited to harbour sensors
- Clean sensor datasets, including but not limited to wave heights
- Publish datasets to analysts, including but not limited to the ferry planners

## Requirements
- Experience with data pipelines, including but not limited to Airflow
"""


def test_a_theme_that_is_a_piece_of_a_sentence_grounds_no_question(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "job.md").write_text(FRAGMENT_JOB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    job = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    assert "but not limited" in [t["phrase"] for t in json.loads(job.output)["themes"]]
    (tmp_path / "job.json").write_text(job.output)
    result = CliRunner().invoke(cli, ["step", "run", "questions.draft", "--with", "job=@job.json", "--json"])
    assert result.exit_code == 0, result.output
    grounds = [q["grounded_in"] for q in json.loads(result.output)["questions"]]
    assert not any(g["kind"] == "theme" and "not limited" in g["text"] for g in grounds)


YARD_JOB = """# Yard Hand (fictional)

Pembury Timber runs a timber yard. Timber yard work: timber yard safety, timber yard stock.

## What you will do
- Carry tools and materials to the work site each morning
- Introduce a new labelling system for the timber racks
- Load timber yard orders onto customer vans
- Check delivery notes within an hour of arrival

## Requirements
- How do I apply?
- Prior experience in a timber yard is highly preferred
- Three years of experience driving a forklift
- Standing and walking for more than 8 hours a day
- Ability to read delivery notes accurately
"""


def test_questions_fit_what_they_are_about_or_ask_about_the_role(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "job.md").write_text(YARD_JOB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    job = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    (tmp_path / "job.json").write_text(job.output)
    result = CliRunner().invoke(cli, ["step", "run", "questions.draft", "--with", "job=@job.json", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    jsonschema.validate(out, SCHEMA)
    questions = out["questions"]
    texts = " | ".join(q["text"] for q in questions)
    kinds = {q["grounded_in"]["kind"] for q in questions}
    # the posting's own repeated words are no theme to say back; a requirement that is a question, a
    # preference, a number of years or a physical condition is nothing to ask about
    assert "theme" not in kinds and "requirement" not in kinds
    for said in ("timber yard", "How do I apply", "highly preferred", "Three years", "Standing"):
        assert f"“{said}" not in texts, said
    # the project the posting names grounds a question; a routine task ("Carry tools") none
    assert "The job description lists “Introduce a new labelling system for the timber racks”" in texts
    assert "Carry tools" not in texts and "Load timber" not in texts
    # "with" is a whole word: "within an hour" names nobody to work with
    team = [q for q in questions if q["category"] == "team"]
    assert not any("Check delivery notes" in q["text"] for q in team)
    # nothing fits a measure: the question is asked about the role itself, citing its title
    measure = [q for q in questions if q["category"] == "measurement"]
    assert measure and measure[0]["grounded_in"]["kind"] == "role" and measure[0]["cites"]
    for cite in citations(out):
        assert_grounded(cite, tmp_path)


def test_lines_that_are_no_duty_of_this_role_ground_no_question(tmp_path: Path, monkeypatch) -> None:
    job_text = YARD_JOB.replace(
        "- Check delivery notes within an hour of arrival\n",
        "- Check delivery notes within an hour of arrival\n"
        "- Support technical interviews for candidates applying to the yard\n"
        "- Pembury Timber and its partners are committed to safe and tidy yards\n"
        "- Manage the yard's stock budget, including, but not limited to\n",
    )
    (tmp_path / "job.md").write_text(job_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    job = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    (tmp_path / "job.json").write_text(job.output)
    result = CliRunner().invoke(cli, ["step", "run", "questions.draft", "--with", "job=@job.json", "--json"])
    texts = " | ".join(q["text"] for q in json.loads(result.output)["questions"])
    # interviewing is the role's work, not this conversation; a statement about the employer; a line cut
    # mid-phrase
    for said in ("Support technical interviews", "are committed", "not limited to"):
        assert said not in texts, said
    assert "Where does today's conversation sit" not in texts


def test_what_to_listen_for_says_each_thing_once(tmp_path: Path, monkeypatch) -> None:
    """A question's own signals and its category's are joined without saying the same thing twice."""
    (tmp_path / "job.md").write_text(THIN_JOB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    job = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", "source=job.md", "--json"])
    (tmp_path / "job.json").write_text(job.output)
    result = CliRunner().invoke(cli, ["step", "run", "questions.draft", "--with", "job=@job.json", "--json"])
    assert result.exit_code == 0, result.output
    for question in json.loads(result.output)["questions"]:
        sentences = re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", question["listen_for"])
        words = [{w for w in re.findall(r"[a-z'-]{4,}", s.lower())} for s in sentences]
        for i, later in enumerate(words):
            for earlier in words[:i]:  # no sentence mostly says again what an earlier one said
                assert len(later & earlier) < max(2, 0.5 * len(later)), question["listen_for"]
