"""prepflow: a pluggable interview-prep workflow engine.

The public API is the names in ``__all__``. They are imported on first use,
so ``import prepflow`` (and the CLI's start-up) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ALL",
    "Diagnostic",
    "Plan",
    "PlanError",
    "PluginError",
    "Plugins",
    "PrepflowError",
    "Renderer",
    "RunResult",
    "Section",
    "SectionContext",
    "StepContext",
    "StepError",
    "StepResult",
    "StepType",
    "hookimpl",
    "load_plan",
    "run_plan",
    "validate",
]

_WHERE = {
    "ALL": "prepflow.results",
    "Diagnostic": "prepflow.errors",
    "PlanError": "prepflow.errors",
    "Plan": "prepflow.model",
    "PluginError": "prepflow.errors",
    "Plugins": "prepflow.plugins",
    "PrepflowError": "prepflow.errors",
    "Renderer": "prepflow.renderer",
    "RunResult": "prepflow.results",
    "Section": "prepflow.sections",
    "SectionContext": "prepflow.sections",
    "StepContext": "prepflow.steptype",
    "StepError": "prepflow.errors",
    "StepResult": "prepflow.results",
    "StepType": "prepflow.steptype",
    "hookimpl": "prepflow._markers",
    "load_plan": "prepflow.loader",
    "run_plan": "prepflow.api",
    "validate": "prepflow.loader",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'prepflow' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from prepflow._markers import hookimpl
    from prepflow.api import run_plan
    from prepflow.errors import Diagnostic, PlanError, PluginError, PrepflowError, StepError
    from prepflow.loader import load_plan, validate
    from prepflow.model import Plan
    from prepflow.plugins import Plugins
    from prepflow.renderer import Renderer
    from prepflow.results import ALL, RunResult, StepResult
    from prepflow.sections import Section, SectionContext
    from prepflow.steptype import StepContext, StepType
