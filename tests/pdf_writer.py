"""A tiny PDF writer for tests: text placed at given points, in the standard Helvetica fonts.

``pdf([[Text(72, 700, "Experience", size=14, bold=True), ...], ...])`` is a PDF with one page
per list; "ﬁ" and "ﬂ" are set as ligature glyphs. ``unmapped=True`` sets a Text in a font that
maps its glyphs to no text at all (read as ``(cid:N)``); ``garbled=True`` sets a Text in a font
whose encoding maps every letter to a symbol, as a PDF with a shifted font encoding does; a Text
whose ``kerned`` is true is written with kerning between its words instead of spaces (a text
layer whose words come out glued together when read without the layout).
"""

from __future__ import annotations

from dataclasses import dataclass

_SYMBOLS = (
    "/exclam /quotedbl /numbersign /dollar /percent /ampersand /quotesingle /parenleft /parenright"
    " /asterisk /plus /comma /hyphen /period /slash /colon /semicolon /less /equal /greater"
    " /question /at /bracketleft /backslash /bracketright /asciicircum"
)


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: float = 10.0
    bold: bool = False
    garbled: bool = False
    kerned: bool = False
    unmapped: bool = False


#: Ligature glyphs, set at codes cp1252 leaves unused ("ﬁ" in "ﬁles" is one glyph, as fonts set it).
_LIGATURES = {"\ufb01": 0x81, "\ufb02": 0x8D}


def _string(text: str) -> str:
    data = b"".join(bytes([_LIGATURES[c]]) if c in _LIGATURES else c.encode("cp1252") for c in text)
    out = ""
    for byte in data:
        char = chr(byte)
        if char in "()\\":
            out += "\\" + char
        elif 32 <= byte < 127:
            out += char
        else:
            out += f"\\{byte:03o}"
    return f"({out})"


def pdf(pages: list[list[Text]], *, title: str | None = None) -> bytes:
    fonts = {
        "F1": (
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding"
            " /WinAnsiEncoding /Differences [129 /fi 141 /fl] >> >>"
        ),
        "F2": (
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding << /BaseEncoding"
            " /WinAnsiEncoding /Differences [129 /fi 141 /fl] >> >>"
        ),
        "F3": (
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding"
            f" /WinAnsiEncoding /Differences [65 {_SYMBOLS} 97 {_SYMBOLS}] >> >>"
        ),
        "F4": (
            "<< /Type /Font /Subtype /Type0 /BaseFont /Glyphs /Encoding /Identity-H /DescendantFonts"
            " [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Glyphs /DW 500 /CIDSystemInfo"
            " << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >>"
        ),
    }
    objects: list[bytes] = []
    kids = []
    first_font = 3 + 2 * len(pages)
    font_refs = " ".join(f"/{name} {first_font + i} 0 R" for i, name in enumerate(fonts))
    for i, items in enumerate(pages):
        page_id, content_id = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page_id} 0 R")
        ops = []
        for item in items:
            font = "F4" if item.unmapped else "F3" if item.garbled else "F2" if item.bold else "F1"
            if item.unmapped:  # two-byte glyph codes, with no map back to text
                shown = "<" + "".join(f"{ord(c):04X}" for c in item.text) + "> Tj"
            elif item.kerned:
                words = " ".join(_string(w) for w in item.text.split())
                shown = f"[{words.replace(') (', ') -280 (')}] TJ"
            else:
                shown = f"{_string(item.text)} Tj"
            ops.append(f"BT /{font} {item.size:g} Tf {item.x:g} {item.y:g} Td {shown} ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << {font_refs} >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode(),
    ]
    everything = [*head, *objects, *(body.encode() for body in fonts.values())]
    info = None
    if title is not None:
        everything.append(f"<< /Title {_string(title)} >>".encode("latin-1"))
        info = len(everything)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(everything, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(everything) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(everything) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
