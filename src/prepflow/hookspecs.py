"""The plugin contract: every hook prepflow calls.

A plugin implements any subset of these with ``@prepflow.hookimpl``. An
implementation may accept fewer arguments than the spec, so adding an argument
here never breaks an existing plugin. Nothing depends on the order in which
implementations are called (``dossier_summary``'s lines are put in plugin-name
order). The argument types are public: ``prepflow.StepType``, ``prepflow.RunInfo``,
``prepflow.Step``, ``prepflow.StepResult``, ...; :class:`prepflow.hooks.Hooks`
is the typed way to call them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from prepflow.datakind import DataKind
    from prepflow.model import Step
    from prepflow.renderer import Renderer
    from prepflow.results import RunInfo, StepResult
    from prepflow.sections import Section
    from prepflow.steptype import StepType

hookspec = pluggy.HookspecMarker("prepflow")


@hookspec
def register_step_types(register: Callable[[StepType], None]) -> None:
    """Register step types: call ``register(StepType(...))`` once per type."""


@hookspec
def register_data_kinds(register: Callable[[DataKind], None]) -> None:
    """Register the kinds of pack data your steps read: call ``register(DataKind(...))`` once per kind.

    Each pack file of a registered kind is checked against its schema by
    ``prepflow packs`` and before every run of a plan that pins the pack.
    """


@hookspec
def run_started(run: RunInfo) -> None:
    """A run is about to execute its first step. ``run`` is a ``RunInfo``."""


@hookspec
def before_step(run: RunInfo, step: Step) -> None:
    """A step is about to run (not called for cached or skipped steps)."""


@hookspec
def after_step(run: RunInfo, step: Step, result: StepResult) -> None:
    """A step finished: ran, was reused from the cache, was skipped or failed."""


@hookspec
def step_error(run: RunInfo, step: Step, error: BaseException) -> None:
    """An attempt of a step raised ``error``. Called once per failed attempt."""


@hookspec
def run_finished(run: RunInfo, status: str) -> None:
    """A run ended with ``status``: "success", "failed" or "interrupted"."""


@hookspec
def register_renderers(register: Callable[[Renderer], None]) -> None:
    """Register dossier formats: call ``register(Renderer(...))`` once per format."""


@hookspec
def dossier_summary(dossier: Mapping[str, Any]) -> list[str] | None:
    """Lines for the end of ``prepflow run``: the few things to do first, most urgent first.

    ``dossier`` is the data the renderers receive. Return short lines (no
    numbering, no trailing newline), or ``None`` to add nothing. ``prepflow run``
    prints the lines of every plugin, plugins in alphabetical order of their
    names, each plugin's lines in its own order. The lines must follow from the
    dossier and the plugins' code alone: the workspace remembers them
    (:mod:`prepflow.summarymemo`), and a run whose dossier and installed
    plugins' versions are those of the last one prints them without asking again.
    """


@hookspec
def register_dossier_sections(register: Callable[[Section], None]) -> None:
    """Register parts of the Markdown and HTML dossiers: call ``register(Section(...))`` once per section."""
