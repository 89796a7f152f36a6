"""Cache invalidation, one test per reason, seen by `prepflow plan` (dry run) and by reruns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import plugins_for_tests as kit_state
import pytest
from click.testing import Result

Invoke = Callable[..., Result]

PLAN = """\
plugins = ["testkit.py"]
[inputs]
job = { file = "job.md" }
[steps.read]
uses = "t.count_words"
with.path = "${inputs.job}"
[steps.echo]
uses = "t.echo"
with.value = "${steps.read.outputs.words}"
with.label = "v1"
[steps.alone]
uses = "t.echo"
"""


@pytest.fixture
def folder(kit: Path, tmp_path: Path, invoke: Invoke) -> Path:
    (tmp_path / "plan.toml").write_text(PLAN)
    (tmp_path / "job.md").write_text("one two three\n")
    return tmp_path


def dry_run(invoke: Invoke, *options: str) -> dict[str, tuple[str, str]]:
    """`prepflow plan`: step -> (decision, why)."""
    result = invoke("plan", "plan.toml", *options)
    assert result.exit_code == 0, result.output
    out = {}
    for line in result.stdout.splitlines():
        decision, step, why = line.split(None, 2)
        out[step] = (decision, why)
    return out


def run(invoke: Invoke, *options: str) -> dict[str, tuple[str, str]]:
    """`prepflow run --json`: step -> (status, why it ran); the steps that ran are in CALLS."""
    kit_state.CALLS.clear()
    result = invoke("run", "plan.toml", "--json", *options)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    return {e["step"]: (e["status"], e["reason"]) for e in events if e["event"] == "step_finished"}


CACHED = ("cached", "nothing it depends on changed")


def test_never_run(folder: Path, invoke: Invoke) -> None:
    assert dry_run(invoke) == {
        "read": ("run", "never run"),
        "echo": ("run", "upstream read will run"),
        "alone": ("run", "never run"),
    }
    assert run(invoke) == {
        "read": ("success", "never run"),
        "echo": ("success", "never run"),
        "alone": ("success", "never run"),
    }


def test_fully_cached_rerun(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    assert dry_run(invoke) == {"read": CACHED, "echo": CACHED, "alone": CACHED}
    assert run(invoke) == {
        "read": ("cached", "unchanged"),
        "echo": ("cached", "unchanged"),
        "alone": ("cached", "unchanged"),
    }
    assert kit_state.CALLS == []


def test_config_changed(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    (folder / "plan.toml").write_text(PLAN.replace('"v1"', '"v2"'))
    assert dry_run(invoke) == {"read": CACHED, "echo": ("run", "config changed"), "alone": CACHED}
    assert run(invoke)["echo"] == ("success", "config changed")
    assert kit_state.CALLS == ["echo"]


def test_input_file_changed(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    (folder / "job.md").write_text("one two three four\n")
    plan = dry_run(invoke)
    assert plan["read"] == ("run", "input file job.md changed")
    assert plan["echo"] == ("run", "upstream read will run")
    assert plan["alone"] == CACHED
    ran = run(invoke)
    assert ran["read"] == ("success", "input file job.md changed")
    assert ran["echo"] == ("success", "upstream read changed")
    assert kit_state.CALLS == ["read", "echo"]


def test_same_size_and_mtime_is_trusted_but_a_touch_with_same_content_reruns_nothing(
    folder: Path, invoke: Invoke
) -> None:
    import os

    run(invoke)
    job = folder / "job.md"
    stat = job.stat()
    os.utime(job, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert dry_run(invoke)["read"] == CACHED  # the content is hashed again: unchanged
    assert run(invoke)["read"] == ("cached", "unchanged")


def test_upstream_changed(folder: Path, invoke: Invoke) -> None:
    # the dry run can only say "upstream changed" when it knows the upstream's outputs: here
    # `read` is reused from an earlier run, but `echo` never ran on those outputs
    run(invoke)
    (folder / "other.md").write_text("one two three four\n")
    other = PLAN.replace('"job.md"', '"other.md"').replace('"v1"', '"v2"')
    (folder / "plan.toml").write_text(other)
    run(invoke)
    (folder / "plan.toml").write_text(PLAN.replace('"v1"', '"v2"'))
    assert dry_run(invoke) == {"read": CACHED, "echo": ("run", "upstream read changed"), "alone": CACHED}
    assert run(invoke)["echo"] == ("success", "upstream read changed")
    assert kit_state.CALLS == ["echo"]


def test_listing_needs_in_another_order_changes_nothing(folder: Path, invoke: Invoke) -> None:
    both = PLAN + 'needs = ["read", "echo"]\n'
    (folder / "plan.toml").write_text(both)
    run(invoke)
    (folder / "plan.toml").write_text(both.replace('["read", "echo"]', '["echo", "read"]'))
    assert dry_run(invoke)["alone"] == CACHED
    assert run(invoke)["alone"] == ("cached", "unchanged")
    assert kit_state.CALLS == []


def test_step_type_upgraded(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    kit_state.VERSIONS["t.echo"] = "2"
    assert dry_run(invoke) == {
        "read": CACHED,
        "echo": ("run", "step type upgraded (1 → 2)"),
        "alone": ("run", "step type upgraded (1 → 2)"),
    }
    assert run(invoke)["echo"] == ("success", "step type upgraded (1 → 2)")
    assert sorted(kit_state.CALLS) == ["alone", "echo"]


def test_plugin_file_changed(folder: Path, invoke: Invoke) -> None:
    """Editing a local plugin file reruns its steps, even without a version bump."""
    run(invoke)
    kit = folder / "testkit.py"
    kit.write_text(kit.read_text() + "# a comment changes the file's digest\n")
    decisions = dry_run(invoke)
    assert all(decision == "run" for decision, _ in decisions.values())
    assert decisions["read"][1].startswith("plugin changed (")
    assert run(invoke)["read"][0] == "success"


def test_force_everything(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    assert dry_run(invoke, "--force") == {
        "read": ("run", "forced"),
        "echo": ("run", "forced"),
        "alone": ("run", "forced"),
    }
    assert run(invoke, "--force")["echo"] == ("success", "forced")
    assert sorted(kit_state.CALLS) == ["alone", "echo", "read"]


def test_force_one_step(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    assert dry_run(invoke, "--force", "echo") == {"read": CACHED, "echo": ("run", "forced"), "alone": CACHED}
    assert run(invoke, "--force", "echo") == {
        "read": ("cached", "unchanged"),
        "echo": ("success", "forced"),
        "alone": ("cached", "unchanged"),
    }
    assert kit_state.CALLS == ["echo"]
    # a forced upstream that gives the same outputs leaves its dependents cached
    assert run(invoke, "--force", "read")["echo"] == ("cached", "unchanged")
    assert run(invoke, "--force=read,alone")["alone"] == ("success", "forced")


def test_force_an_unknown_step(folder: Path, invoke: Invoke) -> None:
    for command in ("run", "plan"):
        result = invoke(command, "plan.toml", "--force", "eco")
        assert result.exit_code == 2, command
        assert "no step 'eco' in plan.toml (did you mean 'echo'?)" in result.stderr


def test_early_cutoff(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    (folder / "job.md").write_text("three two one\n")  # a new text with as many words
    assert dry_run(invoke)["read"] == ("run", "input file job.md changed")
    ran = run(invoke)
    assert ran["read"] == ("success", "input file job.md changed")
    assert ran["echo"] == ("cached", "unchanged")
    assert kit_state.CALLS == ["read"]


def test_plan_has_no_side_effects(folder: Path, invoke: Invoke) -> None:
    def listing() -> dict[str, int]:
        return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}

    before = listing()
    dry_run(invoke)
    assert listing() == before
    assert not (folder / ".prepflow").exists()
    run(invoke)
    (folder / "job.md").write_text("changed\n")
    before = listing()
    dry_run(invoke, "--force")
    assert listing() == before


def test_damaged_artifact_is_recomputed(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    objects = sorted((folder / ".prepflow" / "objects").rglob("*.json"))
    assert objects
    for path in objects:  # damage every artifact without changing its name
        path.write_text('{"words": 999}')
    assert dry_run(invoke)["read"] == ("run", "cached result missing or damaged")
    statuses = run(invoke)
    assert statuses["read"] == ("success", "cached result missing or damaged")
    assert "read" in kit_state.CALLS


def test_a_damaged_artifact_is_written_again_when_its_step_reruns(folder: Path, invoke: Invoke) -> None:
    run(invoke)
    objects = sorted((folder / ".prepflow" / "objects").rglob("*.json"))
    kept = {path: path.read_bytes() for path in objects}
    for path in objects:
        path.write_text('{"words": 999}')
    assert run(invoke)["read"] == ("success", "cached result missing or damaged")
    assert {path: path.read_bytes() for path in objects} == kept  # repaired, not left damaged
    kit_state.CALLS.clear()
    assert run(invoke)["read"] == ("cached", "unchanged")
    assert kit_state.CALLS == []
