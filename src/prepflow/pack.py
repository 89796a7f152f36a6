"""A workflow pack as prepflow holds it once its manifest passed every check.

A pack is an installed bundle of plan templates, data, branding and, when it
declares them, step types. :mod:`prepflow.manifest` reads and checks a
``pack.toml`` into a :class:`Pack`; :meth:`prepflow.Plugins.add_pack`
registers it; :mod:`prepflow.packs` resolves a plan's pins against the
registered packs; :mod:`prepflow.packdata` merges and checks their data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from prepflow.locate import TomlLocator

PACK_FILE = "pack.toml"
_SEPARATORS = re.compile(r"[-_.]+")
MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
"""The image types a pack's ``[report] logo`` may have, with their media types."""


def canonical(name: str) -> str:
    """A distribution name, normalised (PEP 503) as pins and ``Plugins.packs`` compare them.

    The same as ``packaging.utils.canonicalize_name``, without importing it on every command.
    """
    return _SEPARATORS.sub("-", name).lower()


def shown(path: Path | str) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text
    return text if relative.startswith("..") else relative


@attrs.frozen
class Template:
    """A plan a pack offers to ``prepflow init``."""

    name: str
    file: Path
    description: str = ""
    stubs: Mapping[str, Path] = attrs.field(factory=dict)
    """Example input files: path in the new folder (``job.md``) -> the pack's file holding its text."""


@attrs.frozen(eq=False)
class Pack:
    """A pack whose manifest passed every check (see :func:`read_manifest`)."""

    name: str
    namespace: str
    version: str
    description: str
    manifest: Path
    """The pack's ``pack.toml``; every path in it is relative to its folder."""
    templates: tuple[Template, ...] = ()
    data: Mapping[str, tuple[Path, ...]] = attrs.field(factory=dict)
    """Data kind -> the pack's files of that kind, in the manifest's order."""
    report: Mapping[str, Any] = attrs.field(factory=dict)
    """Branding: ``title`` (text), ``css``, ``logo``, ``template`` (paths)."""
    steps_module: str | None = None
    entry_point: str | None = None
    text: str = attrs.field(default="", repr=False)

    @property
    def root(self) -> Path:
        return self.manifest.parent

    @property
    def data_only(self) -> bool:
        """True when the pack declares no code: prepflow never imports anything from it."""
        return self.steps_module is None

    def where(self, *path: str | int) -> str:
        """``file:line:column`` of a key of the manifest, e.g. ``where("steps", "module")``."""
        line, column = TomlLocator(self.text).find(path)
        return f"{shown(self.manifest)}:{line}:{column}"

    def template(self, name: str) -> Template | None:
        return next((t for t in self.templates if t.name == name), None)

    def pin(self) -> str:
        """What ``prepflow init`` writes into a plan's ``packs``."""
        return f"{self.name}>={self.version}"
