"""Find, load and query plugins.

Plugins come from the ``prepflow`` entry-point group (the first-party ones
too) and from local files (``--plugin path.py`` or ``plugins = [...]`` in a
plan). Each plugin is loaded and asked to register on its own, so one broken
plugin is reported as a one-line failure and the others keep working.

A plugin's version is part of the cache key of its steps: for an installed
plugin, its distribution's version (plus a digest of its package's Python files
when installed in editable mode, ``pip install -e``); for a local file, the
file's digest. Editing a plugin under development therefore reruns its steps.

Environment:
    PREPFLOW_LOAD_PLUGINS=a,b     load only these entry-point plugins ("" loads none)
    PREPFLOW_DISABLE_PLUGINS=a,b  never load these
    PREPFLOW_STRICT_PLUGINS=1     raise on the first plugin failure instead of warning
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

from prepflow import hookspecs
from prepflow._record import Record, _fill
from prepflow.datakind import DataKind
from prepflow.distributions import Distributions
from prepflow.errors import PluginError, describe_error
from prepflow.hooks import Hooks
from prepflow.registrations import collect
from prepflow.renderer import Renderer
from prepflow.sections import Section
from prepflow.steptype import StepType

if TYPE_CHECKING:
    from prepflow.pack import Pack

ENTRY_POINT_GROUP = "prepflow"


class PluginFailure(Record):
    """A plugin that could not be loaded or could not register."""

    _fields = __slots__ = ("plugin", "error", "kind")
    plugin: str
    error: str
    kind: str
    """"plugin", or "pack" for a workflow pack (its manifest, data or steps module)."""

    def __init__(self, plugin: str, error: str, kind: str = "plugin"):
        _fill(self, locals())

    def __str__(self) -> str:
        return f"{self.kind} '{self.plugin}' failed to load: {self.error}"


class PluginInfo(Record):
    """What ``prepflow plugins`` shows about one plugin."""

    _fields = __slots__ = ("name", "version", "source", "hooks", "step_types", "renderers", "errors")
    name: str
    version: str
    source: str
    hooks: tuple[str, ...]
    step_types: tuple[str, ...]
    renderers: tuple[str, ...]
    errors: tuple[str, ...]

    def __init__(
        self,
        name: str,
        version: str,
        source: str,
        hooks: tuple[str, ...],
        step_types: tuple[str, ...],
        renderers: tuple[str, ...],
        errors: tuple[str, ...],
    ):
        _fill(self, locals())


def _names(value: str | None) -> set[str] | None:
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


class Plugins:
    """The loaded plugins and everything they registered.

    ``files`` are local plugin files; ``entry_points=False`` skips installed
    plugins (useful in tests). ``environ`` defaults to ``os.environ``.
    """

    def __init__(
        self,
        files: Iterable[str | os.PathLike[str]] = (),
        *,
        entry_points: bool = True,
        environ: Mapping[str, str] | None = None,
    ):
        env = os.environ if environ is None else environ
        self.strict = env.get("PREPFLOW_STRICT_PLUGINS", "") not in ("", "0")
        self._only = _names(env.get("PREPFLOW_LOAD_PLUGINS"))
        self._disabled = _names(env.get("PREPFLOW_DISABLE_PLUGINS")) or set()
        self._pm = pluggy.PluginManager("prepflow")
        self._pm.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self._meta: dict[str, tuple[str, str]] = {}  # name -> (version, source)
        self._registered: dict[str, Any] | None = None
        self._files: dict[Path, str] = {}  # local plugin files loaded: resolved path -> digest
        self.packs: dict[str, Pack] = {}
        """Workflow packs that loaded, by canonical distribution name (see prepflow.pack)."""
        self._pack_steps: dict[str, tuple[str, str]] = {}  # pack -> (manifest file:line, namespace)
        if entry_points:
            self._load_entry_points()
        for file in files:
            self.load_file(file)

    # -- loading --------------------------------------------------------------

    def _fail(self, plugin: str, error: BaseException | str, *, kind: str = "plugin") -> None:
        message = error if isinstance(error, str) else describe_error(error)
        if plugin in self._pack_steps:  # a pack's steps module: point at its manifest
            message, kind = f"{self._pack_steps[plugin][0]}: {message}", "pack"
        failure = PluginFailure(plugin, message, kind)
        if self.strict:
            raise PluginError(str(failure)) from (error if isinstance(error, BaseException) else None)
        if failure not in self.failures:  # registering again (after a plan's files load) fails again
            self.failures.append(failure)

    def _load_entry_points(self) -> None:
        from prepflow.entrypoints import entry_points
        from prepflow.manifest import pack_manifest_for

        dists = Distributions()
        seen: set[str] = set()
        chosen = []
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = dists.about(ep)[0]
            names = {ep.name, dist}
            if self._only is not None and not names & self._only:
                continue
            if names & self._disabled or ep.name in seen:
                continue
            seen.add(ep.name)
            chosen.append((ep, pack_manifest_for(ep.module)))  # finding a pack never imports it
        # packs first: on a step-type clash the plugin registered last wins, and the first is named
        for ep, manifest in chosen:
            if manifest is not None:
                dist_name, dist_version = dists.about(ep) if ep.dist else (None, None)
                self.load_pack(manifest, dist_name=dist_name, dist_version=dist_version, entry_point=ep.name)
        for ep, manifest in chosen:
            if manifest is not None:
                continue
            try:
                module = ep.load()
                version = dists.version_of(ep, module)
            except BaseException as e:
                if isinstance(e, KeyboardInterrupt):
                    raise
                self._fail(ep.name, e)
                continue
            self.register(module, name=ep.name, version=version, source=f"entry point ({dists.about(ep)[0]})")

    def load_pack(
        self,
        path: str | os.PathLike[str],
        *,
        dist_name: str | None = None,
        dist_version: str | None = None,
        entry_point: str | None = None,
    ) -> Pack | None:
        """Check the workflow pack whose ``pack.toml`` is ``path`` (or in folder ``path``) and add it.

        Installed packs are found by themselves; this is for tests and pack
        authors. ``dist_name`` and ``dist_version`` are the installed
        distribution's, which the manifest must agree with. Every problem is a
        failure named after the pack, carrying the manifest's file:line:column,
        so the rest of prepflow keeps working.
        """
        from prepflow.manifest import name_in, read_manifest
        from prepflow.pack import PACK_FILE

        file = Path(path).resolve()  # data files are read from plans in other folders
        if file.is_dir():
            file = file / PACK_FILE
        pack, found = read_manifest(
            file, dist_name=dist_name, dist_version=dist_version, entry_point=entry_point
        )
        if pack is None:
            label = dist_name or name_in(file) or file.parent.name
            for diagnostic in found:
                self._fail(label, str(diagnostic), kind="pack")
            return None
        return self.add_pack(pack)

    def add_pack(self, pack: Pack) -> Pack | None:
        """Add a pack whose manifest passed its checks, and import its steps module if it declares one.

        Returns the pack, or None when another pack already has its namespace (a
        failure). Adding the same pack twice returns the one added first.
        """
        from prepflow.pack import canonical, shown

        key = canonical(pack.name)
        if key in self.packs:
            first = self.packs[key]
            if first.manifest == pack.manifest:
                return first
            self._fail(
                pack.name,
                f"{pack.where('pack', 'name')}: pack.name: '{pack.name}' is also the name of the pack "
                f"of {shown(first.manifest)}, which was loaded; this one was not "
                "(a distribution ships one pack)",
                kind="pack",
            )
            return None
        other = next((p for p in self.packs.values() if p.namespace == pack.namespace), None)
        if other is not None:
            self._fail(
                pack.name,
                f"{pack.where('pack', 'namespace')}: pack.namespace: '{pack.namespace}' is already the "
                f"namespace of pack '{other.name}'; namespaces must be unique",
                kind="pack",
            )
            return None
        self.packs[key] = pack
        if pack.steps_module is None:
            return pack
        self._pack_steps[pack.name] = (pack.where("steps", "module"), pack.namespace)
        try:
            module = importlib.import_module(pack.steps_module)
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            self._fail(pack.name, e)
            return pack
        self.register(module, name=pack.name, version=pack.version, source=f"pack ({pack.name})")
        return pack

    def load_file(self, path: str | os.PathLike[str]) -> None:
        """Load a plugin from a Python file; its name is the file's stem."""
        file = Path(path)
        name = file.stem
        if name in self._disabled:
            return
        try:
            from prepflow.filekind import not_regular

            what = not_regular(file)
            if what is not None:
                self._fail(name, f"{file}: is {what}, not a Python file")
                return
            data = file.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:12]
            if self._files.get(file.resolve()) == digest:
                return  # given twice (--plugin and the plan's `plugins`), or a plan loaded again
            module_name = f"prepflow_local_{name}_{digest}"
            spec = importlib.util.spec_from_file_location(module_name, file)
            if spec is None or spec.loader is None:
                raise PluginError(f"{file} is not a Python file")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        except FileNotFoundError:
            self._fail(name, f"{file}: file not found")
            return
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            self._fail(name, e)
            return
        self._files[file.resolve()] = digest
        self.register(module, name=name, version=digest, source=f"file ({file})")

    def register(
        self, plugin: ModuleType | object, *, name: str, version: str = "", source: str = "code"
    ) -> None:
        """Register a plugin object (a module or any object with hookimpls)."""
        try:
            self._pm.register(plugin, name=name)
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            self._fail(name, e)
            return
        self._meta[name] = (version or "unknown", source)
        self._registered = None

    # -- what plugins registered ---------------------------------------------

    def _collect(self) -> dict[str, Any]:
        if self._registered is None:
            self._registered = collect(self._pm, self._pack_steps, self._fail)
        return self._registered

    @property
    def step_types(self) -> Mapping[str, StepType]:
        """Every registered step type, by name."""
        return self._collect()["register_step_types"][0]

    @property
    def renderers(self) -> Mapping[str, Renderer]:
        """Every registered dossier renderer, by name."""
        return self._collect()["register_renderers"][0]

    @property
    def dossier_sections(self) -> tuple[Section, ...]:
        """Every registered dossier section, in the order the dossier shows them."""
        return self._collect()["sections"]

    @property
    def data_kinds(self) -> Mapping[str, DataKind]:
        """Every registered kind of pack data, by name."""
        return self._collect()["register_data_kinds"][0]

    def owners(self, step_type: str) -> Sequence[str]:
        """The plugins that registered ``step_type`` (more than one is a clash)."""
        return self._collect()["register_step_types"][1].get(step_type, [])

    def code_version(self, step_type: StepType) -> str:
        """The step type's version and its plugin's ("1@0.3.0"; a local file's is its digest).

        Part of the cache key, so that editing a local plugin file, or upgrading
        an installed one, reruns its steps even when the author forgot to bump
        the step type's version.
        """
        owners = self.owners(step_type.name)
        plugin_version = self._meta.get(owners[0], ("", ""))[0] if owners else ""
        return f"{step_type.version}@{plugin_version}"

    def renderer_version(self, name: str) -> str:
        """The version of the plugin that registered renderer ``name``."""
        registered = self._collect()
        owners = registered["register_renderers"][1].get(name, [])
        version = self._meta.get(owners[0], ("", ""))[0] if owners else ""
        renderer = registered["register_renderers"][0].get(name)
        if renderer is not None and isinstance(renderer.render, functools.partial):
            # what it lays out depends on the sections too: their plugins' versions are part of it
            shown = sorted(
                {self._meta.get(s.plugin, ("", ""))[0] + "@" + s.plugin for s in registered["sections"]}
            )
            version += "+" + hashlib.sha256("\0".join(shown).encode()).hexdigest()[:12]
        return version

    def clashes(self) -> Mapping[str, Sequence[str]]:
        """Names registered by more than one plugin, with the plugins."""
        return self._collect()["clashes"]

    @property
    def hook(self) -> Any:
        """The lifecycle hooks, for the engine to call (pluggy's relay; :attr:`hooks` is typed)."""
        return self._pm.hook

    @property
    def hooks(self) -> Hooks:
        """Every hook as a typed method (see :class:`prepflow.hooks.Hooks`)."""
        return Hooks(self._pm)

    def versions(self) -> dict[str, str]:
        """Plugin name -> version, recorded with every run."""
        return {name: meta[0] for name, meta in sorted(self._meta.items())}

    def info(self) -> list[PluginInfo]:
        """A description of every plugin, loaded or failed."""
        registered = self._collect()
        errors: dict[str, list[str]] = {}
        for failure in self.failures:
            errors.setdefault(failure.plugin, []).append(failure.error)
        step_owners = registered["register_step_types"][1]
        renderer_owners = registered["register_renderers"][1]
        out = []
        for name in sorted(set(self._meta) | set(errors)):
            plugin = self._pm.get_plugin(name)
            hooks = sorted(h.name for h in self._pm.get_hookcallers(plugin) or []) if plugin else []
            version, source = self._meta.get(name, ("unknown", "failed"))
            out.append(
                PluginInfo(
                    name=name,
                    version=version,
                    source=source,
                    hooks=tuple(hooks),
                    step_types=tuple(sorted(t for t, o in step_owners.items() if name in o)),
                    renderers=tuple(sorted(r for r, o in renderer_owners.items() if name in o)),
                    errors=tuple(errors.get(name, ())),
                )
            )
        return out
