"""Requirements from the text that states them: splitting a line into single requirements
(semicolons, conjunctions, numbered options, asides), each with its priority, kind and years.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.job.asides import _asides_and_options
from prepflow_plugins.job.cues import (
    _BOILERPLATE,
    _CANDIDATE_CUE,
    _CAPABILITY,
    _CONDITION,
    _NUM,
    _not_requirement,
    kind_of,
    years_in,
)
from prepflow_plugins.job.lines import _OPEN_END, _norm, _strip_marker, _tidy, plain, sentences
from prepflow_plugins.job.minimum import _restated
from prepflow_plugins.job.model import Analysis, Item
from prepflow_plugins.job.vocabulary import _MUST, _must_cue, _nice_cue
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile

#: A heading that offers a choice among the items under it.
_SOME_OF = re_compile(r"\b(?:one|two|three|four|any)\b(?: or more)? of the following\b", re.I)
#: What a hard requirement asks for: experience, a degree, a licence, a proficiency, years.
_CREDENTIAL = LazyPattern(
    r"\b(?:experience|degree|diploma|licen[cs]e\w*|certif\w*|qualif\w*|proficien\w*|fluen\w*|years?)\b", re.I
)
#: A clause after a ";" that talks about the job or the process, not the candidate.
_AFTERTHOUGHT = LazyPattern(
    r"^(?:this|the (?:role|job|position|post)|our|we|it|there|while|whilst|no (?:task|job|day|one)|nothing|"
    r"everyone|every day)\b(?!.*\b(?:must|required)\b)",
    re.I,
)
#: An item said to the candidate ("You ...") ...
_ASIDE_TO_YOU = re_compile(r"^(?:you|you're|you've)\b", re.I)
#: ... whose later sentences count only when they still speak of the candidate or ask something.
_ABOUT_YOU = LazyPattern(
    r"\b(?:you|your|yourself)\b|\b(?:must|required|experience|degree|licen[cs]e|certif\w*|years?)\b", re.I
)
#: A sentence that only frames a list elsewhere: "You must meet the requirements in 1, 2, or 3 below",
#: "In addition to the knowledge, skills, and abilities named below, candidates must ...".
_FRAME = re_compile(
    r"\b(?:meet|meeting|named|stated|listed|outlined)\s+(?:[\w,]+\s+){0,5}?(?:below|the following)\b", re.I
)


def _field_requirement(
    result: Analysis, label: str, value: str, source: dict[str, Any], section: str | None
) -> bool:
    """Labelled facts that are requirements: clearance, who may apply, required education or licence."""
    low = label.lower()
    if re_compile(r"clearance|who may apply|open to|eligibility|citizenship").search(low):
        if re_compile(r"(?:none|n/?a|not required|no)\.?", re.I).fullmatch(value.strip()):
            return True
        _add_requirement(
            result,
            value,
            "must",
            source,
            section,
            None,
            split=". " not in value,
            basis=_because("field", label, source),
        )
        return True
    if "travel" in low:
        result.conditions.append(
            Item(_tidy(f"{label}: {value}"), "must", "eligibility", None, source, section)
        )
        return True
    if re_compile(
        r"nice[- ]to[- ]haves?|desirable|preferred|desired|(?:an? )?assets?|bonus(?: points)?|a plus"
    ).fullmatch(low):
        # "Nice to have: Knowledge of housing data standards"
        for part in _split_item(value):
            _add_requirement(
                result, part, "nice", source, section, None, basis=_because("field", label, source)
            )
        return True
    if re_compile(
        r"^(?:education|licen[cs]e|certification|required|requirements?|experience|essential|mandatory|"
        r"must[- ]haves?)s?$"
    ).search(low):
        for part in _split_item(value):
            _add_requirement(
                result, part, "must", source, section, None, basis=_because("field", label, source)
            )
        return True
    return False


def _because(where: str, cue: str | None, source: dict[str, Any]) -> dict[str, Any]:
    """Why a requirement has its priority: what said so (``cue``), where (``from``) and on which line."""
    return {"from": where, "cue": cue, "line": source["start"]}


#: A requirement cut off mid-phrase: it ends in a preposition, an article or a conjunction.
_CUT_OFF = re_compile(
    r"\b(?:between|of|the|an?|and|or|to|with|for|from|into|towards?|among|including|such as)\s*$", re.I
)


_COMPETENCY = re_compile(r"^(?P<term>[A-Z][\w&/'’ ,()-]{2,60}?)\s*(?::|\s[-–—]\s)\s*(?P<def>\S.*)$")
_OPTION = re_compile(r"(?:[;,.]?\s*\bor\b)?\s+(?=\(?\d\)?[.)]\s+[A-Z])")


def _split_item(text: str) -> list[str]:
    """One requirement per requirement."""
    text = _strip_marker(plain(text))
    m = _COMPETENCY.match(text)
    if (
        m
        and len(m.group("term").split()) <= 5
        and not re.search(
            r"\b(?:must|include|following|requirements?|and|experience)\b", m.group("term"), re.I
        )
    ):
        definition = m.group("def")
        if re.search(r"generally demonstrated|this skill is|skill is generally", definition, re.I):
            return [m.group("term").strip()]
        words = definition.split()
        if len(words) > 12:
            definition = " ".join(words[:12]).rstrip(",;") + " …"
        return [_tidy(f"{m.group('term').strip()}: {definition}")]
    # cleanup of lead phrases
    text = re_compile(r"^[A-Z][A-Z /&-]{3,60}:\s*").sub("", text)
    # a concession before the ask: "No one can be expert at everything, but ... we look for ..."
    ask = re_compile(
        r"^(?:no one|nobody|not everyone|none of us)\b[^,;]{0,80},\s*but\s+"
        r"(?:in addition to [^,]{0,60},\s*)?(?:we(?:'re| are)? (?:also )?look(?:ing)? for\s+)?",
        re.I,
    ).sub("", text)
    if ask != text:
        text = ask[:1].upper() + ask[1:]
    text = re_compile(
        r"^(?:in addition to (?:the )?[^,]{0,60}?(?:listed )?above,\s*|specialized experience(?: for this role)? is "  # noqa: E501
        r"(?:defined as )?|to qualify for this role,\s*|the preferred candidate should possess the following:\s*|"  # noqa: E501
        r"however,\s*)",
        re.I,
    ).sub("", text)
    out: list[str] = []
    for piece in _split_semicolons(text):
        out.extend(_split_conjunctions(piece))
    return [p for p in (_tidy(p) for p in out) if len(p) > 2 and re_compile(r"[A-Za-z]{2}").search(p)]


def _split_semicolons(text: str) -> list[str]:
    depth = 0
    parts: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        if ch == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) > 1 and any(len(p.split()) < 2 for p in parts):
        merged: list[str] = []
        for p in parts:
            if merged and len(p.split()) < 2:
                merged[-1] += "; " + p
            else:
                merged.append(p)
        parts = merged
    return parts


_CONJ_SPLITS = [
    # "a degree ... and two years of experience"
    re_compile(
        rf",?\s+and\s+(?=(?:at least\s+)?{_NUM}\s*(?:\(\d+\)\s*)?(?:\+\s*)?(?:years?|months?)\b)", re.I
    ),
    # "..., 18 months of which must have been ..."
    re_compile(rf",\s*(?={_NUM}\s+months?\s+of (?:which|this))", re.I),
    # "... and experience with ...", "... and the ability to ..."
    re_compile(
        r",?\s+(?:and|as well as)\s+(?=(?:experience|knowledge|proficiency|familiarity|understanding|expertise|"  # noqa: E501
        r"a (?:bachelor|master|degree)|demonstrated\s+(?:\w+\s+)?(?:experience|ability|knowledge|skills?|"
        r"proficiency|understanding|expertise|success|record)|(?:strong|excellent) \w+ skills)\b)",
        re.I,
    ),
    # "three years of usability testing in addition to working knowledge of ..."
    re_compile(
        r",?\s+in addition to\s+(?=(?:a |an |the )?\w+ing\b|(?:a |an )?(?:working |strong )?knowledge\b)",
        re.I,
    ),
    # "familiar with X, comfortable with Y, and has experience Z"
    re_compile(
        r",\s+(?:and\s+)?(?:(?:has|have|is|are|be)\s+)?(?=(?:comfortable|familiar|proficient|fluent|skilled|"
        r"experienced|knowledgeable)\b|experience\b(?!\s*,))",  # not "education, experience, and training"
        re.I,
    ),
    # "... and applicants must not be ..."
    re_compile(r",?\s+and\s+(?=(?:applicants?|candidates?|you)\s+(?:must|should|will|may not))", re.I),
]


def _split_conjunctions(text: str) -> list[str]:
    parts = [text]
    for pattern in _CONJ_SPLITS:
        nxt: list[str] = []
        for part in parts:
            pieces = pattern.split(part)
            if (
                len(pieces) > 1
                and all(len(p.split()) >= 3 for p in pieces)
                and not any(_OPEN_END.search(p.rstrip(" ,")) for p in pieces[:-1])  # "knowledge of and ..."
                and not re_compile(r"(?:are|is|be)\s+[\w\s,]+", re.I).fullmatch(
                    pieces[0]
                )  # "Are motivated, interested"
            ):
                nxt.extend(pieces)
            else:
                nxt.append(part)
        parts = nxt
    return parts


def _add_requirement(
    result: Analysis,
    text: str,
    base: str,
    source: dict[str, Any],
    section: str | None,
    group: str | None,
    *,
    alternatives: bool = False,
    split: bool = True,
    basis: dict[str, Any] | None = None,
) -> None:
    text = text.strip()
    # numbered options "1. ...; or 2. ..." are alternatives: the first is the standard path
    options = [o for o in _OPTION.split(" " + text) if o.strip()] if split else [text]
    if len(options) > 1 and not all(re.match(r"^\(?\d\)?[.)]\s", o.strip()) for o in options[1:]):
        options = [text]
    for n, option in enumerate(options):
        option = _LABEL_SENTENCE.sub(r"\1: ", option.strip())  # "Problem Solver. You are ..." keeps both
        alt = alternatives or (n > 0 and len(options) > 1)
        parts: list[str] = []
        options_of: dict[str, str] = {}
        own_rules: set[str] = set()  # a later sentence of an alternative that states a rule of its own
        restates = n > 0 and bool(_BACK_REFERENCE.search(option))
        found = sentences(option) if split else [option]
        for index, sentence in enumerate(found):
            if re_compile(r"^(?:special )?notes?(?::|\s+[A-Z])|^(?:exception|waiver)s?:", re.I).match(
                sentence
            ):
                break
            if _not_requirement(sentence) and ";" not in sentence:
                continue
            if index > 0 and _ASIDE_TO_YOU.match(found[0]) and not _ABOUT_YOU().search(sentence):
                continue  # "You believe in inclusion. Good services are built for all": a remark
            if (
                restates
                and not re.search(r"\ball (?:candidates|applicants)\b", sentence, re.I)
                and not (index > 0 and _MUST.search(sentence) and not _BACK_REFERENCE.search(sentence))
            ):
                continue  # another path to the same qualification ("... as described in "1" above")
            pieces = _split_item(sentence) if split else [_tidy(_strip_marker(plain(sentence)))]
            if ";" in sentence:
                # judge each clause on its own: "a clean record; submit a DBS check with the application"
                pieces = [p for p in pieces if not _not_requirement(p) and not _AFTERTHOUGHT().match(p)]
            if len(pieces) > 2 and any(re.match(r"^or\s", p, re.I) for p in _split_semicolons(sentence)[1:]):
                # "A; B; or C": each is one way to qualify
                for piece in pieces:
                    options_of[piece] = "; ".join(pieces[:2]) + "; or ..."
            if n > 0 and index > 0 and _MUST.search(sentence):
                own_rules.update(pieces)
            parts.extend(pieces)
        for part, forced, aside in _asides_and_options(parts):
            if forced is None and part in options_of:
                forced, aside = "nice", options_of[part]
            if _CONDITION.search(part) and not _CAPABILITY.match(part):
                result.conditions.append(Item(part, "must", "eligibility", None, source, section))
                continue
            if (
                (
                    _BOILERPLATE.search(part)
                    and not _CANDIDATE_CUE.search(part)
                    and not _CAPABILITY.match(part)
                )
                or (re_compile(r"may be substituted", re.I).search(part) and len(part.split()) < 6)
                or re_compile(r"\bdescribed in .{0,12}above\W*$", re.I).search(part)
            ):
                continue  # an alternative path restating "1" above
            if _CUT_OFF.search(part):
                continue  # "understanding the relationships between": the text stops mid-phrase
            if split and _FRAME.search(part) and ":" not in part and len(part.split()) <= 30:
                continue  # the frame of a list ("You must meet the requirements in 1, 2, or 3 below")
            if re_compile(
                r"(?:a )?combination of education and/or experience.*|"
                r"(?:education and/or )?experience equivalent to .*",
                re.I,
            ).fullmatch(part):
                continue
            kind = kind_of(part)
            priority = base
            why = dict(basis) if basis else {"from": "section", "cue": section, "line": None}
            nice_words = _nice_cue(part)
            must_words = _must_cue(part)
            licence_words = re_compile(r"\b(?:must|required|valid|current)\b", re.I).search(part)
            if forced is not None:
                priority = forced
                why = _because(
                    "item"
                    if aside and aside.lower().startswith(("(", "preferably", "ideally"))
                    else "alternative",
                    aside,
                    source,
                )
            elif nice_words and not re.search(r"\bnot required\b.*\bbut\b", part, re.I):
                priority = "nice"
                why = _because("item", nice_words.group(0), source)
            elif base == "nice" and must_words and not alt:
                priority = "must"
                why = _because("item", must_words.group(0), source)
            elif kind == "licence" and licence_words:
                priority = "must"
                if base != "must":
                    why = _because("item", licence_words.group(0), source)
            if (
                alt
                and forced is None
                and part not in own_rules
                and not re.search(r"\ball (?:candidates|applicants)\b", part, re.I)
            ):
                priority = "nice"
                why = {"from": "alternative", "cue": group or "numbered options", "line": why.get("line")}
            key = _norm(part)
            if not key:
                continue
            if ("requirement", key) in result.seen:
                _restated(result, key, priority, section, why)
                continue
            result.seen.add(("requirement", key))
            result.requirements.append(
                Item(
                    part,
                    priority,
                    kind,
                    years_in(part),
                    source,
                    section,
                    group=group,
                    where=priority,
                    why=why,
                )
            )


#: "Problem Solver. You are a natural problem solver ...": a title-case label, then its sentence.
_LABEL_SENTENCE = re_compile(r"^([A-Z][\w&/'’-]*(?:\s+(?:[A-Z&][\w&/'’-]*|and|of|&)){0,3})\.\s+(?=[A-Z])")
#: A reference back to an earlier alternative: 'as described in "1" above'.
_BACK_REFERENCE = re_compile(r"\bdescribed in .{0,12}above", re.I)
