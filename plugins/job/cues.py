"""What marks a sentence as a requirement, and of what kind: the cue words, years of experience,
conditions of hire (eligibility, availability, licences), education and traits.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re

from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile

_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "thirty-six": 36,
}
_NUM = r"(?:\d+(?:\.\d+)?|\d+\s*½|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")"
_YEARS = re_compile(
    rf"\b(?P<n>{_NUM})(?:\s+and\s+(?P<half>one[- ]half|a half))?\s*(?:\(\d+\)\s*)?(?:\+|\s*or more|\s*plus)?"
    rf"\s*(?:full[- ]time\s+)?(?P<unit>years?|yrs?|months?)\b",
    re.I,
)
_PROCESS = re_compile(
    # "the application of X" is a skill, not a job application
    r"\b(?:resumes?|résumés?|cover letters?|(?:your|an|the|this|job|online) applications?\b(?!\s+of\b)|"
    r"applications? (?:materials|process|form|package|will|are|must|deadline)|"
    # "want to apply" the candidate's wish to apply for the job, not "want to apply it" (a skill)
    r"apply (?:now|online|here|via|through)|apply for (?:this|the) (?:job|position|role)|"
    r"(?:how|ready|want) to apply\b(?!\s+(?:it|them|this|these|that|your|their|those|my|new)\b)|"
    r"applicants? (?:will|who|may)|submit|"
    r"we (?:recommend|encourage)|will be (?:reviewed|scored|evaluated|assessed|placed|rated|contacted)|"
    r"scoring rubric|category rating|best qualified|veterans?|transcripts?|questionnaire|click|"
    r"qualification determinations|hiring process|interview process|if selected|selectee|"
    r"reach out to candidates|your score|disqualif\w*|questions(?=\?)|for more information|"
    # a contact for the applicant ("Contact jobs@...", "contact us", "Contact:"), not a "contact
    # centre" or "phone contact handling" the candidate works in
    r"contact(?=\s*:)|contact\s+(?:us|me|him|her|them|our|the (?:hiring|recruit\w*|hr|human)|hr|"
    r"human resources|"
    r"recruit\w*|[\w.+-]+@)|"
    r"visit (?:this|our)|"
    r"apply anyway|apply today|hear from you|"
    r"please (?:send|attach|submit|e-?mail|forward|note|apply|contact|see|visit|direct|click)|"
    r"(?:do not|don't|doesn't) (?:meet|tick|check|match) (?:every|all)|"
    r"(?:is|are) (?:located|based) in|[\w.+-]+@[\w-]+\.[\w.]+|minimally qualified|rolling basis|job (?:announcement|posting) (?:number|closes)|usajobs)\b",  # noqa: E501
    re.I,
)
_ELIGIBILITY = LazyPattern(
    r"\b(?:citizens?|citizenship|nationals\b|nationality|national of\b|"
    r"(?:an?|u\.?s\.?) national\b(?!\s+[a-z])|"
    r"work authori[sz]ation|authori[sz]ed to work|visa|(?:visa|immigration|work|employment) sponsorship|"
    r"(?:not|no|unable to|cannot|can't|without)\b.{0,25}\bsponsor|"
    r"background (?:check|investigation)|security clearance|clearance|public trust|drug (?:test|screen)|"
    r"civil service|permanent .{0,40}(?:status|only)|will not be considered|eligib|"
    r"open to (?:all|only|permanent|current|internal|external|u\.?s\b|citizens|candidates|applicants|residents|employees)|"  # noqa: E501
    # the candidate's status ("current GSA employees ...", "must not be employees or contractors"),
    # not working with them ("ability to work with contractor staff")
    r"(?:current|former|existing|not|no|non-?)\b[\w\s.-]{0,40}\b(?:employees?|contractors?)\b|"
    r"relocat|willing to (?:travel|relocate|undergo|submit|obtain|pass|work (?:nights|weekends|shifts))|"
    r"able to (?:travel|lift|work (?:nights|weekends|shifts))|"
    # the body as a condition of the job ("physical demands", "physically present"), not a skill
    # applied to physical things ("prototyping physical products")
    r"physical(?:ly)? (?:demands?|requirements?|activity|ability|abilities|effort|exertion|strength|stamina|"
    r"fitness|exam\w*|labou?r|work|tasks?|condition|present|located|on[- ]?site|able)|physically\b|"
    r"travel|lift\b)",
    re.I,
)
#: Working hours as a condition ("willing to work shifts", "must be available on call", "on-call
#: rotation required"). Being on call on its own is a duty or an experience ("familiarity with
#: on-call practices"), not an eligibility condition.
_AVAILABILITY = re_compile(
    r"\b(?:willing(?:ness)?|able|ability|available|availability|expected|required|prepared|must)\b"
    r"(?:\s+(?:to|be|and|or|for|work|working|participate|in|an?|the|occasional|rotating|some|as))*"
    # a noun after "to" is a verb ("ability to shift from details to the whole")
    r"\s+(?<!\bto\s)(?:on[- ]?call|shifts?|weekends?|nights?|evenings?|overtime|holidays?)\b|"
    r"\b(?:on[- ]?call|shift work|weekend work|overtime)\b.{0,30}\b(?:required|expected|mandatory)\b",
    re.I,
)
_LICENCE = re_compile(
    r"\b(?:licen[cs]e[ds]?|licensure|certifi(?:ed|cation|cate)s?|cpa\b|pmp\b|cissp|cdl\b|registered nurse|"
    r"\brn\b|p\.?e\.? licen|bar admission|admitted to (?:the|practice)|board[- ]certified|accredited by|warrant(?:ed)?)",  # noqa: E501
    re.I,
)
_EDUCATION = re_compile(
    r"\b(?:degree|bachelor'?s?|baccalaureate|master'?s?|mba|ph\.?d|doctorate|diploma|ged\b|high school|"
    r"college|university|semester credits|credits|coursework|graduat(?:e|ion)|associate'?s? degree|"
    r"b\.?s\.?c?\b|b\.?a\.?\b|m\.?s\.?c?\b|apprenticeship|trade school|vocational)",
    re.I,
)
_TRAIT = re_compile(
    r"\b(?:self[- ]starter|self[- ]motivated|motivated|detail[- ]oriented|attention to detail|team player|"
    r"personable|curious|curiosity|passion(?:ate)?|empath\w*|integrity|transparen\w*|resilien\w*|values|"
    r"proactive|adaptab\w*|flexib\w*|reliab\w*|dependab\w*|organi[sz]ed|enthusias\w*|positive attitude|"
    r"work ethic|independent(?:ly)?|comfortable|humble|driven|creative|confidence|collaborative|"
    r"interpersonal|customer service|problem solving|oral communication|communication skills?)\b",
    re.I,
)
_CONDITION = re_compile(
    r"\b(?:trial period|probationary period|at-will|direct deposit|selective service|e-?verify|"
    r"financial disclosure|"
    r"identity and work status|within \d+ days of the closing|authori[sz]ation from opm|"
    r"political appointee|discrepancies|schedule a position|travel may be required|may be required to travel|"
    r"registered with the selective|relocation expenses|"
    r"will be paid|moving expenses)",
    re.I,
)
_BOILERPLATE = re_compile(
    r"\b(?:equal (?:employment )?opportunity|regardless of|discriminat\w*|reasonable accommodations?|"
    r"affirmative action|401\s?\(?k\)?|health insurance|dental|vision insurance|life insurance|paid (?:time off|"  # noqa: E501
    r"holidays|leave)|\bpto\b|stock options|tuition|wellness|benefits? (?:package|include)|salary|"
    r"compensation|locality pay|pay system|paid holidays|sick leave|thrift savings|best places to work|"
    r"we are (?:a|an|the|proud)|our (?:mission|culture|company|team is|values are)|e-verify|"
    # what the employer gives: "Great benefits available after 90 days", "unpaid time off", "$0 co-pays"
    r"benefits? (?:are |is )?(?:available|offered)|time off|deductibles?|co-?pays?|medical coverage|"
    r"relocation (?:assistance|support|package)|"
    # the standard notes of a US job description about itself
    r"(?:physical demands|duties) described here|not designed to cover|comprehensive listing of)\b",
    re.I,
)
#: A line about when and for what the job pays, not what it asks: "Schedule is Monday-Friday 7AM-3:30PM",
#: "Wage dependent upon experience", "Hours: 8:00 to 4:30".
_TERMS_LINE = re_compile(
    r"^(?:(?:work(?:ing)? )?schedule|(?:work(?:ing)? )?hours(?: of work)?|wages?|pay(?: rate| range)?|salary)"
    r"\b(?:\s*(?::|is|are|will be|from|\$)|\s+(?:dependent|depending|commensurate|negotiable|based)\b)",
    re.I,
)
_CANDIDATE_CUE = re_compile(
    r"(?:^|\b)(?:you must|you'?ll need|you will need|you need to (?:have|be|hold)|you should have|"
    r"(?<!if )you have|you bring|must be (?:performed|located|based|resident|living)|"
    r"should be able to|will possess|"
    # "This person should be a strong writer", "The candidate should be fluent in SQL"
    # (the subject of its own clause: not "determining whether they should be addressed")
    r"(?:^|(?<=[,;:] )|(?<=while )|(?<= and )|(?<= but ))"
    r"(?:this person|the (?:candidate|applicant|person|individual|post-?holder|incumbent)|they|you|"
    r"(?:an?|the) (?-i:[A-Z])[\w/&-]*(?: (?-i:[A-Z])[\w/&-]*){0,3})"
    r" should (?:also )?(?:be|have|possess|hold)\b|"
    r"(?:not|no|unable to|cannot) (?:\w+ ){0,2}(?:visa )?sponsor\w*|"
    r"must (?:have|possess|"
    r"hold|obtain|pass|demonstrate|be able|be willing|be a|be an|be eligible|be at least|not be)|^must\b|"
    r"candidates? (?:must|should|will need|need)|applicants? must|individuals must|all candidates|"
    r"(?:is|are) required|required to (?:have|be|possess|obtain)|requires? (?:a|an|the|at least|\d)|"
    r"we expect|we look for|we(?:'re| are) looking for|minimum of|at least (?:\d|one|two|three|four|five)|"
    r"open to .{0,60}only|will not be considered|(?:background|investigation|clearance) required|"
    r"\b\d+\+? years? of)",
    re.I,
)


def _eligibility(text: str) -> bool:
    """A condition of being hired at all: work authorisation, clearance, travel, working hours, ..."""
    return bool(_ELIGIBILITY().search(text) or _AVAILABILITY.search(text))


#: A look-back window, not years asked: "experience … acquired within the last 12 years".
_LOOK_BACK = re_compile(r"\b(?:within|in|during|over) (?:the )?(?:last|past|preceding|previous)\s*$", re.I)


def years_in(text: str) -> float | None:
    best: float | None = None
    for m in _YEARS.finditer(text):
        if _LOOK_BACK.search(text[: m.start()]):
            continue
        raw = m.group("n").lower().replace(" ", "")
        if raw.endswith("½"):
            value = float(raw[:-1] or 0) + 0.5
        elif raw in _NUM_WORDS:
            value = float(_NUM_WORDS[raw])
        else:
            value = float(raw)
        if m.group("half"):
            value += 0.5
        if m.group("unit").lower().startswith("m"):
            value = round(value / 12, 2)
        if value > 40:
            continue
        best = value if best is None else max(best, value)
    return best


#: Eligibility words that make a requirement a condition of being hired, not a skill. Two lookaheads
#: over the whole text: ``match`` finds what ``search`` would, without trying every start again.
_CONDITION_OF_HIRE = re_compile(
    r"(?=.*(?:" + _ELIGIBILITY.pattern + r"))(?=.*(?:citizen|national|authori[sz]|visa|sponsor|background|"
    r"clearance|public trust|drug|civil service|open to|considered|eligib|employees? (?:of|on)|contractor|"
    r"relocat|willing|travel|lift|physical))",
    re.I | re.S,
)


def kind_of(text: str) -> str:
    if _LICENCE.search(text) and not re.search(r"\bcertifi\w* (?:that|the)\b", text, re.I):
        return "licence"
    if _EDUCATION.search(text) and not re.search(r"^experience\b", text, re.I):
        return "education"
    if _AVAILABILITY.search(text) or _WORKPLACE.search(text) or _CONDITION_OF_HIRE.match(text):
        return "eligibility"
    if (
        years_in(text) is not None
        or (re_compile(r"\bexperience\b", re.I).search(text) and not _TRAIT.fullmatch(text))
    ) and not re_compile(r"^(?:proficien|familiar|knowledge|skill)", re.I).search(text):
        return "experience"
    if _TRAIT.search(text) and len(text.split()) <= 14:
        return "trait"
    return "skill"


#: Where the work is done, stated as a condition: "This is a remote-only position", "This is an
#: onsite position, remote work is not available", "The role is fully on-site".
_WORKPLACE = re_compile(
    r"^(?:this|the)\s+(?:is|role|position|job|post)\b[^.;]{0,30}?\b(?:fully[- ]|100%\s+|entirely\s+)?"
    r"(?:remote(?:-only)?|on-?site|in-person|in-office|office-based|hybrid)(?:\s+only)?\s+"
    r"(?:position|role|job|post)\b"
    r"|^(?:this|the)\s+(?:role|position|job|post)\s+(?:is|will be)\s+(?:fully\s+|100%\s+|entirely\s+)?"
    r"(?:remote|on-?site|in-person|office-based)\b(?!\s+(?:of|to)\b)"
    r"|\bremote work(?:ing)? is not (?:available|possible|an option|offered)\b",
    re.I,
)


#: An item that names what the candidate brings: words such as "contact", "submit" or "resumes"
#: in it are its subject ("Three years in a contact centre", "Able to review resumes"), not a
#: word about applying.
_CAPABILITY = re_compile(
    r"^\W*(?:(?:a|an|the)\s+)?(?:(?:[\w-]+\s+){0,3}?(?:experience|knowledge|ability|able|proficien\w*|"
    r"skill\w*|familiar\w*|understanding|expertise|background|qualification|certificat\w*|licen[cs]e\w*|"
    r"degree|diploma|registration)\b|"
    rf"(?:at least\s+|minimum of\s+)?{_NUM}\+?\s+(?:\(\d+\)\s+)?(?:full[- ]time\s+)?(?:years?|months?)\b)"
    r"(?!.*\b(?:will|must) be (?:reviewed|scored|evaluated|assessed|considered|verified|credited)\b)"
    r"(?!.*\bdeterminations?\b)"
    r"(?!.*\b(?:your|the) (?:resume|cv|application)\b)",
    re.I,
)


def _not_requirement(sentence: str) -> bool:
    """Application instructions, benefits, boilerplate and equivalency rules, said in a requirements section."""  # noqa: E501
    cue = bool(_CANDIDATE_CUE.search(sentence))
    if _TERMS_LINE.match(sentence.strip(" *_")) and not cue:
        return True
    if _BOILERPLATE.search(sentence) and not cue and not _CAPABILITY.match(sentence):
        return True
    if _PROCESS.search(sentence) and not (cue and _eligibility(sentence)) and not _CAPABILITY.match(sentence):
        return True
    if re_compile(r"\bsubstitut\w*|will be accepted in lieu|in lieu of", re.I).search(sentence):
        return True
    return bool(
        re_compile(
            r"\W*(?:\d\.\s*)?(?:a )?(?:combination of education and/or experience|education and/or experience "  # noqa: E501
            r"equivalent).*",
            re.I,
        ).fullmatch(sentence)
    )
