"""Planted script in the posting, resume and company notes never runs in any dossier format.

Headless Chromium from the Debian packages, as in tests/test_browser.py: skipped only when it
is not installed (`.ci/run` installs it). See planted.py for the payloads and the checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromium
import planted
import pytest

pytestmark = pytest.mark.skipif(
    not chromium.HAVE_BROWSER,
    reason="Chromium is not installed (apt-get install chromium chromium-driver); .ci/run installs it",
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str], dict[str, Path], Any]]:
    """(server URL, paths asked of it, the dossier's pages, the browser), for the whole module."""
    root = tmp_path_factory.mktemp("planted")
    with planted.listening() as (url, asked):
        pages = planted.make_dossier(root / "plan", url)
        with chromium.browser(root / "profile") as driver:
            yield url, asked, pages, driver


def test_the_payloads_reach_the_dossier_as_text(served: tuple[str, list[str], dict[str, Path], Any]) -> None:
    _, _, pages, _ = served
    for name in ("html", "md as text", "json as text"):
        assert len(planted.planted_in(pages[name])) >= 8, name  # else the browser tests prove nothing


@pytest.mark.parametrize("page", ["html", "md rendered", "md as text", "json as text"])
def test_planted_script_never_runs(served: tuple[str, list[str], dict[str, Path], Any], page: str) -> None:
    url, asked, pages, driver = served
    assert planted.check_page(driver, pages[page], url) == []
    assert asked == []


def test_a_huge_word_keeps_the_page_its_width(
    served: tuple[str, list[str], dict[str, Path], Any], tmp_path: Path
) -> None:
    """Issue 15, finding 9: a 20,000-character word made the page 176,554 px wide."""
    _, _, _, driver = served
    page = planted.huge_word_dossier(tmp_path / "plan")
    driver.get(page.resolve().as_uri())
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= 2 * width[1], width
