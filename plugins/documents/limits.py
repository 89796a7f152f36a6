"""How much a document may hold: limits every reader keeps, so no input stalls a run.

A small file can unpack into a great deal: a 341 KB DOCX holding 100 MB of XML, a page nested
10,000 elements deep, a 5 MB "line". The limits below are far above what a posting, a
resume or a company page holds (the largest real ones are a tenth of them or less) and low
enough that reading the worst input that passes them takes seconds, not minutes. Going over
one is a :class:`prepflow.StepError` that names the file and the limit.
"""

from __future__ import annotations

import io
from typing import Any

from prepflow_plugins.documents.detect import _err, _size
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

#: Entries a zip-based document (DOCX) may hold: a Word file has a dozen or two, plus its images.
MAX_ZIP_ENTRIES = 1000
#: XML elements the text of a DOCX may have (a five-page resume has a few thousand).
MAX_DOCX_ELEMENTS = 100_000
#: Lines (paragraphs, list items, table cells, rows of a page) a document may have.
MAX_LINES = 10_000
#: Characters of text a document may have (about 200 pages; a long posting has 20,000).
MAX_CHARS = 400_000
#: Characters one line may have; a longer line is cut into pieces at sentence or word ends.
MAX_LINE_CHARS = 5_000
#: Elements an HTML page may have (a saved job-board page has a few thousand).
MAX_HTML_ELEMENTS = 20_000
#: How deep HTML elements may nest (browsers stop nesting at 512).
MAX_HTML_DEPTH = 512
#: How deep the values of a JSON or YAML resume may nest (a JSON Resume nests four deep).
MAX_NESTING = 32
#: Values a JSON or YAML resume may hold, counting a YAML alias each time it is used.
MAX_VALUES = 200_000
#: Pages a PDF may have.
MAX_PDF_PAGES = 100
#: Glyphs and shapes a PDF may draw, all pages together (a dense page has 3,000; pdfminer takes
#: tens of microseconds each).
MAX_PDF_OBJECTS = 80_000


def check_zip(source: str, data: bytes, limit: int) -> None:
    """Refuse a zip-based document with too many entries or whose content, unpacked, is larger
    than ``limit`` bytes (the same limit as the file: ``max_bytes``)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # the reader reports a damaged file in its own words
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _err(source, f"the archive holds {len(entries):,} files, over the {MAX_ZIP_ENTRIES:,} limit")
    # zipfile never unpacks more than an entry's declared size, so the sum bounds the real content
    unpacked = sum(max(entry.file_size, 0) for entry in entries)
    if unpacked > limit:
        raise _err(
            source,
            f"it unpacks to {_size(unpacked)}, over the {_size(limit)} limit (max_bytes); "
            "is it a real document?",
        )


def check_nesting(source: str, data: Any) -> None:
    """Refuse structured data (JSON, YAML) nested deeper than :data:`MAX_NESTING` or holding more
    than :data:`MAX_VALUES` values (YAML aliases counted each time they are used)."""
    count = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_NESTING:
            raise _err(source, f"its values nest more than {MAX_NESTING} deep (the limit); is it a resume?")
        if count > MAX_VALUES:
            raise too_many(source, f"more than {MAX_VALUES:,} values", f"{MAX_VALUES:,} values")
        if isinstance(value, dict | list):
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))


def check_lines(source: str, lines: list[dict[str, Any]]) -> None:
    """Refuse a document with more lines or characters than a document we read can have."""
    if len(lines) > MAX_LINES:
        raise too_many(source, f"{len(lines):,} lines", f"{MAX_LINES:,} lines")
    chars = sum(len(line["text"]) for line in lines)
    if chars > MAX_CHARS:
        raise too_many(source, f"{chars:,} characters", f"{MAX_CHARS:,} characters")


def check_text(source: str, text: str) -> None:
    """Refuse a text (before it is split into lines) with more characters than a document has."""
    if len(text) > MAX_CHARS:
        raise too_many(source, f"{len(text):,} characters", f"{MAX_CHARS:,} characters")


def too_many(source: str, found: str, limit: str) -> prepflow.StepError:
    return _err(source, f"it has {found}, over the {limit} limit; give the part that matters")


_SHAPE = ("kind", "level", "depth", "cells", "header")  # what only a line's first piece keeps
_SENTENCE_END = re_compile(r"(?<=[.!?;:])\s+")


def split_long_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``lines`` with each line longer than :data:`MAX_LINE_CHARS` cut into pieces that are not,
    at sentence ends where it has them, else between words, else anywhere. Every piece keeps
    its line's place (``line``, ``page``), so a citation still leads to it; the pieces after the
    first are plain text."""
    if all(len(line["text"]) <= MAX_LINE_CHARS for line in lines):
        return lines
    out: list[dict[str, Any]] = []
    for line in lines:
        if len(line["text"]) <= MAX_LINE_CHARS:
            out.append(line)
            continue
        for index, piece in enumerate(_pieces(line["text"])):
            if index == 0:
                out.append({**line, "text": piece})
            else:
                rest = {k: v for k, v in line.items() if k not in _SHAPE}
                out.append({**rest, "text": piece, "kind": "text"})
    return out


def _pieces(text: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > MAX_LINE_CHARS:  # a "sentence" too long on its own: cut between words
            cut = sentence.rfind(" ", 0, MAX_LINE_CHARS + 1)
            cut = cut if cut > 0 else MAX_LINE_CHARS
            head, sentence = sentence[:cut], sentence[cut:].lstrip()
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        if current and len(current) + 1 + len(sentence) > MAX_LINE_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return [piece for piece in pieces if piece]
