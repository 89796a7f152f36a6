"""Run a checked plan: schedule steps, reuse cached results, record the run.

The main thread owns all state. With one job it takes the steps in the plan's
topological order (``Plan.order``); with more, it starts each step as soon as
its needs have finished. For each step it decides whether it is skipped,
failed (a need failed), cached or must run, and runs it either inline (one job,
no timeout: the cheapest path) or on a worker thread. Workers only call the
step's function; results come back through a queue. Retries and timeouts are
scheduled by the main thread too.

A step is reused when its type, the type's and its plugin's versions, its
resolved config (and pinned packs), the outputs of the steps it needs and every
file it read are unchanged. Because outputs are
compared by content, a step whose upstream reran but produced the same outputs
is still reused.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Collection, Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any

import attrs

from prepflow import records
from prepflow.contracts import Contracts, contracts_for
from prepflow.errors import PrepflowError, StepError, StepTimeout
from prepflow.expressions import ExpressionError, dig, ref_text, substitute
from prepflow.model import Plan, Step
from prepflow.packs import with_packs
from prepflow.plugins import Plugins
from prepflow.progress import Reporter, SilentReporter
from prepflow.steptype import StepContext, StepType
from prepflow.store import CacheEntry, CacheKey, Workspace, cache_key, canonical_json

ALL = "*"
"""Pass ``force=ALL`` to rerun every step."""

_OK = frozenset({"success", "cached"})


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
        return self.status in _OK or self.continued


@attrs.frozen
class RunResult:
    """The outcome of :func:`run_plan`."""

    id: str
    status: str
    steps: Mapping[str, StepResult]
    record_dir: Path
    files: tuple[Path, ...] = ()
    """The dossier's files (those whose content did not change are left untouched)."""

    @property
    def failed(self) -> list[str]:
        return [s for s, r in self.steps.items() if r.status == "failed" and not r.continued]


class _Attempt:
    """One try of one step, possibly on a worker thread."""

    __slots__ = ("contracts", "ctx", "deadline", "outcome", "pending", "started", "timed_out")

    def __init__(self, pending: _Pending, ctx: StepContext, started: float, contracts: Contracts):
        self.pending = pending
        self.ctx = ctx
        self.contracts = contracts
        self.started = started
        self.deadline: float | None = None
        self.outcome: tuple[bytes, Any] | BaseException | None = None  # set by the worker only
        self.timed_out = False  # set by the main thread only

    def cancel(self) -> None:
        self.ctx._cancelled.set()

    def __call__(self) -> None:
        self.outcome = _call(self.pending.step_type, self.ctx, self.contracts)


def _call(step_type: StepType, ctx: StepContext, contracts: Contracts) -> tuple[bytes, Any] | BaseException:
    """Run a step's function: its outputs, serialised and as returned, or what it raised.

    Outputs that break the step type's output schema are an error of the step.
    """
    try:
        outputs = step_type.run(ctx)
        data = _serialise(step_type, outputs)
        contracts.check_outputs(ctx.step_id, step_type, outputs, data)
        return data, outputs
    except BaseException as e:
        return e


def _serialise(step_type: StepType, outputs: Any) -> bytes:
    # `type(...) is dict` first: isinstance against an abstract class is several times slower
    if not (type(outputs) is dict or isinstance(outputs, Mapping)) or (
        outputs and not all([isinstance(k, str) for k in outputs])
    ):
        raise StepError(
            f"step type '{step_type.name}' returned {type(outputs).__name__}; "
            "a step must return a mapping of output names to JSON values"
        )
    try:
        return canonical_json(outputs)
    except (TypeError, ValueError) as e:
        raise StepError(f"step type '{step_type.name}' returned outputs that are not JSON: {e}") from None


def describe_error(error: BaseException) -> str:
    """A one-line description of a step's failure."""
    if isinstance(error, PrepflowError):
        return " ".join(str(error).split())
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class _Workers:
    """Daemon threads that run attempts; a timed-out thread is abandoned and replaced."""

    def __init__(self, done: queue.SimpleQueue[_Attempt]):
        self.tasks: queue.SimpleQueue[_Attempt | None] = queue.SimpleQueue()
        self.done = done
        self.threads = 0

    def _loop(self) -> None:
        while True:
            attempt = self.tasks.get()
            if attempt is None:
                return
            attempt()
            self.done.put(attempt)

    def grow(self, count: int) -> None:
        for _ in range(count):
            threading.Thread(target=self._loop, daemon=True, name="prepflow-worker").start()
            self.threads += 1

    def stop(self) -> None:
        for _ in range(self.threads):
            self.tasks.put(None)


class Runner:
    """Runs one plan once. Use :func:`run_plan`."""

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
    ):
        self.plan = plan
        self.plugins = plugins
        self.jobs = max(1, jobs)
        self.force = force
        self.reporter = reporter
        self.ws = workspace
        self.results: dict[str, StepResult] = {}
        self.inputs = plan.input_values()
        self.base_dir = plan.base_dir  # a property that builds a new Path each time
        self.cache_prefix = f"{plan.path.name}::"
        self.resumed: dict[str, str] = {}  # step -> outputs digest completed in the resumed run
        if resume_from:
            for item in resume_from.get("steps", []):
                if item.get("status") in _OK and item.get("outputs"):
                    self.resumed[item["step"]] = item["outputs"]
        self.hook = plugins.hook
        self.step_types = plugins.step_types  # a property: look it up once, not per step
        self.contracts = contracts_for(self.step_types)
        # calling a hook nobody implements still costs microseconds per step
        self._hooked = {
            name
            for name in ("before_step", "after_step", "step_error")
            if getattr(plugins.hook, name).get_hookimpls()
        }
        self._stop = threading.Event()
        self._versions: dict[str, str] = {}
        self._done: queue.SimpleQueue[_Attempt] = queue.SimpleQueue()
        self._workers: _Workers | None = None
        self._running: dict[str, _Attempt] = {}
        self._retry_at: list[tuple[float, int, _Pending]] = []
        self._failed = False  # a step failed without continue_on_error: the run fails

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
        for sid in self.plan.order:
            decided = self._prepare(sid)
            if not isinstance(decided, StepResult):
                pending = decided
                outcome = self._start(pending)  # inline, unless the step has a timeout
                while outcome is None:  # on a worker: wait for it, and retry it after its back-off
                    attempt = self._wait()
                    if attempt is None:
                        continue
                    outcome = self._worker_result(attempt)
                    if outcome is None:
                        time.sleep(pending.backoff())
                        outcome = self._start(pending)
                decided = outcome
            self._finish(sid, decided)

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
                decided = self._prepare(sid)
                if isinstance(decided, StepResult):
                    finished(sid, decided)
                    continue
                outcome = self._start(decided)
                if outcome is not None:
                    finished(sid, outcome)
            now = time.monotonic()
            while self._retry_at and self._retry_at[0][0] <= now and len(self._running) < self.jobs:
                _, _, pending = heapq.heappop(self._retry_at)
                outcome = self._start(pending)
                if outcome is not None:
                    finished(pending.step.id, outcome)
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

    def _wait(self) -> _Attempt | None:
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
        except queue.Empty:
            attempt = None
        now = time.monotonic()
        if attempt is not None:
            if self._running.get(attempt.pending.step.id) is attempt:
                return attempt
            return None  # a timed-out attempt finished late: ignore it
        for running in list(self._running.values()):
            if running.deadline is not None and now >= running.deadline:
                running.cancel()
                running.timed_out = True
                assert self._workers is not None
                self._workers.grow(1)  # the stuck thread is abandoned
                return running
        return None

    # -- one step ----------------------------------------------------------

    def _prepare(self, sid: str) -> StepResult | _Pending:
        """Decide a ready step's fate: its result, or what it needs to run."""
        step = self.plan.steps[sid]
        needs = list(map(self.results.__getitem__, step.needs))
        condition = step.condition
        uses_status = condition is not None and bool(condition.functions)
        if not uses_status:
            for dep in needs:
                if dep.status == "failed" and not dep.continued:
                    return StepResult(sid, "failed", error=f"needs '{dep.step}', which failed")
                if dep.status == "skipped":
                    return StepResult(sid, "skipped", reason=f"needs '{dep.step}', which was skipped")
        if condition is not None:
            try:
                run_it = condition.evaluate(self._lookup, lambda name: self._status_function(name, needs))
            except ExpressionError as e:
                return StepResult(sid, "failed", error=f"if: {e}")
            if not run_it:
                return StepResult(sid, "skipped", reason=f"if: {condition.source} is false")
        step_type = self.step_types[step.uses]
        try:
            config = substitute(step.config, self._lookup) if step.has_refs else step.config
        except ExpressionError as e:
            return StepResult(sid, "failed", error=str(e))
        upstream = {d.step: d.outputs_digest or d.status for d in needs}
        pending = _pending(step, step_type, self._version(step_type), config, upstream, self.plan.packs)
        # steps completed by the run being resumed are not forced again
        forced = (self.force == ALL or sid in self.force) and sid not in self.resumed
        entry = None if forced else _reusable(self.ws, pending.key)
        if entry is not None:
            return StepResult(
                sid, "cached", reason="unchanged", outputs_digest=entry.outputs, workspace=self.ws
            )
        # a resolved config is checked only when the step must run: a cached result
        # for the same config and code passed this check when it was made
        if step.has_refs:
            found = [
                f"with.{'.'.join(map(str, w))}: {m}" if w else f"with: {m}"
                for w, m, _ in self.contracts.problems(step_type, "config", config)
            ]
            if found:
                return StepResult(sid, "failed", error="after resolving references, " + "; ".join(found))
        pending.reason = "forced" if forced else explain(self.ws.last(self.cache_prefix + sid), pending)
        return pending

    def _version(self, step_type: StepType) -> str:
        version = self._versions.get(step_type.name)
        if version is None:
            version = self._versions[step_type.name] = self.plugins.code_version(step_type)
        return version

    def _status_function(self, name: str, needs: list[StepResult]) -> bool:
        if name == "always":
            return True
        failed = any(d.status == "failed" and not d.continued for d in needs)
        return failed if name == "failure" else not failed and all(d.status != "skipped" for d in needs)

    def _lookup(self, ref: tuple[str | int, ...]) -> Any:
        shown = ref_text(ref)
        if ref[0] == "inputs":
            return dig(self.inputs, ref[1:], shown)
        result = self.results.get(str(ref[1]))
        if result is None:
            raise ExpressionError(f"${{{shown}}}: step '{ref[1]}' has not run")
        if ref[2] == "status":
            return result.status
        outputs = result.outputs
        if outputs is None:
            raise ExpressionError(f"${{{shown}}}: step '{ref[1]}' has no outputs (it {result.status})")
        return dig(outputs, ref[3:], shown)

    def _start(self, pending: _Pending) -> StepResult | None:
        """Start the next attempt of a step: inline (returns its result) or on a worker."""
        step = pending.step
        sid = step.id
        pending.attempts += 1
        results = self.results
        inline = self.jobs == 1 and step.timeout is None
        ctx = StepContext(
            step_id=sid,
            config=pending.config,
            needs={d: results[d].outputs or {} for d in step.needs},
            inputs=self.inputs,
            base_dir=self.base_dir,
            attempt=pending.attempts,
            # an attempt on a worker can be abandoned on its own; inline ones stop with the run
            cancelled=self._stop if inline else threading.Event(),
            packs=self.plan.packs,
        )
        if pending.attempts == 1:
            pending.started = time.monotonic()
            self.reporter.step_started(step, pending.reason)
            if "before_step" in self._hooked:
                self.hook.before_step(run=self.info, step=step)
        if inline:
            outcome = self._complete(pending, ctx.reads, _call(pending.step_type, ctx, self.contracts))
            if outcome is None:  # retry inline, after the back-off
                time.sleep(pending.backoff())
                return self._start(pending)
            return outcome
        attempt = _Attempt(pending, ctx, time.monotonic(), self.contracts)
        if step.timeout is not None:
            attempt.deadline = attempt.started + step.timeout
        if self._workers is None:
            self._workers = _Workers(self._done)
        if self._workers.threads < self.jobs:
            self._workers.grow(1)
        self._running[sid] = attempt
        self._workers.tasks.put(attempt)
        return None

    def _worker_result(self, attempt: _Attempt) -> StepResult | None:
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
        pending: _Pending,
        reads: Mapping[str, tuple[int, int, str]],
        outcome: tuple[bytes, Any] | BaseException,
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
            return StepResult(
                sid,
                "success",
                reason=pending.reason,
                outputs_digest=digest,
                seconds=time.monotonic() - pending.started,
                attempts=pending.attempts,
                outputs=outputs,
                workspace=self.ws,
            )
        assert isinstance(outcome, BaseException)
        if isinstance(outcome, KeyboardInterrupt):
            raise outcome
        if "step_error" in self._hooked:
            self.hook.step_error(run=self.info, step=step, error=outcome)
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
        self.results[sid] = result
        if result.status == "failed" and not result.continued:
            self._failed = True
        self.record.step(result)
        step = self.plan.steps[sid]
        if "after_step" in self._hooked:
            self.hook.after_step(run=self.info, step=step, result=result)
        self.reporter.step_finished(step, result)


def _pending(
    step: Step,
    step_type: StepType,
    version: str,
    config: Mapping[str, Any],
    upstream: Mapping[str, str],
    packs: Any,
) -> _Pending:
    """A step about to be decided on: its resolved config, digests and cache key."""
    # a step without references had its config digested when the plan was loaded
    config_digest = step.config_digest or hashlib.sha256(canonical_json(config)).hexdigest()
    if packs:
        config_digest = with_packs(config_digest, packs)
    key = cache_key(step.uses, version, config_digest, upstream)
    return _Pending(step, step_type, version, config, config_digest, upstream, key)


def _reusable(ws: Workspace, key: CacheKey) -> CacheEntry | None:
    """The cached result filed under ``key``, if the files it read are unchanged and it is intact."""
    entry = ws.lookup(key)
    # reading the artifact checks its digest: a damaged one means the step runs again
    if entry is not None and _reads_unchanged(entry.reads) and ws.get(entry.outputs) is not None:
        return entry
    return None


@attrs.define
class _Pending:
    """A step being decided on: what its cache key is made of, and, once it runs, its attempts."""

    step: Step
    step_type: StepType
    version: str
    config: Mapping[str, Any]
    config_digest: str
    upstream: Mapping[str, str]
    key: CacheKey
    reason: str = ""
    attempts: int = 0
    started: float = 0.0

    def backoff(self) -> float:
        """Seconds to wait before the next attempt: ``retry_delay``, doubled after each retry."""
        return self.step.retry_delay * (2 ** (self.attempts - 1))


def _reads_unchanged(reads: Mapping[str, tuple[int, int, str]]) -> bool:
    for path, (size, mtime_ns, sha) in reads.items():
        try:
            stat = os.stat(path)
        except OSError:
            return False
        if stat.st_size == size and stat.st_mtime_ns == mtime_ns:
            continue
        try:
            with open(path, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != sha:
                    return False
        except OSError:
            return False
    return True


def changed_reads(reads: Mapping[str, tuple[int, int, str]]) -> list[str]:
    """The recorded files whose content is no longer what the step read."""
    return [path for path, sig in reads.items() if not _reads_unchanged({path: sig})]


def explain(previous: CacheEntry | None, pending: _Pending) -> str:
    """Why a step must run, compared with its last cached run."""
    if previous is None:
        return "never run"
    if previous.uses != pending.step.uses:
        return f"step type changed ({previous.uses} → {pending.step.uses})"
    if previous.version != pending.version:
        old_type, _, old_plugin = previous.version.partition("@")
        new_type, _, new_plugin = pending.version.partition("@")
        if old_type != new_type:
            return f"step type upgraded ({old_type} → {new_type})"
        return f"plugin changed ({old_plugin or '?'} → {new_plugin or '?'})"
    if set(previous.upstream) != set(pending.upstream):
        return "needs changed"
    # before the config: references to an upstream's outputs change the resolved config too
    for dep, digest in pending.upstream.items():
        if previous.upstream.get(dep) != digest:
            return f"upstream {dep} changed"
    if previous.config != pending.config_digest:
        return "config changed"
    changed = changed_reads(previous.reads)
    if changed:
        return f"input file {_short_path(changed[0])} changed"
    return "cached result missing or damaged"


def _short_path(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def run_plan(
    plan: Plan,
    plugins: Plugins | None = None,
    *,
    jobs: int = 1,
    force: Collection[str] | str = (),
    resume: bool = False,
    reporter: Reporter | None = None,
    workspace: Workspace | None = None,
    formats: Collection[str] | None = None,
) -> RunResult:
    """Run a plan loaded with :func:`prepflow.load_plan`.

    ``force`` lists steps to rerun (``ALL`` for every step). ``resume``
    continues the plan's last failed or interrupted run. The dossier is
    written in ``formats`` (default: the plan's ``[output] formats``) when the
    run succeeds. The workspace keeps the newest 50 run records
    (``PREPFLOW_KEEP_RUNS``; 0 keeps them all) and the newest run of every plan.
    """
    from prepflow.output import write_dossier

    plugins = plugins if plugins is not None else Plugins(plan.plugin_files)
    reporter = reporter or SilentReporter()
    keep = records.keep_runs()
    ws = workspace or Workspace.beside(plan.path)
    ws.lock()
    try:
        ws.remember_valid(plan.checked_configs)
        resume_from = None
        if resume:
            resume_from = records.last_run(ws.runs, str(plan.path))
            if resume_from is None or resume_from.get("status") == "success":
                raise PrepflowError(
                    f"{plan.path.name}: nothing to resume: "
                    + ("its last run succeeded" if resume_from else "it has never run")
                    + "; run it without --resume"
                )
            if force == () and resume_from.get("force"):
                force = resume_from["force"]
        run_id = records.new_run_id()
        record = records.RunRecord(
            ws.runs,
            run_id,
            {
                "plan": str(plan.path),
                "plan_digest": plan.digest,
                "started": records.now(),
                "plugins": plugins.versions(),
                "jobs": jobs,
                "force": force if force == ALL else sorted(force),
                "resumed_from": resume_from["id"] if resume_from else None,
            },
        )
        records.prune_runs(ws.runs, keep)
        info = RunInfo(run_id, plan, max(1, jobs), record.dir)
        runner = Runner(
            plan, plugins, jobs=jobs, force=force, reporter=reporter, workspace=ws, resume_from=resume_from
        )
        reporter.run_started(plan, info)
        plugins.hook.run_started(run=info)
        status = "interrupted"
        try:
            status = runner.run(info, record)
        finally:
            if status == "interrupted":
                runner.interrupt()
            record.finish(status, Counter(map(attrgetter("status"), runner.results.values())))
            plugins.hook.run_finished(run=info, status=status)
        files: tuple[Path, ...] = ()
        if status == "success":
            chosen = plan.formats if formats is None else tuple(formats)
            files = write_dossier(plan, runner.results, plugins, chosen)
        result = RunResult(run_id, status, dict(runner.results), record.dir, files)
        reporter.run_finished(result)
        return result
    finally:
        ws.close()


def run_step_type(step_type: StepType, config: Mapping[str, Any], *, base_dir: Path) -> Any:
    """Run one step type by itself (``prepflow step run``) and return its outputs as JSON data."""
    ctx = StepContext(step_id=step_type.name, config=config, needs={}, inputs={}, base_dir=base_dir)
    return json.loads(_serialise(step_type, step_type.run(ctx)))


def preview(
    plan: Plan, plugins: Plugins, *, force: Collection[str] | str = (), workspace: Workspace | None = None
) -> list[tuple[str, str, str]]:
    """What a run would do, without side effects: ``(step, "run"|"cached"|"skip", why)``."""
    ws = workspace or Workspace.beside(plan.path)
    prefix = f"{plan.path.name}::"
    inputs = plan.input_values()
    known: dict[str, StepResult | None] = {}  # None: will run, outputs unknown until then
    decisions = []

    def lookup(ref: tuple[str | int, ...]) -> Any:
        shown = ref_text(ref)
        if ref[0] == "inputs":
            return dig(inputs, ref[1:], shown)
        result = known[str(ref[1])]
        if result is None:
            raise _Unknown(str(ref[1]))
        if ref[2] == "status":
            return result.status
        return dig(result.outputs or {}, ref[3:], shown)

    for sid in plan.order:
        step = plan.steps[sid]
        step_type = plugins.step_types[step.uses]
        unknown = [d for d in step.needs if known[d] is None]
        skipped = [d for d in step.needs if known[d] is not None and known[d].status == "skipped"]  # type: ignore[union-attr]
        if skipped and not (step.condition and step.condition.functions):
            known[sid] = StepResult(sid, "skipped")
            decisions.append((sid, "skip", f"needs '{skipped[0]}', which would be skipped"))
            continue
        if force == ALL or sid in force:
            known[sid] = None
            decisions.append((sid, "run", "forced"))
            continue
        try:
            if step.condition is not None and not step.condition.evaluate(
                lookup, lambda name: name != "failure"
            ):
                known[sid] = StepResult(sid, "skipped")
                decisions.append((sid, "skip", f"if: {step.condition.source} is false"))
                continue
            config = substitute(step.config, lookup) if step.has_refs else step.config
        except _Unknown as e:
            known[sid] = None
            decisions.append((sid, "run", f"upstream {e} will run"))
            continue
        except ExpressionError as e:
            known[sid] = None
            decisions.append((sid, "run", f"will fail: {e}"))
            continue
        if unknown:
            known[sid] = None
            decisions.append(
                (sid, "run", f"upstream {unknown[0]} will run (reused if its outputs come out the same)")
            )
            continue
        upstream = {d: known[d].outputs_digest or known[d].status for d in step.needs}  # type: ignore[union-attr]
        pending = _pending(step, step_type, plugins.code_version(step_type), config, upstream, plan.packs)
        entry = _reusable(ws, pending.key)
        if entry is not None:
            known[sid] = StepResult(sid, "cached", outputs_digest=entry.outputs, workspace=ws)
            decisions.append((sid, "cached", "nothing it depends on changed"))
        else:
            known[sid] = None
            decisions.append((sid, "run", explain(ws.last(prefix + sid), pending)))
    return decisions


class _Unknown(Exception):
    """A value that only a run can tell."""
