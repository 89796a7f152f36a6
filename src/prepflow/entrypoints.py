"""The installed entry points of one group, found without importing ``importlib.metadata``.

``importlib.metadata`` costs about a third of a one-step run's start (it
imports ``email``, ``zipfile``, ``csv`` and more, then parses every installed
distribution's metadata). Finding plugins needs far less: the
``entry_points.txt`` of each ``.dist-info`` or ``.egg-info`` folder on
``sys.path``, and the name and version of the few distributions that declare
the group. The first distribution of a name on ``sys.path`` wins, as in
``importlib.metadata``. When some import hook could add distributions of its
own (a meta path finder with ``find_distributions`` other than the standard
one), this defers to ``importlib.metadata``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from typing import Any

from prepflow.lazyre import LazyPattern

_SUFFIXES = (".dist-info", ".egg-info")
_SEPARATORS = LazyPattern(r"[-_.]+")


class Distribution:
    """An installed distribution's metadata folder."""

    def __init__(self, path: str):
        self._path = path
        self._metadata: dict[str, str] | None = None

    @property
    def metadata(self) -> Mapping[str, str]:
        """The headers of its ``METADATA`` (``PKG-INFO`` for eggs), e.g. ``Name`` and ``Version``."""
        if self._metadata is None:
            headers: dict[str, str] = {}
            text = self.read_text("METADATA") or self.read_text("PKG-INFO") or ""
            for line in text.splitlines():
                if not line.strip():
                    break  # the body starts
                key, colon, value = line.partition(":")
                if colon and not line[0].isspace():
                    headers.setdefault(key.strip(), value.strip())
            self._metadata = headers
        return self._metadata

    def read_text(self, name: str) -> str | None:
        """The text of one of its metadata files, or None."""
        try:
            with open(os.path.join(self._path, name), encoding="utf-8") as f:
                return f.read()
        except (OSError, UnicodeDecodeError):
            return None


class EntryPoint:
    """One ``name = module:attr`` line of an ``entry_points.txt``."""

    __slots__ = ("dist", "group", "name", "value")

    def __init__(self, name: str, value: str, group: str, dist: Distribution | None):
        self.name = name
        self.value = value
        self.group = group
        self.dist = dist

    @property
    def module(self) -> str:
        return self.value.partition(":")[0].strip()

    @property
    def attr(self) -> str:
        return self.value.partition(":")[2].partition("[")[0].strip()

    def load(self) -> Any:
        """Import the module and return the object the entry point names."""
        target: Any = importlib.import_module(self.module)
        for part in filter(None, self.attr.split(".")):
            target = getattr(target, part)
        return target


def _other_finders() -> bool:
    from importlib.machinery import PathFinder

    return any(finder is not PathFinder and hasattr(finder, "find_distributions") for finder in sys.meta_path)


def entry_points(group: str) -> list[Any]:
    """The entry points of ``group`` of every installed distribution (the first of each name)."""
    if _other_finders():
        from importlib.metadata import entry_points as metadata_entry_points

        return list(metadata_entry_points(group=group))
    found: list[Any] = []
    seen: set[str] = set()
    header = f"[{group}]"
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:  # a zip file, or a folder that is gone
            continue
        for name in names:
            if not name.endswith(_SUFFIXES):
                continue
            distribution = _SEPARATORS.sub("_", name.rpartition(".")[0].partition("-")[0]).lower()
            if distribution in seen:
                continue
            seen.add(distribution)
            path = os.path.join(folder, name)
            try:
                with open(os.path.join(path, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            if header in text:
                found.extend(_group(text, group, Distribution(path)))
    return found


def _group(text: str, group: str, dist: Distribution) -> list[EntryPoint]:
    """The entry points of one group in the INI text of an ``entry_points.txt``."""
    out = []
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        if current == group:
            name, equals, value = line.partition("=")
            if equals:
                out.append(EntryPoint(name.strip(), value.strip(), group, dist))
    return out
