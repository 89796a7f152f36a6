"""job.analyze through the CLI and a plan: facts, one requirement per item, priorities, themes, schema."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

ROOT = Path(__file__).parent.parent
POSTINGS = Path(__file__).parent / "fixtures" / "postings"
SCHEMA = json.loads((ROOT / "plugins" / "job" / "output.schema.json").read_text())
EVAL = Path(os.environ.get("PREPFLOW_EVAL", ROOT.parent / "shared" / "eval"))


def analyze(source: str | Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={source}", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(out)
    return out


def find(items: list[dict[str, Any]], needle: str) -> dict[str, Any]:
    found = [item for item in items if needle.lower() in item["text"].lower()]
    assert found, f"no item mentions {needle!r}: {[i['text'] for i in items]}"
    return found[0]


def texts(items: list[dict[str, Any]]) -> str:
    return " | ".join(item["text"] for item in items).lower()


def test_markdown_posting_facts() -> None:
    out = analyze(POSTINGS / "backend-engineer.md")
    assert out["role"]["text"] == "Senior Backend Engineer"
    assert out["company"]["text"] == "Lumen Freight"
    assert out["seniority"]["level"] == "senior"
    assert out["location"]["remote"] is True
    assert out["pay"]["min"] == 70000 and out["pay"]["max"] == 90000
    assert out["pay"]["currency"] == "EUR" and out["pay"]["period"] == "year"
    categories = {s["title"]: s["category"] for s in out["sections"]}
    assert categories["Requirements"] == "requirements"
    assert categories["Nice to have"] == "preferred"
    assert categories["Benefits"] == "benefits"
    assert categories["What you'll do"] == "responsibilities"


def test_requirements_are_split_prioritised_and_typed() -> None:
    out = analyze(POSTINGS / "backend-engineer.md")
    reqs = out["requirements"]
    python = find(reqs, "5+ years")
    assert (python["priority"], python["kind"], python["years"]) == ("must", "experience", 5)
    # compound bullets become one requirement each
    assert find(reqs, "PostgreSQL")["text"] == "Strong knowledge of PostgreSQL"
    assert find(reqs, "Kafka")["text"].startswith("experience with Kafka")
    assert find(reqs, "Terraform")["text"] == "Terraform experience"
    assert find(reqs, "eligible to work")["kind"] == "eligibility"
    assert find(reqs, "Experience with Go")["priority"] == "nice"
    assert find(reqs, "logistics")["priority"] == "nice"
    assert find(reqs, "AWS Certified")["kind"] == "licence"
    # benefits, EEO and how to apply are never requirements
    joined = texts(reqs)
    for word in ("holiday", "pension", "equal opportunity", "cover letter", "mission"):
        assert word not in joined
    assert len(out["responsibilities"]) == 4
    assert find(out["responsibilities"], "Mentor two junior engineers")


def test_sources_point_at_the_lines_they_cite() -> None:
    path = POSTINGS / "backend-engineer.md"
    out = analyze(path)
    lines = path.read_text().splitlines()
    for item in out["requirements"] + out["responsibilities"]:
        source = item["source"]
        assert source["file"] == str(path)
        cited = " ".join(lines[source["start"] - 1 : source["end"]])
        first_word = item["text"].split()[0].strip(",.;:")
        assert first_word.lower() in cited.lower(), (item, cited)


def test_themes_rank_the_hot_buttons_with_evidence() -> None:
    out = analyze(POSTINGS / "backend-engineer.md")
    themes = out["themes"]
    assert themes and themes == sorted(themes, key=lambda t: -t["weight"])
    phrases = [t["phrase"] for t in themes]
    assert "python" in phrases[:5]
    python = themes[phrases.index("python")]
    assert python["must"] >= 1 and python["years"] == 5
    assert all(t["evidence"] and all("source" in e for e in t["evidence"]) for t in themes)


def test_plain_text_trade_posting() -> None:
    out = analyze(POSTINGS / "electrician.txt")
    assert out["role"]["text"] == "JOURNEYMAN ELECTRICIAN"
    assert out["pay"]["period"] == "hour" and out["pay"]["min"] == 38.5
    reqs = out["requirements"]
    licence = find(reqs, "journeyman electrician license")
    assert (licence["priority"], licence["kind"]) == ("must", "licence")
    assert find(reqs, "4 years")["years"] == 4
    assert find(reqs, "High school diploma")["kind"] == "education"
    assert find(reqs, "lift 50 pounds")["priority"] == "must"
    assert find(reqs, "PLCs")["priority"] == "nice"
    assert find(reqs, "OSHA 30")["priority"] == "nice"
    assert "401(k)" not in texts(reqs) and "equal opportunity" not in texts(reqs)
    assert len(out["responsibilities"]) == 3


def test_html_posting_with_jsonld() -> None:
    out = analyze(POSTINGS / "data-analyst.html")
    assert out["role"]["text"] == "Data Analyst"
    assert out["company"]["text"] == "Northwind Health"
    assert out["location"]["text"] == "Leeds, GB"
    assert out["pay"]["currency"] == "GBP" and out["pay"]["min"] == 32000
    assert find(out["requirements"], "SQL")["years"] == 2
    assert find(out["requirements"], "Python")["priority"] == "nice"
    assert find(out["responsibilities"], "dashboards")


def test_federal_style_posting(write) -> None:
    path = write(
        "federal.md",
        """
        # Agency X - Records Analyst

        **Who May Apply:**
        All U.S. citizens and applicants must not be current Agency X employees

        **Security clearance:**
        Public trust. Background investigation required.

        ## Evaluation

        You will be scored based on your application materials, measuring each of the following competencies

        - **Records Management:** Ability to organise records across several offices
        - **Writing:** Ability to write clear guidance for staff

        ## Qualifications

        BASIC REQUIREMENTS: Have experience demonstrating EACH of the competencies listed below:

        - **Attention to Detail** - This skill is generally demonstrated by checking work.

        You must have one year of specialized experience equivalent to the GS-11. It is:

        1. Experience managing records. This experience must include **ONE** of the following:
           - Archiving paper files
           - Migrating records to a new system

        For each job on your resume, provide:

        - the exact dates you held each job

        ## Employment Requirements

        - Serve a one year trial period
        - Undergo and pass a background investigation
        """,
    )
    out = analyze(path)
    reqs = out["requirements"]
    assert out["company"]["text"] == "Agency X"
    assert find(reqs, "citizens")["priority"] == "must"
    assert find(reqs, "must not be current")["kind"] == "eligibility"
    assert find(reqs, "Records Management")["priority"] == "nice"  # category rating
    assert find(reqs, "Attention to Detail")["text"] == "Attention to Detail"
    assert find(reqs, "Attention to Detail")["priority"] == "must"  # basic requirement
    assert find(reqs, "one year of specialized experience")["years"] == 1
    assert find(reqs, "Archiving paper files")["priority"] == "nice"  # one of the following
    assert "exact dates" not in texts(reqs)
    assert "trial period" in texts(out["conditions"])
    assert "trial period" not in texts(reqs)


def test_numbered_alternatives_and_compound_paragraphs(write) -> None:
    path = write(
        "civil.txt",
        """
        # Clerk

        ## Minimum Qualifications

        1. A baccalaureate degree and two years of clerical work; or 2. An associate degree and four years.

        ## Preferred Skills

        Strong typing skills; knowledge of Excel and experience with payroll systems; a car is a plus.
        """,
    )
    out = analyze(path)
    reqs = out["requirements"]
    assert find(reqs, "baccalaureate")["kind"] == "education"
    assert find(reqs, "two years of clerical")["years"] == 2
    assert find(reqs, "associate degree")["priority"] == "nice"  # an alternative path
    assert find(reqs, "typing")["priority"] == "nice"
    assert find(reqs, "knowledge of Excel")["text"] == "knowledge of Excel"
    assert find(reqs, "payroll")["text"] == "experience with payroll systems"


def test_docx_posting(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Line Cook", level=1)
    document.add_heading("Requirements", level=2)
    document.add_paragraph("Two years of experience on a busy line", style="List Bullet")
    document.add_paragraph("Food handler certificate required", style="List Bullet")
    document.add_heading("Preferred", level=2)
    document.add_paragraph("Pastry experience", style="List Bullet")
    path = tmp_path / "cook.docx"
    document.save(str(path))
    out = analyze(path)
    assert out["role"]["text"] == "Line Cook"
    reqs = out["requirements"]
    assert find(reqs, "Two years")["years"] == 2
    assert find(reqs, "Food handler")["kind"] == "licence"
    assert find(reqs, "Pastry")["priority"] == "nice"


def test_bad_input_is_one_line(write) -> None:
    path = write("empty.txt", "\n")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "Traceback" not in result.output


def test_in_a_plan(tmp_path: Path, write) -> None:
    (tmp_path / "job.md").write_text((POSTINGS / "backend-engineer.md").read_text())
    plan_path = write(
        "plan.toml",
        """
        [plan]
        name = "analyze"

        [inputs]
        job = { file = "job.md" }

        [steps.job]
        uses = "job.analyze"
        with.source = "${inputs.job}"

        [output]
        dir = "out"
        formats = ["json"]
        """,
    )
    result = prepflow.run_plan(prepflow.load_plan(plan_path))
    assert result.status == "success"
    assert "Senior Backend Engineer" in (tmp_path / "out" / "dossier.json").read_text()


# -- real postings (only where the shared evaluation material is present) ---------

needs_eval = pytest.mark.skipif(not (EVAL / "score.py").is_file(), reason="shared/eval is not present")


@needs_eval
def test_every_eval_posting_analyses() -> None:
    for path in sorted([*(EVAL / "postings").glob("*.*"), *(EVAL / "postings_html").glob("*.*")]):
        out = analyze(path)
        assert out["requirements"], path
        assert out["role"] is not None, path


@needs_eval
def test_eval_scores_meet_the_goals() -> None:
    sys.path.insert(0, str(EVAL))
    try:
        import score
    finally:
        sys.path.remove(str(EVAL))
    totals: dict[str, list[int]] = {}
    for label_path in sorted((EVAL / "labels").glob("*.json")):
        label = json.loads(label_path.read_text())
        posting = next((EVAL / "postings").glob(label_path.stem + ".*"))
        for key, (a, b) in score.score_one(label, analyze(posting)).items():
            totals.setdefault(key, [0, 0])
            totals[key][0] += a
            totals[key][1] += b
    figures = {k: a / b for k, (a, b) in totals.items() if b}
    assert figures["must_recall"] >= 0.90, figures
    assert figures["precision"] >= 0.80, figures
    assert figures["priority_acc"] >= 0.90, figures


# -- eligibility, summary and pay (regressions) ----------------------------------

ON_CALL_POSTING = """# Site Reliability Engineer — Larkspur Transit Data (fictional)

Larkspur Transit Data publishes live bus arrival times for three counties.
You will keep the feeds that riders check every morning fast and correct.
Please refer to the pay section for your locality. Submit your resume by 1 March.

## Requirements
- 3+ years operating Linux services in production
- Familiarity with on-call practices and incident reviews
- Experience running on-call rotations for a small team
- Must be willing to work shifts, weekends and holidays during service changes
- Availability for an on-call rotation is required
- You must be authorized to work in New Zealand
- Must pass a background check
- No one is expert at everything, but we look for depth in Go or Rust

## Pay
$120,000 to $140,000 a year.
"""


def test_on_call_experience_is_not_eligibility_but_on_call_as_a_condition_is(tmp_path: Path) -> None:
    (tmp_path / "job.md").write_text(ON_CALL_POSTING, encoding="utf-8")
    out = analyze(tmp_path / "job.md")
    kinds = {r["text"]: r["kind"] for r in out["requirements"]}
    assert kinds["Familiarity with on-call practices and incident reviews"] != "eligibility"
    assert kinds["Experience running on-call rotations for a small team"] == "experience"
    assert "Depth in Go or Rust" in kinds  # the concession before "but we look for" is no requirement
    conditions = ("willing to work shifts", "Availability for an on-call", "authorized to work", "background")
    for condition in conditions:
        assert find(out["requirements"], condition)["kind"] == "eligibility", condition


def test_summary_is_the_introduction_with_its_lines(tmp_path: Path) -> None:
    (tmp_path / "job.md").write_text(ON_CALL_POSTING, encoding="utf-8")
    out = analyze(tmp_path / "job.md")
    assert [s["text"] for s in out["summary"]] == [
        "Larkspur Transit Data publishes live bus arrival times for three counties",
        "You will keep the feeds that riders check every morning fast and correct",
    ]
    assert out["summary"][0]["source"] == {"file": str(tmp_path / "job.md"), "start": 3, "end": 5}
    # requirements and pay are never summary
    assert "linux" not in texts(out["summary"]) and "120,000" not in texts(out["summary"])


def test_pay_line_under_a_pay_heading_without_the_word_pay() -> None:
    out = analyze(Path(__file__).parent / "fixtures" / "objections" / "posting.md")
    pay = out["pay"]
    assert (pay["min"], pay["max"], pay["currency"], pay["period"]) == (95000, 115000, "USD", "year")
    assert pay["source"]["start"] == pay["source"]["end"] == 24
    assert pay["text"].startswith("$95,000 to $115,000 a year")


MULTI_SENTENCE_DUTIES = """# Harbour Planner (fictional)

Quayside Rowing Club is hiring a harbour planner.

## What you will do
- Look near and far. Draft the season plan for moorings and the berth rota to get there. Are calm.
- Publish the tide-window calendar that members trust
- Coach two volunteers in reading the berth rota, including but not limited

to weekend crews. Review their first plans with the harbour master each week.

## Requirements
- 3+ years planning moorings or marinas
"""


def test_each_responsibility_is_one_whole_duty_never_a_lead_in_or_a_fragment(tmp_path) -> None:
    posting = tmp_path / "posting.md"
    posting.write_text(MULTI_SENTENCE_DUTIES, encoding="utf-8")
    duties = [r["text"] for r in analyze(posting)["responsibilities"]]
    assert "Draft the season plan for moorings and the berth rota to get there" in duties
    assert "Publish the tide-window calendar that members trust" in duties
    for duty in duties:
        assert len(duty.split()) >= 5, duty  # no "Look near and far"
        assert ". " not in duty, duty  # one sentence, one duty
        assert not duty.startswith(("Are ", "to ")), duty  # a trait or the tail of a wrapped line
    draft = next(r for r in analyze(posting)["responsibilities"] if r["text"].startswith("Draft"))
    assert draft["source"]["start"] == 6  # still cites its own line


@pytest.mark.parametrize(
    ("line", "currency"),
    [
        ("NZ$90,000 to NZ$110,000 a year", "NZD"),
        ("A$120k - A$140k per year", "AUD"),
        ("C$80,000 to C$95,000 per year", "CAD"),
        ("CA$75,000 to CA$85,000 a year", "CAD"),
        ("US$100,000 to US$120,000 a year", "USD"),
        ("$90,000 to $100,000 NZD a year", "NZD"),
        ("$95,000 to $115,000 a year", "USD"),
    ],
)
def test_dollar_prefixes_give_their_own_currency(tmp_path, line: str, currency: str) -> None:
    posting = tmp_path / "posting.md"
    posting.write_text(
        f"# Kiln Technician (fictional)\n\n## Requirements\n- 2+ years firing kilns\n\n## Pay\n{line}\n",
        encoding="utf-8",
    )
    pay = analyze(posting)["pay"]
    assert pay["currency"] == currency, pay
    assert pay["min"] >= 75000 and pay["period"] == "year"
