"""One achievement per claim: a prose paragraph split into its sentences."""

from __future__ import annotations

import re


def _quote(text: str) -> str:
    """The text of a line without Markdown quote marks."""
    return re.sub(r"^(?:>\s*)+", "", text).strip()


_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|inc|ltd|co|corp|dr|prof|mr|mrs|ms|jr|sr|st|no|approx|incl|dept|fig|al|mt|ft)"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.){1,3}[A-Za-z]?)\.$",
    re.IGNORECASE,
)
_DEPENDENT = re.compile(
    r"^(?:this|these|that|those|it|which|resulting|as a result|the result|results|thereby|doing so)\b",
    re.IGNORECASE,
)
_IRREGULAR = (
    "led|built|ran|grew|wrote|made|won|taught|set|oversaw|drove|began|cut|sold|met|kept|held|gave"
    "|brought|took|spoke|rebuilt|undertook|shipped|fed|hired|lead|build|run|manage|develop|design"
)


_IRREGULAR_CAPITALISED = "|".join(word.capitalize() for word in _IRREGULAR.split("|") if len(word) > 3)
_VERB = re.compile(rf"^(?:\w+ed|{_IRREGULAR})\b", re.IGNORECASE)
#: "; cut support tickets by 30%": a short clause giving the measured result of the same work.
_RESULT = re.compile(
    r"^(?:cut|reduc|increas|improv|sav|rais|grew|grow|lower|boost|decreas|doubl|tripl|halv|shortened|sped)"
    r"\w*\b(?=(?:\W+\w+){0,10}\W*$)(?=.*\d)",
    re.IGNORECASE,
)


#: Two list items run together when their marks were lost ("... every sprint Created RESTful
#: services"): a capitalised past-tense verb right after a lower-case word starts a new claim.
_PAST = rf"(?:[A-Z][a-z]{{3,}}ed|{_IRREGULAR_CAPITALISED})"
_RUN_ON = re.compile(rf"(?<=[a-z0-9%)])\s+(?={_PAST}\s+(?:[a-z]|[A-Z]+\b|[A-Z]/))")
#: A line that opens with a past-tense verb and goes on in lower case ("Published several
#: papers ..."): a claim, never part of a job's header (unlike "United Nations", "Lead Engineer").
CLAIM_OPENING = re.compile(rf"^{_PAST}\s+(?:[a-z]+\b[\s,]+){{2,}}")


def claims(text: str) -> list[str]:
    """One text cut into the claims it makes: its sentences, and clauses after ";" that start
    with a verb. A sentence that only gives the outcome of the one before ("This cut costs by
    5%", "which ...") stays with it."""
    parts = [
        piece
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text.strip())
        for piece in _RUN_ON.split(part)
    ]
    sentences: list[str] = []
    for part in parts:
        dependent = _DEPENDENT.match(part) or re.match(r"^[^.;]{0,90}?,\s+(?:this|these|it)\s", part, re.I)
        if sentences and (_ABBREVIATION.search(sentences[-1]) or dependent):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    out: list[str] = []
    for sentence in sentences:
        pieces = [p.strip() for p in sentence.split(";")]
        if (
            len(pieces) > 1
            and all(len(p.split()) >= 4 for p in pieces)
            and all(_VERB.match(p) and not _RESULT.match(p) for p in pieces[1:])
        ):
            out += pieces
        else:
            out.append(sentence)
    return [o for o in (x.strip() for x in out) if o]
