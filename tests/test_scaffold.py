"""`prepflow new plugin|pack`: names, no overwriting, and each scaffold installs and passes its own tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import Result

import prepflow
from prepflow import scaffold

Invoke = Callable[..., Result]
SCHEMAS = Path(__file__).parent.parent / "schemas"


@pytest.mark.parametrize("kind", ["plugin", "pack"])
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Acme", "'Acme' is not a project name: use lowercase letters"),
        ("acme--words", "'acme--words' is not a project name"),
        ("1acme", "'1acme' is not a project name"),
        ("acme.words", "'acme.words' is not a project name"),
        ("json", "'json' would shadow the module 'json'"),
        ("prepflow", "'prepflow' would shadow the module 'prepflow'"),
        ("class", "'class' would shadow the module 'class'"),
    ],
)
def test_bad_names_are_usage_errors(
    invoke: Invoke, tmp_path: Path, kind: str, name: str, message: str
) -> None:
    result = invoke("new", kind, name)
    assert result.exit_code == 2
    assert f"Error: {message}" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["plugin", "pack"])
def test_an_existing_directory_is_never_overwritten(invoke: Invoke, tmp_path: Path, kind: str) -> None:
    (tmp_path / "acme-words").mkdir()
    (tmp_path / "acme-words" / "keep.txt").write_text("mine")
    result = invoke("new", kind, "acme-words")
    assert result.exit_code == 2
    assert "Error: acme-words already exists; choose another NAME or --directory" in result.output
    assert [p.name for p in (tmp_path / "acme-words").iterdir()] == ["keep.txt"]


def test_bad_namespace(invoke: Invoke) -> None:
    result = invoke("new", "pack", "acme-coaching", "--namespace", "Acme")
    assert result.exit_code == 2
    assert "'Acme' is not a namespace" in result.output


def test_new_plugin_files(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("new", "plugin", "acme-words", "--directory", "src/words")
    assert result.exit_code == 0, result.output
    root = tmp_path / "src" / "words"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "acme_words/__init__.py",
        "acme_words/py.typed",
        "pyproject.toml",
        "tests/test_acme_words.py",
    ]
    assert result.output.splitlines()[-1] == "next: cd src/words && pip install -e '.[test]' && pytest"
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["name"] == "acme-words"
    assert project["project"]["entry-points"]["prepflow"] == {"acme-words": "acme_words"}
    assert project["tool"]["mypy"] == {"strict": True, "files": ["acme_words", "tests"]}
    module = (root / "acme_words" / "__init__.py").read_text()
    assert 'name="acme.keywords"' in module
    assert 'CONSUMES = {"job.analyze": ["role", "requirements.text"]}' in module
    assert 'prepflow.Section("acme.keywords", "acme.keywords", "Keywords"' in module


def test_new_pack_manifest_is_valid(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("new", "pack", "acme-coaching")
    assert result.exit_code == 0, result.output
    root = tmp_path / "acme-coaching"
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["prepflow"] == {"acme": "acme_coaching"}
    manifest = tomllib.loads((root / "acme_coaching" / "pack.toml").read_text())
    schema = json.loads((SCHEMAS / "pack.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(manifest)
    assert manifest["pack"] == {
        "name": "acme-coaching",
        "namespace": "acme",
        "version": project["project"]["version"],
        "description": "Describe your method in one line.",
    }
    from prepflow.manifest import read_manifest

    pack, problems = read_manifest(root / "acme_coaching" / "pack.toml")
    assert problems == []
    assert pack is not None and [t.name for t in pack.templates] == ["default"]
    assert sorted(pack.data) == ["agenda", "objections", "questions"]


def _venv(where: Path) -> Path:
    """A virtualenv that also sees this environment's packages (prepflow, pytest, pip, setuptools).

    ``--system-site-packages`` would add the base interpreter's packages, not this
    environment's, so a .pth file adds ours (processing their .pth files: prepflow's
    editable install); pip comes from there too, which saves installing it.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib, "_prepflow_dev.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    return python


@pytest.mark.parametrize("kind", ["plugin", "pack"])
def test_scaffold_installs_and_its_tests_pass(tmp_path: Path, kind: str) -> None:
    project = tmp_path / "project"
    (scaffold.new_plugin if kind == "plugin" else scaffold.new_pack)(f"zz-{kind}-demo", project)
    python = _venv(tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREPFLOW_", "PYTEST_"))}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")  # offline: nothing is downloaded
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "-e", str(project)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    tests = subprocess.run(
        # hypothesis's pytest plugin takes seconds to import and these tests don't use it
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-rs"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    summary = tests.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary and "failed" not in summary, tests.stdout
    if kind == "plugin":
        # The plugin and its tests are `mypy --strict` clean, as its pyproject asks (prepflow ships
        # py.typed). The editable install of prepflow is an import hook mypy cannot follow: a .pth
        # line naming the source folder shows mypy an installed package, as a regular install would.
        purelib = python.parent.parent / Path(sysconfig.get_paths()["purelib"]).relative_to(sys.prefix)
        (purelib / "_prepflow_src.pth").write_text(f"{Path(prepflow.__file__).parent.parent}\n")
        typed = subprocess.run(
            [python, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy-cache")],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
        )
        assert typed.returncode == 0, typed.stdout + typed.stderr
