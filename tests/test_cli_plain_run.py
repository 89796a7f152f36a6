"""A plain ``prepflow run PLAN`` runs without click, and says and does exactly what click's ``run`` does.

Each case runs the same command line twice, in fresh copies of one folder, each in a process of its
own: through the console script (``prepflow.cli.main``, which takes the plain path when it can) and
straight through the click group, and compares exit status, standard output and standard error
(run ids and durations aside). Command lines the plain path does not take must reach click.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a run is watched from a forked child")

STEPS = """
import prepflow

def echo(ctx):
    ctx.log.info("echoing %s", ctx.config.get("value", 1))
    return {"value": ctx.config.get("value", 1)}

def fail(ctx):
    raise prepflow.StepError("no luck today")

def crash(ctx):
    raise ValueError("a bug in the plugin")

def warn(ctx):
    ctx.log.warning("careful: \\x1b[31mred\\x1b[0m")
    return {}

@prepflow.hookimpl
def register_step_types(register):
    for name, run in [("echo", echo), ("fail", fail), ("crash", crash), ("warn", warn)]:
        register(prepflow.StepType(name="p." + name, run=run, summary=name + ".",
                                   config_schema={"type": "object"}))

@prepflow.hookimpl
def dossier_summary(dossier):
    return ["read the \\x1b]0;title\\x07plan", "then rest"]
"""

PLANS = {
    "ok": '[steps.a]\nuses = "p.echo"\n[steps.b]\nuses = "p.warn"\nneeds = ["a"]\n',
    "fails": '[steps.a]\nuses = "p.echo"\n[steps.b]\nuses = "p.fail"\nneeds = ["a"]\n',
    "crashes": '[steps.a]\nuses = "p.crash"\n',
    "invalid": '[steps.a]\nuses = "p.nothing"\n[steps.b]\nuses = "p.echo"\nneeds = ["c"]\n',
    "broken": '[steps.a\nuses = "p.echo"\n',
}

SCRIPTS = {
    "plain": "import sys\nfrom prepflow.cli import main\nmain(sys.argv[1:])\n",
    "click": (
        "import sys\nfrom prepflow.cligroup import cli\ncli.main(args=sys.argv[1:], prog_name='prepflow')\n"
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with plugin ``steps.py`` and one plan per entry of PLANS (``ok.toml``, ...)."""
    base = tmp_path / "base"
    base.mkdir()
    (base / "steps.py").write_text(STEPS, encoding="utf-8")
    for name, steps in PLANS.items():
        text = f'plugins = ["steps.py"]\n[plan]\nname = "{name}"\n[output]\nformats = []\n{steps}'
        (base / f"{name}.toml").write_text(text, encoding="utf-8")
    return base


def _normal(text: str) -> str:
    text = re.sub(r"/(plain|click)-\d+/", "/HERE/", text)
    text = re.sub(r'"(time|seconds)": [0-9.e-]+', r'"\1": TIME', text)
    text = re.sub(r"\d{8}T\d{9}-[0-9a-f]{4}", "RUN", text)
    return re.sub(r"\d+(\.\d+)?(ms|s)\b", "TIME", text)


def run(folder: Path, how: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``prepflow ARGS`` in a fresh copy of ``folder``, by the console script or by click."""
    where = folder.parent / f"{how}-{len(list(folder.parent.iterdir()))}"
    shutil.copytree(folder, where)
    environ = {**os.environ, "PREPFLOW_LOAD_PLUGINS": "", "PREPFLOW_DEBUG": "", **env}
    return subprocess.run(
        [sys.executable, "-c", SCRIPTS[how], *args],
        cwd=where,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )


def same(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Both ways of running ``prepflow ARGS`` end alike; the plain way's result."""
    plain, clicks = run(folder, "plain", *args, **env), run(folder, "click", *args, **env)
    assert (plain.returncode, _normal(plain.stdout), _normal(plain.stderr)) == (
        clicks.returncode,
        _normal(clicks.stdout),
        _normal(clicks.stderr),
    )
    return plain


@pytest.mark.parametrize(
    "flags", [(), ("-q",), ("--quiet",), ("--json",), ("-v",), ("--verbose", "--resume"), ("-q", "-q")]
)
def test_a_run_that_succeeds_says_the_same(folder: Path, flags: tuple[str, ...]) -> None:
    result = same(folder, "run", *flags, "ok.toml")
    assert result.returncode == 0
    if "-q" not in flags and "--quiet" not in flags and "--json" not in flags:
        assert "first, do:\n  1. read the plan\n  2. then rest\n" in result.stderr
    assert "prepflow: step 'b': warning: careful: red" in result.stderr  # no escape reaches the terminal
    assert ("echoing 1" in result.stderr) == any(f in flags for f in ("-v", "--verbose"))
    if "--json" in flags:
        assert json.loads(result.stdout.splitlines()[-1])["event"] == "run_finished"


@pytest.mark.parametrize("plan", ["fails", "crashes", "invalid", "broken"])
@pytest.mark.parametrize("flags", [(), ("--json",)])
def test_a_run_that_fails_says_the_same(folder: Path, plan: str, flags: tuple[str, ...]) -> None:
    result = same(folder, "run", f"{plan}.toml", *flags)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_the_messages_of_a_failed_run(folder: Path) -> None:
    assert "prepflow: step 'b' failed: no luck today\n" in same(folder, "run", "fails.toml").stderr
    invalid = same(folder, "run", "invalid.toml").stderr
    assert "p.nothing" in invalid and invalid.endswith("prepflow: 2 problems found; nothing was run\n")


@pytest.mark.parametrize("debug", [{"flag": "--debug"}, {"PREPFLOW_DEBUG": "1"}], ids=["flag", "environment"])
@pytest.mark.parametrize("plan", ["crashes", "invalid"])
def test_debug_shows_the_traceback_either_way(folder: Path, plan: str, debug: dict[str, str]) -> None:
    args = ["run", f"{plan}.toml", *[v for k, v in debug.items() if k == "flag"]]
    env = {k: v for k, v in debug.items() if k != "flag"}
    plain, clicks = run(folder, "plain", *args, **env), run(folder, "click", *args, **env)
    assert plain.returncode == clicks.returncode == 1
    assert "Traceback" in plain.stderr
    assert plain.stderr.strip().splitlines()[-1] == clicks.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        ("run",),
        ("run", "missing.toml"),
        ("run", "."),
        ("run", "ok.toml", "invalid.toml"),
        ("run", "ok.toml", "--jobs", "2"),
        ("run", "ok.toml", "--no-such-flag"),
        ("run", "-qv", "ok.toml"),
        ("run", "--", "ok.toml"),
        ("run", "ok.toml", "--help"),
        ("--debug", "run", "crashes.toml"),
    ],
    ids=" ".join,
)
def test_any_other_command_line_is_clicks(folder: Path, args: tuple[str, ...]) -> None:
    result = same(folder, *args)
    assert result.returncode in (0, 1, 2)


def test_an_unreadable_plan_is_left_to_click(folder: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    (folder / "ok.toml").chmod(0)
    result = same(folder, "run", "ok.toml")
    assert result.returncode == 2 and "is not readable" in result.stderr


def test_a_plain_run_imports_no_click(folder: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from prepflow.cli import main
        try:
            main(["run", "-q", "ok.toml"])
        except SystemExit as e:
            print(e.code, "click" in sys.modules, "prepflow.cligroup" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PREPFLOW_LOAD_PLUGINS": ""},
        timeout=120,
    )
    assert done.stdout.split() == ["0", "False", "False"], done.stderr
    assert (folder / ".prepflow" / "runs").is_dir()


def test_a_closed_pipe_ends_a_plain_run_quietly(folder: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPTS["plain"], "run", "--json", "ok.toml"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PREPFLOW_LOAD_PLUGINS": ""},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 1)
    assert "Traceback" not in err and "Exception ignored" not in err


def test_the_click_group_is_still_reached_through_prepflow_cli() -> None:
    import prepflow.cli as console
    from prepflow.cligroup import COMMANDS, cli

    assert console.cli is cli and console.COMMANDS is COMMANDS
    missing = re.escape("module 'prepflow.cli' has no attribute 'no_such_name'")
    with pytest.raises(AttributeError, match=missing):
        console.no_such_name  # noqa: B018
