"""The rules behind ``job.analyze``: its documentation, config and outputs are in
:mod:`prepflow_plugins.job`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.documents import load_document

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
    r"desir(?:ed|able)|ideally|an advantage|advantageous|helpful|would be (?:great|nice|beneficial)|"
    r"not required|optional|good to have|pluses)\b",
    re.I,
)
_MUST = re.compile(
    r"\b(?:must|required|requires?|minimum|mandatory|essential|at least|need to have|will not be considered)\b",  # noqa: E501
    re.I,
)
_PROCESS = re.compile(
    r"\b(?:resumes?|résumés?|cover letters?|(?:your|an|the|this|job|online) applications?\b|"
    r"applications? (?:materials|process|form|package|will|are|must|deadline)|"
    r"apply (?:now|online|here|via|through)|apply for (?:this|the) (?:job|position|role)|(?:how|ready|want) to apply|applicants? (?:will|who|may)|submit|"  # noqa: E501
    r"we (?:recommend|encourage)|will be (?:reviewed|scored|evaluated|assessed|placed|rated|contacted)|"
    r"scoring rubric|category rating|best qualified|veterans?|transcripts?|questionnaire|click|"
    r"qualification determinations|hiring process|interview process|if selected|selectee|"
    r"reach out to candidates|your score|minimally qualified|rolling basis|job (?:announcement|posting) (?:number|closes)|usajobs)\b",  # noqa: E501
    re.I,
)
_ELIGIBILITY = re.compile(
    r"\b(?:citizens?|citizenship|nationals?\b|work authori[sz]ation|authori[sz]ed to work|visa|sponsorship|"
    r"background (?:check|investigation)|security clearance|clearance|public trust|drug (?:test|screen)|"
    r"civil service|permanent .{0,40}(?:status|only)|open to|will not be considered|eligib|"
    r"employees? (?:of|on)|contractors?|relocat|willing to|able to (?:travel|lift|work (?:nights|weekends|shifts))|"  # noqa: E501
    r"travel|lift\b|physical)",
    re.I,
)
#: Working hours as a condition ("willing to work shifts", "must be available on call", "on-call
#: rotation required"). Being on call on its own is a duty or an experience ("familiarity with
#: on-call practices"), not an eligibility condition.
_AVAILABILITY = re.compile(
    r"\b(?:willing(?:ness)?|able|ability|available|availability|expected|required|prepared|must)\b"
    r"(?:\s+(?:to|be|and|or|for|work|working|participate|in|an?|the|occasional|rotating|some|as))*"
    r"\s+(?:on[- ]?call|shifts?|weekends?|nights?|evenings?|overtime|holidays?)\b|"
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
    r"\b(?:trial period|probationary period|direct deposit|selective service|e-?verify|financial disclosure|"
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
    r"(?:^|\b)(?:you must|you'?ll need|you will need|you should have|you have|you bring|must (?:have|possess|"
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


def _stem(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


# -- text clean-up --------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_EMPH = re.compile(r"(\*\*|__|\*|`)")
_ABBREV = re.compile(
    r"\b(?:U\.S|e\.g|i\.e|etc|Inc|Ltd|Co|No|Dr|Mr|Ms|Mrs|St|vs|approx|Jr|Sr|Ph\.D|B\.S|B\.A|M\.S|M\.A|U\.K|"
    r"N\.Y|D\.C|a\.m|p\.m|Corp|Dept|Govt|min|max|yrs?)\.",
    re.I,
)
_SENTENCE = re.compile(
    r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])|(?<=[.!?])\s*(?=--)|\s+--\s*|^--\s*|\s{2,}-\s+"
)


def plain(text: str) -> str:
    """Markdown inline markup and list markers removed, whitespace collapsed."""
    text = _MD_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    text = _EMPH.sub("", text)
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
    """Split prose into sentences, keeping abbreviations and inline "--" items apart."""
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
    return bool(_ELIGIBILITY.search(text) or _AVAILABILITY.search(text))


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


@dataclass
class Context:
    """Where a unit of text sits: its section's category and the lead-in governing it."""

    category: str
    section: str | None
    lead: str | None = None  # must | nice | responsibilities | drop | conditions | None
    group: str | None = None
    alternatives: bool = False


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


@dataclass
class Analysis:
    requirements: list[Item] = field(default_factory=list)
    responsibilities: list[Item] = field(default_factory=list)
    conditions: list[Item] = field(default_factory=list)
    fields: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    summary: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


_SECTION_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "eeo",
        re.compile(
            r"equal (?:employment )?opportunit|\beeo\b|diversity|accommodation|non-?discrimination", re.I
        ),
    ),
    ("benefits", re.compile(r"benefit|perks|what we offer|we offer|rewards|why (?:join|work)|life at", re.I)),
    (
        "conditions",
        re.compile(r"employment requirements|conditions of employment|if selected|physical demands", re.I),
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
            r"how to apply|^apply|application|next steps|hiring process|interview process|required documents|"
            r"what to expect|to apply|closing date",
            re.I,
        ),
    ),
    (
        "requirements",
        re.compile(
            r"qualif|requirement|required|minimum|must[- ]have|what you(?:'ll)? (?:need|bring)|who you are|"
            r"about you|you (?:have|bring|are|need)|skills|competenc|knowledge|eligib|looking for|"
            r"ideal candidate|profile|specialized experience|selection criteria|essential|^experience|"
            r"education|licen[cs]|certification|who may apply|what it takes",
            re.I,
        ),
    ),
    (
        "responsibilities",
        re.compile(
            r"responsib|duties|what you(?:'ll| will)? do|objective|role overview|day[- ]to[- ]day|"
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


def classify_heading(text: str) -> str | None:
    head, colon, _ = text.partition(":")
    if colon and len(head) <= 40:
        text = head
    for category, pattern in _SECTION_RULES:
        if pattern.search(text):
            return category
    return None


_REQ_CATEGORIES = ("requirements", "preferred", "evaluation")


def _lead_in(text: str, ctx: Context) -> tuple[str | None, bool, bool]:
    """What a lead-in line makes of the list under it: (priority/category, alternatives, sticky)."""
    low = text.lower()
    if re.search(
        r"for each job|on your resume|provide:|application|how it will work|to apply", low
    ) and not re.search(r"must include|must have", low):
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
    if _NICE.search(low):
        return "nice", False, False
    if re.search(r"duties|responsibilities|you will|you'll|day to day|tasks|successful .*:$", low):
        return "responsibilities", False, False
    if re.search(
        r"\b(?:are|is|you are|you have|you bring|we(?:'re| are) looking for|ideal candidate|should)\b.{0,20}:$",  # noqa: E501
        low,
    ):
        if ctx.category in _REQ_CATEGORIES:
            return None, False, False
        return "nice", False, False
    return None, False, False


# -- reading the document -------------------------------------------------------


def _lines(doc: dict[str, Any]) -> list[Line]:
    out: list[Line] = []
    wraps = doc.get("format") in ("text", "markdown")
    for item in doc["lines"]:
        raw = item["text"]
        kind = item.get("kind") or ("heading" if raw.startswith("#") else "text")
        text = plain(_strip_marker(raw) if kind in ("heading", "bullet") else raw)
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
        ):
            prev.text = f"{prev.text} {text}"
            prev.raw = f"{prev.raw} {raw}"
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
            )
        )
    return out


def _pseudo_heading(line: Line) -> bool:
    """A short line that works as a heading: bold on its own, ALL CAPS, or a label ending in ':'."""
    if line.kind != "text":
        return False
    raw, text = line.raw.strip(), line.text
    words = text.split()
    if len(words) > 9 or len(text) < 3:
        return False
    if re.fullmatch(r"(\*\*|__)[^*_]+(\*\*|__):?", raw):
        return True
    if (
        text.endswith(":")
        and len(words) <= 6
        and not re.search(r"\b(?:include|following|below|are|is)\b", text, re.I)
    ):
        return True
    return _is_shout(text) and not text.endswith((".", ",")) and len(words) <= 6


def _is_field_line(text: str) -> bool:
    m = _FIELD_LABEL.match(text)
    return m is not None and len(m.group("label").split()) <= 4 and len(text.split()) <= 15


_BOLD_LINE = re.compile(r"(\*\*|__)[^*_]+(\*\*|__):?")
_FIELD_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z/&' ()-]{1,40}?):\s+(?P<value>\S.*)$")


def analyze_document(doc: dict[str, Any], *, n_themes: int = 10) -> dict[str, Any]:
    """The analysis of a loaded posting (see the module's docstring)."""
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

    # headings stack: (level, title, category)
    stack: list[tuple[int, str, str | None]] = []
    section_heads: list[tuple[Line, int, str]] = []
    lead: Context | None = None  # the current text-level lead-in
    bullet_leads: list[tuple[int, Context]] = []  # lead-ins set by bullets, by depth
    sticky_must = False
    pending_label: tuple[str, Line] | None = None

    def category() -> str:
        for _, _, cat in reversed(stack):
            if cat is not None:
                return cat
        return "other"

    def section_title() -> str | None:
        return stack[-1][1] if stack else None

    def push_heading(level: int, title: str, line: Line, real: bool) -> None:
        nonlocal lead, sticky_must
        cat = classify_heading(title)
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title, cat))
        lead, sticky_must = None, False
        bullet_leads.clear()
        if real:
            section_heads.append((line, level, cat or category()))

    for index, line in enumerate(lines):
        text = line.text
        # field values on the line after a bold label ("**Location:**" then "Washington, DC")
        if pending_label is not None and line.kind == "text" and not _pseudo_heading(line):
            label, label_line = pending_label
            pending_label = None
            _record_field(result, label, text, src(label_line, line))
            _field_requirement(result, label, text, src(label_line, line), section_title())
            continue
        pending_label = None
        if line.kind == "heading":
            push_heading(line.level, text.rstrip(":"), line, True)
            continue
        if _pseudo_heading(line):
            label = text.rstrip(":").strip()
            if (
                line.raw.strip().endswith((":**", ":", ":__"))
                and index + 1 < len(lines)
                and lines[index + 1].kind == "text"
            ):
                nxt = lines[index + 1]
                if (
                    not _pseudo_heading(nxt)
                    and len(label.split()) <= 4
                    and len(nxt.text.split()) <= 30
                    and not re.search(r"(?:how|following|include|includes|below)", label, re.I)
                ):
                    pending_label = (label, line)
                    continue
            level = (stack[-1][0] + 1) if stack else 1
            cat = classify_heading(label)
            if cat is not None or _is_shout(label):
                push_heading(min(level, 7), label, line, False)
            else:
                ctx = Context(category(), section_title())
                verdict, alts, _ = _lead_in(label + ":", ctx)
                lead = Context(category(), section_title(), verdict, label, alts)
            continue
        m = _FIELD_LABEL.match(text)
        if (
            m
            and line.kind == "text"
            and len(m.group("label").split()) <= 4
            and not _lead_text(m.group("label"))
        ):
            label, value = m.group("label"), m.group("value")
            if _record_field(result, label, value, src(line)) or _field_requirement(
                result, label, value, src(line), section_title()
            ):
                continue
        cat = category()
        ctx = Context(cat, section_title())
        if line.kind == "bullet":
            while bullet_leads and bullet_leads[-1][0] >= line.depth:
                bullet_leads.pop()
            governing = bullet_leads[-1][1] if bullet_leads else lead
            if governing is not None:
                ctx = governing
            if text.rstrip().endswith(":") or re.search(
                r"(?:all|three|two|one|any) of the following", text, re.I
            ):
                verdict, alts, _ = _lead_in(text, ctx)
                group_ctx = Context(ctx.category, ctx.section, verdict or ctx.lead, text, alts)
                if verdict is None and governing is not None:
                    group_ctx.lead = governing.lead
                bullet_leads.append((line.depth, group_ctx))
                continue
            _take_unit(result, text, line, ctx, src(line), sticky_must)
            continue
        # a text line: sentences, some of them lead-ins
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
        for sentence in sentences(text):
            inline = re.match(
                r"^(?P<head>.{0,160}?(?:(?:duties|responsibilities)\s+(?:will\s+)?(?:include|are)[^:]{0,40}|"
                r"will be responsible for|following)):\s*(?P<rest>.+)$",
                sentence,
                re.I,
            )
            if inline and not re.search(r"\bmust\b", inline.group("head"), re.I):
                verdict, alts, sticky = _lead_in(inline.group("head") + ":", ctx)
                lead = Context(cat, section_title(), verdict, inline.group("head"), alts)
                ctx = lead
                _take_unit(result, inline.group("rest"), line, ctx, src(line), sticky_must)
                continue
            if sentence.rstrip().endswith(":"):
                verdict, alts, sticky = _lead_in(sentence, Context(cat, section_title()))
                if sticky:
                    sticky_must = True
                if verdict is None and sticky_must:
                    verdict = "must"
                if verdict == "nice" and sticky_must and not alts:
                    verdict = "must"
                lead = Context(cat, section_title(), verdict, _tidy(sentence), alts)
                ctx = lead
                # the lead-in may itself state a requirement ("we expect expertise in at least one of:")
                if _CANDIDATE_CUE.search(sentence) and not re.fullmatch(
                    r"[^:]*(?:is|are|is defined as|include|includes)\s*:", sentence.strip(), re.I
                ):
                    own = Context(
                        cat, section_title(), "must" if verdict in (None, "must", "nice") else "drop", None
                    )
                    _take_unit(result, sentence.rstrip(":"), line, own, src(line), sticky_must, leadin=True)
                continue
            if re.match(r"^(?:BASIC REQUIREMENTS|MINIMUM QUALIFICATIONS)\b", sentence):
                sticky_must = True
            if re.search(r"\bscored\b.*\bcompetenc|\bcompetencies\b.*\bscored\b", sentence, re.I):
                verdict = "must" if sticky_must else "nice"
                lead = Context(cat, section_title(), verdict, _tidy(sentence), False)
                ctx = lead
                continue
            _take_unit(result, sentence, line, ctx, src(line), sticky_must)

    # sections with their line spans
    for i, (line, level, cat) in enumerate(section_heads):
        next_start = section_heads[i + 1][0].line if i + 1 < len(section_heads) else None
        last = [ln for ln in lines if ln.line >= line.line and (next_start is None or ln.line < next_start)]
        end_line = last[-1] if last else line
        result.sections.append(
            {"title": line.text.rstrip(":"), "level": level, "category": cat, "source": src(line, end_line)}
        )
    return _outputs(doc, lines, result, n_themes)


def _lead_text(label: str) -> bool:
    return bool(
        re.search(r"\b(?:include|following|below|requirements?|qualifications?|skills)\b", label, re.I)
    )


_FIELD_KEYS = {
    "location": re.compile(r"^(?:work |job |duty |office )?locations?$|^where$|^based in$", re.I),
    "pay": re.compile(r"salary|pay(?: range| scale| rate)?$|compensation|wage|hourly rate|base pay", re.I),
    "company": re.compile(
        r"^(?:agency|company|employer|organi[sz]ation|hiring organi[sz]ation|department)$", re.I
    ),
    "title": re.compile(r"^(?:job title|position|position title|role|title)$", re.I),
    "grade": re.compile(r"grade|level|band", re.I),
    "clearance": re.compile(r"security clearance|clearance", re.I),
    "who": re.compile(r"who may apply|open to|eligibility", re.I),
    "travel": re.compile(r"travel", re.I),
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
        _add_requirement(result, value, "must", source, section, None, split=". " not in value)
        return True
    if "travel" in low:
        result.conditions.append(
            Item(_tidy(f"{label}: {value}"), "must", "eligibility", None, source, section)
        )
        return True
    if re.search(r"^(?:education|licen[cs]e|certification|required|requirements?|experience)s?$", low):
        for part in _split_item(value):
            _add_requirement(result, part, "must", source, section, None)
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
    if _CONDITION.search(text):
        result.conditions.append(Item(_tidy(text), "must", "eligibility", None, source, ctx.section))
        return
    cue = bool(_CANDIDATE_CUE.search(text))
    if cat in ("benefits", "eeo", "apply", "pay") and not (cue and _eligibility(text)):
        return
    is_req_context = lead in ("must", "nice") or (lead is None and cat in _REQ_CATEGORIES)
    if lead == "responsibilities" or (lead is None and cat == "responsibilities"):
        if cue and (not _PROCESS.search(text) or _eligibility(text)) and not _ROLE_PITCH.search(text):
            _add_requirement(
                result, text, "must", source, ctx.section, ctx.group, alternatives=ctx.alternatives
            )
        else:
            _add_responsibility(result, text, source)
        return
    if cat == "conditions" and lead is None:
        if (cue or _eligibility(text)) and re.search(
            r"background|investigation|clearance|citizen", text, re.I
        ):
            _add_requirement(result, text, "must", source, ctx.section, ctx.group)
            return
        result.conditions.append(Item(_tidy(text), "must", "eligibility", None, source, ctx.section))
        return
    if not is_req_context:
        # summaries, about, notes, other: only what says it is required
        if cat == "notes" and not re.search(r"\ball candidates\b|\byou must\b", text, re.I):
            return
        if not cue or _BOILERPLATE.search(text):
            if (
                cat in ("summary", "other", "about")
                and _NICE.search(text)
                and re.search(r"\b(?:experience|background|knowledge|familiarity|skills?)\b", text, re.I)
            ):
                _add_requirement(result, text, "nice", source, ctx.section, ctx.group)
            return
        if _PROCESS.search(text) and not (_eligibility(text) and _MUST.search(text)):
            return
        if _ROLE_PITCH.search(text):
            return
        _add_requirement(result, text, "must", source, ctx.section, ctx.group)
        return
    # a requirements context
    base = lead if lead in ("must", "nice") else ("nice" if cat == "preferred" else "must")
    if cat == "evaluation" and lead is None:
        base = "must" if sticky_must else "nice"
    _add_requirement(
        result, text, base, source, ctx.section, ctx.group, alternatives=ctx.alternatives, split=not leadin
    )


def _add_responsibility(result: Analysis, text: str, source: dict[str, Any]) -> None:
    for part in _split_duties(text):
        part = _tidy(part)
        if len(part.split()) < 2 or (_BOILERPLATE.search(part) and len(part.split()) < 6):
            continue
        if _FRAGMENT_START.match(part):  # "to Outreach direct reports": the tail of a wrapped line
            continue
        key = _norm(part)
        if any(_norm(r.text) == key for r in result.responsibilities):
            continue
        result.responsibilities.append(
            Item(part, "must", "skill", None, source, None, where="responsibility")
        )


def _split_duties(text: str) -> list[str]:
    parts = re.split(r"\s*;\s*(?=[a-z]+\s)|\s+--\s*|^--\s*", text)
    duties: list[str] = []
    for part in (p for p in parts if p and p.strip()):
        duties.extend(_whole_duties(part))
    return duties


# A piece that starts mid-sentence, not a duty of its own.
_FRAGMENT_START = re.compile(r"^(?:to|of|for|with|in|on|at|by|from|as|the)\s", re.U)

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
        return [f"{m.group('term').strip()}: {definition}"]
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
    # "... and applicants must not be ..."
    re.compile(r",?\s+and\s+(?=(?:applicants?|candidates?|you)\s+(?:must|should|will|may not))", re.I),
]


def _split_conjunctions(text: str) -> list[str]:
    parts = [text]
    for pattern in _CONJ_SPLITS:
        nxt: list[str] = []
        for part in parts:
            pieces = pattern.split(part)
            if len(pieces) > 1 and all(len(p.split()) >= 3 for p in pieces):
                nxt.extend(pieces)
            else:
                nxt.append(part)
        parts = nxt
    return parts


def _norm(text: str) -> str:
    return " ".join(_stem(w) for w in _TOKEN.findall(text.lower()))


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


def kind_of(text: str) -> str:
    if _LICENCE.search(text) and not re.search(r"\bcertifi\w* (?:that|the)\b", text, re.I):
        return "licence"
    if _EDUCATION.search(text) and not re.search(r"^experience\b", text, re.I):
        return "education"
    if _AVAILABILITY.search(text) or (
        _ELIGIBILITY.search(text)
        and re.search(
            r"citizen|national|authori[sz]|visa|sponsor|background|clearance|public trust|drug|civil service|"
            r"open to|considered|eligib|employees? (?:of|on)|contractor|relocat|willing|travel|lift|physical",
            text,
            re.I,
        )
    ):
        return "eligibility"
    if (
        years_in(text) is not None
        or (re.search(r"\bexperience\b", text, re.I) and not _TRAIT.fullmatch(text))
    ) and not re.search(r"^(?:proficien|familiar|knowledge|skill)", text, re.I):
        return "experience"
    if _TRAIT.search(text) and len(text.split()) <= 14:
        return "trait"
    return "skill"


_ROLE_PITCH = re.compile(r"looking for (?:a|an)\b.{0,80}\bto (?:join|help)|is hiring|we are hiring", re.I)


def _not_requirement(sentence: str) -> bool:
    """Application instructions, benefits, boilerplate and equivalency rules, said in a requirements section."""  # noqa: E501
    cue = bool(_CANDIDATE_CUE.search(sentence))
    if _BOILERPLATE.search(sentence) and not cue:
        return True
    if _PROCESS.search(sentence) and not (cue and _eligibility(sentence)):
        return True
    if re.search(
        r"may be substituted|substitut(?:e|ion) (?:for|of)|will be accepted in lieu", sentence, re.I
    ):
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
) -> None:
    text = text.strip()
    # numbered options "1. ...; or 2. ..." are alternatives: the first is the standard path
    options = [o for o in _OPTION.split(" " + text) if o.strip()] if split else [text]
    if len(options) > 1 and not all(re.match(r"^\(?\d\)?[.)]\s", o.strip()) for o in options[1:]):
        options = [text]
    for n, option in enumerate(options):
        option = option.strip()
        alt = alternatives or (n > 0 and len(options) > 1)
        parts = []
        for sentence in sentences(option) if split else [option]:
            if re.match(r"^(?:special )?notes?:", sentence, re.I):
                break
            if _not_requirement(sentence):
                continue
            parts.extend(_split_item(sentence) if split else [_tidy(_strip_marker(plain(sentence)))])
        for part in parts:
            if _CONDITION.search(part):
                result.conditions.append(Item(part, "must", "eligibility", None, source, section))
                continue
            if (_BOILERPLATE.search(part) and not _CANDIDATE_CUE.search(part)) or (
                re.search(r"may be substituted|as described in .{0,12}above\W*$", part, re.I)
                and len(part.split()) < 6
            ):
                continue
            if re.fullmatch(
                r"(?:a )?combination of education and/or experience.*|(?:education and/or )?experience equivalent to .*",  # noqa: E501
                part,
                re.I,
            ):
                continue
            kind = kind_of(part)
            priority = base
            if _NICE.search(part) and not re.search(r"\bnot required\b.*\bbut\b", part, re.I):
                priority = "nice"
            elif (
                base == "nice" and re.search(r"\b(?:must|required|mandatory)\b", part, re.I) and not alt
            ) or (kind == "licence" and re.search(r"\b(?:must|required|valid|current)\b", part, re.I)):
                priority = "must"
            if alt:
                priority = "nice"
            key = _norm(part)
            if not key:
                continue
            if any(_norm(r.text) == key for r in result.requirements):
                continue
            result.requirements.append(
                Item(part, priority, kind, years_in(part), source, section, group=group, where=priority)
            )


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
    def at(line: Line) -> dict[str, Any]:
        s: dict[str, Any] = {"file": file, "start": line.line, "end": line.line}
        if line.page is not None:
            s["page"] = line.page
        return s

    jsonld = doc.get("jsonld") or {}
    role = company = None
    first_heading = next((ln for ln in lines if ln.kind == "heading"), None)
    if jsonld.get("title") and lines:
        role = {"text": jsonld["title"], "source": at(first_heading or lines[0])}
    elif first_heading is not None:
        role = {"text": first_heading.text, "source": at(first_heading)}
    elif "title" in result.fields:
        value, source = result.fields["title"]
        role = {"text": value, "source": source}
    elif doc.get("title") and lines:
        role = {"text": doc["title"], "source": at(lines[0])}
    elif lines:
        role = {"text": lines[0].text, "source": at(lines[0])}
    if jsonld.get("hiringOrganization") and lines:
        company = {"text": jsonld["hiringOrganization"], "source": at(first_heading or lines[0])}
    elif "company" in result.fields:
        value, source = result.fields["company"]
        company = {"text": value, "source": source}
    if role is not None:
        title = role["text"]
        m = re.match(r"^(?P<a>.{2,60}?)(?:\s+[-–—|]|:)\s+(?P<b>.{3,})$", title)
        at_m = re.match(r"^(?P<b>.{3,}?)\s+at\s+(?P<a>[A-Z][\w.&' -]{1,60})$", title)
        if at_m:
            role["text"], org = at_m.group("b"), at_m.group("a")
            company = company or {"text": org, "source": role["source"]}
        elif m:
            a, b = m.group("a"), m.group("b")
            hiring = next(
                (ln for ln in lines[:15] if re.search(rf"^{re.escape(a)}\s+is hiring\b", ln.text)), None
            )
            if hiring is not None or (len(a.split()) <= 4 and not _SENIORITY_ROLE.search(a)):
                role["text"] = b
                company = company or {"text": a.removeprefix("TTS ").strip() or a, "source": role["source"]}
    if company is None:
        for line in lines[:20]:
            m = re.match(r"^(?P<org>[A-Z][\w.&' -]{1,60}?)\s+is (?:hiring|looking|seeking)\b", line.text)
            if m:
                company = {"text": m.group("org"), "source": at(line)}
                break
    return role, company


_SENIORITY_ROLE = re.compile(
    r"\b(?:engineer|developer|manager|designer|analyst|specialist|director|officer|accountant|assistant|"
    r"technician|nurse|electrician|plumber|consultant|administrator|scientist|lead|associate)\b",
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
                yield " ".join(_stem(w) for w in words), " ".join(words)


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
    if "location" in result.fields:
        value, source = result.fields["location"]
        location = {"text": value, "source": source}
    elif jsonld.get("jobLocation") and role is not None:
        location = {"text": jsonld["jobLocation"], "source": role["source"]}
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
        "responsibilities": [{"text": r.text, "source": r.source} for r in result.responsibilities],
        "themes": _themes(role, result, n_themes),
        "summary": _summary(result),
        "conditions": conditions,
    }


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
    return analyze_document(doc, n_themes=int(ctx.config.get("themes", 10)))
