"""Read a plan file and check all of it: every problem, each with file:line:column.

The checks run in one pass and keep going after a problem, so a user sees every
mistake at once: TOML syntax, unknown keys and wrong types (from the schema),
unknown step types, bad ``with`` tables (from each step type's schema), missing
``needs``, cycles, unknown references and missing input files.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from prepflow import planmemo, tomlread
from prepflow.errors import Diagnostic, PlanError, toml_error
from prepflow.globmatch import glob_matches
from prepflow.locate import TomlLocator, path_text
from prepflow.model import Input, Plan, Step
from prepflow.plan_steps import StepChecker
from prepflow.plan_values import Where, jsonable, parse_duration
from prepflow.plugins import Plugins
from prepflow.registrations import CLASH
from prepflow.schema import did_you_mean, envelope_certainly_valid, plan_schema, problems
from prepflow.store import canonical_json
from prepflow.tomlread import parse_toml

__all__ = ["check_plan_text", "load_plan", "parse_duration", "read_plan_text", "validate"]

DEFAULT_OUTPUT_DIR = "out"
DEFAULT_FORMATS = ("html", "md", "json")


class _Problems:
    """Collects problems by key path; locates them only if there are any."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self.items: list[tuple[Where, str, bool]] = []

    def add(self, where: Where, message: str, at_key: bool = False) -> None:
        self.items.append((where, message, at_key))

    def diagnostics(self) -> list[Diagnostic]:
        if not self.items:
            return []
        locator = TomlLocator(self.text)
        out = []
        for where, message, at_key in self.items:
            line, column = locator.find(where, key=at_key)
            out.append(Diagnostic(self.file, message, line, column, path_text(where)))
        return out


def read_plan_text(path: Path, shown: str) -> str:
    """The plan's text, or a one-line PlanError for unreadable or non-text files."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError([Diagnostic(shown, "file not found")]) from None
    except IsADirectoryError:
        raise PlanError([Diagnostic(shown, "is a directory; give the plan's .toml file")]) from None
    except PermissionError:
        raise PlanError([Diagnostic(shown, "permission denied")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        column = len(data[data.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8", "replace")) + 1
        message = f"not UTF-8 text (byte {e.start}); a plan must be a UTF-8 TOML file"
        raise PlanError([Diagnostic(shown, message, line, column)]) from None


def load_plan(
    path: str | os.PathLike[str], plugins: Plugins | None = None, *, shown: str | None = None
) -> Plan:
    """Read and check a plan; raise :class:`PlanError` listing every problem.

    ``plugins`` defaults to the installed plugins; the plan's own ``plugins``
    files are loaded into it. ``shown`` is the file name used in messages.
    """
    path = Path(path)
    shown = shown or os.fspath(path)
    text = read_plan_text(path, shown)
    plugins = plugins if plugins is not None else Plugins()
    plan, found = check_plan_text(text, path, plugins, shown=shown, memo=True)
    if found or plan is None:
        raise PlanError(found)
    return plan


def validate(path: str | os.PathLike[str], plugins: Plugins | None = None) -> list[Diagnostic]:
    """Every problem in the plan at ``path``; an empty list means it is valid."""
    try:
        load_plan(path, plugins)
    except PlanError as e:
        return list(e.diagnostics)
    return []


def check_plan_text(
    text: str,
    path: Path,
    plugins: Plugins,
    *,
    shown: str | None = None,
    refuse_plugins: str | None = None,
    memo: bool = False,
) -> tuple[Plan | None, list[Diagnostic]]:
    """Check plan ``text`` (read from ``path``); the Plan is None when there are problems.

    ``refuse_plugins``: the plan's ``plugins`` files are not loaded, and each
    one is a problem with this message (a pack's template runs no code).
    ``memo``: use the workspace's memo of this text checked with these plugins,
    if a run kept one (:mod:`prepflow.planmemo`), and let the plan carry what a run keeps.
    """
    shown = shown or os.fspath(path)
    if memo and refuse_plugins is None:
        remembered = _from_memo(text, path.resolve(), shown, plugins)
        if remembered is not None:
            return remembered
    try:
        doc = parse_toml(text)
    except tomlread.TOMLDecodeError as e:
        return None, [toml_error(shown, e, text)]
    except RecursionError:
        return None, [_too_deep(text, shown)]
    try:
        return _Checker(doc, text, path.resolve(), shown, plugins, refuse_plugins, memo).run()
    except RecursionError:
        return None, [_too_deep(text, shown)]


def _from_memo(
    text: str, path: Path, shown: str, plugins: Plugins
) -> tuple[Plan | None, list[Diagnostic]] | None:
    """The plan rebuilt from the workspace's memo of this text and these plugins; None: no such memo."""
    saved = planmemo.read(path)
    if saved is None or "plugins" in saved.doc:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if saved.key != planmemo.key(digest, plugins):
        return None
    return _Checker(saved.doc, text, path, shown, plugins).run_remembered(saved, digest)


def _too_deep(text: str, shown: str) -> Diagnostic:
    """Where the deepest nest of arrays and inline tables opens (roughly: strings are not skipped)."""
    depth = deepest = at = start = 0
    for i, c in enumerate(text):
        depth += (c in "[{") - (c in "]}")
        if depth == 1 and c in "[{":
            start = i
        if depth > deepest:
            deepest, at = depth, start
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Diagnostic(shown, "values are nested too deeply; flatten them", line, column)


class _Checker:
    def __init__(
        self,
        doc: dict[str, Any],
        text: str,
        path: Path,
        shown: str,
        plugins: Plugins,
        refuse_plugins: str | None = None,
        memo: bool = False,
    ):
        self.refuse_plugins = refuse_plugins
        self.memo = memo
        self.doc = doc
        self.path = path
        self.base = path.parent
        self.plugins = plugins
        self.problems = _Problems(shown, text)
        self.text = text
        raw_steps = doc.get("steps")
        self.raw_steps: dict[str, Any] = raw_steps if isinstance(raw_steps, dict) else {}
        raw_inputs = doc.get("inputs")
        self.raw_inputs: dict[str, Any] = raw_inputs if isinstance(raw_inputs, dict) else {}

    def run(self) -> tuple[Plan | None, list[Diagnostic]]:
        if not envelope_certainly_valid(self.doc):
            for where, message, at_key in problems(self.doc, plan_schema()):
                self.problems.add(where, message, at_key)
        plugin_files = self._plugin_files()
        packs = self._packs()
        inputs = self._inputs()
        checker = StepChecker(self.raw_steps, self.raw_inputs, self.base, self.plugins, self.problems)
        steps = checker.steps()
        order = checker.order(steps)
        if order:  # contracts between steps, once their needs are known to be sound
            checker.contracts_between(steps)
        formats, output_dir = self._output()
        self._output_not_read(output_dir, formats)
        found = self.problems.diagnostics()
        if found:
            return None, found
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        memo = None
        if self.memo and self.refuse_plugins is None and "plugins" not in self.doc:
            tables = {name: value for name, value in self.doc.items() if name != "steps"}
            memo = (planmemo.key(digest, self.plugins), tables, checker.optioned)
        plan = self._plan(
            inputs, steps, order, output_dir, formats, plugin_files, digest, packs, checker.newly_valid, memo
        )
        return plan, []

    def run_remembered(self, saved: planmemo.Saved, digest: str) -> tuple[Plan | None, list[Diagnostic]]:
        """As :meth:`run`, with the steps a full check of the same text and plugins built (kept in
        ``saved``): only what depends on the file system is checked again."""
        packs = self._packs()
        inputs = self._inputs()
        for where, message in planmemo.unreadable_paths(saved.steps, self.plugins, self.base):
            self.problems.add(where, message)
        formats, output_dir = self._output()
        self._output_not_read(output_dir, formats)
        found = self.problems.diagnostics()
        if found:
            return None, found
        return self._plan(inputs, saved.steps, saved.order, output_dir, formats, (), digest, packs), []

    def _plan(
        self,
        inputs: dict[str, Input],
        steps: dict[str, Step],
        order: tuple[str, ...],
        output_dir: Path,
        formats: tuple[str, ...],
        plugin_files: tuple[Path, ...],
        digest: str,
        packs: tuple[Any, ...],
        checked_configs: list[str] | tuple[str, ...] = (),
        memo: tuple[str, dict[str, Any], list[str]] | None = None,
    ) -> Plan:
        plan_table = self.doc.get("plan", {})
        return Plan(
            path=self.path,
            name=plan_table.get("name") or self.path.stem,
            description=plan_table.get("description", ""),
            inputs=inputs,
            steps=steps,
            order=order,
            output_dir=output_dir,
            formats=formats,
            plugin_files=plugin_files,
            digest=digest,
            packs=packs,
            checked_configs=tuple(checked_configs),
            memo=memo,
        )

    # -- plugins and inputs ----------------------------------------------------

    def _plugin_files(self) -> tuple[Path, ...]:
        files = self.doc.get("plugins")
        if not isinstance(files, list):
            return ()
        loaded = []
        before = len(self.plugins.failures)
        named: dict[str, int] = {}  # plugin name (the file's stem) -> its index in `plugins`
        for i, name in enumerate(files):
            if not isinstance(name, str) or not name:
                continue
            if self.refuse_plugins is not None:
                self.problems.add(("plugins", i), f"'{name}': {self.refuse_plugins}")
                continue
            file = self.base / name
            if not file.is_file():
                from prepflow.filekind import not_regular

                what = not_regular(file)
                self.problems.add(
                    ("plugins", i),
                    f"plugin file '{name}' is {what}, not a Python file"
                    if what
                    else f"plugin file '{name}' not found (paths are relative to the plan)",
                )
                continue
            self.plugins.load_file(file)
            named.setdefault(file.stem, i)
            loaded.append(file)
        if loaded:
            # registering runs each plugin's register hooks: what fails there is the plan's problem too
            self.plugins.step_types  # noqa: B018
        for failure in self.plugins.failures[before:]:
            if failure.plugin in named and CLASH not in failure.error:  # a clash is reported where it is used
                i = named[failure.plugin]
                self.problems.add(("plugins", i), f"plugin file '{files[i]}' failed to load: {failure.error}")
        return tuple(loaded)

    def _packs(self) -> tuple[Any, ...]:
        """The packs the plan pins, in its order (their data merges in that order)."""
        pins = self.doc.get("packs")
        if not isinstance(pins, list):
            return ()
        from prepflow.packs import resolve_pin

        found: list[Any] = []
        for i, pin in enumerate(pins):
            if not isinstance(pin, str) or not pin:
                continue  # the schema reports it
            pack = resolve_pin(pin, self.plugins)
            if isinstance(pack, str):
                self.problems.add(("packs", i), pack)
            elif pack in found:
                self.problems.add(("packs", i), f"pack '{pack.name}' is pinned twice; keep one pin")
            else:
                found.append(pack)
        return tuple(found)

    def _inputs(self) -> dict[str, Input]:
        inputs: dict[str, Input] = {}
        for name, spec in self.raw_inputs.items():
            if not isinstance(spec, dict):
                inputs[name] = Input(name, "value", jsonable(spec))
            elif isinstance(spec.get("file"), str) and spec["file"]:
                inputs[name] = Input(name, "file", self._file(("inputs", name, "file"), spec["file"]))
            elif isinstance(spec.get("files"), list):
                matched: list[str] = []
                for i, pattern in enumerate(spec["files"]):
                    if isinstance(pattern, str) and pattern:
                        matched.extend(self._glob(("inputs", name, "files", i), pattern))
                inputs[name] = Input(name, "files", sorted(dict.fromkeys(matched)))
            elif "value" in spec:
                inputs[name] = Input(name, "value", jsonable(spec["value"]))
            if name in inputs:
                try:
                    canonical_json(inputs[name].value)
                except ValueError:
                    self.problems.add(("inputs", name), "numbers must be finite (no inf or nan)")
        return inputs

    def _file(self, where: Where, name: str) -> str:
        from prepflow.filekind import not_regular

        file = self.base / name
        what = not_regular(file)
        if file.is_dir():
            self.problems.add(where, f"'{name}' is a directory; use files = [\"{name}/*\"] for its files")
        elif what is not None:
            self.problems.add(where, f"'{name}' is {what}, not a regular file; give a file")
        elif not file.is_file():
            self.problems.add(
                where, f"file '{name}' not found (paths are relative to the plan's folder {self.base})"
            )
        return name

    def _glob(self, where: Where, pattern: str) -> list[str]:
        if not any(c in pattern for c in "*?["):  # glob.has_magic, without importing glob
            return [self._file(where, pattern)]
        import glob

        found = sorted(
            os.path.relpath(p, self.base)
            for p in glob.glob(str(self.base / pattern), recursive=True)
            if os.path.isfile(p)
        )
        if not found:
            self.problems.add(where, f"'{pattern}' matches no files (relative to {self.base})")
        return found

    # -- steps -----------------------------------------------------------------

    def _output(self) -> tuple[tuple[str, ...], Path]:
        output = self.doc.get("output")
        output = output if isinstance(output, dict) else {}
        out_dir = output.get("dir")
        output_dir = self.base / (out_dir if isinstance(out_dir, str) and out_dir else DEFAULT_OUTPUT_DIR)
        renderers = self.plugins.renderers
        formats = output.get("formats")
        if not isinstance(formats, list):
            return tuple(f for f in DEFAULT_FORMATS if f in renderers), output_dir
        for i, name in enumerate(formats):
            if isinstance(name, str) and name not in renderers:
                hint = did_you_mean(name, renderers) or (
                    " (installed: " + ", ".join(sorted(renderers)) + ")"
                    if renderers
                    else " (no renderer is installed)"
                )
                self.problems.add(("output", "formats", i), f"unknown format '{name}'{hint}")
        return tuple(f for f in formats if isinstance(f, str)), output_dir

    def _output_not_read(self, output_dir: Path, formats: tuple[str, ...]) -> None:
        """An input that would read the dossier: the second run would read the first one's output."""
        renderers = self.plugins.renderers
        written = [
            os.path.relpath(output_dir / renderers[f].filename, self.base).replace(os.sep, "/")
            for f in formats
            if f in renderers
        ]
        written = [w for w in written if not w.startswith("../")]
        if not written:
            return
        for name, spec in self.raw_inputs.items():
            if not isinstance(spec, dict):
                continue
            patterns: list[tuple[Where, Any]]
            if isinstance(spec.get("file"), str):
                patterns = [(("inputs", name, "file"), spec["file"])]
            elif isinstance(spec.get("files"), list):
                patterns = [(("inputs", name, "files", i), p) for i, p in enumerate(spec["files"])]
            else:
                continue
            for where, pattern in patterns:
                hit = next(
                    (w for w in written if isinstance(pattern, str) and glob_matches(pattern, w)), None
                )
                if hit is not None:
                    self.problems.add(
                        where,
                        f"'{pattern}' matches the dossier's file '{hit}' (the output folder, [output] dir, "
                        "is inside it): each run would read the last one's dossier; narrow the pattern "
                        "or set [output] dir to a folder outside it",
                    )
