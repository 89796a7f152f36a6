"""A plugin installed in editable mode (``pip install -e``) carries a digest of its source.

Its steps are cached under that version, so editing the plugin's code reruns
them, as editing a local plugin file does. The distribution is "installed" the
way pip leaves it, without pip: a package in a folder on sys.path, beside a
``.dist-info`` with METADATA, ``entry_points.txt`` and, for an editable
install, PEP 610's ``direct_url.json``.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

PACKAGE = "pf_devplugin"
ENV = {"PREPFLOW_LOAD_PLUGINS": "pfdev"}

INIT = """
import prepflow

from pf_devplugin.words import WORD


@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="dev.word", run=lambda ctx: {"word": WORD}, summary="Say a word."))
"""

PLAN = '[steps.say]\nuses = "dev.word"\n[output]\nformats = []\n'


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """install(editable=...) puts pf_devplugin 1.0 on sys.path; returns its package folder."""
    site = tmp_path / "site"
    monkeypatch.syspath_prepend(str(site))
    for name in (PACKAGE, f"{PACKAGE}.words"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    def _install(*, editable: bool) -> Path:
        package = site / PACKAGE
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(INIT, encoding="utf-8")
        (package / "words.py").write_text('WORD = "hello"\n', encoding="utf-8")
        info = site / "pf_devplugin-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pf-devplugin\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[prepflow]\npfdev = {PACKAGE}\n")
        if editable:
            url = {"url": package.parent.as_uri(), "dir_info": {"editable": True}}
            (info / "direct_url.json").write_text(json.dumps(url))
        importlib.invalidate_caches()
        return package

    return _install


def version() -> str:
    return prepflow.Plugins(environ=ENV).versions()["pfdev"]


def test_a_regular_install_is_known_by_its_version(install: Callable[..., Path]) -> None:
    install(editable=False)
    assert version() == "1.0"


@pytest.mark.parametrize("direct_url", ["not json", '["a list"]', '{"dir_info": {"editable": "yes"}}'])
def test_a_garbled_direct_url_counts_as_a_regular_install(
    install: Callable[..., Path], direct_url: str
) -> None:
    package = install(editable=True)
    (package.parent / "pf_devplugin-1.0.dist-info" / "direct_url.json").write_text(direct_url)
    assert version() == "1.0"


def test_an_editable_install_adds_a_digest_of_its_package(install: Callable[..., Path]) -> None:
    package = install(editable=True)
    first = version()
    assert re.fullmatch(r"1\.0\+editable\.[0-9a-f]{12}", first)
    (package / "words.py").touch()
    assert version() == first  # a digest of the content, not of the times
    (package / "words.py").write_text('WORD = "goodbye"\n', encoding="utf-8")  # any file of the package
    assert version() != first


def test_editing_an_editable_plugin_reruns_its_steps(
    install: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = install(editable=True)
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    assert runner.invoke(cli, ["run", "-q", str(plan)]).exit_code == 0
    assert "cached" in runner.invoke(cli, ["plan", str(plan)]).output

    (package / "words.py").write_text('WORD = "goodbye"\n', encoding="utf-8")
    preview = runner.invoke(cli, ["plan", str(plan)])
    assert preview.exit_code == 0, preview.output
    assert "plugin changed (1.0+editable." in preview.output


@pytest.fixture
def bytecode_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python may write bytecode (and so prepflow its digest of an editable plugin's source)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _kept(package: Path) -> Path:
    return package / "__pycache__" / "prepflow-source-digest.txt"


def test_the_digest_is_kept_beside_the_bytecode(install: Callable[..., Path], bytecode_written: None) -> None:
    package = install(editable=True)
    first = version()
    assert _kept(package).read_text(encoding="ascii").split()[1] == first.rpartition(".")[2]
    assert version() == first  # read back
    key = _kept(package).read_text(encoding="ascii").split()[0]
    for damaged in ("", "garbage", f"{key} not-a-digest", f"{key}", f"{'0' * 64} 0123456789ab"):
        _kept(package).write_text(damaged, encoding="ascii")
        assert version() == first
    _kept(package).unlink()
    assert version() == first


def test_nothing_is_kept_where_bytecode_is_not_written(
    install: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    package = install(editable=True)
    version()
    assert not _kept(package).exists()


def test_a_kept_digest_is_not_used_once_a_file_changed(
    install: Callable[..., Path], bytecode_written: None
) -> None:
    package = install(editable=True)
    words = package / "words.py"
    first = version()
    before = words.stat()
    # saved as editors do (a new file moved over the old), same size, modification time put back
    (package / "words.tmp").write_text('WORD = "hellp"\n', encoding="utf-8")
    os.replace(package / "words.tmp", words)
    os.utime(words, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = version()
    assert second != first
    # edited in place, same size, a later modification time
    words.write_text('WORD = "hellq"\n', encoding="utf-8")
    os.utime(words, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    third = version()
    assert third not in (first, second)
    (package / "extra.py").write_text("", encoding="utf-8")  # a new file
    assert version() not in (first, second, third)
