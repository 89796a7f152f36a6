"""How a run reports progress: plain lines, a live display, JSON events, or nothing.

The engine calls a reporter from its main thread only, so reporters need no
locking. The live display (rich) is imported only when it is used.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any, ClassVar


class Reporter:
    """The events of a run. The base class ignores them all."""

    def run_started(self, plan: Any, info: Any) -> None: ...

    def step_started(self, step: Any, reason: str) -> None: ...

    def step_retry(self, step: Any, attempt: int, error: str) -> None: ...

    def step_finished(self, step: Any, result: Any) -> None: ...

    def run_finished(self, result: Any) -> None: ...


SilentReporter = Reporter


def _describe(result: Any) -> str:
    if result.status == "success":
        return f"{result.seconds:.2f}s, {result.reason}" if result.reason else f"{result.seconds:.2f}s"
    if result.status == "failed":
        note = " (continue_on_error)" if result.continued else ""
        return f"{result.error}{note}"
    return result.reason


_LABELS = {"success": "ran", "cached": "cached", "skipped": "skipped", "failed": "FAILED"}


class PlainReporter(Reporter):
    """One line per finished step; for logs, pipes and CI."""

    def __init__(self, stream: IO[str] | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.started = time.monotonic()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")

    def run_started(self, plan: Any, info: Any) -> None:
        self.started = time.monotonic()
        if not self.quiet:
            count = len(plan.steps)
            self._line(f"running {plan.name} ({count} step{'s' * (count != 1)}, run {info.id})")

    def step_retry(self, step: Any, attempt: int, error: str) -> None:
        if not self.quiet:
            self._line(f"  retry    {step.id} (attempt {attempt} of {step.retries + 1} failed: {error})")

    def step_finished(self, step: Any, result: Any) -> None:
        if self.quiet and result.status != "failed":
            return
        self._line(f"  {_LABELS.get(result.status, result.status):<8} {step.id}: {_describe(result)}")

    def run_finished(self, result: Any) -> None:
        if self.quiet and result.status == "success":
            return
        counts: dict[str, int] = {}
        for r in result.steps.values():
            counts[r.status] = counts.get(r.status, 0) + 1
        parts = [f"{counts[s]} {_LABELS[s].lower()}" for s in _LABELS if counts.get(s)]
        elapsed = time.monotonic() - self.started
        self._line(f"{result.status}: {', '.join(parts) or 'nothing to do'} in {elapsed:.2f}s")


_LINE_ENDS = {c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029)}


class JsonReporter(Reporter):
    """A machine-readable event stream: one JSON object per line."""

    def __init__(self, stream: IO[str] | None = None):
        self.stream = stream or sys.stdout

    def _emit(self, event: str, **fields: Any) -> None:
        fields = {"event": event, "time": round(time.time(), 6), **fields}
        line = json.dumps(fields, ensure_ascii=False, default=str)
        # JSON leaves these unescaped, but they end a line for many readers (Python's splitlines)
        self.stream.write(line.translate(_LINE_ENDS) + "\n")

    def run_started(self, plan: Any, info: Any) -> None:
        self._emit("run_started", run=info.id, plan=str(plan.path), steps=list(plan.order), jobs=info.jobs)

    def step_started(self, step: Any, reason: str) -> None:
        self._emit("step_started", step=step.id, uses=step.uses, reason=reason)

    def step_retry(self, step: Any, attempt: int, error: str) -> None:
        self._emit("step_retry", step=step.id, attempt=attempt, error=error)

    def step_finished(self, step: Any, result: Any) -> None:
        self._emit(
            "step_finished",
            step=step.id,
            status=result.status,
            reason=result.reason,
            seconds=round(result.seconds, 6),
            attempts=result.attempts,
            error=result.error,
            continued=result.continued,
            outputs=result.outputs_digest,
        )

    def run_finished(self, result: Any) -> None:
        self._emit(
            "run_finished",
            run=result.id,
            status=result.status,
            failed=result.failed,
            files=[str(f) for f in result.files],
            **({"warnings": list(result.warnings)} if getattr(result, "warnings", ()) else {}),
        )


class LiveReporter(Reporter):
    """A live table of steps with their state and elapsed time, for terminals."""

    _STYLE: ClassVar[dict[str, str]] = {
        "ran": "green",
        "cached": "cyan",
        "skipped": "dim",
        "FAILED": "bold red",
        "running": "yellow",
    }

    def __init__(self, stream: IO[str] | None = None):
        from rich.console import Console
        from rich.live import Live

        self.rows: dict[str, list[Any]] = {}  # step -> [state, started, detail, seconds]
        self.plan: Any = None
        self.console = Console(file=stream or sys.stderr)
        self.live = Live(
            console=self.console, refresh_per_second=8, transient=False, get_renderable=self._table
        )

    def _table(self) -> Any:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right")
        table.add_column()
        table.add_column(style="dim")
        now = time.monotonic()
        for sid, (state, started, detail, seconds) in self.rows.items():
            elapsed = seconds if seconds is not None else (now - started if started else 0.0)
            shown = f"{elapsed:5.1f}s" if state in ("running", "ran", "FAILED") else ""
            table.add_row(f"[{self._STYLE.get(state, '')}]{state}[/]", sid, f"{shown} {detail}".strip())
        return table

    def run_started(self, plan: Any, info: Any) -> None:
        self.plan = plan
        self.console.print(f"[bold]{plan.name}[/] · {len(plan.steps)} steps · run {info.id}")
        self.rows = {sid: ["waiting", None, "", None] for sid in plan.order}
        self.live.start()

    def step_started(self, step: Any, reason: str) -> None:
        self.rows[step.id] = ["running", time.monotonic(), reason, None]

    def step_retry(self, step: Any, attempt: int, error: str) -> None:
        self.rows[step.id][2] = f"retry after attempt {attempt}: {error}"

    def step_finished(self, step: Any, result: Any) -> None:
        label = _LABELS.get(result.status, result.status)
        detail = result.reason if result.status == "success" else _describe(result)
        self.rows[step.id] = [label, None, detail, result.seconds]

    def run_finished(self, result: Any) -> None:
        self.live.stop()
        style = "green" if result.status == "success" else "bold red"
        self.console.print(f"[{style}]{result.status}[/]")


def choose_reporter(*, json_events: bool, quiet: bool, stream: IO[str] | None = None) -> Reporter:
    """The reporter for the CLI: JSON if asked, live on a terminal, plain lines otherwise."""
    if json_events:
        return JsonReporter()
    out = stream or sys.stderr
    if not quiet and out.isatty():
        return LiveReporter(out)
    return PlainReporter(out, quiet=quiet)
