"""Limits on what reading a PDF may cost: pages, drawn objects, and bytes unpacked from streams.

pdfminer unpacks a compressed stream whole (a few KB of zeros can unpack to gigabytes) and
lays out every glyph and shape of every page. :func:`guarded` gives the layout device that
counts what is drawn, and a budget of unpacked bytes for the document being read; pdfminer's
``zlib`` is replaced once, process-wide, by one that keeps to the budget of the thread that
calls it (no budget: plain ``zlib``), so two PDFs read at once each keep their own.
"""

from __future__ import annotations

import threading
import zlib
from typing import Any

from prepflow_plugins.documents.limits import MAX_PDF_OBJECTS


class OverLimit(Exception):
    """Reading the PDF went over a limit; ``str()`` says which, for the one-line message."""


_budget = threading.local()


class _BoundedZlib:
    """The part of ``zlib`` pdfminer uses, unpacking no more than the current budget."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        left = getattr(_budget, "left", None)
        if left is None:
            return zlib.decompress(data, *args)
        unpacker = zlib.decompressobj(*args[:1])
        out = unpacker.decompress(data, left + 1)
        if len(out) > left:
            raise OverLimit(f"its streams unpack to more than {_budget.limit_text} (max_bytes)")
        if not unpacker.eof:  # as zlib.decompress: pdfminer then unpacks what it can
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        _budget.left = left - len(out)
        return out

    @staticmethod
    def decompressobj(*args: Any) -> Any:
        return _BoundedObj(zlib.decompressobj(*args))

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


class _BoundedObj:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        left = getattr(_budget, "left", None)
        if left is None:
            return bytes(self.inner.decompress(data, max_length))
        out = bytes(self.inner.decompress(data, left + 1))
        if len(out) > left:
            raise OverLimit(f"its streams unpack to more than {_budget.limit_text} (max_bytes)")
        _budget.left = left - len(out)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


_installed = False
_install_lock = threading.Lock()


def _install() -> None:
    global _installed
    with _install_lock:
        if not _installed:
            import pdfminer.pdftypes

            pdfminer.pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
            _installed = True


class budget:
    """``with budget(limit, "10.0 MB"):`` pdfminer unpacks at most ``limit`` bytes in this thread."""

    def __init__(self, limit: int, limit_text: str) -> None:
        self.limit = limit
        self.limit_text = limit_text

    def __enter__(self) -> None:
        _install()
        _budget.left = self.limit
        _budget.limit_text = self.limit_text

    def __exit__(self, *exc: object) -> None:
        _budget.left = None


def counting_device(manager: Any, laparams: Any) -> Any:
    """A layout device that stops with :class:`OverLimit` after :data:`MAX_PDF_OBJECTS` glyphs,
    shapes and images (all pages together)."""
    from pdfminer.converter import PDFPageAggregator

    class Counting(PDFPageAggregator):
        drawn = 0

        def _count(self) -> None:
            self.drawn += 1
            if self.drawn > MAX_PDF_OBJECTS:
                raise OverLimit(f"it draws more than {MAX_PDF_OBJECTS:,} glyphs and shapes (the limit)")

        def render_char(self, *args: Any, **kwargs: Any) -> Any:
            self._count()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args: Any, **kwargs: Any) -> Any:
            self._count()
            return super().paint_path(*args, **kwargs)

        def render_image(self, *args: Any, **kwargs: Any) -> Any:
            self._count()
            return super().render_image(*args, **kwargs)

        def end_page(self, page: Any) -> None:
            if self.laparams is not None:
                _lines_only(self.cur_item, self.laparams)
            self.pageno += 1
            self.receive_layout(self.cur_item)  # type: ignore[arg-type]  # an LTPage, as begin_page made it

    return Counting(manager, laparams=laparams)


def _lines_only(page: Any, laparams: Any) -> None:
    """pdfminer's layout analysis of a page, stopped at text lines: the reader orders lines
    itself, and grouping lines into boxes is quadratic in lines that overlap (a thousand
    lines drawn over one another took ten seconds, two thousand a minute)."""
    from pdfminer.layout import LTChar
    from pdfminer.utils import fsplit

    chars, others = fsplit(lambda obj: isinstance(obj, LTChar), page)
    for obj in others:
        obj.analyze(laparams)
    if not chars:
        return
    lines = list(page.group_objects(laparams, chars))
    empties, lines = fsplit(lambda obj: obj.is_empty(), lines)
    for obj in [*empties, *lines]:
        obj.analyze(laparams)
    # the order pdfminer's boxes would give: top to bottom, then left to right
    lines.sort(key=lambda line: (-line.y1, line.x0))
    page._objs = lines + others + empties
