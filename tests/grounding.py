"""Check that a generated item's citations point at text that is really there.

A citation is ``{"file", "start", "end", "quote"}`` (plus ``"page"`` for
PDFs): lines ``start``..``end`` of ``file`` (numbered as ``load_document``
numbers them), and the cited words, which must appear in those lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from prepflow_plugins.documents import load_document

import prepflow


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("…", " ").split())


_documents: dict[tuple[Path, str], dict[str, Any]] = {}


def cited_text(citation: Mapping[str, Any], base_dir: Path) -> str:
    """The text of the cited lines."""
    key = (base_dir, citation["file"])
    if key not in _documents:
        ctx = prepflow.StepContext(step_id="grounding", config={}, needs={}, inputs={}, base_dir=base_dir)
        _documents[key] = load_document(ctx, citation["file"])
    lines = [
        item["text"]
        for item in _documents[key]["lines"]
        if citation["start"] <= item["line"] <= citation["end"]
        and ("page" not in citation or item.get("page") == citation["page"])
    ]
    return " ".join(lines)


def assert_grounded(citation: Mapping[str, Any], base_dir: Path) -> None:
    """Fail unless the citation's lines exist and contain its quote."""
    assert {"file", "start", "end", "quote"} <= set(citation), f"incomplete citation {citation}"
    assert 1 <= citation["start"] <= citation["end"], f"bad line span {citation}"
    text = cited_text(citation, base_dir)
    assert text, f"no lines {citation['start']}-{citation['end']} in {citation['file']}"
    quote = _normal(citation["quote"])
    assert quote and quote in _normal(text), (
        f"{citation['quote']!r} is not in {citation['file']}:{citation['start']}-{citation['end']}: {text!r}"
    )


def citations(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every citation inside an output (any dict with file, start, end and quote)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if {"file", "start", "end", "quote"} <= set(item):
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
