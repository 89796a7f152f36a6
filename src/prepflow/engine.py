"""Run a checked plan, or say what a run would do.

:func:`run_steps` holds the run's lifecycle (the workspace lock, the run
record, resuming, the lifecycle hooks) around the scheduler
(:mod:`prepflow.scheduler`); :func:`preview` is the dry run. Both decide each
step through the same :class:`~prepflow.decision.Decider`. Writing the dossier
is the caller's part (:func:`prepflow.run_plan`, ``prepflow run``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any

from prepflow import planmemo, records
from prepflow.contracts import contracts_for
from prepflow.decision import Decider, WillRun
from prepflow.lifecycle import Lifecycle
from prepflow.model import Plan
from prepflow.plugins import Plugins
from prepflow.progress import Reporter, SilentReporter
from prepflow.results import ALL, RunInfo, RunResult, StepResult
from prepflow.scheduler import Runner
from prepflow.stepcall import describe_error, serialise
from prepflow.steptype import StepContext, StepType
from prepflow.store import Workspace

__all__ = [
    "ALL",
    "RunInfo",
    "RunResult",
    "StepResult",
    "describe_error",
    "preview",
    "run_step_type",
    "run_steps",
]


def run_steps(
    plan: Plan,
    plugins: Plugins,
    *,
    jobs: int = 1,
    force: Collection[str] | str = (),
    resume: bool = False,
    reporter: Reporter | None = None,
    workspace: Workspace | None = None,
) -> RunResult:
    """Run the steps of a plan loaded with :func:`prepflow.load_plan`; write no dossier.

    ``force`` lists steps to rerun (``ALL`` for every step). ``resume``
    continues the plan's last failed or interrupted run (when there is none,
    it is a plain run, so it is always safe after a kill). The workspace keeps
    the newest 50 run records (``PREPFLOW_KEEP_RUNS``; 0 keeps them all) and
    the newest run of every plan. The reporter learns of the run's start and
    of every step; its ``run_finished`` is the caller's to call, once the
    dossier is written.
    """
    reporter = reporter or SilentReporter()
    keep = records.keep_runs()
    ws = workspace or Workspace.beside(plan.path)
    ws.lock()
    try:
        ws.remember_valid(plan.checked_configs)
        if plan.memo is not None:  # the next load of this plan skips checking it
            planmemo.write(plan.path, *plan.memo, plan.steps, plan.order, ws.scratch())
        resume_from = None
        if resume:
            resume_from = records.last_run(ws.runs, str(plan.path))
            if resume_from is not None and resume_from.get("status") == "success":
                # the run to continue never began (killed as it started) or has finished: a plain
                # run is what continuing it means, and reuses everything it can
                resume_from = None
            if resume_from is not None and force == () and resume_from.get("force"):
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
        lifecycle = Lifecycle(plugins.hook)
        runner = Runner(
            plan,
            plugins,
            jobs=jobs,
            force=force,
            reporter=reporter,
            workspace=ws,
            resume_from=resume_from,
            lifecycle=lifecycle,
        )
        reporter.run_started(plan, info)
        lifecycle.call("run_started", run=info)
        status = "interrupted"
        try:
            status = runner.run(info, record)
        finally:
            if status == "interrupted":
                runner.interrupt()
            lifecycle.call("run_finished", run=info, status=status)
            record.finish(
                status,
                Counter(map(attrgetter("status"), runner.results.values())),
                warnings=lifecycle.failures,
            )
        return RunResult(run_id, status, dict(runner.results), record.dir, warnings=tuple(lifecycle.failures))
    finally:
        ws.close()


def run_step_type(step_type: StepType, config: Mapping[str, Any], *, base_dir: Path) -> Any:
    """Run one step type by itself (``prepflow step run``) and return its outputs as JSON data."""
    ctx = StepContext(step_id=step_type.name, config=config, needs={}, inputs={}, base_dir=base_dir)
    return json.loads(serialise(step_type, step_type.function()(ctx)))


def preview(
    plan: Plan, plugins: Plugins, *, force: Collection[str] | str = (), workspace: Workspace | None = None
) -> list[tuple[str, str, str]]:
    """What a run would do, without side effects: ``(step, "run"|"cached"|"skip", why)``.

    Each step is decided as a run decides it; a step that would run counts as
    succeeding, with outputs unknown until then.
    """
    ws = workspace or Workspace.beside(plan.path)
    decider = Decider(plan, plugins, ws, contracts_for(plugins.step_types), force=force, dry_run=True)
    decisions = []
    for sid in plan.order:
        try:
            decided = decider.decide(sid)
        except WillRun as e:
            decider.known[sid] = None
            decisions.append((sid, "run", str(e)))
            continue
        if not isinstance(decided, StepResult):
            decider.known[sid] = None
            decisions.append((sid, "run", decided.reason))
        elif decided.status == "cached":
            decider.known[sid] = decided
            decisions.append((sid, "cached", "nothing it depends on changed"))
        elif decided.status == "skipped":
            decider.known[sid] = decided
            decisions.append((sid, "skip", decided.reason))
        else:
            decider.known[sid] = None
            decisions.append((sid, "run", f"will fail: {decided.error}"))
    return decisions
