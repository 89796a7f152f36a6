"""A UTF-8 file with a few bytes that are not: read as UTF-8, those bytes repaired one by one.

One stray Latin-1 byte (an ``é`` typed in an old editor) makes a file invalid UTF-8. Guessing an
encoding for the whole file then turns every other accented letter, dash and quote into
mojibake. When most of the file's non-ASCII text is valid UTF-8, it is UTF-8: each invalid
byte is read as the Windows-1252 character it most likely was, and a warning names where.
"""

from __future__ import annotations

from prepflow_plugins.documents.detect import _check_text
from prepflow_plugins.text.regexstore import compile as re_compile

_STRAY = re_compile("[\udc80-\udcff]")


def read_mostly_utf8(source: str, data: bytes) -> tuple[str, list[str]] | None:
    """``(text, warnings)`` when ``data`` is UTF-8 but for a few bytes; None when it is valid
    UTF-8 (nothing to repair) or not UTF-8 at all (its encoding is guessed elsewhere)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[bom:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or b"\x00" in data[:8192]:
        return None  # UTF-16/32, or binary data
    text = data.decode("utf-8", errors="surrogateescape")
    stray = [m.start() for m in _STRAY.finditer(text)]
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - len(stray)
    if valid < 1 or len(stray) > valid:
        return None  # mostly not UTF-8: a legacy encoding
    first = stray[0]
    offset = len(text[:first].encode("utf-8", errors="surrogateescape"))
    line = text.count("\n", 0, first) + 1
    repaired = _STRAY.sub(lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", errors="replace"), text)
    shown = repaired[first]
    more = f" ({len(stray) - 1} more like it)" if len(stray) > 1 else ""
    warning = (
        f"{source}: line {line}: byte {offset + bom} (0x{data[offset]:02X}) is not UTF-8{more}; "
        f"read as '{shown}' and the rest as UTF-8; save the file as UTF-8 to be sure"
    )
    return _check_text(source, repaired), [warning]
