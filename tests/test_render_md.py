"""The md dossier: preparation order, readable text and tables, escaped inputs, stable bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from dossier_fixtures import FIRST_PARTY, copy_plan, full, planted, without

import prepflow
from prepflow.cli import cli

ORDER = [
    "## Cheat sheet",
    "## Company research",
    "## Questions to ask",
    "## Problem-solving ideas",
    "## Objections, with your answers",
    "## Story bank",
    "## Requirement match",
    "## Competency focus",
    "## Posture check",
    "## Steps run",
]
PREP = [
    "company.research",
    "questions.draft",
    "ideas.problem_solving",
    "objections.rehearse",
    "stories.bank",
    "posture.check",
]


def render(dossier: dict) -> str:
    return prepflow.Plugins().renderers["md"].render(dossier)


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


def test_sections_come_in_preparation_order() -> None:
    assert headings(render(full())) == ORDER


def test_the_cheat_sheet_has_three_of_each() -> None:
    text = render(full())
    cheat = text.split("## Cheat sheet")[1].split("\n## ")[0]
    drill = cheat.split("**Drill into these three**")[1].split("**Ask these three**")[0]
    assert len(re.findall(r"^\d\. \*\*", drill, re.M)) == 3
    assert "proof: Led the move of order routing" in drill and "[resume.md:8]" in drill
    ask = cheat.split("**Ask these three**")[1].split("**Have these answers ready**")[0]
    assert len(re.findall(r"^\d\. ", ask, re.M)) == 3
    assert "gives you pause" in ask  # the closing question that invites objections
    answers = cheat.split("**Have these answers ready**")[1].split("**30-60-90**")[0]
    assert answers.count("\n| “") == 3 and "telematics" in answers  # the top objection comes first
    assert "| 30 | learn |" in cheat and "| 90 | execute |" in cheat


def test_steps_are_found_by_what_they_use_not_their_id() -> None:
    dossier = full()
    dossier["steps"] = {f"step{i}": step for i, step in enumerate(dossier["steps"].values())}
    assert render(dossier).replace("step", "") != ""  # renders
    assert headings(render(dossier)) == ORDER


@pytest.mark.parametrize("uses", PREP)
def test_a_missing_prep_step_just_omits_its_section(uses: str) -> None:
    text = render(without(full(), uses))
    assert "## Cheat sheet" in text and "## Requirement match" in text
    assert f"| {uses} |" not in text


def test_only_the_analysis_steps() -> None:
    text = render(without(full(), *PREP))
    assert headings(text) == ["## Cheat sheet", "## Requirement match", "## Competency focus", "## Steps run"]
    assert "## Questions to ask" not in text


def test_an_empty_or_odd_dossier_still_renders() -> None:
    base = {"prepflow": {"version": "0", "dossier": 1}, "plan": {"name": "P", "file": "p.toml"}}
    assert render({**base, "inputs": {}, "steps": {}}).startswith("# P\n")
    odd = full()
    odd["steps"]["questions"]["outputs"] = {"questions": 42}
    odd["steps"]["research"]["outputs"]["themes"] = [1, "two", None, {"weight": "heavy"}]
    odd["steps"]["objections"]["outputs"]["objections"][0]["risk"] = None
    odd["steps"]["ideas"].update(status="failed", outputs=None)
    text = render(odd)
    assert "## Questions to ask" not in text and "## Problem-solving ideas" not in text


def test_citations_show_file_and_line() -> None:
    text = render(full())
    assert "Keep fresh food fresh from dock to shelf for independent grocers. [about.md:3]" in text
    assert "| 2026-06 | A summer heat wave" in text


def test_text_from_inputs_is_escaped() -> None:
    text = render(planted(full()))
    raw = re.compile(r"(?<!\\)<(script|img|a |svg)")  # a "<" that is not backslash-escaped
    assert not raw.search(text)
    assert not re.search(r"(?<!\\)\]\(javascript:", text)
    assert r"\<script\>window.__xss = 1\</script\>" in text
    columns = None
    for line in text.splitlines():
        if line.startswith("| "):  # a planted "|" never adds a table column
            cells = len(re.findall(r"(?<!\\)\|", line))
            columns = columns if line.startswith("| ") and columns else cells
            assert cells in (3, 4, 5)
        else:
            columns = None


def test_rerun_rewrites_nothing_and_the_bytes_are_stable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", FIRST_PARTY)
    plan_file = copy_plan(tmp_path)
    monkeypatch.chdir(plan_file.parent)
    runner = CliRunner()
    assert runner.invoke(cli, ["run", "plan.toml", "--format", "md", "-q"]).exit_code == 0
    out = plan_file.parent / "out" / "dossier.md"
    first, mtime = out.read_bytes(), out.stat().st_mtime_ns
    assert runner.invoke(cli, ["run", "plan.toml", "--format", "md", "--force", "-q"]).exit_code == 0
    assert out.read_bytes() == first and out.stat().st_mtime_ns == mtime
    assert b"## Cheat sheet" in first and b"[job.md:" in first


def test_a_gaps_closest_line_is_a_reason_not_evidence() -> None:
    dossier = full()
    [match] = [s for s in dossier["steps"].values() if s["uses"] == "match.evidence"]
    row = match["outputs"]["requirements"][0]
    row.update(
        status="gap",
        note=None,
        evidence=[{"text": "Built search services for a ferry app", "kind": "achievement",
                   "matched_terms": ["services"], "source": None}],
    )  # fmt: skip
    table = render(dossier).split("## Requirement match")[1]
    line = next(ln for ln in table.splitlines() if ln.startswith(f"| {row['requirement'][:20]}"))
    assert "Built search services" not in line
    assert "nothing on the resume shows it; the closest line shares only “services”" in line
