"""A third-party plugin passes `mypy --strict` against an installed prepflow (py.typed, typed hooks)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import prepflow
from prepflow.hooks import Hooks

ROOT = Path(__file__).parent.parent
PLUGIN = Path(__file__).parent / "fixtures" / "typed" / "typed_plugin.py"
PIP_INSTALL = (sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation")
MYPY_STRICT = (sys.executable, "-m", "mypy", "--strict", "--no-incremental")


def test_a_plugin_passes_mypy_strict_against_installed_prepflow(tmp_path: Path) -> None:
    """prepflow installed as pip installs it (not editable), in an environment of its own."""
    target = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREPFLOW_", "PYTEST_"))}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    install = subprocess.run(
        [*PIP_INSTALL, "--target", str(target), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    assert (target / "prepflow" / "py.typed").is_file()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # the installed prepflow first; its dependencies (pluggy, attrs, ...) from this environment
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib, "paths.pth").write_text(f"{target}\n{ours}\n", encoding="utf-8")
    checked = subprocess.run(
        [*MYPY_STRICT, "--python-executable", str(python), str(PLUGIN)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_hooks_are_one_typed_method_each() -> None:
    from prepflow import hookspecs

    specs = {name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "prepflow_spec")}
    methods = {name for name in vars(Hooks) if not name.startswith("_")}
    assert specs == methods
    plugins = prepflow.Plugins([PLUGIN], entry_points=False)
    assert plugins.hooks.dossier_summary({"steps": {"a": {}}}) == ["1 steps"]
    assert "acme.count" in plugins.step_types and "agenda" in plugins.data_kinds
