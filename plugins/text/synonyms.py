"""The synonym table (``synonyms.toml``: ``terms``, ``shown_by`` and ``hinted_by``, or a pack's
table) compiled into a :class:`~prepflow_plugins.text.thesaurus.Thesaurus`, the first-party one
once per process.

A library module (not a plugin), part of how the first-party steps compare texts
(:mod:`prepflow_plugins.text.terms`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import WORD, stem
from prepflow_plugins.text.thesaurus import MIN_STEMMED_VARIANT, Indicator, Thesaurus, squash

from prepflow.tomlread import parse_toml

#: Credit of a concept that a line shows (``[shown_by]``) or only hints at (``[hinted_by]``).
SHOWN, HINTED = 1.0, 0.5
#: Words a phrase is matched without ("led a team" is "led team").
_ARTICLES = frozenset({"a", "an", "the"})
#: A variant made of plain words (letters, digits, spaces, hyphens, apostrophes).
_PLAIN = re_compile(r"[A-Za-z0-9'’ -]+")


def _alternation(variants: Iterable[str]) -> str:
    parts = []
    for variant in sorted(set(variants), key=lambda v: (-len(v), v)):
        words = [re.escape(w) for w in re.split(r"[\s\-]+", variant.strip())]
        parts.append(r"[\s\-]+".join(words))
    # Whole words only: no letter, digit, + or # on either side, and no ".x" after (Node.js, not "Node").
    return r"(?<![A-Za-z0-9+#.])(?:" + "|".join(parts) + r")(?![A-Za-z0-9+#]|\.[A-Za-z0-9])"


def _case_sensitive(variant: str) -> bool:
    return len(variant) <= 3 or variant == variant.upper()


def _base_form(variant: str) -> bool:
    """Whether a variant is a word's plain form, which its inflections extend ("coach", not "containers")."""
    root, low = stem(variant), variant.lower()
    return len(root) >= MIN_STEMMED_VARIANT and low in (root, root + "e")


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """The stems of a phrase's words, articles left out ("led a team" -> ("lead", "team"))."""
    return tuple(stem(w) for w in WORD.findall(phrase.lower().replace("-", " ")) if w not in _ARTICLES)


def build_thesaurus(
    tables: Iterable[Mapping[str, Iterable[str]]],
    shown_by: Iterable[Mapping[str, Iterable[str]]] = (),
    hinted_by: Iterable[Mapping[str, Iterable[str]]] = (),
) -> Thesaurus:
    """Compile synonym tables (``{concept: [variants]}``) and the phrases that show or hint at a concept.

    Later tables extend earlier ones.
    """
    canonical: dict[str, str] = {}
    for table in tables:
        for concept, variants in table.items():
            for variant in [concept, *variants]:
                canonical[squash(variant)] = concept
    exact = [v for v in canonical if _case_sensitive(v)]
    folded = [v for v in canonical if not _case_sensitive(v)]
    folded_names = {v.lower(): canonical[v] for v in folded}
    # Plain words are looked up word by word, and plain phrases matched on stems (below); only
    # variants with symbols (".NET", "A/B testing", "Ph.D.") need the regular expression.
    symbolic = [v for v in folded if not _PLAIN.fullmatch(v)]
    words = {v.lower(): canonical[v] for v in folded if _PLAIN.fullmatch(v) and " " not in v}
    # One-word variants also match inflected ("mentored" is "mentor"), when the stem is unambiguous.
    by_stem: dict[str, set[str]] = {}
    for variant in folded:
        if " " not in variant and variant.isalpha() and variant.islower() and _base_form(variant):
            by_stem.setdefault(stem(variant), set()).add(canonical[variant])
    stem_names = {s: next(iter(c)) for s, c in by_stem.items() if len(c) == 1}
    variant_phrases = sorted(
        {(phrase_stems(v), canonical[v]) for v in folded if len(phrase_stems(v)) > 1},
        key=lambda p: (-len(p[0]), p),
    )
    indicators: dict[tuple[tuple[str, ...], str], float] = {}
    for credit, phrase_tables in ((SHOWN, shown_by), (HINTED, hinted_by)):
        for table in phrase_tables:
            for concept, phrases in table.items():
                for phrase in phrases:
                    key = (phrase_stems(phrase), concept)
                    if key[0]:
                        indicators[key] = max(indicators.get(key, 0.0), credit)
    # Strongest first, so that a concept shown outright is not reported as only hinted at.
    ordered = sorted(indicators.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0]))
    return Thesaurus(
        canonical=canonical,
        exact=re_compile(_alternation(exact)) if exact else None,
        folded=re_compile(_alternation(symbolic), re.IGNORECASE) if symbolic else None,
        folded_names=folded_names,
        indicators=tuple(Indicator(stems, concept, credit) for (stems, concept), credit in ordered),
        stem_names=stem_names,
        phrases=tuple(variant_phrases),
        words=words,
    )


def builtin_table() -> dict[str, dict[str, list[str]]]:
    """The first-party table, ``synonyms.toml``: ``terms``, ``shown_by`` and ``hinted_by``."""
    from prepflow_plugins import package_text

    return parse_toml(package_text("prepflow_plugins.text", "synonyms.toml"))


def thesaurus_of(table: Mapping[str, Any]) -> Thesaurus:
    """Compile a whole table (``terms``, ``shown_by``, ``hinted_by``) as loaded from a synonyms file."""
    return build_thesaurus(
        [table.get("terms") or {}], [table.get("shown_by") or {}], [table.get("hinted_by") or {}]
    )


@cache
def thesaurus() -> Thesaurus:
    """The first-party synonym table, compiled once."""
    return thesaurus_of(builtin_table())
