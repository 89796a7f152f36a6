"""Citations with quotes: ``{"file", "start", "end", "quote"}`` checked against the document.

A library module (not a plugin) for the prep steps. The analysis steps cite
*where* an item is (``{"file", "start", "end"}``, plus ``"page"`` for PDFs);
a prep step that says something about that item also quotes the words it
rests on, so a reader (and ``tests/grounding.py``) can check them.

An item's text is not always verbatim in its lines: ``job.analyze`` drops
Markdown emphasis (``**Communication:**``) and links, and ``resume.analyze``
joins wrapped lines. So :class:`Citer` reads the cited document once (through
the step's context, which records it for the cache) and quotes the longest run
of the item's words that really appears in the cited lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from prepflow_plugins.documents import is_url, load_document
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

#: The longest quote, in words; a longer match is cut (it stays a run of the cited text).
MAX_QUOTE_WORDS = 30

_EDGE = re_compile(r"^\W+|\W+$")


def _core(word: str) -> str:
    """A word for comparison: lower case, without surrounding punctuation or Markdown."""
    return _EDGE.sub("", word.lower().replace("’", "'"))


def _words(text: str) -> list[str]:
    return text.replace("…", " ").split()


class Citer:
    """Turns ``(source, text)`` into a citation whose quote is found in the cited lines.

    ``max_words`` caps a quote's length. When the item's words are not in its lines
    at all, the citation quotes the lines' first words, or, with ``strict=True``, is
    ``None``: better no citation than one that quotes something else.
    """

    def __init__(
        self, ctx: prepflow.StepContext, *, max_words: int = MAX_QUOTE_WORDS, strict: bool = False
    ) -> None:
        self.ctx = ctx
        self.max_words = max_words
        self.strict = strict
        self._docs: dict[str, dict[str, Any] | None] = {}

    def document(self, file: str) -> dict[str, Any] | None:
        """The loaded document (read once, recorded for the cache), or None when it cannot be read here."""
        if file not in self._docs:
            doc = None
            if not is_url(file):  # never fetch again what an analysis step already fetched
                try:
                    doc = load_document(self.ctx, file)
                except prepflow.StepError as e:
                    self.ctx.log.warning("cannot read %s to quote it: %s", file, e)
            self._docs[file] = doc
        return self._docs[file]

    def lines(self, source: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """The document's lines that ``source`` cites (none when it cannot be read)."""
        doc = self.document(str(source["file"]))
        if doc is None:
            return []
        return [
            line
            for line in doc["lines"]
            if source["start"] <= line["line"] <= source["end"]
            and ("page" not in source or line.get("page") == source["page"])
        ]

    def lines_text(self, source: Mapping[str, Any]) -> str | None:
        """The text of the cited lines, joined as ``tests/grounding.py`` joins them."""
        if self.document(str(source["file"])) is None:
            return None
        return " ".join(line["text"] for line in self.lines(source))

    def cite(self, source: Mapping[str, Any] | None, text: str) -> dict[str, Any] | None:
        """A citation of ``source`` quoting the longest run of ``text`` found in its lines."""
        if not isinstance(source, Mapping) or not {"file", "start", "end"} <= set(source):
            return None
        citation = {k: source[k] for k in ("file", "start", "end", "page") if k in source}
        lines = self.lines_text(source)
        if lines is None:  # the document cannot be read here: quote the item as given
            citation["quote"] = " ".join(_words(text)[: self.max_words])
            return citation
        quote = longest_run(_words(lines), _words(text), self.max_words)
        if self.strict and len(quote) < 3:
            return None
        citation["quote"] = quote or " ".join(_words(lines)[:12])
        return citation

    def cite_lines(self, source: Mapping[str, Any] | None, words: int = 20) -> dict[str, Any] | None:
        """A citation quoting the cited lines themselves (a role's header, say)."""
        if not isinstance(source, Mapping) or "file" not in source:
            return None
        text = " ".join(re_compile(r"^[#>*\-•\s]+").sub("", line["text"]) for line in self.lines(source))
        return self.cite(source, " ".join(text.split()[:words])) if text else None

    def cites(self, pairs: Iterable[tuple[Mapping[str, Any] | None, str]]) -> list[dict[str, Any]]:
        """Citations for several ``(source, text)`` pairs, without duplicates, in order."""
        out: list[dict[str, Any]] = []
        for source, text in pairs:
            citation = self.cite(source, text)
            if citation is not None and citation not in out:
                out.append(citation)
        return out


def longest_run(document: list[str], item: list[str], max_words: int = MAX_QUOTE_WORDS) -> str:
    """The longest run of ``item``'s words that appears in ``document``, as the document writes it."""
    doc_core = [_core(w) for w in document]
    item_core = [_core(w) for w in item]
    best_len, best_end = 0, 0
    previous = [0] * (len(item_core) + 1)
    for i, d in enumerate(doc_core, start=1):
        current = [0] * (len(item_core) + 1)
        for j, w in enumerate(item_core, start=1):
            if d == w and (d or document[i - 1] == item[j - 1]):  # "–" matches "–"
                current[j] = previous[j - 1] + 1
                if current[j] > best_len:
                    best_len, best_end = current[j], i
        previous = current
    if not best_len:
        return ""
    run = _without_markup(document[best_end - best_len : best_end])[:max_words]
    # Trim punctuation and Markdown at the two ends only: the quote stays a substring of the lines.
    run[0] = re_compile(r"^\W+").sub("", run[0])
    run[-1] = re_compile(r"\W+$").sub("", run[-1])
    return " ".join(w for w in run if w)


_MARKUP = re_compile(r"\*\*|__|`|\]\(|<?https?://")


def _without_markup(run: list[str]) -> list[str]:
    """The longest piece of a run of words that has no Markdown or web address inside it
    ("Leadership:** Ability …" gives "Ability …"): markup may only sit at a piece's two ends."""
    pieces: list[list[str]] = [[]]
    for word in run:
        mark = _MARKUP.search(word)
        if mark is None:
            pieces[-1].append(word)
            continue
        head, tail = word[: mark.start()], word[mark.end() :]
        if head.strip("*_`[]()"):
            pieces[-1].append(head)  # "Leadership:**" ends a piece as "Leadership:"
        pieces.append([tail] if tail.strip("*_`[]()") and not _MARKUP.search(tail) else [])
    return max(pieces, key=len) or run
