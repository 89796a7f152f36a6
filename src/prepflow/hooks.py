"""The hooks prepflow calls, as a typed view over the plugin manager (one method per hook, as tox does).

``Plugins.hooks`` returns a :class:`Hooks`; each method calls every plugin's
implementation of that hook. The spec of each hook, with its argument types,
is in :mod:`prepflow.hookspecs`: a plugin's ``@prepflow.hookimpl`` functions
may take those types in their annotations and pass ``mypy --strict``::

    @prepflow.hookimpl
    def after_step(run: prepflow.RunInfo, step: prepflow.Step, result: prepflow.StepResult) -> None: ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

from prepflow.datakind import DataKind
from prepflow.renderer import Renderer
from prepflow.sections import Section
from prepflow.steptype import StepType

if TYPE_CHECKING:
    from prepflow.model import Step
    from prepflow.results import RunInfo, StepResult

RegisterStepType = Callable[[StepType], None]
RegisterRenderer = Callable[[Renderer], None]
RegisterDataKind = Callable[[DataKind], None]
RegisterSection = Callable[[Section], None]


class Hooks:
    """Every hook, typed. Implementations are called in no particular order, except where a method says."""

    def __init__(self, manager: pluggy.PluginManager):
        self._hook = manager.hook

    def register_step_types(self, register: RegisterStepType) -> None:
        self._hook.register_step_types(register=register)

    def register_renderers(self, register: RegisterRenderer) -> None:
        self._hook.register_renderers(register=register)

    def register_data_kinds(self, register: RegisterDataKind) -> None:
        self._hook.register_data_kinds(register=register)

    def register_dossier_sections(self, register: RegisterSection) -> None:
        self._hook.register_dossier_sections(register=register)

    def run_started(self, run: RunInfo) -> None:
        self._hook.run_started(run=run)

    def before_step(self, run: RunInfo, step: Step) -> None:
        self._hook.before_step(run=run, step=step)

    def after_step(self, run: RunInfo, step: Step, result: StepResult) -> None:
        self._hook.after_step(run=run, step=step, result=result)

    def step_error(self, run: RunInfo, step: Step, error: BaseException) -> None:
        self._hook.step_error(run=run, step=step, error=error)

    def run_finished(self, run: RunInfo, status: str) -> None:
        self._hook.run_finished(run=run, status=status)

    def dossier_summary(self, dossier: Mapping[str, Any]) -> list[str]:
        """Every plugin's lines, plugins in alphabetical order of their names, each plugin's in its order.

        The order is stable (it never depends on the order plugins were loaded
        in); blank lines are dropped and each line's runs of spaces and line
        breaks become one space.
        """
        lines: list[str] = []
        impls = sorted(self._hook.dossier_summary.get_hookimpls(), key=lambda impl: impl.plugin_name)
        for impl in impls:
            answer: Any = impl.function(**{name: dossier for name in impl.argnames})
            for line in answer or ():
                text = " ".join(str(line).split())
                if text:
                    lines.append(text)
        return lines
