"""PDF documents: the extracted text lines, counted from the start, each with its page."""

from __future__ import annotations

import io
import re
from typing import Any

from prepflow_plugins.documents.detect import _err
from prepflow_plugins.documents.lines import clean, make_line

import prepflow


def _load_pdf(source: str, data: bytes) -> dict[str, Any]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _err(source, "the PDF is password-protected; save an unprotected copy")
        pages = list(reader.pages)
        texts = [page.extract_text() or "" for page in pages]
    except prepflow.StepError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        raise _err(source, f"not a readable PDF ({e.__class__.__name__}: {e})") from None
    except Exception as e:  # pypdf raises many kinds on corrupt input; never a traceback
        raise _err(source, f"not a readable PDF ({e.__class__.__name__})") from None
    lines: list[dict[str, Any]] = []
    number = 0
    for page_number, text in enumerate(texts, start=1):
        for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            number += 1
            line = make_line(raw, number, depth=0)
            if line is None or re.fullmatch(
                r"(?:page\s*)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?", line["text"], re.I
            ):
                continue  # blank, or a page number
            if line["kind"] == "heading":  # '#' in a PDF is text, not Markdown
                line = {"text": clean(raw), "line": number, "kind": "text"}
            line["page"] = page_number
            previous = lines[-1] if lines else None
            if previous is not None and previous["page"] == page_number and _continues(previous, line):
                joiner = "" if previous["text"].endswith("-") and line["text"][:1].islower() else " "
                base = previous["text"][:-1] if joiner == "" else previous["text"]
                previous["text"] = base + joiner + line["text"]
                previous["end"] = number
                continue
            lines.append(line)
    if not lines:
        raise _err(
            source, f"this PDF has no text layer ({len(pages)} page(s) of images?); it needs OCR first"
        )
    title = None
    try:
        metadata = reader.metadata
        meta_title = metadata.get("/Title") if metadata else None
        if meta_title and not re.search(r"\.(docx?|pdf)$|^Microsoft|^untitled", str(meta_title), re.I):
            title = clean(str(meta_title)) or None
    except Exception:
        title = None
    return {"source": source, "format": "pdf", "title": title, "lines": lines, "pages": len(pages)}


def _continues(previous: dict[str, Any], line: dict[str, Any]) -> bool:
    """A wrapped PDF line: it carries on the bullet above (starts in lower case, or follows a hyphen)."""
    if previous["kind"] != "bullet" or line["kind"] != "text":
        return False
    text = line["text"]
    return text[:1].islower() or previous["text"].endswith(("-", ","))
