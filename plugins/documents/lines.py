"""Line records: text cleaned, headings and bullets recognised; plain-text and Markdown documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

#: A list mark: "-", "*" and "+" need a space after them (so "*ABOUT US:*" is emphasis, not an
#: item); the typographic bullets pasted from boards, Word or PDF do not.
_BULLET = re_compile(
    r"^(?:[-*+](?=\s)|[•▪▫‣◦●○■□➢➤►▸–—·✓✔→]|\d{1,2}[.)](?=\s)|\(\d{1,2}\)|\([a-zA-Z]\)|[a-z]\))\s*"
)
#: A Markdown table's separator row: "| --- | :---: |".
_TABLE_RULE = re_compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
#: A front-matter field: "title: Senior Baker", "description: |".
_FRONT_FIELD = re_compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_HEADING = re_compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re_compile(r"^(=+|-+)\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _front_matter(text: str) -> tuple[int, str | None]:
    """The last line of a YAML front-matter block (0 if none), and its ``title:``."""
    end, fields, _ = read_front_matter(text)
    return end, fields.get("title")


def read_front_matter(text: str) -> tuple[int, dict[str, str], list[dict[str, Any]]]:
    """A YAML front-matter block: its last line (0 if none), its one-line fields as text (keys
    lower-cased), and the lines of its longest multi-line field, numbered as in the file.

    Static-site pages (Jekyll, Hugo) start with metadata between ``---`` lines. It is not part
    of the document's text, except when the text itself is kept there: a posting whose whole
    ad is a ``description: |`` block or one long quoted string. Lists and maps are skipped; no
    YAML library is needed.
    """
    raw_lines = text.split("\n", 3000)
    if not raw_lines or raw_lines[0].strip() != "---":
        return 0, {}, []
    fields: dict[str, str] = {}
    blocks: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(raw_lines[1:3000], start=2):
        if line.rstrip() in ("---", "..."):
            return number, fields, _block_lines(max(blocks.values(), key=len, default=[]))
        field = _FRONT_FIELD.match(line)
        if field is not None and not line[:1].isspace():
            key, value = field.group("key").lower(), field.group("value").strip()
            current = None
            if value[:1] in ("|", ">") and len(value) <= 3:
                current = key
                blocks[key] = []
            elif len(value) > 300:
                # the ad as one quoted string: its text, on this line
                blocks[key] = [(number, value.strip("\"'").replace("\\n", " "))]
            elif value and value[:1] not in ("[", "{", "&", "*"):
                fields.setdefault(key, value.strip("\"'").strip())
        elif current is not None and (line[:1].isspace() or not line.strip()):
            blocks[current].append((number, line))
        else:
            current = None
    return 0, {}, []


def _block_lines(block: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """The lines of a front-matter block scalar, read as Markdown, with their file line numbers."""
    if len(block) < 3 and sum(len(t) for _, t in block) < 300:
        return []
    indent = min((len(t) - len(t.lstrip()) for _, t in block if t.strip()), default=0)
    first = block[0][0]
    text = "\n".join(t[indent:] for _, t in block)
    lines = list(_plain_lines(text))
    for line in lines:
        line["line"] += first - 1
    return lines


#: A character pair that UTF-8 text shows after being decoded as Windows-1252 or Latin-1 once
#: too often: "â€™" for "’", "â€“" for "–", "Ã©" for "é", "Â " for a no-break space.
_MOJIBAKE = re_compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def repair_mojibake(text: str) -> str:
    """``text`` with a double encoding undone ("â€™" back to "’"), or unchanged.

    Text saved as UTF-8, read as Windows-1252 (or Latin-1) and saved as UTF-8 again shows
    two or three odd characters for each accented letter or typographic mark. The repair
    turns every character back into its Windows-1252 byte and reads the bytes as UTF-8; it
    is kept only when the whole text goes back that way and decodes cleanly, so a text that
    rightly holds "é" or "Â" (which would not decode) is never touched.
    """
    if not _MOJIBAKE.search(text):
        return text
    raw = bytearray()
    for char in text:
        if char < "\u0080":
            raw.append(ord(char))
            continue
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:  # not a character a single-byte decoding can have made
                return text
            raw.append(ord(char))  # the five bytes Windows-1252 leaves undefined read as Latin-1
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def clean(text: str) -> str:
    """One line of text: invisible characters dropped, whitespace collapsed."""
    return " ".join(text.translate(_INVISIBLE).replace("\u00a0", " ").split())


def make_line(raw: str, number: int, *, depth: int | None = None) -> dict[str, Any] | None:
    """A line record from raw text: headings and bullets recognised and normalised."""
    indent = len(raw) - len(raw.lstrip(" \t"))
    text = clean(raw)
    if not text:
        return None
    if text.startswith(">"):
        text = text.lstrip("> ")  # a Markdown blockquote: its text is the document's text
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
        number_m = re_compile(r"^\(?(\d{1,2})[.)]?$").match(marker)
        prefix = f"{number_m.group(1)}. " if number_m else "- "
        if depth is None:
            depth = indent // 2 if "\t" not in raw[:indent] else raw[:indent].count("\t")
        return {"text": prefix + rest, "line": number, "kind": "bullet", "depth": depth}
    return {"text": text, "line": number, "kind": "text"}


def _table_row(row: str, number: int) -> dict[str, Any] | None:
    """A Markdown table row: its cells joined by " | ", kept apart in ``cells``; a row whose
    first cell is a list item ("- Knowledge of ...") is a bullet."""
    cells = [clean(c) for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]
    while cells and not cells[-1]:
        cells.pop()
    if not any(cells):
        return None
    line = make_line(" | ".join(c for c in cells if c), number, depth=0)
    if line is None:
        return None
    first = _BULLET.sub("", cells[0], count=1) if line["kind"] == "bullet" else cells[0]
    line["cells"] = [first, *cells[1:]] if first else cells[1:]
    return line


def _uncommented(raw: str, inside: bool) -> tuple[str, bool]:
    """``raw`` without the HTML comments on it, and whether a comment is still open at its end."""
    kept: list[str] = []
    while raw:
        if inside:
            end = raw.find("-->")
            if end < 0:
                return "".join(kept), True
            raw, inside = raw[end + 3 :], False
        else:
            start = raw.find("<!--")
            if start < 0:
                kept.append(raw)
                break
            kept.append(raw[:start])
            raw, inside = raw[start + 4 :], True
    return "".join(kept), inside


def _plain_lines(text: str) -> Iterator[dict[str, Any]]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fenced = False
    comment = False  # inside an HTML comment: notes to the page's editors, not its text
    previous: dict[str, Any] | None = None
    for number, raw in enumerate(raw_lines, start=1):
        if not fenced and (comment or "<!--" in raw):
            raw, comment = _uncommented(raw, comment)
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
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            if _TABLE_RULE.match(stripped):
                if previous is not None and "cells" in previous:
                    previous["header"] = True  # the row above the rule names the columns
                continue
            line = _table_row(stripped, number)
        else:
            line = make_line(raw, number)
        if line is not None:
            if previous is not None:
                yield previous
            previous = line
    if previous is not None:
        yield previous
