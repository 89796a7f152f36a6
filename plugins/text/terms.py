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

A resume line can also *show* a concept it does not name: "Troubleshot failed
deployments" shows ``problem solving``, "Presented at meetups" shows ``oral
communication``. The table's ``[shown_by]`` lists such phrases for each concept
and ``[hinted_by]`` weaker ones (half the credit); they are matched on word stems
in order, at most two words apart and within one clause ("led a small team" has "led ... team"), and
only in evidence (``extract(text, evidence=True)``), never in a requirement.

:func:`stem` is the one stemmer of the project: every step that compares words uses it.

Everything is deterministic and explainable: :func:`extract` returns the terms
with the words they came from, so a step can show *why* two texts matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

from prepflow.tomlread import parse_toml

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
    one two three four five six seven eight nine ten several multiple many across within part
    orientation fluency expertise competency competencies competence capability capabilities aptitude
    effectively effective successfully demonstrate demonstrates comfortable comfort expect expected
    addition following areas area disciplines discipline based right
    modern overall general range wide broad absolute absolutely commitment committed passion passionate
    genuine genuinely always truly keen eager
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# Light verbs, and the nouns every posting uses: they carry a requirement's grammar more than its
# meaning ("Developing reports", "Providing guidance"), so they weigh a quarter of a word.
_LIGHT = """
    develop create provide use perform support ensure help make conduct serve apply deliver build
    manage work handle assist maintain participate contribute do get take give keep run set delivery
    data set sets information product products service services project projects team teams
    solution solutions tool tools system systems process processes practice practices
    technology technologies engage execute methodology methodologies method methods approach approaches
    diverse base
"""
LIGHT_WEIGHT = 0.25

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

# Derivations the Snowball stemmer keeps apart but a reader does not: "analysis", "analyze" and
# "analytics" are one skill.
_FOLDS = (
    ("ysis", "y"),
    ("yses", "y"),
    ("yzed", "y"),
    ("yzes", "y"),
    ("yzing", "y"),
    ("yze", "y"),
    ("ysts", "y"),
    ("yst", "y"),
    ("ytics", "y"),
    ("ytical", "y"),
)

_WORD = re_compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def stem(word: str) -> str:
    """The project's one stemmer: "managed", "manages", "management" -> "manag".

    English Snowball (Porter2, through PyStemmer), after irregular past tenses ("led" -> "lead") and a few
    derivations ("analysis", "analytics" -> "analy").
    """
    return _stem(word.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    word = IRREGULAR.get(word, word)
    for ending, replacement in _FOLDS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return str(_snowball().stemWord(word))


@cache
def _snowball() -> Any:
    # Snowball's English stemmer in C (PyStemmer), imported when text is first compared: not by --help.
    import Stemmer  # type: ignore[import-not-found,unused-ignore]

    return Stemmer.Stemmer("english")


LIGHT_STEMS = frozenset(stem(w) for w in _LIGHT.split())


#: Credit of a concept that a line shows (``[shown_by]``) or only hints at (``[hinted_by]``).
SHOWN, HINTED = 1.0, 0.5
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
                (m.start(), m.end(), self.canonical[_squash(m.group())], m.group())
                for m in self.exact.finditer(text)
            ]
        if self.folded:
            spans += [
                (m.start(), m.end(), self.folded_names[_squash(m.group()).lower()], m.group())
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
_ARTICLES = frozenset({"a", "an", "the"})


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
            if part not in window:
                break
            at = at + 1 + window.index(part)
        else:
            found.append((first, at))
    return found


#: A variant made of plain words (letters, digits, spaces, hyphens, apostrophes).
_PLAIN = re_compile(r"[A-Za-z0-9'’ -]+")
#: A whole word as the regular expression reads variants: nothing of a name (+ # .x) around it.
_PLAIN_WORD = re_compile(
    r"(?<![A-Za-z0-9+#.])[A-Za-z0-9]+(?:['’][A-Za-z]+)?(?![A-Za-z0-9+#'’]|\.[A-Za-z0-9])"
)


def _squash(text: str) -> str:
    """Spaces and hyphens inside a multi-word variant count as one space."""
    return re_compile(r"[\s\-]+").sub(" ", text.strip())


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


def _inflected(word: str) -> bool:
    """Whether a word is its stem and an inflection at most ("coached", not "accessibility" or "restful")."""
    root = stem(word)
    return len(root) >= MIN_STEMMED_VARIANT and word.lower().startswith(root) and len(word) - len(root) <= 3


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """The stems of a phrase's words, articles left out ("led a team" -> ("lead", "team"))."""
    return tuple(stem(w) for w in _WORD.findall(phrase.lower().replace("-", " ")) if w not in _ARTICLES)


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
                canonical[_squash(variant)] = concept
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


def builtin_terms() -> dict[str, list[str]]:
    """The first-party synonym table, ``synonyms.toml``, as ``{concept: [variants]}``."""
    return builtin_table()["terms"]


def thesaurus_of(table: Mapping[str, Any]) -> Thesaurus:
    """Compile a whole table (``terms``, ``shown_by``, ``hinted_by``) as loaded from a synonyms file."""
    return build_thesaurus(
        [table.get("terms") or {}], [table.get("shown_by") or {}], [table.get("hinted_by") or {}]
    )


@cache
def thesaurus() -> Thesaurus:
    """The first-party synonym table, compiled once."""
    return thesaurus_of(builtin_table())


@dataclass(frozen=True)
class Terms:
    """The terms of one text: ``{term: the words it came from}`` for concepts and for stems.

    ``credit`` holds the concepts a line only hints at (less than full credit); ``named`` the
    concepts a resume line names without showing them ("innovative", "strong communicator").
    """

    concepts: Mapping[str, str]
    stems: Mapping[str, str]
    credit: Mapping[str, float] = field(default_factory=dict)
    named: frozenset[str] = frozenset()

    def weight(self, names: Iterable[str] | None = None) -> float:
        """Total weight of the given terms (all of them by default)."""
        names = set(self.all) if names is None else set(names)
        return sum(
            CONCEPT_WEIGHT if n in self.concepts else LIGHT_WEIGHT if n in LIGHT_STEMS else STEM_WEIGHT
            for n in names
            if n in self.all
        )

    def credit_of(self, name: str) -> float:
        """How fully this text has the term: 1, or less for a concept it only hints at."""
        return self.credit.get(name, 1.0)

    @property
    def all(self) -> dict[str, str]:
        return {**self.stems, **self.concepts}


def extract(text: str, table: Thesaurus | None = None, *, evidence: bool = False) -> Terms:
    """Find the concepts and word stems of ``text`` (with the built-in table unless given one).

    With ``evidence=True`` (a resume line) the concepts the text shows without naming them are added.
    """
    if table is None or table is thesaurus():
        return _extract_builtin(text, evidence)
    return _extract(text, table, evidence)


@lru_cache(maxsize=8192)
def _extract_builtin(text: str, evidence: bool) -> Terms:
    return _extract(text, thesaurus(), evidence)


def _extract(text: str, table: Thesaurus, evidence: bool = False) -> Terms:
    concepts: dict[str, str] = {}
    rest = []
    position = 0
    for start, end, concept, words in table.find(text):
        concepts.setdefault(concept, words)
        rest.append(text[position:start])
        position = end
    rest.append(text[position:])
    # A requirement's words inside a concept belong to it ("Customer Service" is not "services"); a
    # resume line keeps them as words too ("Leading cross-functional teams" is also "leading").
    words_of = text if evidence else " ".join(rest)
    stems: dict[str, str] = {}
    for word in _WORD.findall(words_of.lower()):
        if word in STOPWORDS or word.isdigit() or len(word) < 2:
            continue
        root = stem(word)
        if root in table.stem_names and _inflected(word):
            concepts.setdefault(table.stem_names[root], word)
        else:
            stems.setdefault(root, word)
    credit: dict[str, float] = {}
    named = set(concepts)
    if evidence:
        for concept, (amount, words) in table.shown(text).items():
            if concept not in concepts:
                concepts[concept] = words
                named.discard(concept)
                if amount < 1.0:
                    credit[concept] = amount
            elif amount >= 1.0:
                named.discard(concept)  # named and shown: "led workshops on public speaking"
    for concept in concepts:
        stems.pop(concept.lower(), None)
    return Terms(
        concepts=concepts, stems=stems, credit=credit, named=frozenset(named) if evidence else frozenset()
    )
