"""doc.load on postings as people save them: front matter holding the ad, Markdown tables and
blockquotes, emphasis that is not a list, bold paragraphs used as headings in HTML and Word,
and Word list items wrapped into the next paragraph. Every posting here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from prepflow.cli import cli


def load(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def by_text(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {line["text"]: line for line in doc["lines"]}


def test_the_ad_kept_in_a_front_matter_field(tmp_path: Path) -> None:
    path = tmp_path / "job.md"
    path.write_text(
        "---\n"
        'title: "Night Baker"\n'
        "org: Crumb & Co\n"
        "tags: [bakery, nights]\n"
        "description: |\n"
        "  ## What you will do\n"
        "\n"
        "  - Bake the morning bread\n"
        "  - Keep the ovens clean\n"
        "---\n",
        encoding="utf-8",
    )
    doc = load(path)
    assert doc["title"] == "Night Baker"
    assert doc["front_matter"] == {"title": "Night Baker", "org": "Crumb & Co"}
    lines = by_text(doc)
    assert lines["## What you will do"]["line"] == 6  # numbered as in the file
    assert lines["- Bake the morning bread"]["kind"] == "bullet"
    assert lines["- Keep the ovens clean"]["line"] == 9


def test_markdown_tables_blockquotes_and_emphasis(tmp_path: Path) -> None:
    path = tmp_path / "job.md"
    path.write_text(
        "> Grade: SO1\n"
        "\n"
        "*ABOUT THE COMPANY:*\n"
        "\n"
        "| Criteria | Essential/Desirable |\n"
        "| --- | --- |\n"
        "| - Food hygiene certificate | E |\n"
        "| Sourdough experience | D |\n",
        encoding="utf-8",
    )
    lines = by_text(load(path))
    assert lines["Grade: SO1"]["kind"] == "text"  # the blockquote mark is not text
    assert lines["*ABOUT THE COMPANY:*"]["kind"] == "text"  # emphasis, not a list item
    row = lines["- Food hygiene certificate | E"]
    assert row["kind"] == "bullet" and row["cells"] == ["Food hygiene certificate", "E"]
    assert lines["Sourdough experience | D"]["cells"] == ["Sourdough experience", "D"]
    assert not any(text.startswith("---") for text in lines)  # the separator row is dropped


def test_bold_paragraphs_are_headings_in_html(tmp_path: Path) -> None:
    path = tmp_path / "job.html"
    path.write_text(
        "<html><body><main><h1>Gardener</h1>\n"
        "<p><strong>What you'll need</strong></p>\n"
        "<ul><li>A strimmer licence</li></ul>\n"
        "<p><strong>Location:</strong> Leeds</p>\n"
        "</main></body></html>\n",
        encoding="utf-8",
    )
    lines = by_text(load(path))
    assert lines["## What you'll need"]["kind"] == "heading"
    assert lines["## What you'll need"]["level"] == 2
    assert lines["Location: Leeds"]["kind"] == "text"  # a labelled value is not a heading


def test_bold_paragraphs_and_wrapped_items_in_word(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Gardener", level=1)
    document.add_paragraph().add_run("Requirements").bold = True
    document.add_paragraph("Experience with hedge trimming and", style="List Bullet")
    document.add_paragraph("lawn care for private clients")
    document.add_paragraph("We tend forty gardens.")
    path = tmp_path / "job.docx"
    document.save(str(path))
    lines = by_text(load(path))
    assert lines["## Requirements"]["kind"] == "heading"
    item = lines["- Experience with hedge trimming and lawn care for private clients"]
    assert item["kind"] == "bullet" and item["end"] == item["line"] + 1
    assert lines["We tend forty gardens."]["kind"] == "text"


def test_the_job_step_reads_the_front_matter_and_the_table(tmp_path: Path) -> None:
    path = tmp_path / "job.md"
    path.write_text(
        "---\ntitle: Junior Baker\norg: Crumb & Co\n---\n\n"
        "## Person specification\n\n"
        "| Criteria | Essential/Desirable |\n| --- | --- |\n"
        "| Food hygiene certificate | E |\n| Sourdough experience | D |\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["role"]["text"] == "Junior Baker" and out["role"]["from"] == "front_matter"
    assert out["company"]["text"] == "Crumb & Co" and out["company"]["from"] == "front_matter"
    priorities = {r["text"]: (r["priority"], r["why"]["cue"]) for r in out["requirements"]}
    assert priorities == {"Food hygiene certificate": ("must", "E"), "Sourdough experience": ("nice", "D")}


def test_the_ad_as_one_long_front_matter_string(tmp_path: Path) -> None:
    ad = "We are hiring a night baker for our bakery. You must hold a food hygiene certificate. " * 4
    path = tmp_path / "job.md"
    path.write_text(f'---\ntitle: Night Baker\ndescription: "{ad.strip()}"\n---\n', encoding="utf-8")
    doc = load(path)
    assert doc["front_matter"] == {"title": "Night Baker"}  # the ad is text, not a field
    assert [line["line"] for line in doc["lines"]] == [3]
    assert "food hygiene certificate" in doc["lines"][0]["text"]
