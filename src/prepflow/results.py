"""What a run tells its caller: each step's result, and the run's."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepflow._record import Fields, Record, _fill

if TYPE_CHECKING:
    from prepflow.model import Plan
    from prepflow.store import Workspace

ALL = "*"
"""Pass ``force=ALL`` to rerun every step."""

OK = frozenset({"success", "cached"})
"""Statuses whose outputs dependents may use."""


class RunInfo(Record):
    """What lifecycle hooks learn about the run."""

    _fields = __slots__ = ("id", "plan", "jobs", "record_dir")
    id: str
    plan: Plan
    jobs: int
    record_dir: Path

    def __init__(self, id: str, plan: Plan, jobs: int, record_dir: Path):
        _fill(self, locals())


class StepResult(Fields):
    """How one step ended. ``status``: success, cached, skipped or failed."""

    _fields = __slots__ = (
        "step",
        "status",
        "reason",
        "outputs_digest",
        "seconds",
        "attempts",
        "error",
        "continued",
        "exception",
        "_outputs",
        "_workspace",
    )
    _no_compare = _no_repr = frozenset({"exception"})
    step: str
    status: str
    reason: str
    """Why it ran or was reused ("config changed", "cached", ...), or why it was skipped."""
    outputs_digest: str | None
    seconds: float
    attempts: int
    error: str | None
    continued: bool
    """True when it failed but ``continue_on_error`` let the run go on."""
    exception: BaseException | None
    _outputs: Any
    _workspace: Workspace | None

    def __init__(
        self,
        step: str,
        status: str,
        reason: str = "",
        outputs_digest: str | None = None,
        seconds: float = 0.0,
        attempts: int = 0,
        error: str | None = None,
        continued: bool = False,
        exception: BaseException | None = None,
        outputs: Any = None,
        workspace: Workspace | None = None,
    ):
        self.step = step
        self.status = status
        self.reason = reason
        self.outputs_digest = outputs_digest
        self.seconds = seconds
        self.attempts = attempts
        self.error = error
        self.continued = continued
        self.exception = exception
        self._outputs = outputs
        self._workspace = workspace

    @property
    def outputs(self) -> Mapping[str, Any] | None:
        if self._outputs is None and self.outputs_digest and self._workspace is not None:
            self._outputs = self._workspace.get(self.outputs_digest)
        return self._outputs

    @property
    def ok(self) -> bool:
        """Dependents may use it: it succeeded, was reused, or failed with continue_on_error."""
        return self.status in OK or self.continued


class RunResult(Record):
    """The outcome of :func:`run_plan`."""

    _fields = __slots__ = ("id", "status", "steps", "record_dir", "files", "warnings")
    id: str
    status: str
    steps: Mapping[str, StepResult]
    record_dir: Path
    files: tuple[Path, ...]
    """The dossier's files (those whose content did not change are left untouched)."""
    warnings: tuple[str, ...]
    """Failures of plugins that did not stop the run (a lifecycle hook that raised), one line each."""

    def __init__(
        self,
        id: str,
        status: str,
        steps: Mapping[str, StepResult],
        record_dir: Path,
        files: tuple[Path, ...] = (),
        warnings: tuple[str, ...] = (),
    ):
        _fill(self, locals())

    @property
    def failed(self) -> list[str]:
        return [s for s, r in self.steps.items() if r.status == "failed" and not r.continued]
