"""Postings hard-wrapped at a margin, with list items typed one per line and no marks, and
Markdown list items whose text goes on under them (fixtures written here, not eval texts)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from prepflow.cli import cli

ITEMS = [
    "Three years of experience running a commercial kitchen of 40 covers or more, including stock control",
    "Experience costing menus and keeping food within budget",
    "Experience training kitchen porters and junior cooks in knife work",
    "Experience working with the local food safety officer during inspections",
    "A level 3 food hygiene certificate, or the will to earn one within your first three months",
    "Calm under pressure and kind to the people you work with on a busy Saturday service",
]


def requirements(path: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    return [r["text"] for r in json.loads(result.stdout.strip().splitlines()[-1])["requirements"]]


def test_an_item_that_stops_short_of_the_margin_ends_there(tmp_path: Path) -> None:
    about = (
        "The Anchor is a busy harbour pub with a kitchen that cooks for a hundred covers on a summer"
        " evening and for weddings, wakes and the odd lifeboat supper through the winter. We buy from"
        " boats and farms within twenty miles, change the menu every week, and close on Mondays so"
        " that the whole team gets a proper rest. We are looking for a head chef to lead the kitchen."
    )
    lines = ["Head Chef", "", *textwrap.wrap(about, 80), "", "What we are looking for", ""]
    for item in ITEMS:
        lines += textwrap.wrap(item, 80)
    path = tmp_path / "posting.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # "... junior cooks in knife work" (66 characters) could have taken "Experience" before the
    # margin (the longest line, 79): it is an item of its own, not the first line of a longer one
    assert requirements(path) == ITEMS


def test_a_line_straight_under_a_markdown_item_goes_on_with_it(tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_text(
        "# Head Chef\n\n## Requirements\n\n"
        "-   Have cooked for large events such as the Harvest\n"
        "    Festival and the County Show\n\n"
        "-   Know the allergen rules\n",
        encoding="utf-8",
    )
    assert requirements(path) == [
        "Have cooked for large events such as the Harvest Festival and the County Show",
        "Know the allergen rules",
    ]


def test_the_sentences_of_an_item_before_its_lead_in_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_text(
        "# Head Chef\n\n## Requirements\n\n"
        "- A level 3 food hygiene certificate\n"
        "- Current agency staff will not be considered.\n"
        "  The Anchor is a friendly place to work, with benefits including:\n\n"
        "  - Free meals on shift\n"
        "  - Two weekends off a month\n",
        encoding="utf-8",
    )
    assert requirements(path)[:2] == [
        "A level 3 food hygiene certificate",
        "Current agency staff will not be considered",
    ]
