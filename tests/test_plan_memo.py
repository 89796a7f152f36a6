"""A run keeps its checked plan in the workspace; a later load of the same text and plugins uses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import prepflow
from prepflow import planmemo

SCHEMA = {
    "type": "object",
    "properties": {
        "zeta": {"type": "integer", "default": 1},
        "alpha": {"type": "string"},
        "table": {"type": "object"},
    },
}


def _echo(ctx: prepflow.StepContext) -> dict[str, Any]:
    return {"keys": list(ctx.config), "inner": list(ctx.config.get("table", {}))}


class _Plugin:
    @prepflow.hookimpl
    def register_step_types(self, register: Any) -> None:
        register(prepflow.StepType(name="t.echo", run=_echo, summary="echo", config_schema=SCHEMA))


def _plugins(version: str = "1") -> prepflow.Plugins:
    plugins = prepflow.Plugins(entry_points=False)
    plugins.register(_Plugin(), name="t")
    plugins._meta["t"] = (version, "test")  # what an upgraded plugin shows
    return plugins


PLAN = """[output]
formats = []

[steps.a]
uses = "t.echo"
with = { alpha = "x", table = { b = 1, a = 2 } }

[steps.b]
uses = "t.echo"
needs = ["a"]
if = "success()"
retries = 2
with.table = "${steps.a.outputs}"
"""


def _snapshot(plan: prepflow.Plan) -> list[tuple[Any, ...]]:
    return [
        (
            s.id,
            s.uses,
            list(s.config.items()),
            s.needs,
            s.has_refs,
            s.config_digest,
            s.retries,
            s.condition.source if s.condition else None,
        )
        for s in plan.steps.values()
    ]


def test_a_rerun_loads_the_kept_plan_with_the_same_steps(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    first = prepflow.load_plan(path, _plugins())
    assert first.memo is not None
    assert prepflow.run_plan(first, _plugins()).status == "success"
    assert planmemo.memo_path(path.resolve()).is_file()
    again = prepflow.load_plan(path, _plugins())
    assert again.memo is None  # rebuilt from the memo: nothing to keep again
    assert _snapshot(again) == _snapshot(first)  # keys in the same order, options and conditions too
    assert again.order == first.order and again.digest == first.digest
    result = prepflow.run_plan(again, _plugins(), force=prepflow.ALL)
    assert result.steps["a"].outputs == {"keys": ["zeta", "alpha", "table"], "inner": ["b", "a"]}


@pytest.mark.parametrize("change", ["text", "plugin"])
def test_a_changed_plan_or_plugin_is_checked_in_full(tmp_path: Path, change: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    prepflow.run_plan(prepflow.load_plan(path, _plugins()), _plugins())
    if change == "text":
        path.write_text(PLAN.replace('alpha = "x"', "alpha = 3"))
        with pytest.raises(prepflow.PlanError, match="alpha"):
            prepflow.load_plan(path, _plugins())
    else:
        assert prepflow.load_plan(path, _plugins("2")).memo is not None


@pytest.mark.parametrize("garble", [b"", b"{", b'{"key": 1}', b"[]", b"\xff\xfe"])
def test_a_damaged_memo_is_ignored(tmp_path: Path, garble: bytes) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    prepflow.run_plan(prepflow.load_plan(path, _plugins()), _plugins())
    planmemo.memo_path(path.resolve()).write_bytes(garble)
    plan = prepflow.load_plan(path, _plugins())
    assert plan.memo is not None and set(plan.steps) == {"a", "b"}


def test_a_memo_with_steps_out_of_order_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    prepflow.run_plan(prepflow.load_plan(path, _plugins()), _plugins())
    memo = planmemo.memo_path(path.resolve())
    kept = planmemo.decode(memo.read_bytes())
    assert kept["order"] == ("a", "b")
    memo.write_bytes(planmemo.encode({**kept, "order": ("b", "a")}))
    assert prepflow.load_plan(path, _plugins()).memo is not None


def test_a_memo_from_another_python_or_damaged_is_never_unmarshalled(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    prepflow.run_plan(prepflow.load_plan(path, _plugins()), _plugins())
    memo = planmemo.memo_path(path.resolve())
    data = memo.read_bytes()
    assert prepflow.load_plan(path, _plugins()).memo is None  # read back: nothing left to keep
    line, _, payload = data.partition(b"\n")
    other_python = line.replace(b"python 3.", b"python 2.", 1) + b"\n" + payload
    flipped = line + b"\n" + payload[:-1] + bytes([payload[-1] ^ 1])  # the CRC-32 no longer matches
    for damaged in (other_python, flipped, data[:-1]):
        memo.write_bytes(damaged)
        with pytest.raises(ValueError):
            planmemo.decode(damaged)
        assert prepflow.load_plan(path, _plugins()).memo is not None  # checked in full again


def test_file_system_checks_are_made_again(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    (tmp_path / "job.txt").write_text("a job")
    path.write_text('[inputs.job]\nfile = "job.txt"\n' + PLAN)
    prepflow.run_plan(prepflow.load_plan(path, _plugins()), _plugins())
    (tmp_path / "job.txt").unlink()
    with pytest.raises(prepflow.PlanError, match=r"job\.txt"):
        prepflow.load_plan(path, _plugins())


def test_plans_with_plugin_files_keep_no_memo(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    (tmp_path / "extra.py").write_text("")
    path.write_text('plugins = ["extra.py"]\n' + PLAN)
    plan = prepflow.load_plan(path, _plugins())
    assert plan.memo is None
    prepflow.run_plan(plan, _plugins())
    assert not planmemo.memo_path(path.resolve()).exists()


def test_a_plan_holding_a_value_marshal_cannot_hold_keeps_no_memo(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("[inputs.when]\nvalue = 2024-05-01\n" + PLAN)  # a TOML date: no memo, as with JSON
    plan = prepflow.load_plan(path, _plugins())
    assert plan.memo is not None
    assert prepflow.run_plan(plan, _plugins()).status == "success"
    assert not planmemo.memo_path(path.resolve()).exists()
    assert prepflow.load_plan(path, _plugins()).memo is not None  # checked in full again
