"""The plugin contract: every hook prepflow calls.

A plugin implements any subset of these with ``@prepflow.hookimpl``. An
implementation may accept fewer arguments than the spec, so adding an argument
here never breaks an existing plugin. Nothing depends on the order in which
implementations are called.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("prepflow")


@hookspec
def register_step_types(register: Any) -> None:
    """Register step types: call ``register(StepType(...))`` once per type."""


@hookspec
def run_started(run: Any) -> None:
    """A run is about to execute its first step. ``run`` is a ``RunInfo``."""


@hookspec
def before_step(run: Any, step: Any) -> None:
    """A step is about to run (not called for cached or skipped steps)."""


@hookspec
def after_step(run: Any, step: Any, result: Any) -> None:
    """A step finished: ran, was reused from the cache, was skipped or failed."""


@hookspec
def step_error(run: Any, step: Any, error: BaseException) -> None:
    """An attempt of a step raised ``error``. Called once per failed attempt."""


@hookspec
def run_finished(run: Any, status: str) -> None:
    """A run ended with ``status``: "success", "failed" or "interrupted"."""


@hookspec
def register_renderers(register: Any) -> None:
    """Register dossier formats: call ``register(Renderer(...))`` once per format."""


@hookspec
def dossier_summary(dossier: Any) -> list[str] | None:
    """Lines for the end of ``prepflow run``: the few things to do first, most urgent first.

    ``dossier`` is the data the renderers receive. Return short lines (no
    numbering, no trailing newline), or ``None`` to add nothing.
    """


@hookspec
def register_dossier_sections(register: Any) -> None:
    """Register parts of the Markdown and HTML dossiers: call ``register(Section(...))`` once per section."""
