"""One achievement per claim: a prose paragraph split into its sentences."""

from __future__ import annotations

import re

from prepflow_plugins.text.regexstore import compile as re_compile


def _quote(text: str) -> str:
    """The text of a line without Markdown quote marks."""
    return re.sub(r"^(?:>\s*)+", "", text).strip()


_ABBREVIATION = re_compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|inc|ltd|co|corp|dr|prof|mr|mrs|ms|jr|sr|st|no|approx|incl|dept|fig|al|mt|ft)"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.){1,3}[A-Za-z]?)\.$",
    re.IGNORECASE,
)
_DEPENDENT = re_compile(
    r"^(?:this|these|that|those|it|which|resulting|as a result|the result|results|thereby|doing so)\b",
    re.IGNORECASE,
)
_IRREGULAR = (
    "led|built|ran|grew|wrote|made|won|taught|set|oversaw|drove|began|cut|sold|met|kept|held|gave"
    "|brought|took|spoke|rebuilt|undertook|shipped|fed|hired|lead|build|run|manage|develop|design"
)


_IRREGULAR_CAPITALISED = "|".join(word.capitalize() for word in _IRREGULAR.split("|") if len(word) > 3)
_VERB = re_compile(rf"^(?:\w+ed|{_IRREGULAR})\b", re.IGNORECASE)
#: "; cut support tickets by 30%": a short clause giving the measured result of the same work.
_RESULT = re_compile(
    r"^(?:cut|reduc|increas|improv|sav|rais|grew|grow|lower|boost|decreas|doubl|tripl|halv|shortened|sped)"
    r"\w*\b(?=(?:\W+\w+){0,10}\W*$)(?=.*\d)",
    re.IGNORECASE,
)


#: Two list items run together when their marks were lost ("... every sprint Created RESTful
#: services"): a capitalised past-tense verb right after a lower-case word, followed by a word
#: that is not capitalised like a name ("Worked with Applied Materials" stays one claim).
_PAST_FORMS = "|".join(
    w for w in _IRREGULAR.split("|") if w not in ("lead", "build", "run", "manage", "develop", "design")
)
_PAST = rf"(?:[A-Z][a-z]{{3,}}ed|{'|'.join(w.capitalize() for w in _PAST_FORMS.split('|'))})"
_RUN_ON = re_compile(rf"(?<=[a-z0-9%)])\s+(?={_PAST}\s+(?P<next>\S+))")
_PAST_WORD = re_compile(rf"(?:[a-z]{{3,}}ed|{_PAST_FORMS})", re.IGNORECASE)
_FUNCTION_WORDS = {"of", "the", "and", "for", "in", "at", "to", "a", "an", "on", "by", "with", "&"}


def _split_run_on(text: str) -> list[str]:
    """``text`` cut where a new item starts with a capitalised past-tense verb. The word after
    the verb may be a name ("... algorithms Utilized TensorFlow") unless the verb follows a
    function word, where it is a name itself ("Worked with Applied Materials")."""
    pieces: list[str] = []
    start = 0
    for match in _RUN_ON.finditer(text):
        before = text[start : match.start()].split()
        after = match["next"]
        if not before or not (_VERB.match(before[0]) or before[0].endswith("ing")):
            continue  # only a claim is cut from the next ("Acme Portal, acme.org Developed ..." stays)
        if re.match(r"[A-Z][a-z]", after) and before[-1].lower() in _FUNCTION_WORDS | {"from", "into"}:
            continue
        if re.match(r"[A-Z][a-z]", after) and len(before) < 3:
            continue
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


def opens_claim(text: str) -> bool:
    """Whether a line opens like a claim: a past-tense verb (after an adverb, perhaps) and then
    a lower-case word that is not a function word ("Published several papers", "Successfully
    delivered ...", "Created RESTful services"). "United Nations", "Lead Engineer" and
    "Advanced Micro Devices" do not."""
    words = text.split()
    first = 1 if words and re.fullmatch(r"[A-Z][a-z]+ly", words[0]) else 0
    if len(words) < first + 3 or (not words[first][:1].isupper() and not first):
        return False
    if not _PAST_WORD.fullmatch(words[first].strip(",")):
        return False
    rest = words[first + 1 : first + 5]
    return any(w[:1].islower() and w.lower().strip(",") not in _FUNCTION_WORDS for w in rest)


def claims(text: str) -> list[str]:
    """One text cut into the claims it makes: its sentences, and clauses after ";" that start
    with a verb. A sentence that only gives the outcome of the one before ("This cut costs by
    5%", "which ...") stays with it."""
    parts = [
        piece
        for part in re_compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])").split(text.strip())
        for piece in _split_run_on(part)
    ]
    sentences: list[str] = []
    for part in parts:
        dependent = _DEPENDENT.match(part) or re_compile(r"^[^.;]{0,90}?,\s+(?:this|these|it)\s", re.I).match(
            part
        )
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
