"""match.evidence: per-requirement evidence, synonyms and stems, and a coverage score that adds up."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import tomli_w
from click.testing import CliRunner
from prepflow_plugins.text.terms import extract

import prepflow
from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "resumes"
SCHEMAS = Path(__file__).parent.parent / "plugins"


def requirement(text: str, priority: str = "must", kind: str = "skill", years: float | None = None) -> dict:
    return {
        "text": text,
        "priority": priority,
        "kind": kind,
        "years": years,
        "source": {"file": "job.md", "start": 3, "end": 3},
    }


JOB = {
    "requirements": [
        requirement("3+ years running Kubernetes in production", years=3),
        requirement("Experience with C++ or C#"),
        requirement("Node.js and .NET services", priority="nice"),
        requirement("Experience managing an on-call rotation"),
        requirement("Fluency in Haskell and Erlang", priority="nice"),
        requirement("Bachelor's degree in computer science", kind="education"),
        requirement("Must be authorized to work in the United States", kind="eligibility"),
    ],
    "responsibilities": [
        {"text": "Run our Kubernetes clusters", "source": {"file": "job.md", "start": 9, "end": 9}}
    ],
}


RESUME_OUTPUTS = ["roles", "achievements", "skills", "education", "certifications", "signals"]


def without_none(value: object) -> object:
    """TOML has no null: leave out keys whose value is None."""
    if isinstance(value, dict):
        return {k: without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_none(v) for v in value]
    return value


def resume_ref() -> dict:
    # The engine does not accept "${steps.resume.outputs}" as a whole yet: pass each output.
    return {name: f"${{steps.resume.outputs.{name}}}" for name in RESUME_OUTPUTS}


JOB_STEP = {"uses": "job.analyze", "with": {"source": "job.md"}}
"""The producer match.evidence consumes; the tests hand match their own job analysis as a value."""


def run_plan(write, job: dict) -> dict:
    """resume.analyze -> match.evidence in a plan; the job analysis is given as a value."""
    write("resume.md", (FIXTURES / "career_changer.md").read_text(encoding="utf-8"))
    write("job.md", "# Engineer\n\n## Requirements\n\n- Python\n")
    plan = {
        "plan": {"name": "match"},
        "inputs": {"resume": {"file": "resume.md"}},
        "steps": {
            "job": JOB_STEP,
            "resume": {"uses": "resume.analyze", "with": {"source": "${inputs.resume}", "as_of": "2025-06"}},
            "match": {
                "uses": "match.evidence",
                "needs": ["job"],
                "with": {"job": without_none(job), "resume": resume_ref()},
            },
        },
    }
    path = write("plan.toml", tomli_w.dumps(plan))
    result = prepflow.run_plan(prepflow.load_plan(path))
    assert result.status == "success", result
    return result.steps["match"].outputs


def by_text(out: dict) -> dict:
    return {r["requirement"]: r for r in out["requirements"]}


def test_synonyms_symbols_and_stems(write) -> None:
    out = run_plan(write, JOB)
    jsonschema.validate(out, json.loads((SCHEMAS / "match" / "output.schema.json").read_text()))
    rows = by_text(out)

    k8s = rows["3+ years running Kubernetes in production"]
    assert k8s["evidence"][0]["text"].startswith("Moved 40 services to k8s")  # k8s is Kubernetes
    assert "k8s" in k8s["evidence"][0]["matched_terms"]
    assert k8s["evidence"][0]["source"]["start"] == 8
    assert "Kubernetes" in k8s["matched_terms"]

    symbols = rows["Experience with C++ or C#"]
    assert symbols["status"] == "met"
    assert set(symbols["evidence"][0]["matched_terms"]) == {"C++", "C#"}

    assert rows["Node.js and .NET services"]["status"] == "met"
    managing = rows["Experience managing an on-call rotation"]
    assert managing["evidence"][0]["text"].startswith("Managed the on-call rotation")  # managing ~ managed
    assert rows["Fluency in Haskell and Erlang"]["status"] == "gap"
    assert rows["Fluency in Haskell and Erlang"]["evidence"] == []
    degree = rows["Bachelor's degree in computer science"]
    assert degree["evidence"][0]["kind"] == "education"  # an M.S. answers a bachelor's requirement
    assert degree["status"] == "met"


def test_coverage_adds_up_from_the_items(write) -> None:
    out = run_plan(write, JOB)
    cov = out["coverage"]
    counted = [r for r in out["requirements"] if r["counted"]]
    assert cov["not_scored"] == 1  # the eligibility condition
    assert sum(not r["counted"] for r in out["requirements"]) == 1
    for priority, weight in (("must", 2), ("nice", 1)):
        rows = [r for r in counted if r["priority"] == priority]
        assert cov[priority]["count"] == len(rows)
        assert cov[priority]["weight"] == weight
        assert cov[priority]["points"] == sum(r["credit"] for r in rows)
        for status in ("met", "partial", "gap"):
            assert cov[priority][status] == sum(r["status"] == status for r in rows)
    expected = (2 * cov["must"]["points"] + cov["nice"]["points"]) / (
        2 * cov["must"]["count"] + cov["nice"]["count"]
    )
    assert cov["score"] == round(expected, 2)
    assert cov["computation"].endswith(f"= {cov['score']}")


def test_must_haves_weigh_more_than_nice_to_haves(write) -> None:
    one_gap = {"requirements": [requirement("Kubernetes"), requirement("Haskell", priority="nice")]}
    other_gap = {"requirements": [requirement("Haskell"), requirement("Kubernetes", priority="nice")]}
    assert run_plan(write, one_gap)["coverage"]["score"] > run_plan(write, other_gap)["coverage"]["score"]


def test_terms_know_abbreviations_and_case() -> None:
    assert set(extract("JS, k8s and golang").concepts) == {"JavaScript", "Kubernetes", "Go"}
    assert "master's degree" not in extract("p95 fell to 120 ms").concepts  # "ms" is not "MS"
    assert "API" not in extract("for the rest of the year").concepts
    assert set(extract("Node.js, C++, C#, .NET").concepts) == {"Node.js", "C++", "C#", ".NET"}


def test_extra_synonym_table(write, tmp_path: Path) -> None:
    write("more.toml", '[terms]\n"Haskell" = ["Erlang"]\n')
    job = {"requirements": [requirement("Haskell")]}
    resume = {"achievements": [{"text": "Built a chat server in Erlang", "source": None, "metrics": []}]}
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "match.evidence",
            "--with",
            f"job={_toml(job)}",
            "--with",
            f"resume={_toml(resume)}",
            "--with",
            f"synonyms={tmp_path / 'more.toml'}",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["requirements"][0]["status"] == "met"


def test_bad_config_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        cli, ["step", "run", "match.evidence", "--with", "job={}", "--with", "resume={}"]
    )
    assert result.exit_code == 2
    assert "requirements" in result.output


def test_no_requirements_is_a_clear_error() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "match.evidence",
            "--with",
            "job={requirements = []}",
            "--with",
            "resume={achievements = []}",
        ],
    )
    assert result.exit_code == 1
    assert "no requirements" in result.output


def _toml(value: object) -> str:
    """A value as an inline TOML value, for --with."""
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items() if v is not None) + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


WEAK_RESUME = """# Tomas Reyes (fictional)

## Experience

### Software Engineer — Bramble Parcel Co. · Jun 2016 – Dec 2021
- Ran blameless incident reviews for the dispatch team
- Built a change-data pipeline feeding Kafka for 30 depots

## Skills
Python, Kafka

## Education
B.S. Computer Science, Cascadia State University, 2016
"""

WEAK_JOB = {
    "requirements": [
        requirement("Experience running PostgreSQL in production"),
        requirement("You must be authorized to work in the United States", kind="eligibility"),
        requirement("Background in logistics or cold chain software", priority="nice", kind="experience"),
        requirement("Experience with event streaming (Kafka or similar)", priority="nice"),
    ]
}


def test_one_generic_shared_word_is_no_evidence_and_background_uses_the_roles_industry(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "resume.md").write_text(WEAK_RESUME, encoding="utf-8")
    runner = CliRunner()
    resume = runner.invoke(cli, ["step", "run", "resume.analyze", "--with", "source=resume.md", "--json"])
    assert resume.exit_code == 0, resume.output
    assert json.loads(resume.stdout)["roles"][0]["industry"]["name"] == "logistics"
    (tmp_path / "resume.json").write_text(resume.stdout, encoding="utf-8")
    (tmp_path / "job.json").write_text(json.dumps(WEAK_JOB), encoding="utf-8")
    args = ["step", "run", "match.evidence", "--with", "job=@job.json", "--with", "resume=@resume.json"]
    ran = runner.invoke(cli, [*args, "--json"])
    assert ran.exit_code == 0, ran.output
    rows = by_text(json.loads(ran.stdout))
    # "Ran" shares only "run" with "running PostgreSQL": no evidence
    postgres = rows["Experience running PostgreSQL in production"]
    assert postgres["status"] == "gap" and postgres["evidence"] == []
    # "Cascadia State University" is a name: its "State" is not "the United States"
    assert rows["You must be authorized to work in the United States"]["evidence"] == []
    # a role at a parcel company (industry: logistics) is a background in logistics, shown by the work
    # done in it, never by the bare job title
    background = rows["Background in logistics or cold chain software"]
    assert background["status"] == "met"
    assert background["evidence"][0]["kind"] == "achievement"
    assert background["evidence"][0]["text"].startswith(("Ran blameless", "Built a change-data"))
    assert "Software Engineer, Bramble Parcel Co." in background["evidence"][0]["why"]
    assert "parcel" in background["evidence"][0]["matched_terms"]
    # a named tool shared alone ("Kafka") is still evidence
    assert rows["Experience with event streaming (Kafka or similar)"]["evidence"]
    # focus.competencies picks its proof from this evidence: never the incident reviews for PostgreSQL
    (tmp_path / "match.json").write_text(ran.stdout, encoding="utf-8")
    focus = runner.invoke(
        cli,
        [
            "step",
            "run",
            "focus.competencies",
            "--with",
            "job=@job.json",
            "--with",
            "match=@match.json",
            "--json",
        ],
    )
    assert focus.exit_code == 0, focus.output
    for competency in json.loads(focus.stdout)["competencies"]:
        proof = " ".join(p["text"] for p in competency["proof"])
        assert "PostgreSQL" not in json.dumps(competency) or "incident reviews" not in proof
