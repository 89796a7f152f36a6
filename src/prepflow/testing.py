"""pytest fixtures for plugin and pack authors (a ``pytest11`` plugin, active once prepflow is installed).

Four fixtures, each fresh for every test:

``prepflow_plugins``
    A :class:`prepflow.Plugins` holding no installed plugin and no file: only
    what the test registers. It is strict: a plugin that fails to register, or
    a step type registered twice, raises :class:`prepflow.PluginError` at once.

``register_plugin``
    ``register_plugin(obj, name=None)`` registers a module, an object with
    ``@prepflow.hookimpl`` methods, or (given a string) an installed plugin by
    its entry-point name, into ``prepflow_plugins`` for this test only. It
    returns what it registered.

``register_pack``
    ``register_pack(where)`` adds a workflow pack (its ``pack.toml``, the folder
    holding it, or its package's name) and the steps module it declares.

``prepflow_run``
    ``prepflow_run(plan_text, files={...})`` writes the plan (dedented) and the
    files into a folder of its own under ``tmp_path``, validates the plan, runs
    it with ``prepflow_plugins`` and returns a :class:`PlanRun`. Calling it
    again runs in the same folder, so a second call shows what the cache reuses.

Example::

    import my_plugin

    def test_top_words(register_plugin, prepflow_run):
        register_plugin(my_plugin)
        result = prepflow_run(
            '''
            [steps.words]
            uses = "acme.top_words"
            with.source = "job.md"
            ''',
            files={"job.md": "python python go"},
        )
        assert result.outputs("words") == {"words": ["python", "go"]}

Only pytest is imported when pytest starts; prepflow's own modules are
imported by the fixtures, when a test uses them.
"""

from __future__ import annotations

import io
import logging
import textwrap
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from prepflow import Diagnostic, Plugins, RunResult, StepResult

__all__ = ["PlanRun", "prepflow_plugins", "prepflow_run", "register_pack", "register_plugin"]

PLAN_FILE = "plan.toml"


class PlanRun:
    """What :func:`prepflow_run` did: a validated and run plan, or the plan's problems.

    ``status`` is the run's ("success", "failed", "interrupted"), or "invalid"
    when the plan did not validate; then ``diagnostics`` lists every problem
    (each a :class:`prepflow.Diagnostic`, ``str()`` gives
    ``plan.toml:LINE:COLUMN: key.path: message``) and nothing ran.
    """

    def __init__(
        self,
        directory: Path,
        *,
        diagnostics: Sequence[Diagnostic] = (),
        result: RunResult | None = None,
        report: str = "",
        messages: Sequence[str] = (),
    ):
        self.dir = directory
        """The folder holding the plan, its files, ``.prepflow/`` and the dossier."""
        self.plan_file = directory / PLAN_FILE
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        self.result = result
        """The :class:`prepflow.RunResult`, or None when the plan was invalid."""
        self.report = report
        """The progress lines ``prepflow run`` prints for this run (plain, without colours)."""
        self.messages: list[str] = list(messages)
        """What steps said through ``ctx.log``, as ``"STEP: LEVEL: message"`` (level in lower case)."""

    @property
    def status(self) -> str:
        return "invalid" if self.result is None else self.result.status

    @property
    def ok(self) -> bool:
        return self.status == "success"

    @property
    def errors(self) -> list[str]:
        """The plan's problems as one-line strings, or ``"STEP: error"`` for each failed step."""
        if self.result is None:
            return [str(d) for d in self.diagnostics]
        return [f"{sid}: {r.error}" for sid, r in self.result.steps.items() if r.status == "failed"]

    @property
    def steps(self) -> Mapping[str, StepResult]:
        """Every step's :class:`prepflow.StepResult`, by step id."""
        return {} if self.result is None else self.result.steps

    @property
    def statuses(self) -> dict[str, str]:
        """Step id -> "success", "cached", "skipped" or "failed"."""
        return {sid: r.status for sid, r in self.steps.items()}

    @property
    def files(self) -> tuple[Path, ...]:
        """The dossier files written (ask for formats with ``prepflow_run(..., formats=[...])``)."""
        return () if self.result is None else tuple(self.result.files)

    def step(self, step_id: str) -> StepResult:
        """One step's result; a failed assertion, with the reason, if the step is unknown."""
        self._require_valid()
        if step_id not in self.steps:
            raise AssertionError(f"no step '{step_id}' in the run (steps: {', '.join(self.steps) or 'none'})")
        return self.steps[step_id]

    def outputs(self, step_id: str) -> dict[str, Any]:
        """A step's outputs; a failed assertion saying why when the step did not succeed."""
        result = self.step(step_id)
        if not result.ok or result.outputs is None:
            why = result.error or result.reason or "no outputs"
            message = f"step '{step_id}' has no outputs: it {result.status} ({why})"
            raise AssertionError(f"{message}\n{self.report}")
        return dict(result.outputs)

    def read(self, name: str) -> str:
        """A file of the run's folder, e.g. ``result.read("out/dossier.md")``."""
        return (self.dir / name).read_text(encoding="utf-8")

    def _require_valid(self) -> None:
        if self.result is None:
            raise AssertionError("the plan is invalid; nothing ran:\n" + "\n".join(self.errors))

    def __repr__(self) -> str:
        return f"<PlanRun {self.status} {self.statuses or self.errors}>"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        step = record.name.removeprefix("prepflow.step.")
        self.lines.append(f"{step}: {record.levelname.lower()}: {record.getMessage()}")


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def run_plan_in(
    directory: Path,
    plan_text: str,
    files: Mapping[str, str | bytes] | None = None,
    *,
    plugins: Plugins,
    formats: Collection[str] = (),
    jobs: int = 1,
    force: Collection[str] | str = (),
) -> PlanRun:
    """Write ``plan.toml`` and ``files`` into ``directory``, validate and run. What ``prepflow_run`` does."""
    from prepflow.errors import PlanError
    from prepflow.loader import load_plan
    from prepflow.progress import PlainReporter

    directory.mkdir(parents=True, exist_ok=True)
    for name, content in (files or {}).items():
        _write(directory / name, content)
    _write(directory / PLAN_FILE, plan_text)
    try:
        plan = load_plan(directory / PLAN_FILE, plugins, shown=PLAN_FILE)
    except PlanError as e:
        return PlanRun(directory, diagnostics=e.diagnostics)

    from prepflow.api import run_plan

    stream = io.StringIO()
    capture = _Capture()
    logger = logging.getLogger("prepflow.step")
    level = logger.level
    logger.addHandler(capture)
    logger.setLevel(logging.DEBUG)
    try:
        result = run_plan(
            plan,
            plugins,
            jobs=jobs,
            force=force,
            reporter=PlainReporter(stream=stream),
            formats=tuple(formats),
        )
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)
    return PlanRun(directory, result=result, report=stream.getvalue(), messages=capture.lines)


@pytest.fixture
def prepflow_plugins() -> Plugins:
    """An empty, strict :class:`prepflow.Plugins`: only what this test registers."""
    from prepflow.plugins import Plugins

    return Plugins(entry_points=False, environ={"PREPFLOW_STRICT_PLUGINS": "1"})


@pytest.fixture
def register_plugin(prepflow_plugins: Plugins) -> Callable[..., Any]:
    """``register_plugin(obj, name=None)``: register a plugin into ``prepflow_plugins`` for this test."""

    def register(plugin: Any, name: str | None = None) -> Any:
        if isinstance(plugin, str):
            plugin, name, version, source = _installed(plugin)
        else:
            version, source = "test", "test"
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        prepflow_plugins.register(plugin, name=name, version=version, source=source)
        prepflow_plugins.step_types  # register now: a failure or a clash raises here  # noqa: B018
        return plugin

    return register


@pytest.fixture
def register_pack(prepflow_plugins: Plugins) -> Callable[..., Any]:
    """``register_pack(where)``: add a workflow pack to ``prepflow_plugins`` for this test.

    ``where`` is a ``pack.toml``, the folder holding it, or the name of the
    (installed or importable) package holding it, found without importing it.
    The pack's ``[steps] module``, if any, is imported and registered. Returns
    the pack; a manifest problem raises :class:`prepflow.PluginError`.
    """

    def register(where: str | Path) -> Any:
        path = Path(where)
        if isinstance(where, str) and not path.exists():
            from prepflow.manifest import pack_manifest_for

            found = pack_manifest_for(where)
            if found is None:
                raise LookupError(f"no pack.toml found in package '{where}'")
            path = found
        pack = prepflow_plugins.load_pack(path.resolve())  # a pack's files are read from anywhere
        prepflow_plugins.step_types  # register its steps now: a failure raises here  # noqa: B018
        return pack

    return register


def _installed(entry_point: str) -> tuple[Any, str, str, str]:
    from importlib.metadata import entry_points

    from prepflow.plugins import ENTRY_POINT_GROUP

    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == entry_point]
    if not found:
        names = sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})
        raise LookupError(
            f"no installed prepflow plugin named '{entry_point}' (installed: {', '.join(names) or 'none'})"
        )
    ep = found[0]
    dist = ep.dist.name if ep.dist else ""
    version = ep.dist.version if ep.dist else "unknown"
    return ep.load(), ep.name, version, f"entry point ({dist})"


@pytest.fixture
def prepflow_run(tmp_path: Path, prepflow_plugins: Plugins) -> Callable[..., PlanRun]:
    """``prepflow_run(plan_text, files={...}, formats=(), jobs=1, force=(), plugins=None) -> PlanRun``."""
    directory = tmp_path / "prepflow_run"

    def run(
        plan_text: str,
        files: Mapping[str, str | bytes] | None = None,
        *,
        formats: Collection[str] = (),
        jobs: int = 1,
        force: Collection[str] | str = (),
        plugins: Plugins | None = None,
    ) -> PlanRun:
        return run_plan_in(
            directory,
            plan_text,
            files,
            plugins=prepflow_plugins if plugins is None else plugins,
            formats=formats,
            jobs=jobs,
            force=force,
        )

    return run
