"""Workflow packs: installed bundles of plan templates, data, branding and step types.

A pack is a distribution with an entry point in the ``prepflow`` group whose
top-level package holds a ``pack.toml``. Finding a pack never imports it:
:func:`pack_manifest_for` locates the package with ``importlib.util.find_spec``
(which does not run it) and everything else (manifest, data, templates,
branding) is read as files. Only a module the manifest declares under
``[steps] module`` is imported, and its step types must start with the pack's
namespace.

A plan activates packs by pinning them (``packs = ["acme-coaching>=1.2"]``);
steps then read merged data with :meth:`prepflow.StepContext.data`: prepflow's
own file of that kind first, then each active pack's files in the plan's order
(see :func:`merge_data` for the rule).
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import importlib
import importlib.util
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from prepflow.errors import Diagnostic, StepError, toml_error
from prepflow.locate import TomlLocator, path_text

if TYPE_CHECKING:
    from prepflow.plugins import Plugins

PACK_FILE = "pack.toml"
KIND = re.compile(r"^[a-z][a-z0-9_]*$")
_MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


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


@functools.cache
def pack_schema() -> dict[str, Any]:
    """The manifest schema, ``schemas/pack.schema.json``."""
    from importlib import resources  # a run's start need not pay for the import

    text = resources.files("prepflow.schemas").joinpath("pack.schema.json").read_text("utf-8")
    return json.loads(text)


# -- finding packs, without importing them ------------------------------------------


def pack_manifest_for(module: str) -> Path | None:
    """The ``pack.toml`` of the top-level package of ``module``, or None (not a pack).

    Uses ``importlib.util.find_spec`` on the top-level name, which locates the
    package without executing it.
    """
    top = module.strip().split(".")[0]
    if not top:
        return None
    return _manifest_in(top)


def _manifest_in(top: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or ()) if spec else ():
        candidate = Path(location) / PACK_FILE
        if candidate.is_file():
            return candidate
    return None


# -- reading a manifest --------------------------------------------------------------


def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return canonicalize_name(name)


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
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return None, [toml_error(where, e)]
    found: list[tuple[tuple[str | int, ...], str, bool]] = []
    from prepflow.schema import problems, short

    for key_path, message, at_key in problems(doc, pack_schema()):
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
    if isinstance(name, str) and dist_name and _canonical(name) != _canonical(dist_name):
        found.append(
            (
                ("pack", "name"),
                f"'{name}' is not the distribution's name '{dist_name}'; make them the same",
                False,
            )
        )
    if isinstance(version, str):
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
        target = (root / value).resolve()
        if not target.is_relative_to(root.resolve()):
            found.append((where_, f"{what} '{value}' is outside the pack's folder", False))
        elif not target.is_file():
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
        if isinstance(template_name, str) and template_file is not None:
            description = item.get("description")
            templates.append(
                Template(template_name, template_file, description if isinstance(description, str) else "")
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
    if isinstance(logo, Path) and logo.suffix.lower() not in _MEDIA_TYPES:
        found.append(
            (("report", "logo"), "a logo must be an image: " + ", ".join(sorted(_MEDIA_TYPES)), False)
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


# -- loading packs into a Plugins ----------------------------------------------------


def load_pack(
    plugins: Plugins,
    manifest: str | os.PathLike[str],
    *,
    dist_name: str | None = None,
    dist_version: str | None = None,
    entry_point: str | None = None,
) -> Pack | None:
    """Check a pack and add it to ``plugins`` (its steps module too, if it declares one).

    Every problem is a failure of ``plugins`` named after the pack, carrying the
    manifest's file:line:column, so the rest of prepflow keeps working.
    """
    path = Path(manifest).resolve()  # data files are read from plans in other folders
    if path.is_dir():
        path = path / PACK_FILE
    pack, found = read_manifest(path, dist_name=dist_name, dist_version=dist_version, entry_point=entry_point)
    label = dist_name or _name_in(path) or path.parent.name
    if pack is None:
        for diagnostic in found:
            plugins._fail(label, str(diagnostic), kind="pack")
        return None
    key = _canonical(pack.name)
    if key in plugins.packs:
        return plugins.packs[key] if plugins.packs[key].manifest == pack.manifest else None
    other = next((p for p in plugins.packs.values() if p.namespace == pack.namespace), None)
    if other is not None:
        plugins._fail(
            pack.name,
            f"{pack.where('pack', 'namespace')}: pack.namespace: '{pack.namespace}' is already the "
            f"namespace of pack '{other.name}'; namespaces must be unique",
            kind="pack",
        )
        return None
    plugins.packs[key] = pack
    if pack.steps_module is not None:
        plugins._pack_steps[pack.name] = (pack.where("steps", "module"), pack.namespace)
        try:
            module = importlib.import_module(pack.steps_module)
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            plugins._fail(pack.name, e)
            return pack
        plugins.register(module, name=pack.name, version=pack.version, source=f"pack ({pack.name})")
    return pack


def _name_in(manifest: Path) -> str | None:
    try:
        doc = tomllib.loads(manifest.read_text("utf-8"))
        name = doc["pack"]["name"]
    except Exception:
        return None
    return name if isinstance(name, str) and name else None


def failures_of(plugins: Plugins, name: str) -> list[str]:
    """The problems reported for pack ``name`` (its manifest, or its steps module)."""
    key = _canonical(name)
    return [f.error for f in plugins.failures if _canonical(f.plugin) == key]


def broken_packs(plugins: Plugins) -> dict[str, list[str]]:
    """Packs that failed to load: name -> problems."""
    out: dict[str, list[str]] = {}
    for failure in plugins.failures:
        if getattr(failure, "kind", "plugin") == "pack" and _canonical(failure.plugin) not in plugins.packs:
            out.setdefault(failure.plugin, []).append(failure.error)
    return out


# -- pins ----------------------------------------------------------------------------


def resolve_pin(pin: str, plugins: Plugins) -> Pack | str:
    """The installed pack that satisfies ``pin`` ("acme-coaching>=1.2"), or a message saying why none does."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(pin)
    except InvalidRequirement:
        return (
            f"'{pin}' is not a pack pin; write a name and an optional version range, "
            'e.g. "acme-coaching" or "acme-coaching>=1.2,<2"'
        )
    if req.extras or req.marker or req.url:
        return f"'{pin}': a pack pin takes a name and a version range only (no extras, markers or URLs)"
    pack = plugins.packs.get(_canonical(req.name))
    install = f"install it with `pip install '{pin}'`"
    if pack is None:
        broken = failures_of(plugins, req.name)
        if broken:
            return f"pack '{req.name}' is installed but failed to load: {broken[0]}"
        return f"no pack '{req.name}' is installed ({_installed(plugins)}); {install}"
    if not req.specifier.contains(pack.version, prereleases=True):
        return (
            f"pack '{pack.name}' {pack.version} is installed, which does not satisfy '{pin}'; "
            f"install a matching version with `pip install '{pin}'`"
        )
    return pack


def _installed(plugins: Plugins) -> str:
    if not plugins.packs:
        return "no packs are installed"
    listing = ", ".join(f"{p.name} {p.version}" for p in sorted(plugins.packs.values(), key=lambda p: p.name))
    return f"installed packs: {listing}"


# -- data ----------------------------------------------------------------------------


def merge_data(base: Any, extra: Any) -> Any:
    """Merge ``extra`` (later, wins) into ``base``; neither is modified.

    - tables merge key by key, recursively; the later value wins;
    - arrays whose items are all tables with an ``id`` merge by id: an item
      with a known id replaces that item in place, new ids are appended;
    - other arrays are extended;
    - anything else (or two values of different kinds): the later value wins.
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge_data(out[key], value) if key in out else copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(extra, list):
        if base and extra and _with_ids(base) and _with_ids(extra):
            merged = list(base)
            index = {item["id"]: i for i, item in enumerate(merged)}
            for item in extra:
                if item["id"] in index:
                    merged[index[item["id"]]] = copy.deepcopy(item)
                else:
                    index[item["id"]] = len(merged)
                    merged.append(copy.deepcopy(item))
            return merged
        return [*base, *copy.deepcopy(extra)]
    return copy.deepcopy(extra)


def _with_ids(items: list[Any]) -> bool:
    return all(isinstance(item, dict) and "id" in item for item in items)


def first_party_data_file(kind: str) -> Path | None:
    """prepflow's own ``<kind>.toml``, if it exists: in the first-party step package that reads it.

    The ``prepflow_plugins`` package keeps each data file beside the step that
    owns it (``prepflow_plugins/questions/questions.toml``), so the file is
    looked up in each of its packages, in name order.
    """
    from importlib import resources  # only when a step reads data: a run's start need not pay for it

    try:
        root = resources.files("prepflow_plugins")
    except ModuleNotFoundError:
        return None
    for folder in sorted(root.iterdir(), key=lambda item: item.name):
        candidate = folder.joinpath(f"{kind}.toml")
        if folder.is_dir() and candidate.is_file():
            return Path(os.fspath(candidate)) if isinstance(candidate, os.PathLike) else None
    return None


_PARSED: dict[str, dict[str, Any]] = {}  # sha256 of a data file -> its parsed content


def _read(file: Path, where: str, read_bytes: Callable[[Path], bytes]) -> dict[str, Any]:
    data = read_bytes(file)
    digest = hashlib.sha256(data).hexdigest()
    doc = _PARSED.get(digest)
    if doc is None:
        try:
            doc = tomllib.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as e:
            raise StepError(f"{where}: not UTF-8 text (byte {e.start})") from None
        except tomllib.TOMLDecodeError as e:
            raise StepError(str(toml_error(where, e))) from None
        if len(_PARSED) >= 256:
            _PARSED.clear()
        _PARSED[digest] = doc
    return copy.deepcopy(doc)


def merged_data(kind: str, packs: Iterable[Pack], read_bytes: Callable[[Path], bytes]) -> dict[str, Any]:
    """The data of ``kind``: prepflow's own file, then each pack's files in order, merged.

    Every file is read with ``read_bytes`` (a step's ``ctx.read_bytes``), so a
    step reruns when any of them changes. A pack file whose top level has
    ``replace = true`` discards everything merged before it.
    """
    if not isinstance(kind, str) or not KIND.match(kind):
        raise ValueError(f"data kind {kind!r} must be lowercase letters, digits and _, e.g. 'questions'")
    result: dict[str, Any] = {}
    own = first_party_data_file(kind)
    if own is not None:
        result = _read(own, shown(own), read_bytes)
    for pack in packs:
        for file in pack.data.get(kind, ()):
            where = f"pack '{pack.name}': {shown(file)}"
            doc = _read(file, where, read_bytes)
            replace = doc.pop("replace", False)
            if not isinstance(replace, bool):
                raise StepError(f"{where}: replace must be true or false, got {replace!r}")
            result = copy.deepcopy(doc) if replace else merge_data(result, doc)
    return result


def with_packs(config_digest: str, packs: Sequence[Pack]) -> str:
    """A step's config digest, folding in the plan's packs and their data files.

    Part of the cache key: pinning another pack, or a pack listing another
    data file, reruns the steps (changed file contents are caught by the
    recorded reads). Without packs the digest is unchanged.
    """
    if not packs:
        return config_digest
    signature = json.dumps(
        [config_digest, [[p.name, {k: [os.fspath(f) for f in v] for k, v in p.data.items()}] for p in packs]],
        sort_keys=True,
    )
    return hashlib.sha256(signature.encode()).hexdigest()


# -- branding -------------------------------------------------------------------------


def branding(packs: Sequence[Pack]) -> dict[str, Any] | None:
    """The active packs' ``[report]`` settings for the dossier (later packs win), or None.

    Files are inlined so renderers need no file access: ``css`` and ``template``
    as text, ``logo`` as a ``data:`` URI (with ``logo_file``, its name).
    """
    out: dict[str, Any] = {}
    for pack in packs:
        if not pack.report:
            continue
        out["pack"] = pack.name
        for key, value in pack.report.items():
            if key == "title":
                out["title"] = value
            elif key == "logo":
                media = _MEDIA_TYPES.get(value.suffix.lower(), "application/octet-stream")
                encoded = base64.b64encode(value.read_bytes()).decode("ascii")
                out["logo"] = f"data:{media};base64,{encoded}"
                out["logo_file"] = value.name
            else:
                out[key] = value.read_text("utf-8")
    return out or None


# -- describing ----------------------------------------------------------------------


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
    """Deeper checks for ``prepflow packs``: every data file parses, every template validates."""
    from prepflow.initplan import check_template

    found: list[str] = []
    for kind, files in sorted(pack.data.items()):
        for i, file in enumerate(files):
            try:
                doc = tomllib.loads(file.read_text("utf-8-sig"))
            except (OSError, UnicodeDecodeError) as e:
                found.append(f"{pack.where('data', kind, i)}: data.{kind}[{i}]: cannot read {file.name}: {e}")
                continue
            except tomllib.TOMLDecodeError as e:
                found.append(str(toml_error(shown(file), e)))
                continue
            if "replace" in doc and not isinstance(doc["replace"], bool):
                line, column = TomlLocator(file.read_text("utf-8-sig")).find(("replace",))
                found.append(f"{shown(file)}:{line}:{column}: replace: must be true or false")
    for template in pack.templates:
        found.extend(str(d) for d in check_template(template.file, plugins))
    return found
