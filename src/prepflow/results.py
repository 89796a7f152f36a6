"""What a run tells its caller: each step's result, and the run's."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from prepflow.model import Plan
    from prepflow.store import Workspace

ALL = "*"
"""Pass ``force=ALL`` to rerun every step."""

OK = frozenset({"success", "cached"})
"""Statuses whose outputs dependents may use."""


@attrs.frozen
class RunInfo:
    """What lifecycle hooks learn about the run."""

    id: str
    plan: Plan
    jobs: int
    record_dir: Path


@attrs.define
class StepResult:
    """How one step ended. ``status``: success, cached, skipped or failed."""

    step: str
    status: str
    reason: str = ""
    """Why it ran or was reused ("config changed", "cached", ...), or why it was skipped."""
    outputs_digest: str | None = None
    seconds: float = 0.0
    attempts: int = 0
    error: str | None = None
    continued: bool = False
    """True when it failed but ``continue_on_error`` let the run go on."""
    exception: BaseException | None = attrs.field(default=None, repr=False, eq=False)
    _outputs: Any = None
    _workspace: Workspace | None = None

    @property
    def outputs(self) -> Mapping[str, Any] | None:
        if self._outputs is None and self.outputs_digest and self._workspace is not None:
            self._outputs = self._workspace.get(self.outputs_digest)
        return self._outputs

    @property
    def ok(self) -> bool:
        """Dependents may use it: it succeeded, was reused, or failed with continue_on_error."""
        return self.status in OK or self.continued


@attrs.frozen
class RunResult:
    """The outcome of :func:`run_plan`."""

    id: str
    status: str
    steps: Mapping[str, StepResult]
    record_dir: Path
    files: tuple[Path, ...] = ()
    """The dossier's files (those whose content did not change are left untouched)."""
    warnings: tuple[str, ...] = ()
    """Failures of plugins that did not stop the run (a lifecycle hook that raised), one line each."""

    @property
    def failed(self) -> list[str]:
        return [s for s, r in self.steps.items() if r.status == "failed" and not r.continued]
