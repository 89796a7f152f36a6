"""The dossier's files in the output folder, replaced as one set: all new, or all as they were.

The output folder keeps a manifest (``.prepflow-output.json``) of the files
prepflow wrote there and their digests. Replacing the set is a transaction
whose commit point is the manifest:

1. each new file is written beside its target as ``.NAME.prepflow-new``;
   a failure (a full disk, a read-only folder) removes them, and nothing changed;
2. the manifest is replaced by one naming the new digests and the staged
   files (``"staged"``): from this moment the new set is the dossier;
3. each staged file is renamed over its target, then the manifest is
   written again without ``"staged"``.

A run killed at any point leaves either the old set or a committed one that
:func:`settle` (called by the next run, before it reads the folder) finishes:
it renames the staged files still there, and deletes staged files that were
never committed and the temporary files of a killed :func:`atomic_write`.
Writers of one folder take turns on an advisory lock on the folder itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prepflow.errors import PrepflowError
from prepflow.fileio import TMP_SUFFIX, WriteError, atomic_write, write_error, writing
from prepflow.lazyre import LazyPattern

MANIFEST = ".prepflow-output.json"
STAGED = ".prepflow-new"
"""The suffix of a new dossier file waiting beside its target: ``.dossier.html.prepflow-new``."""
ADVICE = "set [output] dir in the plan to a folder you can write, or make this one writable"

_LEFTOVER = LazyPattern(rf"^\.(?P<name>.+)(?:{re.escape(STAGED)}|\.\d+-\d+{re.escape(TMP_SUFFIX)})$")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def staged_path(out: Path, filename: str) -> Path:
    """Where the new ``filename`` waits: beside its target, hidden."""
    target = out / filename
    return target.parent / f".{target.name}{STAGED}"


def _inside(filename: str) -> bool:
    """A file name of the folder's own (a manifest's names are not trusted to stay inside it)."""
    return bool(filename) and not os.path.isabs(filename) and ".." not in Path(filename).parts


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest document: ``files`` and ``rendered_from`` (dicts), maybe ``staged`` (a list)."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {"files": {}, "rendered_from": {}, "staged": []}
    if not isinstance(document, dict):
        return {"files": {}, "rendered_from": {}, "staged": []}
    files = document.get("files")
    sources = document.get("rendered_from")
    if files is None and all(isinstance(v, str) for v in document.values()):
        files = document  # the first format: a flat map of file names to digests
    staged = document.get("staged")
    return {
        "files": dict(files) if isinstance(files, dict) else {},
        "rendered_from": dict(sources) if isinstance(sources, dict) else {},
        "staged": [s for s in staged if isinstance(s, str) and _inside(s)]
        if isinstance(staged, list)
        else [],
    }


def _manifest_bytes(files: Mapping[str, str], sources: Mapping[str, str], staged: list[str]) -> bytes:
    document: dict[str, Any] = {"files": dict(files), "rendered_from": dict(sources)}
    if staged:
        document["staged"] = staged
    return json.dumps(document, indent=2, sort_keys=True).encode() + b"\n"


@contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for this process (an advisory lock on the folder; none if it is missing)."""
    try:
        fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield
        return
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)  # the other writer's dossier takes a moment: wait for it
        yield
    finally:
        os.close(fd)  # drops the lock


def settle(out: Path) -> None:
    """Finish a committed set a killed run left half-renamed; delete uncommitted and temporary files.

    Call it holding :func:`folder_lock`. Cheap when there is nothing to do: one
    read of the manifest and one listing of the folder.
    """
    try:
        names = [entry.name for entry in os.scandir(out) if entry.name.startswith(".")]
    except OSError:
        return
    manifest_path = out / MANIFEST
    document = read_manifest(manifest_path)
    staged = document["staged"]
    finished = set()
    for filename in staged:
        source = staged_path(out, filename)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            continue  # renamed already
        except OSError as e:
            raise write_error(e, out / filename, advice=ADVICE) from e
        if digest(data) == document["files"].get(filename):
            try:
                os.replace(source, out / filename)
            except OSError as e:
                raise write_error(e, out / filename, advice=ADVICE) from e
            finished.add(source.name)
    if staged:
        atomic_write(manifest_path, _manifest_bytes(document["files"], document["rendered_from"], []))
    for name in names:
        if name in finished or name == MANIFEST:
            continue
        match = _LEFTOVER.match(name)
        if match and (
            name.endswith(STAGED) or match["name"] == MANIFEST or match["name"] in document["files"]
        ):
            try:
                os.unlink(out / name)
            except OSError:
                continue


def replace_set(
    out: Path,
    new: Mapping[str, bytes],
    files: Mapping[str, str],
    sources: Mapping[str, str],
) -> None:
    """Make ``new`` (file name -> content) the folder's files, with the manifest's ``files`` and ``sources``.

    ``files`` already holds the new files' digests. Any failure before the
    commit leaves the folder as it was (a :class:`WriteError` saying so);
    after it, :func:`settle` finishes the set.
    """
    manifest_path = out / MANIFEST
    staged: list[str] = []
    try:
        for filename, data in new.items():
            # written in place: a staged file counts only once the manifest names it, after this
            staged.append(filename)
            with writing(out / filename, advice=ADVICE):
                if "/" in filename:  # a renderer's file in a subfolder
                    (out / filename).parent.mkdir(parents=True, exist_ok=True)
                with open(staged_path(out, filename), "wb") as f:
                    f.write(data)
        atomic_write(manifest_path, _manifest_bytes(files, sources, staged), made_dir=True, advice=ADVICE)
    except WriteError as e:
        for filename in staged:
            try:
                os.unlink(staged_path(out, filename))
            except OSError:
                pass
        raise WriteError(f"{e} (the dossier was not changed)", e.path, e.reason, e.errno) from e.__cause__
    # committed: from here a failure leaves a set the next run finishes
    for filename in staged:
        try:
            os.replace(staged_path(out, filename), out / filename)
        except OSError as e:
            raise PrepflowError(
                f"{write_error(e, out / filename, advice=ADVICE)} (the next run finishes writing the dossier)"
            ) from e
    if staged:
        atomic_write(manifest_path, _manifest_bytes(files, sources, []), made_dir=True, advice=ADVICE)
