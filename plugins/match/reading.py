"""Reading a requirement: its names, its units ("A, B or C", examples), the action it opens with,
the years it asks for and the heading of a named competency."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.stopwords import LIGHT_STEMS, STOPWORDS
from prepflow_plugins.text.terms import LIGHT_WEIGHT, Terms, extract


def named_stems(text: str) -> set[str]:
    """Stems of the words a text capitalises mid-sentence: names of things ("Kafka", "Figma").

    A heading or a Title Case line ("Customer Service", "Oral Communication") capitalises
    every word, which says nothing about names: such a text has none.
    """
    words = text.split()
    letters = [w for w in words if w[:1].isalpha() and w.lower() not in STOPWORDS]
    if letters and sum(w[:1].isupper() for w in letters) / len(letters) > 0.5:
        return set()
    out = set()
    for before, word in itertools.pairwise(words):
        word = word.lstrip("(\"'“‘[")
        if word[:1].isupper() and not before.endswith((".", ":", "!", "?", "•", "-", "–")):
            out |= set(extract(word).stems)
    return out


def proves(wanted: Terms, found: set[str], named: set[str], phrase: bool = False) -> bool:
    """Whether shared terms are evidence: a concept or a name, two words, or the requirement's only word.

    One shared ordinary word ("ran" for "running PostgreSQL") proves nothing, nor does one with a light
    word every posting uses ("key role in the development" is no proof of "Developing key performance
    metrics"), unless they make a ``phrase`` both texts have ("data sets") or are all the requirement's
    own words.
    """
    if any(t in wanted.concepts or t in named for t in found) or len(wanted.all) == 1:
        return True
    strong = {t for t in found if t not in LIGHT_STEMS}
    own = {t for t in wanted.all if t not in LIGHT_STEMS}
    return len(strong) >= 2 or (len(found) >= 2 and (phrase or own <= found))


#: Where a verb stands: the start of the text, or after "to", "that", "will" ...
_VERB_PLACE = re_compile(r"(?:^|\b(?:to|that|which|who|will|can|must|should|shall|may)\s+)$", re.I)


def narrowed(text: str) -> dict[str, frozenset[str]]:
    """The generic nouns of a requirement that a word before them narrows ("software programs", "contact
    center operations"), each with the stems of the words that narrow it."""
    out: dict[str, set[str]] = {}
    # two words with only a space between them ("vision, strategy" is a list, not a vision strategy)
    for m in re_compile(r"\b([A-Za-z][\w'-]*) (?=([A-Za-z][\w'-]*))").finditer(text):
        before, word = m.groups()
        if _VERB_PLACE.search(text[: m.start()]):
            continue  # "that implement strategy", "Manage programs": a verb and its object
        head, modifier = stem(word.lower()), before.lower()
        if head not in GENERIC_STEMS or modifier in STOPWORDS or modifier.endswith(("ing", "ed")):
            continue
        if stem(modifier) in LIGHT_STEMS | GENERIC_STEMS:
            continue
        out.setdefault(head, set()).add(stem(modifier))
    return {head: frozenset(modifiers) for head, modifiers in out.items()}


def in_its_sense(
    found: set[str], wanted: Terms, narrow: dict[str, frozenset[str]], line: set[str]
) -> set[str]:
    """The shared terms without a generic noun the line has with none of the words that narrow it in the
    requirement: "academic programs" share no "programs" with "software programs"."""
    return {t for t in found if t in wanted.concepts or t not in narrow or narrow[t] & line}


@lru_cache(maxsize=4096)
def word_pairs(text: str) -> frozenset[tuple[str, str]]:
    """The stems of each two words in a row, common words left out: "data sets", "product strategies"."""
    stems = [stem(w) for w in re_compile(r"[a-z0-9]+").findall(text.lower()) if w not in STOPWORDS]
    return frozenset(itertools.pairwise(stems))


def shares_phrase(
    wanted: frozenset[tuple[str, str]], line: frozenset[tuple[str, str]], found: set[str]
) -> bool:
    """Whether two of the shared words stand side by side in both texts: a shared phrase ("data sets"),
    not two words that meet by chance ("key role in the development" and "Developing key metrics")."""
    return any(a in found and b in found for a, b in wanted & line)


#: "(e.g. Tableau, Power BI)", "such as TDD or CI": examples, any one of which will do.
EXAMPLES = re_compile(
    r"\((?:e\.\s?g\.?,?|i\.\s?e\.?,?|such as|for example|for instance|including|like)\s+[^)]*\)?"
    r"|(?<![\w])(?:such as|e\.\s?g\.,?|for example|for instance|(?:could|may|might|can) include)"
    r"(?::\s*|\s+)(?:[^.;]|\.(?=\w))*",
    re.I,
)
#: A word of a listed item (letters, digits, and the joiners of "test-driven", "CI/CD", "C++").
_ITEM_WORD = r"[\w'’+#./-]+"
#: Words that end an item of a list when reading back from "or": prepositions and verbs' objects.
_ITEM_STOP = frozenset(
    [
        "of",
        "for",
        "in",
        "to",
        "with",
        "using",
        "on",
        "at",
        "by",
        "from",
        "within",
        "into",
        "through",
        "as",
        "via",
        "and",
        "or",
        "the",
        "a",
        "an",
        "that",
        "which",
        "who",
        "experience",
        "ability",
        "skills",
        "knowledge",
    ]
)


#: Nouns every posting puts after a field ("contact center operations or strategies", "sales programs
#: or initiatives"): alone they name no field, so in an "or" list an alternative is met by the words that
#: name its field, and these weigh a quarter of a word there ("product strategies" is no contact center
#: strategy).
_GENERIC = """
    strategies operations activities initiatives programs functions objectives efforts goals tasks
    opportunities priorities operation strategy program
"""
GENERIC_STEMS = frozenset(stem(w) for w in _GENERIC.split())


@dataclass(frozen=True)
class Unit:
    """A part of a requirement judged as one: a term, or a list of alternatives any one of which will do.

    ``alternatives`` holds the terms of each alternative of an "or" list, each met by how much of its
    own weight the evidence covers."""

    terms: tuple[str, ...]
    weight: float
    kind: str  # "term", "one of" (an "or" list) or "examples" ("e.g." / "such as")
    alternatives: tuple[tuple[str, ...], ...] = ()

    def met(self, credit: Mapping[str, float], wanted: Terms) -> float:
        """How fully the evidence meets this unit: its best term, or its best alternative's share."""
        if not self.alternatives:
            return max((credit.get(t, 0.0) for t in self.terms), default=0.0)
        return max(_share(alternative, credit, wanted) for alternative in self.alternatives)


def _share(alternative: tuple[str, ...], credit: Mapping[str, float], wanted: Terms) -> float:
    def weight(term: str) -> float:
        return LIGHT_WEIGHT if term in GENERIC_STEMS else wanted.weight([term])

    total = sum(weight(t) for t in alternative)
    return sum(weight(t) * credit.get(t, 0.0) for t in alternative) / total if total else 0.0


def requirement_units(text: str, wanted: Terms, table: Any) -> list[Unit]:
    """The units of a requirement: its examples, its "A, B or C" lists, and its other terms one by one."""
    grouped: set[str] = set()
    units: list[Unit] = []
    rest = text
    for m in EXAMPLES.finditer(text):
        names = set(extract(m.group(), table).all) & set(wanted.all)
        if names:
            units.append(Unit(tuple(sorted(names)), 1.0, "examples"))
            grouped |= names
        rest = rest.replace(m.group(), " ")
    for items in _or_lists(rest):
        per_item = []
        for item in _shared_field(items):
            names = set(extract(item, table).all) & set(wanted.all) - grouped
            if names:  # (the whole alternative, the words that name it)
                per_item.append((names, set(extract(_head(item), table).all) & names or names))
        if len(per_item) < 2:
            continue
        names = set().union(*(whole for whole, _ in per_item))
        alternatives = tuple(sorted(tuple(sorted(head)) for _, head in per_item))
        units.append(
            Unit(tuple(sorted(names)), max(wanted.weight(n) for n, _ in per_item), "one of", alternatives)
        )
        grouped |= names
    for name in sorted(set(wanted.all) - grouped):
        units.append(Unit((name,), wanted.weight([name]), "term"))
    return units


def _head(item: str) -> str:
    """The words that name an alternative: its last word, and the words before it back to one that is
    not generic or light ("group coaching" is named by "coaching", "contact center strategies" by "center
    strategies"); the modifiers before them narrow it but are not needed to meet it."""
    words = item.split()
    start = len(words) - 1
    while start > 0 and stem(words[start].lower()) in GENERIC_STEMS | LIGHT_STEMS:
        start -= 1
    return " ".join(words[start:])


def _shared_field(items: list[str]) -> list[str]:
    """The alternatives of an "or" list with the field they share: in "contact center operations or
    strategies" the strategies are contact center strategies, in "internal applications or systems" the
    systems are internal. The words before the first item's last word carry to the one-word items after it."""
    first = items[0].split()
    if len(first) < 2 or not all(len(item.split()) == 1 for item in items[1:]):
        return items
    field = " ".join(first[:-1])
    return [items[0], *(f"{field} {item}" for item in items[1:])]


def _or_lists(text: str) -> list[list[str]]:
    """The lists joined by "or": "vision, strategy or road maps" -> [vision, strategy, road maps], with or
    without a comma before "or" ("vision, strategy, or road maps")."""
    out = []
    for m in re_compile(r"\s(?:and/)?or\s").finditer(text):
        after = _item_after(text[m.end() :])
        before = _items_before(text[: m.start()].rstrip().removesuffix(",").rstrip())
        if after and before:
            out.append([*before, after])
    return out


def _item_after(text: str) -> str:
    words: list[str] = []
    for word in re_compile(_ITEM_WORD + r"|[,;:()]").findall(text):
        if word in ",;:()" or word.lower() in _ITEM_STOP or len(words) == 3:
            break
        words.append(word)
    return " ".join(words)


def _items_before(text: str) -> list[str]:
    """The items before "or": the nearest one, and the comma-separated short ones before it."""
    items: list[str] = []
    for chunk in reversed(re_compile(r"\s*,\s*").split(text)):
        words = re_compile(_ITEM_WORD).findall(chunk)
        item: list[str] = []
        for word in reversed(words):
            if word.lower() in _ITEM_STOP or len(item) == 3:
                break
            item.insert(0, word)
        if not item:
            break
        items.insert(0, " ".join(item))
        if len(item) < len(words):  # the chunk went on before the item: the list starts here
            break
    return items


#: The "-ing" verbs a requirement opens with ("Standardizing or transforming ..."), after a lead-in.
_LEADING_ACTION = re_compile(
    r"^(?:(?:experience|expertise|skill|skills|ability|demonstrated|proven)\s+(?:in\s+|with\s+|to\s+)?)?"
    r"((?:[A-Za-z]+ing)(?:\s*(?:,|or|and|and/or)\s*[A-Za-z]+ing)*)\b",
    re.I,
)


def leading_action(text: str, wanted: Terms) -> dict[str, str]:
    """The requirement's terms for the specific verbs it opens with ("Standardizing or transforming").

    Empty when it opens with no "-ing" verb, or with a light one ("Developing", "Creating"), which
    any evidence of the rest satisfies.
    """
    m = _LEADING_ACTION.match(text.strip())
    if not m:
        return {}
    verbs = [v.lower() for v in re_compile(r"[A-Za-z]+ing").findall(m.group(1))]
    if any(stem(v) in LIGHT_STEMS for v in verbs):
        return {}
    return {t: w for t, w in wanted.all.items() if any(v in w.lower() for v in verbs)}


#: "acquired within the last fifteen years": a window the experience falls in, not years asked for.
_WINDOW = re_compile(
    r"\b(?:within|in|during|over)\s+the\s+(?:last|past|previous|preceding)\s+[\w.½-]+\s*(?:\(\d+\)\s*)?years?\b"
    r"|\b[\w.½-]+\s+years?\s+(?:ago|prior to)\b",
    re.I,
)


def years_asked(text: str, given: float | None) -> float | None:
    """The years a requirement asks for, read again without its time windows.

    job.analyze reads the largest number of years in the line; "Five years of experience acquired
    within the last fifteen years" asks for five, and "1-3 years of leadership experience" asks for
    one (the range's least is what qualifies; its top is the most they expect).
    """
    if given is None or not (_WINDOW.search(text) or _RANGE.search(text)):
        return given
    from prepflow_plugins.job.cues import years_in  # the one reader of "N years"

    return years_in(_RANGE.sub(lambda m: f"{m.group('low')} years", _WINDOW.sub(" ", text)))


#: A range of years ("1-3 years", "2 to 4 years"): the least is the one that qualifies.
_RANGE = re_compile(r"\b(?P<low>\d{1,2})\s*(?:-|–|—|to)\s*\d{1,2}\s*\+?\s*(?:years?|yrs?)\b", re.I)


#: Where the field of "3+ years of relevant experience, including …" ends and its detail starts.
_FIELD_END = re_compile(r"[,;(]|\b(?:including|such as|especially|preferably|ideally)\b", re.I)


def field_named(text: str, table: Any) -> bool:
    """Whether a years requirement names its field before its detail ("5 years of Kubernetes", not
    "3+ years of relevant work experience, including in entrepreneurial environments")."""
    field = _FIELD_END.split(text, maxsplit=1)[0]
    return bool(extract(field, table).weight())


def heading_of(text: str) -> str | None:
    """The name before a colon in "Communication: Ability to communicate ...", when it is a short name."""
    head, sep, rest = text.partition(":")
    if sep and rest.strip() and 0 < len(head.split()) <= 4:
        return head.strip()
    return None


#: "The Product Manager we are looking for is a morale-builder": the role's title as the subject.
_SUBJECT_AFTER = r"(?:we|you|who|will|should|must|is|are|needs?|has|have)\b"


def without_title_subject(text: str, title: str | None) -> str:
    """The requirement without the posting's title as its subject, whose words ask for nothing
    ("The Product Manager we are looking for is a morale-builder" -> "we are looking for is ...")."""
    if not title:
        return text
    name = " ".join(re_compile(r"\([^)]*\)").sub(" ", title).split())
    if not name:
        return text
    m = re.match(rf"^(?:the|our|this|an?)?\s*{re.escape(name)}s?\s+(?={_SUBJECT_AFTER})", text, re.I)
    return text[m.end() :] if m else text


def without_employer(text: str, employer: str | None) -> str:
    """The requirement without the employer's own name, which no resume is asked to show ("To work at
    Hack Club, you need a background in programming" asks for programming)."""
    if not employer or len(employer.strip()) < 3:
        return text
    return re.sub(rf"(?<![\w-]){re.escape(employer.strip())}(?:['’]s)?(?![\w-])", " ", text, flags=re.I)


#: "basic Math skills and basic knowledge of hazmat signs": a second requirement with its own head.
_SECOND_HEAD = re_compile(
    r"\s+and\s+(?=(?:(?:a |an |the )?(?:basic|strong|good|solid|working|some|general|thorough|sound)\s+)?"
    r"(?:knowledge|understanding|experience|proficiency|familiarity)\s+(?:of|in|with)\b)",
    re.I,
)


#: "you need a background in programming, but you should be inspired by making things fun": two asks.
_BUT = re_compile(r",\s+but\s+(?=(?:you|they|candidates?|applicants?)\b|(?:also|should|must)\b)", re.I)


#: "Experience with Law Manager and Microsoft Office Applications": one lead-in, two named tools.
_TWO_TOOLS = re_compile(
    r"^(?P<lead>(?i:(?:(?:basic|strong|good|solid|working|some|prior)\s+)?(?:experience|knowledge|familiarity)"
    r"\s+(?:with|in|of|using)\s+(?:the\s+)?))"
    r"(?P<first>[A-Z][\w.+#/-]*(?:\s[A-Z][\w.+#/-]*){0,3})\s+and\s+"
    r"(?P<second>[A-Z][\w.+#/-]*(?:\s[A-Z][\w.+#/-]*){0,3})$"
)


def split_conjoined(text: str, table: Any = None) -> list[tuple[str, str]]:
    """One requirement that is two, each judged on its own: "basic Math skills and basic knowledge of
    hazmat signs" has a second head ("knowledge of"), "a background in programming, but you should be
    inspired by making things fun" a second ask after "but", "Experience with Law Manager and Microsoft
    Office" two named tools, each of which the resume may or may not show. Anything else stays whole:
    "planning and conducting research", "Excel, Access and Word" (a list of three or more).

    Each part is ``(its text, the text it is judged by)``: its text is a span of the posting's line, as
    the dossier quotes it ("Microsoft Office Applications"); it is judged with the lead-in it shares
    ("Experience with Microsoft Office Applications")."""
    stripped = text.strip().rstrip(".")
    tools = _TWO_TOOLS.match(stripped)
    if tools:
        first = tools["lead"] + tools["first"]
        return [(first, first), (tools["second"], tools["lead"] + tools["second"])]
    head = _SECOND_HEAD.search(stripped) or _BUT.search(stripped)
    if head:
        first, second = stripped[: head.start()], stripped[head.end() :]
        if all(extract(part, table).weight() >= 1 for part in (first, second)):
            return [(first, first), (second, second)]
    return [(text, text)]
