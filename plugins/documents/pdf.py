"""PDF: lines in reading order, with headings, bullets and wrapped lines recovered from the layout.

pdfminer.six's layout analysis gives every text line with its position and
fonts. From them this module rebuilds what a reader sees:

- **Reading order.** A page split by a gutter into two wide columns (a sidebar
  layout) is read column by column; a narrow margin column (dates at the left
  of each entry, section names beside their text) is read with the row it sits
  on: a dated margin note joins its row ("June 2020 – Present" goes with the
  job header it faces), a heading in the margin comes before it.
- **Rows.** Pieces of text on one baseline are one line, left to right; a wide
  gap between them (a right-aligned date) is kept as `` · ``.
- **Structure.** A short line set larger than the body text is a heading,
  level 1 for the largest size; a bold line in capitals on its own is one too.
  Bullets (•, ■, –, ...) are bullet lines, deeper when indented further. A
  line that wraps (a bullet's hanging indent, a paragraph that filled its
  width) is joined to the line it continues, hyphenation undone.
- **Glyphs that are not text** (icon fonts, unmapped ``(cid:N)`` codes) are
  dropped.

An unreadable text layer (a shifted font encoding that gives symbols, or
words run together) is reported in the document's ``warnings``.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.documents.detect import _err
from prepflow_plugins.documents.lines import clean, make_line
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

_ICON_FONT = re_compile(r"awesome|icons?\b|icons|academicons|marvosym|wingding|fontello|octicons", re.I)
_BOLD_FONT = re_compile(r"bold|black|heavy|semibold|demi|cmbx|cmssbx|cmb\d|-bd|\bbd\b", re.I)


# asked for every glyph, of the few fonts a document uses
@functools.lru_cache(maxsize=256)
def _icon_font(fontname: str) -> bool:
    return _ICON_FONT.search(fontname) is not None


@functools.lru_cache(maxsize=256)
def _bold_font(fontname: str) -> bool:
    return _BOLD_FONT.search(fontname.split("+")[-1]) is not None


_CID = re_compile(r"\(cid:\d+\)")
_UNMAPPED_MARK = re_compile(r"^\s*\(cid:\d+\)\s+(?=\w)")
_LONE_CID = re_compile(r"(?<=\w)(?:\s*\(cid:\d+\)\s+|\s+\(cid:\d+\)\s*)(?=\w)")
_PAGE_NUMBER = re_compile(
    r"(?:page\s*)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?|.{0,60}\S\s+[–—-]\s+(?:page\s*)?\d{1,3}\s*/\s*\d{1,3}",
    re.I,
)
#: A row that opens with a capitalised verb and goes on in lower case ("Developing product
#: strategies ..."): a new item of a list drawn without marks, not the wrap of the row above...
_NEW_ITEM = re_compile(r"[A-Z][a-z]{3,}(?:ed|ing)\s+(?![A-Z][a-z])\S")
#: ... unless that row ends where a sentence cannot ("... and", "... of the", "... design,").
_OPEN_END = re_compile(r"(?:[,(/&-]|\b(?:and|or|of|the|a|an|to|in|on|for|with|by|at|from|as|into))$")
#: A row that starts with a name or an acronym that a sentence may wrap onto ("U.S.", "AWS", "I").
_IN_SENTENCE = re_compile(r"(?:[A-Z]{2,}|[A-Z]\.|I)\b")
#: A row that only ends a date range the row above began ("– Present", "- Mar 2024").
_DATE_TAIL = re_compile(
    r"^(?:-\s|[–—‑]\s*)(?:present|current|now|today|ongoing|(?:\w+\.?\s+)?(?:19|20)\d{2})\b", re.IGNORECASE
)
_DATED_START = re_compile(r"(?:\w+\.?\s+)?(?:19|20)\d{2}\b")
_ENDS_DATED = re_compile(r"(?:19|20)\d{2}$")
#: Typographic ligatures a font set as one glyph ("eﬃciently"): read as their letters.
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
#: A line that ends inside a date: a month name, or a range's dash ("Mar", "2019 –").
_BROKEN_DATE = re_compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|(?:19|20)\d{2}\s*[-–—‑])$",
    re.IGNORECASE,
)
_DATEISH = re_compile(r"(?:19|20)\d{2}|\b(?:present|current|now|today|ongoing)\b", re.I)
#: The private-use codes are Symbol and Wingdings bullets as Word sets them ("\uf0b7").
_PDF_BULLET = re_compile(
    r"^(?:[•▪‣◦●○■□➢➤►▸·✓✔→❖◆◇\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf0e0\uf06c\uf06e]\s*|[-–—*+]\s+|\d{1,2}[.)]\s+)"
)
#: A gap between two pieces on one row at least this many times the font size is kept as " · ".
WIDE_GAP = 1.0


@dataclass
class Piece:
    """One text line of pdfminer's layout: where it is and how it is set."""

    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float
    size: float
    bold: bool
    chars: int


@dataclass
class Row:
    pieces: list[Piece]
    heading_before: list[Piece] = field(default_factory=list)  # a heading set in the margin
    note: str = ""  # a dated margin note read with this row
    sidebar: bool = False  # in a narrow column at the right of the page's main column
    right: float = 0.0  # the right edge of the column the row is in

    @property
    def x0(self) -> float:
        return self.pieces[0].x0

    @property
    def x1(self) -> float:
        return self.pieces[-1].x1

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)

    @property
    def main(self) -> Piece:
        return max(self.pieces, key=lambda p: p.chars)

    def text(self) -> str:
        out = ""
        for i, piece in enumerate(self.pieces):
            if i:
                gap = piece.x0 - self.pieces[i - 1].x1
                mark = i == 1 and len(self.pieces[0].text) == 1 and _is_bullet_text(f"{out} x")
                out += " · " if gap >= WIDE_GAP * piece.size and not mark else " "
            out += piece.text
        if self.note:
            out += " · " + self.note
        return out


def _load_pdf(source: str, data: bytes, limit: int) -> dict[str, Any]:
    """The document of a PDF file (see the module's docstring for what is recovered); its
    streams may unpack to ``limit`` bytes in all."""
    pages, title, glyphs = _layout(source, data, limit)
    unmapped = None
    if glyphs["unmapped"] > 0.3 * glyphs["all"]:
        share = round(100 * glyphs["unmapped"] / glyphs["all"])
        unmapped = f"its fonts map {share}% of the characters to no text (glyph codes only)"
    body_size = _body_size(pages)
    ordered: list[tuple[int, list[Row]]] = []
    gutter: float | None = None
    for number, (_, pieces) in enumerate(pages, start=1):
        rows: list[Row] = []
        columns = _columns(pieces, body_size, gutter)
        gutter = min(p.x0 for p in columns[1]) - 0.5 if len(columns) == 2 else None
        for index, column in enumerate(columns):
            column_rows = _rows_with_margins(column)
            right = max((r.x1 for r in column_rows), default=0.0)
            narrow = index == 1 and _width(column) < 0.75 * _width(columns[0])
            for row in column_rows:
                row.right = right
                row.sidebar = narrow
            rows += column_rows
        ordered.append((number, rows))
    _drop_running_lines(ordered)
    ordered = _sidebars_last(ordered, body_size)
    levels = _heading_levels(ordered, body_size)
    lines: list[dict[str, Any]] = []
    number = 0
    last_row: Row | None = None  # the last row read, over pages
    for page, rows in ordered:
        bullet_x: list[float] = sorted({round(r.x0) for r in rows if _is_bullet_text(r.pieces[0].text)})
        extent = (min((r.x0 for r in rows), default=0.0), max((r.x1 for r in rows), default=0.0))
        previous_row: Row | None = None
        for row in rows:
            for heading in row.heading_before:
                number += 1
                text = clean(heading.text)
                level = levels.get(round(heading.size, 1), 2)
                lines.append(
                    {
                        "text": f"{'#' * level} {text}",
                        "line": number,
                        "kind": "heading",
                        "level": level,
                        "page": page,
                    }
                )
            number += 1
            if previous_row is not None and row.top - previous_row.bottom > 0.9 * row.main.size:
                number += 1  # space between paragraphs reads as the blank line a text file has
            text = clean(row.text())
            if not text or _PAGE_NUMBER.fullmatch(text):
                continue
            line = _line(row, text, number, page, body_size, levels, bullet_x)
            previous = lines[-1] if lines else None
            if previous is not None and (
                (
                    previous_row is not None
                    and previous.get("page") == page
                    and (
                        _continues(previous, previous_row, line, row, extent)
                        or _heading_goes_on(previous, previous_row, line, row)
                    )
                )
                or (
                    previous_row is None
                    and last_row is not None
                    and _over_page(previous, last_row, line, row)
                )
            ):
                if line["kind"] == "heading":
                    if previous["kind"] == "text":  # a long heading's first row, read as text
                        level = line["level"]
                        previous.update(kind="heading", level=level, text=f"{'#' * level} {previous['text']}")
                    line = {**line, "text": line["text"].lstrip("# ")}
                _join(previous, line)
                previous_row = last_row = row
                continue
            lines.append(line)
            previous_row = last_row = row
    if not lines and unmapped:
        raise _err(source, f"{unmapped}; export the PDF again (or print it to PDF), or paste the text")
    if not lines:
        raise _err(
            source, f"this PDF has no text layer ({len(pages)} page(s) of images?); it needs OCR first"
        )
    doc: dict[str, Any] = {
        "source": source,
        "format": "pdf",
        "title": title,
        "lines": lines,
        "pages": len(pages),
    }
    problem = unmapped or unreadable(" ".join(line["text"] for line in lines))
    if problem:
        doc["warnings"] = [
            f"{source}: {problem}; export the PDF again (or print it to PDF), or paste the text"
        ]
    return doc


# -- reading the layout -----------------------------------------------------------


def _layout(
    source: str, data: bytes, limit: int
) -> tuple[list[tuple[float, list[Piece]]], str | None, Counter[str]]:
    import logging

    from prepflow_plugins.documents.deferred import defer_for_pdf

    defer_for_pdf()
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from prepflow_plugins.documents.detect import _size
    from prepflow_plugins.documents.limits import MAX_PDF_PAGES, too_many
    from prepflow_plugins.documents.pdflimits import OverLimit, budget, counting_device

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[tuple[float, list[Piece]]] = []
    glyphs: Counter[str] = Counter()
    try:
        with budget(limit, _size(limit)):
            parser = PDFParser(io.BytesIO(data))
            document = PDFDocument(parser)
            manager = PDFResourceManager()
            device = counting_device(manager, LAParams(boxes_flow=None))
            interpreter = PDFPageInterpreter(manager, device)
            listed = list(itertools.islice(PDFPage.create_pages(document), MAX_PDF_PAGES + 1))
            if len(listed) > MAX_PDF_PAGES:
                raise too_many(source, f"more than {MAX_PDF_PAGES} pages", f"{MAX_PDF_PAGES} pages")
            for page in listed:
                interpreter.process_page(page)
                layout = device.get_result()
                pages.append((layout.width, list(_pieces(layout, glyphs))))
            title = _title(document)
    except prepflow.StepError:
        raise
    except OverLimit as e:
        raise _err(source, f"{e}; is it a real document?") from None
    except RecursionError:
        raise _err(source, "not a readable PDF (its objects nest too deeply)") from None
    except Exception as e:  # pdfminer raises many kinds on corrupt or protected input
        name = e.__class__.__name__
        if "Password" in name or "Encrypt" in name:
            raise _err(source, "the PDF is password-protected; save an unprotected copy") from None
        raise _err(source, f"not a readable PDF ({name}: {e})") from None
    if not pages:
        raise _err(source, "the PDF has no pages")
    return pages, title, glyphs


def _pieces(layout: Any, glyphs: Counter[str]) -> Iterator[Piece]:
    """The text lines of a page; ``glyphs`` counts its characters ("all") and those whose font
    maps them to no text ("unmapped", read as ``(cid:N)``)."""
    from pdfminer.layout import LTChar, LTTextLine

    def walk(item: Any) -> Iterator[Any]:
        if isinstance(item, LTTextLine):
            yield item
        elif hasattr(item, "__iter__"):
            for child in item:
                yield from walk(child)

    height = layout.height
    for line in walk(layout):
        chars = [c for c in line if isinstance(c, LTChar) and not _icon_font(c.fontname)]
        if not chars:
            continue
        glyphs["all"] += len(chars)
        glyphs["unmapped"] += sum(1 for c in chars if c.get_text().startswith("(cid:"))
        text = ""
        kept = {id(c) for c in chars}
        weight: bool | None = None
        switches: list[int] = []  # where the weight changes between two words
        for item in line:
            if isinstance(item, LTChar):
                char = item.get_text() if id(item) in kept else " "
                if char.strip():
                    heavy = _bold_font(item.fontname)
                    if weight is not None and heavy != weight and text[-1:].isspace():
                        switches.append(len(text))
                    weight = heavy
                text += char
            else:
                text += item.get_text()
        if len(switches) == 1 and len(text.split()) <= 10:
            text = _weight_apart(text, switches[0])
        mark = _UNMAPPED_MARK.match(text)
        if mark:
            # a glyph with no text, set apart before the words: the list mark of a font that
            # maps its bullet to nothing (a generator's own encoding, a Symbol bullet)
            text = "• " + text[mark.end() :]
        # a glyph with no text standing alone between words is a separator ("Java • SQL")
        text = _LONE_CID.sub(" • ", text)
        text = " ".join(_CID.sub(" ", text).translate(_LIGATURES).split())
        if not text and len(chars) == 1 and chars[0].width <= chars[0].size:
            text = "•"  # one small unmapped glyph on its own: a list mark set apart from its item
        if not text:
            continue
        sizes = Counter(round(c.size, 1) for c in chars)
        bold = sum(1 for c in chars if _bold_font(c.fontname))
        real = [c for c in chars if c.get_text().strip()]
        yield Piece(
            text=text,
            x0=min(c.x0 for c in real or chars),
            x1=max(c.x1 for c in real or chars),
            top=height - line.y1,
            bottom=height - line.y0,
            size=sizes.most_common(1)[0][0],
            bold=bold * 2 > len(chars),
            chars=len(text),
        )


def _weight_apart(text: str, at: int) -> str:
    """A short line whose weight changes once between two words, with no mark between them
    ("**Product Manager** Google"): two fields set apart by the font alone, kept apart."""
    left, right = text[:at].rstrip(), text[at:]
    if not left or left[-1] in ",.;:|/-–—·•(&" or not right[:1].isupper() or _PDF_BULLET.match(left):
        return text
    return f"{left} · {right}"


def _title(document: Any) -> str | None:
    from pdfminer.utils import decode_text

    for info in document.info or []:
        value = info.get("Title")
        if isinstance(value, bytes):
            value = decode_text(value)
        if isinstance(value, str) and value.strip():
            if re_compile(
                r"\.(docx?|pdf)$|^Microsoft|^untitled|^\(?anonymous\)?$|^\(?unspecified\)?$", re.I
            ).search(value):  # a file name or a generator's placeholder, not the document's title
                return None
            return clean(value) or None
    return None


def _body_size(pages: list[tuple[float, list[Piece]]]) -> float:
    sizes: Counter[float] = Counter()
    for _, pieces in pages:
        for piece in pieces:
            sizes[piece.size] += piece.chars
    return sizes.most_common(1)[0][0] if sizes else 10.0


# -- columns and rows -----------------------------------------------------------


def _columns(pieces: list[Piece], body_size: float, before: float | None = None) -> list[list[Piece]]:
    """The page's pieces, split at a gutter when both sides are wide columns of text, or at the
    gutter of the page ``before`` it when nothing crosses it there (the columns go on)."""
    if before is not None:
        left = [p for p in pieces if p.x1 <= before]
        right = [p for p in pieces if p.x0 >= before]
        crossing = [p for p in pieces if p.x0 < before < p.x1]
        if left and right and len(crossing) <= max(1, len(pieces) // 40):
            return [left + crossing, right]
    if len(pieces) < 10:
        return [pieces]
    left_edge = min(p.x0 for p in pieces)
    right_edge = max(p.x1 for p in pieces)
    span = right_edge - left_edge
    best: tuple[int, float] | None = None
    step = 2.0
    x = left_edge + 0.25 * span
    while x < right_edge - 0.25 * span:
        count = sum(1 for p in pieces if p.x0 < x - 1 < x + 1 < p.x1)
        if best is None or count < best[0]:
            best = (count, x)
        x += step
    if best is None or best[0] > max(2, len(pieces) // 40):
        return [pieces]
    gutter = best[1]
    left = [p for p in pieces if p.x1 <= gutter]
    right = [p for p in pieces if p.x0 >= gutter]
    crossing = [p for p in pieces if p.x0 < gutter < p.x1]
    for side in (left, right):
        extent = max((p.x1 for p in side), default=0) - min((p.x0 for p in side), default=0)
        words = sum(len(p.text.split()) for p in side)
        dated = sum(1 for p in side if _DATEISH.search(p.text) and len(p.text.split()) <= 6)
        # each column has headings of its own (a right-aligned column of dates and places has none)
        headings = sum(1 for p in side if _heading_shape(p.text, p.size, p.bold, body_size))
        wide = extent >= 0.15 * span
        # a sidebar of short items (skills one per line) has sections of its own
        short = words < 1.5 * len(side) and headings < 2
        if len(side) < 4 or not (wide and headings) or short or dated > 0.5 * len(side):
            return [pieces]
    top_right = min(p.top for p in right)
    # a line crossing the gutter above both columns belongs to the page's header
    header = [p for p in crossing if p.bottom <= top_right]
    rest = [p for p in crossing if p.bottom > top_right]
    return [header + left + rest, right]


def _width(pieces: list[Piece]) -> float:
    return max((p.x1 for p in pieces), default=0.0) - min((p.x0 for p in pieces), default=0.0)


def _sidebars_last(ordered: list[tuple[int, list[Row]]], body_size: float) -> list[tuple[int, list[Row]]]:
    """A sidebar at the right of a page whose main column goes on, with no heading, on the next
    page is read after the whole main column, so the next page's text stays in its section."""
    out: list[tuple[int, list[Row]]] = []
    later: list[tuple[int, list[Row]]] = []
    for index, (page, rows) in enumerate(ordered):
        side = [r for r in rows if r.sidebar]
        following = [r for r in ordered[index + 1][1] if not r.sidebar] if index + 1 < len(ordered) else []
        first = following[0] if following else None
        goes_on = first is not None and not (
            first.heading_before or _heading_shape(first.text(), first.main.size, first.main.bold, body_size)
        )
        if side and (goes_on or later):  # a sidebar going on from a page before stays after it
            out.append((page, [r for r in rows if not r.sidebar]))
            later.append((page, side))
        else:
            out.append((page, rows))
    return out + later


def _rows(pieces: list[Piece]) -> list[Row]:
    rows: list[Row] = []
    for piece in sorted(pieces, key=lambda p: (p.bottom, p.x0)):
        for row in reversed(rows[-3:]):
            if abs(row.pieces[0].bottom - piece.bottom) <= 0.35 * min(piece.size, row.pieces[0].size):
                row.pieces.append(piece)
                row.pieces.sort(key=lambda p: p.x0)
                break
        else:
            rows.append(Row([piece]))
    return rows


def _rows_with_margins(pieces: list[Piece]) -> list[Row]:
    """Rows of one column; pieces in a narrow left margin are read with the row they face."""
    if not pieces:
        return []
    starts: Counter[int] = Counter()
    for piece in pieces:
        starts[round(piece.x0 / 3)] += piece.chars
    body_x0 = starts.most_common(1)[0][0] * 3
    # a list mark set apart from its item is read with the item, not as a margin note
    margin = [p for p in pieces if p.x1 < body_x0 - 3 and not _PDF_BULLET.fullmatch(p.text)]
    extent = max((p.x1 for p in margin), default=0) - min((p.x0 for p in margin), default=0)
    span = max(p.x1 for p in pieces) - min(p.x0 for p in pieces)
    if not margin or extent > 0.3 * span:
        return _rows(pieces)
    in_margin = {id(p) for p in margin}  # by identity: comparing Pieces field by field is quadratic
    rows = _rows([p for p in pieces if id(p) not in in_margin])
    for block in (part for whole in _blocks(margin) for part in _split_dated(whole, rows)):
        text = " ".join(p.text for p in block)
        facing = min(rows, key=lambda r: abs(r.top - block[0].top), default=None)
        if not _DATEISH.search(text):
            # a heading in the margin names the rows from its own on, not the row above it
            below = [r for r in rows if r.top >= block[0].top - 0.5 * block[0].size]
            if below and below[0].top - block[0].top <= 2 * block[0].size:
                facing = below[0]
        if facing is None or abs(facing.top - block[0].top) > 2 * block[0].size:
            rows.append(Row(list(block)))
            rows.sort(key=lambda r: r.top)
            continue
        if _DATEISH.search(text):
            facing.note = f"{facing.note} {text}".strip()
        else:
            joined = Piece(
                text=text,
                x0=block[0].x0,
                x1=max(p.x1 for p in block),
                top=block[0].top,
                bottom=block[-1].bottom,
                size=block[0].size,
                bold=all(p.bold for p in block),
                chars=len(text),
            )
            facing.heading_before.append(joined)
    return rows


def _split_dated(block: list[Piece], rows: list[Row]) -> list[list[Piece]]:
    """A margin block of dates, one per row it faces ("2018" / "2016" beside two degrees), as
    one note per row; a range broken over two lines ("2017 –" / "Present") stays whole."""
    if len(block) < 2:
        return [block]
    tops = [r.top for r in rows]

    def own_row(piece: Piece) -> bool:
        return any(abs(top - piece.top) <= 0.35 * piece.size for top in tops)

    parts: list[list[Piece]] = [[block[0]]]
    for before, piece in itertools.pairwise(block):
        apart = (
            _ENDS_DATED.search(before.text) is not None
            and _DATED_START.match(piece.text) is not None
            and own_row(before)
            and own_row(piece)
        )
        if apart:
            parts.append([piece])
        else:
            parts[-1].append(piece)
    return parts


def _blocks(margin: list[Piece]) -> list[list[Piece]]:
    """Margin pieces grouped into the notes they form (lines close together)."""
    blocks: list[list[Piece]] = []
    for piece in sorted(margin, key=lambda p: p.top):
        last = blocks[-1][-1] if blocks else None
        if (
            last is not None
            and piece.top - last.bottom < 0.6 * piece.size
            and (last.bold, round(last.size)) == (piece.bold, round(piece.size))  # a heading starts anew
        ):
            blocks[-1].append(piece)
        else:
            blocks.append([piece])
    return blocks


def _drop_running_lines(ordered: list[tuple[int, list[Row]]]) -> None:
    """Drop running headers and footers: a line at the top or bottom of most pages ("Jane Roe –
    Page 2"), digits aside. Page 1 keeps its top lines (the name a running header repeats)."""
    if len(ordered) < 2:
        return

    def key(row: Row) -> str:
        return re_compile(r"\d+").sub("#", " ".join(row.text().lower().split()))

    pages: Counter[str] = Counter()
    for _, rows in ordered:
        pages.update({key(row) for row in rows[:2] + rows[-2:]})
    running = {k for k, n in pages.items() if n >= 2 and n * 2 >= len(ordered)}
    if not running:
        return
    for index, (_, rows) in enumerate(ordered):
        edge = rows[-2:] if index == 0 else rows[:2] + rows[-2:]
        drop = {id(row) for row in edge if key(row) in running}
        rows[:] = [row for row in rows if id(row) not in drop]


# -- lines ----------------------------------------------------------------------


def _heading_levels(ordered: list[tuple[int, list[Row]]], body_size: float) -> dict[float, int]:
    """Heading font sizes, largest first, as levels 1, 2, 3 ..."""
    sizes = set()
    for _, rows in ordered:
        for row in rows:
            main = row.main
            if _heading_shape(row.text(), main.size, main.bold, body_size):
                sizes.add(round(main.size, 1))
            for heading in row.heading_before:
                sizes.add(round(heading.size, 1))
    merged: list[float] = []
    for size in sorted(sizes, reverse=True):
        if not merged or merged[-1] - size > 0.6:
            merged.append(size)
    levels = {}
    for size in sizes:
        level = next(i for i, s in enumerate(merged, start=1) if s - size <= 0.6)
        levels[size] = min(level, 6)
    return levels


def _heading_shape(text: str, size: float, bold: bool, body_size: float) -> bool:
    words = text.split()
    if not words or len(words) > 10 or text.endswith((".", ",", ";")) or _is_bullet_text(text):
        return False
    if size >= 1.15 * body_size:
        return True
    letters = [c for c in text if c.isalpha()]
    return (
        bold and len(words) <= 5 and bool(letters) and all(c.isupper() for c in letters) and len(letters) > 2
    )


def _is_bullet_text(text: str) -> bool:
    m = _PDF_BULLET.match(text)
    return m is not None and len(text) > m.end()


def _line(
    row: Row,
    text: str,
    number: int,
    page: int,
    body_size: float,
    levels: dict[float, int],
    bullet_x: list[float],
) -> dict[str, Any]:
    main = row.main
    if _heading_shape(text, main.size, main.bold, body_size) and len(row.pieces) <= 2:
        level = levels.get(round(main.size, 1), 2)
        return {
            "text": f"{'#' * level} {text}",
            "line": number,
            "kind": "heading",
            "level": level,
            "page": page,
        }
    depth = 0
    if _is_bullet_text(text):
        depth = max(0, sum(1 for x in bullet_x if x < round(row.x0) - 2))
    line = make_line(text, number, depth=depth)
    if line is None or line["kind"] == "heading":  # '#' in a PDF is text, not Markdown
        line = {"text": text, "line": number, "kind": "text"}
    line["page"] = page
    return line


def _continues(
    previous: dict[str, Any], previous_row: Row, line: dict[str, Any], row: Row, extent: tuple[float, float]
) -> bool:
    """Whether ``row`` wraps ``previous``: a bullet's hanging indent, or a paragraph that filled its width."""
    size = row.main.size
    gap = row.top - previous_row.bottom
    near = gap <= 0.5 * size and abs(size - previous_row.main.size) <= 0.6
    # a date range broken over two rows, whatever the weight of the row above:
    # "Jul 2012" / "– Present" (not a bullet), "... | Mar" / "2021 – Present"
    ends_dated = previous["kind"] != "heading" and _ENDS_DATED.search(previous["text"])
    if near and ends_dated and _DATE_TAIL.match(line["text"]):
        line["kind"] = "text"
        line["text"] = "– " + line["text"].removeprefix("- ").lstrip("–—‑ ")
        return True
    if line["kind"] != "text" or previous["kind"] == "heading" or row.heading_before or previous_row.note:
        return False
    if row.sidebar != previous_row.sidebar:
        return False  # the main column's last line and the sidebar's first
    if near and _DATED_START.match(line["text"]) and _BROKEN_DATE.search(previous["text"]):
        return True
    if not near or row.main.bold != previous_row.main.bold:
        return False
    if len(row.pieces) > 1 and row.text().count(" · "):
        return False
    left, right = extent  # of the page's rows
    right = previous_row.right or right  # ... or of the column the row is in
    # two short capitalised rows are two items of a list (a sidebar's skills), not one wrapped
    items = (
        len(previous["text"].split()) <= 3 and len(line["text"].split()) <= 3 and line["text"][:1].isupper()
    )
    filled = (
        previous_row.x1 >= right - 0.12 * (right - left)
        and not _would_fit(previous_row, row, right)
        and not _NEW_ITEM.match(line["text"])
        and not items
    ) or _OPEN_END.search(previous["text"]) is not None
    if previous["kind"] == "bullet":
        # a hanging indent, or a bullet set in a plain paragraph that wraps under its mark
        lined_up = abs(row.x0 - previous_row.x0) <= 3 and filled
        return row.x0 > previous_row.x0 + 2 or line["text"][:1].islower() or lined_up
    if _DATED_START.match(line["text"]):
        return False  # a new dated entry
    if (
        row.x0 > left + 1.5 * size
        and line["text"][:1].isupper()
        and _OPEN_END.search(previous["text"]) is None
        and previous["text"].count("(") <= previous["text"].count(")")
        and previous["text"]
        .rsplit(" ", 1)[-1][:1]
        .islower()  # "... Level II of FAC-C Course" / "Requirements"
        and not _IN_SENTENCE.match(line["text"])
    ):
        return False  # rows set in from the text's edge: a list printed without marks, items by capitals
    lower = line["text"][:1].islower() and not _would_fit(previous_row, row, previous_row.right or right)
    return abs(row.x0 - previous_row.x0) <= 3 and (filled or lower)


def _heading_goes_on(previous: dict[str, Any], previous_row: Row, line: dict[str, Any], row: Row) -> bool:
    """A heading wrapped over two rows: "### Objective 1: Provide coaching and" / "### support"."""
    near = row.top - previous_row.bottom <= 0.5 * row.main.size
    if line["kind"] != "heading" or not near:
        return False
    if previous["kind"] == "text":
        # the end of a long heading whose first row was too long to read as one ("Objective 2:
        # lead two or more of the following areas, while" / "keeping up the other skills:")
        return (
            abs(row.main.size - previous_row.main.size) <= 0.3
            and row.main.bold == previous_row.main.bold
            and not previous["text"].endswith((".", "!", "?", ":"))
            and line["text"].lstrip("# ")[:1].islower()
        )
    return (
        previous["kind"] == "heading"
        and previous.get("level") == line.get("level")
        and line["text"].lstrip("# ")[:1].islower()
    )


def _over_page(previous: dict[str, Any], last_row: Row, line: dict[str, Any], row: Row) -> bool:
    """A paragraph or an item that goes on at the top of the next page: it stopped where no
    sentence ends ("... and Data Science &" / "Analytics.") in the same font."""
    text = previous["text"]
    return (
        previous["kind"] in ("text", "bullet")
        and line["kind"] == "text"
        and not text.endswith((".", "!", "?", ":", ";"))
        and abs(row.main.size - last_row.main.size) <= 0.6
        and row.main.bold == last_row.main.bold
        and row.sidebar == last_row.sidebar
        and (line["text"][:1].islower() or _OPEN_END.search(text) is not None)
    )


def _would_fit(previous_row: Row, row: Row, right: float) -> bool:
    """Whether the first word of ``row`` had room at the end of ``previous_row``: then the line
    was ended on purpose (an item of a list drawn without marks), not wrapped."""
    text = row.text()
    words = text.split()
    if not words or not text:
        return False
    char = (row.x1 - row.x0) / len(text)
    return previous_row.x1 + char * (len(words[0]) + 2) < right


#: The halves of words written with a hyphen ("high-quality", "data-driven", "in-house"): a line
#: that breaks at such a hyphen keeps it; any other break at a hyphen is a word hyphenated.
_COMPOUND_FIRST = re_compile(
    r"(?<![\w-])(?:self|cross|well|high|low|full|part|long|short|multi|non|third|first|second|front|back"
    r"|real|open|client|customer|user|data|cost|results|detail|hands|state|cutting|large|small|mid|top"
    r"|fast|world|best|hard|time|team|fact|problem|decision|face|one|two|three|four|five|ten|day|year"
    r"|month|week|on|end)-$",
    re.IGNORECASE,
)
_COMPOUND_SECOND = re_compile(
    r"^(?:level|quality|party|end|ends|based|driven|oriented|facing|term|scale|functional|centered"
    r"|centred|centric|friendly|making|solving|related|specific|wide|up|house|edge|stack|source|class"
    r"|service|ready|critical|sensitive|aware|focused|owned|led|run|made|known|depth|call|site|line"
    r"|time|world|round|commerce|mail|learning|user|facing)\b",
    re.IGNORECASE,
)


def _join(previous: dict[str, Any], line: dict[str, Any]) -> None:
    before, after = previous["text"], line["text"]
    if before.endswith("-") and (_COMPOUND_FIRST.search(before[-12:]) or _COMPOUND_SECOND.match(after)):
        previous["text"] = before + after  # "enterprise-" / "level applications"
    elif (
        re_compile(r"[a-z]-$").search(before[-2:]) and after[:1].islower()
    ):  # the end only: a joined line grows
        previous["text"] = before[:-1] + after
    elif re.search(r"[a-z]-$", before[-2:]) and after[:1].isupper():
        previous["text"] = before + after  # "Self-" / "Help Guide": a hyphenated name
    elif re.search(r"\d-$", before[-2:]) and after[:1].isalpha():
        previous["text"] = before + after  # "24-" / "bed ICU"
    else:
        previous["text"] = before + " " + after
    previous["end"] = line["line"]


# -- readable or not ----------------------------------------------------------------


def unreadable(text: str) -> str | None:
    """Why extracted text cannot be read as words (symbols from a shifted font encoding, words
    run together), or None when it reads."""
    sample = "".join(text.split())[:20000]
    if len(sample) < 40:
        return None
    wordlike = sum(1 for c in sample if c.isalnum())
    if wordlike < 0.6 * len(sample):
        return "its text layer reads as symbols, not words (a font with a non-standard encoding)"
    latin = [w for w in re_compile(r"[A-Za-z]{3,}").findall(text)]
    if len(latin) >= 20 and sum(1 for w in latin if not re_compile(r"[aeiouyAEIOUY]").search(w)) > 0.4 * len(
        latin
    ):
        return "its text layer reads as letters that make no words (a font with a non-standard encoding)"
    words = re_compile(r"[^\W\d_]+").findall(text)
    long_words = sum(1 for w in words if len(w) >= 25)
    if words and long_words >= max(3, 0.05 * len(words)):
        return "its words come out run together (the text layer has no spaces)"
    return None
