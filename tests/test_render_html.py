"""The html dossier: one self-contained page, cheat sheet first, charts, citations, escaped inputs."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from dossier_fixtures import FIRST_PARTY, copy_plan, full, planted, without

import prepflow
from prepflow.cli import cli

SECTIONS = ["cheat", "research", "themes", "questions", "ideas", "objections", "stories", "match", "focus"]


def render(dossier: dict) -> str:
    return prepflow.Plugins().renderers["html"].render(dossier)


class Page(HTMLParser):
    """Every tag with its attributes, and the text of <title> elements inside SVGs."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.svg_titles: list[str] = []
        self._svg = 0
        self._title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        self._svg += tag == "svg"
        self._title = tag == "title" and self._svg > 0

    def handle_endtag(self, tag: str) -> None:
        self._svg -= tag == "svg"
        self._title = False

    def handle_data(self, data: str) -> None:
        if self._title:
            self.svg_titles.append(data)


def test_one_self_contained_file() -> None:
    html = render(full())
    page = Page(html)
    names = {tag for tag, _ in page.tags}
    assert "script" not in names and "link" not in names and "iframe" not in names
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "poster", "srcset"):
            value = attrs.get(name)
            assert value is None or value.startswith("#") or value.startswith("data:image/"), (tag, attrs)
    assert "@import" not in html and "url(" not in html and "http://" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_sections_in_preparation_order_with_the_cheat_sheet_first() -> None:
    html = render(full())
    ids = [attrs["id"] for tag, attrs in Page(html).tags if tag == "section"]
    assert ids[: len(SECTIONS)] == SECTIONS
    assert ids[-2:] == ["posture", "sources"]


def test_cheat_sheet_content() -> None:
    html = render(full())
    cheat = html.split('id="cheat"')[1].split("</section>")[0]
    assert cheat.count('<span class="proof">') == 3
    assert "Led the move of order routing" in cheat
    assert cheat.count("<li>“") == 3 and "gives you pause" in cheat
    assert cheat.count("<dt>") == 3 and "telematics" in cheat.split("<dt>")[1]
    assert cheat.count('class="days"') == 3


def test_three_charts_with_titles_and_descriptions() -> None:
    page = Page(render(full()))
    charts = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(charts) == 3
    for attrs in charts:
        assert attrs["role"] == "img" and attrs.get("aria-labelledby") and attrs.get("viewbox")
    titles = " ".join(page.svg_titles)
    assert "Requirement coverage" in titles and "themes by weight" in titles and "Competency focus" in titles
    assert "Must-have: 2 met" in render(full())  # the description gives the numbers in words


def test_citations_show_file_and_line_on_hover_and_as_footnotes() -> None:
    html = render(full())
    assert re.search(r'<a class="cite" href="#src-(\d+)" title="inputs/company/about.md:3 — ', html)
    number = re.search(r'href="#src-(\d+)" title="inputs/company/about.md:3 ', html).group(1)
    assert f'<li id="src-{number}"><code>inputs/company/about.md:3</code>' in html


def test_xss_payloads_render_as_text() -> None:
    html = render(planted(full()))
    assert "<script" not in html.lower()
    page = Page(html)
    for tag, attrs in page.tags:
        assert tag not in ("script", "img", "iframe") or attrs.get("src", "").startswith("data:image/")
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "javascript:" not in (attrs.get("href") or "")
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
    assert "onerror=&#34;window.__xss = 2&#34;" in html


@pytest.mark.parametrize(
    "uses",
    [
        "company.research",
        "questions.draft",
        "ideas.problem_solving",
        "objections.rehearse",
        "stories.bank",
        "posture.check",
        "match.evidence",
        "focus.competencies",
        "job.analyze",
    ],
)
def test_a_missing_step_omits_its_section(uses: str) -> None:
    html = render(without(full(), uses))
    assert 'id="cheat"' in html
    section = {"company.research": "research", "questions.draft": "questions", "stories.bank": "stories"}
    if uses in section:
        assert f'id="{section[uses]}"' not in html


def test_only_analysis_steps_shows_the_postings_themes_and_empty_cheat_cards() -> None:
    dossier = without(full(), "company.research", "questions.draft", "objections.rehearse")
    html = render(dossier)
    assert "Themes of the posting, by weight." in html
    assert "No questions yet" in html and "No objections yet" in html


def test_odd_outputs_do_not_break_the_page() -> None:
    dossier = full()
    dossier["steps"]["questions"]["outputs"] = {"questions": [None, 3, "a bare string", {"order": "x"}]}
    dossier["steps"]["research"]["outputs"]["themes"] = [1, {"phrase": "p", "weight": None}]
    dossier["steps"]["posture"]["outputs"] = {"score": "high", "dimensions": [{"name": "agenda"}]}
    dossier["steps"]["match"]["outputs"]["coverage"] = None
    dossier["steps"]["focus"]["outputs"]["competencies"][0]["priority"] = float("nan")
    dossier["steps"]["research"]["outputs"]["themes"].append({"phrase": "q", "sources_count": float("inf")})
    dossier["steps"]["ideas"].update(status="failed", outputs=None)
    html = render(dossier)
    assert 'id="ideas"' not in html and "a bare string" in html


def test_deterministic() -> None:
    assert render(full()) == render(full())


def test_branding_from_a_pack_is_shown_safely() -> None:
    logo = (
        "data:image/svg+xml;base64," + base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
    )
    dossier = full()
    dossier["branding"] = {
        "pack": "acme",
        "title": "Acme · dossier",
        "css": "h1{color:red}</style><script>x()</script>",
        "logo": logo,
    }
    html = render(dossier)
    assert "Acme · dossier" in html and f'src="{logo}"' in html and "h1{color:red}" in html
    assert "<script" not in html
    dossier["branding"]["logo"] = "javascript:alert(1)"
    assert "javascript:" not in render(dossier)


def test_cli_writes_the_page_and_a_rerun_rewrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", FIRST_PARTY)
    plan_file = copy_plan(tmp_path)
    monkeypatch.chdir(plan_file.parent)
    result = CliRunner().invoke(cli, ["run", "plan.toml"])
    assert result.exit_code == 0, result.output
    page = plan_file.parent / "out" / "dossier.html"
    assert "dossier: out/dossier.html" in result.stderr
    before = page.stat().st_mtime_ns
    assert CliRunner().invoke(cli, ["run", "plan.toml", "--force", "-q"]).exit_code == 0
    assert page.stat().st_mtime_ns == before
    assert "Platform Engineer — Tidewater Cold Chain" in page.read_text(encoding="utf-8")
