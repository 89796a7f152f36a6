"""The cache decision: whether a step fails, is skipped, is reused, or must run, and why.

``prepflow run`` and ``prepflow plan`` both decide through :class:`Decider`, so
the dry run says what a run would do. A step is reused when its type, the
type's and its plugin's versions, its resolved config (and pinned packs), the
outputs of the steps it needs and every file it read are unchanged. Because
outputs are compared by content, a step whose upstream reran but produced the
same outputs is still reused.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from prepflow._record import Fields
from prepflow.contracts import Contracts
from prepflow.expressions import ExpressionError, dig, ref_text, substitute
from prepflow.model import Plan, Step
from prepflow.packdata import with_packs
from prepflow.plugins import Plugins
from prepflow.results import ALL, StepResult
from prepflow.steptype import StepType
from prepflow.store import CacheEntry, CacheKey, Workspace, canonical_json


class WillRun(Exception):
    """Raised in a dry run only: the step's fate hangs on a step that will run, its outputs unknown."""


class Pending(Fields):
    """A step that must run: what its cache key is made of, why it runs, and its attempts so far."""

    _fields = __slots__ = (
        "step",
        "step_type",
        "version",
        "config",
        "config_digest",
        "upstream",
        "key",
        "reason",
        "attempts",
        "started",
    )
    step: Step
    step_type: StepType
    version: str
    config: Mapping[str, Any]
    config_digest: str
    upstream: Mapping[str, str]
    key: CacheKey
    reason: str
    attempts: int
    started: float

    def __init__(
        self,
        step: Step,
        step_type: StepType,
        version: str,
        config: Mapping[str, Any],
        config_digest: str,
        upstream: Mapping[str, str],
        key: CacheKey,
        reason: str = "",
        attempts: int = 0,
        started: float = 0.0,
    ):
        self.step = step
        self.step_type = step_type
        self.version = version
        self.config = config
        self.config_digest = config_digest
        self.upstream = upstream
        self.key = key
        self.reason = reason
        self.attempts = attempts
        self.started = started

    def backoff(self) -> float:
        """Seconds to wait before the next attempt: ``retry_delay``, doubled after each retry."""
        return self.step.retry_delay * (2 ** (self.attempts - 1))


class Decider:
    """Decides the steps of one plan, each once its needs are decided (or have finished).

    ``known`` holds the result of every step decided or finished so far; in a
    dry run, None stands for a step that will run (its outputs unknown).
    """

    def __init__(
        self,
        plan: Plan,
        plugins: Plugins,
        workspace: Workspace,
        contracts: Contracts,
        *,
        force: Collection[str] | str = (),
        resumed: Collection[str] = (),
        known: MutableMapping[str, StepResult | None] | None = None,
        dry_run: bool = False,
    ):
        self.plan = plan
        self.plugins = plugins
        self.ws = workspace
        self.contracts = contracts
        self.force = force
        self.resumed = resumed
        self.known: MutableMapping[str, StepResult | None] = {} if known is None else known
        self.inputs = plan.input_values()
        self.steps = plan.steps
        self.step_types = plugins.step_types  # a property: look it up once, not per step
        self.cache_prefix = f"{plan.path.name}::"
        self._versions: dict[str, str] = {}
        self._forcing = bool(force)
        self._was = "would be" if dry_run else "was"

    def decide(self, sid: str) -> StepResult | Pending:
        """The step's result when it need not run (failed, skipped or cached), else what it needs to run.

        Raises :class:`WillRun` when that depends on a step that will run in a dry run.
        """
        step = self.steps[sid]
        needs = list(map(self.known.__getitem__, step.needs))
        condition = step.condition
        if condition is None or not condition.functions:
            for dep in needs:
                if dep is None:
                    continue
                if dep.status == "failed" and not dep.continued:
                    return StepResult(sid, "failed", error=f"needs '{dep.step}', which failed")
                if dep.status == "skipped":
                    return StepResult(sid, "skipped", reason=f"needs '{dep.step}', which {self._was} skipped")
        if condition is not None:
            try:
                run_it = condition.evaluate(self._lookup, lambda name: _status_function(name, needs))
            except ExpressionError as e:
                return StepResult(sid, "failed", error=f"if: {e}")
            if not run_it:
                return StepResult(sid, "skipped", reason=f"if: {condition.source} is false")
        # steps completed by the run being resumed are not forced again
        forced = self._forcing and (self.force == ALL or sid in self.force) and sid not in self.resumed
        step_type = self.step_types[step.uses]
        try:
            config = substitute(step.config, self._lookup) if step.has_refs else step.config
        except ExpressionError as e:
            return StepResult(sid, "failed", error=str(e))
        except WillRun:
            if forced:
                raise WillRun("forced") from None
            raise
        try:
            upstream = {d.step: d.outputs_digest or d.status for d in needs}  # type: ignore[union-attr]
        except AttributeError:  # a need that will run, in a dry run
            name = step.needs[needs.index(None)]
            why = f"upstream {name} will run (reused if its outputs come out the same)"
            raise WillRun("forced" if forced else why) from None
        version = self._versions.get(step.uses) or self._version(step_type)
        # a step without references had its config digested when the plan was loaded
        config_digest = step.config_digest or hashlib.sha256(canonical_json(config)).hexdigest()
        if self.plan.packs:
            config_digest = with_packs(config_digest, self.plan.packs)
        # cache_key(...), inline: this runs once per step
        if len(upstream) > 1:
            key: CacheKey = (step.uses, version, config_digest, *sorted(upstream.items()))
        else:
            key = (step.uses, version, config_digest, *upstream.items())
        if not forced:
            ws = self.ws
            entry = ws.lookup(key)
            # reading the artifact checks its digest: a damaged one means the step runs again
            if (
                entry is not None
                and (not entry.reads or _reads_unchanged(entry.reads))
                and ws.intact(entry.outputs)
            ):
                return StepResult(sid, "cached", "unchanged", entry.outputs, workspace=ws)
        # a Pending only for a step that must run: most steps of a rerun are reused
        pending = Pending(step, step_type, version, config, config_digest, upstream, key)
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

    def _lookup(self, ref: tuple[str | int, ...]) -> Any:
        shown = ref_text(ref)
        if ref[0] == "inputs":
            return dig(self.inputs, ref[1:], shown)
        name = str(ref[1])
        if name not in self.known:
            raise ExpressionError(f"${{{shown}}}: step '{name}' has not run")
        result = self.known[name]
        if result is None:
            raise WillRun(f"upstream {name} will run")
        if ref[2] == "status":
            return result.status
        outputs = result.outputs
        if outputs is None:
            raise ExpressionError(f"${{{shown}}}: step '{name}' has no outputs (it {result.status})")
        return dig(outputs, ref[3:], shown)


def _status_function(name: str, needs: list[StepResult | None]) -> bool:
    """``success()``, ``failure()`` or ``always()`` of the needs (one that will run counts as a success)."""
    if name == "always":
        return True
    failed = any(d is not None and d.status == "failed" and not d.continued for d in needs)
    if name == "failure":
        return failed
    return not failed and all(d is None or d.status != "skipped" for d in needs)


def reusable(ws: Workspace, key: CacheKey) -> CacheEntry | None:
    """The cached result filed under ``key``, if the files it read are unchanged and it is intact."""
    entry = ws.lookup(key)
    # reading the artifact checks its digest: a damaged one means the step runs again
    if entry is not None and _reads_unchanged(entry.reads) and ws.intact(entry.outputs):
        return entry
    return None


def _reads_unchanged(reads: Mapping[str, tuple[int, int, str]]) -> bool:
    for path, (size, mtime_ns, sha) in reads.items():
        if path.startswith(("http://", "https://")):  # a page a step fetched (StepContext.read_url)
            from prepflow.remote import unchanged

            if not unchanged(path, (size, mtime_ns, sha)):
                return False
            continue
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


def explain(previous: CacheEntry | None, pending: Pending) -> str:
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
        what = "input" if changed[0].startswith(("http://", "https://")) else "input file"
        return f"{what} {_short_path(changed[0])} changed"
    return "cached result missing or damaged"


def _short_path(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path
