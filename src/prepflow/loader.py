"""Read a plan file and check all of it: every problem, each with file:line:column.

The checks run in one pass and keep going after a problem, so a user sees every
mistake at once: TOML syntax, unknown keys and wrong types (from the schema),
unknown step types, bad ``with`` tables (from each step type's schema), missing
``needs``, cycles, unknown references and missing input files.
"""

from __future__ import annotations

import copy
import datetime as dt
import glob
import hashlib
import math
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from prepflow import graph
from prepflow.errors import Diagnostic, PlanError, toml_error
from prepflow.expressions import Condition, ExpressionError, iter_refs, parse_ref, ref_text
from prepflow.locate import TomlLocator, path_text
from prepflow.model import Input, Plan, Step
from prepflow.plugins import Plugins
from prepflow.schema import (
    check_schema,
    did_you_mean,
    envelope_certainly_valid,
    plan_schema,
    problems,
)
from prepflow.steptype import StepType
from prepflow.store import canonical_json, known_valid_configs

DEFAULT_OUTPUT_DIR = "out"
DEFAULT_FORMATS = ("html", "md", "json")
_DURATION = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}

Where = tuple[str | int, ...]

_COMMON_KEYS = frozenset({"uses", "with", "needs"})


class _Options(NamedTuple):
    """A step's optional fields, in :class:`~prepflow.model.Step`'s field order (after ``needs``)."""

    condition: Condition | None = None
    retries: int = 0
    retry_delay: float = 1.0
    timeout: float | None = None
    continue_on_error: bool = False
    name: str | None = None


_NO_OPTIONS = _Options()


def parse_duration(value: float | int | str) -> float:
    """Seconds from a number or a duration such as ``"90s"`` or ``"5m"``."""
    if isinstance(value, int | float):
        return float(value)
    m = _DURATION.match(value)
    if not m:
        raise ValueError(f"not a duration: {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


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
    plan, found = check_plan_text(text, path, plugins, shown=shown)
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


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML with rtoml (compiled, ~8x faster) and fall back to the standard tomllib.

    tomllib stays the reference: whenever rtoml rejects a document, tomllib
    parses it again, so its result or its error message (with line and column)
    is what users get.
    """
    try:
        import rtoml
    except ImportError:
        return tomllib.loads(text)
    try:
        return rtoml.loads(text)
    except Exception:
        return tomllib.loads(text)


def check_plan_text(
    text: str, path: Path, plugins: Plugins, *, shown: str | None = None
) -> tuple[Plan | None, list[Diagnostic]]:
    """Check plan ``text`` (read from ``path``); the Plan is None when there are problems."""
    shown = shown or os.fspath(path)
    try:
        doc = parse_toml(text)
    except tomllib.TOMLDecodeError as e:
        return None, [toml_error(shown, e)]
    except RecursionError:
        return None, [_too_deep(text, shown)]
    try:
        return _Checker(doc, text, path.resolve(), shown, plugins).run()
    except RecursionError:
        return None, [_too_deep(text, shown)]


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
    def __init__(self, doc: dict[str, Any], text: str, path: Path, shown: str, plugins: Plugins):
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
        self.known_valid: frozenset[str] | None = None
        self.newly_valid: list[str] = []

    def run(self) -> tuple[Plan | None, list[Diagnostic]]:
        if not envelope_certainly_valid(self.doc):
            for where, message, at_key in problems(self.doc, plan_schema()):
                self.problems.add(where, message, at_key)
        plugin_files = self._plugin_files()
        packs = self._packs()
        inputs = self._inputs()
        steps = self._steps()
        order = self._order(steps)
        formats, output_dir = self._output()
        found = self.problems.diagnostics()
        if found:
            return None, found
        plan_table = self.doc.get("plan", {})
        plan = Plan(
            path=self.path,
            name=plan_table.get("name") or self.path.stem,
            description=plan_table.get("description", ""),
            inputs=inputs,
            steps=steps,
            order=order,
            output_dir=output_dir,
            formats=formats,
            plugin_files=plugin_files,
            digest=hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            packs=packs,
            checked_configs=tuple(self.newly_valid),
        )
        return plan, []

    # -- plugins and inputs ----------------------------------------------------

    def _plugin_files(self) -> tuple[Path, ...]:
        files = self.doc.get("plugins")
        if not isinstance(files, list):
            return ()
        loaded = []
        for i, name in enumerate(files):
            if not isinstance(name, str) or not name:
                continue
            file = self.base / name
            if not file.is_file():
                self.problems.add(
                    ("plugins", i), f"plugin file '{name}' not found (paths are relative to the plan)"
                )
                continue
            before = len(self.plugins.failures)
            self.plugins.load_file(file)
            for failure in self.plugins.failures[before:]:
                self.problems.add(("plugins", i), f"plugin file '{name}' failed to load: {failure.error}")
            loaded.append(file)
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
                inputs[name] = Input(name, "value", _jsonable(spec))
            elif isinstance(spec.get("file"), str) and spec["file"]:
                inputs[name] = Input(name, "file", self._file(("inputs", name, "file"), spec["file"]))
            elif isinstance(spec.get("files"), list):
                matched: list[str] = []
                for i, pattern in enumerate(spec["files"]):
                    if isinstance(pattern, str) and pattern:
                        matched.extend(self._glob(("inputs", name, "files", i), pattern))
                inputs[name] = Input(name, "files", sorted(dict.fromkeys(matched)))
            elif "value" in spec:
                inputs[name] = Input(name, "value", _jsonable(spec["value"]))
            if name in inputs:
                try:
                    canonical_json(inputs[name].value)
                except ValueError:
                    self.problems.add(("inputs", name), "numbers must be finite (no inf or nan)")
        return inputs

    def _file(self, where: Where, name: str) -> str:
        file = self.base / name
        if file.is_dir():
            self.problems.add(where, f"'{name}' is a directory; use files = [\"{name}/*\"] for its files")
        elif not file.is_file():
            self.problems.add(
                where, f"file '{name}' not found (paths are relative to the plan's folder {self.base})"
            )
        return name

    def _glob(self, where: Where, pattern: str) -> list[str]:
        if not glob.has_magic(pattern):
            return [self._file(where, pattern)]
        found = sorted(
            os.path.relpath(p, self.base)
            for p in glob.glob(str(self.base / pattern), recursive=True)
            if os.path.isfile(p)
        )
        if not found:
            self.problems.add(where, f"'{pattern}' matches no files (relative to {self.base})")
        return found

    # -- steps -----------------------------------------------------------------

    def _steps(self) -> dict[str, Step]:
        # this loop runs once per step of the plan: keep what does not depend on the step out of it
        steps = {}
        step_types = self.plugins.step_types
        clashes = self.plugins.clashes()
        config_checked: dict[tuple[str, bytes], list[tuple[Where, str, bool]]] = {}
        digests: dict[bytes, str] = {}
        defaults: dict[str, dict[str, Any]] = {}
        for sid, raw in self.raw_steps.items():
            if not isinstance(raw, dict):
                continue
            uses: Any = raw.get("uses")  # any TOML value: a str wherever step_type is not None
            step_type = step_types.get(uses) if isinstance(uses, str) else None
            if step_type is None or uses in clashes:
                self._step_type_problem(sid, uses)
            config = raw.get("with")
            if not isinstance(config, dict):
                config = {}  # when not missing, the schema reports it
            if step_type is not None:
                type_defaults = defaults.get(uses)
                if type_defaults is None:
                    type_defaults = defaults[uses] = _defaults_of(step_type)
                if type_defaults:
                    config = _with_defaults(type_defaults, config)
            try:
                config_json = canonical_json(config) if config else b"{}"
            except (TypeError, ValueError):
                config = _jsonable(config)  # TOML dates and times become ISO 8601 strings
                try:
                    config_json = canonical_json(config)
                except ValueError:
                    self.problems.add(("steps", sid, "with"), "numbers must be finite (no inf or nan)")
                    config, config_json = {}, b"{}"
            digest = digests.get(config_json)
            if digest is None:
                digest = digests[config_json] = hashlib.sha256(config_json).hexdigest()
            if step_type is not None:
                # steps of one type often share a config: check each distinct one once
                checked = config_checked.get((uses, config_json))
                if checked is None:
                    checked = self._check_config(step_type, config, config_json)
                    config_checked[uses, config_json] = checked
                for where, message, at_key in checked:
                    self.problems.add(("steps", sid, "with", *where), message, at_key)
            needs = self._needs(sid, raw.get("needs")) if "needs" in raw else []
            # "${" is never escaped in JSON: without it in the config's JSON, there is no reference
            refs_found = b"${" in config_json and self._config_refs(sid, config, needs)
            options = _NO_OPTIONS if raw.keys() <= _COMMON_KEYS else self._options(sid, raw, needs)
            # positional: much cheaper than keywords, once per step
            steps[sid] = Step(
                sid,
                uses if isinstance(uses, str) else "",
                config,
                tuple(needs),
                *options,
                refs_found,
                "" if refs_found else digest,
            )
        return steps

    def _config_refs(self, sid: str, config: dict[str, Any], needs: list[str]) -> bool:
        """Check the references in a step's ``with``; add the steps they name to ``needs``."""
        found = False
        for where, text in iter_refs(config):
            found = True
            dep = self._reference(sid, ("steps", sid, "with", *where), text)
            if dep and dep not in needs:
                needs.append(dep)
        return found

    def _options(self, sid: str, raw: dict[str, Any], needs: list[str]) -> _Options:
        """The step's optional keys (``if``, ``timeout``, ``retries``, ...) as Step fields."""
        for key in ("timeout", "retry_delay"):
            if isinstance(raw.get(key), float) and math.isnan(raw[key]):  # JSON Schema lets NaN pass
                self.problems.add(("steps", sid, key), "nan is not a number of seconds; give one, e.g. 3")
        timeout = raw.get("timeout")
        try:
            timeout_s = parse_duration(timeout) if isinstance(timeout, int | float | str) else None
        except ValueError:
            timeout_s = None  # the schema reports it
        retry_delay = raw.get("retry_delay")
        name = raw.get("name")
        return _Options(
            condition=self._condition(sid, raw.get("if"), needs),
            retries=_whole(raw.get("retries")),
            retry_delay=float(retry_delay) if isinstance(retry_delay, int | float) else 1.0,
            timeout=timeout_s,
            continue_on_error=raw.get("continue_on_error") is True,
            name=name if isinstance(name, str) else None,
        )

    def _step_type_problem(self, sid: str, uses: Any) -> None:
        """Report an unknown step type, or one that two plugins register."""
        if not isinstance(uses, str):
            return  # the schema reports it
        where = ("steps", sid, "uses")
        if uses not in self.plugins.step_types:
            if re.match(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", uses):  # else the schema said
                hint = did_you_mean(uses, self.plugins.step_types)
                if not hint:
                    hint = " (`prepflow steps` lists the installed step types)"
                broken = [f.plugin for f in self.plugins.failures]
                if broken:
                    hint += "; note: plugin " + ", ".join(f"'{b}'" for b in broken) + " failed to load"
                self.problems.add(where, f"unknown step type '{uses}'{hint}")
            return
        owners = self.plugins.owners(uses)
        self.problems.add(
            where,
            f"step type '{uses}' is registered by both '{owners[0]}' and '{owners[1]}'; "
            "disable one with PREPFLOW_DISABLE_PLUGINS",
        )

    def _check_config(
        self, step_type: StepType, config: dict[str, Any], config_json: bytes
    ) -> list[tuple[Where, str, bool]]:
        """The problems of one distinct config; none when an earlier run found it valid.

        Validity is remembered by a digest of the config and of the schema it was
        checked against (``valid-configs`` in the workspace).
        """
        check = hashlib.sha256(
            b"\0".join(
                (
                    step_type.name.encode(),
                    self.plugins.code_version(step_type).encode(),
                    _per_step_type(_schema_digests, step_type, _schema_digest).encode(),
                    config_json,
                )
            )
        ).hexdigest()
        if self.known_valid is None:
            self.known_valid = known_valid_configs(self.base)
        if check in self.known_valid:
            return []
        found = self._config_problems(step_type, config)
        if not found:
            self.newly_valid.append(check)
        return found

    def _config_problems(self, step_type: StepType, config: dict[str, Any]) -> list[tuple[Where, str, bool]]:
        broken = _schema_error(step_type)
        if broken:
            owner = ", ".join(self.plugins.owners(step_type.name))
            return [
                (
                    (),
                    f"step type '{step_type.name}' (plugin '{owner}') has an invalid config schema: {broken}",
                    True,
                )
            ]
        found = []
        for where, message, at_key in problems(config, step_type.config_schema):
            value = _at(config, where)
            if isinstance(value, str) and "${" in value:
                continue  # a reference: checked again once resolved, at run time
            found.append((where, message, at_key))
        return found

    def _needs(self, sid: str, raw: Any) -> list[str]:
        one = raw[0] if isinstance(raw, list) and len(raw) == 1 else raw
        if isinstance(one, str) and one in self.raw_steps:
            return [one]  # one name of a step (the usual case)
        names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        needs: list[str] = []
        for i, name in enumerate(names):
            if name in needs or not isinstance(name, str):
                continue
            if name in self.raw_steps:
                needs.append(name)
                continue
            where: Where = ("steps", sid, "needs") if isinstance(raw, str) else ("steps", sid, "needs", i)
            hint = did_you_mean(name, self.raw_steps) or " (steps: " + ", ".join(self.raw_steps) + ")"
            self.problems.add(where, f"needs '{name}', but there is no such step{hint}")
        return needs

    def _condition(self, sid: str, raw: Any, needs: list[str]) -> Condition | None:
        if not isinstance(raw, str | bool):
            return None
        where = ("steps", sid, "if")
        try:
            condition = Condition(raw)
        except ExpressionError as e:
            self.problems.add(where, str(e))
            return None
        for ref in condition.refs:
            dep = self._reference(sid, where, ref_text(ref), parsed=ref)
            if dep and dep not in needs:
                needs.append(dep)
        return condition

    def _reference(
        self, sid: str, where: Where, text: str, parsed: tuple[str | int, ...] | None = None
    ) -> str | None:
        """Check one reference; return the step it depends on, if any."""
        try:
            ref = parsed or parse_ref(text)
        except ExpressionError as e:
            self.problems.add(where, str(e))
            return None
        shown = "${" + text.strip() + "}"
        head = ref[0]
        if head == "inputs":
            if len(ref) < 2 or not isinstance(ref[1], str):
                self.problems.add(where, f"{shown}: name an input, e.g. ${{inputs.job}}")
            elif ref[1] not in self.raw_inputs:
                hint = did_you_mean(ref[1], self.raw_inputs) or (
                    " (inputs: " + ", ".join(self.raw_inputs) + ")"
                    if self.raw_inputs
                    else " (the plan has no [inputs])"
                )
                self.problems.add(where, f"{shown}: no input named '{ref[1]}'{hint}")
            return None
        if head != "steps":
            self.problems.add(
                where, f"{shown}: unknown reference; expected ${{inputs.NAME}} or ${{steps.ID.outputs.NAME}}"
            )
            return None
        if len(ref) < 3 or not isinstance(ref[1], str) or ref[2] not in ("outputs", "status"):
            self.problems.add(where, f"{shown}: expected ${{steps.ID.outputs.NAME}} or ${{steps.ID.status}}")
            return None
        target = ref[1]
        if target not in self.raw_steps:
            hint = did_you_mean(target, self.raw_steps)
            self.problems.add(where, f"{shown}: no step named '{target}'{hint}")
            return None
        if target == sid:
            self.problems.add(where, f"{shown}: a step cannot refer to its own outputs")
            return None
        if ref[2] == "outputs":
            if len(ref) < 4:
                return target  # all of its outputs, as one table
            target_raw = self.raw_steps[target]
            uses = target_raw.get("uses") if isinstance(target_raw, dict) else None
            target_type = self.plugins.step_types.get(uses) if isinstance(uses, str) else None
            declared = target_type.declared_outputs() if target_type else None
            if declared is not None and ref[3] not in declared:
                listing = ", ".join(sorted(declared)) or "none"
                hint = did_you_mean(str(ref[3]), declared) or f" (its outputs: {listing})"
                self.problems.add(where, f"{shown}: step type '{uses}' has no output '{ref[3]}'{hint}")
        elif len(ref) > 3:
            self.problems.add(where, f"{shown}: status is a string; nothing to take from it")
        return target

    def _order(self, steps: dict[str, Step]) -> tuple[str, ...]:
        needs = {sid: step.needs for sid, step in steps.items()}
        order = graph.topological_order(needs)
        if len(order) == len(needs):
            return order
        # some steps never became ready: a cycle or a missing need (reported elsewhere)
        cycles = graph.find_cycles(needs)
        for cycle in cycles:
            first = self.raw_steps.get(cycle[0])
            has_needs = isinstance(first, dict) and "needs" in first
            self.problems.add(
                ("steps", cycle[0], "needs") if has_needs else ("steps", cycle[0]),
                "dependency cycle: " + " -> ".join(cycle) + "; remove one of these needs or references",
                True,
            )
        return () if cycles else order

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


def _per_step_type(cache: dict[int, tuple[StepType, Any]], step_type: StepType, compute: Any) -> Any:
    """Memoise per StepType object; holding the object keeps its id from being reused."""
    entry = cache.get(id(step_type))
    if entry is None or entry[0] is not step_type:
        entry = cache[id(step_type)] = (step_type, compute(step_type))
    return entry[1]


_schema_errors: dict[int, tuple[StepType, Any]] = {}
_schema_digests: dict[int, tuple[StepType, Any]] = {}


def _schema_digest(step_type: StepType) -> str:
    return hashlib.sha256(canonical_json(step_type.config_schema)).hexdigest()


def _schema_error(step_type: StepType) -> str | None:
    return _per_step_type(_schema_errors, step_type, lambda t: check_schema(t.config_schema))


def _defaults_of(step_type: StepType) -> dict[str, Any]:
    properties = step_type.config_schema.get("properties", {})
    return {
        name: spec["default"]
        for name, spec in properties.items()
        if isinstance(spec, Mapping) and "default" in spec
    }


def _with_defaults(defaults: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """``config`` plus the default of every top-level option it leaves out."""
    missing = {k: v for k, v in defaults.items() if k not in config}
    return {**copy.deepcopy(missing), **config} if missing else config


def _whole(value: Any) -> int:
    """A whole number from TOML (``3`` or ``3.0``), else 0: the schema reports anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0


def _jsonable(value: Any) -> Any:
    """TOML dates and times become ISO 8601 strings, so configs are plain JSON."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _at(value: Any, where: Where) -> Any:
    for part in where:
        if isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
            continue
        if not (isinstance(value, Mapping) and part in value):
            return None
        value = value[part]
    return value
