"""Shared fixtures: a clean plugin environment and helpers to write plans."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from prepflow.cli import cli
from prepflow.plugins import Plugins

# The property tests draw the same examples on every run, so the suite (and CI) never fails on
# an example it happened to draw that day; PREPFLOW_HYPOTHESIS_SEARCH=1 draws new ones each run,
# with PREPFLOW_PROPERTY_EXAMPLES to draw more, to look for new failures.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("search", derandomize=False)
settings.load_profile("search" if os.environ.get("PREPFLOW_HYPOTHESIS_SEARCH") else "repeatable")


@pytest.fixture(autouse=True)
def _clean_plugin_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "PREPFLOW_LOAD_PLUGINS",
        "PREPFLOW_DISABLE_PLUGINS",
        "PREPFLOW_STRICT_PLUGINS",
        "PREPFLOW_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def write(tmp_path: Path):
    """write("plan.toml", text) -> Path: a dedented file in the test's folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def _reset_testkit() -> Iterator[None]:
    import plugins_for_tests

    plugins_for_tests.reset()
    yield
    plugins_for_tests.RELEASE.set()  # never leave a worker thread blocked


@pytest.fixture
def no_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load no installed (entry-point) plugins: only what the test gives."""
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "")


@pytest.fixture
def kit(tmp_path: Path, no_installed: None) -> Path:
    """A local plugin file, testkit.py, that registers tests/plugins_for_tests.py."""
    path = tmp_path / "testkit.py"
    path.write_text("from plugins_for_tests import register_renderers, register_step_types  # noqa: F401\n")
    return path


@pytest.fixture
def testkit() -> Plugins:
    """A plugin manager holding only the test plugin."""
    import plugins_for_tests

    plugins = Plugins(entry_points=False)
    plugins.register(plugins_for_tests, name="testkit")
    return plugins


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """invoke("validate", "plan.toml") -> click Result, run in the test's folder."""
    monkeypatch.chdir(tmp_path)

    def _invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args))

    return _invoke
