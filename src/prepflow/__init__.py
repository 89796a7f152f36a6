"""prepflow: a pluggable interview-prep workflow engine.

The public API is the names in ``__all__``. They are imported on first use,
so ``import prepflow`` (and the CLI's start-up) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from prepflow._version import __version__ as __version__

__all__ = [
    "ALL",
    "DataKind",
    "Diagnostic",
    "ParsedMemo",
    "Plan",
    "PlanError",
    "PluginError",
    "Plugins",
    "PrepflowError",
    "Renderer",
    "RunInfo",
    "RunResult",
    "Section",
    "SectionContext",
    "Step",
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
    "DataKind": "prepflow.datakind",
    "Diagnostic": "prepflow.errors",
    "ParsedMemo": "prepflow.memo",
    "PlanError": "prepflow.errors",
    "Plan": "prepflow.model",
    "PluginError": "prepflow.errors",
    "Plugins": "prepflow.plugins",
    "PrepflowError": "prepflow.errors",
    "Renderer": "prepflow.renderer",
    "RunInfo": "prepflow.results",
    "RunResult": "prepflow.results",
    "Section": "prepflow.sections",
    "SectionContext": "prepflow.sections",
    "Step": "prepflow.model",
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
    from prepflow.datakind import DataKind
    from prepflow.errors import Diagnostic, PlanError, PluginError, PrepflowError, StepError
    from prepflow.loader import load_plan, validate
    from prepflow.memo import ParsedMemo
    from prepflow.model import Plan, Step
    from prepflow.plugins import Plugins
    from prepflow.renderer import Renderer
    from prepflow.results import ALL, RunInfo, RunResult, StepResult
    from prepflow.sections import Section, SectionContext
    from prepflow.steptype import StepContext, StepType
