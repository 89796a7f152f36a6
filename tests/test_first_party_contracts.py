"""First-party step types declare what they consume: `prepflow validate` catches a wrong producer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prepflow.cli import cli


def _init(where: Path) -> Path:
    result = CliRunner().invoke(cli, ["init", str(where)])
    assert result.exit_code == 0, result.output
    return where / "plan.toml"


def test_the_plans_we_ship_validate(tmp_path: Path) -> None:
    for plan in (_init(tmp_path / "prep"), Path(__file__).parent.parent / "examples" / "plan.toml"):
        result = CliRunner().invoke(cli, ["validate", str(plan)])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("step", "consumer", "producer"),
    [
        ("questions", "questions.draft", "job.analyze"),
        ("ideas", "ideas.problem_solving", "job.analyze"),
        ("objections", "objections.rehearse", "job.analyze"),
        ("stories", "stories.bank", "job.analyze"),
        ("match", "match.evidence", "job.analyze"),
        ("focus", "focus.competencies", "job.analyze"),
    ],
)
def test_a_step_wired_to_the_wrong_producer_is_reported(
    tmp_path: Path, step: str, consumer: str, producer: str
) -> None:
    plan = _init(tmp_path / "prep")
    text = plan.read_text(encoding="utf-8")
    header = f"[steps.{step}.with]\n"
    start = text.index(header)
    end = text.index("\n[", start + len(header))
    wired = text[start:end].replace('job = "${steps.job.outputs}"', 'job = "${steps.resume.outputs}"')
    assert wired != text[start:end]
    plan.write_text(text[:start] + wired + text[end:], encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(plan)])
    assert result.exit_code == 1
    assert (
        f"steps.{step}: step type '{consumer}' consumes the outputs of a '{producer}' step; "
        "add one to this step's needs"
    ) in result.output


def test_prepflow_steps_says_what_a_step_type_consumes() -> None:
    text = CliRunner().invoke(cli, ["steps", "questions.draft"]).output
    assert "Consumes: job.analyze (source, role, requirements, responsibilities, themes)" in text
    data = json.loads(CliRunner().invoke(cli, ["steps", "objections.rehearse", "--json"]).output)
    assert sorted(data["consumes"]) == ["job.analyze", "match.evidence", "resume.analyze"]
    assert "Consumes:" not in CliRunner().invoke(cli, ["steps", "job.analyze"]).output
