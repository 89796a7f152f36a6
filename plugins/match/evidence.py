"""The resume as evidence: every achievement, role, listed skill, degree and certification, with its terms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.text.filler import is_filler
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.terms import Terms, extract

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

#: A requirement about where the candidate has worked rather than what they can do.
_BACKGROUND = re_compile(
    r"\b(?:background|sector|domain)\b|\bexperience (?:in|within|at|from) (?:an? |the )?\w+"
    # "industry practices", "industry standards" are ways of working, not where one worked
    r"|(?<!leading )\bindustry\b(?![- ](?:best )?(?:practices?|standards?|trends|conferences|events)\b)",
    re.I,
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
_PASSIVE = re_compile(r"\b(?:led|managed|supervised|directed|overseen|run|coordinated|headed)\s+by\b", re.I)


#: A job title that is a post of leadership ("Director, Security Services", "Shift Supervisor").
_LEADING_TITLE = re_compile(
    r"\b(?:director|head of|chief|vice president|VP|president|supervisor|team lead|tech(?:nical)? lead|"
    r"foreman|forewoman|superintendent|manager of|managing editor)\b",
    re.I,
)
#: A talk, a meetup, a lecture: the line shows the speaking, not the skills the talk was about
#: ("Presented at tech meetups on accessibility and interaction design" is no proof of either).
_TALK = re_compile(
    r"\b(?:present(?:ed|ing|s)?|spoke|speaking|speaker|gave (?:a |several |many )?talks?|talks?|keynotes?|"
    r"lectur\w*|panel(?:ist)?s?)\b[^.;]{0,60}\b(?:meetups?|conferences?|summits?|symposi\w+|webinars?|"
    r"podcasts?|events?|user groups?)\b|\bmeetups?\b",
    re.I,
)
#: What a talk does show.
SPEAKING = frozenset(
    {
        "oral communication",
        "communication",
        "written communication",
        "facilitation",
        "mentoring",
        "teaching",
        "keeping current",
    }
)


def about_a_talk(text: str) -> bool:
    """Whether a resume line is about giving talks (at meetups, conferences, events)."""
    return bool(_TALK.search(text))


#: "RESTful services for communication between frontend and backend": machines talking, not a skill.
_MACHINE_TALK = re_compile(
    r"\bcommunicat\w*\s+(?:between|among|with)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:services?|systems?|"
    r"components?|front-?ends?|back-?ends?|servers?|clients?|devices?|nodes?|modules?|microservices|apis?|"
    r"parts of the (?:application|system))\b|\bcommunication (?:protocols?|channels? between|layer)\b",
    re.I,
)


#: "independent of department", "regardless of seniority": a preposition, not a way of working.
_REGARDLESS = re_compile(r"\b(?:independent(?:ly)?|irrespective|regardless)\s+of\b", re.I)


def _without_names(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text, flags=re.I)
    return _REGARDLESS.sub(" ", _MACHINE_TALK.sub(" ", _PASSIVE.sub(" by ", text)))


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
        if is_filler(a["text"]):
            continue  # a template's sample line, not the candidate's own
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
            leading = _LEADING_TITLE.search(role.get("title") or "")
            if leading:  # a director or a supervisor led people
                concepts.setdefault("leadership", leading.group())
            terms = Terms(concepts=concepts, stems=terms.stems, credit=terms.credit)
        if degree is not None:  # a master's degree also answers "bachelor's degree required"
            concepts = dict(terms.concepts)
            credit = dict(terms.credit)
            for level in range(degree + 1):
                concepts.setdefault(DEGREE_CONCEPTS[level], f"{DEGREE_CONCEPTS[degree]} (level {degree})")
                credit.pop(DEGREE_CONCEPTS[level], None)
            terms = Terms(concepts=concepts, stems=terms.stems, credit=credit)
        if item["kind"] not in ("education", "certification") and any(
            c in DEGREE_CONCEPTS.values() for c in terms.concepts
        ):  # a degree is shown by education: "MS Project" in a skills list is no master's degree
            terms = Terms(
                concepts={c: w for c, w in terms.concepts.items() if c not in DEGREE_CONCEPTS.values()},
                stems=terms.stems,
                credit=terms.credit,
                named=terms.named,
            )
        if item["kind"] == "achievement" and about_a_talk(text):  # proof of speaking, nothing else
            kept = {c: w for c, w in terms.concepts.items() if c in SPEAKING}
            terms = Terms(
                concepts=kept,
                stems={},
                credit={c: v for c, v in terms.credit.items() if c in kept},
                named=frozenset(c for c in terms.named if c in kept),
            )
            item["talk"] = True
        if item["kind"] == "achievement" and (people := _people_nouns(text)):
            terms = _without_people(terms, people)
        if item["kind"] == "achievement" and item.get("role") is None and "talk" not in item:
            # a project of one's own, outside any job: something built for its own sake
            terms = Terms(
                concepts={**terms.concepts, "side projects": "a project outside a job"},
                stems=terms.stems,
                credit=terms.credit,
                named=terms.named,
            )
        item["terms"] = terms
        item["words"] = _stem_set(text)
    return items


#: A noun naming people ("leadership", "management", "staff") where a line works with them or
#: speaks to them: "Worked with senior leadership to ...", "Briefed program leadership on ...",
#: "Presented to management and staff". Not "leadership of", "management skills", "provided
#: program leadership" (no preposition or verb of working with someone before it).
_PEOPLE_NOUN = re_compile(
    r"\b(?:with|to|for|from|among|across|brief(?:ed|ing)?|advis(?:ed|ing)|inform(?:ed|ing)|updat(?:ed|ing)|"
    r"report(?:ed|ing)|met|meet(?:ing)?|support(?:ed|ing)|engag(?:ed|ing))\s+"
    r"(?:(?:the|our|their|its|senior|executive|agency|program|programme|company|upper|top|department|"
    r"client|key|internal|external|business|organi[sz]ational|[a-z]+'s)\s+){0,3}"
    r"(?P<nouns>(?:leadership|management|staff|executives|stakeholders)"
    r"(?:\s+(?:and|or|&)\s+(?:leadership|management|staff|executives|stakeholders))*)"
    r"(?=\s*(?:$|[,.;:)]|(?:and|or|to|on|in|at|about|for|across|weekly|monthly|daily|regularly|"
    r"through|as|with|when|while|throughout|team|teams)\b))",
    re.I,
)
#: The people nouns whose word is no skill when they name people ("stakeholders" stays: meeting
#: them is how one communicates with them).
_PEOPLE_STEMS = frozenset(stem(w) for w in ("leadership", "management", "staff", "executives"))


def _people_nouns(text: str) -> set[str]:
    """The people nouns of a resume line that name people rather than a skill, lower-cased."""
    return {
        word.lower()
        for m in _PEOPLE_NOUN.finditer(text)
        for word in re.findall(r"[A-Za-z]+", m.group("nouns"))
        if word.lower() not in ("and", "or")
    }


def _without_people(terms: Terms, people: set[str]) -> Terms:
    """A line's terms without those only its people nouns carry: "worked with senior leadership"
    proves nothing about leading."""

    def people_only(words: str) -> bool:
        return all(w in people or w in ("and", "or") for w in re.findall(r"[a-z]+", words.lower()))

    concepts = {c: w for c, w in terms.concepts.items() if not people_only(w) or "stakeholders" in w.lower()}
    stems = {s: w for s, w in terms.stems.items() if not (s in _PEOPLE_STEMS and w.lower() in people)}
    return Terms(
        concepts=concepts,
        stems=stems,
        credit={c: v for c, v in terms.credit.items() if c in concepts},
        named=frozenset(c for c in terms.named if c in concepts),
    )


def _stem_set(text: str) -> set[str]:
    return {stem(w) for w in re_compile(r"[a-z0-9]+").findall(text.lower())}


def _degrees(items: list[dict[str, Any]], resume: Mapping[str, Any]) -> list[int | None]:
    """The level of each degree, as resume.analyze read it or, when it could not ("BSCS"), as the
    synonym table names it."""
    levels = iter(d.get("level") for d in resume.get("education") or [])
    out: list[int | None] = []
    for item in items:
        level = next(levels) if item["kind"] == "education" else None
        if item["kind"] == "education" and level is None:
            named = extract(item["text"]).concepts
            level = max((n for n, concept in DEGREE_CONCEPTS.items() if concept in named), default=None)
        out.append(level)
    return out


def years_in_roles(roles: list[Mapping[str, Any]], indexes: set[int]) -> float:
    return round(sum((roles[i].get("months") or 0) for i in indexes if 0 <= i < len(roles)) / 12, 1)
