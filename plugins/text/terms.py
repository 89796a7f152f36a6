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

The work is split by idea: :mod:`~prepflow_plugins.text.stemmer` (the one stemmer of the
project), :mod:`~prepflow_plugins.text.stopwords` (common and light words),
:mod:`~prepflow_plugins.text.thesaurus` (finding concepts) and
:mod:`~prepflow_plugins.text.synonyms` (compiling the table); this module turns a text into terms.

Everything is deterministic and explainable: :func:`extract` returns the terms
with the words they came from, so a step can show *why* two texts matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from prepflow_plugins.text.stemmer import WORD, stem
from prepflow_plugins.text.stopwords import LIGHT_STEMS, STOPWORDS
from prepflow_plugins.text.synonyms import thesaurus
from prepflow_plugins.text.thesaurus import Thesaurus, inflected

#: The weight of a concept (a named skill), of an ordinary word stem and of a light word (``LIGHT_STEMS``).
CONCEPT_WEIGHT = 2.0
STEM_WEIGHT = 1.0
LIGHT_WEIGHT = 0.25


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
        if not (evidence and _with_others(text[:start], words)):
            concepts.setdefault(concept, words)
        rest.append(text[position:start])
        position = end
    rest.append(text[position:])
    # A requirement's words inside a concept belong to it ("Customer Service" is not "services"); a
    # resume line keeps them as words too ("Leading cross-functional teams" is also "leading").
    words_of = text if evidence else " ".join(rest)
    if evidence:  # "a team including designers, developers and analysts": colleagues, not the work done
        concepts = {c: w for c, w in concepts.items() if not colleagues(w)}
        # "cross-functional teams" says how the team was made up, not that the line shows "functional" work
        words_of = _PREFIXED.sub(" ", words_of)
    stems: dict[str, str] = {}
    for word in WORD.findall(words_of.lower()):
        if word in STOPWORDS or word.isdigit() or len(word) < 2:
            continue
        if evidence and colleagues(word):
            continue
        root = stem(word)
        if root in table.stem_names and inflected(word):
            concepts.setdefault(table.stem_names[root], word)
        else:
            stems.setdefault(root, word)
    credit: dict[str, float] = {}
    named = set(concepts)
    if evidence:
        for concept, (amount, words) in table.shown(text).items():
            if colleagues(words):
                continue
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


#: Occupations: in a resume line their plural names the people the candidate worked with or led
#: ("a team including designers, developers, business analysts"), not work the candidate did, so it
#: neither shares a word with "analysis" nor shows "technical expertise".
OCCUPATIONS = frozenset(
    [
        "analyst",
        "developer",
        "designer",
        "engineer",
        "manager",
        "administrator",
        "architect",
        "scientist",
        "marketer",
        "programmer",
        "researcher",
        "tester",
        "writer",
        "editor",
        "trainer",
        "strategist",
        "specialist",
        "consultant",
        "coordinator",
        "director",
        "officer",
        "technician",
        "accountant",
        "recruiter",
        "planner",
        "producer",
        "illustrator",
        "photographer",
        "economist",
        "statistician",
    ]
)


def colleagues(words: str) -> bool:
    """Whether ``words`` end in the plural of an occupation ("developers", "product managers")."""
    last = WORD.findall(words.lower())[-1:] or [""]
    word = last[0]
    return word.endswith("s") and word[:-1] in OCCUPATIONS


_PREFIXED = re.compile(r"\b(?:cross|multi|inter|non|co|self)-\w+", re.I)
_WITH = re.compile(r"\bwith (?:the |our |its |their |\w+ (?:and|&) |\w+, )*$", re.I)
_TEAM = re.compile(r"\b(?:teams?|departments?|groups?)$", re.I)


def _with_others(before: str, words: str) -> bool:
    """Whether a resume line names a team it worked with ("Collaborated with design and development
    teams"), which is not the line's own work: the candidate did not do the development."""
    return bool(_TEAM.search(words) or colleagues(words)) and bool(_WITH.search(before))
