"""The rules behind ``questions.draft``: its documentation, config and outputs are in
:mod:`prepflow_plugins.questions`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.documents import is_url, load_document
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.questions import DEFAULT_COUNT, MAX_COUNT, MIN_COUNT
from prepflow_plugins.text.cues import cues_found
from prepflow_plugins.text.duties import owned_duty
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.stopwords import STOPWORDS
from prepflow_plugins.text.terms import extract
from prepflow_plugins.text.voice import asks_for_english

import prepflow

DUPLICATE = 0.5  # questions sharing this share of their word stems (or more) are near-duplicates
SHORT_WORDS = 16  # how long a said-back item may be
MAX_QUOTE_WORDS = 30
#: Requirements a question is grounded in: skills and experience, not eligibility, degrees or traits.
ASKED_ABOUT = {"skill", "experience"}


@dataclass
class Item:
    """Something a question can be about: said back to the interviewer, with its citations."""

    kind: str  # theme | responsibility | requirement | research | role
    text: str  # as the source says it
    cites: list[dict[str, Any]]
    rank: float = 0.0  # higher is more important to the employer (or to the candidate's focus)
    date: str | None = None
    spread: int = 1  # how many sources say it (themes)
    part: str | None = None  # which part of the research profile (research items)
    uses: int = field(default=0)


# -- citations ------------------------------------------------------------------


def _citation(src: Mapping[str, Any], quote: str) -> dict[str, Any]:
    out: dict[str, Any] = {"file": src["file"], "start": src["start"], "end": src["end"], "quote": quote}
    if src.get("page") is not None:
        out["page"] = src["page"]
    return out


class Posting:
    """The posting's lines, to quote job.analyze items with words that really are in them."""

    def __init__(self, ctx: prepflow.StepContext, job: Mapping[str, Any]):
        self.lines: dict[tuple[str, int | None, int], str] = {}
        source = job.get("source")
        if isinstance(source, str) and not is_url(source):
            try:
                doc = load_document(ctx, source)
            except prepflow.StepError:
                return  # the file is gone: quote the items' own words
            self.lines = {(source, ln.get("page"), ln["line"]): ln["text"] for ln in doc["lines"]}

    def cite(self, text: str, src: Mapping[str, Any]) -> dict[str, Any]:
        cited = " ".join(
            line
            for (file, page, number), line in self.lines.items()
            if file == src["file"] and page == src.get("page") and src["start"] <= number <= src["end"]
        )
        return _citation(src, quote_in(text, cited))


def quote_in(text: str, cited: str) -> str:
    """The longest run of words of ``text`` that is in ``cited`` (``text`` itself if nothing to check)."""
    words = text.split()
    if not cited:
        return " ".join(words[:MAX_QUOTE_WORDS])
    haystack = " ".join(cited.lower().split())
    for size in range(min(len(words), MAX_QUOTE_WORDS), 0, -1):
        for i in range(len(words) - size + 1):
            piece = " ".join(words[i : i + size])
            if piece.lower() in haystack:
                return piece
    return " ".join(words[:MAX_QUOTE_WORDS])


# -- what questions can be about ------------------------------------------------------


def gather(
    job: Mapping[str, Any],
    research: Mapping[str, Any] | None,
    focus: Mapping[str, Any] | None,
    posting: Posting,
    not_duties: Sequence[str] = (),
) -> list[Item]:
    """Every item a question can be grounded in, most important first within each kind.

    ``not_duties`` are the patterns of duties that are about attitudes or culture
    (``not_problems`` of ``ideas.toml``): no question is grounded in them.
    """
    focused = {
        _key(c.get("competency", ""))
        for c in (focus or {}).get("competencies") or []
        if isinstance(c, Mapping)
    }
    items: list[Item] = []
    if research and research.get("themes"):
        for n, theme in enumerate(research["themes"]):
            if theme.get("sources_count", 1) < 2 or _fragment(str(theme.get("phrase", ""))):
                continue  # a phrase only one document uses is no hot button to say back
            items.append(
                Item(
                    "theme",
                    theme["phrase"],
                    list(theme["cites"][:2]),
                    rank=10 - n + theme["sources_count"],
                    spread=theme["sources_count"],
                )
            )
    # Without company pages, the posting's own repeated words are no theme to say back: they are
    # its title ("plumber's helper"), its conditions ("dry conditions indoors/outdoors") or pieces
    # of its sentences as often as its priorities. Its duties and requirements are quoted instead.
    duties = [
        r
        for r in job.get("responsibilities") or []
        if r.get("text") and r.get("source") and owned_duty(not_duties, r["text"])
    ]
    for n, resp in enumerate(duties):  # only duties the role owns: not culture, not the employer
        if _garbled(resp["text"]) or _NOT_A_DUTY.match(resp["text"]) or _ROUTINE.match(resp["text"]):
            continue  # "support for with staff": said back, the posting's slip is the candidate's;
            # "Carry tools to the site": no question about it a candidate would ask
        if (
            _OPEN_ENDING.search(resp["text"])
            or resp["text"].split()[-1].lower().strip(",.") in _FUNCTION_WORDS
        ):
            continue  # the line itself stops mid-phrase: "… the Production division for ensuring"
        if shorten(resp["text"]).split()[-1].lower().strip(",") in _FUNCTION_WORDS:
            continue  # cut mid-phrase: "Manage a grant budget, including, but not limited to"
        if len(shorten(resp["text"]).split()) >= 4:  # a fragment ("cooperative buying agreements") is no duty
            items.append(
                Item("responsibility", resp["text"], [posting.cite(resp["text"], resp["source"])], -n)
            )
    said_duties = {_key(r["text"]) for r in duties}
    for n, req in enumerate(job.get("requirements") or []):
        if not (req.get("text") and req.get("source")) or req.get("kind") not in ASKED_ABOUT:
            continue
        if _ABOUT_EMPLOYER.match(req["text"]) or len(shorten(req["text"]).split()) < 3:
            continue  # "We are looking for you if you have", "In this role, you would …": no requirement
        if _NOT_ASKABLE.search(req["text"]) or _garbled(req["text"]) or not _SKILL_OPENER.match(req["text"]):
            continue  # "How do I qualify?", "… is highly preferred", "Three years of …": nothing to ask about
        if _key(req["text"]) in said_duties or shorten(req["text"]).split()[-1].lower() in _FUNCTION_WORDS:
            continue  # the same line as a duty, or cut mid-phrase ("… with passion for, and knowledge of")
        rank = (5 if req.get("priority") == "must" else 0) + (10 if _key(req["text"]) in focused else 0) - n
        items.append(Item("requirement", req["text"], [posting.cite(req["text"], req["source"])], rank))
    role = job.get("role")
    if isinstance(role, Mapping) and role.get("text") and role.get("source"):
        items.append(Item("role", role["text"], [posting.cite(role["text"], role["source"])]))
    said = " ".join(posting.lines.values()).lower()
    for part in ("initiatives", "culture", "values", "mission", "products"):
        for n, entry in enumerate((research or {}).get(part) or []):
            if re.search(r"[“”\"]", entry["text"]):
                continue  # someone's quoted words (a testimonial): no fact to say back, no quote in a quote
            if part in ("initiatives", "products") and said and _elsewhere(entry["text"], said):
                continue  # another office's project ("the Cloud Adoption Center ... helped the USDA")
            items.append(
                Item("research", entry["text"], list(entry["cites"]), -n, entry.get("date"), part=part)
            )
    return items


#: Words a phrase never starts or ends with: a phrase that does is a piece of a sentence.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "and/or",
        "but",
        "nor",
        "not",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "than",
        "that",
        "which",
        "who",
        "is",
        "are",
        "be",
        "been",
        "including",
        "such",
    ]
)


def _fragment(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and (words[0] in _FUNCTION_WORDS or words[-1] in _FUNCTION_WORDS)


#: A proper name: an acronym of three letters or more ("USDA"; "IT" is a word) or two or more
#: capitalised words ("Cloud Adoption Center").
_NAME = re_compile(r"\b[A-Z]{3,}[a-z]?\b|\b[A-Z][\w.-]*(?:\s+(?:of\s+)?[A-Z][\w.-]*)+")


def _elsewhere(text: str, posting: str) -> bool:
    """Whether a company fact is about a part of the company the posting never names: its names
    (acronyms, capitalised phrases after the first word) all missing from the posting's text."""
    body = text.split(None, 1)[1] if len(text.split()) > 1 else ""
    names = [m.group() for m in _NAME.finditer(body)]
    return bool(names) and not any(name.lower() in posting for name in names)


#: A requirement that is no skill to ask about: a question or a link ("How do I qualify?", "Open house
#: signup"), a preference or a rule about it ("… is highly preferred", "must be approved"), a number
#: of years, or the role described ("The Information Security Specialist will possess knowledge").
_NOT_ASKABLE = re_compile(
    r"\?|\b(?:prefer\w*|must|required|approved|signup|sign up|years?|will (?:possess|have|be))\b|"
    r"\b(?:degree|diploma|licen[cs]e|certificat\w*)\b|"
    r"\b(?:standing|sitting|walking|lifting|lift|pounds|lbs)\b|\bhours? (?:a|per) day\b",
    re.I,
)
#: How a requirement that names a skill opens: "Ability to …", "Knowledge of …", "Strong …", "Calibrating …".
_SKILL_OPENER = re_compile(
    r"^(?:ability|able|knowledge|experience|skill|skills|skilled|strong|excellent|proficien\w*|familiar\w*|"
    r"understanding|working knowledge|demonstrated|proven|good|solid|expert\w*|expertise|[a-z]+ing)\b",
    re.I,
)
#: A responsibility that is a skill, the candidate described or a noun phrase, not a duty: "Skill at …",
#: "You would also …", "new technologies and integrations with existing systems".
_NOT_A_DUTY = re_compile(
    r"^(?:skill|skills|knowledge|ability|experience|you|your|lives|sits|reports|new)\b"
    # "Bloomberg and SBS are committed to …", "Hack Club is where …": a statement, not a duty
    r"|^(?:\S+\s+){1,5}(?:is|are)\s+(?:committed|dedicated|proud|looking|seeking|hiring|a|an|the|our|where)\b",
    re.I,
)
#: A duty that is carrying, lifting or wearing things: every hire does it, no question is about it.
_ROUTINE = re_compile(
    r"^(?:carr(?:y|ies)|moves? heavy|lift|lifts|load|loads|unload|unloads|stack|stacks|fetch|fetches|"
    r"wear|wears|wearing|print|prints)\b",
    re.I,
)
#: Two prepositions in a row ("support for with staff"): a slip in the posting, not words to say back.
_DOUBLED = re_compile(r"\b(?:for|with|to|of|in|on|at|by|from)\s+(?:for|with|of|at|by|from)\b", re.I)


def _garbled(text: str) -> bool:
    return bool(_DOUBLED.search(text))


#: A line that talks about the employer or the role rather than asking for something.
_ABOUT_EMPLOYER = re_compile(
    r"^(?:we|our|us|you|your|in this role|this role|the role|as an?|to work|visit|click|see|apply|send)\b"
    r"|^(?:\S+\s){1,2}(?:is|are)\s(?:where|a|an|the|our)\b",  # "Hack Club is where …": a statement
    re.I,
)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _surface(phrase: str, quote: str) -> str:
    """``phrase`` as written in ``quote`` (same words, original case)."""
    at = " ".join(quote.split()).lower().find(phrase.lower())
    return " ".join(quote.split())[at : at + len(phrase)] if at >= 0 else quote


# -- saying an item back -----------------------------------------------------------------


def shorten(text: str, words: int = SHORT_WORDS) -> str:
    """The first clause of ``text``, at most ``words`` words, without its closing full stop.

    Markup is not words: HTML tags, Markdown emphasis and a form's "(Required)" are left out.
    """
    text = " ".join(_MARKUP.sub("", text).split()).rstrip(". ")
    clause = _CLAUSE_END.split(text)[0]
    parts = clause.split()
    if len(parts) > words:
        cut = " ".join(parts[:words])
        comma = cut.rfind(",")
        at = _phrase_end(parts, words)
        if comma > len(cut) // 2:
            clause = cut[:comma]
        elif at:  # "… point of contact for the partner agency and its leadership" before "which may …"
            clause = " ".join(parts[:at])
        else:  # cut mid-clause: say so, and do not end on a little word ("to build shared …")
            kept = parts[:words]
            while len(kept) > words // 2 and (kept[-1].lower() in _LITTLE or kept[-1].endswith("’s")):
                kept.pop()
            clause = " ".join(kept).rstrip(" ,") + " …"
    return clause.strip(" ,:")


#: Words that open a new phrase: a line cut just before one ends whole ("… standards and practices"
#: before "for front-end web development …"). Not "and" or "or": "quality of new" before "and existing".
_PHRASE_OPENERS = frozenset(
    [
        "which",
        "that",
        "including",
        "such",
        "while",
        "where",
        "whereas",
        "so",
        "based",
        "using",
        "through",
        "across",
        "within",
        "for",
        "by",
        "with",
        "in",
        "on",
        "to",
    ]
)


def _phrase_end(parts: list[str], words: int) -> int:
    """Where to cut ``parts`` (at most ``words`` words, at least half of them) just before a word that
    opens a new phrase, after a word that can end one; 0 if there is no such place."""
    for i in range(min(words, len(parts) - 1), words // 2, -1):
        before = parts[i - 1]
        if (
            parts[i].lower() in _PHRASE_OPENERS
            and before.lower() not in _LITTLE
            and before[-1:].isalnum()
            and not before.lower().endswith(("ing", "’s", "'s"))
        ):
            return i
    return 0


#: Markup in an item's text: HTML tags, Markdown emphasis and code marks, and a form's field markers.
_MARKUP = re_compile(r"</?[A-Za-z][^>]*>|\*\*|__|`|\s*\((?:Required|Preferred|Optional)\)", re.I)
#: Where a said-back item is cut: a dash, a semicolon, a sentence end (not "vs." or "e.g."), a colon
#: before lower case, a bracket, or a new sentence run on without its full stop ("… at USDA As part of").
_CLAUSE_END = re_compile(
    r"\s[—–]\s|;\s|(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bNo)(?<!\b[A-Z])\.\s|: (?=[a-z])"
    r"| \((?!\w+\))|(?<=\w)\s(?=(?:As|A|An|The|This|Our|We|They|It)\s[a-z])"
)
_LEADING_DATE = re_compile(r"^(?:[A-Z][a-z]+\.? (?:\d{1,2}, )?\d{4}|\d{4}(?:-\d{2})?|Q[1-4] \d{4}):\s+")
_LITTLE = {
    "a",
    "an",
    "the",
    "to",
    "of",
    "and",
    "or",
    "by",
    "for",
    "with",
    "in",
    "on",
    "at",
    "from",
    "that",
    "shared",
    # words that leave the phrase open when it stops on them: "… across the council so", "… as"
    "so",
    "as",
    "than",
    "because",
    "if",
    "when",
    "whether",
    "but",
    "nor",
    "into",
    "onto",
    "upon",
    "about",
    "via",
    "per",
    "between",
    "among",
    "is",
    "are",
    "be",
    "will",
    "can",
    "may",
    "must",
    "should",
    "their",
    "its",
    "our",
    "your",
    "this",
    "these",
    "those",
    "such",
    "also",
    "not",
}

#: A posting line that stops mid-phrase on an "-ing" word after a preposition ("Heavy coordination with
#: the Production division for ensuring"): the rest went to another line; nothing whole to say back.
_OPEN_ENDING = re_compile(r"\b(?:for|by|of|in|to|with|without|before|after|while|when)\s+\w+ing\W*$", re.I)


def said_back(item: Item, data: Mapping[str, Any]) -> tuple[str, str]:
    """(the intro sentence, the short form) for an item.

    The item is quoted, never rewritten: each intro of ``questions.toml`` is a frame
    that stays grammatical whatever the quoted words are ("The posting lists “…”.").
    """
    intros = data["intros"]
    if item.kind == "theme":
        intro = intros["theme_many" if item.spread > 1 else "theme_one"]
        return intro.format(ref=item.text), item.text
    if item.kind in ("responsibility", "requirement", "role"):
        short = shorten(item.text)
        return intros[item.kind].format(ref=short), short
    text = " ".join(item.text.split())
    dated = _LEADING_DATE.match(text)  # "October 2025: the old flow …": the date stays with its news
    short = dated.group() + shorten(text[dated.end() :], 22) if dated else shorten(text, 22)
    if not item.text.rstrip().endswith((".", "!")):  # a listed item, not a sentence
        return intros["research_listed"].format(ref=short), short
    return intros["research"].format(ref=short), short


# -- choosing -------------------------------------------------------------------------------


def _stems(text: str) -> set[str]:
    return set(extract(text).all)


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of two texts' word stems."""
    sa, sb = _stems(a), _stems(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def _prefers(text: str, words: Sequence[str]) -> int:
    """How many of ``words`` start a word of ``text``; a word ending in "$" must end there too
    ("with$" finds "with", not "within")."""
    cues = tuple(
        (w.removesuffix("$"), r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])" if w.endswith("$") else "")
        for w in words
    )
    found = cues_found(text, cues)
    return sum(cue in found for cue in cues)


def _fit(template: Mapping[str, Any], item: Item) -> float | None:
    """How well an item suits a template (None: not at all)."""
    grounds = template["grounds"]
    if item.kind not in grounds:
        return None
    if item.kind == "research" and item.part not in template.get("parts", [item.part]):
        return None
    # a quoted item is judged by the words said back, not by the rest of its line
    said = shorten(item.text) if item.kind in ("responsibility", "requirement") else item.text
    prefer = _prefers(said, template.get("prefer", []))
    required = template.get("require_prefer", False)  # true, or the kinds of item it applies to
    if not prefer and (required is True or (isinstance(required, list) and item.kind in required)):
        return None
    score = 6.0 - 2.0 * grounds.index(item.kind)  # the template's best-fitting kind first
    score += 2.0 * min(prefer, 3)
    score += item.rank * 0.1
    if item.date:
        score += 1.0  # dated news is recent and specific
    return score


def draft(
    items: list[Item], data: Mapping[str, Any], count: int, built_in: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """``count - 1`` questions: one per category in order, then extras by ``extra_order``.

    ``built_in`` are the ids of prepflow's own templates; a template of a pack (any other id)
    that fits an item is asked before them in its category: a coaching firm's own question first.
    """
    templates = [t for t in data["templates"] if t["category"] != "closing"]
    order = [c for c in data["order"] if c != "closing"]
    extra = [c for c in data["extra_order"] if c in order]
    chosen: list[tuple[str, Mapping[str, Any], Item, str]] = []
    used_templates: set[str] = set()

    def pick(category: str, reuse: bool, about_role: bool = False) -> bool:
        """Add the best question of a category not yet asked; False if there is none.

        A question about the role itself (``grounds = ["role"]``) is asked only with
        ``about_role``: when nothing the material says fits the category.
        """
        best: tuple[bool, float, int, int] | None = None
        best_pick = None
        for t_index, template in enumerate(templates):
            if template["category"] != category or (template["id"] in used_templates and not reuse):
                continue
            if (template["grounds"] == ["role"]) != about_role:
                continue
            for i_index, item in enumerate(items):
                score = None if item.uses and item.kind != "role" else _fit(template, item)
                if score is None:
                    continue
                intro, short = said_back(item, data)
                text = template["text"].format(intro=intro, ref=item.text, short=short).strip()
                if any(overlap(text, c[3]) >= DUPLICATE for c in chosen):
                    continue
                own = not built_in or template["id"] in built_in
                key = (own, -score + (10 if template["id"] in used_templates else 0), t_index, i_index)
                if best is None or key < best:
                    best, best_pick = key, (template, item, text)
        if best_pick is None:
            return False
        template, item, text = best_pick
        item.uses += 1
        used_templates.add(template["id"])
        chosen.append((category, template, item, text))
        return True

    for category in order:
        pick(category, reuse=False) or pick(category, reuse=False, about_role=True)
    progress = True  # extras: each template at most once, so no question is the same one padded out
    while progress and len(chosen) < count - 1:
        progress = False
        for category in extra:
            if len(chosen) < count - 1 and pick(category, reuse=False):
                progress = True

    chosen.sort(key=lambda c: order.index(c[0]))  # interview order; stable within a category
    out = []
    for category, template, item, text in chosen:
        _, short = said_back(item, data)
        listen = template["listen_for"].format(short=short)
        out.append(
            {
                "category": category,
                "text": text,
                "listen_for": listen_for(listen, data["categories"][category]["listen_for"]),
                "grounded_in": {"kind": item.kind, "text": item.text},
                "cites": item.cites,
            }
        )
    return out


_SENTENCE_BREAK = re_compile(r"(?<=[.!?”])\s+(?=[A-Z“])")
_WORD = re_compile(r"[A-Za-z][A-Za-z'-]*")


def _content(sentence: str) -> set[str]:
    return {stem(w.lower()) for w in _WORD.findall(sentence) if w.lower() not in STOPWORDS}


def listen_for(own: str, general: str) -> str:
    """A question's own signals, then its category's, less the category clauses that say again what
    its own already say ("the yardstick your stories must hit" once, not twice)."""
    said = [_content(clause) for sentence in _SENTENCE_BREAK.split(own) for clause in sentence.split("; ")]
    kept = []
    for sentence in _SENTENCE_BREAK.split(general):
        clauses = []
        for clause in sentence.split("; "):
            words = _content(clause)
            if words and any(len(words & before) >= 0.5 * len(words) for before in said):
                continue
            clauses.append(clause)
            said.append(words)
        if clauses:
            text = "; ".join(clauses)
            text = text[0].upper() + text[1:]
            kept.append(text if text.endswith((".", "!", "?", "”")) else text.rstrip(",;:") + ".")
    return " ".join([own, *kept]) if kept else own


def closing(
    data: Mapping[str, Any],
    match: Mapping[str, Any] | None,
    focus: Mapping[str, Any] | None,
    posting: Posting,
) -> dict[str, Any]:
    """The question that invites objections, citing the weak spots the candidate should expect."""
    template = next(t for t in data["templates"] if t["category"] == "closing")
    weak: list[tuple[str, dict[str, Any]]] = []
    for req in (match or {}).get("requirements") or []:
        gap = req.get("counted", True) and req.get("priority") == "must" and req.get("status") == "gap"
        text = str(req.get("requirement") or "")
        if (
            _ABOUT_EMPLOYER.match(text)
            or asks_for_english(text)
            or req.get("kind") in ("eligibility", "frame")
        ):
            continue  # "We are committed to …", "Proficient in English": nothing they will hold against you
        if gap and req.get("source"):
            weak.append((req["requirement"], posting.cite(req["requirement"], req["source"])))
    if not weak:
        for comp in (focus or {}).get("competencies") or []:
            why = (comp.get("why") or [{}])[0]
            if comp.get("status") == "partial" and why.get("source"):
                weak.append((comp["competency"], posting.cite(comp["competency"], why["source"])))
    weak = weak[:3]
    listen = template["listen_for"]
    if weak:
        gaps = " and ".join(f"“{shorten(text)}”" for text, _ in weak)
        listen = template["listen_for_gaps"].format(gaps=gaps)
    return {
        "category": "closing",
        "text": template["text"],
        "listen_for": listen_for(listen, data["categories"]["closing"]["listen_for"]),
        "grounded_in": {
            "kind": "closing",
            "text": "; ".join(text for text, _ in weak) or "the candidate's background as a whole",
        },
        "cites": [cite for _, cite in weak],
    }


def missing(data: Mapping[str, Any], questions: list[dict[str, Any]]) -> list[str]:
    """What the material does not support a question about, said plainly: ask it anyway."""
    asked = {q["category"] for q in questions}
    return [
        data["categories"][c]["missing"]
        for c in data["order"]
        if c not in asked and data["categories"][c].get("missing")
    ]


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job = ctx.config["job"]
    count = ctx.config.get("count", DEFAULT_COUNT)
    if not isinstance(count, int) or not MIN_COUNT <= count <= MAX_COUNT:
        raise prepflow.StepError(
            f"count must be a whole number from {MIN_COUNT} to {MAX_COUNT}, got {count!r}"
        )
    data = load_data("questions", ctx)
    not_duties = load_data("ideas", ctx).get("not_problems") or []
    posting = Posting(ctx, job)
    items = gather(job, ctx.config.get("research"), ctx.config.get("focus"), posting, not_duties)
    if not any(job.get(key) for key in ("responsibilities", "requirements", "themes", "summary")):
        raise prepflow.StepError(
            "job: no responsibilities, requirements or themes to ask about; pass job.analyze"
        )
    built_in = frozenset(t["id"] for t in load_data("questions")["templates"])
    questions = draft(items, data, count, built_in)
    questions.append(closing(data, ctx.config.get("match"), ctx.config.get("focus"), posting))
    return {
        "questions": [
            {"id": f"q{n:02d}", "order": n, **question} for n, question in enumerate(questions, start=1)
        ],
        "notes": missing(data, questions),
    }
