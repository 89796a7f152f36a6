"""A step type's ``run`` may be an import string, imported only when a step of that type runs."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import prepflow

PLAN = """
[steps.a]
uses = "lazy.count"
"""

RULES = """
CALLS = []

def run(ctx):
    CALLS.append(ctx.step_id)
    return {"count": len(CALLS)}

NOT_A_FUNCTION = 3
"""


def plugin(run: str) -> types.SimpleNamespace:
    @prepflow.hookimpl
    def register_step_types(register: Any) -> None:
        register(prepflow.StepType(name="lazy.count", run=run, summary="Counts its runs."))

    return types.SimpleNamespace(register_step_types=register_step_types)


@pytest.fixture
def rules_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A module ``lazy_rules_<n>`` on ``sys.path``, not imported yet."""
    name = f"lazy_rules_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(RULES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return name


def test_the_module_is_imported_when_the_step_first_runs_then_kept(
    rules_module: str, register_plugin: Callable[..., Any], prepflow_run: Callable[..., Any]
) -> None:
    register_plugin(plugin(f"{rules_module}:run"), name="lazy")
    assert rules_module not in sys.modules, "registering must not import the rules"
    result = prepflow_run(PLAN)
    assert result.ok, result.errors
    assert result.steps["a"].outputs == {"count": 1}
    module = sys.modules[rules_module]
    again = prepflow_run(PLAN, force="a")
    assert again.steps["a"].outputs == {"count": 2}
    assert sys.modules[rules_module] is module and module.CALLS == ["a", "a"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("no_such_module_for_prepflow_tests:run", "cannot import 'no_such_module_for_prepflow_tests:run'"),
        ("{module}:missing", "'{module}:missing' names no attribute 'missing' of module '{module}'"),
        ("{module}:NOT_A_FUNCTION", "'{module}:NOT_A_FUNCTION' is not callable (int)"),
    ],
)
def test_an_import_string_that_names_no_function_fails_the_step_naming_it(
    rules_module: str,
    register_plugin: Callable[..., Any],
    prepflow_run: Callable[..., Any],
    target: str,
    message: str,
) -> None:
    register_plugin(plugin(target.format(module=rules_module)), name="lazy")
    result = prepflow_run(PLAN)
    assert result.status == "failed"
    [error] = result.errors
    assert error.startswith("a: step type 'lazy.count': "), error
    assert message.format(module=rules_module) in error


@pytest.mark.parametrize("target", ["rules.run", "rules:", ":run", "rules:run()", "my rules:run", ""])
def test_a_string_that_is_no_import_string_is_refused_at_once(target: str) -> None:
    with pytest.raises(ValueError, match="must be an import string 'module:function'"):
        prepflow.StepType(name="lazy.count", run=target, summary="Counts its runs.")


def test_run_must_be_callable_or_a_string() -> None:
    with pytest.raises(TypeError, match="must be callable or an import string, got int"):
        prepflow.StepType(name="lazy.count", run=3, summary="Counts its runs.")  # type: ignore[arg-type]
