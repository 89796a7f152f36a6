"""ideas.problem_solving: problems inferred from the posting, ideas naming its objects, a 30-60-90 plan."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from grounding import assert_grounded, citations

import prepflow
from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "ideas_stories"
SCHEMA = json.loads((Path(__file__).parent.parent / "plugins" / "ideas" / "output.schema.json").read_text())
EVAL = Path(__file__).parent.parent.parent / "shared" / "eval"

PLAN = """
[plan]
name = "ideas"

[inputs]
job = { file = "job.md" }
resume = { file = "resume.md" }

[steps.job]
uses = "job.analyze"
with.source = "${inputs.job}"

[steps.resume]
uses = "resume.analyze"
with.source = "${inputs.resume}"
with.as_of = "2026-06"

[steps.match]
uses = "match.evidence"
with.job = "${steps.job.outputs}"
with.resume = "${steps.resume.outputs}"

[steps.ideas]
uses = "ideas.problem_solving"
with.job = "${steps.job.outputs}"
with.resume = "${steps.resume.outputs}"
with.match = "${steps.match.outputs}"
with.count = 4
"""


def run_plan(folder: Path, job: Path, resume: Path, extra: str = "") -> prepflow.RunResult:
    shutil.copy(job, folder / "job.md")
    shutil.copy(resume, folder / ("resume" + resume.suffix))
    text = PLAN.replace("resume.md", "resume" + resume.suffix) + extra
    (folder / "plan.toml").write_text(text, encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(folder / "plan.toml"), formats=[])
    assert result.status == "success", {k: s.error for k, s in result.steps.items()}
    return result


def all_text(outputs: dict) -> list[str]:
    texts = []
    for p in outputs["problems"]:
        idea = p["idea"]
        texts += [p["problem"], idea["approach"], *idea["first_steps"], *idea["measure"], *idea["risks"]]
    texts += [a["text"] for phase in outputs["plan_30_60_90"] for a in phase["actions"]]
    return texts


def check_well_formed(outputs: dict, base: Path) -> None:
    jsonschema.validate(outputs, SCHEMA)
    assert 1 <= len(outputs["problems"]) <= 5
    for citation in citations(outputs):
        assert_grounded(citation, base)
    for text in all_text(outputs):
        assert "{" not in text and "}" not in text, text  # every slot filled
        assert not re.search(r"\b(\w+) \1\b", text, re.I), text  # no "the the"
    assert [(p["days"], p["phase"]) for p in outputs["plan_30_60_90"]] == [
        (30, "learn"),
        (60, "plan"),
        (90, "execute"),
    ]
    for phase in outputs["plan_30_60_90"]:
        assert phase["actions"]
        assert all(a["cites"] for a in phase["actions"])


def test_problems_name_the_postings_own_objects(tmp_path: Path) -> None:
    result = run_plan(tmp_path, FIXTURES / "job.md", FIXTURES / "resume.md")
    out = result.steps["ideas"].outputs
    check_well_formed(out, tmp_path)
    assert len(out["problems"]) == 4  # the count asked for: the posting has four owned duties
    by_kind = {p["kind"]: p for p in out["problems"]}
    assert {"migration", "reliability", "people"} <= set(by_kind)

    migration = by_kind["migration"]
    assert "legacy catalog database" in migration["idea"]["approach"]
    assert "PostgreSQL" in migration["idea"]["approach"]
    assert "Migrate the legacy catalog database" in migration["why"]
    assert migration["idea"]["proof"]["text"].startswith("Migrated the billing database from Oracle")
    assert migration["idea"]["proof"]["role"] == "Database Engineer, Tamarack Health Co-op"

    reliability = by_kind["reliability"]
    assert "under 15 minutes" in " ".join(reliability["idea"]["measure"])
    assert "the time to restore the reservation service" in reliability["problem"].lower()
    assert reliability["idea"]["proof"]["text"].startswith("Cut the time to restore the patient portal")

    customers = by_kind["customer"]
    assert "help-desk tickets" in customers["problem"]
    assert "patrons" in customers["idea"]["approach"]  # the stakeholders the posting names
    assert customers["idea"]["proof"]["text"] == "Answered help-desk tickets for 9 stores"

    people = by_kind["people"]
    assert "the two junior developers" in people["idea"]["approach"]
    assert people["idea"]["proof"]["text"].startswith("Coached three junior developers")

    learn = [a["text"] for a in out["plan_30_60_90"][0]["actions"]]
    assert any(t.startswith("Meet staff") for t in learn)
    assert any("patrons" in t for t in learn)
    execute = " ".join(a["text"] for a in out["plan_30_60_90"][2]["actions"])
    assert "legacy catalog database" in execute and "under 15 minutes" in execute


def test_every_filled_idea_names_words_of_the_posting(tmp_path: Path) -> None:
    out = run_plan(tmp_path, FIXTURES / "job.md", FIXTURES / "resume.md").steps["ideas"].outputs
    posting = (FIXTURES / "job.md").read_text().lower()
    for problem in out["problems"]:
        idea = problem["idea"]
        words = re.findall(r"[a-z][a-z-]{3,}", " ".join([idea["approach"], *idea["measure"]]).lower())
        pairs = {f"{a} {b}" for a, b in itertools.pairwise(words)}
        assert any(pair in posting for pair in pairs), (problem["kind"], idea["approach"])


def test_cli_step_run_is_deterministic_and_takes_json_files(tmp_path: Path, monkeypatch) -> None:
    result = run_plan(tmp_path, FIXTURES / "job.md", FIXTURES / "resume.md")
    for name in ("job", "resume", "match"):
        (tmp_path / f"{name}.json").write_text(json.dumps(result.steps[name].outputs), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = [
        "step",
        "run",
        "ideas.problem_solving",
        "--with",
        "job=@job.json",
        "--with",
        "resume=@resume.json",
    ]
    args += ["--with", "match=@match.json", "--with", "count=3", "--json"]
    first = CliRunner().invoke(cli, args)
    second = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    out = json.loads(first.stdout)
    assert len(out["problems"]) == 3
    check_well_formed(out, tmp_path)


@pytest.mark.parametrize("count", ["2", "6"])
def test_count_outside_3_to_5_is_refused(tmp_path: Path, monkeypatch, count: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.json").write_text('{"requirements": [], "responsibilities": [], "achievements": []}')
    args = ["step", "run", "ideas.problem_solving", "--with", "job=@x.json", "--with", "resume=@x.json"]
    args += ["--with", "match=@x.json", "--with", f"count={count}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    assert "count" in result.output


def test_no_proof_is_null_with_a_note_and_no_evidence_is_an_error(tmp_path: Path, monkeypatch) -> None:
    result = run_plan(tmp_path, FIXTURES / "job.md", FIXTURES / "empty_resume.md")
    out = result.steps["ideas"].outputs
    check_well_formed(out, tmp_path)
    for problem in out["problems"]:
        assert problem["idea"]["proof"] is None
        assert problem["idea"]["proof_note"].startswith("[fill in:")

    (tmp_path / "bare.json").write_text(json.dumps({"requirements": [], "responsibilities": []}))
    (tmp_path / "r.json").write_text(json.dumps({"achievements": []}))
    monkeypatch.chdir(tmp_path)
    args = ["step", "run", "ideas.problem_solving", "--with", "job=@bare.json", "--with", "resume=@r.json"]
    bad = CliRunner().invoke(cli, [*args, "--with", "match=@bare.json"])
    assert bad.exit_code == 1
    assert "no duties, summary or requirements" in bad.output


def test_company_research_adds_evidence_with_its_own_citations(tmp_path: Path, monkeypatch) -> None:
    result = run_plan(tmp_path, FIXTURES / "job.md", FIXTURES / "resume.md")
    (tmp_path / "news.md").write_text(
        "# News\n\nIn March the board approved a move of the legacy catalog database to the cloud.\n",
        encoding="utf-8",
    )
    cite = {
        "file": "news.md",
        "start": 3,
        "end": 3,
        "quote": "approved a move of the legacy catalog database",
    }
    research = {
        "initiatives": [
            {
                "id": "initiative-1",
                "text": "In March the board approved a move of the legacy catalog database to the cloud.",
                "cites": [cite],
            }
        ]
    }
    (tmp_path / "research.json").write_text(json.dumps(research), encoding="utf-8")
    for name in ("job", "resume", "match"):
        (tmp_path / f"{name}.json").write_text(json.dumps(result.steps[name].outputs), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = [
        "step",
        "run",
        "ideas.problem_solving",
        "--with",
        "job=@job.json",
        "--with",
        "resume=@resume.json",
    ]
    args += ["--with", "match=@match.json", "--with", "research=@research.json", "--json"]
    ran = CliRunner().invoke(cli, args)
    assert ran.exit_code == 0, ran.output
    out = json.loads(ran.stdout)
    check_well_formed(out, tmp_path)
    migration = next(p for p in out["problems"] if p["kind"] == "migration")
    assert "approved a move of the legacy catalog database" in migration["why"]
    assert cite in migration["cites"]


@pytest.mark.skipif(not EVAL.exists(), reason="needs ../shared/eval beside the repository")
@pytest.mark.parametrize(
    ("posting", "resume"),
    [
        ("tts-18f-ux-designer.md", "tts-annotated-federal-resume-content-strategist.md"),
        ("tts-coe-data-analytics-specialist.md", "rm-harvey_dent_mle.pdf"),
        ("tts-login-devops-sre.md", "tts-resume-excerpt-software-engineer.md"),
    ],
)
def test_real_pairs_are_grounded(tmp_path: Path, posting: str, resume: str) -> None:
    result = run_plan(tmp_path, EVAL / "postings" / posting, EVAL / "resumes" / resume)
    out = result.steps["ideas"].outputs
    check_well_formed(out, tmp_path)
    assert 1 <= len(out["problems"]) <= 4
    assert len({p["problem"] for p in out["problems"]}) == len(out["problems"])


def _step_files(tmp_path: Path, result: prepflow.RunResult) -> list[str]:
    for name in ("job", "resume", "match"):
        (tmp_path / f"{name}.json").write_text(json.dumps(result.steps[name].outputs), encoding="utf-8")
    args = [
        "step",
        "run",
        "ideas.problem_solving",
        "--with",
        "job=@job.json",
        "--with",
        "resume=@resume.json",
    ]
    return [*args, "--with", "match=@match.json"]


def test_company_news_supports_a_problem_but_never_anchors_one(tmp_path: Path, monkeypatch) -> None:
    result = run_plan(tmp_path, FIXTURES / "job.md", FIXTURES / "resume.md")
    (tmp_path / "news.md").write_text(
        "# News\n\n"
        "- September 2026: started replacing the 2014 dispatch system\n"
        "- January 2026: launched live temperature tracking for customers\n"
        "- 2025-11: began to migrate the catalog database to the cloud\n"
        "- Case study: Opening the reading room on Sundays for patrons\n",
        encoding="utf-8",
    )
    lines = ["September 2026: started replacing the 2014 dispatch system"]
    lines += ["January 2026: launched live temperature tracking for customers"]
    lines += ["2025-11: began to migrate the catalog database to the cloud"]
    lines += ["Case study: Opening the reading room on Sundays for patrons"]
    research = {
        "initiatives": [
            {
                "id": f"initiative-{n}",
                "text": text,
                "cites": [{"file": "news.md", "start": n + 2, "end": n + 2, "quote": text}],
            }
            for n, text in enumerate(lines, start=1)
        ]
    }
    (tmp_path / "research.json").write_text(json.dumps(research), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ran = CliRunner().invoke(
        cli, [*_step_files(tmp_path, result), "--with", "research=@research.json", "--json"]
    )
    assert ran.exit_code == 0, ran.output
    out = json.loads(ran.stdout)
    check_well_formed(out, tmp_path)
    text = " ".join(all_text(out))
    assert not re.search(r"\b(?:\w*bering|\w*uarying|launcheding|\d+ing|casing)\b", text, re.I), text
    # a problem rests on a duty of the posting; company news only supports it
    assert all(p["cites"][0]["file"] == "job.md" for p in out["problems"])
    migration = next(p for p in out["problems"] if p["kind"] == "migration")
    assert any(c["file"] == "news.md" for c in migration["cites"])  # shares "catalog database"
    assert "launched live temperature" not in text.lower()  # news about something else: no support


def test_summary_comes_from_job_analyze_not_the_posting_file(tmp_path: Path, monkeypatch) -> None:
    result = run_plan(tmp_path, FIXTURES / "job.md", FIXTURES / "resume.md")
    args = _step_files(tmp_path, result)
    monkeypatch.chdir(tmp_path)
    before = CliRunner().invoke(cli, [*args, "--json"])
    job = result.steps["job"].outputs
    assert job["summary"], "the fixture posting has an introduction"
    # a job.analyze output whose posting file is gone still gives the same problems
    moved = {**job, "source": "gone.md"}
    for key in ("requirements", "responsibilities", "summary"):
        moved[key] = [{**item, "source": {**item["source"], "file": "job.md"}} for item in job[key]]
    (tmp_path / "job.json").write_text(json.dumps({**moved, "source": "gone.md"}), encoding="utf-8")
    after = CliRunner().invoke(cli, [*args, "--json"])
    assert before.exit_code == after.exit_code == 0, after.output
    problems = [p["problem"] for p in json.loads(after.stdout)["problems"]]
    assert problems == [p["problem"] for p in json.loads(before.stdout)["problems"]]
    summary_used = [p for p in json.loads(after.stdout)["problems"] if "It says:" in p["why"]]
    assert summary_used, "the introduction's sentences are evidence"


PROOF_JOB = """# Studio Lead (fictional)

Pebblebank Ceramics is hiring a studio lead.

## What you will do
- Mentor and coach the glaze technicians who are taking on new kiln roles
- Guide the potters through the long fire-safety compliance reviews of the county

## Requirements
- 3+ years running a ceramics studio
"""

PROOF_RESUME = """# Sam Ollerenshaw (fictional)

## Experience

### Studio Manager — Riverbend Pottery · Jan 2019 – present
- Frequently presented at local craft fairs on glaze chemistry to new potters and technicians
- Built pricing models from large sales data sets to drive the studio's strategy
- Mentored three apprentices until each ran the kiln on their own
"""


def test_a_proof_needs_a_shared_concept_or_the_same_kind_of_work_not_shared_ordinary_words(tmp_path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(PROOF_JOB, encoding="utf-8")
    resume.write_text(PROOF_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    check_well_formed(outputs, tmp_path)
    by_kind = {p["kind"]: p for p in outputs["problems"]}
    # mentoring is proved by mentoring, not by a talk that shares "technicians" and "potters"
    mentoring = by_kind["people"]["idea"]
    assert mentoring["proof"] and mentoring["proof"]["text"].startswith("Mentored three apprentices")
    # nothing on the resume is compliance work: the null proof and its fill-in note, not the data line
    compliance = by_kind["quality"]["idea"]
    assert compliance["proof"] is None and compliance["proof_note"].startswith("[fill in:")
    proofs = [p["idea"]["proof"]["text"] for p in outputs["problems"] if p["idea"]["proof"]]
    assert not any("pricing models" in text for text in proofs)


GRAMMAR_JOB = """# Harbour Analyst (fictional)

Gullwing Ferries is hiring a harbour analyst. You'll also coach and mentor the deck crew, helping them grow.

## What you will do
- Develop methods to monitor, evaluate, analyze, and report delays to operations and to inform timetables
- Reconciliations must be organized, accurate, complete
- Timetables also offers a view of every crossing (North Route, South Route, Night Route)
- Publish the weekly delay report that the harbour master trusts

## Requirements
- 2+ years analysing transport data
"""


def test_idea_sentences_use_the_postings_objects_grammatically(tmp_path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(GRAMMAR_JOB, encoding="utf-8")
    resume.write_text(PROOF_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    check_well_formed(outputs, tmp_path)
    texts = all_text(outputs) + [p["idea"]["proof_note"] or "" for p in outputs["problems"]]
    joined = " | ".join(texts)
    # a serial list is never cut after its third item ("monitor, evaluate, analyze, delivered …")
    assert "analyze, delivered" not in joined and "analyze," not in joined.replace("analyze, and", "")
    assert "monitor, evaluate, analyze, and report delays" in joined
    # nouns that open a statement are not made into "-ing" verbs, nor are adverbs
    for bad in ("Reconciliationing", "reconciliationing", "Timetabling also", "Alsoing", "alsoing"):
        assert bad not in joined, bad
    # a bracket is never left open by a cut
    for text in texts:
        assert text.count("(") == text.count(")"), text


OWNERSHIP_JOB = """# Harbour Operations Lead (fictional)

Saltmarsh Ferries runs six crossings a day between two islands.

## What you will do
- Support a safe, inclusive workplace where everyone values diversity
- Saltmarsh Ferries also offers a loyalty card to islanders
- You are an experienced operations lead who can unite crews
- delivering feedback to the crews after each crossing
- Create and improve monitoring systems for the ticket gates
- Ship the first slice of the communications strategy supporting ferry timetables
- Improve the fault tolerance of the booking platform before the summer season
- Coach and mentor the two deck supervisors, helping them run the crossings

## Requirements
- 3+ years running passenger operations
"""


def test_problems_rest_only_on_duties_the_role_owns_quoted_not_rewritten(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(OWNERSHIP_JOB, encoding="utf-8")
    resume.write_text(PROOF_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    check_well_formed(outputs, tmp_path)
    anchors = [p["cites"][0]["quote"] for p in outputs["problems"]]
    # a culture duty, the employer describing itself and the candidate described are no problems
    for line in ("inclusive workplace", "loyalty card", "experienced operations lead", "delivering feedback"):
        assert not any(line in a for a in anchors), (line, anchors)
    texts = " | ".join(all_text(outputs))
    # the duty is quoted, never made into an "-ing" phrase
    assert "“" in texts and not re.search(r"\b(?:Creating|Shipping|Improving|Coaching)\b", texts)
    # a system is only a noun phrase after a determiner, with no verb form in it
    assert "the improve monitoring" not in texts
    for text in all_text(outputs):
        outside_quotes = re.sub(r"“[^”]*”", "", text)
        assert "supporting ferry" not in outside_quotes and "improve monitoring" not in outside_quotes, text
    assert "the booking platform" in texts  # "Improve the fault tolerance of the booking platform"


def test_fewer_owned_duties_give_fewer_problems_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(
        "# Clerk (fictional)\n\n## What you will do\n"
        "- Support a respectful culture of trust across the office\n"
        "- Answer the phone and the front desk for the county records office\n"
        "\n## Requirements\n- Typing at 40 words a minute\n",
        encoding="utf-8",
    )
    resume.write_text(PROOF_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    jsonschema.validate(outputs, SCHEMA)
    assert len(outputs["problems"]) == 1
    assert outputs["notes"] and "Only 1" in outputs["notes"][0]


SPECIFIC_JOB = """# Depot Clerk (fictional)

## What you will do
- Sort the incoming parcels for the morning rounds
- Audit the depot's loading records before the summer season
- File the daily paperwork

## Requirements
- 2+ years in a depot
"""


def test_a_duty_that_names_nothing_specific_gets_a_note_not_a_generic_idea(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(SPECIFIC_JOB, encoding="utf-8")
    resume.write_text(PROOF_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    check_well_formed(outputs, tmp_path)
    texts = " | ".join(all_text(outputs))
    anchors = [p["cites"][0]["quote"] for p in outputs["problems"]]
    # the deadline the duty sets is quoted exactly, with a first step about it
    assert any("before the summer season" in a for a in anchors), anchors
    assert "“before the summer season”" in texts
    # a duty with no system, volume, people or deadline, and nothing else saying more: a plain note
    assert not any("Sort the incoming parcels" in a for a in anchors), anchors
    assert any("Sort the incoming parcels" in n and "Ask in the interview" in n for n in outputs["notes"])


def test_the_cheat_sheet_shows_a_long_plan_action_as_its_whole_first_clause() -> None:
    from prepflow_plugins.dossier.cheat import headline

    meet = (
        "Meet dispatch, the deck crews and the harbour master one by one: ask what they need most "
        "from this role in the first three months, and what has been tried before."
    )
    assert headline(meet, 120) == "Meet dispatch, the deck crews and the harbour master one by one."
    assert headline("Agree the first list.", 120) == "Agree the first list."
    # a colon inside a quoted duty is not a clause end: the sentence is cut at a word instead
    quoted = (
        "Learn who signs off on the duty “Gate checks: tickets, passes and the paper manifests "
        "of every crossing”, today."
    )
    assert "…" in headline(quoted, 60) and "“Gate checks" in headline(quoted, 60)


THIN_JOB = """# Office Coordinator (fictional)

Harrowgate Ferries runs six crossings a day between two islands.

## What you will do
- Coordinates with the Harbour Master or designee
- Coordinates with the Pier Master or designee, the crews and the office to ensure that tickets are filed
- Perform additional duties or tasks as required
- Serve as a liaison between the ticket office and the crews
- Create a product strategy and roadmap and develop a communications strategy supporting product goals
- those who support legacy booking systems
- Identify and solve problems, press for improvement in inventory availability and accuracy

## Requirements
- Experience running an office
"""


def test_duties_with_no_problem_to_solve_get_no_idea(tmp_path: Path) -> None:
    """Whom the role works with, a fragment, a strategy with no system and stock accuracy get no
    template idea (no slices, incidents or on-call): the notes say to ask instead."""
    (tmp_path / "posting").mkdir()
    (tmp_path / "posting" / "job.md").write_text(THIN_JOB)
    result = run_plan(tmp_path, tmp_path / "posting" / "job.md", FIXTURES / "resume.md")
    out = result.steps["ideas"].outputs
    text = " ".join(all_text(out))
    for duty in ("Harbour Master", "Pier Master", "liaison", "those who"):
        assert duty not in " ".join(p["problem"] for p in out["problems"])
    assert "slices" not in text and "on call" not in text and "incidents" not in text
    assert out["notes"]
    assert not any("additional duties" in note for note in out["notes"])  # boilerplate: not even a note


OBJECTS_JOB = """# Grants Officer (fictional)

Marrowby Council funds small community grants.

## What you will do
- Run workshops with agency teams on the new grant rules and the forms they complete
- Define key success metrics for Lanternfish.io infrastructure and drive improvement toward them
- Explain the grant rules to people who apply for the first time
- Coach and assist Brookfield Scouts to speak about their camp projects at fairs
- Review and manage team member rota hours for the grants office each week
- Communicate effectively in writing and verbally with colleagues
- Manage all aspects of the grants office archive and its records
- Mapping out the grant sources of data, documentation, and contacts across the council

## Requirements
- 2+ years administering grants
"""


def test_an_idea_names_the_audience_deliverable_people_or_system_its_kind_is_built_on(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(OBJECTS_JOB, encoding="utf-8")
    resume.write_text(PROOF_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    check_well_formed(outputs, tmp_path)
    by_anchor = {p["cites"][0]["quote"]: p for p in outputs["problems"]}
    ideas = {quote: json.dumps(p, ensure_ascii=False) for quote, p in by_anchor.items()}
    # a communication idea shapes the deliverable the duty names for the audience it names
    workshops = next(text for quote, text in ideas.items() if quote.startswith("Run workshops"))
    assert "Shape the workshops around" in workshops and "agency teams" in workshops
    # a name the duty capitalises opens the system it works on
    metrics = next(text for quote, text in ideas.items() if quote.startswith("Define key success"))
    assert "the Lanternfish.io infrastructure" in metrics
    # no audience, no deliverable; members who are not a team; a team member's rota; a soft skill;
    # a word deep in a list; a duty with no particular work ("all aspects of"): no idea, and never
    # "Give team one stretch goal"
    for duty in (
        "Explain the grant rules",
        "Coach and assist",
        "Review and manage team",
        "Communicate",
        "Mapping",
    ):
        assert not any(quote.startswith(duty) for quote in by_anchor), (duty, list(by_anchor))
    everything = " | ".join(all_text(outputs))
    assert "Give team" not in everything and "a few of agency" not in everything
    assert any(
        "Explain the grant rules" in note and "Ask in the interview" in note for note in outputs["notes"]
    )
    # several duties without an idea share one note rather than repeating the same sentence
    assert sum("No idea is offered" in note for note in outputs["notes"]) == 1


NAMES_JOB = """# Ferry Reliability Engineer (fictional)

## What you will do
- Improve the uptime of Old Harbour Town Ferry Booking Service for passengers before the summer season
- Cut incidents on Saltmarsh ticket platform that the duty manager normally reports each week

## Requirements
- 3+ years running booking systems
"""


def test_a_system_named_by_a_name_is_never_cut_inside_the_name(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(NAMES_JOB, encoding="utf-8")
    resume.write_text(PROOF_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    check_well_formed(outputs, tmp_path)
    outside = " | ".join(re.sub(r"“[^”]*”", "", text) for text in all_text(outputs))
    # "Harbour Town Ferry Booking Service" would drop the "Old" of the name
    assert "Harbour Town" not in outside or "Old Harbour Town" in outside
    # a name opens the system when nothing comes before it: "the Saltmarsh ticket platform"
    assert "the Saltmarsh ticket platform" in outside
    assert "normally" not in outside


SHOPFLOOR_JOB = """# Line Technician (fictional)

Pelham Cider bottles cider for shops across three counties.

## What you will do
- Conduct preventive maintenance on the bottling line to cut downtime
- Answer customer calls and enquiries about late deliveries of the bottling line's cider
- Keep accurate records of all repairs and maintenance on the bottling line
- Troubleshoot and repair the capping machines on the bottling line when they jam
- Maintain the stock of spare parts and cleaning supplies for the line
- Assist the shift lead with changeovers between products
- Maintain a high level of knowledge of the site's safety policies
- Wear personal protective equipment at all times on the line
- Provide advice to shift managers and other staff groups on questions related to compliance
- Draft notices with support for with the night staff

## Requirements
- 2+ years maintaining production equipment
"""

CIDER_RESUME = """# Robin Ashby (fictional)

## Experience

### Maintenance Fitter — Orchard Juices · Jan 2020 – present
- Cut unplanned downtime on the pressing line by 30% with a weekly preventive schedule
- Kept the spare parts store for two lines and halved stock-outs
"""


def test_ideas_are_specific_to_the_work_each_duty_names(tmp_path: Path) -> None:
    """Maintenance, records, front-line contact and stock duties each get their own kind of idea, judged
    by the object of the duty's verb; duties that are help, conditions or slips get none."""
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(SHOPFLOOR_JOB, encoding="utf-8")
    resume.write_text(CIDER_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume, extra="").steps["ideas"].outputs
    check_well_formed(outputs, tmp_path)
    kinds = {p["cites"][0]["quote"].split()[0]: p["kind"] for p in outputs["problems"]}
    # "Keep accurate records of all repairs and maintenance": records, though it names repairs
    assert kinds.get("Conduct") == "maintenance" and kinds.get("Keep") == "records"
    assert kinds.get("Answer") == "contact"
    # the second maintenance duty would get the same idea again: passed over
    assert "Troubleshoot" not in kinds
    # help with someone else's work, keeping one's knowledge up, protective gear, a side remark about
    # compliance, a slip in the posting: no idea
    for duty in ("Assist", "Maintain a high level", "Wear", "Provide advice", "Draft notices"):
        assert not any(p["cites"][0]["quote"].startswith(duty) for p in outputs["problems"]), duty
    approaches = [p["idea"]["approach"] for p in outputs["problems"]]
    assert len(approaches) == len(set(approaches))
    by_kind = {p["kind"]: p for p in outputs["problems"]}
    # ideas built on the work the duty names, never on alerts and on-call rotations
    maintenance = by_kind["maintenance"]["idea"]
    assert "repair history" in maintenance["approach"]
    assert any("downtime" in m for m in maintenance["measure"])
    assert "alert" not in json.dumps(by_kind["maintenance"]).lower()
    assert maintenance["proof"]["text"].startswith("Cut unplanned downtime")
    assert any("first time" in m for m in by_kind["contact"]["idea"]["measure"])
    # a front-line idea starts the 30 days with why people get in touch
    learn = [a["text"] for a in outputs["plan_30_60_90"][0]["actions"]]
    assert any(t.startswith("Learn the most common reasons people get in touch") for t in learn)


def test_no_listening_step_when_no_idea_is_about_the_people_served(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(
        "# Stores Clerk (fictional)\n\n## What you will do\n"
        "- Maintain the stock of spare parts for the vans that serve our customers\n"
        "- Keep accurate records of every part issued to the fitters\n\n"
        "## Requirements\n- 1+ years in a stores role\n",
        encoding="utf-8",
    )
    resume.write_text(CIDER_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    assert {p["kind"] for p in outputs["problems"]} == {"inventory", "records"}
    learn = [a["text"] for a in outputs["plan_30_60_90"][0]["actions"]]
    assert not any(t.startswith("Listen to") for t in learn)


def test_sharing_whom_the_work_is_with_proves_nothing(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(
        "# Product Lead (fictional)\n\n## What you will do\n"
        "- Coach and mentor the junior product managers on the bus timetable team\n"
        "- Publish the weekly bus delay report that the depot managers trust\n\n"
        "## Requirements\n- 5+ years in product management\n",
        encoding="utf-8",
    )
    resume.write_text(
        "# Alex Moor (fictional)\n\n## Experience\n\n### Designer — Ferrow Maps · 2019 – present\n"
        "- Worked closely with product managers and designers on the trip planner\n",
        encoding="utf-8",
    )
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    people = next(p for p in outputs["problems"] if p["kind"] == "people")
    assert people["idea"]["proof"] is None and people["idea"]["proof_note"].startswith("[fill in:")


def test_a_kind_does_not_hold_for_work_its_ideas_are_not_about(tmp_path: Path) -> None:
    """``unless``: the maintenance of software is not equipment maintenance; events are not made
    accessible with a screen reader; a budget is not shipped in slices."""
    (tmp_path / "src").mkdir()
    job, resume = tmp_path / "src" / "job.md", tmp_path / "src" / "resume.md"
    job.write_text(
        "# Research Engineer (fictional)\n\n## What you will do\n"
        "- Contribute to the design and maintenance of software for the tide gauge archive\n"
        "- Ensure that the harbour open days and other team events are accessible\n"
        "- Develop and manage the harbour office's budget for the year\n"
        "- Troubleshoot and repair the tide gauges on the north pier\n\n"
        "## Requirements\n- 2+ years of Python\n",
        encoding="utf-8",
    )
    resume.write_text(CIDER_RESUME, encoding="utf-8")
    outputs = run_plan(tmp_path, job, resume).steps["ideas"].outputs
    kinds = {p["cites"][0]["quote"].split()[0]: p["kind"] for p in outputs["problems"]}
    assert kinds == {"Troubleshoot": "maintenance"}, kinds
    assert "screen reader" not in json.dumps(outputs) and "thin end-to-end slices" not in json.dumps(outputs)
