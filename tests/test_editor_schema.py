"""`prepflow schema` for editors: references allowed wherever a plan may put one, mistakes still caught.

The composed schema is checked with jsonschema here, and with the real Taplo CLI
(npm `@taplo/cli`, which .ci/run installs) on every plan in examples/ and on
what `prepflow init` writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from prepflow.cli import cli
from prepflow.plugins import Plugins
from prepflow.schema import REFERENCE, allow_references, compose_schema

ROOT = Path(__file__).parent.parent
ACME = ROOT / "examples" / "packs" / "acme-coaching" / "acme_pack"
PLANS = [ROOT / "examples" / "plan.toml", *sorted((ACME / "templates").glob("*.toml"))]

BAD_PLAN = """
[inputs]
job = { file = "job.md" }

[steps.job]
uses = "job.analyse"
with.source = "${inputs.job}"

[steps.resume]
uses = "resume.analyze"
retries = "two"
wiht.source = "x"

[steps.focus]
uses = "focus.competencies"
with.job = "${steps.job.outputs}"
with.match = "${steps.match.outputs}"
with.cuont = 3
"""
# what an editor must still report in BAD_PLAN: an unknown step type, a wrong type, a wrong key,
# a wrong `with` option
BAD_WORDS = ('"job.analyse" is not one of', '"two" is not of type "integer"', "'wiht'", "'cuont'")


def _schema_with_acme() -> dict:
    """The composed schema with the installed plugins and the example pack's step type."""
    plugins = Plugins([ACME / "steps.py"])  # acme.elevator_pitch, without installing the pack
    assert "acme.elevator_pitch" in plugins.step_types, plugins.failures
    return compose_schema(plugins)


def _errors(schema: dict, plan: Path | str) -> list[str]:
    text = plan.read_text(encoding="utf-8") if isinstance(plan, Path) else plan
    return [e.message for e in Draft202012Validator(schema).iter_errors(tomllib.loads(text))]


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_every_example_plan_passes_the_composed_schema(plan: Path) -> None:
    assert _errors(_schema_with_acme(), plan) == []


def test_the_composed_schema_still_catches_mistakes() -> None:
    found = " | ".join(_errors(_schema_with_acme(), BAD_PLAN))
    for words in ('"job.analyse" is not one of', "'two' is not of type 'integer'", "'wiht'"):
        assert words.replace('"', "'") in found.replace('"', "'"), found
    focus = {"uses": "focus.competencies", "with": {"job": "${steps.job.outputs}", "match": {}, "cuont": 3}}
    doc = {"steps": {"focus": focus}}
    assert any("'cuont'" in e.message for e in Draft202012Validator(_schema_with_acme()).iter_errors(doc))


def test_a_reference_is_allowed_wherever_a_value_goes() -> None:
    schema = {
        "type": "object",
        "description": "kept on top",
        "properties": {"n": {"type": "integer", "minimum": 1}, "s": {"type": "string"}},
        "items": {"enum": ["a"]},
    }
    allowed = allow_references(schema)
    assert allowed["description"] == "kept on top" and allowed["anyOf"][1] == REFERENCE
    inner = allowed["anyOf"][0]
    assert inner["properties"]["s"] == {"type": "string"}  # a reference is a string already
    assert inner["properties"]["n"]["anyOf"] == [{"type": "integer", "minimum": 1}, REFERENCE]
    assert inner["items"]["anyOf"] == [{"enum": ["a"]}, REFERENCE]
    validator = Draft202012Validator(allowed)
    assert validator.is_valid("${steps.a.outputs}") and validator.is_valid({"n": "${inputs.n}"})
    assert not validator.is_valid({"n": "three"}) and not validator.is_valid({"n": 0})


def test_init_writes_the_schema_line_and_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "prep"])
    assert result.exit_code == 0, result.output
    plan = (tmp_path / "prep" / "plan.toml").read_text(encoding="utf-8")
    assert plan.startswith("#:schema ./plan.schema.json\n")
    written = json.loads((tmp_path / "prep" / "plan.schema.json").read_text(encoding="utf-8"))
    assert written == json.loads(CliRunner().invoke(cli, ["schema"]).stdout)
    assert _errors(written, tmp_path / "prep" / "plan.toml") == []


# -- the real Taplo CLI ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def taplo() -> str:
    found = shutil.which("taplo")
    if found is None:
        why = "taplo is not installed (npm install -g @taplo/cli); .ci/run installs it"
        if os.environ.get("PREPFLOW_REQUIRE_TAPLO"):
            pytest.fail(why)
        pytest.skip(why)
    return found


def _taplo_check(taplo: str, plan: Path, schema: Path | None = None) -> subprocess.CompletedProcess[str]:
    args = [taplo, "check", "--no-auto-config"]
    if schema is not None:
        args += ["--schema", schema.resolve().as_uri()]
    return subprocess.run(
        [*args, plan.name], cwd=plan.parent, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_taplo_passes_every_example_plan(taplo: str, plan: Path, tmp_path: Path) -> None:
    schema = tmp_path / "plan.schema.json"
    schema.write_text(json.dumps(_schema_with_acme()), encoding="utf-8")
    done = _taplo_check(taplo, plan, schema)
    assert done.returncode == 0, done.stdout + done.stderr


def test_taplo_passes_what_init_writes(taplo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", "prep"]).exit_code == 0
    done = _taplo_check(taplo, tmp_path / "prep" / "plan.toml")  # through its #:schema line
    assert done.returncode == 0, done.stdout + done.stderr


def test_taplo_reports_an_unknown_step_type_a_wrong_key_type_and_option(taplo: str, tmp_path: Path) -> None:
    schema = tmp_path / "plan.schema.json"
    schema.write_text(json.dumps(_schema_with_acme()), encoding="utf-8")
    plan = tmp_path / "bad.toml"
    plan.write_text("#:schema ./plan.schema.json\n" + BAD_PLAN, encoding="utf-8")
    done = _taplo_check(taplo, plan)
    assert done.returncode != 0
    for words in BAD_WORDS:
        assert words in done.stdout + done.stderr, (words, done.stdout + done.stderr)
