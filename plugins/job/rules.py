"""The rules behind ``job.analyze``: its documentation, config and outputs are in
:mod:`prepflow_plugins.job`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import contextvars
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.documents import load_document
from prepflow_plugins.job.location import header_place, in_prose, mode, place
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.duties import duty_verb_at, owned_duty
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.terms import stem

import prepflow

# -- words ----------------------------------------------------------------------

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
_YEARS = re.compile(
    rf"\b(?P<n>{_NUM})(?:\s+and\s+(?P<half>one[- ]half|a half))?\s*(?:\(\d+\)\s*)?(?:\+|\s*or more|\s*plus)?"
    rf"\s*(?:full[- ]time\s+)?(?P<unit>years?|yrs?|months?)\b",
    re.I,
)

_NICE = re.compile(
    r"\b(?:prefer(?:red|ably|ence)?|a plus|is a plus|are a plus|plus\b(?! years)|bonus|nice[- ]to[- ]have|"
    r"desir(?:ed|able)|ideally|an advantage|advantageous|(?:is|are|be|also) helpful|"
    r"would be (?:great|nice|beneficial)|"
    r"not required|optional|good to have|pluses|if possible|"
    r"(?:an?|strong|great|big|real|valuable|definite|additional) asset|"
    r"assets?(?=\s*:))\b",
    re.I,
)
_MUST = re.compile(
    r"\b(?:must|required|requires?|minimum|mandatory|essential|at least|need to have|will not be considered)\b",  # noqa: E501
    re.I,
)
_PROCESS = re.compile(
    # "the application of X" is a skill, not a job application
    r"\b(?:resumes?|résumés?|cover letters?|(?:your|an|the|this|job|online) applications?\b(?!\s+of\b)|"
    r"applications? (?:materials|process|form|package|will|are|must|deadline)|"
    r"apply (?:now|online|here|via|through)|apply for (?:this|the) (?:job|position|role)|(?:how|ready|want) to apply|applicants? (?:will|who|may)|submit|"  # noqa: E501
    r"we (?:recommend|encourage)|will be (?:reviewed|scored|evaluated|assessed|placed|rated|contacted)|"
    r"scoring rubric|category rating|best qualified|veterans?|transcripts?|questionnaire|click|"
    r"qualification determinations|hiring process|interview process|if selected|selectee|"
    r"reach out to candidates|your score|disqualif\w*|contact\b|questions(?=\?)|for more information|"
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
_AVAILABILITY = re.compile(
    r"\b(?:willing(?:ness)?|able|ability|available|availability|expected|required|prepared|must)\b"
    r"(?:\s+(?:to|be|and|or|for|work|working|participate|in|an?|the|occasional|rotating|some|as))*"
    # a noun after "to" is a verb ("ability to shift from details to the whole")
    r"\s+(?<!\bto\s)(?:on[- ]?call|shifts?|weekends?|nights?|evenings?|overtime|holidays?)\b|"
    r"\b(?:on[- ]?call|shift work|weekend work|overtime)\b.{0,30}\b(?:required|expected|mandatory)\b",
    re.I,
)
_LICENCE = re.compile(
    r"\b(?:licen[cs]e[ds]?|licensure|certifi(?:ed|cation|cate)s?|cpa\b|pmp\b|cissp|cdl\b|registered nurse|"
    r"\brn\b|p\.?e\.? licen|bar admission|admitted to (?:the|practice)|board[- ]certified|accredited by|warrant(?:ed)?)",  # noqa: E501
    re.I,
)
_EDUCATION = re.compile(
    r"\b(?:degree|bachelor'?s?|baccalaureate|master'?s?|mba|ph\.?d|doctorate|diploma|ged\b|high school|"
    r"college|university|semester credits|credits|coursework|graduat(?:e|ion)|associate'?s? degree|"
    r"b\.?s\.?c?\b|b\.?a\.?\b|m\.?s\.?c?\b|apprenticeship|trade school|vocational)",
    re.I,
)
_TRAIT = re.compile(
    r"\b(?:self[- ]starter|self[- ]motivated|motivated|detail[- ]oriented|attention to detail|team player|"
    r"personable|curious|curiosity|passion(?:ate)?|empath\w*|integrity|transparen\w*|resilien\w*|values|"
    r"proactive|adaptab\w*|flexib\w*|reliab\w*|dependab\w*|organi[sz]ed|enthusias\w*|positive attitude|"
    r"work ethic|independent(?:ly)?|comfortable|humble|driven|creative|confidence|collaborative|"
    r"interpersonal|customer service|problem solving|oral communication|communication skills?)\b",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:trial period|probationary period|at-will|direct deposit|selective service|e-?verify|"
    r"financial disclosure|"
    r"identity and work status|within \d+ days of the closing|authori[sz]ation from opm|"
    r"political appointee|discrepancies|schedule a position|travel may be required|may be required to travel|"
    r"registered with the selective|relocation expenses|"
    r"will be paid|moving expenses)",
    re.I,
)
_BOILERPLATE = re.compile(
    r"\b(?:equal (?:employment )?opportunity|regardless of|discriminat\w*|reasonable accommodations?|"
    r"affirmative action|401\s?\(?k\)?|health insurance|dental|vision insurance|life insurance|paid (?:time off|"  # noqa: E501
    r"holidays|leave)|\bpto\b|stock options|tuition|wellness|benefits? (?:package|include)|salary|"
    r"compensation|locality pay|pay system|paid holidays|sick leave|thrift savings|best places to work|"
    r"we are (?:a|an|the|proud)|our (?:mission|culture|company|team is|values are)|e-verify)\b",
    re.I,
)
_CANDIDATE_CUE = re.compile(
    r"(?:^|\b)(?:you must|you'?ll need|you will need|you need to (?:have|be|hold)|you should have|"
    r"(?<!if )you have|you bring|must be (?:performed|located|based|resident|living)|"
    r"should be able to|will possess|"
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
_STOP = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "are",
        "be",
        "been",
        "being",
        "this",
        "that",
        "these",
        "those",
        "your",
        "you",
        "our",
        "we",
        "us",
        "their",
        "they",
        "it",
        "its",
        "will",
        "can",
        "may",
        "must",
        "should",
        "would",
        "could",
        "have",
        "has",
        "had",
        "do",
        "does",
        "able",
        "ability",
        "abilities",
        "including",
        "include",
        "includes",
        "such",
        "other",
        "etc",
        "e",
        "g",
        "i",
        "ie",
        "eg",
        "per",
        "via",
        "into",
        "within",
        "strong",
        "excellent",
        "good",
        "proven",
        "demonstrated",
        "solid",
        "knowledge",
        "experience",
        "experienced",
        "years",
        "year",
        "plus",
        "skill",
        "skills",
        "work",
        "working",
        "using",
        "use",
        "all",
        "any",
        "both",
        "each",
        "every",
        "more",
        "most",
        "new",
        "well",
        "also",
        "who",
        "what",
        "which",
        "when",
        "where",
        "how",
        "about",
        "across",
        "through",
        "including",
        "related",
        "relevant",
        "least",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "ten",
        "following",
        "above",
        "below",
        "i.e",
        "e.g",
        "highly",
        "very",
        "ensure",
        "help",
        "make",
        "get",
        "set",
        "lead",
        "leads",
        "leading",
        "new",
        "own",
        "based",
        "level",
        "levels",
        "equivalent",
        "similar",
        "various",
        "multiple",
        "key",
        "areas",
        "area",
        "field",
        "fields",
        "part",
        "parts",
        "way",
        "ways",
        "shall",
        "within",
    ]
)
_TOKEN = re.compile(r"c\+\+|c#|\.net|node\.js|[a-z0-9][a-z0-9'’]*(?:[./+&-][a-z0-9]+)*", re.I)


# -- text clean-up --------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_EMPH = re.compile(r"(\*\*|__|\*|`)")
#: Formatting tags left in Markdown by converters ("<u>Essential", "<br/>", "<span ...>"); other
#: markup is text, for the renderers to escape.
_TAG = re.compile(
    r"</?(?:u|b|i|em|strong|br|span|font|sup|sub|p|div|small|big|mark|s|strike|del|ins)\b(?:\s[^<>]*)?/?>",
    re.I,
)
_ABBREV = re.compile(
    r"\b(?:U\.S|e\.g|i\.e|etc|Inc|Ltd|Co|No|Dr|Mr|Ms|Mrs|St|vs|approx|Jr|Sr|Ph\.D|B\.S|B\.A|M\.S|M\.A|U\.K|"
    r"N\.Y|D\.C|a\.m|p\.m|Corp|Dept|Govt|min|max|yrs?)\.",
    re.I,
)
_SENTENCE = re.compile(
    r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])|(?<=[.!?])\s*(?=--)|\s+--\s*|^--\s*|\s{2,}-\s+"
)


def plain(text: str) -> str:
    """Markdown inline markup, blockquote marks and list markers removed, whitespace collapsed."""
    text = re.sub(r"^(?:>\s?)+", "", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    text = _EMPH.sub("", text)
    text = _TAG.sub("", text)
    return " ".join(text.split())


def _strip_marker(text: str) -> str:
    return re.sub(r"^(?:#{1,6}\s+|[-*+•]\s+|\d{1,2}[.)]\s+|\(\w\)\s+)", "", text).strip()


def _tidy(text: str) -> str:
    text = text.strip(" \t-–—*•:;,")
    text = re.sub(r"(?:[;,]?\s*\b(?:and|or)\s*)$", "", text, flags=re.I).strip(" ;,")
    text = re.sub(r"^(?:and|or|also)\s+", "", text, flags=re.I)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    if text.endswith(".") and not _ABBREV.search(text[-6:]):
        text = text[:-1]
    return text.strip()


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations and inline "--" items apart; a lettered
    enumeration "(a) ... (b) ..." is split at its letters."""
    if re.match(r"\(a\)\s", text) and re.search(r"\s\(b\)\s", text):
        text = re.sub(r"[;,]?\s*(?:\b(?:and|or)\s+)?\(([b-h])\)\s+", r". (\1) ", text)
        text = re.sub(r"(?:^|(?<=\s))\(([a-h])\)\s+(?=\S)", r"\n", text)
        parts = [p.strip(" .") for p in text.split("\n")]
        return [q for p in parts if p for q in sentences(p)]
    guarded = _ABBREV.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = [p.replace("\x00", ".").strip() for p in _SENTENCE.split(guarded)]
    parts = [p for p in parts if p and p.strip("-–—. ")]
    merged: list[str] = []
    for part in parts:
        if (merged and _is_shout(part) and _is_shout(merged[-1]) and not merged[-1].endswith(":")) or (
            merged
            and re.match(
                r"^(?:this experience (?:may|could|can|might|should) include|this (?:may|could|can) include|"
                r"for example|e\.g\.|such as|examples? (?:include|are)|\(e\.g|"
                r"you must be granted this|this (?:clearance|investigation|certification|licen[cs]e) (?:must|is|will))",  # noqa: E501
                part,
                re.I,
            )
        ):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def _eligibility(text: str) -> bool:
    """A condition of being hired at all: work authorisation, clearance, travel, working hours, ..."""
    return bool(_ELIGIBILITY().search(text) or _AVAILABILITY.search(text))


def _is_shout(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.85


# -- the model of a posting -----------------------------------------------------


@dataclass
class Line:
    text: str  # plain text, marker removed
    raw: str  # the document's text
    line: int
    kind: str  # heading | bullet | text
    level: int = 0
    depth: int = 0
    page: int | None = None
    end: int | None = None
    marked: tuple[str, str] | None = None  # a table row's priority column: (priority, the mark)
    # the line directly under a line of text: no blank line between in text and Markdown, or
    # the same paragraph in HTML and Word (the next item of a list typed one per line)
    tight: bool = False


@dataclass
class Context:
    """Where a unit of text sits: its section's category and the lead-in governing it."""

    category: str
    section: str | None
    lead: str | None = None  # must | nice | responsibilities | drop | conditions | None
    group: str | None = None
    alternatives: bool = False
    line: int | None = None  # where the lead-in is
    section_line: int | None = None  # where the section's heading is


@dataclass
class Item:
    text: str
    priority: str
    kind: str
    years: float | None
    source: dict[str, Any]
    section: str | None
    group: str | None = None
    where: str = "requirement"
    why: dict[str, Any] | None = None  # the cue that set the priority: {"from", "cue", "line"}


@dataclass
class Analysis:
    requirements: list[Item] = field(default_factory=list)
    responsibilities: list[Item] = field(default_factory=list)
    conditions: list[Item] = field(default_factory=list)
    fields: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    summary: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)  # (where, normalised text) already recorded


_SECTION_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "eeo",
        re.compile(
            r"equal (?:employment )?opportunit|\beeo\b|diversity|accommodation|non-?discrimination", re.I
        ),
    ),
    ("benefits", re.compile(r"benefit|perks|what we offer|we offer|rewards|why (?:join|work)|life at", re.I)),
    (
        "physical",
        re.compile(
            r"physical|working conditions|work(?:ing)? environment|work setting|environmental conditions",
            re.I,
        ),
    ),
    (
        "conditions",
        re.compile(r"employment requirements|conditions of employment|if selected", re.I),
    ),
    ("notes", re.compile(r"^(?:special )?notes?\b|additional information|other information", re.I)),
    (
        "preferred",
        re.compile(
            r"prefer|nice[- ]to[- ]have|bonus|desir(?:ed|able)|pluses|\bplus\b|good to have|extra credit|"
            r"stand out|sets you apart|ideally",
            re.I,
        ),
    ),
    ("evaluation", re.compile(r"^evaluation|how you will be evaluated|category rating|assessment", re.I)),
    (
        "apply",
        re.compile(
            r"how to apply|^apply|application|submission|submit|next steps|hiring process|interview process|"
            r"required documents|"
            r"what to expect|to apply|closing date",
            re.I,
        ),
    ),
    (
        "requirements",
        re.compile(
            r"qualif|requirement|required|minimum|must[- ]have|what you(?:'ll| will)? (?:need|bring|have)|"
            r"who you are|"
            r"about you|you (?:have|bring|are|need)|possess|should have|skills|competenc|knowledge|eligib|"
            r"looking for|"
            r"(?:ideal|right|successful|perfect) (?:candidate|person|applicant)|profile|"
            r"specialized experience|"
            r"selection criteria|essential|^experience|"
            r"education|licen[cs]|certification|who may apply|what it takes",
            re.I,
        ),
    ),
    (
        "responsibilities",
        re.compile(
            r"responsib|duties|what you(?:'ll| will)? do|objective|role overview|day[- ]to[- ]day|"
            r"\binvolves?\b|"
            r"your (?:role|impact|mission|day)|key tasks|accountabilit|job description|position description|"
            r"in this role|the work|what the job involves|tasks|you will",
            re.I,
        ),
    ),
    ("pay", re.compile(r"salary|compensation|\bpay\b|wage", re.I)),
    (
        "about",
        re.compile(
            r"^about|who we are|our (?:company|mission|culture|team|story|values)|company|overview of|"
            r"job summary|the team|mission",
            re.I,
        ),
    ),
    (
        "details",
        re.compile(
            r"basic information|job details|details|at a glance|location|job grade|grade|schedule", re.I
        ),
    ),
    (
        "summary",
        re.compile(r"summary|overview|the role|about the (?:role|job|position)|introduction|role", re.I),
    ),
]


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``postings.toml`` (beside this module) (extended by the plan's packs), compiled once."""

    sections: tuple[tuple[str, re.Pattern[str]], ...] = ()
    nice: re.Pattern[str] | None = None
    must: re.Pattern[str] | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Vocabulary:
        sections = data.get("sections") or {}
        cues = data.get("cues") or {}
        return cls(
            sections=tuple(
                (category, pattern)
                for category, phrases in sorted(sections.items())
                if category in _CATEGORY_NAMES and (pattern := _phrases_pattern(phrases)) is not None
            ),
            nice=_phrases_pattern(cues.get("nice")),
            must=_phrases_pattern(cues.get("must")),
        )


def _phrases_pattern(phrases: Any) -> re.Pattern[str] | None:
    words = sorted({str(p).strip().lower() for p in phrases or [] if str(p).strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?!\w)", re.I
    )


#: The vocabulary of the posting being read (set by :func:`analyze_document`).
_NO_WORDS = Vocabulary()
_VOCABULARY: contextvars.ContextVar[Vocabulary] = contextvars.ContextVar("vocabulary", default=_NO_WORDS)


def _nice_cue(text: str) -> re.Match[str] | None:
    """Words that make an item a nice-to-have: built-in ("preferred", "a plus") or from the data."""
    extra = _VOCABULARY.get().nice
    return _NICE.search(text) or (extra.search(text) if extra is not None else None)


def _must_cue(text: str) -> re.Match[str] | None:
    """Words that make an item a must-have: "must", "required", "mandatory", or from the data."""
    extra = _VOCABULARY.get().must
    return re.search(r"\b(?:must|required|mandatory)\b", text, re.I) or (
        extra.search(text) if extra is not None else None
    )


def classify_heading(text: str) -> str | None:
    text = text.replace("’", "'").replace("‘", "'")
    head, colon, _ = text.partition(":")
    if colon and len(head) <= 40:
        text = head
    for category, pattern in _VOCABULARY.get().sections:
        if pattern.search(text):
            return category
    for category, pattern in _SECTION_RULES:
        if pattern.search(text):
            return category
    return None


_REQ_CATEGORIES = ("requirements", "preferred", "evaluation")
_CATEGORY_NAMES = {name for name, _ in _SECTION_RULES}


def _lead_in(text: str, ctx: Context) -> tuple[str | None, bool, bool]:
    """What a lead-in line makes of the list under it: (priority/category, alternatives, sticky)."""
    low = text.lower().replace("’", "'")
    if re.search(
        r"for each job|on your resume|provide:|application|how it will work|to apply", low
    ) and not re.search(r"must include|must have|experience (?:in|with)|skills in|knowledge of", low):
        return "drop", False, False
    if re.search(r"benefits|perks|we offer", low):
        return "drop", False, False
    if re.search(r"conditions|if selected", low):
        return "conditions", False, False
    if re.search(
        r"\b(?:basic|minimum) (?:requirements|qualifications)\b|\brequired\b|must (?:have|possess)", low
    ):
        return "must", False, True
    if re.search(
        r"\b(?:one|two|three|four|any|either|some)\b(?: \w+)? of the following|at least (?:one|two|three)",
        low,
    ) and not re.search(r"\ball of the following|each of the", low):
        return ("nice" if ctx.category in _REQ_CATEGORIES or _MUST.search(low) else None), True, False
    if re.search(r"all of the following|each of the following|must include", low):
        return "must", False, False
    if re.search(r"scored|competenc|rated on|evaluated on|assessed on", low):
        return "nice", False, False
    if _nice_cue(low):
        return "nice", False, False
    if re.search(r"duties|responsibilities|you will|you'll|day to day|tasks|successful .*:$", low):
        return "responsibilities", False, False
    if re.search(r"\b(?:expected to|need to|needs to|should have|should possess|will need|must)\b", low):
        return "must", False, False  # "Applicants are expected to have:"
    if re.search(
        r"\b(?:are|is|you are|you have|you bring|we(?:'re| are) looking for|ideal candidate|should)\b.{0,20}:$",  # noqa: E501
        low,
    ):
        if ctx.category in _REQ_CATEGORIES:
            return None, False, False
        return "nice", False, False
    return None, False, False


# -- reading the document -------------------------------------------------------


def wrap_width(lines: list[dict[str, Any]]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines were not wrapped.

    A line followed directly by more text ends near the wrap margin when the text
    was wrapped (most such lines fall within 15 characters of the longest), while
    paragraphs kept on one line, or lists written one item per line, vary widely.
    """
    ends = [
        len(a["text"])
        for a, b in itertools.pairwise(lines)
        if a.get("kind") in ("text", "bullet") and b.get("kind") == "text" and b["line"] == a["line"] + 1
    ]
    if len(ends) < 8:
        return None
    ends.sort()
    width = ends[int(0.9 * (len(ends) - 1))]
    near = sum(1 for n in ends if n >= width - 15)
    if not 55 <= width <= 110 or near < 0.7 * len(ends):
        return None
    return width


def _wrapped(prev: Line, text: str, width: int | None, markdown: bool) -> bool:
    """Whether ``text`` carries on ``prev``.

    It does when the next word did not fit on the wrapped line above, when the line above
    stopped on a word that cannot end a sentence ("the", "of", "and", a comma), or when it
    starts in lower case after a line that stopped mid-sentence. In Markdown, where the lines
    of a paragraph are one paragraph, it does unless the two lines look like items of a list
    written one per line (short, capitalised, without final punctuation).
    """
    first = text.split(" ", 1)[0]
    last_len = len(prev.raw.rsplit("\n", 1)[-1]) if prev.raw else len(prev.text)
    if width is not None and last_len + 1 + len(first) > width - 3:
        return True
    tail = prev.text.rstrip()
    if _OPEN_END.search(tail) and not re.search(r"\b[A-Z]{2,3}$", tail):  # "Hamilton, ON" ends no "on"
        return True
    if markdown and prev.kind == "text":
        listlike = (
            len(tail) < 60
            and len(text) < 60
            and first[:1].isupper()
            and not tail.endswith((".", "!", "?", ":", ";", ","))
        )
        return not listlike
    return (
        first[:1].islower()
        and not tail.endswith((".", "!", "?", ":", ";"))
        and len(tail) >= 30
        and not prev.text.endswith(":")
    )


#: A line that stops where no sentence or item can end: on an article, a preposition, a
#: conjunction, a comma or a hyphen.
_OPEN_END = re.compile(
    r"(?:,|(?<=\w)-|\b(?:the|a|an|of|to|and|or|in|for|with|by|on|at|from|as|that|which|including|such as))$",
    re.I,
)


def _lines(doc: dict[str, Any]) -> list[Line]:
    out: list[Line] = []
    wraps = doc.get("format") in ("text", "markdown")
    width = wrap_width(doc["lines"]) if wraps else None
    for item in doc["lines"]:
        if item.get("header") or _priority_header(item.get("cells")):
            continue  # a table's column names ("Criteria | Essential / Desirable")
        raw = item["text"]
        kind = item.get("kind") or ("heading" if raw.startswith("#") else "text")
        text = plain(_strip_marker(raw) if kind in ("heading", "bullet") else raw)
        marked = _priority_column(item.get("cells"))
        if marked is not None:
            text = plain(_strip_marker(" ".join(str(c) for c in item["cells"][:-1])))
        elif (labelled := _label_cell(item.get("cells"))) is not None:
            label, _, value = labelled.partition(": ")
            if classify_heading(label) is not None and len(value.split()) > 12:
                # "Main duties | <a paragraph>": a section whose heading sits beside its text
                out.append(Line(text=label + ":", raw=label + ":", line=item["line"], kind="text"))
                text = raw = value
            else:
                text = labelled  # "| Location | Leeds |": a field, as "Location: Leeds" would be
        if not text:
            continue
        prev = out[-1] if out else None
        if (
            wraps
            and prev is not None
            and kind == "text"
            and prev.kind in ("text", "bullet")
            and item["line"] == (prev.end or prev.line) + 1
            and not prev.text.endswith(":")
            and not _is_field_line(text)
            and not (prev.kind == "text" and _is_field_line(prev.text))
            and not _BOLD_LINE.fullmatch(raw.strip())
            and not _BOLD_LINE.fullmatch(prev.raw.strip())
            and not _is_shout(prev.text)
            and not _is_shout(text)
            and _wrapped(prev, text, width, doc.get("format") == "markdown")
        ):
            prev.text = f"{prev.text} {text}"
            prev.raw = f"{prev.raw}\n{raw}"
            prev.end = item.get("end") or item["line"]
            continue
        out.append(
            Line(
                text=text,
                raw=raw,
                line=item["line"],
                kind=kind,
                level=item.get("level", 0),
                depth=item.get("depth", 0),
                page=item.get("page"),
                end=item.get("end"),
                marked=marked,
                tight=prev is not None
                and prev.kind == "text"
                and kind == "text"
                and (
                    item["line"] == prev.line  # the next line of one paragraph (<br>, a soft break)
                    or (wraps and item["line"] == (prev.end or prev.line) + 1)
                ),
            )
        )
    return out


#: The marks of a table's priority column: "E"/"Essential" and "D"/"Desirable", and the like.
_MUST_MARK = LazyPattern(r"^(?:e|essential|m|must|must have|required|req)$", re.I)
_NICE_MARK = LazyPattern(r"^(?:d|desirable|p|preferred|desired|nice to have|nice|optional|asset)$", re.I)


def _priority_header(cells: Any) -> bool:
    """A table row that names a priority column ("Essential / Desirable", "E/D"): the header."""
    if not isinstance(cells, list) or len(cells) < 2:
        return False
    last = plain(str(cells[-1])).strip(" .*")
    mark = r"(?:essential|desirable|e|d|required|preferred|must have|nice to have)"
    return bool(re.fullmatch(rf"{mark}(?:\s*(?:/|\bor\b|&|\band\b|,)\s*{mark})+", last, re.I))


def _label_cell(cells: Any) -> str | None:
    """A two-cell table row read as a field ("Location: Leeds") when its first cell is a short
    label (a few capitalised words, no sentence) and its second holds the value."""
    if not isinstance(cells, list) or len(cells) != 2:
        return None
    label, value = (plain(str(c)).strip() for c in cells)
    if not label or not value or len(label.split()) > 4 or not label[:1].isupper():
        return None
    if label.endswith((".", "!", "?", ",")) or re.search(r"\d", label):
        return None
    return f"{label.rstrip(':')}: {value}"


def _priority_column(cells: Any) -> tuple[str, str] | None:
    """The priority a table row's last cell gives its item, with the mark ("E"), if it gives one."""
    if not isinstance(cells, list) or len(cells) < 2:
        return None
    mark = plain(str(cells[-1])).strip(" .*")
    if _MUST_MARK().match(mark):
        return "must", mark
    if _NICE_MARK().match(mark):
        return "nice", mark
    return None


def _pseudo_heading(line: Line, nxt: Line | None = None) -> bool:
    """A short line that works as a heading, judged by its shape.

    Bold or emphasised on its own, ALL CAPS, a label ending in ":" or " -", or a
    short line without final punctuation directly above a list ("Who you are",
    "Basic qualifications"), or above a block when it names a section.
    """
    if line.kind != "text":
        return False
    raw, text = line.raw.strip(), line.text
    words = text.split()
    if len(words) > 9 or len(text) < 3:
        return False
    if _EMPHASIS_LINE.fullmatch(raw):
        return not _FIELD_LABEL.match(text)  # "**Pay band: TP02**" is a field, not a heading
    if text.endswith(":") and (
        (len(words) <= 6 and not re.search(r"\b(?:include|following|below|are|is)\b", text, re.I))
        or (len(words) <= 4 and classify_heading(text) is not None)  # "who you are:"
    ):
        return True
    if re.search(r"\s[-–—]$", text) and len(words) <= 7:
        return True
    if _is_shout(text) and not text.endswith((".", ",")) and len(words) <= 6:
        return True
    if (
        nxt is None
        or len(words) > 7
        or text.endswith((".", ",", ";", "!", "?", ")", ":"))
        or not text[:1].isupper()
        or _FIELD_LABEL.match(text)
    ):
        return False
    if nxt.kind == "bullet":
        return True
    return (
        nxt.kind == "text"
        and not line.tight  # "A full driving licence" in a list typed one item per line
        and len(nxt.text.split()) > len(words)
        and classify_heading(text) is not None
    )


#: A line that is only emphasis: "**Qualifications**", "*ABOUT THE COMPANY:*", "__Skills__:".
_EMPHASIS_LINE = re.compile(r"(\*\*|__|\*|_)[^*_\n]+(\*\*|__|\*|_):?")


def _is_field_line(text: str) -> bool:
    m = _FIELD_LABEL.match(text)
    return m is not None and len(m.group("label").split()) <= 4 and len(text.split()) <= 15


_BOLD_LINE = re.compile(r"(\*\*|__)[^*_]+(\*\*|__):?")
_FIELD_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z/&' ()-]{1,40}?):\s+(?P<value>\S.*)$")


def analyze_document(
    doc: dict[str, Any], *, n_themes: int = 10, vocabulary: Vocabulary | None = None
) -> dict[str, Any]:
    """The analysis of a loaded posting (see the module's docstring), read with ``vocabulary``
    (the words of ``postings.toml`` (beside this module)) on top of the built-in rules."""
    token = _VOCABULARY.set(vocabulary or _NO_WORDS)
    try:
        return _analyze(doc, n_themes)
    finally:
        _VOCABULARY.reset(token)


def _analyze(doc: dict[str, Any], n_themes: int) -> dict[str, Any]:
    file = doc["source"]
    lines = _lines(doc)
    result = Analysis()

    def src(first: Line, last: Line | None = None) -> dict[str, Any]:
        last = last or first
        source: dict[str, Any] = {
            "file": file,
            "start": first.line,
            "end": max(last.end or last.line, first.line),
        }
        if first.page is not None:
            source["page"] = first.page
        return source

    # headings stack: (level, title, category, real); a pseudo-heading sits one level below
    # the real heading above it, and next to the pseudo-heading before it
    stack: list[tuple[int, str, str | None, bool, int]] = []
    section_heads: list[tuple[Line, int, str]] = []
    lead: Context | None = None  # the current text-level lead-in
    bullet_leads: list[tuple[int, Context]] = []  # lead-ins set by bullets, by depth
    sticky_must = False
    pending_label: tuple[str, Line] | None = None

    def category() -> str:
        for _, _, cat, _, _ in reversed(stack):
            if cat is not None:
                return cat
        return "other"

    def section_title() -> str | None:
        return stack[-1][1] if stack else None

    def context(*args: Any, **kwargs: Any) -> Context:
        """A Context that knows the line of the heading it is under."""
        made = Context(*args, **kwargs)
        made.section_line = stack[-1][4] if stack else None
        return made

    def push_heading(level: int, title: str, line: Line, real: bool) -> None:
        nonlocal lead, sticky_must
        cat = classify_heading(title)
        if not section_heads and level == 1 and _SENIORITY_ROLE.search(title):
            cat = None  # the posting's title ("Education Engineer"), not a section
        parent = next((c for lv, _, c, _, _ in reversed(stack) if lv < level and c is not None), None)
        if parent in ("requirements", "preferred") and cat in ("eeo", "about", "notes", "details", "summary"):
            cat = None  # "Equal Opportunities" inside a person specification lists criteria
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title, cat, real, line.line))
        lead, sticky_must = None, False
        bullet_leads.clear()
        if real or cat is not None:  # a heading-like line that names a section is one too
            section_heads.append((line, min(level, 6), cat or category()))

    for index, line in enumerate(lines):
        text = line.text
        # field values on the line after a bold label ("**Location:**" then "Washington, DC")
        nxt_line = lines[index + 1] if index + 1 < len(lines) else None
        if pending_label is not None and line.kind == "text" and not _pseudo_heading(line, nxt_line):
            label, label_line = pending_label
            pending_label = None
            recorded = _record_field(result, label, text, src(label_line, line))
            if _field_requirement(result, label, text, src(label_line, line), section_title()) or recorded:
                continue
            # a label no field knows ("Ability to commute/relocate:"): its line is read as any other
        pending_label = None
        if line.marked is not None:
            # a table row whose column says "Essential" or "Desirable"
            priority, mark = line.marked
            basis = {"from": "item", "cue": mark, "line": line.line}
            _add_requirement(result, text, priority, src(line), section_title(), None, basis=basis)
            continue
        if line.kind == "heading":
            push_heading(line.level, text.rstrip(":"), line, True)
            if _SOME_OF.search(text):
                # "Provide leadership in two or more of the following areas": each area is one option
                lead = context(category(), section_title(), "nice", _tidy(text), True, line=line.line)
            continue
        if _pseudo_heading(line, nxt_line):
            label = text.rstrip(":").rstrip(" -–—").strip()
            if (
                line.raw.strip().endswith((":**", ":", ":__"))
                and index + 1 < len(lines)
                and lines[index + 1].kind == "text"
            ):
                nxt = lines[index + 1]
                if (
                    not _pseudo_heading(nxt, lines[index + 2] if index + 2 < len(lines) else None)
                    and len(label.split()) <= 4
                    and len(nxt.text.split()) <= 30
                    and not re.search(r"\b(?:how|following|include|includes|below)\b", label, re.I)
                    and (
                        classify_heading(label) not in ("requirements", "preferred", "responsibilities")
                        or any(pattern.search(label) for pattern in _FIELD_KEYS.values())
                    )
                ):  # a labelled fact ("**Travel requirement:**" then its value), not a section
                    pending_label = (label, line)
                    continue
            level = (stack[-1][0] + (1 if stack[-1][3] else 0)) if stack else 1
            cat = classify_heading(label)
            if cat is not None or _is_shout(label):
                push_heading(min(level, 7), label, line, False)
            else:
                # a sub-label ("Facilities Maintenance:") keeps what the lead-in above it said
                ctx = context(category(), section_title())
                verdict, alts, _ = _lead_in(label + ":", ctx)
                if verdict is None and lead is not None:
                    verdict, alts = lead.lead, lead.alternatives
                lead = context(category(), section_title(), verdict, label, alts, line=line.line)
            continue
        m = _FIELD_LABEL.match(text)
        if (
            m
            and line.kind == "text"
            and len(m.group("label").split()) <= 4
            and not _lead_text(m.group("label"))
        ):
            label, value = m.group("label"), m.group("value")
            short = len(value.split()) <= 25  # a fact; a long value is a paragraph with a lead label
            if (short and _record_field(result, label, value, src(line))) or _field_requirement(
                result, label, value, src(line), section_title()
            ):
                continue
        cat = category()
        ctx = context(cat, section_title())
        if line.kind == "bullet":
            while bullet_leads and bullet_leads[-1][0] >= line.depth:
                bullet_leads.pop()
            governing = bullet_leads[-1][1] if bullet_leads else lead
            if governing is not None:
                ctx = governing
            inline_group = re.match(
                r"^(?P<head>.{0,80}?\b(?:all|three|two|one|any|each) of the following\b[^:]{0,40}):"
                r"\s*(?P<rest>\S.{10,})$",
                text,
                re.I,
            )
            if inline_group is not None:
                # "All of the following: (a) ... (b) ...": the items follow on the same line
                verdict, alts, _ = _lead_in(inline_group.group("head") + ":", ctx)
                group_ctx = context(
                    ctx.category,
                    ctx.section,
                    verdict or ctx.lead,
                    inline_group.group("head"),
                    alts,
                    line=line.line,
                )
                _take_unit(result, inline_group.group("rest"), line, group_ctx, src(line), sticky_must)
                continue
            if text.rstrip().endswith(":") or re.search(
                r"(?:all|three|two|one|any) of the following", text, re.I
            ):
                verdict, alts, _ = _lead_in(text, ctx)
                group_ctx = context(
                    ctx.category, ctx.section, verdict or ctx.lead, text, alts, line=line.line
                )
                if verdict is None and governing is not None:
                    group_ctx.lead = governing.lead
                bullet_leads.append((line.depth, group_ctx))
                continue
            _take_unit(result, text, line, ctx, src(line), sticky_must)
            continue
        # a text line: sentences, some of them lead-ins
        previous = lines[index - 1] if index else None
        if lead is not None and previous is not None and previous.kind == "bullet" and line.kind == "text":
            lead = None  # a paragraph after the list is no longer under its lead-in
            ctx = context(cat, section_title())
        if lead is None and cat in ("other", "summary") and not line.raw.lstrip().startswith(("**", "__")):
            # the posting's introduction and "about the role" prose, for the prep steps to quote
            result.summary.extend(
                (_tidy(s), src(line))
                for s in sentences(text)
                if len(s.split()) >= 3
                and not (_PROCESS.search(s) or _BOILERPLATE.search(s) or _PAY_WORDS.search(s))
            )  # not how to apply, pay or EEO statements
        if lead is not None:
            ctx = lead
        found_sentences = sentences(_LABEL_SENTENCE.sub(r"\1: ", text))
        for number, sentence in enumerate(found_sentences):
            if (
                number == len(found_sentences) - 1
                and nxt_line is not None
                and nxt_line.kind == "bullet"
                and _POINTS_DOWN.search(sentence)
                and not sentence.rstrip().endswith(":")
                and not re.search(r"\bscored\b|\bcompetencies\b", sentence, re.I)
            ):
                sentence = sentence.rstrip(" .") + ":"  # "... in any of the following areas is relevant."
            inline = re.match(
                r"^(?P<head>.{0,160}?(?:(?:duties|responsibilities)\s+(?:will\s+)?(?:include|are)[^:]{0,40}|"
                r"will be responsible for|following|if you (?:have|are)|you (?:have|bring))):"
                r"\s*(?P<rest>.+)$",
                sentence,
                re.I,
            )
            if inline and not re.search(r"\bmust\b", inline.group("head"), re.I):
                verdict, alts, sticky = _lead_in(inline.group("head") + ":", ctx)
                lead = context(cat, section_title(), verdict, inline.group("head"), alts, line=line.line)
                ctx = lead
                _take_unit(result, inline.group("rest"), line, ctx, src(line), sticky_must)
                continue
            if sentence.rstrip().endswith(":"):
                verdict, alts, sticky = _lead_in(sentence, context(cat, section_title()))
                if sticky:
                    sticky_must = True
                if verdict is None and sticky_must:
                    verdict = "must"
                if verdict == "nice" and sticky_must and not alts:
                    verdict = "must"
                lead = context(cat, section_title(), verdict, _tidy(sentence), alts, line=line.line)
                ctx = lead
                # the lead-in may itself state a requirement ("we expect expertise in at least one of:")
                if _CANDIDATE_CUE.search(sentence) and not re.fullmatch(
                    r"[^:]*\b(?:is|are|is defined as|include|includes|you|that|to|have|of|with|in|be|the|"
                    r"following|below|as follows)\s*:",
                    sentence.strip(),
                    re.I,
                ):  # not an unfinished clause ("We expect, at a minimum, that you:")
                    own = context(
                        cat, section_title(), "must" if verdict in (None, "must", "nice") else "drop", None
                    )
                    _take_unit(result, sentence.rstrip(":"), line, own, src(line), sticky_must, leadin=True)
                continue
            if re.match(r"^(?:BASIC REQUIREMENTS|MINIMUM QUALIFICATIONS)\b", sentence):
                sticky_must = True
            if re.search(r"\bscored\b.*\bcompetenc|\bcompetencies\b.*\bscored\b", sentence, re.I):
                verdict = "must" if sticky_must else "nice"
                lead = context(cat, section_title(), verdict, _tidy(sentence), False, line=line.line)
                ctx = lead
                continue
            _take_unit(result, sentence, line, ctx, src(line), sticky_must)

    _beside_minimum(result)
    _duties_when_silent(result)
    # sections with their line spans
    for i, (line, level, cat) in enumerate(section_heads):
        next_start = section_heads[i + 1][0].line if i + 1 < len(section_heads) else None
        last = [ln for ln in lines if ln.line >= line.line and (next_start is None or ln.line < next_start)]
        end_line = last[-1] if last else line
        result.sections.append(
            {"title": line.text.rstrip(":"), "level": level, "category": cat, "source": src(line, end_line)}
        )
    return _outputs(doc, lines, result, n_themes)


#: A heading that offers a choice among the items under it.
_SOME_OF = re.compile(r"\b(?:one|two|three|four|any)\b(?: or more)? of the following\b", re.I)
#: A section that states the minimum a candidate must meet.
_MINIMUM = re.compile(r"\b(?:minimum|basic|required|essential|mandatory|must[- ]haves?)\b", re.I)
#: A section that describes the person hoped for: "What we're looking for", "About you", "Skills".
_HOPED_FOR = LazyPattern(
    r"looking for|about you|you(?:'ll| will)? (?:have|bring|are)|ideal|skills|competenc|profile|"
    r"what it takes|qualities|strengths|attributes",
    re.I,
)


def _beside_minimum(result: Analysis) -> None:
    """Next to a section of minimum qualifications, a section describing the person hoped for
    ("What we're looking for") lists what is preferred: its items are nice, unless they say must."""
    titles = {item.section for item in result.requirements if item.section}
    if not any(_MINIMUM.search(t) and classify_heading(t) == "requirements" for t in titles):
        return
    for item in result.requirements:
        section = item.section or ""
        why = item.why or {}
        if (
            item.priority == "must"
            and why.get("from") == "section"
            and not _MINIMUM.search(section)
            and _HOPED_FOR().search(section.replace("’", "'"))
            and item.kind not in ("eligibility", "licence")
        ):
            item.priority = item.where = "nice"
            item.why = {**why, "cue": f"{section} (beside a section of minimum qualifications)"}


#: Fewer stated requirements than this, and the main duties stand in for the rest.
FEW_REQUIREMENTS = 3
#: A duty that asks nothing in particular ("Other duties as assigned").
_NO_DUTY = LazyPattern(
    r"\b(?:other|related|additional) (?:duties|tasks)\b|\bas (?:assigned|needed|required)\W*$", re.I
)


def _duties_when_silent(result: Analysis) -> None:
    """A posting that states almost no requirements still asks for something: the ability to do
    its main duties. Its first duties are added as requirements, each saying why, so that the
    evidence, questions and stories have something to stand on."""
    missing = FEW_REQUIREMENTS - len(result.requirements)
    if missing <= 0:
        return
    # the duties the advice steps build on: work the role owns, not attitudes or culture
    not_duties = load_data("ideas").get("not_problems") or []
    for duty in result.responsibilities:
        if missing <= 0:
            break
        text = duty.text
        key = _norm(text)
        if (
            not owned_duty(not_duties, text)
            or _NO_DUTY().search(text)
            or _eligibility(text)
            or _BOILERPLATE.search(text)
            or _PROCESS.search(text)
            or ("requirement", key) in result.seen
        ):
            continue
        result.seen.add(("requirement", key))
        why = {
            "from": "section",
            "cue": "a main duty (the posting states fewer than three requirements)",
            "line": duty.source["start"],
        }
        result.requirements.append(
            Item(
                text, "must", kind_of(text), years_in(text), duty.source, duty.section, where="must", why=why
            )
        )
        missing -= 1


#: What a hard requirement asks for: experience, a degree, a licence, a proficiency, years.
_CREDENTIAL = LazyPattern(
    r"\b(?:experience|degree|diploma|licen[cs]e\w*|certif\w*|qualif\w*|proficien\w*|fluen\w*|years?)\b", re.I
)
#: A clause after a ";" that talks about the job or the process, not the candidate.
_AFTERTHOUGHT = LazyPattern(
    r"^(?:this|the (?:role|job|position|post)|our|we|it|there)\b(?!.*\b(?:must|required)\b)", re.I
)
#: A sentence that only frames a list elsewhere: "You must meet the requirements in 1, 2, or 3 below",
#: "In addition to the knowledge, skills, and abilities named below, candidates must ...".
_FRAME = re.compile(
    r"\b(?:meet|meeting|named|stated|listed|outlined)\s+(?:[\w,]+\s+){0,5}?(?:below|the following)\b", re.I
)
#: A sentence that introduces the list under it without ending in ":".
_POINTS_DOWN = re.compile(r"\b(?:the following|as follows|listed below|below)\b", re.I)


def _lead_text(label: str) -> bool:
    return bool(
        re.search(r"\b(?:include|following|below|requirements?|qualifications?|skills)\b", label, re.I)
    )


_FIELD_KEYS = {
    "location": re.compile(r"^(?:work |job |duty |office )?locations?$|^where$|^based in$", re.I),
    "pay": re.compile(r"salary|pay(?: range| scale| rate)?$|compensation|wage|hourly rate|base pay", re.I),
    "company": re.compile(
        r"^(?:agency|company|employer|organi[sz]ation|hiring organi[sz]ation|department|ministry|"
        r"area of government|institution|hiring agency|business)$",
        re.I,
    ),
    "title": re.compile(
        r"^(?:(?:job|position|post|role|vacancy)\s*(?:title|name|designation)?|title|working title)$", re.I
    ),
    "grade": re.compile(r"grade|level|band", re.I),
    "clearance": re.compile(r"security clearance|clearance", re.I),
    "who": re.compile(r"who may apply|open to|eligibility", re.I),
    "travel": re.compile(r"travel", re.I),
    "unit": re.compile(
        r"^(?:directorate|division|service(?:/section)?|section|unit|branch|office|team|reports? to|"
        r"postholder section|method of assessment|shortlisting criteria)$",
        re.I,
    ),
    "dates": re.compile(
        r"clos(?:ing|es)|deadline|apply by|posted|posting date|start date|reference|job (?:id|number)|"
        r"requisition",
        re.I,
    ),
    "schedule": re.compile(r"^(?:work(?:ing)? )?(?:hours|schedule|shifts?)(?: of work)?\b", re.I),
}


def _record_field(result: Analysis, label: str, value: str, source: dict[str, Any]) -> bool:
    for key, pattern in _FIELD_KEYS.items():
        if pattern.search(label.strip()):
            if key not in result.fields:
                result.fields[key] = (value, source)
            return key not in ("clearance", "who", "travel")
    return False


def _field_requirement(
    result: Analysis, label: str, value: str, source: dict[str, Any], section: str | None
) -> bool:
    """Labelled facts that are requirements: clearance, who may apply, required education or licence."""
    low = label.lower()
    if re.search(r"clearance|who may apply|open to|eligibility|citizenship", low):
        if re.fullmatch(r"(?:none|n/?a|not required|no)\.?", value.strip(), re.I):
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
    if re.fullmatch(
        r"nice[- ]to[- ]haves?|desirable|preferred|desired|(?:an? )?assets?|bonus(?: points)?|a plus", low
    ):
        # "Nice to have: Knowledge of housing data standards"
        for part in _split_item(value):
            _add_requirement(
                result, part, "nice", source, section, None, basis=_because("field", label, source)
            )
        return True
    if re.search(
        r"^(?:education|licen[cs]e|certification|required|requirements?|experience|essential|mandatory|"
        r"must[- ]haves?)s?$",
        low,
    ):
        for part in _split_item(value):
            _add_requirement(
                result, part, "must", source, section, None, basis=_because("field", label, source)
            )
        return True
    return False


# -- units to items -------------------------------------------------------------


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
            and re.search(
                r"background|investigation|clearance|citizen|travel|shifts?|overtime|on[- ]call|weekends?|"
                r"driv(?:ing|er'?s) licen[cs]e|relocat",
                text,
                re.I,
            )
            and not re.search(r"\bmay\b|occasional", text, re.I)
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
                and re.search(
                    r"\b(?:experience|background|knowledge|familiar\w*|skills?|comfortable|proficien\w*)\b",
                    text,
                    re.I,
                )
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
        if _ROLE_PITCH.search(text):
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


def _because(where: str, cue: str | None, source: dict[str, Any]) -> dict[str, Any]:
    """Why a requirement has its priority: what said so (``cue``), where (``from``) and on which line."""
    return {"from": where, "cue": cue, "line": source["start"]}


#: The person a posting hopes for, not one it requires: "An ideal candidate would be familiar with ...".
_IDEAL = re.compile(r"\bideal (?:candidate|applicant|person)s?\b|\bwould ideally\b", re.I)
#: Prose that lists duties: "This role includes monitoring ..., adding ...", "The successful candidate
#: will do ...". The match is the part to drop in front of the duties.
_DUTY_PROSE = re.compile(
    r"^(?:.{0,60}?\b(?:this (?:role|position|job)(?: also)? "
    r"(?:includes?|involves?|will (?:also )?(?:include|involve))|"
    r"(?:the )?successful (?:candidate|applicant) will(?: also)?(?: be (?:responsible for|expected to))?|"
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
_THIRD_PERSON = re.compile(
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


#: What the employer says of itself or offers, never a duty, even under "Job Description".
_EMPLOYER_SAYS = re.compile(
    r"\b(?:is|are) an? equal (?:employment )?opportunit|\b(?:does|do|shall|will) not discriminate\b|"
    r"\bbenefits? (?:are )?(?:available|offered)\b|\b(?:great|excellent|competitive|generous|comprehensive) "
    r"(?:benefits|salary|pay)\b|\bwe offer\b|\bpaid (?:time off|holidays)\b.{0,40}\binsurance\b|"
    # a word to the applicant: "Please send your resume ...", "To apply, ...", "Questions? ..."
    r"^(?:please|to apply|apply (?:now|online|today|here|by|via))\b|"
    r"^send (?:your|a|an) (?:resume|cv|cover letter|application)|^questions\?",
    re.I,
)


#: An employer looking for someone "to join" it, with the purpose after it if it says one.
_PITCH = re.compile(
    r"\b(?:seeks?|seeking|is looking for|are looking for|is hiring) (?:a|an)\b.{0,80}?\bto join\b[^,;]{0,40}"
    r"(?:,?\s+(?:primarily |mainly |chiefly |initially )?to (?P<duty>[a-z][^;]{8,}))?",
    re.I,
)


def _add_responsibility(result: Analysis, text: str, source: dict[str, Any]) -> None:
    for part in _split_duties(text):
        part = _tidy(part)
        if len(part.split()) < 2 or (
            _BOILERPLATE.search(part) and len(part.split()) < 6 and duty_verb_at(part) is None
        ):  # "Dental cover for you" is a benefit; "Provide dental care to patients" is a duty
            continue
        if _EMPLOYER_SAYS.search(part):
            continue
        if pitch := _PITCH.search(part):
            # "X seeks an engineer to join our team, primarily to support the Y projects": the
            # purpose is the duty, the rest is the pitch
            if not pitch.group("duty"):
                continue
            part = pitch.group("duty")[:1].upper() + pitch.group("duty")[1:]
        if _FRAGMENT_START.match(part):  # "to Outreach direct reports": the tail of a wrapped line
            continue
        key = _norm(part)
        if ("duty", key) in result.seen:
            continue
        result.seen.add(("duty", key))
        result.responsibilities.append(
            Item(part, "must", "skill", None, source, None, where="responsibility")
        )


#: A clause that points back to the one before it: "match this to ...", "share them with ...".
_POINTS_BACK = LazyPattern(r"^(?:[a-z]+\s+)?(?:this|these|them|it|those)\b(?!\s+(?:is|are)\b)", re.I)


def _split_duties(text: str) -> list[str]:
    parts = re.split(r"\s*;\s*(?=[a-z]+\s)|\s+--\s*|^--\s*", text)
    for n in range(len(parts) - 1, 0, -1):
        if _POINTS_BACK().match(parts[n]) and ";" in text:
            # "understand their training needs; match this to a curriculum": one duty, not two
            parts[n - 1 : n + 1] = [f"{parts[n - 1]}; {parts[n]}"]
    if len(parts) == 1 and len(re.findall(r",\s+(?:and\s+)?\w+ing\b", text)) >= 2:
        # "monitoring the tracker, adding labels to new issues, and giving pointers"
        pieces = re.split(r",\s+(?:and\s+)?(?=\w+ing\b)", text)
        if all(len(piece.split()) >= 3 for piece in pieces):
            parts = pieces
    duties: list[str] = []
    for part in (p for p in parts if p and p.strip()):
        for duty in _whole_duties(part):
            duties.append(duty)
            listed = re.search(r",?\s+including\s+(?P<list>[^.;]+,[^.;]+\band\s+[^.;]+?)[.!]?\s*$", duty)
            if listed is not None:
                # "... work for these projects, including web development, data analysis, and user support"
                duties.extend(
                    piece
                    for piece in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[^,]*$)", listed.group("list"))
                    if len(piece.split()) >= 2
                )
    return duties


# A piece that starts mid-sentence, not a duty of its own.
_FRAGMENT_START = re.compile(r"^(?:to|of|for|with|in|on|at|by|from|as|the)\s", re.U)

#: A requirement cut off mid-phrase: it ends in a preposition, an article or a conjunction.
_CUT_OFF = re.compile(
    r"\b(?:between|of|the|an?|and|or|to|with|for|from|into|towards?|among|including|such as)\s*$", re.I
)

# A sentence that describes the person rather than a duty: "Are visionary in objective, …".
_TRAIT_SENTENCE = re.compile(r"^(?:are|is|be|am)\b", re.I)


def _whole_duties(text: str) -> list[str]:
    """One duty per sentence: "Zoom in and out. Generate … Are visionary …" -> "Generate …".

    A bullet of several sentences is several duties; a lead-in of one to four words
    ("Zoom in and out.") and a sentence about the person rather than the work are
    not duties on their own. A bullet that is only such sentences stays whole.
    """
    found = sentences(text)
    if len(found) < 2:
        return [text]
    duties = [
        s for s in found if len(_tidy(s).split()) >= 5 and not _TRAIT_SENTENCE.search(s.lstrip(" -–—*•"))
    ]
    return duties or [text]


_COMPETENCY = re.compile(r"^(?P<term>[A-Z][\w&/'’ ,()-]{2,60}?)\s*(?::|\s[-–—]\s)\s*(?P<def>\S.*)$")
_OPTION = re.compile(r"(?:[;,.]?\s*\bor\b)?\s+(?=\(?\d\)?[.)]\s+[A-Z])")


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
    text = re.sub(r"^[A-Z][A-Z /&-]{3,60}:\s*", "", text)
    # a concession before the ask: "No one can be expert at everything, but ... we look for ..."
    ask = re.sub(
        r"^(?:no one|nobody|not everyone|none of us)\b[^,;]{0,80},\s*but\s+"
        r"(?:in addition to [^,]{0,60},\s*)?(?:we(?:'re| are)? (?:also )?look(?:ing)? for\s+)?",
        "",
        text,
        flags=re.I,
    )
    if ask != text:
        text = ask[:1].upper() + ask[1:]
    text = re.sub(
        r"^(?:in addition to (?:the )?[^,]{0,60}?(?:listed )?above,\s*|specialized experience(?: for this role)? is "  # noqa: E501
        r"(?:defined as )?|to qualify for this role,\s*|the preferred candidate should possess the following:\s*|"  # noqa: E501
        r"however,\s*)",
        "",
        text,
        flags=re.I,
    )
    out: list[str] = []
    for piece in _split_semicolons(text):
        out.extend(_split_conjunctions(piece))
    return [p for p in (_tidy(p) for p in out) if len(p) > 2 and re.search(r"[A-Za-z]{2}", p)]


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
    re.compile(
        rf",?\s+and\s+(?=(?:at least\s+)?{_NUM}\s*(?:\(\d+\)\s*)?(?:\+\s*)?(?:years?|months?)\b)", re.I
    ),
    # "..., 18 months of which must have been ..."
    re.compile(rf",\s*(?={_NUM}\s+months?\s+of (?:which|this))", re.I),
    # "... and experience with ...", "... and the ability to ..."
    re.compile(
        r",?\s+(?:and|as well as)\s+(?=(?:experience|knowledge|proficiency|familiarity|understanding|expertise|"  # noqa: E501
        r"a (?:bachelor|master|degree)|demonstrated|(?:strong|excellent) \w+ skills)\b)",
        re.I,
    ),
    # "three years of usability testing in addition to working knowledge of ..."
    re.compile(
        r",?\s+in addition to\s+(?=(?:a |an |the )?\w+ing\b|(?:a |an )?(?:working |strong )?knowledge\b)",
        re.I,
    ),
    # "familiar with X, comfortable with Y, and has experience Z"
    re.compile(
        r",\s+(?:and\s+)?(?:(?:has|have|is|are|be)\s+)?(?=(?:comfortable|familiar|proficient|fluent|skilled|"
        r"experienced|knowledgeable)\b|experience\b)",
        re.I,
    ),
    # "... and applicants must not be ..."
    re.compile(r",?\s+and\s+(?=(?:applicants?|candidates?|you)\s+(?:must|should|will|may not))", re.I),
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
                and not re.fullmatch(
                    r"(?:are|is|be)\s+[\w\s,]+", pieces[0], re.I
                )  # "Are motivated, interested"
            ):
                nxt.extend(pieces)
            else:
                nxt.append(part)
        parts = nxt
    return parts


def _norm(text: str) -> str:
    return " ".join(stem(w) for w in _TOKEN.findall(text.lower()))


def years_in(text: str) -> float | None:
    best: float | None = None
    for m in _YEARS.finditer(text):
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


#: Eligibility words that make a requirement a condition of being hired, not a skill.
_CONDITION_OF_HIRE = re.compile(
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
    if _AVAILABILITY.search(text) or _WORKPLACE.search(text) or _CONDITION_OF_HIRE.search(text):
        return "eligibility"
    if (
        years_in(text) is not None
        or (re.search(r"\bexperience\b", text, re.I) and not _TRAIT.fullmatch(text))
    ) and not re.search(r"^(?:proficien|familiar|knowledge|skill)", text, re.I):
        return "experience"
    if _TRAIT.search(text) and len(text.split()) <= 14:
        return "trait"
    return "skill"


#: Where the work is done, stated as a condition: "This is a remote-only position", "This is an
#: onsite position, remote work is not available", "The role is fully on-site".
_WORKPLACE = re.compile(
    r"^(?:this|the)\s+(?:is|role|position|job|post)\b[^.;]{0,30}?\b(?:fully[- ]|100%\s+|entirely\s+)?"
    r"(?:remote(?:-only)?|on-?site|in-person|in-office|office-based|hybrid)(?:\s+only)?\s+"
    r"(?:position|role|job|post)\b"
    r"|^(?:this|the)\s+(?:role|position|job|post)\s+(?:is|will be)\s+(?:fully\s+|100%\s+|entirely\s+)?"
    r"(?:remote|on-?site|in-person|office-based)\b(?!\s+(?:of|to)\b)"
    r"|\bremote work(?:ing)? is not (?:available|possible|an option|offered)\b",
    re.I,
)

#: A sentence whose subject is the role and whose verb states what it takes.
_ROLE_REQUIRES = re.compile(
    r"^(?:this|the) (?:role|position|job|post)(?: also)? (?P<verb>requires(?! that\b)|calls for|demands|"
    r"must (?!be\b)(?=[a-z]+\b))\s*",
    re.I,
)

_ROLE_PITCH = re.compile(r"looking for (?:a|an)\b.{0,80}\bto (?:join|help)|is hiring|we are hiring", re.I)


#: An item that names what the candidate brings: words such as "contact", "submit" or "resumes"
#: in it are its subject ("Three years in a contact centre", "Able to review resumes"), not a
#: word about applying.
_CAPABILITY = re.compile(
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
    if _BOILERPLATE.search(sentence) and not cue and not _CAPABILITY.match(sentence):
        return True
    if _PROCESS.search(sentence) and not (cue and _eligibility(sentence)) and not _CAPABILITY.match(sentence):
        return True
    if re.search(r"\bsubstitut\w*|will be accepted in lieu|in lieu of", sentence, re.I):
        return True
    return bool(
        re.fullmatch(
            r"\W*(?:\d\.\s*)?(?:a )?(?:combination of education and/or experience|education and/or experience "  # noqa: E501
            r"equivalent).*",
            sentence,
            re.I,
        )
    )


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
        parts = []
        options_of: dict[str, str] = {}
        own_rules: set[str] = set()  # a later sentence of an alternative that states a rule of its own
        restates = n > 0 and bool(_BACK_REFERENCE.search(option))
        for index, sentence in enumerate(sentences(option) if split else [option]):
            if re.match(r"^(?:special )?notes?(?::|\s+[A-Z])|^(?:exception|waiver)s?:", sentence, re.I):
                break
            if _not_requirement(sentence) and ";" not in sentence:
                continue
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
                or (re.search(r"may be substituted", part, re.I) and len(part.split()) < 6)
                or re.search(r"\bdescribed in .{0,12}above\W*$", part, re.I)
            ):
                continue  # an alternative path restating "1" above
            if _CUT_OFF.search(part):
                continue  # "understanding the relationships between": the text stops mid-phrase
            if split and _FRAME.search(part) and ":" not in part and len(part.split()) <= 30:
                continue  # the frame of a list ("You must meet the requirements in 1, 2, or 3 below")
            if re.fullmatch(
                r"(?:a )?combination of education and/or experience.*|(?:education and/or )?experience equivalent to .*",  # noqa: E501
                part,
                re.I,
            ):
                continue
            kind = kind_of(part)
            priority = base
            why = dict(basis) if basis else {"from": "section", "cue": section, "line": None}
            nice_words = _nice_cue(part)
            must_words = _must_cue(part)
            licence_words = re.search(r"\b(?:must|required|valid|current)\b", part, re.I)
            if forced is not None:
                priority = forced
                why = _because("item" if aside and aside.startswith("(") else "alternative", aside, source)
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
_LABEL_SENTENCE = re.compile(r"^([A-Z][\w&/'’-]*(?:\s+(?:[A-Z&][\w&/'’-]*|and|of|&)){0,3})\.\s+(?=[A-Z])")
#: "(Python is a plus)", "(a driving licence would be an asset)": a nice-to-have inside a must-have.
_ASIDE_NICE = re.compile(
    r"\s*\((?P<what>[^()]{2,120}?)\s*(?:is|are|would be|will be)?\s*(?:considered\s+)?"
    r"(?:a (?:big |huge )?plus|an? (?:strong |big |real )?(?:asset|advantage|bonus)|"
    r"preferred|desirable|desired|"
    r"nice to have|helpful)\s*\)",
    re.I,
)
#: A reference back to an earlier alternative: 'as described in "1" above'.
_BACK_REFERENCE = re.compile(r"\bdescribed in .{0,12}above", re.I)
#: ", with experience in X particularly preferred": a nice-to-have closing a must-have.
_TRAILING_NICE = re.compile(
    r",\s*(?:with\s+|and\s+)?(?P<what>[^,;()]{3,120}?)\s+(?:is |are |would be )?"
    r"(?:particularly |especially |strongly |highly |also )?"
    r"(?:preferred|a plus|desired|desirable|an asset)\W*$",
    re.I,
)
#: "Experience in one or more of the following disciplines: a, b, c": a must-have group of
#: alternatives, each of which is a nice-to-have on its own.
_ONE_OF_LIST = re.compile(
    r"^(?P<head>.*?\b(?:one|any|either|some)\b(?:,?\s*or more,?)?\s+of the following\b[^:]{0,60}):"
    r"\s*(?P<list>.+)$",
    re.I,
)


def _asides_and_options(parts: list[str]) -> Iterator[tuple[str, str | None, str | None]]:
    """Each part with the priority its own form forces (None: decide from the words) and the words
    that force it, plus the nice-to-have an aside names ("(X is a plus)") and the alternatives an
    inline "one of the following: a, b" lists."""
    for part in parts:
        aside = _ASIDE_NICE.search(part)
        if aside is not None and len(aside.group("what").split()) >= 1 and aside.start() > 0:
            main = _tidy(part[: aside.start()] + part[aside.end() :])
            if main:
                yield main, None, None
            yield _tidy(aside.group("what")), "nice", aside.group(0).strip()
            continue
        trailing = _TRAILING_NICE.search(part)
        if trailing is not None and trailing.start() > 20:
            yield _tidy(part[: trailing.start()]), None, None
            yield _tidy(trailing.group("what")), "nice", trailing.group(0).strip(" ,")
            continue
        yield part, None, None
        options = _ONE_OF_LIST.match(part)
        if options is not None:
            for option in re.split(r"\s*[,;]\s*(?:or\s+|and\s+)?|\s+or\s+", options.group("list")):
                option = _tidy(option)
                if option and re.search(r"[A-Za-z]{2}", option):
                    yield option, "nice", options.group("head")


# -- facts ----------------------------------------------------------------------

_MONEY = re.compile(
    r"(?P<cur>(?<![A-Za-z])(?:NZ|AU|A|CA|C|US|HK|SG|S)?\$|[€£])\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<k>[kK])?"
)
#: The currency of each money symbol; "NZ$", "A$", "C$", "CA$" and "US$" are dollars of their country.
_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "NZ$": "NZD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "S$": "SGD",
    "SG$": "SGD",
    "€": "EUR",
    "£": "GBP",
}
_BARE = re.compile(r"\b(?P<num>\d{1,3}(?:,\d{3})+|\d{4,7})(?:\.\d+)?\b")


_PAY_WORDS = re.compile(
    r"\b(?:salary|pay|compensation|wage|per (?:hour|year|annum)|an? (?:hour|year)|annually|hourly)\b|"
    r"/\s?(?:hr|hour|yr|year)",
    re.I,
)


def parse_pay(text: str) -> dict[str, Any]:
    amounts = [
        (m.group("cur"), float(m.group("num").replace(",", "")) * (1000 if m.group("k") else 1))
        for m in _MONEY.finditer(text)
    ]
    if not amounts:
        amounts = [(None, float(m.group("num").replace(",", ""))) for m in _BARE.finditer(text)]
        amounts = [a for a in amounts if not 1900 <= a[1] <= 2100]
    period = None
    low = text.lower()
    for word, name in (
        (r"hour|hr\b|hourly", "hour"),
        (r"annual|year|yr\b|per annum|salary", "year"),
        (r"month", "month"),
        (r"week", "week"),
        (r"day\b|daily", "day"),
    ):
        if re.search(word, low):
            period = name
            break
    symbol = amounts[0][0] if amounts else None
    currency = _SYMBOLS.get(symbol or "")
    code = re.search(r"\b(USD|EUR|GBP|CAD|AUD|CHF|JPY|INR|NZD|SEK|NOK|DKK|HKD|SGD)\b", text)
    if code and (currency is None or (symbol == "$" and code.group(1).endswith("D"))):
        currency = code.group(1)  # "$90,000 NZD": the code says which dollar
    values = [a[1] for a in amounts]
    if period is None and values:
        period = "hour" if max(values) < 300 else "year" if max(values) >= 10000 else None
    return {
        "min": min(values[:2]) if values else None,
        "max": max(values[:2]) if values else None,
        "currency": currency,
        "period": period,
    }


_SENIORITY = [
    ("intern", re.compile(r"\b(?:intern|internship|trainee|apprentice)\b", re.I)),
    (
        "executive",
        re.compile(r"\b(?:chief|vp|vice president|head of|c[etfo]o|executive director)\b", re.I),
    ),
    ("director", re.compile(r"\bdirector\b", re.I)),
    ("lead", re.compile(r"\b(?:lead|principal|staff|architect)\b", re.I)),
    ("manager", re.compile(r"\b(?:manager|supervisor|supervisory|foreman|superintendent)\b", re.I)),
    ("senior", re.compile(r"\b(?:senior|sr\.?|experienced|iii|iv)\b", re.I)),
    ("entry", re.compile(r"\b(?:junior|jr\.?|entry[- ]level|graduate|assistant|associate|i)\b", re.I)),
]


def _seniority(
    role: str | None,
    role_src: dict[str, Any] | None,
    grade: tuple[str, dict[str, Any]] | None,
    reqs: list[Item],
    text_lines: list[Line],
    file: str,
) -> dict[str, Any] | None:
    if role and role_src:
        for level, pattern in _SENIORITY:
            m = pattern.search(role)
            if m:
                return {"level": level, "basis": f"title: {m.group(0)}", "source": role_src}
    for line in text_lines[:60]:
        m = re.search(r"\bGS-?\s?(\d{1,2})\b", line.text)
        if m:
            gs = int(m.group(1))
            level = "entry" if gs <= 7 else "mid" if gs <= 11 else "senior" if gs <= 13 else "lead"
            src = {"file": file, "start": line.line, "end": line.line}
            if line.page is not None:
                src["page"] = line.page
            return {"level": level, "basis": f"grade: {m.group(0)}", "source": src}
    years = [(r.years, r) for r in reqs if r.years is not None and r.priority == "must"]
    if years:
        most, item = max(years, key=lambda x: x[0] or 0)
        level = "entry" if most < 2 else "mid" if most < 5 else "senior" if most < 8 else "lead"
        return {"level": level, "basis": f"{most:g} years required", "source": item.source}
    return None


def _role_and_company(
    doc: dict[str, Any], lines: list[Line], result: Analysis, file: str
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The role's title and the employer, each from the best source, which it names in ``from``.

    Title: the page's JSON-LD, the front matter's ``title``, a "Job title:" field near the
    top, the first heading that is not a section name, the page or document title, the
    first line. "Role at Company", "Company - Role" and "Role @ Company" are split.
    """

    def at(line: Line) -> dict[str, Any]:
        s: dict[str, Any] = {"file": file, "start": line.line, "end": line.line}
        if line.page is not None:
            s["page"] = line.page
        return s

    jsonld = doc.get("jsonld") or {}
    front = doc.get("front_matter") or {}
    role = company = None
    # navigation and site headings copied with the posting ("Back to search results", "Careers at
    # Acme", "Job details") name no role
    named = [ln for ln in lines if not _NOT_A_TITLE.search(plain(ln.text).strip())]
    first_heading = next((ln for ln in named if ln.kind == "heading"), None)
    title_heading = next(
        (
            ln
            for ln in named[:40]
            if (ln.kind == "heading" or (ln is named[0] and ln.kind == "text" and len(ln.text.split()) <= 12))
            and classify_heading(ln.text.rstrip(":")) is None
            and not ln.text.rstrip().endswith((":", "."))
        ),
        None,
    )
    top = named[0] if named else (lines[0] if lines else None)
    title_field = result.fields.get("title")
    doc_title = doc.get("title")
    front_title = front.get("title") if isinstance(front.get("title"), str) else None
    if (
        front_title is None
        and doc.get("format") in ("markdown", "text")
        and doc_title
        and not any(ln.kind == "heading" and ln.text == doc_title for ln in lines)
    ):
        front_title = doc_title  # not the first heading: the reader took it from the front matter
    if jsonld.get("title") and top is not None:
        role = {"text": jsonld["title"], "source": at(first_heading or top), "from": "jsonld"}
    elif front_title and top is not None:
        role = {"text": clean_title(front_title), "source": at(top), "from": "front_matter"}
    elif title_field is not None and title_field[1]["start"] <= (
        lines[min(len(lines), 25) - 1].line if lines else 0
    ):
        role = {"text": title_field[0], "source": title_field[1], "from": "field"}
    elif title_heading is not None:
        where = "heading" if title_heading.kind == "heading" else "first_line"
        role = {"text": title_heading.text, "source": at(title_heading), "from": where}
    elif title_field is not None:
        role = {"text": title_field[0], "source": title_field[1], "from": "field"}
    elif doc_title and top is not None and classify_heading(doc_title) is None:
        role = {"text": doc_title, "source": at(top), "from": "document_title"}
    elif first_heading is not None:
        role = {"text": first_heading.text, "source": at(first_heading), "from": "heading"}
    elif top is not None:
        role = {"text": top.text, "source": at(top), "from": "first_line"}
    if jsonld.get("hiringOrganization") and top is not None:
        company = {"text": jsonld["hiringOrganization"], "source": at(first_heading or top), "from": "jsonld"}
    elif (org := next((front[k] for k in _FRONT_COMPANY if isinstance(front.get(k), str)), None)) is not None:
        company = {
            "text": plain(str(org)).strip(),
            "source": at(top) if top else {"file": file, "start": 1, "end": 1},
            "from": "front_matter",
        }
    elif "company" in result.fields:
        value, source = result.fields["company"]
        company = {"text": value, "source": source, "from": "field"}
    if role is not None:
        title = role["text"] = clean_title(role["text"])
        m = re.match(r"^(?P<a>.{2,60}?)(?:\s+[-–—|]|:)\s+(?P<b>.{3,})$", title)
        at_m = re.match(r"^(?P<b>.{3,}?)\s+(?:at|@)\s+(?P<a>[A-Z0-9][\w.&' -]{1,60})$", title)
        if at_m:
            role["text"], org = at_m.group("b"), at_m.group("a")
            if company is None or company["from"] == "field":  # "Department: X" names a unit of it
                company = {"text": org, "source": role["source"], "from": "title"}
        elif m:
            a, b = m.group("a"), m.group("b")
            hiring = next(
                (ln for ln in lines[:15] if re.search(rf"^{re.escape(a)}\s+is hiring\b", ln.text)), None
            )
            if hiring is not None or (len(a.split()) <= 4 and not _SENIORITY_ROLE.search(a)):
                role["text"] = b
                company = company or {
                    "text": a,
                    "source": role["source"],
                    "from": "title",
                }
    if company is None:
        company = _company_in_text(lines, at)
    if company is None and doc.get("site_name") and top is not None:
        company = {"text": doc["site_name"], "source": at(top), "from": "site_name"}
    if company is None:
        company = _company_from_address(lines, at)
    return role, company


#: A line at the top of a copied page that names no role: navigation, the site's own headings.
_NOT_A_TITLE = re.compile(
    r"^(?:back to\b|return to\b|go back\b|skip to\b|view all\b|new search\b|"
    r"(?:search|browse) (?:jobs|results)|"
    r"apply(?: now| here| online)?$|save(?: this)?(?: job)?$|share(?: this job)?$|sign in\b|log in\b|"
    r"home$|menu$|print$|posted\b|"
    r"(?:careers?|jobs?|vacancies|job (?:details|description|posting|openings?)|open (?:positions|roles)|"
    r"current (?:vacancies|openings)|work with us|join (?:us|our team))(?:\s+(?:at|with|@)\s+.+)?$)",
    re.I,
)

#: Front-matter keys that name the employer.
_FRONT_COMPANY = ("company", "org", "organization", "organisation", "employer", "agency", "institution")

#: Connecting words allowed in lower case inside an organisation's name.
_NAME_JOINERS = {"of", "and", "&", "for", "the", "de", "du", "la", "von", "van", "at", "in", "on", "und"}

#: A name's first word that makes it a description, not a name ("This role", "Our team").
_NOT_NAME_START = re.compile(
    r"^(?:this|that|these|it|we|our|you|your|they|their|he|she|the (?:role|position|team|job|candidate|"
    r"successful|ideal|post|work|department|office|company|organi[sz]ation)|an?\s|all|each|every|applicants?|"
    r"candidates?|if|when|as|in|at|for|please|note)\b",
    re.I,
)

#: Where an employer names itself in the text: "X is hiring", "Join X to ...", "About X",
#: "X is a/an/the ...", "The <role> at X is ...".
_COMPANY_SENTENCES = (
    re.compile(
        r"^(?P<org>[A-Z][\w.&',’ -]{1,80}?)\s+(?:is (?:hiring|looking|seeking|a growing)|seeks|"
        r"(?:located in [A-Z][\w ]{1,30} )?has an? (?:immediate )?opening)\b"
    ),
    re.compile(
        r"^Join\s+(?:us at\s+)?(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’ -]{1,80}?)(?:\s+\([A-Z]{2,10}\))?"
        r"(?:\s+(?:to|and|as|in|where|on)\b|[,.!]|$)"
    ),
    re.compile(r"^About\s+(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’ -]{1,80}?)\s*:?$"),
    re.compile(
        r"^(?P<org>(?:The\s+)?[A-Z][\w.&',’ -]{1,80}?)\s+is\s+(?:a|an|the|one of|leading|proud|"
        r"committed|dedicated|home to)\b"
    ),
    re.compile(
        r"^The\s+[\w&/ -]{2,60}?\s+at\s+(?P<org>[A-Z][\w.&',’ -]{1,80}?)(?:\s+\([A-Z]{2,10}\))?"
        r"\s+(?:is|will|[a-z]{2,}s)\b"
    ),
    re.compile(
        r"^This (?:position|role|job|post|vacancy)\b.{0,120}?\bat\s+(?P<org>[A-Z][\w.&'’ -]{1,80}?)"
        r"(?:\s+\([A-Z]{2,10}\))?(?:[,;]|\.(?:\s|$)|$)"
    ),
    # "At Acme, Inc., we ...", "At the City of Leeds, our people ..."
    re.compile(r"^At\s+(?P<org>(?:the\s+)?[A-Z][\w.&'’ ,-]{1,80}?),\s+(?:we|our|you)\b"),
    # headings: "Why Acme?", "Working at Acme", "Life at Acme", "Why work for Acme"
    re.compile(
        r"^(?:Why\s+(?:work\s+(?:at|for|with)\s+|join\s+)?|(?:Working|Life|Careers?)\s+(?:at|with)\s+)"
        r"(?P<org>(?:the\s+)?[A-Z][\w.&'’ -]{1,60}?)\s*[?:!]?$"
    ),
)
#: The employer in its equal-opportunity statement, usually the last lines of a posting.
_EEO_NAME = LazyPattern(
    r"^(?P<org>(?:The\s+)?[A-Z][\w.&',’ -]{1,80}?)\s+(?:is\s+(?:an?\s+|proud\s+to\s+be\s+an?\s+)"
    r"(?:equal\s+(?:employment\s+)?opportunit|EEO?\b|affirmative)|provides\s+equal|does\s+not\s+discriminate)"
)

#: A registered name, anywhere near the top: "Natural Essentials, Inc.", "Harbor Freight Tools LLC".
_LEGAL_NAME = LazyPattern(
    r"(?<![\w.])(?P<org>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){0,5},?\s+"
    r"(?:Inc\.|Inc\b|LLC\b|L\.L\.C\.|Ltd\.|Ltd\b|Limited\b|GmbH\b|plc\b|PLC\b|Corp\.|Corporation\b|"
    r"B\.V\.|S\.A\.|Pty\.? Ltd\.?))"
)
#: A public body named by its kind and its place: "City of Austin", "Royal Borough of Greenwich",
#: "State of New Jersey", "University of Michigan".
_PUBLIC_BODY = LazyPattern(
    r"(?<![\w’'])(?P<org>(?:Royal\s+)?(?:City|County|State|Town|Borough|Province|Commonwealth|Municipality|"
    r"Government|University|District)\s+of\s+(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})"
)
#: The last word of an organisation's name set on its own line under the title ("Riverside Health
#: Trust", "Millbrook City Council").
_ORG_WORD = LazyPattern(
    r"\b(?:Trust|Council|University|College|School|Hospital|Authority|Agency|Department|Ministry|Foundation|"
    r"Association|Society|Bank|Institute|Institution|Centre|Center|Museum|Library|Board|Commission|"
    r"Corporation|Company|Group|Partnership|Network|Inc\.?|Ltd\.?|LLC|plc|Laboratory|Laboratories|Labs?|"
    r"Clinic|Cooperative|Charity|Studios?|Technologies|Systems|Solutions|Services|Federation|Union|Trust)$"
)
#: Words that start the sentence, not the name, before a registered name ("At Acme, Inc.").
_LEAD_WORDS = {"at", "with", "join", "about", "for", "by", "from", "in", "the", "and", "apply", "contact"}


#: A name that ends in an abbreviation keeps its full stop ("Acme, Inc.").
_ABBREVIATION_END = re.compile(r"\b(?:Inc|Ltd|Co|Corp|Bros|LLC|L\.L\.C|plc|S\.A|B\.V|GmbH|Pty|Assn)\.$")


def organisation_name(text: str) -> str | None:
    """``text`` as an organisation's name, or None when it is no name: capitalised words (a few
    joiners like 'of' and 'and' in lower case), not a description ('This role', 'Our team'), not a
    job title. "The newly formed X" is X; "X, DBA Y" is X; "The X (ABC)" keeps its abbreviation."""
    text = plain(text).strip().strip(",;:")
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    text = re.sub(r"^[Tt]he\s+(?:[a-z][\w-]*\s+)+(?=[A-Z])", "", text)  # The newly formed X
    if re.match(r"^the\s+\S+$", text):
        return None  # "About the Job": a heading in title case, not a name
    text = re.sub(r"^the\s+(?=[A-Z])", "", text)  # "join the X"
    text = re.split(r",?\s+(?:DBA|d/b/a)\s+", text)[0].strip()
    words = text.split()
    if not words or len(words) > 9 or _NOT_NAME_START.search(text):
        return None
    if _SENIORITY_ROLE.search(text):
        return None
    for i, word in enumerate(words):
        w = word.strip("(),")
        if not w:
            continue
        if w.lower() in _NAME_JOINERS and i > 0:
            continue
        if not (w[0].isupper() or w[0].isdigit()):
            return None
    return text


def _company_in_text(lines: list[Line], at: Any) -> dict[str, Any] | None:
    """The employer where the first lines name it in a sentence or an 'About X' heading, else
    the first registered name ("Acme, Inc.") they hold."""
    for line in lines[:40]:
        text = plain(line.text).strip()
        for pattern in _COMPANY_SENTENCES:
            m = pattern.match(text)
            if m and (org := organisation_name(m.group("org"))):
                return {"text": org, "source": at(line), "from": "text"}
    for line in lines[1:4]:  # the employer on its own line under the title
        text = plain(line.text).strip()
        if (
            line.kind == "text"
            and len(text.split()) <= 8
            and _ORG_WORD().search(text)
            and (org := organisation_name(text))
        ):
            return {"text": org, "source": at(line), "from": "text"}
    for line in lines[:40]:
        for m in _LEGAL_NAME().finditer(plain(line.text)):
            words = m.group("org").split()
            while len(words) > 2 and words[0].lower() in _LEAD_WORDS:
                words = words[1:]
            if org := organisation_name(" ".join(words)):
                return {"text": org, "source": at(line), "from": "text"}
    for line in lines:
        m = _EEO_NAME().match(plain(line.text).strip())
        if m and (org := organisation_name(m.group("org"))):
            return {"text": org, "source": at(line), "from": "text"}
    for line in lines[:40]:
        if line.kind == "bullet" or _LICENCE.search(line.text):
            continue  # "State of Ohio electrical licence": a qualification, not the employer
        for m in _PUBLIC_BODY().finditer(plain(line.text)):
            if org := organisation_name(re.sub(r"[’']s$", "", m.group("org"))):
                return {"text": org, "source": at(line), "from": "text"}
    return None


#: Mail hosts that name no employer.
_PUBLIC_MAIL = LazyPattern(
    r"^(?:gmail|googlemail|yahoo|hotmail|outlook|live|aol|icloud|me|proton(?:mail)?|gmx|mail|example)\.", re.I
)


def _company_from_address(lines: list[Line], at: Any) -> dict[str, Any] | None:
    """The last resort: the domain of the first e-mail address that is not a public mail host
    (``jobs@acme.example`` gives 'acme.example'), from 'email_domain'."""
    for line in lines:
        m = re.search(r"\b[\w.+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b", line.text)
        if m and not _PUBLIC_MAIL().match(m.group("domain")):
            domain = m.group("domain").lower()
            domain = re.sub(r"^(?:mail|email|jobs|careers|hr|recruiting)\.", "", domain)
            return {"text": domain, "source": at(line), "from": "email_domain"}
    return None


def clean_title(text: str) -> str:
    """A title without markup, quotes or a trailing colon."""
    text = plain(text).strip().strip("\"'“”").rstrip(":").strip()
    return (
        re.sub(
            r"^(?:job description|job posting|job advert(?:isement)?|vacancy|position|job title|role)"
            r"\s*(?:for|:|-|–)\s*",
            "",
            text,
            flags=re.I,
        ).strip()
        or text
    )


_SENIORITY_ROLE = re.compile(
    r"\b(?:engineer|developer|manager|designer|analyst|specialist|director|officer|accountant|assistant|"
    r"technician|nurse|electrician|plumber|consultant|administrator|scientist|lead|associate|programmer|"
    r"writer|editor|coach|tester|fellow|strategist|representative|clerk|operator|supervisor|coordinator|"
    r"advis[eo]r|expert|architect|chief|researcher|agent|aide|helper|teacher|driver|chemist|compounder)\b",
    re.I,
)


# -- themes ---------------------------------------------------------------------

_THEME_STOP = _STOP | set(
    [
        "candidate",
        "candidates",
        "applicant",
        "applicants",
        "position",
        "role",
        "job",
        "team",
        "teams",
        "organization",
        "organizations",
        "government",
        "federal",
        "agency",
        "agencies",
        "partner",
        "partners",
        "including",
        "successful",
        "provide",
        "support",
        "ensure",
        "opportunity",
        "opportunities",
        "environment",
        "environments",
        "demonstrate",
        "demonstrating",
        "required",
        "preferred",
        "minimum",
        "qualification",
        "qualifications",
        "requirement",
        "requirements",
        "responsibilities",
        "duties",
        "specialized",
        "ability",
        "capacity",
        "individual",
        "individuals",
        "perform",
        "performing",
        "assist",
        "assisting",
        "assigned",
        "other",
        "others",
        "public",
        "private",
        "time",
        "full",
        "satisfactory",
        "progressively",
        "responsible",
        "described",
        "gs",
        "generally",
        "type",
        "types",
        "needed",
        "need",
        "needs",
        "like",
        "within",
        "day",
        "daily",
        "regular",
        "regularly",
        "accredited",
    ]
)


def _phrases(text: str) -> Iterator[tuple[str, str]]:
    """(key, surface) for every 1-3 word run of content words."""
    runs: list[list[str]] = [[]]
    for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9+#./&'’-]*|[,;:()]", text):
        word = m.group(0).strip(".'’").lower()
        if (
            not word
            or word in ",;:()"
            or word in _THEME_STOP
            or not re.search("[a-z]", word)
            or len(word) < 2
        ):
            runs.append([])
            continue
        runs[-1].append(word)
    for run in runs:
        for size in (1, 2, 3):
            for i in range(len(run) - size + 1):
                words = run[i : i + size]
                yield " ".join(stem(w) for w in words), " ".join(words)


def _themes(role: dict[str, Any] | None, result: Analysis, n: int) -> list[dict[str, Any]]:
    entries: list[tuple[str, float, Item | None, str, dict[str, Any]]] = []
    if role is not None:
        entries.append((role["text"], 3.0, None, "title", role["source"]))
    for item in result.requirements:
        if item.kind == "eligibility":
            continue  # citizenship and clearances are gates, not what the employer weighs
        weight = 3.0 if item.priority == "must" else 1.5
        if item.years:
            weight += min(item.years, 10) * 0.3
        entries.append((item.text, weight, item, item.priority, item.source))
    for item in result.responsibilities:
        entries.append((item.text, 1.0, item, "duty", item.source))
    scores: dict[str, float] = {}
    surfaces: dict[str, dict[str, int]] = {}
    hits: dict[str, list[int]] = {}
    for index, (text, weight, _, _, _) in enumerate(entries):
        seen: set[str] = set()
        for key, surface in _phrases(text):
            if key in seen:
                continue
            seen.add(key)
            size = key.count(" ") + 1
            scores[key] = scores.get(key, 0.0) + weight * (1 + 0.35 * (size - 1))
            surfaces.setdefault(key, {})
            surfaces[key][surface] = surfaces[key].get(surface, 0) + 1
            hits.setdefault(key, []).append(index)
    ranked = sorted(
        (k for k in scores if len(hits[k]) >= 2 or scores[k] >= 4.5),
        key=lambda k: (-scores[k], k),
    )
    chosen: list[str] = []
    for key in ranked:
        words = set(key.split())
        if any(words <= set(c.split()) or set(c.split()) <= words for c in chosen):
            # keep the longer phrase when it has (almost) the weight of the shorter one
            continue
        chosen.append(key)
        if len(chosen) >= n:
            break
    out = []
    for key in chosen:
        idx = hits[key]
        surface = max(surfaces[key].items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
        items = [entries[i] for i in idx]
        years = [e[2].years for e in items if e[2] is not None and e[2].years is not None]
        out.append(
            {
                "phrase": surface,
                "weight": round(scores[key], 2),
                "mentions": len(idx),
                "must": sum(1 for e in items if e[3] == "must"),
                "nice": sum(1 for e in items if e[3] == "nice"),
                "years": max(years) if years else None,
                "evidence": [{"text": e[0], "where": e[3], "source": e[4]} for e in items[:8]],
            }
        )
    return out


# -- outputs --------------------------------------------------------------------


def _outputs(doc: dict[str, Any], lines: list[Line], result: Analysis, n_themes: int) -> dict[str, Any]:
    file = doc["source"]
    role, company = _role_and_company(doc, lines, result, file)
    location: dict[str, Any] | None = None
    pay: dict[str, Any] | None = None
    jsonld = doc.get("jsonld") or {}
    front = doc.get("front_matter") or {}
    location = _location(lines, result, jsonld, front, role, file, company)
    if location is not None:
        location["remote"] = bool(re.search(r"\bremote\b|telework|virtual|anywhere", location["text"], re.I))
    if "pay" in result.fields:
        value, source = result.fields["pay"]
        pay = {"text": value, "source": source, **parse_pay(value)}
    elif jsonld.get("baseSalary") and role is not None:
        pay = {"text": jsonld["baseSalary"], "source": role["source"], **parse_pay(jsonld["baseSalary"])}
    else:
        pay_spans = [
            (s["source"]["start"], s["source"]["end"]) for s in result.sections if s["category"] == "pay"
        ]
        for line in lines:
            in_pay_section = any(start < line.line <= end for start, end in pay_spans)
            if _MONEY.search(line.text) and (in_pay_section or _PAY_WORDS.search(line.text)):
                source = {"file": file, "start": line.line, "end": line.line}
                if line.page is not None:
                    source["page"] = line.page
                pay = {"text": line.text, "source": source, **parse_pay(line.text)}
                break
    seniority = _seniority(
        role["text"] if role else None,
        role["source"] if role else None,
        result.fields.get("grade"),
        result.requirements,
        lines,
        file,
    )

    def item_out(item: Item) -> dict[str, Any]:
        return {
            "text": item.text,
            "priority": item.priority,
            "kind": item.kind,
            "years": item.years,
            "section": item.section,
            "group": item.group,
            "source": item.source,
            "why": item.why,
        }

    seen_conditions: set[str] = set()
    conditions = []
    for c in result.conditions:
        key = _norm(c.text)
        if key and key not in seen_conditions:
            seen_conditions.add(key)
            conditions.append({"text": c.text, "source": c.source})
    return {
        "source": file,
        "format": doc.get("format", "text"),
        "role": role,
        "company": company,
        "seniority": seniority,
        "location": location,
        "pay": pay,
        "sections": result.sections,
        "requirements": [item_out(r) for r in result.requirements],
        "responsibilities": [
            {"text": r.text, "source": r.source}
            for r in result.responsibilities
            if not _about_employer(r.text, company["text"] if company else None)
        ],
        "themes": _themes(role, result, n_themes),
        "summary": _summary(result),
        "conditions": conditions,
    }


def _about_employer(text: str, company: str | None) -> bool:
    """A sentence that says what the employer is, not what the role does: "Maple Grove Care
    Home is a 90-bed home ...", "We are a small team ..."."""
    if re.match(
        r"^(?:we|our (?:company|team|organi[sz]ation|firm))\s+(?:are|is|were|was|have)\b", text, re.I
    ):
        return True
    if not company:
        return False
    name = re.escape(re.sub(r"[,.]?\s+(?:Inc|LLC|Ltd|Corp)\.?$", "", company.strip()))
    return bool(re.match(rf"^(?:the\s+)?{name}\b[^.]{{0,30}}?\s+(?:is|are|was|has|have)\b", text, re.I))


def _location(
    lines: list[Line],
    result: Analysis,
    jsonld: dict[str, Any],
    front: dict[str, Any],
    role: dict[str, Any] | None,
    file: str,
    company: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Where the job is, from the best source: the page's JSON-LD, a labelled field, the front
    matter, a 'Location' section, a header line near the top, a sentence ('based in X',
    'This is a remote position'); a value that does not look like a place is passed over."""

    def at(line: Line) -> dict[str, Any]:
        source: dict[str, Any] = {"file": file, "start": line.line, "end": line.line}
        if line.page is not None:
            source["page"] = line.page
        return source

    if jsonld.get("jobLocation") and role is not None:  # structured: locality, region, country
        return {"text": str(jsonld["jobLocation"]), "source": role["source"], "from": "jsonld"}
    found, stated_mode = _place_and_mode(lines, result, front, role, at, company["text"] if company else None)
    if found is not None and stated_mode is not None and mode(found["text"]) is None:
        # "Work Location: In person" and "Hamilton, ON" in the header: "Hamilton, ON (In person)"
        return {**found, "text": f"{found['text']} ({stated_mode['text']})"}
    return found or stated_mode


def _place_and_mode(
    lines: list[Line],
    result: Analysis,
    front: dict[str, Any],
    role: dict[str, Any] | None,
    at: Any,
    company: str | None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The place the posting names, from the best source, and a work mode stated on its own
    ("Work Location: In person", "This is an onsite position")."""
    stated_mode: dict[str, Any] | None = None
    if "location" in result.fields:
        value, source = result.fields["location"]
        text = place(value, lenient=True)
        if text and len(text.split()) <= 3 and mode(text) and not re.search(r",|\b[A-Z]{2}\b", text):
            stated_mode = {"text": text, "source": source, "from": "field"}
        elif text:
            return {"text": text, "source": source, "from": "field"}, None
    if isinstance(front.get("location"), str) and role is not None:
        text = place(front["location"], lenient=True)
        if text:
            return {"text": text, "source": role["source"], "from": "front_matter"}, stated_mode
    for i, line in enumerate(lines):
        if line.kind == "heading" and _FIELD_KEYS["location"].search(line.text.strip(" :#*")):
            for body in lines[i + 1 : i + 3]:
                if body.kind == "heading":
                    break
                text = header_place(body.text) or in_prose(body.text)
                if text:
                    return {"text": text, "source": at(body), "from": "section"}, stated_mode
    for line in lines[:8]:
        if line.kind != "bullet" and len(line.text) <= 80:
            header = line.text
            if company and header.startswith(company) and len(header) > len(company):
                header = header[len(company) :].strip(" ,;|–—-")  # "Kestrel Foods Ltd, Norwich, England"
            text = header_place(header) if len(header) <= 60 else None
            if text:
                return {"text": text, "source": at(line), "from": "header"}, stated_mode
    for line in lines:
        text = in_prose(line.text)
        if text in ("Remote", "Hybrid", "On-site"):
            stated_mode = stated_mode or {"text": text, "source": at(line), "from": "sentence"}
        elif text:
            return {"text": text, "source": at(line), "from": "sentence"}, stated_mode
    return None, stated_mode


def _summary(result: Analysis) -> list[dict[str, Any]]:
    """The introduction's sentences, each once, with the lines it is on."""
    seen: set[str] = set()
    out = []
    for text, source in result.summary:
        key = _norm(text)
        if key and key not in seen:
            seen.add(key)
            out.append({"text": text, "source": source})
    return out


# -- the step -------------------------------------------------------------------


def analyze(ctx: prepflow.StepContext) -> dict[str, Any]:
    doc = load_document(ctx, ctx.config["source"], max_bytes=ctx.config.get("max_bytes"))
    vocabulary = Vocabulary.from_data(load_data("postings", ctx))  # extended by the plan's packs
    result = analyze_document(doc, n_themes=int(ctx.config.get("themes", 10)), vocabulary=vocabulary)
    if not result.get("requirements"):  # said here, where the posting is read, not by a later step
        ctx.log.warning(
            "%s: found no requirements in it (%d lines read); check that it is the job posting",
            doc["source"],
            len(doc["lines"]),
        )
    return result
