"""One unit of a posting (a bullet or a sentence) taken into requirements, duties, conditions or
nothing, by its section, its lead-in, its cues and its wording.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.job.cues import (
    _BOILERPLATE,
    _CANDIDATE_CUE,
    _CAPABILITY,
    _CONDITION,
    _PROCESS,
    _WORKPLACE,
    _eligibility,
)
from prepflow_plugins.job.duties import _PITCH, _add_responsibility
from prepflow_plugins.job.lines import _tidy
from prepflow_plugins.job.model import Analysis, Context, Item, Line
from prepflow_plugins.job.requirements import _CREDENTIAL, _add_requirement, _because
from prepflow_plugins.job.vocabulary import _MUST, _REQ_CATEGORIES, _nice_cue
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile


def _take_unit(
    result: Analysis,
    text: str,
    line: Line,
    ctx: Context,
    source: dict[str, Any],
    sticky_must: bool,
    *,
    leadin: bool = False,
) -> None:
    """Decide what a bullet or sentence is, and record it."""
    text = text.strip()
    if not text or len(text) < 3:
        return
    lead = ctx.lead
    cat = ctx.category
    if lead == "drop":
        return
    if lead == "conditions" and not re.search(r"background|investigation|clearance|citizen", text, re.I):
        result.conditions.append(Item(_tidy(text), "must", "eligibility", None, source, ctx.section))
        return
    if _CONDITION.search(text) and not _CAPABILITY.match(text):
        result.conditions.append(Item(_tidy(text), "must", "eligibility", None, source, ctx.section))
        return
    cue_match = _CANDIDATE_CUE.search(text)
    cue = cue_match is not None
    said = _because("sentence", cue_match.group(0).strip() if cue_match else None, source)
    in_section = {"from": "section", "cue": ctx.section, "line": ctx.section_line}
    if cat in ("benefits", "eeo", "apply", "pay") and not (cue and _eligibility(text)):
        return
    if lead != "nice" and (where := _WORKPLACE.search(text)):
        # where the work is done, said as a condition of the job, wherever the posting says it
        basis = _because("sentence", where.group(0).strip(), source)
        _add_requirement(result, text, "must", source, ctx.section, ctx.group, basis=basis)
        return
    is_req_context = lead in ("must", "nice") or (lead is None and cat in _REQ_CATEGORIES)
    if (
        lead in (None, "responsibilities")
        and cat in ("summary", "other", "about", "responsibilities")
        and (says := _ROLE_REQUIRES.match(text))
    ):
        # the role itself states what it takes: "This role requires excellent customer service
        # skills", "This position must travel between the two sites"
        wants = (
            text[says.end() :].strip()
            if says.group("verb").startswith(("require", "call", "demand"))
            else text
        )
        basis = _because("sentence", says.group(0).strip(), source)
        _add_requirement(result, wants, "must", source, ctx.section, ctx.group, basis=basis)
        return
    if lead in (None, "responsibilities") and (duty := _ROLE_DUTY.match(text)):
        # "This role is required to follow the cleaning procedures": what the role does
        _add_responsibility(result, text[duty.end() :][:1].upper() + text[duty.end() :][1:], source)
        return
    if lead == "responsibilities" or (lead is None and cat == "responsibilities"):
        if cue and (not _PROCESS.search(text) or _eligibility(text)) and not _ROLE_PITCH.search(text):
            _add_requirement(
                result,
                text,
                "must",
                source,
                ctx.section,
                ctx.group,
                alternatives=ctx.alternatives,
                basis=said,
            )
        elif re_compile(r"\bwill (?:also )?be responsible for\b", re.I).search(text) and _DUTY_PROSE.search(
            text
        ):
            # "The ideal candidate will be responsible for performing ...": duties, said of a person
            _add_responsibility(result, _DUTY_PROSE.sub("", text, count=1), source)
        elif (hope := _IDEAL.search(text)) and len(text.split()) <= 30:
            # "We picture our ideal candidate to be post grad": a hope, not a duty
            basis = _because("sentence", hope.group(0), source)
            _add_requirement(result, text, "nice", source, ctx.section, ctx.group, basis=basis)
        else:
            _add_responsibility(result, text, source)
        return
    if cat == "physical" and lead is None:
        # what the body must do is a requirement; the surroundings are a condition
        if _BOILERPLATE.search(text) or _PROCESS.search(text):
            return
        if _PHYSICAL_ABILITY().search(text):
            _add_requirement(result, text, "must", source, ctx.section, ctx.group, basis=in_section)
        else:
            result.conditions.append(Item(_tidy(text), "must", "eligibility", None, source, ctx.section))
        return
    if cat == "conditions" and lead is None:
        if (
            (cue or _eligibility(text))
            and re_compile(
                r"background|investigation|clearance|citizen|travel|shifts?|overtime|on[- ]call|weekends?|"
                r"driv(?:ing|er'?s) licen[cs]e|relocat",
                re.I,
            ).search(text)
            and not re_compile(r"\bmay\b|occasional", re.I).search(text)
        ):  # "may occasionally require travel"
            _add_requirement(result, text, "must", source, ctx.section, ctx.group, basis=in_section)
            return
        result.conditions.append(Item(_tidy(text), "must", "eligibility", None, source, ctx.section))
        return
    if not is_req_context:
        # summaries, about, notes, other: only what says it is required
        if cat == "notes" and not (
            re.search(r"\ball candidates\b|\byou must\b", text, re.I)
            or (_eligibility(text) and (_MUST.search(text) or re.search(r"\b(?:not|no)\b", text, re.I)))
        ):
            return
        if not cue or _BOILERPLATE.search(text):
            if (
                cat in ("summary", "other", "about")
                and (_nice_cue(text) or _IDEAL.search(text))
                and not _PROCESS.search(text)
                and re_compile(
                    r"\b(?:experience|background|knowledge|familiar\w*|skills?|comfortable|proficien\w*)\b",
                    re.I,
                ).search(text)
            ):
                hope = _nice_cue(text) or _IDEAL.search(text)
                basis = _because("sentence", hope.group(0) if hope else None, source)
                _add_requirement(result, text, "nice", source, ctx.section, ctx.group, basis=basis)
            elif (
                cat in ("summary", "other", "about")
                and (pitch := _PITCH.search(text))
                and pitch.group("duty")
            ):
                _add_responsibility(result, text, source)  # "... seeks X to join us, to catalogue ..."
            elif cat in ("summary", "other", "about", "responsibilities") and _DUTY_PROSE.search(text):
                _add_responsibility(result, _DUTY_PROSE.sub("", text, count=1), source)
            elif cat in ("summary", "other", "responsibilities") and (does := _THIRD_PERSON.match(text)):
                # a class description: "A Data Engineer supports the inventorying of datasets ..."
                _add_responsibility(result, text[does.start("verb") :], source)
            return
        if _PROCESS.search(text) and not (_eligibility(text) and _MUST.search(text)):
            return
        if pitch := _ROLE_PITCH.search(text):
            if pitch.group("verb") and pitch.group("verb").lower() not in _PITCH_ONLY:
                # "We are looking for an engineer to create and lead projects": the purpose is a duty
                purpose = text[pitch.start("verb") :]
                _add_responsibility(result, purpose[:1].upper() + purpose[1:], source)
            return
        if (
            cat in ("summary", "about")
            and not _eligibility(text)
            and not (_MUST.search(text) and _CREDENTIAL().search(text))
        ):
            return  # "Candidates should love talking to people" in a summary describes, it does not require
        _add_requirement(result, text, "must", source, ctx.section, ctx.group, basis=said)
        return
    # a requirements context
    if _EMPLOYER_VOICE.search(text) and not _eligibility(text):
        if not cue and not _ASKS_FOR().search(text):
            return  # "We have COVID protocols and take them seriously": the employer speaking, no ask
        if (pitch := _ROLE_PITCH.search(text)) and (pitch.group("verb") or "join").lower() in _PITCH_ONLY:
            return  # "We are committed to ..., and we are looking for an experienced X to join our team"
    base = lead if lead in ("must", "nice") else ("nice" if cat == "preferred" else "must")
    if cat == "evaluation" and lead is None:
        base = "must" if sticky_must else "nice"
    if leadin:
        basis = said
    elif lead in ("must", "nice"):
        basis = {"from": "lead_in", "cue": ctx.group, "line": ctx.line}
    else:
        basis = in_section
    _add_requirement(
        result,
        text,
        base,
        source,
        ctx.section,
        ctx.group,
        alternatives=ctx.alternatives,
        split=not leadin,
        basis=basis,
    )


#: A sentence in the employer's own voice, or a reassurance to applicants, not a requirement.
_EMPLOYER_VOICE = re_compile(
    r"^(?:at [A-Z][\w.&' -]{1,40},\s*)?(?:we|our|us|"
    r"the (?:unit|team|office|department|company|organi[sz]ation|role|position|job|post)|"
    r"this (?:role|position|job|post|team))\b|"
    r"\bcan (?:definitely |also |still |absolutely )?(?:succeed|thrive|apply)\b",
    re.I,
)
#: Words that make a sentence ask something of the candidate, whoever speaks.
_ASKS_FOR = LazyPattern(
    r"\byou\b|\byour\b|experience|knowledge|skill|familiar|degree|proficien|abilit|background|"
    r"qualif|licen[cs]|certif",
    re.I,
)
#: The person a posting hopes for, not one it requires: "An ideal candidate would be familiar with ...".
_IDEAL = re_compile(r"\bideal (?:candidate|applicant|person)s?\b|\bwould ideally\b", re.I)
#: Prose that lists duties: "This role includes monitoring ..., adding ...", "The successful candidate
#: will do ...". The match is the part to drop in front of the duties.
_DUTY_PROSE = re_compile(
    r"^(?:.{0,60}?\b(?:this (?:role|position|job)(?: also)? "
    r"(?:includes?|involves?|will (?:also )?(?:include|involve))|"
    r"(?:the )?successful (?:candidate|applicant) will(?: also)?(?: be (?:responsible for|expected to))?|"
    r"(?:the )?ideal (?:candidate|applicant|person) will(?: also)? be responsible for|"
    r"(?:your|the) (?:main )?(?:duties|responsibilities|tasks) (?:will )?(?:include|are)|"
    # "In this role, you would assist ...", "As a Data Engineer, you will design ..."
    r"(?:in this (?:role|position|job)|as (?:an?|the|our) [\w/&' -]{2,50}?|day[- ]to[- ]day|each day|"
    r"every day|each week|typically|^),?\s*you(?:'ll|’ll| will| would)"
    r"(?: also)?(?! (?:be|play|need|have|get|join|enjoy|find|gain|learn|receive|report|love|like|thrive|"
    r"grow|benefit|earn|start|begin|feel|see|meet|know|want|bring|possess|hold|ideally|probably|never|always|"
    r"make a difference)\b)|"
    r"will be responsible for)|"
    r".{0,160}?\b(?:is|are) (?:primarily |mainly |chiefly |also )?responsible for)\s+",
    re.I,
)


#: A duty told in the third person: "A Data Engineer supports ...", "They conduct surveys ...".
_THIRD_PERSON = re_compile(
    r"^(?:(?:(?:an?|the)\s+)?(?:[\w/-]+\s+){0,4}?(?:engineer|developer|manager|designer|analyst|specialist|"
    r"director|officer|assistant|technician|consultant|administrator|scientist|lead|writer|coach|tester|"
    r"strategist|coordinator|incumbent|post-?holder|jobholder)s?(?:\s+(?:at|in|on)\s+\S+)?|they|"
    r"this (?:role|position))\s+"
    r"(?:also\s+)?(?!(?:is|are|has|have|must|should|may|might|can|could|needs?|would|will|works? with)\b)"
    r"(?P<verb>[a-z]{3,})\b",
    re.I,
)


#: A physical demand the candidate must meet: lifting, standing, a weight, hours on one's feet.
_PHYSICAL_ABILITY = LazyPattern(
    r"\b(?:(?:lift|carr(?:y|ie)|push|pull|stand|walk|sit|sitt|bend|climb|kneel|stoop|reach|crouch)"
    r"(?:s|ing|ed)?|lbs?|pounds|kg|kilos?|able to|ability to|must)\b",
    re.I,
)

#: A duty said as the role's obligation: "This role is required to follow the procedures" (not to
#: travel, lift or work shifts, which are conditions of the job).
_ROLE_DUTY = re_compile(
    r"^(?:this|the) (?:role|position|job|post) (?:is|will be) (?:required|expected) to "
    r"(?!(?:travel|lift|drive|commute|relocate|work|be available|hold|obtain|pass)\b)",
    re.I,
)

#: A sentence whose subject is the role and whose verb states what it takes.
_ROLE_REQUIRES = re_compile(
    r"^(?:this|the) (?:role|position|job|post)(?: also)? (?P<verb>requires(?! that\b)|calls for|demands|"
    r"must (?!be\b)(?=[a-z]+\b)|"
    # "This position will need to travel between the two sites": a condition of the job
    r"(?:will (?:need|be required)|needs|is required) to (?=(?:travel|lift|drive|commute|relocate|"
    r"hold|obtain|pass|be available|"
    r"work (?:nights|weekends|evenings|shifts|overtime|on[- ]?site|in[- ]person|"
    r"on[- ]call|rotating))\b))\s*",
    re.I,
)

#: The role announced, not a requirement: "We're looking for an engineer to lead our projects",
#: "we are looking for talented individuals to join our team" (but "looking for candidates who
#: have ..." asks for something).
_ROLE_PITCH = re_compile(
    r"\b(?:looking for|seeking)\s+"
    r"(?!(?:candidates?|applicants?|people|someone|individuals?|those)\s+(?:who|with)\b)"
    r"[^.;:]{0,100}?\b(?:to|who will)\s+(?!be\b|have\b)(?P<verb>[a-z]+)\b|is hiring|we are hiring",
    re.I,
)
#: A pitch that only announces the role ("... to join our team and help us grow").
_PITCH_ONLY = ("join", "work", "help", "apply")
