"""Named character references read as bs4's own ``html.parser`` builder reads them."""

from __future__ import annotations

from html.entities import html5
from pathlib import Path

from bs4 import BeautifulSoup
from prepflow_plugins import documents
from prepflow_plugins.documents.entities import HtmlParserBuilder

import prepflow

MARKUP = (
    "<html><body><h1>R&amp;D Engineer &ndash; Caf&eacute; team</h1><ul>"
    "<li>5+ years of C&plus;&plus; &amp Python &not; Java</li>"
    "<li>Unknown &notanentity; and &bogus stay as written; &#8212; &#x41; &#150; too</li>"
    '<li><a href="/x?a=1&amp;b=2&copy=3">AT&T &lt;3</a> &NotGreaterFullEqual; &fjlig;</li>'
    "</ul></body></html>"
)


def test_every_entity_name_reads_as_in_bs4() -> None:
    names = sorted({name.rstrip(";") for name in html5})
    markup = "<p>" + "|".join(f"&{name};&{name} x" for name in names) + "&zzz;</p>"
    expected = BeautifulSoup(markup, "html.parser")
    assert BeautifulSoup(markup, builder=HtmlParserBuilder).decode() == expected.decode()


def test_a_posting_with_entities_reads_as_in_bs4(tmp_path: Path) -> None:
    ours = BeautifulSoup(MARKUP, builder=HtmlParserBuilder)
    assert ours.decode() == BeautifulSoup(MARKUP, "html.parser").decode()
    (tmp_path / "job.html").write_text(MARKUP, encoding="utf-8")
    ctx = prepflow.StepContext(step_id="t", config={}, needs={}, inputs={}, base_dir=tmp_path)
    text = "\n".join(line["text"] for line in documents.load_document(ctx, "job.html")["lines"])
    assert "R&D Engineer – Café team" in text
    assert "C++ & Python ¬ Java" in text
    assert "Unknown &notanentity and &bogus stay as written" in text  # as bs4 reads them
