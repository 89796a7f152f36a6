"""Entry points found without importlib.metadata agree with importlib.metadata."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from prepflow.entrypoints import entry_points


def _dist(site: Path, folder: str, name: str, version: str, entry_points_txt: str) -> None:
    info = site / folder
    info.mkdir(parents=True)
    (info / ("PKG-INFO" if folder.endswith(".egg-info") else "METADATA")).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nA body: with a colon.\n"
    )
    (info / "entry_points.txt").write_text(entry_points_txt)


def test_entry_points_agree_with_importlib_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _dist(
        first, "acme_tools-1.2.dist-info", "acme-tools", "1.2", "[prepflow]\nacme = acme_mod:plugin [extra]\n"
    )
    _dist(
        first,
        "egged-0.1-py3.11.egg-info",
        "egged",
        "0.1",
        "# a comment\n[other]\nx = y\n[prepflow]\negg=egg_mod\n",
    )
    # the same distribution again, later on sys.path: the first one wins
    _dist(second, "acme_tools-9.9.dist-info", "acme-tools", "9.9", "[prepflow]\nshadowed = nowhere\n")
    (first / "acme_mod.py").write_text("plugin = 'loaded'\n")
    monkeypatch.setattr(sys, "path", [str(first), str(second), str(tmp_path / "missing")])
    ours = sorted(entry_points("prepflow"), key=lambda ep: ep.name)
    theirs = sorted(metadata.entry_points(group="prepflow"), key=lambda ep: ep.name)
    assert [(ep.name, ep.value, ep.module) for ep in ours] == [
        (ep.name, ep.value, ep.module) for ep in theirs
    ]
    assert [(ep.dist.metadata["Name"], ep.dist.metadata["Version"]) for ep in ours] == [
        ("acme-tools", "1.2"),
        ("egged", "0.1"),
    ]
    assert ours[0].load() == "loaded"
    assert ours[0].dist.read_text("direct_url.json") is None
    assert entry_points("nothing") == []
