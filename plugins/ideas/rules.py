"""The rules behind ``ideas.problem_solving``: its documentation, config and outputs are in
:mod:`prepflow_plugins.ideas`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.match.rules import named_stems
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.duties import duty_verb_at, owned_duty, plain
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import Terms, extract
from prepflow_plugins.text.voice import employer_talk

import prepflow

# -- evidence -------------------------------------------------------------------

#: Kinds of requirement that say nothing about the employer's problems.
NOT_PROBLEMS = {"eligibility", "education", "licence", "license"}
#: How many problems by default: fewer, stronger ideas beat padding.
DEFAULT_COUNT = 3
#: What an achievement of the problem's own kind of work adds to its proof score.
KIND_BONUS = 3.0
#: How long the quoted duty is inside a sentence, in words (cut at a clause end, with "…").
QUOTE_WORDS = 16
#: How a duty's place in the posting weighs against the posting repeating its words (earlier is stronger).
POSITION_WEIGHT = 0.2
#: Support: a piece of evidence supports an anchor when it shares this many of its terms.
SUPPORT_SHARED = 2
MAX_SUPPORT = 2
#: The posting's sections whose headings show what it cares about (a duty repeating them is central).
ECHO_SECTIONS = ("responsibilities", "summary", "requirements")


@dataclass
class Evidence:
    """One piece of evidence: its words, where it comes from, its weight and how to cite it."""

    text: str
    where: str  # duty | summary | must | nice | theme | initiative | research
    weight: float
    source: Mapping[str, Any] | None = None  # a posting span, cited with a quote built here
    cites: list[dict[str, Any]] = field(default_factory=list)  # ready-made citations (research)
    kind: str | None = None
    hits: int = 0  # how many of its kind's keywords it has
    rank: float = 0.0  # for a duty that can anchor a problem: how central it is to the posting


def _summary_sentences(job: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The sentences of the posting's introduction and "about the role" (``job.analyze``'s ``summary``)."""
    return [
        (plain(item["text"]), item["source"])
        for item in job.get("summary") or []
        if isinstance(item, Mapping) and item.get("text") and isinstance(item.get("source"), Mapping)
    ]


def _research_items(research: Mapping[str, Any] | None, weights: Mapping[str, float]) -> list[Evidence]:
    items: list[Evidence] = []
    if not isinstance(research, Mapping):
        return items
    for key in ("initiatives", "products", "mission"):
        for entry in research.get(key) or []:
            if not isinstance(entry, Mapping):
                continue
            text = entry.get("text")
            cites = [c for c in entry.get("cites") or [] if isinstance(c, Mapping) and "quote" in c]
            if not isinstance(text, str) or not text or not cites:
                continue
            where = "initiative" if key == "initiatives" else "research"
            items.append(Evidence(text, where, weights[where], cites=[dict(c) for c in cites[:2]]))
    return items


def collect_evidence(
    data: Mapping[str, Any], job: Mapping[str, Any], research: Mapping[str, Any] | None
) -> list[Evidence]:
    """Every piece of evidence about the employer's problems, weighed (``data``: the ideas data).

    Only duties can anchor a problem; they are ranked by :func:`rank_duties`.
    """
    weights = data["weights"]
    skip = re_compile(r"\b(?:" + "|".join(data["skip"]) + r")", re.I)
    items: list[Evidence] = []
    for duty in job.get("responsibilities") or []:
        if isinstance(duty, Mapping) and duty.get("text"):
            items.append(Evidence(duty["text"], "duty", weights["duty"], source=duty.get("source")))
    for sentence, source in _summary_sentences(job):
        if 4 <= len(sentence.split()) <= 60 and not skip.search(sentence):
            items.append(Evidence(sentence, "summary", weights["summary"], source=source))
    for req in job.get("requirements") or []:
        if isinstance(req, Mapping) and req.get("text") and req.get("kind") not in NOT_PROBLEMS:
            where = "must" if req.get("priority", "must") == "must" else "nice"
            if employer_talk(req["text"]):
                where = "summary"  # "We are committed to ... and looking for ...": the employer, not an ask
            items.append(Evidence(req["text"], where, weights[where], source=req.get("source")))
    items.extend(_research_items(research, weights))
    rank_duties(data, job, items)
    return items


# -- which duties matter most ------------------------------------------------------


def rank_duties(data: Mapping[str, Any], job: Mapping[str, Any], items: list[Evidence]) -> None:
    """Give each duty the role owns a rank: how much the posting repeats its words, and how early it comes.

    A duty whose words come back in the requirements and in the posting's own headings is
    central to the role; the posting lists its main duties first.
    """
    duties = [e for e in items if e.where == "duty"]
    terms = [set(extract(plain(e.text)).all) for e in duties]
    echoed: set[str] = set()
    for e in items:
        if e.where in ("must", "nice"):
            echoed |= set(extract(plain(e.text)).all)
    for section in job.get("sections") or []:
        if isinstance(section, Mapping) and section.get("category") in ECHO_SECTIONS:
            echoed |= set(extract(plain(str(section.get("title") or ""))).all)
    for n, (duty, own) in enumerate(zip(duties, terms, strict=True)):
        if not own or not owned_duty(data["not_problems"], duty.text):
            duty.rank = float("-inf")
            continue
        others: set[str] = set().union(*(t for m, t in enumerate(terms) if m != n))
        posting = len(own & echoed) / len(own)
        anywhere = len(own & (echoed | others)) / len(own)
        duty.rank = posting + 0.5 * anywhere - POSITION_WEIGHT * n / len(duties)


def quote_of(text: str, limit: int = QUOTE_WORDS) -> str:
    """The duty as the posting writes it, cut at its first clause end; "…" marks a cut mid-clause."""
    return _first_clause(plain(text).rstrip(".;: "), limit)


def _first_clause(phrase: str, limit: int = 22) -> str:
    """Cut a long phrase at 'so', '—', ';', ', and' or a sentence end, keeping at least four words.

    The commas of a list of single words ("monitor, evaluate, analyze, and report") are not cuts.
    """
    phrase = _LIST.sub(lambda m: m.group(0).replace(",", "\x00"), phrase)  # "monitor, evaluate, and report"
    for cut, least in (
        (
            r"(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bNo)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])\.\s",
            4,
        ),  # a sentence end, not "vs." or "e.g."
        (r"(?<=[a-z])\s(?=(?:A|An|The|This|Our|We|They|It)\s|[A-Z][a-z]+ing\b)", 4),  # "… information A team"
        (r"\sand\sto\s", 6),  # "… goals and to inform …": a second purpose
        (r";", 4),
        (r"\s[—–]\s", 4),
        (r"\sso\s(?:that\s)?", 4),
        (r",\s(?:and|while|which)\s", 4),
        (r",\s(?:built|written|made|based|run|used|launched|started)\b", 3),  # ", built in PHP"
        (r",\s", 6),
    ):
        m = re.search(cut, phrase)
        if m and len(phrase[: m.start()].split()) >= least:
            phrase = phrase[: m.start()]
    phrase = phrase.replace("\x00", ",")
    clause = phrase.rstrip(" ,.:;").split()
    if len(clause) > 4 and clause[-1].lower() in _PHRASE_STOP:  # cut before a name: "… within the"
        while len(clause) > 4 and clause[-1].lower() in _PHRASE_STOP:
            clause.pop()
        return " ".join(clause) + " …"
    if phrase.count("(") > phrase.count(")"):  # cut inside "(HIV Prevention, …": end before the bracket
        phrase = phrase[: phrase.rfind("(")]
    words = phrase.split()
    if len(words) > limit:
        kept = words[:limit]
        while len(kept) > limit // 2 and kept[-1].lower().strip(",") in _PHRASE_STOP:
            kept.pop()  # never end on a little word ("to build shared …")
        return " ".join(kept).rstrip(" ,.:;") + " …"
    return phrase.rstrip(" ,.:;")


#: A serial list of single words: "monitor, evaluate, analyze, and report" (its commas are not clause ends).
_LIST = re_compile(r"\b[a-z]+(?:,\s[a-z]+)+,?\s(?:and|or)\s[a-z]+\b")


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _found(patterns: list[str], text: str) -> list[str]:
    """Which phrases occur in the text as whole words ("designers", not "non-designers"), in list order.

    A phrase found only inside a longer one ("managers" in "product managers") is left out.
    """
    spans = {}
    for p in patterns:
        spans[p] = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text, re.I)]
    return [
        p
        for p in patterns
        if any(
            not any(q != p and a <= s and e <= b and (b - a) > (e - s) for q in patterns for a, b in spans[q])
            for s, e in spans[p]
        )
    ]


# -- kinds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    pattern: re.Pattern[str] | None
    templates: Mapping[str, Any]


def kinds(data: Mapping[str, Any]) -> list[Kind]:
    out = []
    for name, spec in data["kinds"].items():
        keywords = spec.get("keywords") or []
        pattern = re_compile(r"\b(?:" + "|".join(keywords) + ")", re.I) if keywords else None
        out.append(Kind(name, spec.get("label", name), pattern, spec))
    return out


def classify(item: Evidence, all_kinds: list[Kind], stakeholders: list[str]) -> tuple[str | None, int]:
    """The kind the duty names first (:func:`ranked_kinds`), with how many of its keywords it has."""
    ranked = ranked_kinds(item, all_kinds, stakeholders)
    return (ranked[0][0], ranked[0][1]) if ranked else (None, 0)


def ranked_kinds(
    item: Evidence, all_kinds: list[Kind], stakeholders: list[str]
) -> list[tuple[str, int, bool]]:
    """The kinds a duty's head names, best first, each with how many of its keywords the duty has and
    whether it is named right after the verb (within ``OBJECT_WORDS`` words: its object).

    A duty is classified by its quoted first clause, what the role does, not by the
    purpose or examples that follow it ("… for site performance, reliability and security");
    who it names does not count. Within the clause, the kind named first after the verb (its
    object) comes first: "Maintaining accurate records of all maintenance and repairs" is about
    records, not repairs; a kind must be named there at all ("Provides advice and counsel to
    management and other employee groups related to compliance" is advice, not a compliance
    problem). A kind with ``match_people`` is matched on the words naming people too ("customer
    service"); a ``broad`` kind's keywords are everyone's verbs ("Develop methods to … report
    delays" is about reports), so it comes after the others.
    """
    raw = quote_of(item.text) if item.where == "duty" else item.text
    text = raw
    for who in sorted(stakeholders, key=len, reverse=True):  # "site reliability engineers" before "engineers"
        text = re.sub(rf"(?<![\w-]){re.escape(who)}(?![\w-])", " ", text, flags=re.I)
    scored = []
    for order, kind in enumerate(all_kinds):
        if kind.pattern is None:
            continue
        clause = raw if kind.templates.get("match_people") else text
        found = list(kind.pattern.finditer(clause))
        n = len({m.group(0).lower() for m in found})
        head_end = _head_end(clause)
        if not found or found[0].start() >= head_end:
            continue  # a kind the head does not name is about a side remark
        at = head_end if kind.templates.get("broad") else found[0].start()
        near = found[0].start() < _head_end(clause, OBJECT_WORDS)
        scored.append(((at, -n, order), kind.name, n, near))
    return [(name, n, near) for _, name, n, near in sorted(scored)]


#: How many words after its verb a duty's head runs: the verb and its object.
HEAD_WORDS = 10


def _head_end(clause: str, words: int = HEAD_WORDS) -> int:
    """Where the duty's head (its verb and the next ``words`` words) ends, in characters."""
    at = duty_verb_at(clause) or 0
    m = re.match(rf"(?:\S+\s+){{0,{words}}}\S+", clause[at:])
    return at + (m.end() if m else 0)


# -- the objects of a problem ----------------------------------------------------

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|hundred|thousand|million|half|a third|a quarter"
)
_TARGET = re_compile(
    r"^(?:cut|reduce|lower|bring|keep|get|improve|increase|raise|grow|shorten|speed up|double|halve)\s+"
    r"(?P<subject>.+?)\s+"
    rf"(?P<goal>(?:below|under|to|by|above|over|within|less than|at least|more than|beyond)\s+"
    rf"(?:\d[\d,.]*\s?%?|(?:{_NUMBER_WORDS})\b).*)$",
    re.I,
)
_MOVE = re_compile(
    r"^(?:move|moving|migrate|migrating|port|porting|transition|transitioning|rebuild|rebuilding|replace"
    r"|replacing)\b.*?\b(?:onto|into|to|with)\s+"
    r"(?P<target>.+?)(?=[,.;]|\s(?:without|so|while|by|over|before|in order)\b|$)",
    re.I,
)
_PEOPLE = re_compile(
    r"\b(?:mentor(?:ing)?|coach(?:ing)?|train(?:ing)?|supervis(?:e|ing)|lead(?:ing)?|onboard(?:ing)?|grow(?:ing)?"
    r"|develop(?:ing)?|manag(?:e|ing))\s+(?:and\s+(?:coach|mentor|train|develop)(?:ing)?\s+)?"
    r"(?P<people>(?:(?:a|the|our|\w+)\s+){0,3}?(?:[\w-]+\s+)?"
    r"(?:engineers|developers|designers|analysts|colleagues(?: and partners)?|staff|team members|teams?"
    r"|people|hires|interns|writers|scientists|specialists|researchers|managers|volunteers|technicians|operators"
    r"|associates|agents|representatives|officers|coordinators|clerks|workers|employees|apprentices|fellows"
    r"|nurses|teachers|technologists|leads))"
    # the people end the noun phrase: "manage team member call stats" names no team to develop
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|or|to|in|on|for|with|who|that|through|by|at|across|as|so|while|from|"
    r"into|until|over)\b)",
    re.I,
)
_PHRASE_STOP = {
    "the", "a", "an", "our", "their", "its", "your", "this", "that", "these", "those", "and", "or", "of",
    "to", "in", "on", "for", "with", "behind", "from", "onto", "into", "all", "any", "each", "every",
    "new", "by", "at", "as", "is", "are", "be", "we", "you", "us", "them", "it", "both", "other",
}  # fmt: skip


#: The words that open a noun phrase naming a thing: "the legacy catalog database", "our portal".
_DETERMINERS = {"the", "our", "their", "its", "your", "a", "an", "this", "each", "every"}


def _verb_form(word: str) -> bool:
    """A word that is (or may well be) a verb form, which a named thing never has in it."""
    w = word.lower()
    return len(w) > 4 and w.endswith(("ing", "ed")) and w not in ("need", "speed", "seed")


def _adverb(word: str) -> bool:
    """A word that is most likely an adverb ("normally"), never part of a name for a thing."""
    w = word.lower()
    return len(w) > 4 and w.endswith("ly") and w not in ("daily", "weekly", "monthly", "quarterly", "yearly")


def _name(word: str) -> bool:
    """A word written as a name mid-sentence: "Login.gov", "FileSite", "Division's" (not "A" or "I")."""
    return len(word) > 1 and word[0].isupper() and any(c.isalpha() for c in word[1:])


def system_phrases(text: str, heads: set[str]) -> list[str]:
    """Phrases like 'legacy PHP dispatch system': a determiner, up to three words, a system word.

    The phrase must follow "the", "our", "a" ... or open with a name the duty capitalises
    mid-sentence ("Login.gov infrastructure", "the Division's electronic database"), so a verb
    such as "improve monitoring systems" is never part of it; it must end at its system word
    ("product" in "product managers" names no product), and hold no "-ing" or "-ed" form
    ("the communications strategy supporting product"): a phrase that fails is not a thing the
    posting names, and the templates fall back to quoting the duty.
    """
    words = re.findall(r"[\w][\w+#/.-]*[\w+#](?:['’]s\b)?|[\w]|[^\w\s]", plain(text))
    found = []
    for i, word in enumerate(words):
        if word.lower() not in heads:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if after[:1].isalnum() and after.lower() not in _PHRASE_STOP:
            continue  # "product managers", "catalog database": the phrase goes on
        start = i
        while start > 0 and i - start < 4 and words[start - 1][:1].isalnum():
            if words[start - 1].lower() in _PHRASE_STOP:
                break
            start -= 1
        if start == i or start == 0:
            continue
        if words[start - 1].lower() not in _DETERMINERS and not (
            _name(words[start]) and not any(_name(w) for w in words[max(0, start - 2) : start])
        ):
            # no "the", "our" … before it, and it does not open with a name ("Login.gov
            # infrastructure"), or only with the end of one ("Rails" of "Ruby on Rails services",
            # "York" of "New York City Digital Service")
            continue
        # a verb form or an adverb makes it a clause ("the Post-Holder normally reports")
        if not any(_verb_form(w) or _adverb(w) for w in words[start : i + 1]):
            found.append(" ".join(words[start : i + 1]))
    return found


@dataclass
class Problem:
    kind: Kind
    anchor: Evidence
    support: list[Evidence]
    slots: dict[str, str] = field(default_factory=dict)

    @property
    def evidence(self) -> list[Evidence]:
        return [self.anchor, *self.support]


def fill_slots(problem: Problem, data: Mapping[str, Any], heads: set[str]) -> dict[str, str]:
    """The anchor duty's own objects for the templates, found in its words only.

    Objects come from the duty the problem rests on, never from the evidence that
    supports it: a template about mentoring names the people that duty names, not a
    budget from another line of the posting.
    """
    text = plain(problem.anchor.text)
    verb_at = duty_verb_at(text) or 0
    action = text[verb_at:]
    slots: dict[str, str] = {"quote": quote_of(text)}
    systems = system_phrases(text, heads)
    if systems:
        best = systems[0]
        slots["system"] = best if best[0].isupper() and best.split()[0].isupper() else "the " + best
    if problem.kind.name == "migration" and (m := _MOVE.match(action)):
        slots["target"] = m.group("target").strip()
    if m := _TARGET.match(action):
        slots["subject"], slots["goal"] = m.group("subject"), m.group("goal").rstrip(". ")
    if m := _PEOPLE.search(text):
        people = re.sub(r"^(?:the|our|a)\s+", "", m.group("people"), flags=re.I)
        bare = re.match(rf"^(?:\d|{_NUMBER_WORDS})", people) or people.lower() in ("team", "teams")
        slots["people"] = "the " + people if bare else people  # "the team", "the two junior developers"
    who = [w for w in _found(data["stakeholders"], text) if w not in slots.get("people", "")]
    if who:
        slots["stakeholders"] = _join(who[:3])
    users = [w for w in who if w in data["external"]]
    if users:
        slots["users"] = _join(users[:3])
    if m := _DEADLINE.search(action):
        slots["deadline"] = m.group(0)
    if m := _VOLUME.search(action):
        slots["volume"] = m.group(0)
    if found := _deliverables(data, slots["quote"]):
        slots["deliverable"] = _join(found[:2])
    # whom the message is for, in the clause the idea quotes: "… style guide for the organization,
    # so users …" is a guide for its writers, not for the users named after it
    if audience := _found([*data.get("audiences", []), *data["stakeholders"]], slots["quote"]):
        slots["audience"] = _join(audience[:2])
    concepts = list(dict.fromkeys(extract(text).concepts))
    if concepts:
        slots["tools"] = _join(concepts[:4])
    return slots


#: How far after the duty's verb its object may start, in words ("Writing up technical documentation").
OBJECT_WORDS = 4


def _deliverables(data: Mapping[str, Any], text: str) -> list[str]:
    """The things the duty says the role produces ("workshops", "style guide"), as the duty writes them.

    Only the verb's own object counts: "Conduct workshops …", "Writing up technical documentation";
    not a word deep in a list ("Mapping out the various sources of data, documentation …").
    """
    line = plain(text)
    rest = line[duty_verb_at(line) or 0 :].split()
    head = " ".join(rest[1 : OBJECT_WORDS + 2])  # a particle ("up") and the object's first words, not
    # the verb itself ("Guide stakeholders through …" produces no guide)
    return _found(data.get("deliverables", []), head)


def _names_any(data: Mapping[str, Any], text: str, needs: list[str]) -> bool:
    """Whether a duty's first clause names one of the objects a kind's ideas are built on.

    ``people``: the people to develop ("two junior developers", "agency staff"); ``audience``: the
    people a message is for (``audiences`` or ``stakeholders``); ``deliverable``: a thing the role
    produces (``deliverables``); ``system``: a system after "the", "our" …; ``users``: the people
    outside the employer it serves (``external``); ``measures``: the numbers it keeps ("performance
    metrics", "KPIs").
    """
    checks = {
        "people": lambda: bool(_PEOPLE.search(text)),
        "audience": lambda: bool(_found([*data.get("audiences", []), *data["stakeholders"]], text)),
        "deliverable": lambda: bool(_deliverables(data, text)),
        "system": lambda: bool(system_phrases(text, {h.lower() for h in data["system_heads"]})),
        "users": lambda: bool(_found(data["external"], text)),
        "measures": lambda: bool(_MEASURES.search(text)),
    }
    return any(checks[n]() for n in needs if n in checks)


#: The numbers a duty says the role keeps: "performance metrics", "KPIs", "key performance indicators".
_MEASURES = re_compile(r"\b(?:metrics|kpis?|kpi[’']s|performance indicators|measures of success)\b", re.I)


def _vague(data: Mapping[str, Any], text: str) -> bool:
    """Whether the duty's object names no particular work: "Manage all aspects of the Fellows program"."""
    patterns = data.get("vague_scope") or []
    line = plain(text)
    rest = " ".join(line[duty_verb_at(line) or 0 :].split()[1:4])  # the words after the verb
    return bool(patterns) and bool(
        re.match(r"(?:(?:out|up|and\s+\w+)\s+)?(?:the\s+)?(?:" + "|".join(patterns) + ")", rest, re.I)
    )


#: A deadline the duty sets: "before the summer season", "by the end of 2025", "within 90 days".
_DEADLINE = re_compile(
    r"\b(?:before|by|within|until)\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:\w+\s+){0,2}(?:season|year|quarter|"
    r"month|week|launch|deadline|release|audit)s?|\d+\s+(?:days|weeks|months)|(?:19|20)\d{2})\b",
    re.I,
)
#: A volume the duty names: "2,000 requests", "six crossings", "40%".
_VOLUME = re_compile(rf"\b(?:\d[\d,.]*\+?%?|{_NUMBER_WORDS})\s+[a-z]+s\b|\b\d[\d,.]*\s?%", re.I)

_SLOT = re_compile(r"\{(\w+)\}")


#: Joining words a template may add that read badly twice ("without closing a branch without ...").
_ONCE = ("without", "so that", "while")


def fill(template: str, slots: Mapping[str, str]) -> str | None:
    """The template with its slots filled, or None when one is unknown or a joining word would repeat."""
    names = _SLOT.findall(template)
    if any(n.lower() not in slots for n in names):
        return None
    literal = _SLOT.sub(" ", template)
    for word in _ONCE:
        if re.search(rf"\b{word}\b", literal) and any(
            re.search(rf"\b{word}\b", slots[n.lower()]) for n in names
        ):
            return None

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        text = slots[name.lower()]
        return text[:1].upper() + text[1:] if name[:1].isupper() else text

    return _SLOT.sub(value, template)


def first_filled(alternatives: list[str], slots: Mapping[str, str]) -> str | None:
    return next((t for t in (fill(a, slots) for a in alternatives) if t), None)


def template(data: Mapping[str, Any], kind: Kind, key: str) -> Any:
    return kind.templates.get(key) or data["general"][key]


# -- proof ----------------------------------------------------------------------

_NOT_ACHIEVEMENT = re_compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+)?(?:19|20)\d{2}\s*[-–—]", re.I
)


def usable_achievements(resume: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Achievements that are things the candidate did (not a dated note such as a career break)."""
    return [
        a
        for a in resume.get("achievements") or []
        if isinstance(a, Mapping) and a.get("text") and not _NOT_ACHIEVEMENT.match(a["text"])
    ]


def role_label(resume: Mapping[str, Any], index: Any) -> str | None:
    roles = resume.get("roles") or []
    if not isinstance(index, int) or not 0 <= index < len(roles):
        return None
    role = roles[index]
    return ", ".join(p for p in (role.get("title"), role.get("organisation")) if p) or None


def _match_bonus(match: Mapping[str, Any], problem: Problem) -> dict[str, float]:
    """Achievement text -> how strongly match.evidence ties it to the problem's requirements."""
    texts = {plain(e.text) for e in problem.evidence if e.where in ("must", "nice")}
    bonus: dict[str, float] = {}
    for req in match.get("requirements") or []:
        if not isinstance(req, Mapping) or plain(str(req.get("requirement", ""))) not in texts:
            continue
        for ev in req.get("evidence") or []:
            if ev.get("kind") == "achievement":
                bonus[ev["text"]] = max(bonus.get(ev["text"], 0.0), float(ev.get("score") or 0))
    return bonus


def best_proof(
    problem: Problem,
    achievements: list[Mapping[str, Any]],
    match: Mapping[str, Any],
    used: dict[str, int],
    agrees: Callable[[str], bool] | None = None,
    people: Collection[str] = (),
) -> tuple[Mapping[str, Any], list[str]] | None:
    """The achievement that shares most with the problem, and the words it shares.

    Shared ordinary words ("data", "drive", "sets") prove nothing on their own: an
    achievement is proof only when it shares a concept, or a name that both capitalise
    ("Manager" in "Law Manager" is not "managed"), with the problem's own statement (its
    anchor), or is of the problem's kind (``agrees``) and shares two terms with the anchor
    itself; match.evidence's tie to one of the problem's requirements adds weight but is
    not enough alone. Sharing whom the work is with (``people``: "product managers") proves
    nothing about the work: "Worked closely with product managers" is no proof of coaching them.
    """
    wanted_anchor = extract(plain(problem.anchor.text))
    wanted_rest = [extract(plain(e.text)) for e in problem.support]
    bonus = _match_bonus(match, problem)
    best = None
    for order, a in enumerate(achievements):
        have = extract(a["text"])
        shared = set(wanted_anchor.all) & set(have.all)
        score = wanted_anchor.weight(shared)
        words = {wanted_anchor.all[t] for t in shared}
        telling = _telling(wanted_anchor, shared, problem.anchor.text)
        for terms in wanted_rest:
            common = set(terms.all) & set(have.all)
            score += 0.5 * terms.weight(common)
            words |= {terms.all[t] for t in common}
        same_kind = bool(agrees and agrees(a["text"])) and wanted_anchor.weight(shared) >= 2
        telling &= set(_named(a["text"])) | set(wanted_anchor.concepts)
        telling = {t for t in telling if not _names_people(wanted_anchor.all[t], people)}
        if (score < 2 and a["text"] not in bonus) or not (telling or same_kind):
            continue  # only ordinary words in common, of another kind of work: no proof
        score += 2 * bonus.get(a["text"], 0.0) + (0.25 if a.get("metrics") else 0.0)
        score += KIND_BONUS if same_kind else 0.0  # mentoring proves mentoring better than a shared word
        score /= 1 + used.get(a["text"], 0)  # tell a different story for each problem when possible
        key = (-score, order)
        if best is None or key < best[0]:
            named = sorted(w for w in words if w[:1].isupper())  # named skills first, then words
            best = (key, a, named + sorted((w for w in words if w not in named), key=str.lower))
    return None if best is None else (best[1], best[2])


def _names_people(term: str, people: Collection[str]) -> bool:
    """Whether a shared term names a group of people ("product managers", "designer")."""
    word = term.lower()
    return any(word in (who, who.removesuffix("s")) for who in people)


def _named(text: str) -> set[str]:
    """The stems of the names a text capitalises mid-sentence ("Law Manager", "Kubernetes")."""
    return set(named_stems(plain(text)))


def _telling(wanted: Terms, shared: set[str], text: str) -> set[str]:
    """The shared terms that say something: concepts, and names the text capitalises mid-sentence."""
    return {t for t in shared if t in wanted.concepts or t in named_stems(plain(text))}


# -- the step -------------------------------------------------------------------


def _because(words: list[str], problem: Problem) -> str:
    """'shares “PHP”, “Python” and “Kubernetes”', with the words as the posting writes them."""
    text = " ".join(plain(e.text) for e in problem.evidence)
    shown = []
    for word in words[:6]:
        m = re.search(rf"\b{re.escape(word)}\b", text, re.I)
        shown.append(f"“{m.group(0) if m else word}”")
    return (
        "shares " + _join(shown) + " with the posting" if shown else "match.evidence ties it to a requirement"
    )


def _why(data: Mapping[str, Any], problem: Problem) -> str:
    lead = data.get("why", {})
    parts = []
    for e in problem.evidence:
        fmt = lead.get(e.where, "“{text}”")
        parts.append(fmt.format(text=plain(e.text).rstrip(".")))
    return " ".join(p if p.endswith(".") else p + "." for p in parts)


def _cites(citer: Citer, items: list[Evidence]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in items:
        for c in e.cites or [citer.cite(e.source, plain(e.text))]:
            if c is not None and c not in out:
                out.append(c)
    return out


#: Where a supporting line comes from -> the key of the note that introduces it ("the requirements ask for").
_SAID = {
    "must": "said_must",
    "nice": "said_nice",
    "summary": "said_summary",
    "initiative": "said_research",
    "research": "said_research",
}
#: The objects that make an idea of the general kind specific: something the material names about the duty.
#: Naming whom the duty serves or the system it works on is not enough: "map it and agree one
#: improvement with those people" fits any duty. Only a target, a date or a volume makes it specific.
SPECIFIC_SLOTS = ("goal", "deadline", "volume", "support")


def add_support(problem: Problem, data: Mapping[str, Any]) -> None:
    """What else the material says about the duty: its strongest supporting line, quoted, and who says it."""
    anchor = set(extract(plain(problem.anchor.text)).all)
    for e in problem.support:
        key = _SAID.get(e.where)
        quote = quote_of(e.text, SUPPORT_WORDS)
        if not key or key not in data["notes"] or quote.endswith("…"):
            continue  # only a whole clause is quoted: a cut one reads as an invented sentence
        if not _adds_specifics(e.text, anchor):
            continue  # a restatement of the duty, or a soft skill, says nothing more about it
        if not (_DEADLINE.search(e.text) or _VOLUME.search(e.text)) or _NOT_A_FIGURE.search(e.text):
            continue  # only a volume or a deadline makes the idea specific ("hiring for GS-15" does not)
        problem.slots["support"] = quote
        problem.slots["said"] = data["notes"][key]
        return


#: How long a supporting line may be to be quoted whole, in words.
SUPPORT_WORDS = 24


#: Numbers that are about the candidate or the job's terms, not the work: years of experience, grade, pay.
_NOT_A_FIGURE = re_compile(
    r"\byears?\b[^.]{0,40}\bexperience\b|\bexperience\b[^.]{0,40}\byears?\b|\bGS-?\s?\d|\$\s?\d|"
    r"\b(?:salary|pay|per (?:hour|year|annum))\b",
    re.I,
)


def _adds_specifics(text: str, anchor: set[str]) -> bool:
    """Whether a line names something the duty does not: a number, a name it capitalises, or a concept."""
    terms = extract(plain(text))
    new = set(terms.all) - anchor
    return bool(re.search(r"\d", text)) or any(t in terms.concepts or t in _named(text) for t in new)


def specific(problem: Problem) -> bool:
    """Whether an idea can say something specific: a kind of its own, or an object the material names.

    A duty of the general kind that names no goal, deadline or volume, and that no line of the posting
    or company pages gives a figure for, would get only a generic template: abstain.
    """
    return problem.kind.name != "general" or any(problem.slots.get(k) for k in SPECIFIC_SLOTS)


def first_steps(
    data: Mapping[str, Any], alternatives: list[list[str]], slots: Mapping[str, str]
) -> list[str]:
    """The kind's first steps, then asking about the deadline and volume the duty names and what the
    supporting line means for the work."""
    steps = [s for alt in alternatives if (s := first_filled(alt, slots))]
    for key in ("ask_deadline", "ask_volume", "ask_support"):
        ask = fill(data["notes"][key], slots) if key in data["notes"] else None
        if ask and ask not in steps:
            steps.append(ask)
    return steps


#: A duty about working with people ("Coordinates with Division Chief", "Serve as a liaison between
#: ...", "Work cross-departmentally with ..."): it names whom, not a problem to bring an idea for.
_RELATIONSHIP = re_compile(
    r"^(?:\w+ly\s+)?(?:work|works|coordinate|coordinates|collaborate|collaborates|partner|partners|liaise|"
    r"liaises|interface|interfaces|meet|meets|consult|consults|communicate|communicates)"
    r"(?:\s+[\w-]+ly)?\s+(?:closely\s+)?with\b|^(?:serve|serves|act|acts) as (?:a |the )?liaison\b",
    re.I,
)


#: How many words a duty's first clause needs to anchor a problem.
MIN_DUTY_WORDS = 4

#: Two prepositions in a row ("Draft communication with support for with staff"): a slip in the posting.
_DOUBLED = re_compile(r"\b(?:for|with|to|of|in|on|at|by|from)\s+(?:for|with|of|at|by|from)\b", re.I)

#: A duty that helps with someone else's work: "Assist Plumber with …", "Assists in solving …".
_ASSIST = re_compile(r"(?:assist|assists|assisting|help|helps|helping)\b", re.I)

#: The last word of a line cut mid-phrase by the posting reader ("Systematize core job functions within the").
_CUT = re_compile(r"\b(?:the|a|an|of|to|in|on|for|with|within|and|or|by|at|from|our|their|its|your)$", re.I)


def _relationship(text: str) -> bool:
    """Whether a duty only says whom the role works with or assists, or is cut mid-phrase: no problem
    to anchor ("Assist Plumber with …": the problem is someone else's, the role helps with it)."""
    line = plain(text).rstrip(" .;:,")
    clause = quote_of(line)  # what an idea would quote: "coordinates with Division Chief or designee"
    rest = clause[duty_verb_at(clause) or 0 :]
    short = len(re.findall(r"[A-Za-z]{2,}", clause)) < MIN_DUTY_WORDS
    if _ASSIST.match(rest) or _DOUBLED.search(clause) or short:
        return True  # helping with someone else's work; "support for with staff": a slip, not a duty;
        # "Customer Files & Employee": a piece of a list
    m = _RELATIONSHIP.search(rest)
    if m and not re.search(r"\s(?:to|so that|in order to)\s+\w", rest[m.end() :]):
        return True  # "Work with branch staff and patrons to turn tickets into fixes" has a problem in it
    return bool(_CUT.search(line))


def _same_system(a: Problem, b: Problem) -> bool:
    """Two problems of one kind on the same system, one name inside the other ("SQL database" and
    "DIF SQL database")."""
    one, two = (str(p.slots.get("system") or "").lower() for p in (a, b))
    if a.kind != b.kind or not one or not two:
        return False
    return bool(re.search(rf"(?<!\w){re.escape(one)}$", two) or re.search(rf"(?<!\w){re.escape(two)}$", one))


def _idea_key(data: Mapping[str, Any], problem: Problem) -> str:
    """The idea's approach without the duty it quotes: two problems with the same key say the same thing."""
    approach = first_filled(template(data, problem.kind, "approach"), problem.slots) or ""
    return approach.replace(problem.slots.get("quote", ""), "")


def _holds(data: Mapping[str, Any], spec: Mapping[str, Any], quote: str, heads: set[str]) -> bool:
    """Whether a duty names what a kind's ideas are built on (otherwise they would be generic)."""
    if spec.get("needs_system") and not system_phrases(quote, heads):
        return False  # "Build relationships …", "Create a product strategy …": no system to ship in slices
    if _vague(data, quote) and not spec.get("vague_ok"):
        return False  # "Manage all aspects of the program" names no particular work
    unless = spec.get("unless") or []
    if unless and re.search(r"\b(?:" + "|".join(unless) + ")", quote, re.I):
        return False  # "maintenance of software" is not equipment maintenance
    # "Coach … Hack Clubbers to speak …" names no team to grow; "Explain products to people who …"
    # names no audience and no deliverable
    return not spec.get("needs_any") or _names_any(data, quote, spec["needs_any"])


def infer_problems(data: Mapping[str, Any], items: list[Evidence], count: int) -> list[Problem]:
    """Anchor up to ``count`` problems on the strongest duties the role owns (:func:`rank_duties`).

    Each problem is supported by the other evidence (summary, requirements, company
    research) that shares its terms.
    """
    all_kinds = kinds(data)
    general = Kind("general", data["general"].get("label", "general"), None, {})
    by_name = {k.name: k for k in all_kinds}
    anchors = [e for e in items if e.where == "duty" and e.rank > float("-inf") and not _relationship(e.text)]
    anchors.sort(key=lambda e: (-e.rank, items.index(e)))
    heads = {h.lower() for h in data["system_heads"]}
    for item in anchors:
        item.kind, item.hits = None, 0
        for rank, (name, hits, near) in enumerate(ranked_kinds(item, all_kinds, data["stakeholders"])):
            if rank and (not near or by_name[name].templates.get("broad")):
                break  # past the first, only a kind named in the verb's own object ("customer calls")
            if _holds(data, by_name[name].templates, quote_of(item.text), heads):
                item.kind, item.hits = name, hits  # the first kind the duty names whose ideas it supports
                break
    # only the strongest duties: a duty further down would be a guess at what the role is for
    chosen = anchors[:count]
    problems = []
    for anchor in chosen:
        wanted = extract(plain(anchor.text))
        scored = []
        for e in items:
            if e.where == "duty" or e in chosen:
                continue
            shared = set(wanted.all) & set(extract(plain(e.text)).all)
            if wanted.weight(shared) >= SUPPORT_SHARED:
                scored.append((-wanted.weight(shared), -e.weight, items.index(e), e))
        support = [s[-1] for s in sorted(scored, key=lambda s: s[:3])[:MAX_SUPPORT]]
        kind = by_name[anchor.kind] if anchor.kind else general
        problems.append(Problem(kind, anchor, support))
    return problems


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, resume, match = ctx.config["job"], ctx.config["resume"], ctx.config["match"]
    count = ctx.config.get("count", DEFAULT_COUNT)
    if not isinstance(count, int) or not 3 <= count <= 5:
        raise prepflow.StepError(f"count must be a whole number from 3 to 5, got {count!r}")
    if not any(job.get(key) for key in ("responsibilities", "requirements", "summary")):
        raise prepflow.StepError(
            "job: no duties, summary or requirements to infer the employer's problems from; "
            "pass the outputs of job.analyze"
        )
    data = load_data("ideas", ctx)  # prepflow's ideas.toml, extended by the plan's packs
    citer = Citer(ctx)
    items = collect_evidence(data, job, ctx.config.get("research"))
    problems = infer_problems(data, items, count)
    notes = []
    if len(problems) < count:
        notes.append(
            data["notes"]["few_duties"].format(found=len(problems))
            if problems
            else data["notes"]["no_duties"]
        )
    achievements = usable_achievements(resume)

    def of_kind(kind: Kind) -> Callable[[str], bool]:
        """Whether an achievement does the problem's kind of work: it has one of the kind's keywords.

        A broad kind (``broad = true``: "build", "develop", "manage" are everyone's work) never
        makes an achievement proof on its own: it must share a concept or a name with the duty.
        """
        only = [kind]
        stakeholders = data["stakeholders"]
        if kind.templates.get("broad"):
            return lambda text: False
        return lambda text: classify(Evidence(text, "proof", 0.0), only, stakeholders)[0] == kind.name

    heads = {h.lower() for h in data["system_heads"]}
    kept: list[Problem] = []
    abstained: list[str] = []
    for problem in problems:
        if len(kept) >= count:
            break
        problem.slots = fill_slots(problem, data, heads)
        add_support(problem, data)
        if specific(problem):
            said = _idea_key(data, problem)
            if said and any(_idea_key(data, k) == said for k in kept):
                continue  # a second duty of the same kind that would get the same idea again
            if any(_same_system(problem, k) for k in kept):
                continue  # "the SQL database" after "the DIF SQL database": the same work twice
            kept.append(problem)
        elif len(abstained) < count:
            abstained.append(problem.slots["quote"])
    problems = kept
    if len(abstained) > 1 and "abstain_many" in data["notes"]:  # one note, not the same sentence thrice
        quotes = _join([f"“{q}”" for q in abstained])
        notes.append(data["notes"]["abstain_many"].format(quotes=quotes))
    else:
        notes.extend(data["notes"]["abstain"].format(quote=q) for q in abstained)
    used: dict[str, int] = {}
    out_problems = []
    for n, problem in enumerate(problems, start=1):
        slots = problem.slots
        kind = problem.kind

        def t(key: str, kind: Kind = kind) -> Any:
            return template(data, kind, key)

        proof = None
        note = None
        found = best_proof(
            problem, achievements, match, used, agrees=of_kind(kind), people=data["stakeholders"]
        )
        if found is not None:
            achievement, words = found
            used[achievement["text"]] = used.get(achievement["text"], 0) + 1
            proof = {
                "text": achievement["text"],
                "role": role_label(resume, achievement.get("role")),
                "because": _because(words, problem),
                "cites": citer.cites([(achievement.get("source"), achievement["text"])]),
            }
            if not proof["cites"]:
                proof = None
        if proof is None:
            note = data["notes"]["no_proof"].format(quote=slots["quote"])
        out_problems.append(
            {
                "id": f"problem-{n}",
                "kind": problem.kind.name,
                "problem": first_filled(t("problem"), slots)
                or first_filled(data["general"]["problem"], slots)
                or slots["quote"],
                "why": _why(data, problem),
                "cites": _cites(citer, problem.evidence),
                "idea": {
                    "approach": first_filled(t("approach"), slots) or "",
                    "first_steps": first_steps(data, t("first_steps"), slots),
                    "measure": [s for alt in t("measure") if (s := first_filled(alt, slots))],
                    "risks": [s for alt in t("risks") if (s := first_filled(alt, slots))],
                    "proof": proof,
                    "proof_note": note,
                },
            }
        )
    return {
        "problems": out_problems,
        "plan_30_60_90": plan_30_60_90(data, citer, problems, items),
        "notes": notes,
    }


def _meet_actions(
    data: Mapping[str, Any], citer: Citer, problems: list[Problem], items: list[Evidence]
) -> list[dict[str, Any]]:
    """Meet the colleagues the posting names; listen to its customers and users."""
    developing = " ".join(p.slots.get("people", "") for p in problems)
    # listening to the people served is a first step only when an idea is about them
    serving = any(p.kind.name in SERVING_KINDS for p in problems)
    actions = []
    for key, external in (("meet", False), ("listen", True)):
        if external and not serving:
            continue
        who: list[str] = []
        naming: list[Evidence] = []
        for e in items:
            if e.where != "duty" or e.rank == float("-inf"):
                continue  # the people named by the duties the role owns
            names = [
                w
                for w in _found(data["stakeholders"], e.text)
                if (w in data["external"]) == external and w not in who and w not in developing
            ]
            if names:
                who.extend(names)
                naming.append(e)
        named = [w for w in who if w not in GENERIC_PEOPLE]
        who = named or who  # "Meet sales and customer service", not "… and stakeholders"
        if who:
            text = data["notes"][key].format(stakeholders=_join(who[:4]))
            actions.append({"text": text, "problem": None, "cites": _cites(citer, naming[:3])})
    return actions


#: A word that names no one in particular: left out of a 30-day meeting list that names anyone else.
GENERIC_PEOPLE = ("stakeholders",)

#: The kinds of problem about the people a service is for: their 30-day plan starts by listening to them.
SERVING_KINDS = ("contact", "customer")


def plan_30_60_90(
    data: Mapping[str, Any], citer: Citer, problems: list[Problem], items: list[Evidence]
) -> list[dict[str, Any]]:
    """Learn, plan, execute: one action per problem per phase, and meeting the people it names."""
    phases = []
    for days, phase in ((30, "learn"), (60, "plan"), (90, "execute")):
        actions: list[dict[str, Any]] = []
        if phase == "learn":
            actions.extend(_meet_actions(data, citer, problems, items))
        for n, problem in enumerate(problems, start=1):
            text = first_filled(template(data, problem.kind, phase), problem.slots)
            if text and all(a["text"] != text for a in actions):
                actions.append(
                    {"text": text, "problem": f"problem-{n}", "cites": _cites(citer, [problem.anchor])}
                )
        phases.append({"days": days, "phase": phase, "goal": data["phases"][phase], "actions": actions})
    return phases
