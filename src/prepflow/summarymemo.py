"""The closing summary of ``prepflow run``, remembered for the dossier it was drawn from.

The plugins' ``dossier_summary`` lines are a function of the dossier and of the
plugins' code (see :func:`prepflow.hookspecs.dossier_summary`). Drawing them
reads most of the dossier's sections again: about a fifteenth of a run whose
steps are all cached. So the workspace keeps the last lines
(``.prepflow/summary.json``) under the digest of the dossier, prepflow's
version and every installed plugin's version (an editable plugin's includes
its source's digest), and a run whose dossier and plugins are those reuses them.
A missing, damaged or unwritable file only means drawing the lines again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from prepflow._version import __version__
from prepflow.fileio import WriteError, atomic_write, canonical_json, small_sha256

FILE = "summary.json"


def summary_key(dossier_digest: str, versions: Mapping[str, str]) -> str | None:
    """What the summary lines are drawn from: the dossier (its digest, see
    :func:`prepflow.output.dossier_digest`), prepflow's and the plugins' versions.

    None when a plugin has no version to tell its code by (one registered from
    code): then the lines are drawn every time.
    """
    if any(version in ("", "unknown") for version in versions.values()):
        return None
    parts = {"dossier": dossier_digest, "prepflow": __version__, "plugins": dict(versions)}
    return small_sha256(canonical_json(parts)).hexdigest()  # type: ignore[no-any-return]


def remembered_summary(workspace: Path, key: str | None, draw: Callable[[], list[str]]) -> list[str]:
    """The lines remembered under ``key`` in ``workspace``, else ``draw()``'s, then remembered."""
    if key is None:
        return draw()
    path = workspace / FILE
    try:
        memo = json.loads(path.read_bytes())
        if memo["key"] == key and all(isinstance(line, str) for line in memo["lines"]):
            return list(memo["lines"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    lines = draw()
    if workspace.is_dir():
        try:
            atomic_write(path, canonical_json({"key": key, "lines": lines}), made_dir=True)
        except (OSError, WriteError):  # a read-only workspace: the lines are drawn again next time
            pass
    return lines
