"""Run a plan's steps: schedule them, run them inline or on workers, with retries and timeouts.

The main thread owns all state. With one job it takes the steps in the plan's
topological order (``Plan.order``); with more, it starts each step as soon as
its needs have finished. For each step the :class:`~prepflow.decision.Decider`
says whether it fails (a need failed), is skipped, is reused or must run; a
step that must run runs either inline (one job, no timeout: the cheapest path),
on a worker thread, or (a step with a ``timeout``) in a child process that is
killed at its deadline (:mod:`prepflow.workers`). Workers only call the step's
function; results come back through a queue. Retries and timeouts are
scheduled by the main thread too.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import deque
from collections.abc import Collection, Mapping
from typing import Any

from prepflow import records, runmarks
from prepflow.contracts import Contracts, contracts_for
from prepflow.decision import Decider, Pending
from prepflow.errors import StepTimeout
from prepflow.lifecycle import Lifecycle
from prepflow.model import Plan
from prepflow.plugins import Plugins
from prepflow.progress import Reporter
from prepflow.results import OK, RunInfo, StepResult
from prepflow.stepcall import Outcome, call, describe_error
from prepflow.steptype import StepContext
from prepflow.store import CacheEntry, Workspace
from prepflow.workers import Attempt, Empty, SimpleQueue, Workers


class Runner:
    """Runs the steps of one plan once. Use :func:`prepflow.engine.run_steps`."""

    def __init__(
        self,
        plan: Plan,
        plugins: Plugins,
        *,
        jobs: int,
        force: Collection[str] | str,
        reporter: Reporter,
        workspace: Workspace,
        resume_from: Mapping[str, Any] | None,
        lifecycle: Lifecycle | None = None,
    ):
        self.plan = plan
        self.plugins = plugins
        self.jobs = max(1, jobs)
        self.force = force
        self.reporter = reporter
        self.ws = workspace
        self.results: dict[str, StepResult] = {}
        self.inputs = plan.input_values()
        self.steps = plan.steps
        self.packs = tuple(plan.packs)
        self.base_dir = plan.base_dir  # a property that builds a new Path each time
        self.cache_prefix = f"{plan.path.name}::"
        resumed: set[str] = set()  # steps completed in the resumed run
        if resume_from:
            for item in resume_from.get("steps", []):
                if item.get("status") in OK and item.get("outputs"):
                    resumed.add(item["step"])
        self.contracts: Contracts = contracts_for(plugins.step_types)
        self.decider = Decider(
            plan,
            plugins,
            workspace,
            self.contracts,
            force=force,
            resumed=resumed,
            known=self.results,  # type: ignore[arg-type]  # a run's steps are all known once decided
        )
        self.lifecycle = lifecycle if lifecycle is not None else Lifecycle(plugins.hook)
        self._hooked = {
            name for name in ("before_step", "after_step", "step_error") if self.lifecycle.implemented(name)
        }
        self._stop = threading.Event()
        self._done: SimpleQueue[Attempt] = SimpleQueue()
        self._workers: Workers | None = None
        self._running: dict[str, Attempt] = {}
        self._retry_at: list[tuple[float, int, Pending]] = []
        self._failed = False  # a step failed without continue_on_error: the run fails
        self._marks, self._mark_at = runmarks.page, runmarks.at  # under a watching process only

    # -- the loop ----------------------------------------------------------

    def run(self, info: RunInfo, record: records.RunRecord) -> str:
        self.record = record
        self.info = info
        if self.jobs == 1:
            self._run_in_order()
        else:
            self._run_at_once()
        if self._workers:
            self._workers.stop()
        return "failed" if self._failed else "success"

    def _run_in_order(self) -> None:
        """One step at a time, in the plan's order: each step's needs have finished before it."""
        decide, finish = self.decider.decide, self._finish
        for sid in self.plan.order:
            decided = decide(sid)
            if type(decided) is Pending and decided.step.timeout is None:
                decided = self._run_inline(decided)  # the usual step: no worker, no timeout
            elif not isinstance(decided, StepResult):
                pending = decided
                self._start(pending)  # on a worker: the step has a timeout
                outcome = None
                while outcome is None:  # wait for it, and retry it after its back-off
                    attempt = self._wait()
                    if attempt is None:
                        continue
                    outcome = self._worker_result(attempt)
                    if outcome is None:
                        time.sleep(pending.backoff())
                        self._start(pending)
                decided = outcome
            finish(sid, decided)

    def _run_inline(self, pending: Pending) -> StepResult:
        """Run a step without a timeout in this thread, one job at a time, retrying it after its
        back-off: what :meth:`_start` does for such a step, with fewer steps (this runs once per step)."""
        step = pending.step
        sid = step.id
        results = self.results
        pending.started = time.monotonic()
        if self._marks is not None:
            self._marks[self._mark_at[sid]] = 1
        self.reporter.step_started(step, pending.reason)
        if "before_step" in self._hooked:
            self.lifecycle.call("before_step", run=self.info, step=step)
        while True:
            pending.attempts += 1
            ctx = StepContext(
                step_id=sid,
                config=pending.config,
                needs={d: results[d].outputs or {} for d in step.needs},
                inputs=self.inputs,
                base_dir=self.base_dir,
                attempt=pending.attempts,
                cancelled=self._stop,  # an inline attempt stops with the run
                packs=self.packs,
            )
            outcome = self._complete(pending, ctx.reads, call(pending.step_type, ctx, self.contracts))
            if outcome is not None:
                return outcome
            time.sleep(pending.backoff())  # retry, after the back-off

    def _run_at_once(self) -> None:
        """Up to ``jobs`` steps at a time, each started as soon as its needs have finished."""
        plan = self.plan
        waiting: dict[str, int] = {}
        dependents: dict[str, list[str]] = {}
        ready: deque[str] = deque()
        for sid in plan.order:  # in order: every step's needs come before it
            needs = plan.steps[sid].needs
            waiting[sid] = len(needs)
            dependents[sid] = []
            for dep in needs:
                dependents[dep].append(sid)
            if not needs:
                ready.append(sid)
        seq = 0

        def finished(sid: str, result: StepResult) -> None:
            self._finish(sid, result)
            for dependent in dependents[sid]:
                waiting[dependent] -= 1
                if waiting[dependent] == 0:
                    ready.append(dependent)

        while ready or self._running or self._retry_at:
            while ready and len(self._running) < self.jobs:
                sid = ready.popleft()
                decided = self.decider.decide(sid)
                if isinstance(decided, StepResult):
                    finished(sid, decided)
                    continue
                self._start(decided)
            now = time.monotonic()
            while self._retry_at and self._retry_at[0][0] <= now and len(self._running) < self.jobs:
                _, _, pending = heapq.heappop(self._retry_at)
                self._start(pending)
            if not self._running:
                if self._retry_at and not ready:
                    time.sleep(max(0.0, self._retry_at[0][0] - time.monotonic()))
                continue
            attempt = self._wait()
            if attempt is None:
                continue
            pending = attempt.pending
            outcome = self._worker_result(attempt)
            if outcome is None:  # will retry
                seq += 1
                heapq.heappush(self._retry_at, (time.monotonic() + pending.backoff(), seq, pending))
                continue
            finished(pending.step.id, outcome)

    def interrupt(self) -> None:
        self._stop.set()
        for attempt in self._running.values():
            attempt.cancel()

    def _wait(self) -> Attempt | None:
        deadlines = [a.deadline for a in self._running.values() if a.deadline is not None]
        timeout = None
        if deadlines:
            timeout = max(0.0, min(deadlines) - time.monotonic())
        if self._retry_at:
            until_retry = max(0.0, self._retry_at[0][0] - time.monotonic())
            timeout = until_retry if timeout is None else min(timeout, until_retry)
        try:
            # a short poll keeps Ctrl-C responsive while waiting on workers
            attempt = self._done.get(timeout=min(timeout, 0.5) if timeout is not None else 0.5)
        except Empty:
            attempt = None
        now = time.monotonic()
        if attempt is not None:
            if self._running.get(attempt.pending.step.id) is attempt:
                return attempt
            return None  # a timed-out attempt finished late: ignore it
        for running in list(self._running.values()):
            if running.deadline is not None and now >= running.deadline:
                running.cancel()  # a child process is killed; its thread returns soon
                running.timed_out = True
                if not running.in_process:
                    assert self._workers is not None
                    self._workers.grow(1)  # the stuck thread is abandoned
                return running
        return None

    # -- one step ----------------------------------------------------------

    def _start(self, pending: Pending) -> None:
        """Start the next attempt of a step on a worker (one job at a time, a step without a timeout
        runs inline: :meth:`_run_inline`)."""
        step = pending.step
        sid = step.id
        pending.attempts += 1
        results = self.results
        ctx = StepContext(
            step_id=sid,
            config=pending.config,
            needs={d: results[d].outputs or {} for d in step.needs},
            inputs=self.inputs,
            base_dir=self.base_dir,
            attempt=pending.attempts,
            cancelled=threading.Event(),  # an attempt on a worker can be abandoned on its own
            packs=self.packs,
        )
        if pending.attempts == 1:
            pending.started = time.monotonic()
            if self._marks is not None:
                self._marks[self._mark_at[sid]] = 1
            self.reporter.step_started(step, pending.reason)
            if "before_step" in self._hooked:
                self.lifecycle.call("before_step", run=self.info, step=step)
        attempt = Attempt(pending, ctx, time.monotonic(), self.contracts, in_process=step.timeout is not None)
        if step.timeout is not None:
            attempt.deadline = attempt.started + step.timeout
        if self._workers is None:
            self._workers = Workers(self._done)
        if self._workers.threads < self.jobs:
            self._workers.grow(1)
        self._running[sid] = attempt
        self._workers.tasks.put(attempt)

    def _worker_result(self, attempt: Attempt) -> StepResult | None:
        """The result of an attempt that ran on a worker; None when it should be retried."""
        pending = attempt.pending
        step = pending.step
        self._running.pop(step.id, None)
        outcome = attempt.outcome
        if attempt.timed_out:  # whatever the abandoned thread may still do
            outcome = StepTimeout(
                f"timed out after {step.timeout:g}s (raise its `timeout`, or make it faster)"
            )
        assert outcome is not None
        return self._complete(pending, attempt.ctx.reads, outcome)

    def _complete(
        self,
        pending: Pending,
        reads: Mapping[str, tuple[int, int, str]],
        outcome: Outcome,
    ) -> StepResult | None:
        """Turn a finished attempt into a result; None when it should be retried."""
        step = pending.step
        sid = step.id
        if isinstance(outcome, tuple):
            data, outputs = outcome
            digest = self.ws.put(data, outputs)
            self.ws.record(
                CacheEntry(  # by position, in field order (key, step, uses, ...): once per step
                    pending.key,
                    self.cache_prefix + sid,
                    step.uses,
                    pending.version,
                    pending.config_digest,
                    pending.upstream,
                    reads,
                    digest,
                )
            )
            return StepResult(  # by position, in field order: once per step
                sid,
                "success",
                pending.reason,
                digest,
                time.monotonic() - pending.started,
                pending.attempts,
                None,
                False,
                None,
                outputs,
                self.ws,
            )
        assert isinstance(outcome, BaseException)
        if isinstance(outcome, KeyboardInterrupt):
            raise outcome
        if "step_error" in self._hooked:
            self.lifecycle.call("step_error", run=self.info, step=step, error=outcome)
        message = describe_error(outcome)
        if pending.attempts <= step.retries and not isinstance(outcome, SystemExit):
            self.reporter.step_retry(step, pending.attempts, message)
            return None
        return StepResult(
            sid,
            "failed",
            reason=pending.reason,
            seconds=time.monotonic() - pending.started,
            attempts=pending.attempts,
            error=message,
            continued=step.continue_on_error,
            exception=outcome,
        )

    def _finish(self, sid: str, result: StepResult) -> None:
        if self._marks is not None and result.attempts:  # it ran: it no longer does
            self._marks[self._mark_at[sid]] = 0
        self.results[sid] = result
        if result.status == "failed" and not result.continued:
            self._failed = True
        self.record.step(result)
        step = self.steps[sid]
        if "after_step" in self._hooked:
            self.lifecycle.call("after_step", run=self.info, step=step, result=result)
        self.reporter.step_finished(step, result)
