"""Reading company pages and postings into sentences that know their lines and headings, and dating them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from prepflow_plugins.documents import load_document
from prepflow_plugins.text.cues import Cue, any_cue, cues_found
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

# -- reading ----------------------------------------------------------------------

_MARKUP = re_compile(r"\]\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}|\*\*|__|(?<!\w)_|_(?!\w)|[\[\]`*{}|<>]")
_LINK = re_compile(r"\[([^\]]*)\]\([^)]*\)")
_BULLET = re_compile(r"^(?:[-*+•]|\d{1,2}[.)])\s+")
_SENTENCE_END = re_compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(\[*_]*[A-Z0-9])")
_ABBREVIATION = re_compile(
    r"(?:^\W*\d{1,2}\.|\b[A-Za-z]\.|\b(?:Inc|Ltd|Co|Dr|Mr|Ms|Mrs|St|No|vs|etc|e\.g|i\.e))\.?$"
)
_WORD = re_compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[-'’][A-Za-z0-9+#]+)*")


@dataclass
class Sentence:
    """One sentence of a source, with the lines it spans and the headings above it."""

    file: str
    page: int | None
    start: int
    end: int
    raw: str  # as written (markup included): quotes are cut from it
    text: str  # markup removed: what the profile shows
    context: tuple[str, ...]  # lead-in, then headings from nearest to farthest, lowercased
    bullet: bool
    section: int  # which section of its file, to cap items per section

    def cite(self, quote: str | None = None) -> dict[str, Any]:
        return citation(self.file, self.start, self.end, self.page, quote or clean_quote(self.raw))


def citation(file: str, start: int, end: int, page: int | None, quote: str) -> dict[str, Any]:
    out: dict[str, Any] = {"file": file, "start": start, "end": end, "quote": quote}
    if page is not None:
        out["page"] = page
    return out


def clean_quote(raw: str, max_words: int = 30) -> str:
    """The longest run of ``raw`` without markup, cut to ``max_words``: words that really are there."""
    pieces = [" ".join(p.split()) for p in _MARKUP.split(raw)]
    best = max(pieces, key=lambda p: (len(p.split()), -pieces.index(p)))
    words = best.strip(" :;,-–—").split()
    return " ".join(words[:max_words]) or " ".join(raw.split()[:max_words])


def strip_markup(text: str) -> str:
    # each pattern runs only on text holding a character it needs (a search tries every position)
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if ">" in text or "#" in text:
        text = re_compile(r"(?:^|(?<=\s))(?:>|#{1,6})(?=\s|$)").sub("", text)  # blockquote and heading marks
    if "{" in text or "*" in text or "_" in text or "`" in text:
        text = re_compile(r"\{\{.*?\}\}|\{%.*?%\}|\*\*|__|`|(?<!\w)_|_(?!\w)").sub("", text)
    return " ".join(text.split()).strip()


Lines = dict[tuple[str, "int | None", int], str]  # (file, page, line number) -> text, as load_document gives


def read_sentences(
    ctx: prepflow.StepContext, source: str, skip_headings: Sequence[str], lines_out: Lines | None = None
) -> list[Sentence]:
    """The sentences of a source, in order, each knowing its lines and the headings it sits under.

    ``lines_out``, when given, receives every line of the source, to quote from later.
    """
    doc = load_document(ctx, source)  # front matter already left out
    lines = doc["lines"]
    if lines_out is not None:
        lines_out.update({(source, ln.get("page"), ln["line"]): ln["text"] for ln in doc["lines"]})

    # Group lines into blocks: a heading; a bullet with its continuation lines; a paragraph.
    blocks: list[list[Mapping[str, Any]]] = []
    for ln in lines:
        previous = blocks[-1][-1] if blocks else None
        joins = (
            previous is not None
            and ln.get("kind") == "text"
            and previous.get("kind") != "heading"
            and ln.get("page") == previous.get("page")
            and ln["line"] == previous.get("end", previous["line"]) + 1
            and doc.get("format") in ("markdown", "text", "pdf")
        )
        if joins:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])

    headings: list[tuple[int, str]] = []  # (level, text), outermost first
    lead: str | None = None
    section = 0
    skipping = False
    out: list[Sentence] = []
    for block in blocks:
        first = block[0]
        if first.get("kind") == "heading":
            level = first.get("level", 1)
            text = strip_markup(first["text"].lstrip("#")).lower()
            headings = [h for h in headings if h[0] < level] + [(level, text)]
            lead, section = None, section + 1
            skipping = _has(text, skip_headings)
            continue
        if skipping:
            continue
        bullet = first.get("kind") == "bullet"
        if not bullet:
            lead = None
        context = ((lead,) if lead and bullet else ()) + tuple(h for _, h in reversed(headings))
        for sentence in _split(block):
            raw, start, end = sentence
            text = strip_markup(_BULLET.sub("", raw))
            if not text:
                continue
            out.append(
                Sentence(
                    file=source,
                    page=first.get("page"),
                    start=start,
                    end=end,
                    raw=raw,
                    text=text,
                    context=context,
                    bullet=bullet,
                    section=section,
                )
            )
        last = out[-1].text if out and out[-1].start >= first["line"] else ""
        if not bullet and last.endswith(":"):
            lead = last.lower()  # "The organization's values are:" governs the list under it
    return out


def _split(block: Sequence[Mapping[str, Any]]) -> Iterable[tuple[str, int, int]]:
    """Split a block into sentences: (raw text, first line, last line)."""
    joined, spans = "", []
    for ln in block:
        if joined:
            joined += " "
        spans.append((len(joined), len(joined) + len(ln["text"]), ln["line"], ln.get("end", ln["line"])))
        joined += ln["text"]
    begin = 0
    cuts = [m for m in _SENTENCE_END.finditer(joined) if not _ABBREVIATION.search(joined[: m.start()])]
    for stop in [*(m.start() for m in cuts), len(joined)]:
        piece = joined[begin:stop].strip()
        if piece:
            first_char = begin + (len(joined[begin:stop]) - len(joined[begin:stop].lstrip()))
            lines = [s for s in spans if s[0] < stop and s[1] > first_char]
            yield piece, lines[0][2], lines[-1][3]
        begin = stop


def _has(text: str, cues: Sequence[str]) -> bool:
    """Whether one of ``cues`` occurs in ``text`` as whole words (case-insensitive)."""
    words = tuple(cues)
    return not _none_in(text, words) and any_cue(text, _cues(words))


def _count(text: str, cues: Sequence[str]) -> int:
    """How many of ``cues`` occur in ``text`` as whole words (case-insensitive)."""
    words = tuple(cues)
    if _none_in(text, words):
        return 0
    found = cues_found(text, _cues(words))
    return sum(cue in found for cue in _cues(words))


def _starts_word(text: str, prefixes: Sequence[str]) -> bool:
    """Whether a word of ``text`` starts with one of ``prefixes`` ("migrat" finds "migrating")."""
    words = tuple(prefixes)
    return not _none_in(text, words) and any_cue(text, _cues(words, prefix_only=True))


def _none_in(text: str, words: tuple[str, ...]) -> bool:
    """Whether no word of ``words`` can occur in ``text``, decided without the cue patterns (which try
    every cue at every position): for ASCII text and ASCII words, a case-insensitive match of a word
    needs its lower-case form in the lower-cased text. False (run the patterns) for any other text."""
    lowered = _lowered(words)
    if lowered is None or not text.isascii():
        return False
    text = text.lower()
    return not any(word in text for word in lowered)


@cache
def _lowered(words: tuple[str, ...]) -> tuple[str, ...] | None:
    return tuple(w.lower() for w in words) if all(w.isascii() for w in words) else None


@cache
def _cues(words: tuple[str, ...], prefix_only: bool = False) -> tuple[Cue, ...]:
    # Hyphens count as part of a word: "opened" is not found in "newly-opened".
    edge_l, edge_r = r"(?<![A-Za-z0-9\-])", r"(?![A-Za-z0-9\-])"
    return tuple(
        (
            cue,
            edge_l if cue[:1].isalnum() else "",
            edge_r if cue[-1:].isalnum() and not prefix_only else "",
        )
        for cue in words
    )


# -- dates ------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_DATE = re_compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
    r"((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_QUARTER = re_compile(r"\b(?:Q([1-4])\s*((?:19|20)\d{2})|((?:19|20)\d{2})\s*Q([1-4]))\b")
_ISO = re_compile(r"\b((?:19|20)\d{2})-(0[1-9]|1[0-2])\b")
_YEAR = re_compile(r"(?:^|\b(?:in|since|during|by|from|early|late|mid)\s+)((?:19|20)\d{2})\b(?!-)", re.I)


def find_date(text: str) -> str | None:
    """The first date stated in ``text`` as YYYY-MM, YYYY-Qn or YYYY; None when it states none."""
    found = []
    if m := _MONTH_DATE.search(text):
        found.append((m.start(), f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"))
    if m := _QUARTER.search(text):
        found.append((m.start(), f"{m.group(2) or m.group(3)}-Q{m.group(1) or m.group(4)}"))
    if m := _ISO.search(text):
        found.append((m.start(), f"{m.group(1)}-{m.group(2)}"))
    if m := _YEAR.search(text):
        found.append((m.start(1), m.group(1)))
    return min(found)[1] if found else None
