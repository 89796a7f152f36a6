"""Property tests: no plan file, however broken, crashes prepflow; the schema fast path never lies."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from prepflow.schema import envelope_certainly_valid, plan_schema, validator_for

Invoke = Callable[..., Result]

EXAMPLES = int(os.environ.get("PREPFLOW_PROPERTY_EXAMPLES", "120"))  # raise it for a deeper search
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VALID = """\
#:schema ./plan.schema.json
plugins = ["testkit.py"]

[plan]
name = "Prep"
description = "A plan for the property tests."

[inputs]
job = { file = "job.md", description = "The posting." }
notes = { files = ["*.md"] }
level = "senior"
topics = ["pay", "team"]
deep = { value = true }

[steps.research]
uses = "t.read"
with.path = "${inputs.job}"
retries = 1
retry_delay = 0
timeout = "5s"

[steps.questions]
uses = "t.echo"
name = "Questions to ask"
needs = ["research"]
if = "${inputs.level} == 'senior' && !failure()"
continue_on_error = false
[steps.questions.with]
count = 3
value = "${steps.research.outputs.words}"
label = "about ${inputs.topics[0]}"

[steps.wrap_up]
uses = "t.any"
needs = "questions"
if = "always()"
with = { items = ["${steps.questions.outputs.value}", 1, 2.5], status = "${steps.questions.status}" }

[output]
dir = "out"
formats = ["txt"]
"""


@pytest.fixture
def folder(tmp_path: Path, kit: Path, invoke: Invoke) -> Path:
    (tmp_path / "job.md").write_text("Senior backend engineer. Python, queues, on-call.\n")
    return tmp_path


def check_clean(invoke: Invoke, folder: Path, data: bytes) -> Result:
    (folder / "plan.toml").write_bytes(data)
    result = invoke("validate", "plan.toml")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output, result.output
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert lines, "an invalid plan must say why"
        for line in lines[:-1]:
            assert line.startswith("plan.toml:") or line.startswith("prepflow: warning:"), line
    return result


def test_the_valid_plan_is_valid(folder: Path, invoke: Invoke) -> None:
    assert check_clean(invoke, folder, VALID.encode()).exit_code == 0


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(folder: Path, invoke: Invoke, data: bytes) -> None:
    check_clean(invoke, folder, data)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("[]{}=\"'.,\n #abcstep_-0123456789${}tu:")), max_size=200))
def test_random_toml_like_text(folder: Path, invoke: Invoke, text: str) -> None:
    check_clean(invoke, folder, text.encode())


KEYS = st.sampled_from(
    ["plan", "steps", "inputs", "output", "plugins", "uses", "with", "needs", "if", "retries", "timeout",
     "retry_delay", "continue_on_error", "name", "file", "files", "value", "dir", "formats", "a", "b", "x"]
)  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(
        ["t.echo", "t.read", "t.nope", "${inputs.job}", "${steps.a.outputs.value}", "${", "a", ""]
    ),
    st.sampled_from(["${steps.b.status}", "failure()", "job.md", "*.md", "5s", "txt", "${inputs.x[0]}"]),
    st.integers(-3, 30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=8),
)
TOML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)


@SETTINGS
@given(doc=st.dictionaries(KEYS, TOML_VALUES, max_size=6))
def test_random_toml_documents(folder: Path, invoke: Invoke, doc: dict[str, Any]) -> None:
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # e.g. mixed-type arrays tomli-w refuses
        return
    check_clean(invoke, folder, text.encode())


NEW_VALUES = [
    '"x"',
    "-1",
    "0",
    "nan",
    "inf",
    "true",
    "[]",
    "{}",
    '["a", "a"]',
    '"${steps.nope.outputs.x}"',
    '"${inputs.level"',
    "1979-05-27",
    '"${steps.wrap_up.outputs.x}"',
    '"research"',
    "2.0",
    '"1h"',
]
NEW_KEYS = [
    "uses",
    "with.count",
    "needs",
    "if",
    "retries",
    "bogus",
    "timeout",
    "steps.x.uses",
    "file",
    "formats",
    "with",
]
NEW_LINES = ["[steps.x]", "[steps.research.with]", "[[steps]]", "[inputs]", 'uses = "t.echo"',
             "needs = ['wrap_up']", "[output]"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = VALID.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "key", "truncate", "insert"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif kind == "value" and " = " in lines[i]:
            key = lines[i].split(" = ", 1)[0]
            value = draw(st.sampled_from(NEW_VALUES))
            lines[i] = f"{key} = {value}"
        elif kind == "key":
            key = draw(st.sampled_from(NEW_KEYS))
            lines[i] = f"{key} = {lines[i].split(' = ', 1)[-1]}"
        elif kind == "insert":
            lines.insert(i, draw(st.sampled_from(NEW_LINES)))
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


@SETTINGS
@given(text=mutated())
def test_mutated_plans(folder: Path, invoke: Invoke, text: str) -> None:
    check_clean(invoke, folder, text.encode())


# -- the schema's fast path ----------------------------------------------------------

IDS = st.sampled_from(["a", "b", "_c", "d-1", "1x", "", "a b", "a\n", "é"])
USES = st.sampled_from(["t.echo", "job.analyze", "a.b.c", "Echo", "t.", "t.echo\n", "t..x", "x", ""])
ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a valid value, sometimes anything."""
    return st.one_of(strategy, strategy, strategy, ANY)


STEP_FIELDS = {
    "uses": maybe(USES),
    "name": maybe(st.text(max_size=5)),
    "with": maybe(st.dictionaries(st.text(max_size=3), ANY, max_size=2)),
    "needs": maybe(
        st.one_of(
            IDS,
            st.lists(IDS, max_size=3),
            # items of the wrong shape, one alone too: [["a"]] must not pass for ["a"]
            st.lists(st.one_of(IDS, st.lists(IDS, max_size=2), st.integers()), max_size=2),
        )
    ),
    "if": maybe(st.one_of(st.text(max_size=5), st.booleans())),
    "retries": maybe(st.one_of(st.integers(-1, 21), st.floats(0, 21))),
    "retry_delay": maybe(st.one_of(st.integers(-1, 4000), st.floats(allow_nan=True))),
    "timeout": maybe(
        st.one_of(st.sampled_from(["5s", "1.5m", "2h", "10ms", "5", "5 s", "-1s"]), st.floats())
    ),
    "continue_on_error": maybe(st.booleans()),
    "bogus": ANY,
}


@st.composite
def steps(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(sorted(STEP_FIELDS)), unique=True, max_size=6))
    if draw(st.booleans()) and "uses" not in names:
        names.append("uses")
    names = [n for n in names if n != "bogus" or draw(st.integers(0, 5)) == 0]
    return {n: draw(STEP_FIELDS[n]) for n in names}


INPUT = st.one_of(
    st.text(max_size=4),
    st.integers(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.fixed_dictionaries({"file": maybe(st.text(max_size=4))}, optional={"description": maybe(st.text())}),
    st.fixed_dictionaries({"files": maybe(st.lists(st.text(max_size=3), max_size=2))}),
    st.fixed_dictionaries({"value": ANY}, optional={"file": st.just("x"), "bogus": st.just(1)}),
    ANY,
)
PLAN_TABLE = st.fixed_dictionaries({}, optional={"name": maybe(st.text(max_size=3)), "description": ANY})
OUTPUT = st.fixed_dictionaries({}, optional={"dir": ANY, "formats": maybe(st.lists(USES, max_size=3))})
DOCS = st.fixed_dictionaries(
    {"steps": maybe(st.dictionaries(IDS, steps(), min_size=0, max_size=3))},
    optional={
        "plan": maybe(PLAN_TABLE),
        "plugins": maybe(st.lists(st.text(max_size=3), max_size=2)),
        "inputs": maybe(st.dictionaries(IDS, INPUT, max_size=3)),
        "output": maybe(OUTPUT),
        "extra": ANY,
    },
)


@settings(max_examples=5 * EXAMPLES, deadline=None)
@given(doc=DOCS)
@example(doc={"steps": {"a": {"uses": "t.echo"}, "b": {"uses": "t.echo", "needs": [["a"]]}}})
@example(doc={"steps": {"a": {"uses": "t.echo"}, "b": {"uses": "t.echo", "needs": [1]}}})
def test_envelope_fast_path_never_accepts_what_the_schema_rejects(doc: dict[str, Any]) -> None:
    if envelope_certainly_valid(doc):
        errors = [e.message for e in validator_for(plan_schema()).iter_errors(doc)]
        assert errors == []


def test_the_fast_path_accepts_ordinary_plans() -> None:
    import tomllib

    doc = tomllib.loads(VALID)
    assert envelope_certainly_valid(doc)
