"""Write the dossier: every chosen format, rendered first, then written atomically.

prepflow never overwrites a file it did not write: the output folder keeps a
manifest (``.prepflow-output.json``) of the files it wrote and their digests.
A file that is not in it, or was edited since, stops the write with a clear
message before anything is touched. Unchanged files are not rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from prepflow._version import __version__
from prepflow.errors import PrepflowError
from prepflow.model import Plan
from prepflow.plugins import Plugins
from prepflow.store import atomic_write, canonical_json

MANIFEST = ".prepflow-output.json"


def build_dossier(plan: Plan, results: Mapping[str, Any]) -> dict[str, Any]:
    """The whole dossier as JSON-like data: plan, inputs and every step's outputs."""
    steps = {}
    for sid in plan.order:
        result = results.get(sid)
        if result is None:
            continue
        step = plan.steps[sid]
        steps[sid] = {
            "uses": step.uses,
            "title": step.title,
            # a reused result is the same content: "cached" would make every rerun rewrite the dossier
            "status": "success" if result.status == "cached" else result.status,
            "outputs": result.outputs if result.ok else None,
        }
    dossier = {
        "prepflow": {"version": __version__, "dossier": 1},
        "plan": {"name": plan.name, "description": plan.description, "file": plan.path.name},
        "inputs": plan.input_values(),
        "steps": steps,
    }
    if plan.packs:  # the pinned packs' [report] settings, files inlined (see prepflow.branding)
        from prepflow.branding import branding

        brand = branding(plan.packs)
        if brand:
            dossier["branding"] = brand
    return dossier


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_dossier(
    plan: Plan, results: Mapping[str, Any], plugins: Plugins, formats: Collection[str]
) -> tuple[Path, ...]:
    """Render and write the dossier; return its files (unchanged ones are not rewritten)."""
    if not formats:
        return ()
    renderers = plugins.renderers
    missing = [f for f in formats if f not in renderers]
    if missing:
        installed = ", ".join(sorted(renderers)) or "none"
        raise PrepflowError(f"unknown output format {', '.join(missing)} (installed: {installed})")
    dossier = build_dossier(plan, results)
    out = plan.output_dir
    manifest_path = out / MANIFEST
    written, sources = _read_manifest(manifest_path)
    # what each file is rendered from: the dossier and the renderer's plugin version
    dossier_digest = _digest(canonical_json(dossier))
    wanted = {
        name: _digest(f"{dossier_digest}\0{name}\0{plugins.renderer_version(name)}".encode())
        for name in formats
    }
    if all(
        sources.get(name) == wanted[name] and _intact(out / renderers[name].filename, written)
        for name in formats
    ):  # nothing changed since these files were written: skip rendering altogether
        return tuple(out / renderers[name].filename for name in formats)
    rendered: dict[str, bytes] = {}
    for name in formats:
        renderer = renderers[name]
        try:
            text = renderer.render(dossier)
        except Exception as e:
            raise PrepflowError(f"renderer '{name}' failed: {type(e).__name__}: {e}") from e
        rendered[renderer.filename] = text.encode("utf-8") if isinstance(text, str) else text
    manifest = written
    changed = False
    for filename, data in rendered.items():
        target = out / filename
        if target.is_dir():
            raise PrepflowError(f"{target}: is a folder; prepflow needs that name for the dossier")
        if not target.exists():
            continue
        current = _digest(target.read_bytes())
        if current == _digest(data):
            continue
        if manifest.get(filename) != current:
            raise PrepflowError(
                f"{target}: exists and was not written by prepflow, or was edited since; "
                "move it away or set [output] dir to another folder (nothing was written)"
            )
    for filename, data in rendered.items():
        target = out / filename
        digest = _digest(data)
        if target.exists() and manifest.get(filename) == digest and _digest(target.read_bytes()) == digest:
            continue
        atomic_write(target, data)
        manifest[filename] = digest
        changed = True
    if changed or any(sources.get(name) != wanted[name] for name in formats):
        sources.update(wanted)
        document = {"files": manifest, "rendered_from": sources}
        atomic_write(manifest_path, json.dumps(document, indent=2, sort_keys=True).encode() + b"\n")
    return tuple(out / filename for filename in rendered)


def read_manifest_files(path: Path) -> dict[str, str]:
    """The files prepflow wrote in an output folder, with their digests."""
    return _read_manifest(path / MANIFEST)[0]


def _read_manifest(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(document, dict):
        return {}, {}
    files = document.get("files")
    sources = document.get("rendered_from")
    if files is None and all(isinstance(v, str) for v in document.values()):
        files = document  # the first format: a flat map of file names to digests
    return (
        dict(files) if isinstance(files, dict) else {},
        dict(sources) if isinstance(sources, dict) else {},
    )


def _intact(path: Path, written: Mapping[str, str]) -> bool:
    """The file is there with the content prepflow wrote."""
    try:
        return _digest(path.read_bytes()) == written.get(path.name)
    except OSError:
        return False
