"""The distribution behind a plugin's entry point: its name, and the version its steps are cached under.

A plugin's version is part of the cache key of its steps: its distribution's
version, plus a digest of its package's Python files when it is installed in
editable mode (``pip install -e``), so that editing a plugin under development
reruns its steps.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


def _is_editable(dist: Any) -> bool:
    """Whether a distribution is installed in editable mode (PEP 610's ``direct_url.json``)."""
    try:
        direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
    except (OSError, ValueError):
        return False
    dir_info = direct_url.get("dir_info") if isinstance(direct_url, dict) else None
    return isinstance(dir_info, dict) and dir_info.get("editable") is True


def _source_digest(module: ModuleType) -> str:
    """A digest of a module's Python source: every ``.py`` file of its package, or its one file."""
    named: list[tuple[str, Path]] = []  # (name within the package, file)
    for folder in map(Path, getattr(module, "__path__", ())):
        named += [(str(file.relative_to(folder)), file) for file in folder.rglob("*.py")]
    file = getattr(module, "__file__", None)
    if not named and isinstance(file, str):
        named = [(Path(file).name, Path(file))]
    digest = hashlib.sha256()
    for name, path in sorted(named):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:12]


class Distributions:
    """What prepflow reads about the distributions of entry points, each read once.

    Each ``.name`` or ``.version`` of a distribution parses its METADATA again,
    and each editable check reads ``direct_url.json``: this keeps the answers.
    """

    def __init__(self) -> None:
        self._about: dict[int, tuple[str, str]] = {}  # id of a distribution -> (name, version)
        self._editable: dict[int, bool] = {}
        self._digests: dict[str, str] = {}  # top-level package -> digest of its files

    def about(self, ep: Any) -> tuple[str, str]:
        """The distribution's name and version ("" and "unknown" when the entry point has none)."""
        if ep.dist is None:
            return "", "unknown"
        if id(ep.dist) not in self._about:
            metadata = ep.dist.metadata
            self._about[id(ep.dist)] = (metadata["Name"] or "", metadata["Version"] or "unknown")
        return self._about[id(ep.dist)]

    def version_of(self, ep: Any, module: ModuleType) -> str:
        """The version the plugin's steps are cached under: ``1.2.0``, or ``1.2.0+editable.DIGEST``."""
        version = self.about(ep)[1]
        if ep.dist is None:
            return version
        if id(ep.dist) not in self._editable:
            self._editable[id(ep.dist)] = _is_editable(ep.dist)
        if not self._editable[id(ep.dist)]:
            return version
        package = module.__name__.partition(".")[0]
        if package not in self._digests:
            self._digests[package] = _source_digest(sys.modules.get(package, module))
        return f"{version}+editable.{self._digests[package]}"
