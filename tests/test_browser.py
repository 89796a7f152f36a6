"""The HTML dossier in a real browser: headless Chromium from the Debian packages, driven by Selenium.

Skipped only when Chromium is not installed; `.ci/run` installs it, so CI always runs this.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromium
import pytest
from chromium import HAVE_BROWSER, MISSING
from click.testing import CliRunner
from dossier_fixtures import FIRST_PARTY, copy_plan

from prepflow.cli import cli

# A posting whose title carries every payload; job.analyze copies it into the role, and the
# stand-in prep steps plant that role text into their research, questions and objections.
XSS_TITLE = (
    'Platform Engineer <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> '
    '<a href="javascript:window.pwned = 3">apply</a> — Tidewater Cold Chain'
)

pytestmark = pytest.mark.skipif(not HAVE_BROWSER, reason=MISSING)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium.browser(tmp_path / "chromium-profile") as driver:
        yield driver


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture plan, run with a posting full of XSS payloads; returns its dossier.html."""
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", FIRST_PARTY)
    plan_file = copy_plan(tmp_path, posting_title=XSS_TITLE)
    monkeypatch.chdir(plan_file.parent)
    result = CliRunner().invoke(cli, ["run", "plan.toml", "--format", "html", "-q"])
    assert result.exit_code == 0, result.output
    html = plan_file.parent / "out" / "dossier.html"
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html.read_text(encoding="utf-8")
    return html


def test_the_dossier_in_headless_chromium(browser: Any, page: Path, tmp_path: Path) -> None:
    url = page.resolve().as_uri()
    browser.get("about:blank")
    browser.get_log("performance")  # drop what the browser itself loaded at start-up
    browser.get(url)

    # no console errors (a blocked script or resource would log one, and so would a CSP violation)
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []

    # no network requests: nothing at all goes over the network, and the page loads nothing but itself
    # (the browser's own new-tab page, open before the dossier, loads chrome:// and data: URLs)
    sent = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            sent.append((message["params"].get("documentURL"), message["params"]["request"]["url"]))
    assert not [u for _, u in sent if u.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp")], sent
    assert {u for document, u in sent if document == url} == {url}

    # the XSS payloads planted in the posting show as text and never ran (no "_": Markdown would eat it)
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    body = browser.execute_script("return document.body.innerText")
    assert "<script>window.pwned = 1</script>" in body
    assert browser.execute_script("return document.querySelectorAll('script, main img, iframe').length") == 0

    # the cheat sheet is on the first screen
    cheat = browser.execute_script(
        "const r = document.getElementById('cheat-h').getBoundingClientRect();"
        "const g = document.querySelector('#cheat .card').getBoundingClientRect();"
        "return {top: r.top, card: g.top, height: window.innerHeight, shown: r.width > 0 && r.height > 0};"
    )
    assert cheat["shown"] and 0 <= cheat["top"] < cheat["card"] < cheat["height"], cheat

    # the three charts render with a size, and their bars are drawn
    charts = browser.execute_script(
        "return [...document.querySelectorAll('svg.chart')].map(s => {"
        "  const r = s.getBoundingClientRect();"
        "  const bars = [...s.querySelectorAll('rect.bar')].filter(b => b.getBBox().width > 0).length;"
        "  return {id: s.getAttribute('aria-labelledby'), width: r.width, height: r.height, bars: bars,"
        "          title: s.querySelector('title').textContent};"
        "})"
    )
    assert [c["id"].split("-")[0] for c in charts] == ["themes", "cov", "focus"], charts
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 40 and chart["bars"] >= 2 and chart["title"], chart

    # printing works (the print stylesheet), and gives several pages
    import base64

    pdf = base64.b64decode(browser.print_page())
    assert (
        pdf.startswith(b"%PDF")
        and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page/") + pdf.count(b"/Type /Page>") != 1
    )

    shot = tmp_path / "dossier.png"
    assert browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}")


@pytest.mark.parametrize(("paper", "width", "height"), [("Letter", 21.59, 27.94), ("A4", 21.0, 29.7)])
def test_the_cheat_sheet_prints_on_one_page(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paper: str, width: float, height: float
) -> None:
    """Printed, the masthead and the whole cheat sheet fit the first page; the sections start on the next."""
    import base64
    import io
    import re

    from pdfminer.high_level import extract_text
    from selenium.webdriver.common.print_page_options import PrintOptions

    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", FIRST_PARTY)
    plan_file = copy_plan(tmp_path)
    monkeypatch.chdir(plan_file.parent)
    result = CliRunner().invoke(cli, ["run", "plan.toml", "--format", "html", "-q"])
    assert result.exit_code == 0, result.output
    browser.get((plan_file.parent / "out" / "dossier.html").resolve().as_uri())
    # the last words of each cheat-sheet card, as the browser lays them out
    ends = browser.execute_script(
        "return [...document.querySelectorAll('#cheat .card')]"
        ".map(c => c.innerText.trim().split(/\\s+/).slice(-4).join(' '))"
    )
    options = PrintOptions()
    options.page_width, options.page_height = width, height
    pdf = base64.b64decode(browser.print_page(options))

    def words(text: str) -> str:
        return re.sub(r"\s+", "", text)

    first, second = (words(extract_text(io.BytesIO(pdf), page_numbers=[n])) for n in (0, 1))
    assert len(ends) == 4
    for end in ends:
        assert words(end) in first, (paper, end)
        assert words(end) not in second, (paper, end)
