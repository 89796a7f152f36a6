"""resume.analyze on Word and Markdown resumes in common layouts (fixtures written here, not eval texts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from resume_docx_fixtures import LAYOUTS, SKILLS

from prepflow.cli import cli

ACHIEVEMENTS = [
    (0, "Cut nightly load time by 40% by partitioning the warehouse tables"),
    (0, "Led a team of 4 engineers through the move to Kubernetes"),
    (1, "Built 25 SQL reports used by branch managers every week"),
]


def analyze(path: Path) -> dict:
    result = CliRunner().invoke(
        cli,
        ["step", "run", "resume.analyze", "--with", f"source={path}", "--with", "as_of=2025-06", "--json"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def roles(out: dict) -> list[tuple]:
    return [(r["title"], r["organisation"], r["start"], r["end"]) for r in out["roles"]]


def in_roles(out: dict) -> list[tuple[int, str]]:
    return [(a["role"], a["text"]) for a in out["achievements"] if a["role"] is not None]


EXPECTED_DOCX = {
    "bold_employer": ("2021-03", None, "2016-06", "2021-02"),
    "heading_styles": ("2021-03", None, "2016-06", "2021-02"),
    "bold_headings": ("2021-03", None, "2016-06", "2021-02"),
    "table_headers": ("2021-03", None, "2016-06", "2021-02"),
    "tab_separated": ("2021-03", None, "2016-06", "2021-02"),
    "two_line_header": ("2019-01", None, "2016-06", "2018-12"),
    "year_only": ("2021", None, "2016", "2021"),
    "line_breaks": ("2021-03", None, "2016-06", "2021-02"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_word_resume_layouts(tmp_path: Path, layout: str) -> None:
    path = tmp_path / f"{layout}.docx"
    LAYOUTS[layout](path)
    out = analyze(path)
    start0, end0, start1, end1 = EXPECTED_DOCX[layout]
    assert roles(out) == [
        ("Senior Data Engineer", "Harbor Logistics", start0, end0),
        ("Data Analyst", "Prairie Credit Union", start1, end1),
    ]
    got = in_roles(out)
    if layout == "tab_separated":  # the wrapped bullet's continuation paragraph joins its claim
        assert got[0] == (0, ACHIEVEMENTS[0][1] + " and rewriting the slowest transforms")
        got[0] = ACHIEVEMENTS[0]
    assert got == ACHIEVEMENTS
    assert [s["name"] for s in out["skills"]] == SKILLS
    assert not any("Trailhead" in (r["title"] or "") + (r["organisation"] or "") for r in out["roles"])
    assert [e["institution"] for e in out["education"]] == ["University of Minnesota"]


def load_lines(path: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["lines"]


def test_docx_tab_is_a_visible_separator(tmp_path: Path) -> None:
    path = tmp_path / "tabs.docx"
    LAYOUTS["tab_separated"](path)
    texts = [line["text"] for line in load_lines(path)]
    assert "Senior Data Engineer · Harbor Logistics · Mar 2021 – Present" in texts
    wrapped = ACHIEVEMENTS[0][1] + " and rewriting the slowest transforms"
    assert "- " + wrapped in texts


def test_docx_soft_line_break_starts_a_line_and_typed_bullet_keeps_no_separator(tmp_path: Path) -> None:
    path = tmp_path / "breaks.docx"
    LAYOUTS["line_breaks"](path)
    lines = load_lines(path)
    header = [(line["text"], line["kind"]) for line in lines if line["line"] == lines[3]["line"]]
    assert header == [
        ("Senior Data Engineer", "text"),
        ("Harbor Logistics, Duluth, MN", "text"),
        ("Mar 2021 – Present", "text"),
    ]
    assert lines[6]["text"] == "- Cut nightly load time by 40% by partitioning the warehouse tables"
    assert lines[6]["kind"] == "bullet"


MARKDOWN = Path(__file__).parent / "fixtures" / "resumes" / "layouts"


@pytest.mark.parametrize("layout", sorted(path.name for path in MARKDOWN.glob("*.md")))
def test_markdown_resume_layouts(layout: str) -> None:
    """'### Org - Place' then '**Title**; dates', '**Title**, Org (dates)', '### Title | Org | dates',
    a pandoc definition list, dates in a right-aligned table column."""
    out = analyze(MARKDOWN / layout)
    assert roles(out) == [
        ("Senior Data Engineer", "Harbor Logistics", "2021-03", None),
        ("Data Analyst", "Prairie Credit Union", "2016-06", "2021-02"),
    ]
    assert in_roles(out) == ACHIEVEMENTS
    projects = [a["text"] for a in out["achievements"] if a["role"] is None]
    assert projects == ["Built an offline map viewer used by 300 hikers"]  # no ':' left of a definition
    assert [s["name"] for s in out["skills"]] == SKILLS
    assert [e["institution"] for e in out["education"]] == ["University of Minnesota"]
