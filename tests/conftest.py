"""Shared fixtures: a clean plugin environment and helpers to write plans."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _clean_plugin_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PREPFLOW_LOAD_PLUGINS", "PREPFLOW_DISABLE_PLUGINS", "PREPFLOW_STRICT_PLUGINS", "PREPFLOW_DEBUG"):
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
