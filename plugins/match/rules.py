"""The rules behind ``match.evidence``: its documentation, config and outputs are in
:mod:`prepflow_plugins.match`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from prepflow_plugins.match.whole import whole_texts
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.terms import LIGHT_STEMS, STOPWORDS, Terms, extract, stem, thesaurus_of

import prepflow

MET, PARTIAL = 0.6, 0.25
PRIORITY_WEIGHT = {"must": 2, "nice": 1}
CREDIT = {"met": 1.0, "partial": 0.5, "gap": 0.0}
# How much a term found in each kind of evidence counts: a skill listed is weaker than a result.
EVIDENCE_FACTOR = {"achievement": 1.0, "certification": 1.0, "education": 1.0, "role": 0.8, "skill": 0.8}
# The synonym-table concept of each degree level that resume.analyze reports.
DEGREE_CONCEPTS = {
    0: "high school diploma",
    1: "associate degree",
    2: "bachelor's degree",
    3: "master's degree",
    4: "doctorate",
}
# Requirements a resume cannot show (citizenship, background checks): reported, not scored.
NOT_SCORED_KINDS = {"eligibility"}
# The most a competency claimed only in a skills list counts ("Communication" listed is a claim).
SELF_DESCRIBED = 0.5
# How much the name before a colon ("Communication: Ability to ...") weighs against its definition.
HEADING_SHARE = 0.4
# How much a frame's list weighs against having held a post in the field.
FRAME_LIST = 0.7


#: A requirement about where the candidate has worked rather than what they can do.
_BACKGROUND = re.compile(
    r"\b(?:background|industry|sector|domain)\b|\bexperience (?:in|within|at|from) (?:an? |the )?\w+", re.I
)


def background_terms(text: str, vocabulary: Mapping[str, Any]) -> dict[str, str]:
    """The industries and functions a background requirement names: ``{"logistics (industry)": ...}``.

    ``vocabulary`` is ``resume/roles.toml``, the table resume.analyze classifies roles with.
    """
    found: dict[str, str] = {}
    if not _BACKGROUND.search(text):
        return found
    industry_words = {w for words in (vocabulary.get("industries") or {}).values() for w in words}
    # in ASCII, a word can match (ignoring case) only where its lower case is in the text's
    lowered = text.lower() if text.isascii() else None
    for table, label in (("industries", "industry"), ("functions", "function")):
        for name, words in (vocabulary.get(table) or {}).items():
            for word in words:
                if table == "functions" and word in industry_words:
                    continue  # "software" names an industry here, not a job function
                if lowered is not None and word.isascii() and word.lower() not in lowered:
                    continue
                m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I)
                if m:
                    found.setdefault(f"{name} ({label})", m.group())
                    break
    return found


def _names(resume: Mapping[str, Any]) -> list[str]:
    """The proper names of the resume (employers, schools, the candidate), longest first."""
    names = {resume.get("name") or ""}
    names |= {r.get("organisation") or "" for r in resume.get("roles") or []}
    names |= {e.get("institution") or "" for e in resume.get("education") or []}
    return sorted((n for n in names if len(n) > 2), key=lambda n: (-len(n), n))


#: "Series A led by Sequoia", "a project managed by the PMO": someone else did the leading.
_PASSIVE = re.compile(r"\b(?:led|managed|supervised|directed|overseen|run|coordinated|headed)\s+by\b", re.I)


def _without_names(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text, flags=re.I)
    return _PASSIVE.sub(" by ", text)


def evidence_items(
    resume: Mapping[str, Any], table: Any, vocabulary: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Everything in the resume that can support a requirement, with its terms."""
    roles = resume.get("roles") or []
    names = _names(resume)

    def role_label(index: int | None) -> str | None:
        if index is None or not 0 <= index < len(roles):
            return None
        role = roles[index]
        return ", ".join(part for part in (role.get("title"), role.get("organisation")) if part) or None

    items: list[dict[str, Any]] = []
    for a in resume.get("achievements") or []:
        items.append(
            {
                "kind": "achievement",
                "text": a["text"],
                "role": a.get("role"),
                "role_label": role_label(a.get("role")),
                "metrics": a.get("metrics") or [],
                "source": a.get("source"),
            }
        )
    for i, role in enumerate(roles):
        if role.get("title"):
            items.append({"kind": "role", "text": role_label(i), "role": i, "source": role.get("source")})
    for skill in resume.get("skills") or []:
        items.append({"kind": "skill", "text": skill["name"], "source": skill.get("source")})
    for degree in resume.get("education") or []:
        items.append({"kind": "education", "text": degree["text"], "source": degree.get("source")})
    for cert in resume.get("certifications") or []:
        items.append({"kind": "certification", "text": cert["text"], "source": cert.get("source")})

    for item, degree in zip(items, _degrees(items, resume), strict=True):
        text = _without_names(item["text"], names)
        terms = extract(text, table, evidence=item["kind"] != "role")
        if item["kind"] == "role" and vocabulary is not None:  # its industry and function, as concepts
            role = roles[item["role"]]
            concepts = dict(terms.concepts)
            for key, label in (("industry", "industry"), ("function", "function")):
                if isinstance(role.get(key), Mapping) and role[key].get("name"):
                    concepts[f"{role[key]['name']} ({label})"] = str(
                        role[key].get("evidence") or role[key]["name"]
                    )
            terms = Terms(concepts=concepts, stems=terms.stems, credit=terms.credit)
        if degree is not None:  # a master's degree also answers "bachelor's degree required"
            concepts = dict(terms.concepts)
            credit = dict(terms.credit)
            for level in range(degree + 1):
                concepts.setdefault(DEGREE_CONCEPTS[level], f"{DEGREE_CONCEPTS[degree]} (level {degree})")
                credit.pop(DEGREE_CONCEPTS[level], None)
            terms = Terms(concepts=concepts, stems=terms.stems, credit=credit)
        item["terms"] = terms
        item["words"] = _stem_set(text)
    return items


def _stem_set(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())}


def _degrees(items: list[dict[str, Any]], resume: Mapping[str, Any]) -> list[int | None]:
    levels = iter(d.get("level") for d in resume.get("education") or [])
    return [next(levels) if item["kind"] == "education" else None for item in items]


def _years_in(roles: list[Mapping[str, Any]], indexes: set[int]) -> float:
    return round(sum((roles[i].get("months") or 0) for i in indexes if 0 <= i < len(roles)) / 12, 1)


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


def proves(wanted: Terms, found: set[str], named: set[str]) -> bool:
    """Whether shared terms are evidence: a concept or a name, two words, or the requirement's only word.

    One shared ordinary word ("ran" for "running PostgreSQL") proves nothing.
    """
    return any(t in wanted.concepts or t in named for t in found) or len(found) >= 2 or len(wanted.all) == 1


# -- reading a requirement ------------------------------------------------------------------

#: "(e.g. Tableau, Power BI)", "such as TDD or CI": examples, any one of which will do.
_EXAMPLES = re.compile(
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
#: "one year of specialized experience equivalent to GS-14": the frame of the list that follows it.
_FRAME = re.compile(
    r"\bspecialized experience\b[^.]*\b(?:equivalent|GS-?\s?\d+|grade level)|\bqualifying experience\b", re.I
)
#: Conditions of employment a resume cannot show: confirmed, never scored or rehearsed.
_CONDITION = re.compile(
    r"\b(?:citizen(?:ship)?s?|(?:U\.?\s?S\.?|United States|citizens?(?: or| and|,)) nationals?|"
    r"background (?:investigation|check)s?|security clearance|"
    r"clearance|drug (?:test|screen)\w*|authori[sz]ed to work|work authori[sz]ation|visa sponsorship|"
    r"(?:words|key ?strokes) per minute|typing test|type at (?:a minimum of |least )?\d+|"
    r"(?:at least|must be) (?:18|eighteen|21|twenty-one)(?: years)?(?: of age| years old)|"
    r"lift (?:up to |at least )?\d+\s?(?:lbs?|pounds|kg)|"
    r"\b(?:stand|standing|walk|walking|sit|sitting)\b[^.]{0,40}\bfor\b[^.]{0,30}\bhours?\b|"
    r"(?:own|have|provide) (?:a |your own )?(?:reliable )?(?:laptop|computer|vehicle|transportation|"
    r"internet)|willing(?:ness)? to (?:travel|relocate|work (?:nights|weekends|shifts|overtime))|"
    r"selective service|residency|(?:must|required to) (?:be a |become a )?residents? of|"
    r"(?:current|former) (?:\w+ )?employees?\b[^.]*\b(?:not|ineligible)|"
    r"must not be (?:a )?(?:current )?\w+ employees?|not (?:be )?(?:a )?\w+ employees? or contractors?)",
    re.I,
)


#: A requirement that asks for experience, knowledge or a skill: something a resume shows.
_ASKS_EXPERIENCE = re.compile(
    r"^\W*(?:\d+\+?\s+years?|(?:demonstrated |proven |prior |previous )?(?:experience|expertise|knowledge|"
    r"proficiency|familiarity|skills?)\b)",
    re.I,
)


def is_condition(requirement: Mapping[str, Any]) -> bool:
    """Whether a requirement is an eligibility condition (citizenship, a typing test, owning a laptop).

    A line that asks for experience is judged on the resume even when the posting reader filed it
    under conditions ("Experience ... with at least 3 of the following: ..., employee travel, ...").
    """
    text = requirement.get("text") or ""
    if _CONDITION.search(text):
        return True
    return requirement.get("kind") in NOT_SCORED_KINDS and not _ASKS_EXPERIENCE.search(text)


#: The concern an eligibility condition is about: a posting often states one in several places
#: ("Who may apply: citizens", "Key requirements: you must be a citizen"), and the candidate confirms it once.
_CONCERNS = (
    (
        "citizenship",
        re.compile(r"\bcitizen|\bnationals?\b|\bwork authori[sz]ation|\bauthori[sz]ed to work", re.I),
    ),
    (
        "background",
        re.compile(r"\bbackground (?:investigation|check)|\bsuitab\w+ for\b|\bpublic trust\b", re.I),
    ),
    ("clearance", re.compile(r"\bsecurity clearance\b", re.I)),
    ("drug test", re.compile(r"\bdrug (?:test|screen)", re.I)),
    ("residency", re.compile(r"\bresiden(?:cy|ce)\b|\bto reside\b", re.I)),
    (
        "current employer",  # "must not be GSA employees or contractors", "Current GSA employees ... not ..."
        re.compile(
            r"\bemployees?\b[^.]*\b(?:not|ineligible)\b|\bnot (?:be )?(?:an? )?(?:[\w-]+ ){1,3}?employees?\b",
            re.I,
        ),
    ),
)


#: A link or a bracketed label ("[Apply Link] https://…"): what is left of a line without them.
_NOT_WORDS = re.compile(r"\[[^\]]*\]|\b(?:https?://|www\.)\S+", re.I)


def asks_something(text: str) -> bool:
    """Whether a line the posting reader took for a requirement has words that ask for something
    (an "[Apply Link] https://…" line does not)."""
    return bool(re.search(r"[^\W\d_]{2,}", _NOT_WORDS.sub(" ", text)))


def condition_concern(text: str) -> str | None:
    """What an eligibility condition is about ("citizenship", "background"), or None when it is its own."""
    return next((name for name, pattern in _CONCERNS if pattern.search(text)), None)


def one_row_per_condition(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with each eligibility concern stated once: its shortest statement, where the first stood."""
    shortest: dict[str, dict[str, Any]] = {}
    for row in results:
        concern = condition_concern(row["requirement"]) if not row["counted"] else None
        if concern and (
            concern not in shortest or len(row["requirement"]) < len(shortest[concern]["requirement"])
        ):
            shortest[concern] = row
    kept, placed = [], set()
    for row in results:
        concern = condition_concern(row["requirement"]) if not row["counted"] else None
        if concern is None:
            kept.append(row)
        elif concern not in placed:
            kept.append(shortest[concern])
            placed.add(concern)
    return kept


#: "expertise in at least one of the following": a frame met by any one item of its list.
_ANY_FRAME = re.compile(r"\b(?:(?:at least|any) one|one or more|one) of the following\b", re.I)
_RANK = {"gap": 0, "partial": 1, "met": 2}


def is_frame(text: str) -> bool:
    """Whether a requirement frames a list ("one year of specialized experience equivalent to GS-14")."""
    return bool(_FRAME.search(text))


@dataclass(frozen=True)
class Unit:
    """A part of a requirement judged as one: a term, or a list of alternatives any one of which will do."""

    terms: tuple[str, ...]
    weight: float
    kind: str  # "term", "one of" (an "or" list) or "examples" ("e.g." / "such as")


def requirement_units(text: str, wanted: Terms, table: Any) -> list[Unit]:
    """The units of a requirement: its examples, its "A, B or C" lists, and its other terms one by one."""
    grouped: set[str] = set()
    units: list[Unit] = []
    rest = text
    for m in _EXAMPLES.finditer(text):
        names = set(extract(m.group(), table).all) & set(wanted.all)
        if names:
            units.append(Unit(tuple(sorted(names)), 1.0, "examples"))
            grouped |= names
        rest = rest.replace(m.group(), " ")
    for items in _or_lists(rest):
        per_item = [set(extract(item, table).all) & set(wanted.all) - grouped for item in items]
        per_item = [names for names in per_item if names]
        if len(per_item) < 2:
            continue
        names = set().union(*per_item)
        units.append(Unit(tuple(sorted(names)), max(wanted.weight(n) for n in per_item), "one of"))
        grouped |= names
    for name in sorted(set(wanted.all) - grouped):
        units.append(Unit((name,), wanted.weight([name]), "term"))
    return units


def _or_lists(text: str) -> list[list[str]]:
    """The lists joined by "or": "vision, strategy or road maps" -> [vision, strategy, road maps]."""
    out = []
    for m in re.finditer(r"\s(?:and/)?or\s", text):
        after = _item_after(text[m.end() :])
        before = _items_before(text[: m.start()])
        if after and before:
            out.append([*before, after])
    return out


def _item_after(text: str) -> str:
    words: list[str] = []
    for word in re.findall(_ITEM_WORD + r"|[,;:()]", text):
        if word in ",;:()" or word.lower() in _ITEM_STOP or len(words) == 3:
            break
        words.append(word)
    return " ".join(words)


def _items_before(text: str) -> list[str]:
    """The items before "or": the nearest one, and the comma-separated short ones before it."""
    items: list[str] = []
    for chunk in reversed(re.split(r"\s*,\s*", text)):
        words = re.findall(_ITEM_WORD, chunk)
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
_LEADING_ACTION = re.compile(
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
    verbs = [v.lower() for v in re.findall(r"[A-Za-z]+ing", m.group(1))]
    if any(stem(v) in LIGHT_STEMS for v in verbs):
        return {}
    return {t: w for t, w in wanted.all.items() if any(v in w.lower() for v in verbs)}


#: "acquired within the last fifteen years": a window the experience falls in, not years asked for.
_WINDOW = re.compile(
    r"\b(?:within|in|during|over)\s+the\s+(?:last|past|previous|preceding)\s+[\w.½-]+\s*(?:\(\d+\)\s*)?years?\b"
    r"|\b[\w.½-]+\s+years?\s+(?:ago|prior to)\b",
    re.I,
)


def years_asked(text: str, given: float | None) -> float | None:
    """The years a requirement asks for, read again without its time windows.

    job.analyze reads the largest number of years in the line; "Five years of experience acquired
    within the last fifteen years" asks for five.
    """
    if given is None or not _WINDOW.search(text):
        return given
    from prepflow_plugins.job.cues import years_in  # the one reader of "N years"

    return years_in(_WINDOW.sub(" ", text))


#: Where the field of "3+ years of relevant experience, including …" ends and its detail starts.
_FIELD_END = re.compile(r"[,;(]|\b(?:including|such as|especially|preferably|ideally)\b", re.I)


def field_named(text: str, table: Any) -> bool:
    """Whether a years requirement names its field before its detail ("5 years of Kubernetes", not
    "3+ years of relevant work experience, including in entrepreneurial environments")."""
    field = _FIELD_END.split(text, maxsplit=1)[0]
    return bool(extract(field, table).weight())


def _heading(text: str) -> str | None:
    """The name before a colon in "Communication: Ability to communicate ...", when it is a short name."""
    head, sep, rest = text.partition(":")
    if sep and rest.strip() and 0 < len(head.split()) <= 4:
        return head.strip()
    return None


# -- matching ---------------------------------------------------------------------------------


def _credit(item: Mapping[str, Any], term: str, self_described: frozenset[str]) -> float:
    """How much an item's term counts: by the kind of item, and by how surely the item shows it."""
    factor = EVIDENCE_FACTOR[item["kind"]] * item["terms"].credit_of(term)
    if term in self_described and (item["kind"] == "skill" or term in item["terms"].named):
        factor = min(factor, SELF_DESCRIBED)  # "Communication" listed, "innovative" said: claims, not proof
    return factor


def _why(item: Mapping[str, Any], found: set[str]) -> str:
    """Why an item matched: each shared phrase or concept, with the item's words that carry it.

    “k8s” (Kubernetes) names a concept another way; “Troubleshot” shows problem solving;
    “team” hints at teamwork (half the credit); a plain “word” is a shared word.
    """
    terms = item["terms"]
    concept_words = " ".join(terms.all[t].lower() for t in found if t in terms.concepts)
    parts = []
    for term in sorted(found, key=lambda t: (t not in terms.concepts, t.lower())):
        words = terms.all[term]
        if term not in terms.concepts:
            if words.lower() not in concept_words:  # already quoted as part of a concept's words
                parts.append(f"“{words}”")
        elif terms.credit_of(term) < 1:
            parts.append(f"“{words}” hints at {term}")
        elif _names_it(words, term):
            parts.append(f"“{words}”")
        elif term in terms.named or _inflected_form(words, term):
            parts.append(f"“{words}” ({term})")
        else:
            parts.append(f"“{words}” shows {term}")
    where = {"role": "in a job title", "skill": "in the skills list", "education": "in education"}
    return ", ".join(parts) + (f" ({where[item['kind']]})" if item["kind"] in where else "")


def _names_it(words: str, term: str) -> bool:
    return _squash_case(words) == _squash_case(term)


def _squash_case(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.lower()).strip()


def _inflected_form(words: str, term: str) -> bool:
    """Whether the words are the concept's name inflected or abbreviated ("k8s", "mentored")."""
    return len(words.split()) <= 2 and stem(words.split()[-1]) in {stem(w) for w in term.split()}


def score_units(
    units: list[Unit], credit: Mapping[str, float], wanted: Terms
) -> tuple[float, set[str], set[str]]:
    """The share of a requirement's weight the evidence covers, with the terms found and missing."""
    total = sum(u.weight for u in units)
    if not total:
        return 0.0, set(), set()
    got = 0.0
    found: set[str] = set()
    missing: set[str] = set()
    for unit in units:
        best = max((credit.get(t, 0.0) for t in unit.terms), default=0.0)
        got += unit.weight * best
        hits = {t for t in unit.terms if credit.get(t, 0.0) > 0}
        found |= hits
        if not hits:
            missing |= set(unit.terms)
    return got / total, found, missing


def _judge(
    text: str,
    items: list[dict[str, Any]],
    table: Any,
    background: Mapping[str, str],
    self_described: frozenset[str],
    concepts_only: bool = False,
) -> tuple[float, list[tuple[dict[str, Any], set[str], float]], Terms, set[str], set[str], dict[str, float]]:
    """Score one reading of a requirement against the evidence; the best items first.

    ``concepts_only`` judges the requirement by its concepts alone (a named competency's definition,
    whose other words, "assimilate", "leverage", "in a frequent fashion", only paraphrase it).
    """
    wanted = extract(text, table)
    if concepts_only:
        wanted = Terms(concepts=wanted.concepts, stems={})
    if background:
        wanted = Terms(concepts={**wanted.concepts, **background}, stems=wanted.stems)
    units = requirement_units(text, wanted, table)
    total = sum(u.weight for u in units)
    named = named_stems(text)
    scored = []
    for n, item in enumerate(items):
        found = set(wanted.all) & set(item["terms"].all)
        if found and proves(wanted, found, named):
            alone = {t: _credit(item, t, self_described) for t in found}
            score = score_units(units, alone, wanted)[0] if total else 0.0
            scored.append((-score, n, found))
    scored.sort(key=lambda s: (s[0], s[1]))

    # Take the best item, then up to two more that each add terms the others lacked.
    chosen: list[tuple[dict[str, Any], set[str], float]] = []
    credit: dict[str, float] = {}
    for negative, n, found in scored:
        item = items[n]
        adds = {t: _credit(item, t, self_described) for t in found}
        adds = {t: c for t, c in adds.items() if c > credit.get(t, 0.0)}
        if not adds:
            continue
        credit.update(adds)
        chosen.append((item, found, -negative))
        if len(chosen) == 3:
            break
    score, found_all, missing = score_units(units, credit, wanted)
    return score, chosen, wanted, found_all, missing, credit


def match_requirement(
    requirement: Mapping[str, Any],
    items: list[dict[str, Any]],
    resume: Mapping[str, Any],
    table: Any,
    vocabulary: Mapping[str, Any] | None = None,
    self_described: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    text = requirement["text"]
    background = background_terms(text, vocabulary or {})
    score, chosen, wanted, found_all, missing, credit = _judge(text, items, table, background, self_described)
    heading = _heading(text)
    if heading:  # "Agile Orientation: Ability to apply agile methodologies ...": a named competency
        judged = _judge(heading, items, table, {}, self_described)
        by_concepts = _judge(text, items, table, {}, self_described, concepts_only=True)
        definition = by_concepts if by_concepts[2].concepts else (score,)
        blended = HEADING_SHARE * judged[0] + (1 - HEADING_SHARE) * definition[0]
        if blended > score and judged[2].concepts:
            score, chosen, wanted, found_all, missing, credit = blended, *judged[1:]
            if len(definition) > 1 and definition[1]:  # the lines that show the skills it defines lead
                lead = [c for c in definition[1] if c[0] not in [h[0] for h in chosen]]
                chosen = (lead + chosen)[:3]
                found_all = found_all | definition[3]
                credit = {**definition[5], **credit}
                wanted = Terms(concepts={**wanted.concepts, **definition[2].concepts}, stems=wanted.stems)
            if len(definition) > 1 and definition[4]:  # "... particularly in consulting scenarios"
                score = min(score, MET - 0.01)  # a skill its definition names is not shown: not met
                missing = missing | {t for t in definition[4] if t in definition[2].all}
                wanted = Terms(concepts={**wanted.concepts, **definition[2].concepts}, stems=wanted.stems)
    total = wanted.weight()
    background_met = any(t in background for t in credit)
    if background_met:  # "Background in logistics": a role in logistics meets it, shown by its work
        score = max(score, max(credit[t] for t in credit if t in background))
        chosen, worked = _work_in_background(chosen, items, background, wanted)
        if not worked:
            score = min(score, MET - 0.01)

    roles = resume.get("roles") or []
    signals = resume.get("signals") or {}
    notes = []
    years_shown: float | None = None  # the years the resume shows for it, when it asks for years
    degree = _degree_judgement(text, wanted, items)
    if degree is not None:  # "a baccalaureate degree in ...": judged by the degree and its field
        degree_score, degree_note = degree
        if degree_score != score:  # the degree and its field decide, not the words around them
            score = degree_score
            chosen = [(item, found, degree_score) for item, found, _ in chosen if item["kind"] == "education"]
            chosen = chosen or [_education_item(items, wanted)]
        notes.append(degree_note)
    years = years_asked(text, requirement.get("years"))
    if not total and years:  # "3+ years of professional experience": only the years to compare
        score = 1.0 if (signals.get("total_years") or 0) >= years else 0.5 * bool(signals.get("total_years"))
        notes.append(f"asks for {years:g} years; the resume shows {signals.get('total_years', 0):g} in total")
    if chosen and all(item["kind"] == "role" for item, _, _ in chosen) and not background_met:
        score = min(score, MET - 0.01)  # a job title names the work; it does not show it was done
        notes.append("only a job title matches: say what you did in that role")
    status = "met" if score >= MET else "partial" if score >= PARTIAL else "gap"
    action = leading_action(text, wanted)
    if status == "met" and action and not set(action) & set(credit):
        status = "partial"  # "Standardizing data sets": the data is there, the doing is not
        notes.append(f"nothing shows the action it names: “{' / '.join(action.values())}”")
    if status == "met" and total and chosen and chosen[0][2] < score / 2 and not background_met:
        status = "partial"  # pieced together from scattered words, no single item proves it
        notes.append("no single item covers half of it: the evidence is scattered")
    if years and total and status != "gap":
        role_ids = {item["role"] for item, _, _ in chosen if item.get("role") is not None}
        shown = _years_in(roles, role_ids | _proving_roles(items, wanted, text))
        years_shown = shown
        notes.append(f"asks for {years:g} years; the roles holding this evidence add up to {shown:g}")
        if shown < years and status == "met":
            status = "partial"
    total_years = signals.get("total_years") or 0
    if (
        years
        and total
        and status == "gap"
        and total_years >= years
        and (chosen or not field_named(text, table))
    ):
        status = "partial"  # "four years of experience in …": the years are there, the field is to argue
        score = max(score, PARTIAL)
        years_shown = total_years
        notes.append(
            f"asks for {years:g} years; the resume's dated roles add up to {total_years:g}, "
            "nothing names this field plainly: say which of that work fits it"
        )
    counted = not is_condition(requirement)
    kind = requirement.get("kind") if counted else "eligibility"
    if counted and kind in NOT_SCORED_KINDS:
        kind = "experience"  # filed as a condition, but it asks for experience the resume can show
    if not counted:
        notes = ["a condition of employment the resume cannot show: confirm it yourself; not scored"]
    return {
        "requirement": text,
        "priority": requirement.get("priority", "must"),
        "kind": kind,
        "years": years,
        "years_shown": years_shown,
        "source": requirement.get("source"),
        "status": status,
        "score": round(min(score, 1.0), 2),
        "matched_terms": sorted(wanted.all[t] for t in found_all),
        "missing_terms": sorted(wanted.all[t] for t in missing),
        "evidence": [
            {
                "text": item["text"],
                "kind": item["kind"],
                "score": round(item_score, 2),
                "matched_terms": sorted(
                    {*(item["terms"].all[t] for t in found), *item.get("background_words", [])}
                ),
                "why": item.get("background_why") or _why(item, found),
                "role": item.get("role_label"),
                "metrics": item.get("metrics", []),
                "source": item.get("source"),
            }
            for item, found, item_score in chosen
        ],
        "counted": counted,
        "weight": PRIORITY_WEIGHT.get(requirement.get("priority", "must"), 1),
        "credit": CREDIT[status] if counted else None,
        "note": "; ".join(notes) or None,
    }


def _proving_roles(items: list[dict[str, Any]], wanted: Terms, text: str) -> set[int]:
    """Every role with a line that is evidence for the requirement, not only the best three lines'
    (four years of broad experience can be shown across four jobs)."""
    named = named_stems(text)
    out = set()
    for item in items:
        found = set(wanted.all) & set(item["terms"].all)
        if item.get("role") is not None and found and proves(wanted, found, named):
            out.add(item["role"])
    return out


#: "The Product Manager we are looking for is a morale-builder": the role's title as the subject.
_SUBJECT_AFTER = r"(?:we|you|who|will|should|must|is|are|needs?|has|have)\b"


def without_title_subject(text: str, title: str | None) -> str:
    """The requirement without the posting's title as its subject, whose words ask for nothing
    ("The Product Manager we are looking for is a morale-builder" -> "we are looking for is ...")."""
    if not title:
        return text
    name = " ".join(re.sub(r"\([^)]*\)", " ", title).split())
    if not name:
        return text
    m = re.match(rf"^(?:the|our|this|an?)?\s*{re.escape(name)}s?\s+(?={_SUBJECT_AFTER})", text, re.I)
    return text[m.end() :] if m else text


def _work_in_background(
    chosen: list[tuple[dict[str, Any], set[str], float]],
    items: list[dict[str, Any]],
    background: Mapping[str, str],
    wanted: Terms,
) -> tuple[list[tuple[dict[str, Any], set[str], float]], bool]:
    """The evidence of a background met by a role: the role's own achievement closest to the requirement
    in place of the bare job title ("Wrote the Go service that assigns parcels to vans", not "Software
    Engineer, Rainier Parcel"), and whether any role in that background has one."""
    out, shown = [], False
    for item, found, score in chosen:
        fields = [t for t in found if t in background]
        if item["kind"] != "role" or not fields:
            out.append((item, found, score))
            continue
        work = [i for i in items if i["kind"] == "achievement" and i.get("role") == item["role"]]
        if not work:
            out.append((item, found, score))
            continue
        best = max(work, key=lambda i: (len(set(wanted.all) & set(i["terms"].all)), -work.index(i)))
        shown = True
        why = f"done as {item['text']}, a role in {' and '.join(sorted(fields))}"
        words = [item["terms"].all[t] for t in fields]
        shared = set(wanted.all) & set(best["terms"].all)
        out.append(({**best, "background_why": why, "background_words": words}, shared, score))
    return out, shown


#: "a degree in computer science, engineering or a related field": the fields after "in".
_FIELD = re.compile(r"\b(?:degree|diploma|bachelor'?s|master'?s|BA|BS|MS|MA)\b\s+in\s+([^.;:()]+)", re.I)
_ANY_FIELD = re.compile(
    r"\b(?:related|relevant|similar|equivalent|any)\b|\bor\s+(?:a\s+)?(?:combination|experience)\b", re.I
)


def _degree_judgement(text: str, wanted: Terms, items: list[dict[str, Any]]) -> tuple[float, str] | None:
    """A degree requirement met by the resume's education: met, or partial when the field differs.

    ``None`` when the requirement names no degree or the resume holds none at that level.
    """
    asked = [c for c in wanted.concepts if c in DEGREE_CONCEPTS.values()]
    if not asked:
        return None
    education = [item for item in items if item["kind"] == "education"]
    if not any(all(c in item["terms"].concepts for c in asked[:1]) for item in education):
        return None
    field = _FIELD.search(text)
    if not field or (_ANY_FIELD.search(field.group(1)) and len(field.group(1).split()) <= 3):
        return 1.0, f"the resume's degree meets the {asked[0]} asked for"
    fields = {stem(w) for w in re.findall(r"[a-z]+", field.group(1).lower())} - {stem(w) for w in STOPWORDS}
    if any(fields & item["words"] for item in education):
        return 1.0, f"the resume's degree meets the {asked[0]} asked for, in a field it names"
    if _ANY_FIELD.search(field.group(1)):
        return MET, f"the resume has the {asked[0]}; say how your field relates to the ones named"
    return 0.5, f"the resume has the {asked[0]}, in another field than the one named"


def _education_item(items: list[dict[str, Any]], wanted: Terms) -> tuple[dict[str, Any], set[str], float]:
    item = next(
        i for i in items if i["kind"] == "education" and set(wanted.concepts) & set(i["terms"].concepts)
    )
    return item, set(wanted.concepts) & set(item["terms"].concepts), 1.0


#: Words of a job title that say its level or its kind of post, not its field.
_TITLE_WORDS = frozenset(
    [
        "senior",
        "junior",
        "lead",
        "principal",
        "staff",
        "chief",
        "head",
        "associate",
        "assistant",
        "intern",
        "ii",
        "iii",
        "iv",
        "i",
        "specialist",
        "engineer",
        "developer",
        "manager",
        "officer",
        "analyst",
        "coordinator",
        "director",
        "consultant",
        "it",
    ]
)


def title_fits(posting_title: str | None, resume: Mapping[str, Any]) -> bool:
    """Whether the candidate held a post in the posting's field ("Data Scientist" for "Data Specialist")."""
    if not posting_title:
        return False
    title = re.sub(r"\([^)]*\)", " ", posting_title)
    wanted = {t for t in extract(title).all if t not in _TITLE_WORDS}
    for role in resume.get("roles") or []:
        held = {t for t in extract(role.get("title") or "").all if t not in _TITLE_WORDS}
        if wanted & held:
            return True
    return False


def judge_frames(
    results: list[dict[str, Any]], requirements: list[Mapping[str, Any]], fits: bool = False
) -> None:
    """Judge each frame ("specialized experience equivalent to GS-14") by the list that follows it.

    The list is the scored must-haves after the frame in the same section of the posting, up to
    the next frame. The frame's score is 0.7 × the share of its list met (a partial counts half)
    + 0.3 if the candidate has held a post in the posting's field (``fits``); met from 0.6,
    partial from 0.25. A frame is never an objection to rehearse: the list is.
    """
    for i, (row, requirement) in enumerate(zip(results, requirements, strict=True)):
        if row["counted"] and _ANY_FRAME.search(row["requirement"]):
            _judge_any_frame(row, requirement, results[i + 1 :], requirements[i + 1 :])
            continue
        if not row["counted"] or not is_frame(row["requirement"]):
            continue
        section = requirement.get("section")
        listed = []
        for later, later_req in zip(results[i + 1 :], requirements[i + 1 :], strict=True):
            if is_frame(later["requirement"]) or later_req.get("section") != section:
                break
            if later["counted"] and later["priority"] == row["priority"]:
                listed.append(later)
        row["kind"] = "frame"
        if listed:
            share = sum(CREDIT[r["status"]] for r in listed) / len(listed)
            score = FRAME_LIST * share + (1 - FRAME_LIST) * fits
            row["status"] = "met" if score >= MET else "partial" if score >= PARTIAL else "gap"
            row["score"] = round(score, 2)
            row["note"] = (
                f"the frame of the {len(listed)} requirements after it, judged by them: "
                f"{sum(r['status'] == 'met' for r in listed)} met, "
                f"{sum(r['status'] == 'partial' for r in listed)} partial, "
                f"{sum(r['status'] == 'gap' for r in listed)} gap"
                + ("; you have held a post in this field" if fits else "; no past title in this field")
            )
        else:
            row["note"] = (
                "the frame of the experience the posting describes: show it with your roles and years"
            )
        row["credit"] = CREDIT[row["status"]]


def _judge_any_frame(
    row: dict[str, Any],
    requirement: Mapping[str, Any],
    later: list[dict[str, Any]],
    later_requirements: list[Mapping[str, Any]],
) -> None:
    """ "Expertise in at least one of the following": met as well as the best item of its list."""
    listed = []
    for other, other_req in zip(later, later_requirements, strict=True):
        if other_req.get("section") != requirement.get("section") or is_frame(other["requirement"]):
            break
        if other["counted"]:
            listed.append(other)
    if not listed:
        return
    best = max(listed, key=lambda r: (_RANK[r["status"]], r["score"]))
    row["kind"] = "frame"
    if _RANK[best["status"]] > _RANK[row["status"]]:
        row["status"], row["score"] = best["status"], best["score"]
        row["credit"] = CREDIT[row["status"]]
    row["note"] = (
        f"asks for one of the {len(listed)} items after it; "
        f"the best is {best['status']}: “{best['requirement']}”"
    )


def coverage(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The weighted coverage score, with every number it is made of."""
    out: dict[str, Any] = {}
    numerator = denominator = 0.0
    terms = []
    for priority, weight in PRIORITY_WEIGHT.items():
        rows = [r for r in results if r["counted"] and r["priority"] == priority]
        counts = {status: sum(r["status"] == status for r in rows) for status in CREDIT}
        points = sum(CREDIT[r["status"]] for r in rows)
        out[priority] = {"count": len(rows), **counts, "points": points, "weight": weight}
        numerator += weight * points
        denominator += weight * len(rows)
        terms.append((weight, points, len(rows)))
    score = round(numerator / denominator, 2) if denominator else None
    top = " + ".join(f"{w} × {p:g}" for w, p, _ in terms)
    bottom = " + ".join(f"{w} × {c}" for w, _, c in terms)
    return {
        "score": score,
        **out,
        "not_scored": sum(not r["counted"] for r in results),
        "formula": (
            "score = (2 × must points + 1 × nice points) / (2 × must count + 1 × nice count), "
            "where points = met + 0.5 × partial; eligibility conditions are not scored"
        ),
        "computation": f"({top}) / ({bottom}) = {score if score is not None else 'n/a'}",
    }


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, resume = ctx.config["job"], ctx.config["resume"]
    synonyms = load_data("synonyms", ctx)  # extended by the plan's packs
    if ctx.config.get("synonyms"):
        try:
            extra = tomllib.loads(ctx.read_text(ctx.config["synonyms"]))
            extra["terms"]
        except (tomllib.TOMLDecodeError, KeyError) as e:
            raise prepflow.StepError(
                f"{ctx.config['synonyms']}: not a synonym table ([terms] ...): {e}"
            ) from None
        synonyms = {
            key: {**(synonyms.get(key) or {}), **(extra.get(key) or {})}
            for key in ("terms", "shown_by", "hinted_by")
        } | {"self_described": [*synonyms.get("self_described", []), *extra.get("self_described", [])]}
    table = None if synonyms == load_data("synonyms") else thesaurus_of(synonyms)
    self_described = frozenset(synonyms.get("self_described") or ())
    requirements = [
        r
        for r in job["requirements"]
        if isinstance(r, Mapping) and r.get("text") and asks_something(r["text"])
    ]
    if not requirements:
        if isinstance(job.get("requirements"), list) and isinstance(job.get("source"), str):
            # the plan is wired right: the posting itself gave nothing to match
            raise prepflow.StepError(
                f"job: no requirements were found in {job['source']} (see the warning of the step "
                "that read it); check that it is the job posting"
            )
        raise prepflow.StepError("job: no requirements to match; pass the outputs of job.analyze")
    vocabulary = load_data("roles", ctx)
    items = evidence_items(resume, table, vocabulary)
    whole = whole_texts(ctx, {"requirements": requirements, "source": job.get("source")})
    role = job.get("role")
    posting_title = role.get("text") if isinstance(role, Mapping) else role if isinstance(role, str) else None

    results = []
    for n, r in enumerate(requirements):  # a shortened requirement is judged by its whole text
        judged = without_title_subject(whole.get(n, r["text"]), posting_title)
        row = match_requirement({**r, "text": judged}, items, resume, table, vocabulary, self_described)
        results.append({**row, "requirement": r["text"]})
    judge_frames(results, requirements, title_fits(posting_title, resume))
    results = one_row_per_condition(results)
    return {"requirements": results, "coverage": coverage(results)}
