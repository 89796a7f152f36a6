"""Plugins that raise in hooks, fail to register, or return what JSON cannot hold: each is reported as
that plugin's problem, in one line, and the run, its record and its dossier are kept."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

import prepflow

Invoke = Callable[..., Result]
Write = Callable[[str, str], Path]


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no words")


class Hooky:
    """Lifecycle hooks that all raise."""

    @prepflow.hookimpl
    def run_started(self, run: Any) -> None:
        raise ValueError("cannot start")

    @prepflow.hookimpl
    def after_step(self, run: Any, step: Any, result: Any) -> None:
        raise KeyError("after")

    @prepflow.hookimpl
    def step_error(self, run: Any, step: Any, error: BaseException) -> None:
        raise Unprintable()

    @prepflow.hookimpl
    def run_finished(self, run: Any, status: str) -> None:
        raise RuntimeError("cannot finish")


class Watcher:
    """A well-behaved plugin beside the broken one: it still hears every hook."""

    def __init__(self) -> None:
        self.heard: list[str] = []

    @prepflow.hookimpl
    def run_started(self, run: Any) -> None:
        self.heard.append("run_started")

    @prepflow.hookimpl
    def run_finished(self, run: Any, status: str) -> None:
        self.heard.append(f"run_finished {status}")


def test_hooks_that_raise_are_that_plugins_failure_and_the_run_goes_on(
    write: Write, testkit: prepflow.Plugins
) -> None:
    watcher = Watcher()
    testkit.register(Hooky(), name="hooky")
    testkit.register(watcher, name="watcher")
    path = write(
        "plan.toml",
        '[steps.a]\nuses = "t.echo"\n[steps.b]\nuses = "t.echo"\nwith.value = 2\n'
        '[steps.c]\nuses = "t.fail"\ncontinue_on_error = true\n[output]\nformats = ["txt"]\n',
    )
    result = prepflow.run_plan(prepflow.load_plan(path, testkit), testkit)
    assert result.status == "success"
    assert [f.name for f in result.files] == ["dossier.txt"]  # the dossier is written
    assert watcher.heard == ["run_started", "run_finished success"]
    assert result.warnings == (
        "plugin 'hooky' failed in its run_started hook: ValueError: cannot start",
        "plugin 'hooky' failed in its after_step hook: KeyError: 'after' (3 times)",
        "plugin 'hooky' failed in its step_error hook: "
        "Unprintable (its message could not be shown: RuntimeError in Unprintable.__str__)",
        "plugin 'hooky' failed in its run_finished hook: RuntimeError: cannot finish",
    )
    record = json.loads((result.record_dir / "run.json").read_text())
    assert record["status"] == "success"
    assert record["warnings"] == list(result.warnings)


def test_the_command_line_shows_a_hooks_failure_as_one_warning(
    tmp_path: Path, invoke: Invoke, kit: Path
) -> None:
    (tmp_path / "hooky.py").write_text(
        "import prepflow\n@prepflow.hookimpl\ndef run_finished(run, status):\n    raise OSError('disk')\n"
    )
    (tmp_path / "plan.toml").write_text(
        'plugins = ["testkit.py", "hooky.py"]\n[steps.a]\nuses = "t.echo"\n[output]\nformats = ["txt"]\n'
    )
    result = invoke("run", "plan.toml")
    assert result.exit_code == 0, result.output
    assert (
        "prepflow: warning: plugin 'hooky' failed in its run_finished hook: OSError: disk\n" in result.stderr
    )
    assert (tmp_path / "out" / "dossier.txt").exists()
    result = invoke("run", "plan.toml", "--json")
    last = json.loads(result.stdout.splitlines()[-1])
    assert last["warnings"] == ["plugin 'hooky' failed in its run_finished hook: OSError: disk"]


def test_an_exception_that_cannot_say_what_it_is_fails_only_its_step(
    write: Write, testkit: prepflow.Plugins
) -> None:
    def broken(ctx: prepflow.StepContext) -> dict[str, Any]:
        raise Unprintable()

    testkit.register(_types(prepflow.StepType(name="u.broken", run=broken, summary="Raise.")), name="u")
    path = write(
        "plan.toml", '[steps.a]\nuses = "u.broken"\ncontinue_on_error = true\n[output]\nformats = []\n'
    )
    result = prepflow.run_plan(prepflow.load_plan(path, testkit), testkit)
    assert result.status == "success"
    assert result.steps["a"].error == (
        "Unprintable (its message could not be shown: RuntimeError in Unprintable.__str__)"
    )


def test_a_huge_error_message_is_cut_to_one_short_line(write: Write, testkit: prepflow.Plugins) -> None:
    def flood(ctx: prepflow.StepContext) -> dict[str, Any]:
        raise ValueError("x" * 100_000 + "\nand a second line")

    testkit.register(_types(prepflow.StepType(name="u.flood", run=flood, summary="Flood.")), name="u")
    path = write("plan.toml", '[steps.a]\nuses = "u.flood"\n[output]\nformats = []\n')
    error = prepflow.run_plan(prepflow.load_plan(path, testkit), testkit).steps["a"].error
    assert error is not None and len(error) < 450 and "\n" not in error
    assert error.startswith("ValueError: xxx") and error.endswith("… (cut; 100,018 characters in all)")


def _types(*step_types: prepflow.StepType) -> object:
    class Plugin:
        @prepflow.hookimpl
        def register_step_types(self, register: Any) -> None:
            for step_type in step_types:
                register(step_type)

    return Plugin()


# -- a plan's own plugin files that fail to register -----------------------------------------

BROKEN_REGISTER = {
    "raises": (
        "def register_step_types(register):\n    raise RuntimeError('cannot register')\n",
        "RuntimeError: cannot register",
    ),
    "bad_schema": (
        "def register_step_types(register):\n"
        "    register(prepflow.StepType(name='b.x', run=lambda ctx: {}, summary='X.',"
        " config_schema={'type': 'string'}))\n",
        "ValueError: config_schema must be a JSON Schema of an object (type: object)",
    ),
    "not_a_step_type": (
        "def register_step_types(register):\n    register({'name': 'b.x'})\n",
        "register() expects a StepType, got dict",
    ),
}


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("case", sorted(BROKEN_REGISTER))
def test_a_plan_plugin_that_fails_to_register_is_a_problem_of_the_plan(
    tmp_path: Path, invoke: Invoke, kit: Path, case: str, command: str
) -> None:
    code, error = BROKEN_REGISTER[case]
    (tmp_path / "broken.py").write_text("import prepflow\n@prepflow.hookimpl\n" + code)
    (tmp_path / "plan.toml").write_text('plugins = ["testkit.py", "broken.py"]\n[steps.a]\nuses = "t.echo"\n')
    result = invoke(command, "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"plan.toml:1:26: plugins[1]: plugin file 'broken.py' failed to load: {error}",
        "prepflow: 1 problem found; nothing was run",
    ]


# -- outputs ------------------------------------------------------------------------------------


def test_integer_keys_read_the_same_fresh_and_cached(write: Write, testkit: prepflow.Plugins) -> None:
    def counts(ctx: prepflow.StepContext) -> dict[str, Any]:
        return {"by_year": {2024: "one", 2025: "two"}, "pair": (1, 2)}

    testkit.register(_types(prepflow.StepType(name="k.counts", run=counts, summary="Counts.")), name="k")
    path = write(
        "plan.toml",
        '[steps.a]\nuses = "k.counts"\n[steps.b]\nuses = "t.any"\nwith.seen = "${steps.a.outputs.by_year}"\n'
        '[output]\nformats = ["txt"]\n',
    )
    fresh = prepflow.run_plan(prepflow.load_plan(path, testkit), testkit)
    fresh_text = (path.parent / "out" / "dossier.txt").read_text()
    assert fresh.steps["a"].outputs == {"by_year": {"2024": "one", "2025": "two"}, "pair": [1, 2]}
    assert fresh.steps["b"].outputs == {"seen": {"2024": "one", "2025": "two"}}
    (path.parent / "out" / "dossier.txt").unlink()
    cached = prepflow.run_plan(prepflow.load_plan(path, testkit), testkit)
    assert {r.status for r in cached.steps.values()} == {"cached"}
    assert (path.parent / "out" / "dossier.txt").read_text() == fresh_text


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        (
            {"resume": {"numbers": [1, json.loads("1" * 400 + ".0")]}},
            "outputs.resume.numbers[1]: the number is infinite (a number too large for a float, such as "
            "1e400, is infinite)",
        ),
        ({"table": {1: "a", "b": 2}}, "outputs.table: keys mix strings and ints (1); use string keys"),
        ({"when": {"at": object}}, "outputs.when.at: a value of type type (<class 'object'>), which JSON"),
    ],
)
def test_outputs_json_cannot_hold_are_named_by_step_and_key(
    write: Write, testkit: prepflow.Plugins, outputs: dict[str, Any], message: str
) -> None:
    testkit.register(
        _types(prepflow.StepType(name="j.bad", run=lambda ctx: outputs, summary="Bad.")), name="j"
    )
    path = write("plan.toml", '[steps.reader]\nuses = "j.bad"\n[output]\nformats = []\n')
    result = prepflow.run_plan(prepflow.load_plan(path, testkit), testkit)
    error = result.steps["reader"].error
    assert error is not None
    assert error.startswith(f"step type 'j.bad' returned outputs that are not JSON: {message}")


# -- plan files -------------------------------------------------------------------------------


def test_a_toml_error_at_the_end_of_the_file_has_a_line(tmp_path: Path, invoke: Invoke, kit: Path) -> None:
    (tmp_path / "plan.toml").write_text(
        textwrap.dedent(
            """\
            plugins = ["testkit.py"]
            [steps.a]
            uses = "t.echo"
            with.value = [1, 2

            """
        )
    )
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0] == "plan.toml:4:19: invalid TOML: unclosed array at the end of the file"
    )


class CountingName(str):
    """A step name that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        CountingName.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_a_long_needs_list_is_checked_in_linear_work(testkit: prepflow.Plugins, tmp_path: Path) -> None:
    from prepflow.plan_steps import StepChecker

    class Problems:
        def __init__(self) -> None:
            self.found: list[tuple[Any, str]] = []

        def add(self, where: Any, message: str, at_key: bool = False) -> None:
            self.found.append((where, message))

    count = 3000
    names = [CountingName(f"s{i}") for i in range(count)]
    raw_steps: dict[str, Any] = {name: {"uses": "t.echo"} for name in names}
    raw_steps["last"] = {"uses": "t.echo", "needs": [*names, *names[:10]]}  # ten listed twice
    problems = Problems()
    checker = StepChecker(raw_steps, {}, tmp_path, testkit, problems)
    CountingName.compared = 0
    steps = checker.steps()
    assert steps["last"].needs == tuple(names)
    # a list's `in` compares each name with every one before it: millions of comparisons
    assert CountingName.compared < 10 * count


def test_unknown_needs_are_listed_twenty_at_most(tmp_path: Path, invoke: Invoke, kit: Path) -> None:
    names = ", ".join(f'"nope{i}"' for i in range(1000))
    (tmp_path / "plan.toml").write_text(
        f'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\nneeds = [{names}]\n'
    )
    result = invoke("validate", "plan.toml")
    lines = result.stderr.splitlines()
    assert len(lines) == 22
    assert "steps.a.needs: and 980 more names of no step (the first 20 are shown)" in lines[0]
    assert lines[-1] == "prepflow: 21 problems found; nothing was run"


def test_json_events_stay_one_per_line_whatever_they_carry(tmp_path: Path, invoke: Invoke, kit: Path) -> None:
    folder = tmp_path / "odd\u2028folder\u2029name\x85here"  # separators JSON leaves unescaped
    folder.mkdir()
    (folder / "plan.toml").write_text(
        'plugins = ["../testkit.py"]\n[steps.a]\nuses = "t.echo"\n[output]\nformats = []\n'
    )
    result = invoke("run", str(folder / "plan.toml"), "--json")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0]["plan"] == str(folder / "plan.toml")
