"""The steps of a plan, checked: step types, ``with`` tables, needs, references, conditions and order.

Part of :mod:`prepflow.loader`: it reports into the loader's problem list and
builds the :class:`~prepflow.model.Step` objects. Its loop runs once per step
of the plan, so what does not depend on the step stays out of it.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from prepflow import filekind, graph
from prepflow.contracts import contracts_for, plan_problems
from prepflow.expressions import Condition, ExpressionError, iter_refs, parse_ref, ref_text
from prepflow.model import Step
from prepflow.plugins import Plugins
from prepflow.schema import did_you_mean
from prepflow.steptype import StepType
from prepflow.store import canonical_json, known_valid_configs

_DURATION = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}

Where = tuple[str | int, ...]

_COMMON_KEYS = frozenset({"uses", "with", "needs"})


class Problems(Protocol):
    def add(self, where: Where, message: str, at_key: bool = False) -> None: ...


def parse_duration(value: float | int | str) -> float:
    """Seconds from a number or a duration such as ``"90s"`` or ``"5m"``."""
    if isinstance(value, int | float):
        return float(value)
    m = _DURATION.match(value)
    if not m:
        raise ValueError(f"not a duration: {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


class StepChecker:
    """Checks the ``[steps]`` of one plan document and builds its steps."""

    def __init__(
        self,
        raw_steps: dict[str, Any],
        raw_inputs: dict[str, Any],
        base: Path,
        plugins: Plugins,
        problems: Problems,
    ):
        self.raw_steps = raw_steps
        self.raw_inputs = raw_inputs
        self.base = base
        self.plugins = plugins
        self.problems = problems
        self.contracts = contracts_for(plugins.step_types)
        self.known_valid: frozenset[str] | None = None
        self.newly_valid: list[str] = []
        """Digests of configs found valid that the workspace did not know yet."""

    def steps(self) -> dict[str, Step]:
        # this loop runs once per step of the plan: keep what does not depend on the step out of it
        steps = {}
        step_types = self.plugins.step_types
        clashes = self.plugins.clashes()
        config_checked: dict[tuple[str, bytes], list[tuple[Where, str, bool]]] = {}
        digests: dict[bytes, str] = {}
        defaults: dict[str, dict[str, Any]] = {}
        path_options: dict[str, tuple[tuple[str, bool], ...]] = {}
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
                if type_defaults is None:  # the first step of its type
                    type_defaults = defaults[uses] = _defaults_of(step_type)
                    self._output_schema_problem(sid, step_type)
                if type_defaults:
                    config = _with_defaults(type_defaults, config)
            try:
                config_json = canonical_json(config) if config else b"{}"
            except (TypeError, ValueError):
                config = jsonable(config)  # TOML dates and times become ISO 8601 strings
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
                path_keys = path_options.get(uses)
                if path_keys is None:
                    path_keys = path_options[uses] = filekind.path_options(step_type.config_schema)
                if path_keys:  # a device or a FIFO would never finish reading: refused now, not at run time
                    for where, message in filekind.unreadable_paths(config, path_keys, self.base):
                        self.problems.add(("steps", sid, "with", *where), message)
            needs = self._needs(sid, raw.get("needs")) if "needs" in raw else []
            # "${" is never escaped in JSON: without it in the config's JSON, there is no reference
            refs_found = b"${" in config_json and self._config_refs(sid, config, needs)
            uses_name = uses if isinstance(uses, str) else ""
            config_digest = "" if refs_found else digest
            if raw.keys() <= _COMMON_KEYS:
                steps[sid] = Step.plain(sid, uses_name, config, tuple(needs), refs_found, config_digest)
            else:
                options = self._options(sid, raw, needs)
                steps[sid] = Step(
                    sid,
                    uses_name,
                    config,
                    tuple(needs),
                    has_refs=refs_found,
                    config_digest=config_digest,
                    **options,
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

    def _options(self, sid: str, raw: dict[str, Any], needs: list[str]) -> dict[str, Any]:
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
        return {  # Step's field names
            "condition": self._condition(sid, raw.get("if"), needs),
            "retries": _whole(raw.get("retries")),
            "retry_delay": float(retry_delay) if isinstance(retry_delay, int | float) else 1.0,
            "timeout": timeout_s,
            "continue_on_error": raw.get("continue_on_error") is True,
            "name": name if isinstance(name, str) else None,
        }

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

        A compiled schema answers in microseconds. Otherwise, validity is
        remembered by a digest of the config and of the schema it was checked
        against (``valid-configs`` in the workspace).
        """
        compiled = self.contracts.check(step_type, "config")
        if compiled is not None and compiled(config):
            return []
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
        broken = self.contracts.schema_error(step_type, "config")
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
        for where, message, at_key in self.contracts.problems(step_type, "config", config):
            value = _at(config, where)
            if isinstance(value, str) and "${" in value:
                continue  # a reference: checked again once resolved, at run time
            found.append((where, message, at_key))
        return found

    def _output_schema_problem(self, sid: str, step_type: StepType) -> None:
        broken = self.contracts.schema_error(step_type, "outputs")
        if broken:
            owner = ", ".join(self.plugins.owners(step_type.name))
            self.problems.add(
                ("steps", sid, "uses"),
                f"step type '{step_type.name}' (plugin '{owner}') has an invalid output schema: {broken}",
            )

    def contracts_between(self, steps: Mapping[str, Step]) -> None:
        """Report consumers that need what their producers cannot give (see :mod:`prepflow.contracts`)."""
        for where, message in plan_problems(self.contracts, steps, self.raw_steps):
            self.problems.add(where, message)

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

    def order(self, steps: dict[str, Step]) -> tuple[str, ...]:
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


def _per_step_type(cache: dict[int, tuple[StepType, Any]], step_type: StepType, compute: Any) -> Any:
    """Memoise per StepType object; holding the object keeps its id from being reused."""
    entry = cache.get(id(step_type))
    if entry is None or entry[0] is not step_type:
        entry = cache[id(step_type)] = (step_type, compute(step_type))
    return entry[1]


_schema_digests: dict[int, tuple[StepType, Any]] = {}


def _schema_digest(step_type: StepType) -> str:
    return hashlib.sha256(canonical_json(step_type.config_schema)).hexdigest()


def _defaults_of(step_type: StepType) -> dict[str, Any]:
    properties = step_type.config_schema.get("properties", {})
    return {
        name: spec["default"]
        for name, spec in properties.items()
        if isinstance(spec, Mapping) and "default" in spec
    }


def _with_defaults(defaults: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """``config`` plus the default of every top-level option it leaves out (tables and arrays copied)."""
    if all(type(v) in _SCALARS for v in defaults.values()):
        return {**defaults, **config}  # one merge in C: the usual case, where defaults are plain values
    missing = {
        k: v if type(v) in _SCALARS else copy.deepcopy(v) for k, v in defaults.items() if k not in config
    }
    return {**missing, **config} if missing else config


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _whole(value: Any) -> int:
    """A whole number from TOML (``3`` or ``3.0``), else 0: the schema reports anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0


def jsonable(value: Any) -> Any:
    """TOML dates and times become ISO 8601 strings, so configs are plain JSON."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
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
