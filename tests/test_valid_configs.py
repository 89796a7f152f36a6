"""Configs found valid by a run are not validated again by later loads of the same plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import prepflow
import prepflow.schema
from prepflow.cli import cli


def _noop(ctx: prepflow.StepContext) -> dict[str, Any]:
    return {}


# "not" is beyond the compiled checks (prepflow.validators): such schemas go to jsonschema, and the memo
SCHEMA = {"type": "object", "properties": {"count": {"type": "integer", "minimum": 1, "not": {"const": 7}}}}


class _Plugin:
    @prepflow.hookimpl
    def register_step_types(self, register: Any) -> None:
        register(prepflow.StepType(name="t.noop", run=_noop, summary="noop", config_schema=SCHEMA))


def _plugins() -> prepflow.Plugins:
    plugins = prepflow.Plugins(entry_points=False)
    plugins.register(_Plugin(), name="t")
    return plugins


def _load(plan: Path) -> prepflow.Plan:
    return prepflow.load_plan(plan, _plugins())


def test_a_run_remembers_valid_configs_and_later_loads_trust_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[steps.a]\nuses = "t.noop"\nwith.count = 2\n[output]\nformats = []\n')
    prepflow.run_plan(_load(plan), _plugins())
    assert len((tmp_path / ".prepflow" / "valid-configs").read_text().split()) == 1

    calls: list[Any] = []
    real = prepflow.schema.problems

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(prepflow.schema, "problems", counting)
    assert _load(plan).checked_configs == ()
    assert calls == [], "a config known to be valid is not validated again"

    plan.write_text(plan.read_text().replace("count = 2", "count = 0"))
    with pytest.raises(prepflow.PlanError, match="0 is less than the minimum of 1"):
        _load(plan)
    assert len(calls) == 1, "a changed config is validated"


def test_validate_never_writes_the_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "")
    (tmp_path / "p.py").write_text(
        "import prepflow\n"
        "@prepflow.hookimpl\n"
        "def register_step_types(register):\n"
        "    register(prepflow.StepType(name='t.noop', run=lambda ctx: {}, summary='n',\n"
        "        config_schema={'type': 'object'}))\n"
    )
    plan = tmp_path / "plan.toml"
    plan.write_text('plugins = ["p.py"]\n[steps.a]\nuses = "t.noop"\nwith.x = 1\n')
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["validate", str(plan)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / ".prepflow").exists()


def test_the_memo_starts_again_when_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import prepflow.store

    monkeypatch.setattr(prepflow.store, "VALID_CONFIGS_LIMIT", 3)
    plan = tmp_path / "plan.toml"
    memo = tmp_path / ".prepflow" / "valid-configs"
    for count in range(1, 6):  # each run finds one new valid config
        plan.write_text(f'[steps.a]\nuses = "t.noop"\nwith.count = {count}\n[output]\nformats = []\n')
        prepflow.run_plan(_load(plan), _plugins())
    # 1, 2, 3 filled it; 4 started it again; 5 was added
    assert len(memo.read_text().split()) == 2
    assert _load(plan).checked_configs == ()  # the newest config is still known
