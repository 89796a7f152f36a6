"""The json dossier: the whole dossier, deterministic, valid against schemas/dossier.schema.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from dossier_fixtures import FIRST_PARTY, SCHEMA, copy_plan, full

import prepflow
from prepflow.cli import cli

EXAMPLES = Path(__file__).parents[1] / "examples"


def validate(dossier: object) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(dossier)


def render_json(dossier: dict) -> str:
    return prepflow.Plugins().renderers["json"].render(dossier)


def test_schema_is_valid_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_full_dossier_round_trips_and_validates() -> None:
    text = render_json(full())
    assert json.loads(text) == full()
    assert text == render_json(full())  # deterministic
    validate(json.loads(text))


def test_plan_run_writes_a_valid_json_dossier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", FIRST_PARTY)
    plan = prepflow.load_plan(copy_plan(tmp_path))
    result = prepflow.run_plan(plan, formats=["json"])
    assert result.status == "success"
    dossier = json.loads((tmp_path / "plan" / "out" / "dossier.json").read_text(encoding="utf-8"))
    validate(dossier)
    uses = {step["uses"] for step in dossier["steps"].values()}
    assert {"job.analyze", "match.evidence", "company.research", "posture.check"} <= uses


def test_the_example_plan_writes_a_valid_dossier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every installed step the example uses, real prep steps included when they are installed."""
    shutil.copytree(EXAMPLES, tmp_path / "ex", ignore=shutil.ignore_patterns(".prepflow", "out"))
    monkeypatch.chdir(tmp_path / "ex")
    result = CliRunner().invoke(cli, ["run", "plan.toml", "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    validate(json.loads((tmp_path / "ex" / "out" / "dossier.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("steps", "job", "status"), "cached"),
        (("prepflow", "dossier"), 2),
        (("steps", "questions", "outputs", "questions", 0, "cites", 0), {"start": 3, "end": 3}),
        (("steps", "match", "outputs", "requirements", 0, "status"), "maybe"),
        (("steps", "objections", "outputs", "objections", 0, "risk"), "high"),
    ],
)
def test_the_schema_rejects_a_broken_dossier(where: tuple, value: object) -> None:
    dossier = full()
    target = dossier
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validate(dossier)


def test_a_failed_step_has_null_outputs_and_still_validates() -> None:
    dossier = full()
    dossier["steps"]["ideas"].update(status="failed", outputs=None)
    dossier["steps"]["extra"] = {
        "uses": "acme.pitch",
        "title": "extra",
        "status": "success",
        "outputs": {"x": 1},
    }
    validate(dossier)
