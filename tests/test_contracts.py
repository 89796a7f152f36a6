"""Contracts between steps: outputs checked against their schema, consumers against their producers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from prepflow.cli import cli
from prepflow.validators import compile_schema

# A producer with a closed output schema, whose $id lets consumers refer to it by name;
# consumers that refer to it by $ref, by its step type URI, or declare what they consume.
KIT = """
import prepflow

JOB = {
    "$id": "https://prepflow.dev/schemas/job.schema.json",  # as first-party schema files name themselves
    "type": "object",
    "additionalProperties": False,
    "required": ["role", "requirements"],
    "properties": {
        "role": {"type": "string"},
        "requirements": {
            "type": "array",
            "items": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
        },
        "count": {"type": "integer"},
    },
}


def produce(ctx):
    return {"role": "Engineer", "requirements": [{"text": "Python"}], **ctx.config.get("extra", {})}


def echo(ctx):
    return {"seen": sorted(ctx.config.get("job", {}))}


@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="k.job", run=produce, summary="A job.", output_schema=JOB,
        config_schema={"type": "object", "properties": {"extra": {"type": "object"}}}))
    register(prepflow.StepType(name="k.bare", run=lambda ctx: {"title": "x"}, summary="Bare.",
        output_schema={"type": "object", "properties": {"title": {"type": "string"}},
                       "additionalProperties": False}))
    register(prepflow.StepType(name="k.open", run=lambda ctx: {"title": "x"}, summary="Any outputs."))
    register(prepflow.StepType(name="k.by_id", run=echo, summary="By $id.",
        config_schema={"type": "object", "properties": {
            "job": {"$ref": "https://prepflow.dev/schemas/job.schema.json"}}}))
    register(prepflow.StepType(name="k.by_file", run=echo, summary="By file name.",
        config_schema={"type": "object", "properties": {"job": {"$ref": "job.schema.json"}}}))
    register(prepflow.StepType(name="k.by_uri", run=echo, summary="By step type URI.",
        config_schema={"type": "object", "properties": {
            "job": {"$ref": "k.job.outputs.json"},
            "first": {"$ref": "k.job.outputs.json#/properties/requirements/items"}}}))
    register(prepflow.StepType(name="k.needy", run=echo, summary="Requires a key.",
        config_schema={"type": "object", "properties": {
            "job": {"type": "object", "required": ["role", "salary"]}}}))
    register(prepflow.StepType(name="k.consumer", run=echo, summary="Consumes.",
        consumes={"k.job": ["role", "requirements.text"]}))
    register(prepflow.StepType(name="k.greedy", run=echo, summary="Consumes too much.",
        consumes={"k.job": ["role", "salary"]}))
    register(prepflow.StepType(name="k.dangling", run=echo, summary="Bad $ref.",
        config_schema={"type": "object", "properties": {"job": {"$ref": "nowhere.schema.json"}}}))
    register(prepflow.StepType(name="k.liar", run=lambda ctx: {"count": "3", "extra": 1}, summary="Lies.",
        output_schema={"type": "object", "properties": {"count": {"type": "integer"}},
                       "additionalProperties": False}))
    register(prepflow.StepType(name="k.odd", run=lambda ctx: {"n": 7}, summary="Beyond the compiler.",
        output_schema={"type": "object", "properties": {"n": {"not": {"const": 7}}}}))
    register(prepflow.StepType(name="k.broken", run=lambda ctx: {}, summary="Bad output schema.",
        output_schema={"type": "object", "properties": {"n": {"type": "whole"}}}))
"""

HEAD = 'plugins = ["kit.py"]\n[output]\nformats = []\n'

Invoke = Callable[..., Result]


@pytest.fixture
def cli_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], Result]:
    """cli_in("validate", plan text) -> Result, run in a folder holding kit.py and plan.toml."""
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kit.py").write_text(KIT)

    def run(command: str, text: str) -> Result:
        (tmp_path / "plan.toml").write_text(HEAD + textwrap.dedent(text))
        return CliRunner().invoke(cli, [command, "plan.toml"])

    return run


def test_outputs_that_break_their_schema_fail_the_step(cli_in: Callable[[str, str], Result]) -> None:
    result = cli_in("run", '[steps.lie]\nuses = "k.liar"\n')
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if "step 'lie' failed" in line)
    assert "step 'lie' (k.liar) broke its output schema" in line
    assert 'outputs.count: expected an integer, got a string "3"' in line
    assert "outputs.extra: unknown key 'extra'" in line
    assert "Traceback" not in result.output
    again = cli_in("run", '[steps.lie]\nuses = "k.liar"\n')
    assert "broke its output schema" in again.stderr, "a broken result is never cached"


def test_outputs_are_checked_by_jsonschema_beyond_the_compiler(cli_in: Callable[[str, str], Result]) -> None:
    result = cli_in("run", '[steps.odd]\nuses = "k.odd"\n')
    assert result.exit_code == 1
    assert "step 'odd' (k.odd) broke its output schema: outputs.n:" in result.stderr


def test_valid_outputs_pass_and_are_cached(cli_in: Callable[[str, str], Result]) -> None:
    plan = '[steps.job]\nuses = "k.job"\n[steps.use]\nuses = "k.consumer"\nneeds = "job"\n'
    assert cli_in("run", plan).exit_code == 0
    result = cli_in("plan", plan)
    assert result.exit_code == 0
    assert result.output.split()[:2] == ["cached", "job"]


def test_a_step_adding_an_undeclared_output_fails(cli_in: Callable[[str, str], Result]) -> None:
    result = cli_in("run", '[steps.job]\nuses = "k.job"\nwith.extra = { salary = 1 }\n')
    assert result.exit_code == 1
    assert "outputs.salary: unknown key 'salary'" in result.stderr


@pytest.mark.parametrize("consumer", ["k.by_id", "k.by_file", "k.by_uri"])
def test_a_ref_to_a_producers_schema_resolves(cli_in: Callable[[str, str], Result], consumer: str) -> None:
    plan = (
        '[steps.job]\nuses = "k.job"\n'
        f'[steps.use]\nuses = "{consumer}"\nwith.job = "${{steps.job.outputs}}"\n'
    )
    if consumer == "k.by_uri":
        plan += 'with.first = "${steps.job.outputs.requirements[0]}"\n'
    assert cli_in("validate", plan).exit_code == 0
    result = cli_in("run", plan)
    assert result.exit_code == 0, result.output


def test_a_resolved_config_is_checked_against_the_referred_schema(
    cli_in: Callable[[str, str], Result],
) -> None:
    # a producer whose outputs are open: only the run can tell what it gives
    plan = '[steps.any]\nuses = "k.open"\n[steps.use]\nuses = "k.by_uri"\nwith.job = "${steps.any.outputs}"\n'
    assert cli_in("validate", plan).exit_code == 0
    result = cli_in("run", plan)
    assert result.exit_code == 1
    failed = next(line for line in result.stderr.splitlines() if "FAILED" in line)
    assert "use: after resolving references, with.job.title: unknown key 'title'" in failed
    assert "with.job: missing required key 'role'" in failed


def test_validate_reports_a_ref_to_no_known_schema(cli_in: Callable[[str, str], Result]) -> None:
    result = cli_in("validate", '[steps.d]\nuses = "k.dangling"\nwith.job = {}\n')
    assert result.exit_code == 1
    assert "plan.toml:6:" in result.stderr
    assert (
        "step type 'k.dangling' (plugin 'kit') has an invalid config schema: "
        "$ref 'nowhere.schema.json' names no known schema" in result.stderr
    )
    assert "Traceback" not in result.output


def test_validate_reports_a_required_key_the_producer_cannot_give(
    cli_in: Callable[[str, str], Result],
) -> None:
    plan = '[steps.job]\nuses = "k.job"\n[steps.use]\nuses = "k.needy"\nwith.job = "${steps.job.outputs}"\n'
    result = cli_in("validate", plan)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "plan.toml:8:12: steps.use.with.job: ${steps.job.outputs}: step type 'k.needy' requires 'salary' "
        "here, which 'job' (k.job) cannot give: its output schema has no 'salary'"
    )


def test_validate_checks_what_a_step_type_consumes(cli_in: Callable[[str, str], Result]) -> None:
    good = '[steps.job]\nuses = "k.job"\n[steps.use]\nuses = "k.consumer"\nneeds = ["job"]\n'
    assert cli_in("validate", good).exit_code == 0
    result = cli_in("validate", good.replace("k.consumer", "k.greedy"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "plan.toml:8:9: steps.use.needs: 'job' (k.job) cannot give 'salary', which step type 'k.greedy' "
        "consumes: its output schema has no 'salary'"
    )
    result = cli_in("validate", '[steps.use]\nuses = "k.consumer"\n')
    assert result.exit_code == 1
    assert "plan.toml:4:1: steps.use: step type 'k.consumer' consumes the outputs of a 'k.job' step" in (
        result.stderr
    )


def test_validate_reports_an_invalid_output_schema(cli_in: Callable[[str, str], Result]) -> None:
    result = cli_in("validate", '[steps.b]\nuses = "k.broken"\n')
    assert result.exit_code == 1
    assert (
        "plan.toml:5:8: steps.b.uses: step type 'k.broken' (plugin 'kit') has an invalid output schema"
        in (result.stderr)
    )


def test_consumes_must_name_step_types_and_keys() -> None:
    import prepflow

    with pytest.raises(ValueError, match="not a step type name"):
        prepflow.StepType(name="a.b", run=dict, summary="s", consumes={"job": ["role"]})
    with pytest.raises(ValueError, match="must be a list of output keys"):
        prepflow.StepType(name="a.b", run=dict, summary="s", consumes={"job.analyze": "role"})
    with pytest.raises(TypeError, match="consumes must map"):
        prepflow.StepType(name="a.b", run=dict, summary="s", consumes=["job.analyze"])


# -- the compiled checks agree with jsonschema ------------------------------------

SCHEMAS: list[dict[str, Any]] = [
    {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer", "minimum": 1}}},
    {"type": "object", "additionalProperties": False, "properties": {"a": {"type": ["string", "null"]}}},
    {"type": "object", "additionalProperties": {"type": "boolean"}},
    {"type": "array", "items": {"type": "number", "exclusiveMaximum": 3}, "minItems": 1, "uniqueItems": True},
    {"enum": [1, "1", True, None, [1], {"a": 1}]},
    {"const": 1},
    {"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[a-z]"},
    {"anyOf": [{"type": "integer"}, {"type": "array", "maxItems": 1}]},
    {"$defs": {"n": {"type": "integer"}}, "type": "object", "properties": {"a": {"$ref": "#/$defs/n"}}},
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(-5, 5) | st.text("ab1", max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize("schema", SCHEMAS)
@settings(max_examples=150, deadline=None)
@given(instance=json_values)
def test_compiled_checks_agree_with_jsonschema(schema: dict[str, Any], instance: Any) -> None:
    check = compile_schema(schema)
    assert check is not None
    assert check(instance) == jsonschema.Draft202012Validator(schema).is_valid(instance)


@pytest.mark.parametrize(
    "schema",
    [{"not": {}}, {"type": "whole"}, {"minimum": "1"}, {"$ref": "elsewhere.json"}, {"properties": []}],
)
def test_schemas_beyond_the_compiler_do_not_compile(schema: dict[str, Any]) -> None:
    assert compile_schema(schema) is None
