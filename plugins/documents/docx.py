"""DOCX (Word) documents: one line per paragraph, table cells included."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from prepflow_plugins.documents.detect import _err
from prepflow_plugins.documents.lines import _BULLET, clean, make_line


def _load_docx(source: str, data: bytes) -> dict[str, Any]:
    import zipfile

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
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    for cell in row.cells:
                        yield from paragraphs(cell._tc)
            elif tag == "sdt":
                content = child.find(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent"
                )
                if content is not None:
                    yield from paragraphs(content)

    lines: list[dict[str, Any]] = []
    title = None
    last_level = 1
    for number, para in enumerate(paragraphs(document.element.body), start=1):
        text = clean(para.text)
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        heading = re.match(r"^(?:Heading\s*(\d)|Title)$", style, re.I)
        has_numbering = para._p.pPr is not None and para._p.pPr.numPr is not None
        if not heading and not has_numbering and _bold_paragraph(para, text):
            heading = re.match(r"(\d)", str(min(last_level + 1, 6)))  # a bold paragraph used as a heading
        if heading:
            level = last_level = int(heading.group(1) or 1)
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
            made = make_line(text, number, depth=0)
            if made is None:
                continue
            if made["kind"] == "heading":
                made = {"text": text, "line": number, "kind": "text"}
            previous = lines[-1] if lines else None
            if (
                made["kind"] == "text"
                and previous is not None
                and previous["kind"] == "bullet"
                and text[:1].islower()
                and (previous.get("end") or previous["line"]) == number - 1
            ):
                previous["text"] += " " + text  # a wrapped item carried on in the next paragraph
                previous["end"] = number
                continue
            line = made
        lines.append(line)
    core_title = clean(document.core_properties.title or "")
    if core_title and re.fullmatch(r"(?:microsoft word - )?.*\.docx?|untitled|document\d*", core_title, re.I):
        core_title = ""  # a file name or a placeholder, not a title
    return {"source": source, "format": "docx", "title": core_title or title, "lines": lines}


def _bold_paragraph(para: Any, text: str) -> bool:
    """A short paragraph whose every run of text is bold, and that does not end like a sentence."""
    words = text.split()
    if not words or len(words) > 12 or text.endswith((".", ",", ";")):
        return False
    runs = [run for run in para.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)
