"""Objections from the requirement match: only a real must-have the documents show is missing or thin.

A preferred qualification is not a gap to apologise for, an eligibility condition is confirmed, and a
frame ("one year of specialized experience equivalent to GS-14") is judged by the list that follows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.match.rules import without_title_subject
from prepflow_plugins.objections.facts import (
    _BASIS,
    MAX_EVIDENCE,
    TOP_THEMES,
    Facts,
    Objection,
    _achievement,
    strongest,
)
from prepflow_plugins.objections.wording import MAX_QUOTE_WORDS, _words_in, _years, need_quote, short
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import extract
from prepflow_plugins.text.voice import employer_talk

#: Years of work after which a must-have with relevant evidence is not questioned for depth.
SENIOR_YEARS = 8
_DEGREE = re_compile(r"\b(degree|diploma|bachelor|master|ph\.?d)", re.I)


def _evidence_from_match(req: Mapping[str, Any], facts: Facts) -> list[dict]:
    if req.get("status") == "gap":
        return []  # the closest line of a gap shares a word or two: no evidence to answer with
    return [
        _achievement(e, facts)
        for e in req.get("evidence") or []
        if isinstance(e, Mapping) and e.get("kind") == "achievement"
    ][:MAX_EVIDENCE]


def _telling_part(req: Mapping[str, Any], text: str) -> str:
    """The sentence of an achievement that carries the match, quoted (at most a short clause of it)."""
    words: list[str] = []
    for e in req.get("evidence") or []:
        if isinstance(e, Mapping) and e.get("text") == text:
            words = [str(w).lower() for w in e.get("matched_terms") or []]
    sentences = [p for p in re.split(r"(?<=[a-z0-9%)])\.\s+(?=[A-Z])", text.strip()) if p]
    best = max(sentences or [text], key=lambda p: sum(w in p.lower() for w in words))
    return short(best, MAX_QUOTE_WORDS)


def _theme_lines(job: Mapping[str, Any]) -> set[tuple[Any, Any]]:
    lines = set()
    for theme in (job.get("themes") or [])[:TOP_THEMES]:
        for e in theme.get("evidence") or [] if isinstance(theme, Mapping) else []:
            source = e.get("source") if isinstance(e, Mapping) else None
            if isinstance(source, Mapping):
                lines.add((source.get("file"), source.get("start")))
    return lines


def _title_of(job: Mapping[str, Any]) -> str | None:
    role = job.get("role")
    return role.get("text") if isinstance(role, Mapping) else role if isinstance(role, str) else None


def _held(text: str, facts: Facts) -> list[tuple[int, str]]:
    """Roles whose function or industry the requirement names ("Background in logistics ...").

    match.evidence reads words; an organisation's industry (Rainier Parcel: logistics) has no word
    in the requirement to match, so a gap there may not be one.
    """
    held = []
    for i, role in enumerate(facts.roles):
        for kind in ("industry", "function"):
            name = (role.get(kind) or {}).get("name") if isinstance(role.get(kind), Mapping) else None
            if name and _words_in(text, [name]):
                held.append((i, name))
                break
    return held


def _role_years(req: Mapping[str, Any], facts: Facts) -> float | None:
    """Years of the roles holding a requirement's evidence (None if no evidence names a role)."""
    if isinstance(req.get("years_shown"), (int, float)):
        return float(req["years_shown"])  # what match.evidence compared with the years asked
    labels = {e.get("role") for e in req.get("evidence") or [] if isinstance(e, Mapping) and e.get("role")}
    months = 0
    found = False
    for role in facts.roles:
        label = ", ".join(p for p in (role.get("title"), role.get("organisation")) if p)
        if label in labels:
            found = True
            months += role.get("months") or 0
    return round(months / 12, 1) if found else None


#: Words that make a line ask something of the candidate: a skill, knowledge, experience, a credential.
_QUALIFICATION = re_compile(
    r"\b(?:experience[sd]?|knowledge|knowledgeable|abilit(?:y|ies)|able to|skill(?:s|ed)?|proficien\w*|"
    r"familiar\w*|understanding|expertise|expert|background|degree|diploma|certifi\w*|licen[cs]\w*|"
    r"years?|fluen\w*|track record|capacity to|qualifi\w*|competen\w*)\b",
    re.I,
)
#: "Four years of experience can substitute for the degree": an alternative, not one more requirement.
_ALTERNATIVE = re_compile(r"\b(?:substitut\w*|in lieu of|in place of)\b", re.I)
#: A line cut off mid-phrase ("understanding the relationships between", "tools for example"), or a
#: list's lead-in ("... must include:"): not a requirement to quote.
_FRAGMENT = re_compile(
    r"(?:\b(?:between|of|and|or|the|a|an|to|with|for|in|on|by|from|as|such as|including|includes?|that|"
    r"which|like|for example|e\.g|i\.e|following)\.?\s*[:,]?|:)\s*$",
    re.I,
)
#: The frame of a list judged item by item ("Experience in one or more of the following disciplines").
_LIST_FRAME = re_compile(
    r"\b(?:one|any|all|each|two|three|several|some|more)\b[\w ,()]{0,20}\bof the following\b|"
    r"\bthe following\b[\w ,-]{0,40}$|"
    # "Specialized experience ... is defined as experience:" introduces the list that says what counts
    r"\b(?:is|are) defined as(?: experience| follows)?\W*$",
    re.I,
)
#: Federal "one year of specialized experience (equivalent to GS-14)": the frame of the list that
#: follows; what remains after "specialized experience" is then only grade and equivalence words.
_SPECIALIZED = re_compile(r"\bspeciali[sz]ed experience\b", re.I)
_FRAME_WORDS = re_compile(
    r"\b(?:equivalent|to|the|at|or|in|of|a|an|and|is|that|which|this|gs|grade|level|next|lower|higher|"
    r"above|federal|service|band|position|pay|plan|scale|one|year|years|minimum|least|you|have|must|"
    r"include|includes|following|qualify|equivalency)\b|[^A-Za-z]+",
    re.I,
)
#: Conditions to confirm, not skills to have or lack: commitment to the employer's policies, a
#: willingness, a licence to drive, physical demands, residency, a command of English (shown by talking).
_CONDITION = re_compile(
    r"\bcommitment to\b.{0,60}\b(?:polic\w*|values|equal\w*|diversity|safeguarding|standards)\b|"
    r"\bwilling(?:ness)? to\b|\bdriv(?:er'?s?|ing) licen[cs]e|\b(?:able|ability) to (?:lift|stand|travel)\b|"
    r"\bresiden(?:cy|t)\b|\bright to work\b|"
    r"\b(?:proficien\w*|fluen\w*|command of)\b[^.;]{0,40}\bEnglish\b",
    re.I,
)
#: A school-leaving diploma: every candidate with a degree or a career has it; confirmed, not rehearsed.
_SCHOOL = re_compile(r"\bhigh school\b|\bsecondary school\b|\bGED\b|\bGCSEs?\b", re.I)
#: How a line asks for a way of working rather than a skill one can lack on paper.
_SOFT = re_compile(
    r"\b(?:interpersonal|self-directed|self-motivated|self-starter|multi-?task\w*|time management|"
    r"prioriti[sz]\w*|priorities|customer orientation|attitude|sensitivity|enthusias\w*|passion\w*|"
    r"growth mindset|team player|flexib\w*|adaptab\w*|proactive|motivated|detail-oriented|"
    r"attention to detail|work independently|communication|communicate|presentation skills|"
    # judgement is shown by a story, never by a line of a resume ("exercise judgment to determine …")
    r"you care about|able to work with|judge?ments?|discretion)\b",
    re.I,
)
#: Ways of working even when worded as experience ("Experience navigating ambiguous situations",
#: "Ability to learn new systems"): a story answers them, not a line of the resume.
_ALWAYS_SOFT = re_compile(
    r"\b(?:ambigu\w*|uncertain\w*|learn new|learn quickly|quick(?:ly)? learn\w*|fast learner|"
    r"eager to learn|curiosity|curious)\b",
    re.I,
)
_CREDENTIAL = re_compile(r"\b(?:\d+\+?\s*(?:years?|yrs)|degree|certifi\w*|licen[cs]\w*)\b", re.I)
_CLAIMED = re_compile(r"\b(?:skills?|abilit(?:y|ies)|able to|aptitude)\b", re.I)
_HARD = re_compile(r"\b(?:experience[sd]?|years?|degree|certifi\w*|licen[cs]\w*)\b", re.I)
#: A requirement about leading people, which a manager's or director's title already answers.
_LEADS_PEOPLE = re_compile(
    r"\b(?:manag|lead|supervis|direct)\w*\b.{0,60}\b(?:team|teams|staff|people|individuals|employees|"
    r"engineers|developers|designers|managers|reports|personnel)\b",
    re.I,
)
#: A requirement to be a leader of people ("An experienced manager, leader, or coordinator").
_A_LEADER = re_compile(
    r"\b(?:experienced|proven|seasoned|strong)\s+(?:people\s+)?(?:manager|leader)s?\b", re.I
)
#: Title levels whose holder has led people.
_LEADING_LEVELS = ("manager", "director", "executive")
#: What a director's or an executive's title already answers: stakeholders, strategy, direction.
_LEADERS_WORK = re_compile(r"\b(?:stakeholders?|alignment|strateg\w*|direction|budgets?)\b", re.I)
_QUALIFICATION_KINDS = {"education", "trait", "licence", "license", "certification", "experience"}


def is_qualification(req: Mapping[str, Any]) -> bool:
    """Whether a requirement asks for something a candidate can have or lack.

    A line that names a skill concept, asks for experience, knowledge, a credential or years,
    or that job.analyze read as a trait or a degree, does; boilerplate that only landed among
    the requirements ("Duties may change without notice") does not, and gets no objection.
    """
    text = str(req.get("requirement") or "")
    if req.get("kind") in _QUALIFICATION_KINDS or _QUALIFICATION.search(text):
        return True
    return bool(extract(text).concepts)


def is_frame(text: str) -> bool:
    """Whether a requirement is the frame of a list rather than a thing one has or lacks."""
    if _LIST_FRAME.search(text):
        return True
    found = _SPECIALIZED.search(text)
    return found is not None and not _FRAME_WORDS.sub("", text[found.end() :])


def is_condition(text: str) -> bool:
    """A commitment, a willingness, a licence to drive, a school-leaving diploma: confirmed, not rehearsed."""
    return bool(_CONDITION.search(text) or _SCHOOL.search(text))


def is_employer_talk(text: str) -> bool:
    """Whether a line is the employer describing itself or its hiring ("We are committed to ...",
    "Join our team"), not something asked of the candidate."""
    return employer_talk(text)


def is_soft(text: str, self_described: frozenset[str] = frozenset()) -> bool:
    """Whether a requirement asks for a way of working ("Excellent communication skills", "Ability to
    multi-task"), which a resume rarely states: a question to answer with a story, not a gap."""
    if _ALWAYS_SOFT.search(text) and not _CREDENTIAL.search(text):
        return True
    if _HARD.search(text):
        return False
    if _SOFT.search(text):
        return True
    # a skill claimed in the words of a skill ("Excellent problem-solving skills") whose concepts are all
    # ways of working; not a duty the thesaurus files under one ("Briefing executive stakeholders")
    concepts = set(extract(text).concepts)
    return bool(_CLAIMED.search(text)) and bool(concepts) and concepts <= self_described


def is_garbage(text: str) -> bool:
    """A table cell or heading that landed among the requirements ("| Knowledge")."""
    return len(re.findall(r"[A-Za-z]{2,}", text)) < 3 or not text.strip()[:1].isalnum()


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower())}


def same_ask(text: str, earlier: list[str]) -> bool:
    """Whether a requirement repeats one already objected to ("At least two years as a full-stack
    developer ..." beside "At least one year as a full-stack developer ..."): alternatives, one objection."""
    mine = _words(text)
    for other in earlier:
        theirs = _words(other)
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.5:
            return True
    return False


def _has_education(facts: Facts) -> bool:
    """Whether the resume names a place of study (with or without the degree)."""
    return any(
        isinstance(e, Mapping) and (e.get("degree") or e.get("level") or e.get("institution"))
        for e in facts.resume.get("education") or []
    )


def _has_led(facts: Facts, levels: tuple[str, ...] = _LEADING_LEVELS) -> bool:
    from prepflow_plugins.objections.signals import candidate_level

    held = [
        candidate_level(str(r.get("title")), facts.data["seniority"]) for r in facts.roles if r.get("title")
    ]
    return any(level in levels for level in held)


def _led(facts: Facts) -> bool:
    """A title that has led people, or an achievement of leading some ("Managed a 5-person team")."""
    from prepflow_plugins.objections.signals import led_people

    return _has_led(facts) or led_people(facts)


def _relevant(req: Mapping[str, Any], evidence: list[dict[str, Any]]) -> bool:
    """Whether the partial evidence is about the requirement: a shared skill concept, or two words."""
    wanted = extract(str(req.get("requirement") or ""))
    for item in evidence:
        shown = extract(item["text"])  # the concepts it names: a hint ("user" for user research) is no proof
        if set(wanted.concepts) & set(shown.concepts) or len(set(wanted.stems) & set(shown.stems)) >= 2:
            return True
    return False


def from_match(facts: Facts) -> list[Objection]:
    out: list[Objection] = []
    themes = _theme_lines(facts.job)
    total = float((facts.resume.get("signals") or {}).get("total_years") or 0)
    for req in facts.match.get("requirements") or []:
        if not isinstance(req, Mapping) or not req.get("requirement") or req.get("counted") is False:
            continue
        if req.get("kind") in ("eligibility", "frame"):
            continue  # a condition to confirm, or the frame of a list judged item by item: not objections
        text, status = req["requirement"], req.get("status")
        must = req.get("priority", "must") == "must"
        if not must:
            continue  # a preferred qualification is not a gap to apologise for
        if not is_qualification(req) or _ALTERNATIVE.search(text) or _FRAGMENT.search(text):
            continue  # boilerplate, a substitution clause or a cut-off fragment: not a thing to lack
        if is_garbage(text) or is_frame(text) or is_condition(text) or is_employer_talk(text):
            continue  # a stray cell, the frame of a list, a condition to confirm: nothing to rehearse
        if same_ask(text, [o.about for o in out]):
            continue  # an alternative of a requirement already objected to
        if status != "met" and (_LEADS_PEOPLE.search(text) or _A_LEADER.search(text)) and _led(facts):
            continue  # a manager's title, or leading a team, answers "experience managing a team"
        if status != "met" and _LEADERS_WORK.search(text) and _has_led(facts, ("director", "executive")):
            continue  # ... and a director's or a chief's answers "building alignment with stakeholders"
        source = req.get("source")
        quote = need_quote(text, MAX_QUOTE_WORDS)
        if _FRAGMENT.search(quote.rstrip("…").rstrip()):
            continue  # the part that would be quoted stops mid-phrase ("... tools for example")
        values = {"requirement": quote, "priority": "must-have"}
        basis = []
        bonus = 0.0
        if isinstance(source, Mapping) and (source.get("file"), source.get("start")) in themes:
            bonus += 0.05
            basis.append("+0.05: the line behind one of the posting's top themes")
        cites = facts.citer.cites([(source, text)])
        years = req.get("years")
        shown = _role_years(req, facts)
        if shown is None:
            shown = total

        held = _held(without_title_subject(text, _title_of(facts.job)), facts) if status == "gap" else []
        if held:
            status = "partial"  # an earlier role is in that field: part of it is shown
        degree = req.get("kind") == "education" or _DEGREE.search(text)
        soft = req.get("kind") == "trait" or is_soft(text, facts.self_described)
        if degree and (_has_education(facts) or any(o.kind == "degree" for o in out)):
            continue  # the resume names where they studied, or an alternative degree is already asked
        if status == "gap" and degree:
            kind = "degree"
        elif soft and status != "gap":
            continue  # a way of working partly shown: nothing to defend
        elif status == "gap" and soft:
            kind = "trait_gap"
        elif status == "gap":
            kind = "missing_must"
        elif years and shown < years and status in ("met", "partial"):
            kind = "years_short"
        elif status == "partial":
            kind = "partial_must"
        else:
            kind = ""
        if not kind:
            continue
        data = facts.data["kinds"][kind]
        score = float(data["risk"]) + bonus
        basis.insert(0, f"{data['risk']:g}: {_BASIS[kind]}")
        if kind == "partial_must":
            weak = round(0.1 * (1 - min(float(req.get("score") or 0), 0.6) / 0.6), 2)
            if weak:
                score += weak
                basis.append(f"+{weak:g}: match score {req.get('score')} of the 0.6 needed for met")
        if kind == "years_short" and years:  # kind is years_short only when years is set
            values.update(years=_years(years), shown=_years(shown))
            short_by = round(0.2 * (1 - shown / years), 2)
            if short_by:
                score += short_by
                basis.append(f"+{short_by:g}: {_years(shown)} of {_years(years)} years")
        if years and kind == "missing_must":
            score += 0.05
            basis.append(f"+0.05: it asks for {_years(years)} years")
        # Only what match.evidence found proves anything: a line sharing a word is not the nearest thing.
        evidence = _evidence_from_match(req, facts)
        for index, _ in held:
            evidence += strongest(facts, index, 1)
        if kind == "partial_must" and not (evidence and _relevant(req, evidence)):
            continue  # nothing that really shows the part that is there: no grounded objection
        if kind == "partial_must" and total >= SENIOR_YEARS:
            continue  # years of work with evidence for it: a short resume line, not a shallow skill
        values["evidence_lead"] = _telling_part(req, evidence[0]["text"]) if evidence else ""
        values["total_years"] = _years(total)
        out.append(Objection(kind, score, basis, values, cites, evidence, about=text, missing=quote))
    return out
