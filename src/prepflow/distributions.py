"""The distribution behind a plugin's entry point: its name, and the version its steps are cached under.

A plugin's version is part of the cache key of its steps: its distribution's
version, plus a digest of its package's Python files when it is installed in
editable mode (``pip install -e``), so that editing a plugin under development
reruns its steps.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from importlib.util import cache_from_source
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


def _python_files(module: ModuleType) -> list[tuple[str, str]]:
    """(name within the package, path) of every ``.py`` file of a module's package, or its one file, sorted.

    Symbolic links to folders are not followed; names use ``/`` (``sub/mod.py``).
    """
    named: list[tuple[str, str]] = []
    for folder in getattr(module, "__path__", ()):
        for top, folders, files in os.walk(folder):
            folders.sort()
            where = os.path.relpath(top, folder).replace(os.sep, "/")
            prefix = "" if where == "." else f"{where}/"
            named += [(prefix + name, os.path.join(top, name)) for name in files if name.endswith(".py")]
    file = getattr(module, "__file__", None)
    if not named and isinstance(file, str):
        named = [(os.path.basename(file), file)]
    return sorted(named)


def _memo_file(module: ModuleType) -> Path | None:
    """Where the digest of a package's source is kept: beside the package's bytecode."""
    folders = list(getattr(module, "__path__", ()))
    if not folders or sys.implementation.cache_tag is None:
        return None
    try:
        pyc = cache_from_source(os.path.join(folders[0], "__init__.py"))
    except (NotImplementedError, ValueError):
        return None
    return Path(pyc).with_name("prepflow-source-digest.txt")


def _source_digest(module: ModuleType) -> str:
    """A digest of a module's Python source: every ``.py`` file of its package, or its one file.

    Reading and digesting a package's every file in every process costs more than the rest of
    registering it: the digest is kept in a file beside the package's bytecode, under the name,
    size, modification and change times and inode of each file, so it is read again only after a
    file changed, came or went (Python's own bytecode is trusted on less: the modification time
    and size). Nothing is written where ``PYTHONDONTWRITEBYTECODE`` is set; a missing, damaged or
    unwritable file only means reading the source again.
    """
    named = _python_files(module)
    stamps = hashlib.sha256()
    for name, path in named:
        try:
            st = os.stat(path)
        except OSError:
            stamps.update(f"{name}\0-\n".encode())
            continue
        stamps.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode())
    key = stamps.hexdigest()
    memo = _memo_file(module)
    if memo is not None:
        try:
            kept_key, _, kept = memo.read_text(encoding="ascii").strip().partition(" ")
        except (OSError, ValueError):
            kept_key = kept = ""
        if kept_key == key and len(kept) == 12 and kept.isalnum():
            return kept
    digest = hashlib.sha256()
    for name, path in named:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    found = digest.hexdigest()[:12]
    if memo is not None and not sys.dont_write_bytecode:
        temp = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(f"{key} {found}\n", encoding="ascii")
            os.replace(temp, memo)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
    return found


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
