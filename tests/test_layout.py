"""Each first-party step is one package: rules named by an import string, its output schema, its data."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import prepflow
from prepflow.packdata import first_party_data_file

#: step type -> its package in prepflow_plugins
PACKAGES = {
    "job.analyze": "job",
    "resume.analyze": "resume",
    "match.evidence": "match",
    "focus.competencies": "focus",
    "company.research": "research",
    "questions.draft": "questions",
    "ideas.problem_solving": "ideas",
    "stories.bank": "stories",
    "objections.rehearse": "objections",
    "posture.check": "posture",
}
DATA_KINDS = (
    "frameworks",
    "ideas",
    "objections",
    "posture",
    "questions",
    "research",
    "roles",
    "star",
    "synonyms",
)


@pytest.fixture(scope="module")
def step_types() -> dict[str, prepflow.StepType]:
    return dict(prepflow.Plugins().step_types)


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_a_step_registers_its_rules_by_import_string_and_its_packaged_output_schema(
    name: str, step_types: dict[str, prepflow.StepType]
) -> None:
    package = f"prepflow_plugins.{PACKAGES[name]}"
    step_type = step_types[name]
    assert isinstance(step_type.run, str) and step_type.run.startswith(f"{package}.rules:")
    assert callable(step_type.function())
    text = resources.files(package).joinpath("output.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert step_type.output_schema == schema
    assert step_type.declared_outputs(), "a first-party step names its outputs"


def test_doc_load_ships_its_output_schema(step_types: dict[str, prepflow.StepType]) -> None:
    text = resources.files("prepflow_plugins.documents").joinpath("output.schema.json").read_text("utf-8")
    assert step_types["doc.load"].output_schema == json.loads(text)


@pytest.mark.parametrize("kind", DATA_KINDS)
def test_every_first_party_data_kind_is_found_beside_its_step(kind: str) -> None:
    found = first_party_data_file(kind)
    assert found is not None and found.name == f"{kind}.toml"
    assert (found.parent / "__init__.py").is_file(), "in a package of prepflow_plugins, beside its step"


def test_an_unknown_data_kind_has_no_first_party_file() -> None:
    assert first_party_data_file("no_such_kind") is None
