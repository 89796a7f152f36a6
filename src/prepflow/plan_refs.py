"""How the steps of a plan are wired: ``needs``, references, conditions, and the order they give.

Part of :class:`prepflow.plan_steps.StepChecker` (a mixin of it): each check
reports into the loader's problem list. Needs are kept in sets as well as in
lists, so a plan with thousands of them is checked in linear time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from prepflow import graph
from prepflow.expressions import Condition, ExpressionError, iter_refs, parse_ref, ref_text
from prepflow.model import Step
from prepflow.plugins import Plugins
from prepflow.schema import did_you_mean

Where = tuple[str | int, ...]


class Problems(Protocol):
    def add(self, where: Where, message: str, at_key: bool = False) -> None: ...


_UNKNOWN_NEEDS_SHOWN = 20
"""Unknown names of one ``needs`` reported one by one; the rest are counted in one more problem."""


def _listed(names: Mapping[str, Any], limit: int = 30) -> str:
    shown = ", ".join(list(names)[:limit])
    return shown if len(names) <= limit else f"{shown}, ... ({len(names)} in all)"


class StepWiring:
    """The checks of needs, references and conditions, for :class:`~prepflow.plan_steps.StepChecker`."""

    raw_steps: dict[str, Any]
    raw_inputs: dict[str, Any]
    plugins: Plugins
    problems: Problems

    def _config_refs(self, sid: str, config: dict[str, Any], needs: list[str]) -> bool:
        """Check the references in a step's ``with``; add the steps they name to ``needs``."""
        found = False
        listed = set(needs)  # a set: a plan may list thousands of needs
        for where, text in iter_refs(config):
            found = True
            dep = self._reference(sid, ("steps", sid, "with", *where), text)
            if dep and dep not in listed:
                listed.add(dep)
                needs.append(dep)
        return found

    def _needs(self, sid: str, raw: Any) -> list[str]:
        one = raw[0] if isinstance(raw, list) and len(raw) == 1 else raw
        if isinstance(one, str) and one in self.raw_steps:
            return [one]  # one name of a step (the usual case)
        names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        needs: list[str] = []
        listed: set[str] = set()  # a set: membership in the list would make this quadratic
        unknown = 0
        for i, name in enumerate(names):
            if not isinstance(name, str) or name in listed:
                continue
            if name in self.raw_steps:
                listed.add(name)
                needs.append(name)
                continue
            unknown += 1
            if unknown > _UNKNOWN_NEEDS_SHOWN:
                continue
            where: Where = ("steps", sid, "needs") if isinstance(raw, str) else ("steps", sid, "needs", i)
            hint = did_you_mean(name, self.raw_steps) or " (steps: " + _listed(self.raw_steps) + ")"
            self.problems.add(where, f"needs '{name}', but there is no such step{hint}")
        if unknown > _UNKNOWN_NEEDS_SHOWN:
            self.problems.add(
                ("steps", sid, "needs"),
                f"and {unknown - _UNKNOWN_NEEDS_SHOWN} more names of no step (the first "
                f"{_UNKNOWN_NEEDS_SHOWN} are shown)",
            )
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
        listed = set(needs)
        for ref in condition.refs:
            dep = self._reference(sid, where, ref_text(ref), parsed=ref)
            if dep and dep not in listed:
                listed.add(dep)
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
