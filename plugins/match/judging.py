"""Judging one requirement against the evidence: the best items, the score, the status and why."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.match.conditions import is_condition
from prepflow_plugins.match.degrees import degree_judgement, education_item
from prepflow_plugins.match.evidence import EVIDENCE_FACTOR, background_terms, years_in_roles
from prepflow_plugins.match.reading import (
    EXAMPLES,
    Unit,
    field_named,
    heading_of,
    in_its_sense,
    leading_action,
    named_stems,
    narrowed,
    proves,
    requirement_units,
    shares_phrase,
    word_pairs,
    years_asked,
)
from prepflow_plugins.match.scale import CREDIT, MET, NOT_SCORED_KINDS, PARTIAL, PRIORITY_WEIGHT
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.stopwords import LIGHT_STEMS
from prepflow_plugins.text.terms import Terms, extract

# The most a competency claimed only in a skills list counts ("Communication" listed is a claim).
SELF_DESCRIBED = 0.5
# How much the name before a colon ("Communication: Ability to ...") weighs against its definition.
HEADING_SHARE = 0.4

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
        got += unit.weight * unit.met(credit, wanted)
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
    pairs = word_pairs(text)
    narrow = narrowed(text)
    scored = []
    for n, item in enumerate(items):
        found = in_its_sense(set(wanted.all) & set(item["terms"].all), wanted, narrow, item["words"])
        if found and proves(wanted, found, named, shares_phrase(pairs, word_pairs(item["text"]), found)):
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
    heading = heading_of(text)
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
    degree = degree_judgement(text, wanted, items)
    if degree is not None:  # "a baccalaureate degree in ...": judged by the degree and its field
        degree_score, degree_note = degree
        if degree_score != score:  # the degree and its field decide, not the words around them
            score = degree_score
            chosen = [(item, found, degree_score) for item, found, _ in chosen if item["kind"] == "education"]
            chosen = chosen or [education_item(items, wanted)]
        notes.append(degree_note)
    years = years_asked(text, requirement.get("years"))
    if not total and years:  # "3+ years of professional experience": only the years to compare
        score = 1.0 if (signals.get("total_years") or 0) >= years else 0.5 * bool(signals.get("total_years"))
        notes.append(f"asks for {_years(years)}; the resume shows {signals.get('total_years', 0):g} in total")
    if chosen and all(item["kind"] == "role" for item, _, _ in chosen) and not background_met:
        score = min(score, MET - 0.01)  # a job title names the work; it does not show it was done
        notes.append("only a job title matches: say what you did in that role")
    status = "met" if score >= MET else "partial" if score >= PARTIAL else "gap"
    action = leading_action(text, wanted)
    if status == "met" and action and not set(action) & set(credit):
        status = "partial"  # "Standardizing data sets": the data is there, the doing is not
        notes.append(f"nothing shows the action it names: “{' / '.join(action.values())}”")
    head = main_concept(text, wanted, table)
    if status == "met" and head and head not in credit and degree is None and not background_met:
        status = "partial"  # "applying leading industry practices in the design of …": practices are the ask
        notes.append(f"nothing shows “{wanted.all[head]}”, what it asks for first")
    # pieced together from scattered words, no single item proves it (unless one shows what it asks first)
    shown_head = head is not None and credit.get(head, 0.0) >= 1.0
    if (
        status == "met"
        and total
        and chosen
        and max(c[2] for c in chosen) < score / 2
        and not background_met
        and not shown_head
    ):
        status = "partial"  # pieced together from scattered words, no single item proves it
        notes.append("no single item covers half of it: the evidence is scattered")
    if years and total and status != "gap":
        role_ids = {item["role"] for item, _, _ in chosen if item.get("role") is not None}
        shown = years_in_roles(roles, role_ids | _proving_roles(items, wanted, text))
        held = "the roles holding this evidence add up to"
        if degree is not None:  # "a bachelor's degree plus one year of experience": any dated work counts
            shown, held = max(shown, signals.get("total_years") or 0), "the resume's dated roles add up to"
        years_shown = shown
        notes.append(f"asks for {_years(years)}; {held} {shown:g}")
        if shown < years and status == "met":
            status = "partial"
    total_years = signals.get("total_years") or 0
    if (
        years
        and total
        and status == "gap"
        and total_years >= years
        and (chosen or not field_named(text, table) or _titled_in_field(text, roles, table))
    ):
        status = "partial"  # "four years of experience in …": the years are there, the field is to argue
        score = max(score, PARTIAL)
        years_shown = total_years
        notes.append(
            f"asks for {_years(years)}; the resume's dated roles add up to {total_years:g}, "
            "nothing names this field plainly: say which of that work fits it"
        )
    unshown = unshown_name(text, wanted, set(credit))
    if status == "partial" and unshown:  # "the DD2 project, database and procedures": a database is not DD2
        status, score = "gap", min(score, PARTIAL - 0.01)
        notes.append(f"it names “{unshown}”, which nothing on the resume shows; the rest is generic")
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


#: The name of a specific system or product: a word with a digit ("DD2"), an acronym ("OGC"), or two or
#: more capitalised words in a row mid-sentence ("Law Manager").
_SYSTEM_NAME = re_compile(r"\b[A-Za-z]+\d[\w-]*|\b[A-Z]{2,}s?\b|(?<=[a-z,] )[A-Z][a-z]+(?: [A-Z][a-z]+)+")


def main_concept(text: str, wanted: Terms, table: Any) -> str | None:
    """The concept a requirement asks for first, outside its examples ("leading industry practices" in
    "Experience applying leading industry practices in the design of digital products"), unless it is
    one of an "or" list (any one of which will do) or the requirement is a named competency."""
    if heading_of(text):
        return None
    own = extract(EXAMPLES.sub(" ", text), table)
    first = next((c for c in own.concepts if c in wanted.concepts), None)
    if first is None:
        return None
    for unit in requirement_units(text, wanted, table):
        if first in unit.terms and len(unit.terms) > 1:
            return None
    return first


def unshown_name(text: str, wanted: Terms, found: set[str]) -> str | None:
    """The name of a specific system a requirement asks for ("the DD2 project", "Law Manager") when
    nothing on the resume names it and everything that matched is generic (a listed "SQL" is no "DD2
    database"); None when a named thing matched ("Microsoft Office" for "Law Manager and Microsoft
    Office"). Names given only as examples ("e.g. Tableau, MicroStrategy") are not asked for."""
    named = named_stems(text)
    if not named:
        return None
    own = EXAMPLES.sub(" ", text)
    for m in _SYSTEM_NAME.finditer(own):
        stems = [s for s in extract(m.group()).stems if s in wanted.stems and s not in LIGHT_STEMS]
        if not stems or any(s in found for s in stems):
            continue
        if any(t in named or wanted.all[t][:1].isupper() for t in found):
            return None
        return m.group()
    return None


def _proving_roles(items: list[dict[str, Any]], wanted: Terms, text: str) -> set[int]:
    """Every role with a line that is evidence for the requirement, not only the best three lines'
    (four years of broad experience can be shown across four jobs)."""
    named = named_stems(text)
    pairs = word_pairs(text)
    narrow = narrowed(text)
    out = set()
    for item in items:
        found = in_its_sense(set(wanted.all) & set(item["terms"].all), wanted, narrow, item["words"])
        phrase = shares_phrase(pairs, word_pairs(item["text"]), found)
        if item.get("role") is not None and found and proves(wanted, found, named, phrase):
            out.add(item["role"])
    return out


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


def _titled_in_field(text: str, roles: list[Any], table: Any) -> bool:
    """Whether a past job title names the field a years requirement asks about ("five years of
    experience applying security policies" beside "Director, Security Services"): the years are
    there, and the title says in what; the rest is for the candidate to argue."""
    from prepflow_plugins.match.frames import TITLE_WORDS

    wanted = {n for n in extract(text, table).stems if n not in LIGHT_STEMS}
    for role in roles:
        if not isinstance(role, Mapping) or not role.get("title"):
            continue
        held = {n for n in extract(str(role["title"]), table).stems if n not in LIGHT_STEMS}
        if wanted & (held - {stem(w) for w in TITLE_WORDS}):
            return True
    return False


def _years(years: float) -> str:
    """ "1 year", "3 years", "1.5 years": a number of years as said aloud."""
    return "1 year" if years == 1 else f"{years:g} years"
