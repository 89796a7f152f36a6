"""The library's way to run a plan: run its steps, then write the dossier."""

from __future__ import annotations

from collections.abc import Collection

from prepflow.errors import PrepflowError
from prepflow.model import Plan
from prepflow.plugins import Plugins
from prepflow.progress import Reporter, SilentReporter
from prepflow.results import RunResult
from prepflow.store import Workspace


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
    """Run a plan loaded with :func:`prepflow.load_plan`, and write its dossier if the run succeeds.

    ``force`` lists steps to rerun (``ALL`` for every step). ``resume``
    continues the plan's last failed or interrupted run. The dossier is
    written in ``formats`` (default: the plan's ``[output] formats``); its
    files are the result's ``files``. The workspace keeps the newest 50 run
    records (``PREPFLOW_KEEP_RUNS``; 0 keeps them all) and the newest run of
    every plan.
    """
    from prepflow.engine import run_steps

    plugins = plugins if plugins is not None else Plugins(plan.plugin_files)
    reporter = reporter or SilentReporter()
    chosen = plan.formats if formats is None else tuple(formats)
    if chosen:
        from prepflow.output import settle_output

        settle_output(plan)  # a dossier a killed run left half-written: finished before anything else
    result = run_steps(
        plan, plugins, jobs=jobs, force=force, resume=resume, reporter=reporter, workspace=workspace
    )
    if result.status == "success" and chosen:
        from prepflow.output import write_dossier

        try:
            files = write_dossier(plan, result.steps, plugins, chosen)
        except PrepflowError as e:  # the run did not succeed after all: --resume continues it
            from prepflow.records import record_failure

            record_failure(result.record_dir, f"dossier: {e}")
            raise
        result = result.replace(files=files)
    reporter.run_finished(result)
    return result
