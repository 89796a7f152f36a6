"""The steps of a plan, checked: step types, ``with`` tables and options (needs, references,
conditions and order: :mod:`prepflow.plan_refs`).

Part of :mod:`prepflow.loader`: it reports into the loader's problem list and
builds the :class:`~prepflow.model.Step` objects. Its loop runs once per step
of the plan, so what does not depend on the step stays out of it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prepflow import filekind
from prepflow.contracts import contracts_for, is_reference, plan_problems
from prepflow.fileio import SMALL, small_sha256
from prepflow.model import Step
from prepflow.plan_refs import Problems, StepWiring
from prepflow.plan_values import (
    Merge,
    Where,
    defaults_merge,
    jsonable,
    parse_duration,
    per_step_type,
    schema_digest,
    schema_digests,
    value_at,
    whole,
)
from prepflow.plugins import Plugins
from prepflow.schema import did_you_mean
from prepflow.steptype import StepType
from prepflow.store import canonical_json, known_valid_configs

_COMMON_KEYS = frozenset({"uses", "with", "needs"})


class StepChecker(StepWiring):
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
        self.optioned: list[str] = []
        """Steps with options (``if``, ``retries``, ...): the others have every option at its default."""
        """Digests of configs found valid that the workspace did not know yet."""

    def steps(self) -> dict[str, Step]:
        # this loop runs once per step of the plan: keep what does not depend on the step out of it
        steps = {}
        step_types = self.plugins.step_types
        clashes = self.plugins.clashes()
        raw_steps = self.raw_steps
        config_checked: dict[tuple[str, bytes], list[tuple[Where, str, bool]]] = {}
        digests: dict[bytes, str] = {}
        # step type name -> (the type, what adds its defaults to a config, its options naming files):
        # worked out at its first step, then found in one lookup
        per_type: dict[str, tuple[StepType, Merge | None, tuple[tuple[str, bool], ...]]] = {}
        plain = Step.plain
        for sid, raw in raw_steps.items():
            if type(raw) is not dict:
                continue  # the schema reports it
            uses: Any = raw.get("uses")  # any TOML value: a str wherever step_type is not None
            known = per_type.get(uses) if type(uses) is str else None
            if known is None or uses in clashes:  # (a clash is reported at every step of its type)
                step_type = step_types.get(uses) if isinstance(uses, str) else None
                if step_type is None or uses in clashes:
                    self._step_type_problem(sid, uses)
                if step_type is not None and known is None:  # the first step of its type
                    self._output_schema_problem(sid, step_type)
                    file_options = filekind.path_options(step_type.config_schema)
                    known = per_type[uses] = (step_type, defaults_merge(step_type), file_options)
            if known is not None:
                step_type, merge, path_keys = known
            else:
                step_type, merge, path_keys = None, None, ()
            config = raw.get("with")
            if type(config) is not dict:
                config = {}  # when not missing, the schema reports it
            if merge is not None:
                config = merge(config)
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
                sha = small_sha256 if len(config_json) <= SMALL else hashlib.sha256
                digest = digests[config_json] = sha(config_json).hexdigest()
            if step_type is not None:
                # steps of one type often share a config: check each distinct one once
                checked = config_checked.get((uses, config_json))
                if checked is None:
                    checked = self._check_config(step_type, config, config_json)
                    config_checked[uses, config_json] = checked
                for where, message, at_key in checked:
                    self.problems.add(("steps", sid, "with", *where), message, at_key)
                if path_keys:  # a device or a FIFO would never finish reading: refused now, not at run time
                    for where, message in filekind.unreadable_paths(config, path_keys, self.base):
                        self.problems.add(("steps", sid, "with", *where), message)
            raw_needs = raw.get("needs")
            if raw_needs is None:
                needs = []
            elif (  # one name of a step (the usual case), inline
                type(raw_needs) is list
                and len(raw_needs) == 1
                and type(one := raw_needs[0]) is str
                and one in raw_steps
            ):
                needs = [one]
            else:
                needs = self._needs(sid, raw_needs)
            # "${" is never escaped in JSON: without it in the config's JSON, there is no reference
            refs_found = b"${" in config_json and self._config_refs(sid, config, needs)
            if raw.keys() <= _COMMON_KEYS:
                steps[sid] = plain(
                    sid,
                    uses if type(uses) is str else "",
                    config,
                    tuple(needs),
                    refs_found,
                    "" if refs_found else digest,
                )
            else:
                options = self._options(sid, raw, needs)
                self.optioned.append(sid)
                steps[sid] = Step(
                    sid,
                    uses if isinstance(uses, str) else "",
                    config,
                    tuple(needs),
                    has_refs=refs_found,
                    config_digest="" if refs_found else digest,
                    **options,
                )
        return steps

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
            "retries": whole(raw.get("retries")),
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
        excusing = self.contracts.check_excusing_references(step_type)
        if excusing is not None and excusing(config):
            return []  # valid but for its references (see _config_problems)
        check = hashlib.sha256(
            b"\0".join(
                (
                    step_type.name.encode(),
                    self.plugins.code_version(step_type).encode(),
                    per_step_type(schema_digests, step_type, schema_digest).encode(),
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
            if is_reference(value_at(config, where)):
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
