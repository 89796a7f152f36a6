"""Write the dossier: every chosen format, rendered first, then written as one set.

prepflow never overwrites a file it did not write: the output folder keeps a
manifest (``.prepflow-output.json``) of the files it wrote and their digests.
A file that is not in it, or was edited since, stops the write with a clear
message before anything is touched. Unchanged files are not rewritten. The
files are replaced together (:mod:`prepflow.dossierset`): never a new page
beside an old Markdown file.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from prepflow._version import __version__
from prepflow.dossierset import ADVICE, MANIFEST, digest, folder_lock, read_manifest, replace_set, settle
from prepflow.errors import PrepflowError, describe_error
from prepflow.fileio import canonical_json, write_error, writing
from prepflow.model import Plan
from prepflow.plugins import Plugins

__all__ = ["MANIFEST", "build_dossier", "read_manifest_files", "settle_output", "write_dossier"]


def build_dossier(plan: Plan, results: Mapping[str, Any]) -> dict[str, Any]:
    """The whole dossier as JSON-like data: plan, inputs and every step's outputs."""
    return _dossier(plan, results, _outputs)


def dossier_digest(plan: Plan, results: Mapping[str, Any]) -> str:
    """A digest of what the dossier is made of, without reading the steps' outputs.

    The dossier with each output that has a digest (a stored one) standing for it:
    the same digest means the same dossier, and a rerun whose steps are all cached
    tells that its dossier files are up to date without parsing the outputs.
    """
    return digest(canonical_json(_dossier(plan, results, _outputs_by_digest)))


def _outputs(result: Any) -> Any:
    return result.outputs if result.ok else None


def _outputs_by_digest(result: Any) -> Any:
    if not result.ok:
        return None
    # a list, which outputs (a table) never are: no output can be taken for a digest
    return ["sha256", result.outputs_digest] if result.outputs_digest else result.outputs


def _dossier(plan: Plan, results: Mapping[str, Any], outputs: Any) -> dict[str, Any]:
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
            "outputs": outputs(result),
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


def write_dossier(
    plan: Plan, results: Mapping[str, Any], plugins: Plugins, formats: Collection[str]
) -> tuple[Path, ...]:
    """Render and write the dossier; return its files (unchanged ones are not rewritten).

    The files are replaced as one set (see :mod:`prepflow.dossierset`): a
    failure leaves the previous dossier, and a kill a set the next run finishes.
    """
    if not formats:
        return ()
    renderers = plugins.renderers
    missing = [f for f in formats if f not in renderers]
    if missing:
        installed = ", ".join(sorted(renderers)) or "none"
        raise PrepflowError(f"unknown output format {', '.join(missing)} (installed: {installed})")
    out = plan.output_dir
    manifest_path = out / MANIFEST
    document = read_manifest(manifest_path)
    written, sources = document["files"], document["rendered_from"]
    # what each file is rendered from: the dossier and the renderer's plugin version
    made_of = dossier_digest(plan, results)
    wanted = {
        name: digest(f"{made_of}\0{name}\0{plugins.renderer_version(name)}".encode()) for name in formats
    }
    if not document["staged"] and all(
        sources.get(name) == wanted[name] and _intact(out / renderers[name].filename, written)
        for name in formats
    ):  # nothing changed since these files were written: skip rendering altogether
        return tuple(out / renderers[name].filename for name in formats)
    dossier = build_dossier(plan, results)
    rendered: dict[str, bytes] = {}
    failed: list[str] = []  # a renderer that raises costs its own format, never the others
    for name in formats:
        renderer = renderers[name]
        try:
            text = renderer.render(dossier)
        except Exception as e:
            failed.append(f"renderer '{name}' failed: {describe_error(e)}")
            continue
        rendered[renderer.filename] = text.encode("utf-8") if isinstance(text, str) else text
    formats = [name for name in formats if renderers[name].filename in rendered]
    if out.is_file() or (out.is_symlink() and not out.exists()):
        raise PrepflowError(f"{out}: exists and is not a folder; set [output] dir to a folder")
    with writing(out, advice=ADVICE):
        out.mkdir(parents=True, exist_ok=True)
    with folder_lock(out):
        settle(out)  # a set a killed run left half-written is finished before it is compared
        document = read_manifest(manifest_path)
        manifest, sources = dict(document["files"]), document["rendered_from"]
        new: dict[str, bytes] = {}
        for filename, data in rendered.items():
            target = out / filename
            if target.is_dir():
                raise PrepflowError(f"{target}: is a folder; prepflow needs that name for the dossier")
            data_digest = digest(data)
            current = _current(target)
            if current != data_digest:
                if current is not None and manifest.get(filename) != current:
                    raise PrepflowError(
                        f"{target}: exists and was not written by prepflow, or was edited since; "
                        "move it away or set [output] dir to another folder (nothing was written)"
                    )
                new[filename] = data
            manifest[filename] = data_digest
        if new or any(sources.get(name) != wanted[name] for name in formats) or manifest != document["files"]:
            sources.update(wanted)
            replace_set(out, new, manifest, sources)
    if failed:
        written = ", ".join(sorted(rendered)) or "no other file"
        raise PrepflowError("; ".join(failed) + f" ({written} written)")
    return tuple(out / filename for filename in rendered)


def settle_output(plan: Plan) -> None:
    """Finish (or clear) a dossier set a killed run left in the plan's output folder."""
    out = plan.output_dir
    if out.is_dir():
        with folder_lock(out):
            settle(out)


def read_manifest_files(path: Path) -> dict[str, str]:
    """The files prepflow wrote in an output folder, with their digests."""
    files: dict[str, str] = read_manifest(path / MANIFEST)["files"]
    return files


def _current(path: Path) -> str | None:
    """The digest of the file at ``path``; None when there is none."""
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as e:
        raise write_error(e, path, advice=ADVICE) from e


def _intact(path: Path, written: Mapping[str, str]) -> bool:
    """The file is there with the content prepflow wrote."""
    try:
        return digest(path.read_bytes()) == written.get(path.name)
    except OSError:
        return False
