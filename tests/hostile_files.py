"""Hostile inputs, generated at test time: zip bombs, deep HTML, long lines, bad encodings, PDFs
that unpack or draw too much. Each is small on disk and large or slow once read naively."""

from __future__ import annotations

import io
import zipfile
import zlib


def docx_with_body(body_xml: str) -> bytes:
    """A Word file (made by python-docx) whose document body is ``body_xml`` (``w:p`` elements)."""
    import docx

    document = docx.Document()
    document.add_paragraph("placeholder")
    buffer = io.BytesIO()
    document.save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            content = xml.encode() if item.filename == "word/document.xml" else original.read(item)
            archive.writestr(item.filename, content)
    return out.getvalue()


def paragraphs(count: int, text: str = "Line {i} of the resume") -> str:
    return "".join(f"<w:p><w:r><w:t>{text.format(i=i)}</w:t></w:r></w:p>" for i in range(count))


def docx_bomb(unpacked_mb: int = 60) -> bytes:
    """A DOCX whose text part unpacks to ``unpacked_mb`` MB of blanks (a few hundred KB packed)."""
    return docx_with_body(
        paragraphs(3) + "<w:p><w:r><w:t>" + " " * (unpacked_mb << 20) + "</w:t></w:r></w:p>"
    )


def docx_many_entries(count: int) -> bytes:
    """A DOCX with ``count`` extra (empty) files in its archive."""
    out = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(docx_with_body(paragraphs(2))))
    with zipfile.ZipFile(out, "w") as archive:
        for item in base.infolist():
            archive.writestr(item.filename, base.read(item))
        for i in range(count):
            archive.writestr(f"word/media/extra{i}.bin", b"")
    return out.getvalue()


def deep_html(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "<p>Deep text</p>" + "</div>" * depth + "</body></html>"


def chains_html(chains: int, depth: int) -> str:
    """``chains`` runs of ``depth`` nested divs, each level with a little inline text: the shape
    that made the main-content finder quadratic."""
    one = "<div><span>t</span>" * depth + "<p>Deep text here</p>" + "</div>" * depth
    return "<html><body>" + one * chains + "</body></html>"


def pdf_with_stream(content: bytes, *, pages: int = 1, deflate: bool = True) -> bytes:
    """A PDF of ``pages`` pages, each drawing the content stream ``content`` (Flate-compressed)."""
    stream = zlib.compress(content, 9) if deflate else content
    filters = " /Filter /FlateDecode" if deflate else ""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d%s >>\nstream\n" % (len(stream), filters.encode()) + stream + b"\nendstream",
    ]
    objects += [
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        f"/Resources << /Font << /F1 {4 + pages} 0 R >> >> >>".encode()
        for _ in range(pages)
    ]
    objects.append(font)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_ops(lines: int) -> bytes:
    """A content stream writing ``lines`` lines of text down a page."""
    return b"\n".join(
        b"BT /F1 10 Tf 72 %d Td (Line %d of a long page) Tj ET" % (750 - (i % 70) * 10, i)
        for i in range(lines)
    )
