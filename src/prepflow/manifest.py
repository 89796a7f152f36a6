"""Finding a pack's ``pack.toml`` without importing it, and reading and checking it.

A pack is a distribution with an entry point in the ``prepflow`` group whose
top-level package holds a ``pack.toml``. Finding a pack never imports it:
:func:`pack_manifest_for` locates the package with ``importlib.util.find_spec``
(which does not run it) and everything else (manifest, data, templates,
branding) is read as files.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prepflow import tomlread
from prepflow.datakind import KIND
from prepflow.errors import Diagnostic, toml_error
from prepflow.lazyre import LazyPattern
from prepflow.locate import TomlLocator, path_text
from prepflow.pack import MEDIA_TYPES, PACK_FILE, Pack, Template, canonical, shown
from prepflow.tomlread import parse_toml

_PLAIN_VERSION = LazyPattern(r"^[0-9]+(\.[0-9]+)*$")
_PACK_NAME = LazyPattern(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
_TEMPLATE_NAME = LazyPattern(r"^[a-z][a-z0-9_-]*$")
_MODULE = LazyPattern(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_STUB_TARGET = LazyPattern(r"^[^/\\][^\\]*$")
_UP = LazyPattern(r"(^|/)\.\.(/|$)")


def _text(value: Any, pattern: LazyPattern | None = None) -> bool:
    return isinstance(value, str) and value != "" and (pattern is None or bool(pattern.match(value)))


def certainly_valid(doc: Any) -> bool:
    """True only when ``doc`` passes ``pack.schema.json``; False means: ask jsonschema.

    Reading a manifest happens on every command for every installed pack (the
    built-in one included), and jsonschema costs tens of milliseconds to load:
    this conservative check of the usual manifest spares it. A property test
    keeps the two in agreement.
    """
    if not isinstance(doc, dict) or not doc.keys() <= {"pack", "templates", "data", "report", "steps"}:
        return False
    pack = doc.get("pack")
    if not isinstance(pack, dict) or not pack.keys() <= {"name", "namespace", "version", "description"}:
        return False
    if not (_text(pack.get("name"), _PACK_NAME) and _text(pack.get("namespace"), KIND)):
        return False
    if not _text(pack.get("version")) or not isinstance(pack.get("description", ""), str):
        return False
    for item in doc.get("templates", []) if isinstance(doc.get("templates", []), list) else [None]:
        if not isinstance(item, dict) or not item.keys() <= {"name", "file", "description", "stubs"}:
            return False
        if not (_text(item.get("name"), _TEMPLATE_NAME) and _text(item.get("file"))):
            return False
        stubs = item.get("stubs", {})
        if not isinstance(item.get("description", ""), str) or not isinstance(stubs, dict):
            return False
        if not all(_text(k, _STUB_TARGET) and not _UP.search(k) and _text(v) for k, v in stubs.items()):
            return False
    data = doc.get("data", {})
    if not isinstance(data, dict):
        return False
    for kind, files in data.items():
        if not (KIND.match(kind) and isinstance(files, list) and files and all(map(_text, files))):
            return False
    report = doc.get("report", {})
    if not isinstance(report, dict) or not report.keys() <= {"title", "css", "logo", "template"}:
        return False
    if not all(map(_text, report.values())):
        return False
    steps = doc.get("steps", {"module": "m"})
    return isinstance(steps, dict) and steps.keys() == {"module"} and _text(steps["module"], _MODULE)


@functools.cache
def pack_schema() -> dict[str, Any]:
    """The manifest schema, ``schemas/pack.schema.json``."""
    from importlib import resources  # only for a manifest the quick check doubts: it costs a run's start

    text = resources.files("prepflow.schemas").joinpath("pack.schema.json").read_text("utf-8")
    return json.loads(text)


def pack_manifest_for(module: str) -> Path | None:
    """The ``pack.toml`` of the package ``module`` names, or of its top-level package; None: not a pack.

    ``importlib.util.find_spec`` locates the top-level package without
    executing it; a dotted name (``"acme.pack"``) is then followed as folders
    inside it, so no package's ``__init__`` ever runs.
    """
    parts = module.strip().split(".")
    if not parts[0]:
        return None
    try:
        spec = importlib.util.find_spec(parts[0])
    except (ImportError, ValueError):
        return None
    locations = [Path(location) for location in (spec.submodule_search_locations or ())] if spec else []
    for folder in [*(location.joinpath(*parts[1:]) for location in locations if parts[1:]), *locations]:
        candidate = folder / PACK_FILE
        if candidate.is_file():
            return candidate
    return None


def read_manifest(
    manifest: str | os.PathLike[str],
    *,
    dist_name: str | None = None,
    dist_version: str | None = None,
    entry_point: str | None = None,
) -> tuple[Pack | None, list[Diagnostic]]:
    """Read and check a ``pack.toml``: the Pack, or None and every problem, located.

    ``dist_name`` and ``dist_version`` are the installed distribution's, when
    there is one: the manifest must agree with them.
    """
    path = Path(manifest)
    where = shown(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        return None, [Diagnostic(where, f"cannot read the manifest: {e.strerror or e}")]
    except UnicodeDecodeError as e:
        return None, [Diagnostic(where, f"not UTF-8 text (byte {e.start})")]
    try:
        doc = parse_toml(text)
    except tomlread.TOMLDecodeError as e:
        return None, [toml_error(where, e, text)]
    found: list[tuple[tuple[str | int, ...], str, bool]] = []
    from prepflow.schema import problems, short

    for key_path, message, at_key in [] if certainly_valid(doc) else problems(doc, pack_schema()):
        if key_path == ("data",) and "does not match" in message:
            continue  # a bad kind name: reported at its key below
        hint = _PATTERN_HINTS.get(tuple(p for p in key_path if not isinstance(p, int)))
        if hint and "does not match" in message:
            message = f"{short(_at(doc, key_path))} {hint}"
        found.append((key_path, message, at_key))
    raw_kinds = doc.get("data")
    for kind in raw_kinds if isinstance(raw_kinds, dict) else {}:
        if not KIND.match(kind):
            found.append(
                (
                    ("data", kind),
                    f"data kind '{kind}' must be lowercase letters, digits and _, e.g. questions",
                    True,
                )
            )
    root = path.parent
    pack_table = doc.get("pack")
    if not isinstance(pack_table, dict):
        pack_table = {}
    name = pack_table.get("name")
    version = pack_table.get("version")
    if isinstance(name, str) and dist_name and canonical(name) != canonical(dist_name):
        found.append(
            (
                ("pack", "name"),
                f"'{name}' is not the distribution's name '{dist_name}'; make them the same",
                False,
            )
        )
    if isinstance(version, str) and not (version == dist_version and _PLAIN_VERSION.match(version)):
        # (a plain version equal to the distribution's, the usual case, needs no parsing)
        from packaging.version import InvalidVersion, Version

        try:
            parsed = Version(version)
        except InvalidVersion:
            found.append(
                (("pack", "version"), f"'{version}' is not a version (PEP 440), e.g. \"1.2.0\"", False)
            )
        else:
            if dist_version and _same_version(parsed, dist_version) is False:
                found.append(
                    (
                        ("pack", "version"),
                        f"'{version}' is not the installed distribution's version '{dist_version}'; "
                        "make them the same",
                        False,
                    )
                )

    def file(where_: tuple[str | int, ...], value: Any, what: str) -> Path | None:
        if not isinstance(value, str) or not value:
            return None
        inside = not os.path.isabs(value) and ".." not in Path(value).parts  # no need to resolve it
        if not inside and not (root / value).resolve().is_relative_to(root.resolve()):
            found.append((where_, f"{what} '{value}' is outside the pack's folder", False))
        elif not (root / value).is_file():
            found.append((where_, f"{what} '{value}' not found (paths are relative to {PACK_FILE})", False))
        return root / value

    templates: list[Template] = []
    raw_templates = doc.get("templates")
    for i, item in enumerate(raw_templates if isinstance(raw_templates, list) else []):
        if not isinstance(item, dict):
            continue
        template_file = file(("templates", i, "file"), item.get("file"), "template file")
        template_name = item.get("name")
        if isinstance(template_name, str) and any(t.name == template_name for t in templates):
            found.append((("templates", i, "name"), f"template '{template_name}' is listed twice", False))
        raw_stubs = item.get("stubs")
        stubs: dict[str, Path] = {}
        for target, source in (raw_stubs if isinstance(raw_stubs, dict) else {}).items():
            stub = file(("templates", i, "stubs", target), source, f"stub of '{target}'")
            if stub is not None:
                stubs[target] = stub
        if isinstance(template_name, str) and template_file is not None:
            description = item.get("description")
            templates.append(
                Template(
                    template_name,
                    template_file,
                    description if isinstance(description, str) else "",
                    stubs,
                )
            )
    data: dict[str, tuple[Path, ...]] = {}
    raw_data = doc.get("data")
    for kind, files in (raw_data if isinstance(raw_data, dict) else {}).items():
        if not isinstance(files, list):
            continue
        paths = [file(("data", kind, i), f, f"data file of kind '{kind}'") for i, f in enumerate(files)]
        data[kind] = tuple(p for p in paths if p is not None)
    report: dict[str, Any] = {}
    raw_report = doc.get("report")
    for key, value in (raw_report if isinstance(raw_report, dict) else {}).items():
        if key == "title":
            report[key] = value
        elif key in ("css", "logo", "template"):
            report[key] = file(("report", key), value, f"report {key}")
    logo = report.get("logo")
    if isinstance(logo, Path) and logo.suffix.lower() not in MEDIA_TYPES:
        found.append(
            (("report", "logo"), "a logo must be an image: " + ", ".join(sorted(MEDIA_TYPES)), False)
        )
    steps = doc.get("steps")
    module = steps.get("module") if isinstance(steps, dict) else None
    if found:
        locator = TomlLocator(text)
        out = []
        for key_path, message, at_key in found:
            line, column = locator.find(key_path, key=at_key)
            out.append(Diagnostic(where, message, line, column, path_text(key_path)))
        return None, out
    # the schema requires both, as strings: with no problem found, they are
    assert isinstance(name, str) and isinstance(version, str)
    return (
        Pack(
            name=dist_name or name,
            namespace=pack_table["namespace"],
            version=version,
            description=pack_table.get("description", ""),
            manifest=path,
            templates=tuple(templates),
            data=data,
            report=report,
            steps_module=module if isinstance(module, str) else None,
            entry_point=entry_point,
            text=text,
        ),
        [],
    )


_PATTERN_HINTS: dict[tuple[str | int, ...], str] = {
    ("pack", "name"): "is not a distribution name: letters, digits, '.', '_' and '-'",
    (
        "pack",
        "namespace",
    ): "is not a namespace: lowercase letters, digits and _, starting with a letter (e.g. acme)",
    ("templates", "name"): "is not a template name: lowercase letters, digits, _ and -",
    ("steps", "module"): "is not a module name: dotted Python names, e.g. acme_pack.steps",
}


def _at(doc: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        try:
            doc = doc[part]
        except (KeyError, IndexError, TypeError):
            return None
    return doc


def _same_version(version: Any, other: str) -> bool | None:
    from packaging.version import InvalidVersion, Version

    try:
        return version == Version(other)
    except InvalidVersion:
        return None


def name_in(manifest: Path) -> str | None:
    try:
        doc = parse_toml(manifest.read_text("utf-8"))
        name = doc["pack"]["name"]
    except Exception:
        return None
    return name if isinstance(name, str) and name else None
