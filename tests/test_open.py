"""`prepflow open [DIR]` and the summary at the end of `prepflow run` (the dossier_summary hook)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from dossier_fixtures import FIRST_PARTY, copy_plan

from prepflow.cli import cli


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs `prepflow open` asked the browser to open (none really opens)."""
    urls: list[str] = []

    def fake_open(url: str, *args: object, **kwargs: object) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", fake_open)
    return urls


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def write_page(folder: Path, name: str = "dossier.html") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / name
    page.write_text("<!doctype html><title>d</title>\n", encoding="utf-8")
    return page


def test_open_an_output_folder(tmp_path: Path, opened: list[str]) -> None:
    page = write_page(tmp_path / "out")
    result = invoke("open", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert opened == [page.resolve().as_uri()]


def test_open_defaults_to_the_output_folder_of_the_plan_here(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.toml").write_text(
        '[steps.a]\nuses = "x.y"\n[output]\ndir = "dossier"\n', encoding="utf-8"
    )
    page = write_page(tmp_path / "dossier")
    monkeypatch.chdir(tmp_path)
    result = invoke("open")
    assert result.exit_code == 0, result.output
    assert opened == [page.resolve().as_uri()]
    assert "opening dossier/dossier.html" in result.stderr


def test_open_a_plan_file_or_its_folder(tmp_path: Path, opened: list[str]) -> None:
    (tmp_path / "prep.toml").write_text('[steps.a]\nuses = "x.y"\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    page = write_page(tmp_path / "out")  # the default output folder
    assert invoke("open", str(tmp_path / "prep.toml")).exit_code == 0
    assert invoke("open", str(tmp_path)).exit_code == 0
    assert opened == [page.resolve().as_uri()] * 2


def test_open_picks_the_most_recent_dossier(tmp_path: Path, opened: list[str]) -> None:
    (tmp_path / "a.toml").write_text('[steps.a]\nuses = "x.y"\n[output]\ndir = "a"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[steps.a]\nuses = "x.y"\n[output]\ndir = "b"\n', encoding="utf-8")
    old, new = write_page(tmp_path / "a"), write_page(tmp_path / "b")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert invoke("open", str(tmp_path)).exit_code == 0
    assert opened == [new.resolve().as_uri()]


def test_open_with_no_dossier_says_how_to_make_one(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("open")
    assert result.exit_code == 1 and opened == []
    assert "no HTML dossier in ." in result.stderr
    assert "--format html" in result.stderr
    result = invoke("open", "missing-folder")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_open_with_no_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: False)
    page = write_page(tmp_path / "out")
    result = invoke("open", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "no web browser found" in result.stderr and str(page) in result.stderr


def test_run_ends_with_where_the_dossier_is_and_three_things_to_do_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", FIRST_PARTY)
    plan_file = copy_plan(tmp_path)
    monkeypatch.chdir(plan_file.parent)
    result = invoke("run", "plan.toml")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    start = lines.index("first, do:")
    assert lines[start - 3 : start] == [
        "dossier: out/dossier.html",
        "dossier: out/dossier.md",
        "dossier: out/dossier.json",
    ]
    assert [line[:5] for line in lines[start + 1 : start + 4]] == ["  1. ", "  2. ", "  3. "]
    assert lines[start + 1].startswith("  1. Rehearse your answer to “We need someone who has run telematics")
    assert lines[start + 2].startswith("  2. Prove 4+ years building backend services in Python")
    assert lines[start + 3].startswith("  3. Find out: Why is the role open now?")
    assert lines[-1] == "read it: prepflow open out"
    assert result.stdout == ""
    assert invoke("open", "out").exit_code == 0
    assert opened == [(plan_file.parent / "out" / "dossier.html").resolve().as_uri()]
    quiet = invoke("run", "plan.toml", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""


HOOK_PLUGIN = """
import prepflow

SEEN = []

@prepflow.hookimpl
def dossier_summary(dossier):
    steps = sorted(s["uses"] for s in dossier["steps"].values())
    return [f"Plan: {dossier['plan']['name']}", "Steps: " + ", ".join(steps), "  spaced   out  "]
"""


def test_hook_dossier_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook gets the dossier; its lines are printed, numbered, after the dossier's paths."""
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "documents,job")
    (tmp_path / "summary.py").write_text(HOOK_PLUGIN, encoding="utf-8")
    (tmp_path / "job.md").write_text("# Engineer\n\n## Requirements\n- Python\n", encoding="utf-8")
    (tmp_path / "plan.toml").write_text(
        'plugins = ["summary.py"]\n[plan]\nname = "Hooked"\n[steps.j]\nuses = "job.analyze"\n'
        'with.source = "job.md"\n[output]\nformats = []\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "plan.toml")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-4:] == [
        "first, do:",
        "  1. Plan: Hooked",
        "  2. Steps: job.analyze",
        "  3. spaced out",
    ]


def test_a_failing_summary_hook_only_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "documents")
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    (tmp_path / "boom.py").write_text(
        "import prepflow\n\n@prepflow.hookimpl\ndef dossier_summary(dossier):\n    raise ValueError('no')\n",
        encoding="utf-8",
    )
    (tmp_path / "plan.toml").write_text(
        'plugins = ["boom.py"]\n[steps.n]\nuses = "doc.load"\nwith.source = "notes.md"\n'
        "[output]\nformats = []\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "plan.toml")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == "prepflow: warning: no summary: ValueError: no"
