"""Terms: how the first-party steps decide that a requirement and a resume line talk about the same thing.

This is a small library module (not a plugin) shared by ``match.evidence`` and
``focus.competencies``. It turns a piece of text into *terms*:

- **concepts**, found with the synonym table in ``synonyms.toml``: "k8s",
  "kube" and "Kubernetes" all give the concept ``Kubernetes``; symbol and
  multi-word skills (``C++``, ``C#``, ``.NET``, ``Node.js``, "accounts payable")
  are found whole before the text is split into words;
- **stems** of the remaining words, so that "managed", "manages" and
  "management" all give ``manag``. Common words ("the", "experience", "ability")
  are dropped.

Everything is deterministic and explainable: :func:`extract` returns the terms
with the words they came from, so a step can show *why* two texts matched.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

#: The weight of a concept (a named skill) and of an ordinary word stem.
CONCEPT_WEIGHT = 2.0
STEM_WEIGHT = 1.0

# Words too common in postings and resumes to show that two texts agree.
_STOPWORDS = """
    a about above across after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing done down during each either etc few for
    from further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through to too under
    until up upon very was we were what when where which while who whom why will with within without
    would you your yours per via eg e.g ie i.e us
    ability able abilities experience experienced experiences year years yr yrs month months strong
    excellent good great solid proven demonstrated demonstrable knowledge skill skills work working
    worked including include includes included related relevant field equivalent understanding
    familiarity familiar proficiency proficient must required requirement requirements preferred
    plus nice bonus candidate candidates role position job applicant applicants minimum least level
    new well highly high using use used various variety other others etc like professional similar
    one two three four five six seven eight nine ten several multiple many across within
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# Past tenses that suffix stripping cannot bring back to their verb.
IRREGULAR = {
    "led": "lead",
    "built": "build",
    "wrote": "write",
    "written": "write",
    "ran": "run",
    "taught": "teach",
    "grew": "grow",
    "grown": "grow",
    "drove": "drive",
    "driven": "drive",
    "made": "make",
    "won": "win",
    "brought": "bring",
    "sold": "sell",
    "bought": "buy",
    "spoke": "speak",
    "spoken": "speak",
    "began": "begin",
    "begun": "begin",
    "oversaw": "oversee",
    "overseen": "oversee",
    "understood": "understand",
    "thought": "think",
    "sought": "seek",
    "set": "set",
    "cut": "cut",
    "held": "hold",
    "kept": "keep",
    "met": "meet",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "chose": "choose",
    "chosen": "choose",
}

# Endings removed by :func:`stem`, longest first; the stem keeps at least three letters.
SUFFIXES = (
    "izations",
    "ization",
    "ational",
    "fulness",
    "iveness",
    "ations",
    "ership",
    "ation",
    "ative",
    "ating",
    "ments",
    "ytics",
    "ytical",
    "ities",
    "ment",
    "ings",
    "ated",
    "ates",
    "ator",
    "ysis",
    "yses",
    "yzed",
    "yzing",
    "ists",
    "ness",
    "ship",
    "ing",
    "ity",
    "ive",
    "ate",
    "ers",
    "ist",
    "ism",
    "yst",
    "yze",
    "ies",
    "ied",
    "ed",
    "er",
    "es",
    "ly",
    "al",
    "ic",
    "s",
    "y",
)

# What an ending is replaced with, when not with nothing ("analysis" -> "analy").
_REPLACE = {
    "ysis": "y",
    "yses": "y",
    "yzed": "y",
    "yzing": "y",
    "yst": "y",
    "yze": "y",
    "ytics": "y",
    "ytical": "y",
}

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def stem(word: str) -> str:
    """A light, deterministic stemmer: "managed", "manages", "management" -> "manag"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if word in IRREGULAR:
        word = IRREGULAR[word]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suffix)] + _REPLACE.get(suffix, "")
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsfz":
                word = word[:-1]  # "planned" -> "plann" -> "plan"
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Thesaurus:
    """The synonym table, compiled into two regular expressions.

    Variants of up to three characters, and variants written in capitals, match
    case-sensitively (so "MS" is a degree but "ms" is milliseconds, and "REST"
    is not "the rest"); the others ignore case.
    """

    canonical: Mapping[str, str]  # every variant (as written) -> its concept
    exact: re.Pattern[str] | None
    folded: re.Pattern[str] | None
    folded_names: Mapping[str, str] = field(default_factory=dict)  # lowercased variant -> concept

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Every concept in ``text`` as ``(start, end, concept, words)``, without overlaps."""
        spans = []
        if self.exact:
            spans += [
                (m.start(), m.end(), self.canonical[_squash(m.group())], m.group())
                for m in self.exact.finditer(text)
            ]
        if self.folded:
            spans += [
                (m.start(), m.end(), self.folded_names[_squash(m.group()).lower()], m.group())
                for m in self.folded.finditer(text)
            ]
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str, str]] = []
        for span in spans:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept


def _squash(text: str) -> str:
    """Spaces and hyphens inside a multi-word variant count as one space."""
    return re.sub(r"[\s\-]+", " ", text.strip())


def _alternation(variants: Iterable[str]) -> str:
    parts = []
    for variant in sorted(set(variants), key=lambda v: (-len(v), v)):
        words = [re.escape(w) for w in re.split(r"[\s\-]+", variant.strip())]
        parts.append(r"[\s\-]+".join(words))
    # Whole words only: no letter, digit, + or # on either side, and no ".x" after (Node.js, not "Node").
    return r"(?<![A-Za-z0-9+#.])(?:" + "|".join(parts) + r")(?![A-Za-z0-9+#]|\.[A-Za-z0-9])"


def _case_sensitive(variant: str) -> bool:
    return len(variant) <= 3 or variant == variant.upper()


def build_thesaurus(tables: Iterable[Mapping[str, Iterable[str]]]) -> Thesaurus:
    """Compile synonym tables (``{concept: [variants]}``); later tables extend earlier ones."""
    canonical: dict[str, str] = {}
    for table in tables:
        for concept, variants in table.items():
            for variant in [concept, *variants]:
                canonical[_squash(variant)] = concept
    exact = [v for v in canonical if _case_sensitive(v)]
    folded = [v for v in canonical if not _case_sensitive(v)]
    folded_names = {v.lower(): canonical[v] for v in folded}
    return Thesaurus(
        canonical=canonical,
        exact=re.compile(_alternation(exact)) if exact else None,
        folded=re.compile(_alternation(folded), re.IGNORECASE) if folded else None,
        folded_names=folded_names,
    )


def builtin_terms() -> dict[str, list[str]]:
    """The first-party synonym table, ``synonyms.toml``, as ``{concept: [variants]}``."""
    text = resources.files("prepflow_plugins.text").joinpath("synonyms.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["terms"]


@cache
def thesaurus() -> Thesaurus:
    """The first-party synonym table, compiled once."""
    return build_thesaurus([builtin_terms()])


@dataclass(frozen=True)
class Terms:
    """The terms of one text: ``{term: the words it came from}`` for concepts and for stems."""

    concepts: Mapping[str, str]
    stems: Mapping[str, str]

    def weight(self, names: Iterable[str] | None = None) -> float:
        """Total weight of the given terms (all of them by default)."""
        names = set(self.all) if names is None else set(names)
        return sum(CONCEPT_WEIGHT if n in self.concepts else STEM_WEIGHT for n in names if n in self.all)

    @property
    def all(self) -> dict[str, str]:
        return {**self.stems, **self.concepts}


def extract(text: str, table: Thesaurus | None = None) -> Terms:
    """Find the concepts and word stems of ``text`` (with the built-in table unless given one)."""
    if table is None or table is thesaurus():
        return _extract_builtin(text)
    return _extract(text, table)


@lru_cache(maxsize=8192)
def _extract_builtin(text: str) -> Terms:
    return _extract(text, thesaurus())


def _extract(text: str, table: Thesaurus) -> Terms:
    concepts: dict[str, str] = {}
    rest = []
    position = 0
    for start, end, concept, words in table.find(text):
        concepts.setdefault(concept, words)
        rest.append(text[position:start])
        position = end
    rest.append(text[position:])
    stems: dict[str, str] = {}
    for word in _WORD.findall(" ".join(rest).lower()):
        if word in STOPWORDS or word.isdigit() or len(word) < 2:
            continue
        stems.setdefault(stem(word), word)
    for concept in concepts:
        stems.pop(concept.lower(), None)
    return Terms(concepts=concepts, stems=stems)
