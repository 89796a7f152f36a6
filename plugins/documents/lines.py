"""Line records: text cleaned, headings and bullets recognised; plain-text and Markdown documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_BULLET = re.compile(r"^(?:[-*+•▪▫‣◦●○■□➢➤►▸–—·✓✔→]|\d{1,2}[.)](?=\s)|\(\d{1,2}\)|\([a-zA-Z]\)|[a-z]\))\s*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _front_matter(text: str) -> tuple[int, str | None]:
    """The last line of a YAML front-matter block (0 if none), and its ``title:``.

    Static-site pages (Jekyll, Hugo) start with metadata between ``---`` lines;
    it is not part of the document, so its lines are dropped (the others keep
    their numbers).
    """
    lines = text.split("\n", 300)
    if not lines or lines[0].strip() != "---":
        return 0, None
    title = None
    for number, line in enumerate(lines[1:300], start=2):
        if line.strip() in ("---", "..."):
            return number, title
        if title is None and line.startswith("title:"):
            title = line.split(":", 1)[1].strip().strip("\"'") or None
    return 0, None


def clean(text: str) -> str:
    """One line of text: invisible characters dropped, whitespace collapsed."""
    return " ".join(text.translate(_INVISIBLE).replace("\u00a0", " ").split())


def make_line(raw: str, number: int, *, depth: int | None = None) -> dict[str, Any] | None:
    """A line record from raw text: headings and bullets recognised and normalised."""
    indent = len(raw) - len(raw.lstrip(" \t"))
    text = clean(raw)
    if not text:
        return None
    m = _HEADING.match(text)
    if m and m.group(2):
        level = len(m.group(1))
        return {"text": f"{'#' * level} {m.group(2)}", "line": number, "kind": "heading", "level": level}
    m = _BULLET.match(text)
    if m and len(text) > m.end() and not text.startswith(("**", "__", "--- ")):
        marker = m.group(0).strip()
        rest = text[m.end() :]
        number_m = re.match(r"^\(?(\d{1,2})[.)]?$", marker)
        prefix = f"{number_m.group(1)}. " if number_m else "- "
        if depth is None:
            depth = indent // 2 if "\t" not in raw[:indent] else raw[:indent].count("\t")
        return {"text": prefix + rest, "line": number, "kind": "bullet", "depth": depth}
    return {"text": text, "line": number, "kind": "text"}


def _plain_lines(text: str) -> Iterator[dict[str, Any]]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fenced = False
    previous: dict[str, Any] | None = None
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            line = {"text": clean(raw), "line": number, "kind": "text"} if stripped else None
        elif (
            previous is not None
            and previous["kind"] == "text"
            and previous["line"] == number - 1
            and _SETEXT.match(stripped)
            and len(stripped) >= 3
        ):
            level = 1 if stripped[0] == "=" else 2
            previous.update(text=f"{'#' * level} {previous['text']}", kind="heading", level=level)
            continue
        elif set(stripped) <= set("-*_= ") and len(stripped) >= 3:
            continue  # a horizontal rule
        else:
            line = make_line(raw, number)
        if line is not None:
            if previous is not None:
                yield previous
            previous = line
    if previous is not None:
        yield previous
