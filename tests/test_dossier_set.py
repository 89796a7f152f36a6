"""The dossier's files are replaced as one set: a write error or a kill never leaves a mix.

Faults are injected where the files are written (``prepflow.dossierset``'s
``open`` and ``os.replace``, ``prepflow.fileio``'s ``os.open``): a full disk,
a read-only folder, an error after the manifest switched. Kills at random
points are in ``tests/faults/``.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import prepflow
from prepflow import dossierset, fileio
from prepflow.cli import cli
from prepflow.errors import PrepflowError

FORMATS = {"a": "dossier.a.txt", "b": "dossier.b.txt", "c": "dossier.c.txt"}


def _echo(ctx: prepflow.StepContext) -> dict[str, Any]:
    return {"value": ctx.config.get("value")}


def _renderer(name: str) -> Any:
    def render(dossier: Mapping[str, Any]) -> str:
        return f"{name}: {dossier['steps']['a']['outputs']['value']}\n"

    return render


class _Plugin:
    @prepflow.hookimpl
    def register_step_types(self, register: Any) -> None:
        register(
            prepflow.StepType(name="t.echo", run=_echo, summary="echo", config_schema={"type": "object"})
        )

    @prepflow.hookimpl
    def register_renderers(self, register: Any) -> None:
        for name, filename in FORMATS.items():
            register(prepflow.Renderer(name, filename, _renderer(name)))


def _plan(folder: Path, value: int) -> Path:
    plan = folder / "plan.toml"
    plan.write_text(
        f'[steps.a]\nuses = "t.echo"\nwith.value = {value}\n[output]\nformats = ["a", "b", "c"]\n'
    )
    return plan


def _run(plan: Path, *, resume: bool = False) -> prepflow.RunResult:
    plugins = prepflow.Plugins(entry_points=False)
    plugins.register(_Plugin(), name="t")
    return prepflow.run_plan(prepflow.load_plan(plan, plugins), plugins, resume=resume)


def _contents(out: Path) -> dict[str, str]:
    return {filename: (out / filename).read_text() for filename in FORMATS.values()}


def _expected(value: int) -> dict[str, str]:
    return {filename: f"{name}: {value}\n" for name, filename in FORMATS.items()}


def _litter(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name != dossierset.MANIFEST and p.name.startswith("."))


def _last_status(folder: Path) -> str:
    newest = max((folder / ".prepflow" / "runs").iterdir())
    status: str = json.loads((newest / "run.json").read_text())["status"]
    return status


def _fail_open_of(monkeypatch: pytest.MonkeyPatch, fragment: str, code: int) -> None:
    """Make the dossier's ``open`` of a file whose name holds ``fragment`` fail with ``code``."""
    real = open

    def faulty(file: Any, *args: Any, **kwargs: Any) -> Any:
        if fragment in os.fspath(file):
            raise OSError(code, os.strerror(code), os.fspath(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(dossierset, "open", faulty, raising=False)


def test_a_full_disk_midway_leaves_the_old_set_and_a_failed_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan(tmp_path, 1)
    _run(plan)
    out = tmp_path / "out"
    before = _contents(out)
    manifest = (out / dossierset.MANIFEST).read_bytes()

    _plan(tmp_path, 2)
    _fail_open_of(monkeypatch, "dossier.b.txt", errno.ENOSPC)  # the second file of three
    with pytest.raises(PrepflowError) as raised:
        _run(plan)
    message = str(raised.value)
    assert message.startswith(f"{out / 'dossier.b.txt'}: cannot write it: the disk is full")
    assert "free some space" in message and "the dossier was not changed" in message
    assert ".tmp" not in message and "prepflow-new" not in message
    assert _contents(out) == before  # not a new page beside old files
    assert (out / dossierset.MANIFEST).read_bytes() == manifest
    assert _litter(out) == []
    assert _last_status(tmp_path) == "failed"  # not "success": --resume continues it

    monkeypatch.undo()
    assert _run(plan, resume=True).status == "success"
    assert _contents(out) == _expected(2)


def test_an_error_after_the_switch_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan(tmp_path, 1)
    _run(plan)
    out = tmp_path / "out"
    _plan(tmp_path, 2)
    real = os.replace
    calls = []

    def faulty(source: Any, target: Any) -> None:
        calls.append(os.fspath(target))
        if os.fspath(target).endswith("dossier.b.txt"):
            raise OSError(errno.EIO, os.strerror(errno.EIO), os.fspath(target))
        real(source, target)

    monkeypatch.setattr(dossierset.os, "replace", faulty)
    with pytest.raises(PrepflowError, match="the next run finishes writing the dossier"):
        _run(plan)
    monkeypatch.undo()
    # the manifest switched: a is new, b and c still wait beside their targets
    assert (out / "dossier.a.txt").read_text() == "a: 2\n"
    assert (out / "dossier.b.txt").read_text() == "b: 1\n"

    prepflow.output.settle_output(prepflow.load_plan(plan, _plugins()))  # what the next run does first
    assert _contents(out) == _expected(2)
    assert _litter(out) == []
    assert _run(plan).status == "success"  # no "was not written by prepflow, or was edited since"
    assert _contents(out) == _expected(2)


def _plugins() -> prepflow.Plugins:
    plugins = prepflow.Plugins(entry_points=False)
    plugins.register(_Plugin(), name="t")
    return plugins


class _Killed(BaseException):
    """Stands for kill -9: nothing after it runs, no clean-up either."""


def test_a_half_renamed_set_left_by_a_kill_is_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan(tmp_path, 1)
    _run(plan)
    out = tmp_path / "out"
    _plan(tmp_path, 2)
    real = os.replace

    def dies_after_the_first(source: Any, target: Any) -> None:
        if os.fspath(target).endswith("dossier.b.txt"):
            raise _Killed
        real(source, target)

    monkeypatch.setattr(dossierset.os, "replace", dies_after_the_first)
    with pytest.raises(_Killed):
        _run(plan)
    monkeypatch.undo()
    assert (out / "dossier.a.txt").read_text() == "a: 2\n"  # a mix, as a kill leaves it
    assert (out / "dossier.b.txt").read_text() == "b: 1\n"

    assert _run(plan).status == "success"  # finished first, then found unchanged
    assert _contents(out) == _expected(2)
    assert _litter(out) == []
    assert "staged" not in json.loads((out / dossierset.MANIFEST).read_text())
    _plan(tmp_path, 3)
    assert _run(plan).status == "success"
    assert _contents(out) == _expected(3)


def test_uncommitted_files_and_temporary_files_are_deleted(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 1)
    _run(plan)
    out = tmp_path / "out"
    before = _contents(out)
    # a kill before the switch: staged files the manifest does not name, and atomic writes' leftovers
    dossierset.staged_path(out, "dossier.a.txt").write_text("a: 9\n")
    (out / f".{dossierset.MANIFEST}.4242-1.tmp").write_text("{")
    (out / ".dossier.b.txt.4242-1.tmp").write_text("b")
    (out / ".mine.txt").write_text("a user's own hidden file stays")
    assert _run(plan).status == "success"
    assert _contents(out) == before
    assert _litter(out) == [".mine.txt"]


def test_a_read_only_output_folder_names_the_folder_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plan(tmp_path, 1)
    (tmp_path / "out").mkdir()
    _fail_open_of(monkeypatch, "out", errno.EROFS)
    result_runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        prepflow.Plugins, "_load_entry_points", lambda self: self.register(_Plugin(), name="t")
    )
    result = result_runner.invoke(cli, ["run", "plan.toml", "-q"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"prepflow: error: {tmp_path / 'out'}: cannot write dossier.a.txt in this folder: "
        "the file system is read-only; "
        "set [output] dir in the plan to a folder you can write, or make this one writable "
        "(the dossier was not changed)\n"
    )


def test_a_full_disk_in_the_workspace_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plan(tmp_path, 1)
    real = os.open

    def faulty(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if ".prepflow" in os.fspath(path) and os.fspath(path).endswith(fileio.TMP_SUFFIX):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(path))
        return real(path, flags, mode, **kwargs)

    monkeypatch.setattr(fileio.os, "open", faulty)
    with pytest.raises(PrepflowError) as raised:
        _run(plan)
    message = str(raised.value)
    assert ": cannot write it: the disk is full (no space left on device); free some space" in message
    assert message.startswith(str(tmp_path / ".prepflow"))
    assert fileio.TMP_SUFFIX not in message


def test_a_folder_that_cannot_be_written_is_the_one_named(tmp_path: Path) -> None:
    error = OSError(errno.EACCES, "Permission denied", str(tmp_path / "plan" / ".prepflow" / "x.tmp"))
    message = str(fileio.write_error(error, tmp_path / "plan" / ".prepflow" / "lock"))
    assert message == (
        f"{tmp_path}: cannot write plan in this folder: permission denied; "
        "make the folder writable, or work in one that is"
    )


def test_leftovers_of_killed_writers_are_cleared_by_the_next_run(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 1)
    _run(plan)
    workspace = tmp_path / ".prepflow"
    (workspace / "tmp" / ".x.json.4242-1.tmp").write_text("half")  # an artifact being written
    unrecorded = workspace / "runs" / "20200101T000000000-dead"  # killed before its run.json
    unrecorded.mkdir()
    (unrecorded / "steps.jsonl").write_text("")
    _run(plan)
    assert list((workspace / "tmp").iterdir()) == []
    assert not unrecorded.exists()
    assert all((run / "run.json").is_file() for run in (workspace / "runs").iterdir())


class _SubfolderPlugin:
    @prepflow.hookimpl
    def register_step_types(self, register: Any) -> None:
        register(
            prepflow.StepType(name="t.echo", run=_echo, summary="echo", config_schema={"type": "object"})
        )

    @prepflow.hookimpl
    def register_renderers(self, register: Any) -> None:
        register(prepflow.Renderer("d", "sub/dossier.d.txt", _renderer("d")))


def test_a_renderers_file_in_a_subfolder_is_part_of_the_set(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[steps.a]\nuses = "t.echo"\nwith.value = 1\n[output]\nformats = ["d"]\n')
    plugins = prepflow.Plugins(entry_points=False)
    plugins.register(_SubfolderPlugin(), name="t")
    prepflow.run_plan(prepflow.load_plan(plan, plugins), plugins)
    assert (tmp_path / "out" / "sub" / "dossier.d.txt").read_text() == "d: 1\n"
    assert sorted(p.name for p in (tmp_path / "out" / "sub").iterdir()) == ["dossier.d.txt"]


def test_staged_names_outside_the_folder_are_ignored(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 1)
    _run(plan)
    out = tmp_path / "out"
    (tmp_path / ".escape.txt.prepflow-new").write_text("x")
    document = json.loads((out / dossierset.MANIFEST).read_text())
    document["staged"] = ["../escape.txt", str(tmp_path / "abs.txt")]
    document["files"]["../escape.txt"] = dossierset.digest(b"x")
    (out / dossierset.MANIFEST).write_text(json.dumps(document))
    assert _run(plan).status == "success"
    assert not (tmp_path / "escape.txt").exists()
    assert _contents(out) == _expected(1)
