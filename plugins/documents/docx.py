"""DOCX (Word) documents: one line per paragraph, table cells included."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

from prepflow_plugins.documents.detect import _err
from prepflow_plugins.documents.limits import MAX_DOCX_ELEMENTS, MAX_LINES, too_many
from prepflow_plugins.documents.lines import _BULLET, clean, make_line
from prepflow_plugins.text.regexstore import compile as re_compile


def _load_docx(source: str, data: bytes) -> dict[str, Any]:
    import zipfile

    _check_elements(source, data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise _err(source, f"not a readable Word document ({e.__class__.__name__})") from None
    except Exception as e:
        raise _err(source, f"not a readable Word document ({e.__class__.__name__})") from None

    def paragraphs(parent: Any) -> Iterator[Any]:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                yield Paragraph(child, document)
                for box in _text_boxes(child):
                    yield from paragraphs(box)  # a text box anchored here (a sidebar, a header)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells = _row_cells(row)
                    if cells is not None:
                        yield cells  # a row of one-line cells: one line, like a Markdown table's
                        continue
                    for cell in row.cells:
                        yield from paragraphs(cell._tc)
            elif tag == "sdt":
                content = child.find(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent"
                )
                if content is not None:
                    yield from paragraphs(content)

    body = document.element.body
    count = sum(1 for _ in body.iter(_W + "p"))
    if count > MAX_LINES:
        raise too_many(source, f"{count:,} paragraphs", f"{MAX_LINES:,} lines")
    style_of = _style_names(document)
    lines: list[dict[str, Any]] = []
    title = None
    styled_level = 1
    number = 0
    for para in paragraphs(body):
        number += 1
        if isinstance(para, list):  # a table row's cells: "Languages | Python, SQL"
            made = make_line(" | ".join(c for c in para if c), number, depth=0)
            if made is not None:
                made["cells"] = para
                lines.append(made)
            number += len(para) - 1  # each cell keeps its paragraph number
            continue
        pieces = [
            piece
            for piece in (clean(_separated(raw)) for raw in _paragraph_text(para._p).split("\n"))
            if piece
        ]
        text = " ".join(pieces)
        if not text:
            continue
        style = style_of(para._p)
        heading = re.match(r"^(?:Heading\s*(\d)|Title)$", style, re.I)
        has_numbering = para._p.pPr is not None and para._p.pPr.numPr is not None
        if not heading and not has_numbering and len(pieces) == 1 and _bold_paragraph(para, text):
            # a bold paragraph used as a heading: one below the last styled heading, so that a run of
            # bold section headings stays on one level
            heading = re.match(r"(\d)", str(min(styled_level + 1, 6)))
        elif heading:
            styled_level = int(heading.group(1) or 1)
        if heading:
            level = int(heading.group(1) or 1)
            line = {
                "text": f"{'#' * level} {text}",
                "line": number,
                "kind": "heading",
                "level": min(level, 6),
            }
            if title is None:
                title = text
        elif has_numbering or style.lower().startswith("list"):
            ilvl = 0
            if has_numbering and para._p.pPr.numPr.ilvl is not None:
                ilvl = int(para._p.pPr.numPr.ilvl.val or 0)
            stripped = _BULLET.sub("", text, count=1) or text
            marker = "1. " if "number" in style.lower() else "- "
            line = {"text": marker + stripped, "line": number, "kind": "bullet", "depth": ilvl}
        else:
            for piece in pieces:  # a soft line break inside a plain paragraph starts a new line
                made = _plain_line(piece, number, lines[-1] if lines else None)
                if made is not None:
                    lines.append(made)
            continue
        lines.append(line)
    core_title = clean(document.core_properties.title or "")
    if core_title and re.fullmatch(r"(?:microsoft word - )?.*\.docx?|untitled|document\d*", core_title, re.I):
        core_title = ""  # a file name or a placeholder, not a title
    return {"source": source, "format": "docx", "title": core_title or title, "lines": lines}


def _check_elements(source: str, data: bytes) -> None:
    """Refuse a document whose text part has more XML elements than :data:`MAX_DOCX_ELEMENTS`,
    before it is parsed (python-docx spends tens of microseconds on each paragraph and run)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")  # its size was checked with the archive's
    except Exception:
        return  # python-docx says what is wrong with it
    tags = xml.count(b"<") - xml.count(b"</")
    if tags > MAX_DOCX_ELEMENTS:
        raise too_many(source, f"{tags:,} XML elements", f"{MAX_DOCX_ELEMENTS:,} elements")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style_names(document: Any) -> Callable[[Any], str]:
    """The name of a paragraph's style, from a table read once (python-docx's ``para.style``
    searches the styles part on every call: milliseconds a paragraph). As in Word, a paragraph
    without a style, or with an unknown one, has the default paragraph style."""
    from docx.styles import BabelFish

    names: dict[str, str] = {}
    default = ""
    for style in document.styles.element.iterchildren(_W + "style"):
        if style.get(_W + "type", "paragraph") != "paragraph":
            continue
        name_element = style.find(_W + "name")
        raw = name_element.get(_W + "val") if name_element is not None else None
        name = BabelFish.internal2ui(raw) if raw else ""
        style_id = style.get(_W + "styleId")
        if style_id:
            names.setdefault(style_id, name)
        if style.get(_W + "default") == "1":
            default = name  # the last one, as python-docx

    def style_of(p: Any) -> str:
        ppr = p.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        return names.get(style_id, default) if style_id else default

    return style_of


def _plain_line(text: str, number: int, previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """The line record of plain text, or None when it carries on the bullet item before it."""
    made = make_line(text, number, depth=0)
    if made is None:
        return None
    if made["kind"] == "heading":
        return {"text": text, "line": number, "kind": "text"}
    if (
        made["kind"] == "text"
        and previous is not None
        and previous["kind"] == "bullet"
        and text[:1].islower()
        and (previous.get("end") or previous["line"]) in (number - 1, number)
    ):
        previous["text"] += " " + text  # a wrapped item carried on in the next paragraph
        previous["end"] = number
        return None
    return made


def _row_cells(row: Any) -> list[str] | None:
    """The texts of a table row's cells when each holds at most one plain paragraph (a merged
    cell counted once), else None: cells with lists or several paragraphs are read one by one."""
    cells: list[str] = []
    seen: list[Any] = []
    for cell in row.cells:
        if any(cell._tc is other for other in seen):
            continue
        seen.append(cell._tc)
        texts = [p.text for p in cell.paragraphs if p.text.strip()]
        if len(texts) > 1 or cell.tables or any(_BULLET.match(t.strip()) for t in texts):
            return None
        cells.append(clean(_separated(texts[0])) if texts else "")
    return cells if len([c for c in cells if c]) >= 2 else None


_TAB = re_compile(r"[ \t]*\t[ \t]*")


def _separated(raw: str) -> str:
    """A tab between two pieces of a line kept as a visible ' · ' (not one after a typed bullet)."""
    text = raw.strip()
    bullet = _BULLET.match(text)
    head = text[: bullet.end()] if bullet else ""
    return head + _TAB.sub(" · ", text[len(head) :])


def _bold_paragraph(para: Any, text: str) -> bool:
    """A short paragraph whose every run of text is bold, and that does not end like a sentence."""
    words = text.split()
    if not words or len(words) > 12 or text.endswith((".", ",", ";")):
        return False
    from docx.text.run import Run

    runs = [Run(r, para) for r in para._p.iterchildren(_W + "r") if _run_text(r).strip()]
    return bool(runs) and all(run.bold for run in runs)


_TEXT_BOX = _W + "txbxContent"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_boxes(p: Any) -> list[Any]:
    """The text boxes anchored in a paragraph, outermost only (a box in a box is read with its
    box), and not the copy Word keeps of each for old readers (``mc:Fallback``)."""
    boxes = []
    for box in p.iter(_TEXT_BOX):
        parent = box.getparent()
        while parent is not None and parent is not p and parent.tag not in (_TEXT_BOX, _FALLBACK):
            parent = parent.getparent()
        if parent is p:
            boxes.append(box)
    return boxes


_RUN_TEXT = frozenset(_W + name for name in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _run_text(r: Any) -> str:
    """A run's text as python-docx's ``Run.text`` gives it (tabs, breaks and hyphens as text),
    without its XPath query: tens of microseconds a run, seconds for a long document."""
    return "".join(str(e) for e in r.iterchildren() if e.tag in _RUN_TEXT)


def _paragraph_text(p: Any) -> str:
    """A paragraph's text as ``Paragraph.text`` gives it: its runs and its hyperlinks' runs."""
    out: list[str] = []
    for child in p.iterchildren():
        if child.tag == _W + "r":
            out.append(_run_text(child))
        elif child.tag == _W + "hyperlink":
            out.extend(_run_text(r) for r in child.iterchildren(_W + "r"))
    return "".join(out)
