"""What ``prepflow packs`` shows and checks about a pack, and the branding a dossier gets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from prepflow.initplan import check_template
from prepflow.pack import Pack
from prepflow.packdata import data_problems
from prepflow.packs import failures_of
from prepflow.plugins import Plugins


def describe(pack: Pack, plugins: Plugins) -> dict[str, Any]:
    """What ``prepflow packs`` shows about one pack, as JSON-like data."""
    step_types = sorted(t for t in plugins.step_types if plugins.owners(t)[:1] == [pack.name])
    return {
        "name": pack.name,
        "version": pack.version,
        "namespace": pack.namespace,
        "description": pack.description,
        "manifest": os.fspath(pack.manifest),
        "data_only": pack.data_only,
        "templates": [
            {"name": t.name, "file": _relative(t.file, pack), "description": t.description}
            for t in pack.templates
        ],
        "data": {kind: [_relative(f, pack) for f in files] for kind, files in sorted(pack.data.items())},
        "report": {k: v if isinstance(v, str) else _relative(v, pack) for k, v in pack.report.items()},
        "steps_module": pack.steps_module,
        "step_types": step_types,
        "errors": failures_of(plugins, pack.name),
    }


def _relative(path: Path, pack: Pack) -> str:
    return Path(os.path.relpath(path, pack.root)).as_posix()


def check_pack(pack: Pack, plugins: Plugins) -> list[str]:
    """Deeper checks for ``prepflow packs``: every data file against its kind, every template validates."""
    found = data_problems(pack, plugins.data_kinds, unknown=True)
    for template in pack.templates:
        found.extend(str(d) for d in check_template(template, plugins))
    return found
