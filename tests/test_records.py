"""prepflow's records (plans, steps, results, what plugins register), the parsed-file memo, a run's imports.

The records are written by hand (no class-building library on the run path):
immutable where they were, equal by value or by identity as before, checked
when built, and rebuilt (and checked again) by ``replace``.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import prepflow
from prepflow._record import FrozenError
from prepflow.model import Input
from prepflow.pack import Template


def _noop(ctx: prepflow.StepContext) -> dict[str, object]:
    return {}


def test_records_are_immutable_equal_by_value_and_hashable() -> None:
    one, same = Input("job", "file", "job.md"), Input("job", "file", "job.md")
    assert one == same and hash(one) == hash(same) and one != Input("job", "file", "other.md")
    assert repr(one) == "Input(name='job', kind='file', value='job.md')"
    with pytest.raises(FrozenError, match="immutable"):
        one.name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del one.kind  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(one)) == one
    assert Template("t", Path("t.toml")).stubs == {}


def test_steps_are_equal_only_to_themselves() -> None:
    step = prepflow.Step("a", "t.any", {}, ())
    twin = prepflow.Step("a", "t.any", {}, ())
    assert step == step and step != twin and len({step, twin}) == 2
    assert step.as_dict() == twin.as_dict()
    assert step.title == "a" and step.replace(name="First").title == "First"


def test_replace_checks_the_new_values() -> None:
    step_type = prepflow.StepType("acme.tip", _noop, "A tip.")
    assert step_type.replace(version=2).version == "2"  # converted, as when built
    with pytest.raises(ValueError, match="namespaced lowercase words"):
        step_type.replace(name="Tip")
    with pytest.raises(TypeError, match="no_such_field"):
        step_type.replace(no_such_field=1)


def test_public_records_check_their_arguments() -> None:
    with pytest.raises(TypeError, match="summary must be a string, got int"):
        prepflow.StepType("acme.tip", _noop, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="output_schema must be a JSON Schema of an object"):
        prepflow.StepType("acme.tip", _noop, "A tip.", output_schema={"type": "array"})
    with pytest.raises(TypeError, match="description must be a string, got int"):
        prepflow.DataKind("tips", {"type": "object"}, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lowercase word"):
        prepflow.Renderer("Bad Name", "x.txt", str)
    kind = prepflow.DataKind("tips", {"type": "object"}, "Tips.")
    assert "schema" not in repr(kind) and kind == prepflow.DataKind("tips", {"type": "object"}, "Tips.")


def test_step_results_compare_by_value_but_not_by_exception() -> None:
    failed = prepflow.StepResult("a", "failed", error="boom", exception=ValueError("boom"))
    assert failed == prepflow.StepResult("a", "failed", error="boom")
    assert "exception" not in repr(failed)
    failed.reason = "retried"  # results are filled in as a run goes
    assert failed.reason == "retried"
    with pytest.raises(TypeError):
        hash(failed)


def test_the_parsed_memo_hands_out_copies_and_keeps_the_last_few() -> None:
    memo = prepflow.ParsedMemo(2)
    calls: list[str] = []

    def parse(name: str) -> dict[str, object]:
        calls.append(name)
        return {"name": name, "items": [{"n": 1}]}

    first = memo.get("a", lambda: parse("a"))
    first["items"][0]["n"] = 99  # a caller edits its copy
    assert memo.get("a", lambda: parse("a")) == {"name": "a", "items": [{"n": 1}]}
    memo.get("b", lambda: parse("b"))
    memo.get("a", lambda: parse("a"))  # used last: "b" goes first
    memo.get("c", lambda: parse("c"))
    assert len(memo) == 2 and calls == ["a", "b", "c"]
    memo.get("b", lambda: parse("b"))
    assert calls == ["a", "b", "c", "b"]


def test_the_parsed_memo_keeps_nothing_when_parsing_fails() -> None:
    memo = prepflow.ParsedMemo(4)

    def broken() -> dict[str, object]:
        raise prepflow.StepError("x.toml: invalid TOML")

    with pytest.raises(prepflow.StepError, match="invalid TOML"):
        memo.get("x", broken)
    assert len(memo) == 0
    with pytest.raises(ValueError, match="at least one"):
        prepflow.ParsedMemo(0)


LOGGING_PLUGIN = """
import prepflow

def run(ctx):
    ctx.log.info("read %d words", 3)
    ctx.log.warning("no dates found")
    return {}

@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="acme.talk", run=run, summary="Logs."))
"""

PROBE = """
import sys
from prepflow.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("attrs", "logging", "tomllib", "importlib.resources", "difflib")
print(sorted(m for m in heavy if m in sys.modules))
"""


def _run_fresh(tmp_path: Path, plugin: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``prepflow [args] run plan.toml`` in a fresh interpreter, which then prints what it imported."""
    (tmp_path / "plugin.py").write_text(plugin)
    (tmp_path / "plan.toml").write_text(
        'plugins = ["plugin.py"]\n[plan]\nname = "one"\n[output]\nformats = []\n'
        '[steps.a]\nuses = "acme.talk"\n'
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args, "run", "--quiet", "plan.toml"],  # click imports difflib for -q
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )


def test_a_run_that_logs_nothing_imports_no_logging_nor_toml_fallback(tmp_path: Path) -> None:
    quiet = LOGGING_PLUGIN.replace('    ctx.log.info("read %d words", 3)\n', "").replace(
        '    ctx.log.warning("no dates found")\n', ""
    )
    done = _run_fresh(tmp_path, quiet)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize(("verbose", "info_shown"), [((), False), (("-v",), True)])
def test_step_logs_are_shown_when_a_step_first_logs(
    tmp_path: Path, verbose: tuple[str, ...], info_shown: bool
) -> None:
    done = _run_fresh(tmp_path, LOGGING_PLUGIN, *verbose)
    assert done.returncode == 0, done.stderr
    assert "prepflow: step 'a': warning: no dates found" in done.stderr
    assert ("prepflow: step 'a': info: read 3 words" in done.stderr) is info_shown
