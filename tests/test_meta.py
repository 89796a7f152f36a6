"""Meta-tests: every hook prepflow calls is documented with its exact signature, and tested.

Adding a hookspec to src/prepflow/hookspecs.py makes these fail until
docs/writing-plugins.md has a ``### `name(args)` `` section for it and tests/
has a ``test_hook_<name>`` test (tests/test_hooks.py holds them).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from prepflow import hookspecs

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs" / "writing-plugins.md"
TESTS = Path(__file__).parent


def _hookspecs() -> dict[str, tuple[str, str]]:
    """Hook name -> (``name(arg, ...)`` as the docs write it, its return annotation)."""
    found = {}
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if getattr(function, "prepflow_spec", None) is not None:
            signature = inspect.signature(function)
            returns = signature.return_annotation
            returns = "None" if returns is inspect.Signature.empty else str(returns)
            found[name] = (f"{name}({', '.join(signature.parameters)})", returns)
    return found


HOOKS = _hookspecs()
# "### `name(args)`", optionally with " -> return type" inside the backticks
SECTION = re.compile(r"^### `((\w+)\([^)]*\))(?: -> ([^`]+))?`\s*$", re.M)
DOCUMENTED = {m.group(2): (m.group(1), m.group(3)) for m in SECTION.finditer(DOCS.read_text())}
TESTED = set(
    re.findall(r"^def (test_hook_\w+)\(", "\n".join(p.read_text() for p in TESTS.rglob("test_*.py")), re.M)
)


def test_hookspecs_are_found() -> None:
    assert {"register_step_types", "register_renderers", "run_started", "after_step"} <= set(HOOKS)


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hook_is_documented_with_its_signature(hook: str) -> None:
    signature, returns = HOOKS[hook]
    assert hook in DOCUMENTED, f"docs/writing-plugins.md has no '### `{signature}`' section under Hooks"
    documented, documented_returns = DOCUMENTED[hook]
    assert documented == signature, (
        f"docs/writing-plugins.md documents `{documented}` but the hookspec is `{signature}`"
    )
    if documented_returns is not None:
        assert documented_returns == returns, (
            f"docs/writing-plugins.md says `{hook}` returns `{documented_returns}`; the hookspec: `{returns}`"
        )


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hook_has_a_test(hook: str) -> None:
    assert f"test_hook_{hook}" in TESTED, (
        f"no test named test_hook_{hook} in tests/ (add it to tests/test_hooks.py)"
    )


def test_documented_hooks_exist() -> None:
    stale = sorted(set(DOCUMENTED) - set(HOOKS))
    assert not stale, f"docs/writing-plugins.md documents hooks that hookspecs.py does not have: {stale}"
