"""Call the lifecycle hooks of a run, each plugin's implementation on its own.

A plugin that watches runs (``run_started``, ``before_step``, ``after_step``,
``step_error``, ``run_finished``) must not be able to break them: when its
implementation raises, the others are still called, the run goes on, its
record and dossier are written, and the failure is kept as one line naming the
plugin and the hook, which the run's result carries (``RunResult.warnings``).
"""

from __future__ import annotations

from typing import Any

from prepflow.errors import describe_error

HOOKS = ("run_started", "before_step", "after_step", "step_error", "run_finished")


class Lifecycle:
    """The lifecycle hooks some plugin implements, and what went wrong in them."""

    def __init__(self, relay: Any):
        # calling a hook nobody implements still costs microseconds per step: know which have any
        self._impls = {name: getattr(relay, name).get_hookimpls() for name in HOOKS}
        self._failed: dict[str, int] = {}  # one line per failure, with how often it happened

    def implemented(self, name: str) -> bool:
        return bool(self._impls[name])

    def call(self, name: str, **kwargs: Any) -> None:
        """Call every implementation of hook ``name``; one that raises is noted, not raised."""
        for impl in reversed(self._impls[name]):  # the order pluggy calls them in
            try:
                answer = impl.function(*[kwargs[arg] for arg in impl.argnames])
                if getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False):
                    for _ in answer:  # a wrapper is a generator around the others: run it through
                        pass
            except KeyboardInterrupt:
                raise
            except BaseException as e:
                line = f"plugin '{impl.plugin_name}' failed in its {name} hook: {describe_error(e)}"
                self._failed[line] = self._failed.get(line, 0) + 1

    @property
    def failures(self) -> list[str]:
        """What went wrong, in order, each once (with how many times, when more than once)."""
        return [line if n == 1 else f"{line} ({n} times)" for line, n in self._failed.items()]
