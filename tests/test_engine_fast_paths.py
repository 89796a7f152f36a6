"""The engine's per-step shortcuts give what the general paths give (issue 12's engine figures).

Each shortcut below exists because it runs once per step; each test holds it to
the general path it stands for.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

import prepflow
from prepflow.fileio import SMALL, small_sha256
from prepflow.model import Step
from prepflow.schema import envelope_certainly_valid
from prepflow.store import Workspace

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]


def test_a_plain_step_is_a_step_with_every_option_at_its_default() -> None:
    plain = Step.plain("a", "t.echo", {"x": 1}, ("b",), True, "d" * 64)
    full = Step("a", "t.echo", {"x": 1}, ("b",), has_refs=True, config_digest="d" * 64)
    assert plain.as_dict() == full.as_dict()
    assert plain.title == "a" and plain is not full


def test_the_envelope_fast_path_is_certain_only_of_sound_ids_types_and_needs() -> None:
    usual = {"steps": {"a": {"uses": "t.echo"}, "b": {"uses": "t.echo", "with": {}, "needs": ["a"]}}}
    assert envelope_certainly_valid(usual)
    assert envelope_certainly_valid(usual)  # the second time, the step type is one seen before
    # an id holding a newline would pass a match of all ids joined by newlines: never certain
    assert not envelope_certainly_valid({"steps": {"a\nb": {"uses": "t.echo"}}})
    assert not envelope_certainly_valid({"steps": {"a": {"uses": "t.echo"}, "b\n": {"uses": "t.echo"}}})
    for odd in ({"uses": ["t.echo"]}, {"uses": "t.echo", "with": []}, {"uses": "t.echo", "needs": [1]}):
        assert not envelope_certainly_valid({"steps": {"a": {"uses": "t.echo"}, "b": odd}})
    # a need naming no step is left to the full check (which says which name is wrong)
    assert not envelope_certainly_valid({"steps": {"a": {"uses": "t.echo", "needs": ["no such"]}}})


def test_a_step_id_with_a_newline_is_reported(kit: Path, write: Write) -> None:
    plan = write("plan.toml", f'plugins = ["{kit.name}"]\n[steps."a\\nb"]\nuses = "t.echo"\n')
    assert [d.message for d in prepflow.validate(plan)] == [
        "'a\\nb' does not match '^[A-Za-z_][A-Za-z0-9_-]*$'"
    ]


def test_a_clash_is_reported_at_every_step_of_its_type(kit: Path, write: Write, invoke: Invoke) -> None:
    write("copycat.py", "from plugins_for_tests import register_step_types  # noqa: F401\n")
    write(
        "plan.toml",
        'plugins = ["testkit.py", "copycat.py"]\n[steps.a]\nuses = "t.echo"\n[steps.b]\nuses = "t.echo"\n',
    )
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1
    clashes = [line for line in result.stderr.splitlines() if "is registered by both" in line]
    assert [line.split(": ")[1] for line in clashes] == ["steps.a.uses", "steps.b.uses"]


def test_small_data_has_the_same_digest(tmp_path: Path) -> None:
    for size in (0, 1, 55, 56, 64, 1000, SMALL - 1, SMALL):
        data = os.urandom(size)
        assert small_sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_artifacts_in_folders_of_earlier_runs_are_not_written_again(tmp_path: Path) -> None:
    first = Workspace(tmp_path / ".prepflow")
    first.lock()
    try:
        digest = first.put(b'{"a":1}')
    finally:
        first.close()
    path = tmp_path / ".prepflow" / "objects" / digest[:2] / f"{digest[2:]}.json"
    assert path.read_bytes() == b'{"a":1}' and digest == hashlib.sha256(b'{"a":1}').hexdigest()
    os.utime(path, ns=(1, 1))
    second = Workspace(tmp_path / ".prepflow")
    second.lock()
    try:
        assert second.put(b'{"a":1}') == digest
        other = second.put(b'{"b":2}')
    finally:
        second.close()
    assert path.stat().st_mtime_ns == 1  # found there: not written again
    assert (path.parent.parent / other[:2] / f"{other[2:]}.json").read_bytes() == b'{"b":2}'
    assert not list((tmp_path / ".prepflow" / "tmp").iterdir())  # nothing left of the writes


def test_artifacts_are_stored_without_the_lock_too(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / ".prepflow")
    digest = ws.put(b"[]")
    assert (tmp_path / ".prepflow" / "objects" / digest[:2] / f"{digest[2:]}.json").read_bytes() == b"[]"
    assert Workspace(tmp_path / ".prepflow").get(digest) == []
