"""`prepflow plan` and `prepflow run` decide each step through one function, and agree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import prepflow
from prepflow.engine import preview, run_steps

Write = Callable[[str, str], Path]

PLAN = """
[inputs]
deep = false
[output]
formats = ["txt"]
[steps.root]
uses = "t.echo"
with.value = [1, 2]
[steps.deep_only]
uses = "t.echo"
if = "${inputs.deep}"
[steps.after_skip]
uses = "t.echo"
needs = "deep_only"
[steps.left]
uses = "t.echo"
with.value = "${steps.root.outputs.value}"
[steps.bad]
uses = "t.echo"
with.count = "${steps.root.outputs.value}"
"""

# what the dry run says for each decision of a run
AS_PREVIEW = {"success": "run", "failed": "run", "cached": "cached", "skipped": "skip"}


def _agree(plan: prepflow.Plan, plugins: prepflow.Plugins, **force: object) -> dict[str, str]:
    said = {sid: decision for sid, decision, _ in preview(plan, plugins, **force)}  # type: ignore[arg-type]
    done = run_steps(plan, plugins, **force)  # type: ignore[arg-type]
    assert said == {sid: AS_PREVIEW[r.status] for sid, r in done.steps.items()}
    return said


def test_plan_and_run_agree_fresh_cached_and_forced(write: Write, testkit: prepflow.Plugins) -> None:
    plan = prepflow.load_plan(write("plan.toml", PLAN), testkit)
    reasons = {sid: why for sid, _, why in preview(plan, testkit)}
    assert reasons["after_skip"] == "needs 'deep_only', which would be skipped"
    assert reasons["left"] == "upstream root will run"
    assert _agree(plan, testkit)["bad"] == "run"
    assert _agree(plan, testkit) == {
        "root": "cached",
        "deep_only": "skip",
        "after_skip": "skip",
        "left": "cached",
        "bad": "run",  # its resolved config is checked (and fails) whenever it must run
    }
    reasons = {sid: why for sid, _, why in preview(plan, testkit)}
    assert reasons["bad"].startswith("will fail: after resolving references, with.count: expected an integer")
    # a forced step whose condition is false is skipped, by the run and by the dry run alike
    assert _agree(plan, testkit, force=prepflow.ALL)["deep_only"] == "skip"


@pytest.mark.parametrize("writes", [False, True])
def test_the_engine_writes_no_dossier_its_caller_does(
    write: Write, testkit: prepflow.Plugins, writes: bool
) -> None:
    plan = prepflow.load_plan(write("plan.toml", PLAN.split("[steps.bad]")[0]), testkit)
    if writes:
        result = prepflow.run_plan(plan, testkit)
        assert [path.name for path in result.files] == ["dossier.txt"]
    else:
        result = run_steps(plan, testkit)
        assert result.files == ()
    assert result.status == "success"
    assert (plan.output_dir / "dossier.txt").exists() == writes
