"""The compiled synonym table, and how it finds the concepts a text names or shows: variants by
regular expression or word by word, multi-word variants and ``shown_by`` phrases on word stems in
order, a few words apart and within one clause.

A library module (not a plugin), part of how the first-party steps compare texts
(:mod:`prepflow_plugins.text.terms`); :mod:`prepflow_plugins.text.synonyms` compiles the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem

#: The shortest stem of a one-word variant that also matches inflected ("coach" matches "coached").
MIN_STEMMED_VARIANT = 5
#: How many other words may stand between two words of a multi-word variant ("cross-functional project teams")
VARIANT_GAP = 1
#: How many other words may stand between two words of a ``shown_by`` phrase.
_PHRASE_GAP = 2


@dataclass(frozen=True)
class Indicator:
    """A phrase that shows a concept in a resume line: its stems in order, and its credit."""

    stems: tuple[str, ...]
    concept: str
    credit: float


@dataclass(frozen=True)
class Thesaurus:
    """The synonym table, compiled into two regular expressions, and the phrases that show a concept.

    Variants of up to three characters, and variants written in capitals, match
    case-sensitively (so "MS" is a degree but "ms" is milliseconds, and "REST"
    is not "the rest"); the others ignore case.
    """

    canonical: Mapping[str, str]  # every variant (as written) -> its concept
    exact: re.Pattern[str] | None
    folded: re.Pattern[str] | None
    folded_names: Mapping[str, str] = field(default_factory=dict)  # lowercased variant -> concept
    indicators: tuple[Indicator, ...] = ()
    stem_names: Mapping[str, str] = field(default_factory=dict)  # stem of a one-word variant -> concept
    phrases: tuple[tuple[tuple[str, ...], str], ...] = ()  # stems of multi-word variants -> concept
    words: Mapping[str, str] = field(default_factory=dict)  # lowercased one-word plain variant -> concept

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Every concept in ``text`` as ``(start, end, concept, words)``, without overlaps."""
        spans = []
        if self.exact:
            spans += [
                (m.start(), m.end(), self.canonical[squash(m.group())], m.group())
                for m in self.exact.finditer(text)
            ]
        if self.folded:
            spans += [
                (m.start(), m.end(), self.folded_names[squash(m.group()).lower()], m.group())
                for m in self.folded.finditer(text)
            ]
        if self.words:
            spans += [
                (m.start(), m.end(), self.words[m.group().lower()], m.group())
                for m in _PLAIN_WORD.finditer(text)
                if m.group().lower() in self.words
            ]
        if self.phrases:  # "cross-functional project teams", "communications skills": inflected, a word apart
            low = text.lower()
            words = [(m.start(), m.end(), _token_stem(m.group())) for m in _PHRASE_TOKEN.finditer(low)]
            stems = [w[2] for w in words]
            present = set(stems)
            for phrase, concept in self.phrases:
                if phrase[0] not in present or not present.issuperset(phrase):
                    continue
                for first, last in _find_all_in_order(stems, phrase, VARIANT_GAP):
                    start, end = words[first][0], words[last][1]
                    spans.append((start, end, concept, text[start:end]))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str, str]] = []
        for span in spans:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept

    def shown(self, text: str) -> dict[str, tuple[float, str]]:
        """The concepts ``text`` shows without naming them: ``{concept: (credit, the words)}``."""
        words = [(m.start(), m.end(), _token_stem(m.group())) for m in _PHRASE_TOKEN.finditer(text.lower())]
        stems = [w[2] for w in words]
        present = set(stems)
        out: dict[str, tuple[float, str]] = {}
        for indicator in self.indicators:
            if not present.issuperset(indicator.stems):  # most phrases: a word of it is missing
                continue
            if out.get(indicator.concept, (0.0, ""))[0] >= indicator.credit:
                continue
            span = _find_in_order(stems, indicator.stems)
            if span is not None:
                out[indicator.concept] = (indicator.credit, text[words[span[0]][0] : words[span[1]][1]])
        return out


#: Words, and the punctuation that ends a clause or a list item (a phrase never reaches across it:
#: "front-ends, improving user experience" holds no "end user").
_PHRASE_TOKEN = re_compile(r"[a-z0-9]+(?:['’][a-z]+)?|[.,;:!?()]")


def _token_stem(token: str) -> str:
    return token if not token[0].isalnum() else stem(token)


def _find_in_order(stems: list[str], wanted: tuple[str, ...]) -> tuple[int, int] | None:
    """The first ``(first, last)`` word indexes where ``wanted`` occurs in order, a few words apart."""
    return next(iter(_find_all_in_order(stems, wanted, _PHRASE_GAP)), None)


def _find_all_in_order(stems: list[str], wanted: tuple[str, ...], gap: int) -> list[tuple[int, int]]:
    """Every ``(first, last)`` where ``wanted`` occurs in order, at most ``gap`` words apart, in a clause."""
    found = []
    for first, word in enumerate(stems):
        if word != wanted[0]:
            continue
        at = first
        for part in wanted[1:]:
            window = stems[at + 1 : at + 2 + gap]
            stop = next((i for i, w in enumerate(window) if not w[0].isalnum()), len(window))
            window = window[:stop]
            # a word that makes a compound of its own between them is another skill: "program
            # management skills" is not "programming skills"
            heads = next((i for i, w in enumerate(window) if w in _OWN_HEADS), len(window))
            window = window[: heads + 1] if heads < len(window) and window[heads] == part else window[:heads]
            if part not in window:
                break
            at = at + 1 + window.index(part)
        else:
            found.append((first, at))
    return found


#: Words that head a skill of their own: one between a variant's words makes another skill.
_OWN_HEADS = frozenset(_token_stem(w) for w in ("management", "manager", "leadership", "administration"))


#: A whole word as the regular expression reads variants: nothing of a name (+ # .x) around it.
_PLAIN_WORD = re_compile(
    r"(?<![A-Za-z0-9+#.])[A-Za-z0-9]+(?:['’][A-Za-z]+)?(?![A-Za-z0-9+#'’]|\.[A-Za-z0-9])"
)


def squash(text: str) -> str:
    """Spaces and hyphens inside a multi-word variant count as one space."""
    return re_compile(r"[\s\-]+").sub(" ", text.strip())


def inflected(word: str) -> bool:
    """Whether a word is its stem and an inflection at most ("coached", not "accessibility" or "restful")."""
    root = stem(word)
    return len(root) >= MIN_STEMMED_VARIANT and word.lower().startswith(root) and len(word) - len(root) <= 3
