"""focus.competencies: the top N by employer weight × evidence, with cited proof; a whole chained plan."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import tomli_w
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "resumes"
SCHEMAS = Path(__file__).parent.parent / "plugins"
RESUME_OUTPUTS = ["roles", "achievements", "skills", "education", "certifications", "signals"]


def req(text: str, priority: str = "must", line: int = 3, **extra: object) -> dict:
    return {
        "text": text,
        "priority": priority,
        "kind": "skill",
        "source": {"file": "job.md", "start": line, "end": line},
        **extra,
    }


JOB = {
    "requirements": [
        req("Experience running Kubernetes clusters in production", line=10, years=3),
        req("Experience with C++ or C#", line=11),
        req("Experience managing an on-call rotation", line=12),
        req("Node.js services", "nice", line=13),
        req("Fluency in Haskell", "nice", line=14),
        {**req("Must be authorized to work in the US", line=15), "kind": "eligibility"},
    ],
    "responsibilities": [
        {
            "text": "Operate our Kubernetes clusters across regions",
            "source": {"file": "job.md", "start": 20, "end": 20},
        },
        {"text": "Keep the on-call rotation humane", "source": {"file": "job.md", "start": 21, "end": 21}},
    ],
    "themes": [{"text": "Kubernetes", "score": 5, "sources": [{"file": "job.md", "start": 10, "end": 10}]}],
}


def chained_plan(write, count: int | None = 3) -> Path:
    """resume.analyze -> match.evidence -> focus.competencies; both are handed JOB as a value.

    A job.analyze step is in their needs: the producer both steps consume.
    """
    write("resume.md", (FIXTURES / "career_changer.md").read_text(encoding="utf-8"))
    write("job.md", "# Engineer\n\n## Requirements\n\n- Python\n")
    focus_with: dict = {
        "job": JOB,
        "match": {
            "requirements": "${steps.match.outputs.requirements}",
            "coverage": "${steps.match.outputs.coverage}",
        },
    }
    if count is not None:
        focus_with["count"] = count
    plan = {
        "plan": {"name": "focus"},
        "inputs": {"resume": {"file": "resume.md"}},
        "steps": {
            "job": {"uses": "job.analyze", "with": {"source": "job.md"}},
            "resume": {"uses": "resume.analyze", "with": {"source": "${inputs.resume}", "as_of": "2025-06"}},
            "match": {
                "uses": "match.evidence",
                "needs": ["job"],
                "with": {"job": JOB, "resume": {n: f"${{steps.resume.outputs.{n}}}" for n in RESUME_OUTPUTS}},
            },
            "focus": {"uses": "focus.competencies", "needs": ["job"], "with": focus_with},
        },
    }
    return write("plan.toml", tomli_w.dumps(plan))


def test_top_competencies_with_cited_why_and_proof(write) -> None:
    result = prepflow.run_plan(prepflow.load_plan(chained_plan(write)))
    assert result.status == "success", result
    out = result.steps["focus"].outputs
    jsonschema.validate(out, json.loads((SCHEMAS / "focus" / "output.schema.json").read_text()))
    jsonschema.validate(
        result.steps["match"].outputs, json.loads((SCHEMAS / "match" / "output.schema.json").read_text())
    )
    jsonschema.validate(
        result.steps["resume"].outputs, json.loads((SCHEMAS / "resume" / "output.schema.json").read_text())
    )

    top = out["competencies"]
    assert len(top) == 3
    assert [c["rank"] for c in top] == [1, 2, 3]
    by_name = {c["competency"]: c for c in top}
    k8s = by_name["Experience running Kubernetes clusters in production"]
    assert k8s["employer_weight"] == 2 + 0.5 + 2 * 0.5  # must, years, a responsibility and a theme echo it
    assert k8s["status"] == "partial"  # only "Kubernetes" is shown, so strong weight but weaker evidence
    assert top[0]["competency"] == "Experience managing an on-call rotation"
    priorities = [c["priority"] for c in top]
    assert priorities == sorted(priorities, reverse=True)
    for c in top:
        assert c["priority"] == round(c["employer_weight"] * c["evidence_strength"], 2)
        assert c["why"][0]["source"]["file"] == "job.md"  # cited from the posting
        assert 1 <= len(c["proof"]) <= 3
        for proof in c["proof"]:
            assert proof["source"]["file"].endswith("resume.md")  # cited from the resume
            assert any(proof["text"].rstrip(".") in point for point in c["talking_points"])
    why_lines = {w["source"]["start"] for w in k8s["why"]}
    assert {10, 20} <= why_lines  # the requirement, and the responsibility that echoes it
    assert any(w["why"] == "theme #1 of the posting" for w in k8s["why"])
    chosen = {c["competency"] for c in top}
    assert "Fluency in Haskell" not in chosen  # no evidence
    assert "Must be authorized to work in the US" not in chosen  # a condition, not a competency


def test_talking_points_only_use_cited_facts(write) -> None:
    result = prepflow.run_plan(prepflow.load_plan(chained_plan(write, count=1)))
    [c] = result.steps["focus"].outputs["competencies"]
    numbers = {m["text"] for p in c["proof"] for m in p["metrics"]}
    joined = " ".join(c["talking_points"])
    for number in numbers:
        assert number in joined
    resume_text = (FIXTURES / "career_changer.md").read_text(encoding="utf-8")
    assert all(p["text"] in resume_text for p in c["proof"])


def test_count_zero_is_rejected_before_running(write) -> None:
    plan = chained_plan(write, count=0)
    result = CliRunner().invoke(cli, ["validate", str(plan)])
    assert result.exit_code == 1
    assert "count" in result.output


def test_count_defaults_to_three() -> None:
    match = {
        "requirements": [
            {
                "requirement": f"skill {i}",
                "priority": "must",
                "kind": "skill",
                "source": None,
                "status": "met",
                "score": 1.0,
                "matched_terms": [],
                "missing_terms": [],
                "note": None,
                "evidence": [
                    {
                        "text": f"did thing {i}",
                        "kind": "achievement",
                        "score": 1.0,
                        "matched_terms": [],
                        "role": None,
                        "metrics": [],
                        "source": None,
                    }
                ],
            }
            for i in range(5)
        ]
    }
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "focus.competencies",
            "--with",
            "job={}",
            "--with",
            f"match={_inline(match)}",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout.strip().splitlines()[-1])["competencies"]) == 3


def _inline(value: object) -> str:
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(k)} = {_inline(v)}" for k, v in value.items() if v is not None)
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return json.dumps(value)


def test_a_competency_is_named_by_its_phrase_and_its_why_keeps_the_whole_line(tmp_path) -> None:
    line = "Glaze chemistry: Develop clear and repeatable glaze recipes, while advancing safe kiln practices."
    long_line = (
        "Experience running community pottery workshops for beginners and seasoned makers across the county"
    )
    match = {
        "requirements": [
            {
                "requirement": text,
                "priority": "must",
                "kind": "skill",
                "source": {"file": "job.md", "start": n, "end": n},
                "status": "met",
                "score": 1.0,
                "matched_terms": ["glaze"],
                "missing_terms": [],
                "evidence": [
                    {
                        "text": f"Ran the studio's glaze lab for {n} years",
                        "kind": "achievement",
                        "score": 1.0,
                        "matched_terms": ["glaze"],
                        "metrics": [],
                        "source": {"file": "resume.md", "start": n, "end": n},
                    }
                ],
            }
            for n, text in ((4, line), (5, long_line))
        ]
    }
    (tmp_path / "match.json").write_text(json.dumps(match), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "focus.competencies",
            "--with",
            "job={}",
            "--with",
            f"match=@{tmp_path / 'match.json'}",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    competencies = json.loads(result.stdout.strip().splitlines()[-1])["competencies"]
    names = [c["competency"] for c in competencies]
    assert names == [
        "Glaze chemistry",
        "Running community pottery workshops for beginners and seasoned makers across…",
    ]
    assert competencies[0]["why"][0]["text"] == line  # the whole line, cited, stays in its why
    assert competencies[0]["why"][0]["source"]["start"] == 4
