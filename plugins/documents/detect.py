"""Which format a document is in, and its bytes decoded to text (refusing binary data)."""

from __future__ import annotations

from pathlib import PurePosixPath

from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

#: Extensions we know and refuse, with what to do instead.
_UNSUPPORTED = {
    ".doc": "a legacy Word .doc file; save it as .docx or PDF",
    ".rtf": "an RTF file; save it as .docx, PDF or plain text",
    ".odt": "an OpenDocument text; save it as .docx or PDF",
    ".pages": "an Apple Pages file; export it as .docx or PDF",
    ".xls": "a spreadsheet",
    ".xlsx": "a spreadsheet",
    ".csv": "a spreadsheet (CSV)",
    ".ppt": "a presentation",
    ".pptx": "a presentation",
    ".png": "an image; prepflow does not do OCR",
    ".jpg": "an image; prepflow does not do OCR",
    ".jpeg": "an image; prepflow does not do OCR",
    ".gif": "an image; prepflow does not do OCR",
    ".tif": "an image; prepflow does not do OCR",
    ".tiff": "an image; prepflow does not do OCR",
    ".zip": "a ZIP archive",
    ".gz": "a compressed archive",
}
_MAGIC = [
    (b"\x89PNG", "a PNG image; prepflow does not do OCR"),
    (b"\xff\xd8\xff", "a JPEG image; prepflow does not do OCR"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls); save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF file; save it as .docx, PDF or plain text"),
]
_HTML_EXT = (".html", ".htm", ".xhtml")
_MD_EXT = (".md", ".markdown", ".mdown", ".mkd")


def _err(source: str, message: str) -> prepflow.StepError:
    return prepflow.StepError(f"{source}: {message}")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _detect(source: str, name: str, data: bytes, content_type: str) -> str:
    ext = PurePosixPath(name.lower()).suffix
    head = data[:2048]
    if head.startswith(b"%PDF-") or "application/pdf" in content_type:
        return "pdf"
    if ext == ".pdf":
        raise _err(source, "named .pdf but is not a PDF file")
    if head.startswith(b"PK\x03\x04"):
        if ext == ".docx" or b"word/" in data[:65536]:
            return "docx"
        raise _err(source, f"unsupported file type: {_UNSUPPORTED.get(ext, 'a ZIP archive')}")
    if ext == ".docx":
        raise _err(source, "named .docx but is not a Word document")
    if ext in _UNSUPPORTED:
        raise _err(source, f"unsupported file type: {_UNSUPPORTED[ext]}")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _err(source, f"unsupported file type: {what}")
    if ext in _HTML_EXT or "html" in content_type:
        return "html"
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower():
        return "html"
    if ext == ".json" or "json" in content_type:
        return "json"
    if ext in (".yaml", ".yml") or "yaml" in content_type:
        return "yaml"
    if ext in _MD_EXT or "markdown" in content_type:
        return "markdown"
    return "text"


def _decode(source: str, data: bytes) -> tuple[str, str]:
    """Bytes to text: BOMs, then UTF-8, then charset-normalizer's best guess; refuse binary data."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(source, data.decode(encoding)), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                break
    try:
        return _check_text(source, data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        raise _binary(source)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _binary(source)
    return _check_text(source, str(best)), best.encoding


def _binary(source: str) -> prepflow.StepError:
    return _err(source, "this looks like binary data, not a text document (unsupported or corrupt file)")


#: What a text document should barely hold: control characters (Unicode category Cc) other than
#: tab, line feed, form feed and carriage return, private-use characters (Co), surrogates (Cs,
#: bytes Python could not decode) and U+FFFD (a byte a decoder replaced). Those categories are
#: fixed ranges, stable across Unicode versions (tests/test_documents.py checks every character).
_SUSPECT = (
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)


def _check_text(source: str, text: str) -> str:
    sample = text[:20000]
    if not sample:
        return text
    bad = len(re_compile(_SUSPECT).findall(sample))
    if bad / len(sample) > 0.01:
        raise _binary(source)
    return text
