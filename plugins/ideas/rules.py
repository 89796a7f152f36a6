"""The rules behind ``ideas.problem_solving``: its documentation, config and outputs are in
:mod:`prepflow_plugins.ideas`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.match.rules import named_stems
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.terms import Terms, extract

import prepflow

# -- evidence -------------------------------------------------------------------

#: Kinds of requirement that say nothing about the employer's problems.
NOT_PROBLEMS = {"eligibility", "education", "licence", "license"}
#: Where a piece of evidence may anchor a problem (requirements only support one).
ANCHORS = ("duty", "initiative", "summary", "research")
#: What an achievement of the problem's own kind of work adds to its proof score.
KIND_BONUS = 3.0


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
    doing: str | None = None  # the "-ing" phrase, when it can anchor a problem


def _summary_sentences(job: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The sentences of the posting's introduction and "about the role" (``job.analyze``'s ``summary``)."""
    return [
        (_plain(item["text"]), item["source"])
        for item in job.get("summary") or []
        if isinstance(item, Mapping) and item.get("text") and isinstance(item.get("source"), Mapping)
    ]


def _plain(text: str) -> str:
    """Text without Markdown links and emphasis."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"\*\*|__|`", "", text).split())


def _research_items(research: Mapping[str, Any] | None, weights: Mapping[str, float]) -> list[Evidence]:
    items: list[Evidence] = []
    if not isinstance(research, Mapping):
        return items
    for key in ("initiatives", "products", "mission", "culture", "themes"):
        for entry in research.get(key) or []:
            if not isinstance(entry, Mapping):
                continue
            text = next(
                (entry[k] for k in ("text", "phrase", "theme") if isinstance(entry.get(k), str)), None
            )
            cites = [c for c in entry.get("cites") or [] if isinstance(c, Mapping) and "quote" in c]
            if not text or not cites:
                continue
            where = "initiative" if key == "initiatives" else "theme" if key == "themes" else "research"
            items.append(Evidence(text, where, weights[where], cites=[dict(c) for c in cites[:2]]))
    return items


def collect_evidence(
    data: Mapping[str, Any], job: Mapping[str, Any], research: Mapping[str, Any] | None
) -> list[Evidence]:
    """Every piece of evidence about the employer's problems, weighed (``data``: the ideas data)."""
    weights = data["weights"]
    skip = re.compile(r"\b(?:" + "|".join(data["skip"]) + r")", re.I)
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
            items.append(Evidence(req["text"], where, weights[where], source=req.get("source")))
    for theme in (job.get("themes") or [])[:5]:
        if isinstance(theme, Mapping) and theme.get("phrase") and theme.get("evidence"):
            first = theme["evidence"][0]
            items.append(Evidence(theme["phrase"], "theme", weights["theme"], source=first.get("source")))
    items.extend(_research_items(research, weights))
    for item in items:
        item.doing = as_doing(item.text) if item.where in ANCHORS else None
    return items


# -- words ----------------------------------------------------------------------

_DOUBLE = {"cut", "run", "set", "get", "put", "plan", "ship", "stop", "map", "drop", "scan", "audit"}
_KEEP_E = ("ee", "ye", "oe")
_DETERMINERS = {"the", "their", "our", "its", "a", "an", "all", "every"}
_NOT_VERBS = {"the", "a", "an", "our", "this", "these", "all", "each", "any", "your", "their", "as", "in"}
_NOT_VERBS |= {"to"}  # "To do this, …"


def gerund(verb: str) -> str:
    """'move' -> 'moving', 'cut' -> 'cutting', 'design' -> 'designing' (lower case)."""
    v = verb.lower()
    if v == "audit":
        return "auditing"
    if v in _DOUBLE:
        return v + v[-1] + "ing"
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(_KEEP_E) and len(v) > 2:
        return v[:-1] + "ing"
    return v + "ing"


#: Words that start a statement but are never verbs: months, days, seasons.
_NEVER_VERBS = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"spring|summer|autumn|fall|winter|today|yesterday|recently|currently|previously|since|during)$",
    re.I,
)
#: Endings of nouns and adjectives ("Collaboration", "Responsible", "Strategic").
_NOUN_ENDINGS = re.compile(r"(?:tion|sion|ness|ity|ance|ence|ship|ism|ous|ful|less|ment)$", re.I)
_MENT_VERBS = {
    "implement",
    "document",
    "augment",
    "comment",
    "segment",
    "experiment",
    "supplement",
    "complement",
}
#: A date that opens a dated statement: "September 2026:", "2026-01 -", "Q3 2025 —", "Jan. 5, 2026:".
_DATE_LEAD = re.compile(
    r"^(?:(?:early|mid|late|in|since|by)[\s-]+)?(?:[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?|Q[1-4]\s+)?"
    r"(?:19|20)\d{2}(?:-\d{2}(?:-\d{2})?)?\s*[:—–-]\s*",
)
#: A label that opens a statement: "Case study:", "Update:", "Pilot program -".
_LABEL = re.compile(r"^(?:[A-Z][\w'’]*)(?:\s+[a-zA-Z][\w'’]*){0,2}\s*(?::|\s[—–-])\s+(?=[A-Z])")
#: "started replacing", "began to migrate": a statement of work under way.
_UNDER_WAY = re.compile(
    r"^(?:started|starting|began|begun|begins|continues|continued|is|are)\s+(?:to\s+)?", re.I
)


#: Words that follow a subject, never an imperative verb: "Solutions also offers", "Reports must".
_NOT_AFTER_VERB = re.compile(
    r"^(?:must|should|will|shall|can|could|may|might|would|is|are|was|were|has|have|also|need|needs"
    r"|of|include|includes|provides|offers|enables|does)$",
    re.I,
)
#: Adverbs that can come before the verb of a duty: "Also coach …", "you'll also coach …".
_LEAD_ADVERBS = ("also", "then", "and", "plus")


def as_verb(word: str) -> str | None:
    """``word`` as an "-ing" form when it can be a verb in the imperative ("Design", "lead"), else None.

    Months, days, numbers, nouns ("Collaboration"), past forms ("launched": done already)
    and third-person forms are not turned into "-ing" words: "September" never becomes
    "Septembering". Third-person forms ("Builds", "leads") give the "-ing" of their base.
    """
    w = word.lower()
    if not word.isalpha() or _NEVER_VERBS.match(w) or w in _NOT_VERBS:
        return None
    if w.endswith("ing"):
        return w
    if w.endswith("ed") or (_NOUN_ENDINGS.search(w) and len(w) > 5 and w not in _MENT_VERBS):
        return None
    singular = w[:-3] + "y" if w.endswith("ies") else w[:-1]
    if w.endswith("s") and _NOUN_ENDINGS.search(singular) and len(w) > 6 and singular not in _MENT_VERBS:
        return None  # "Reconciliations", "Solutions": plural nouns
    if w.endswith("ies") and len(w) > 4:
        return gerund(w[:-3] + "y")
    if re.search(r"(?:ch|sh|ss|x|z)es$", w):
        return gerund(w[:-2])
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return gerund(w[:-1])
    return gerund(w)


def as_doing(text: str) -> str | None:
    """A duty or a "we are / you will" sentence as an "-ing" phrase, cut to its first clause.

    A dated statement ("September 2026: started replacing the dispatch system") loses its
    date, and keeps only work under way ("replacing the dispatch system"): a dated
    past event ("January 2026: launched ...") is done, so it anchors no problem.
    """
    text = _plain(text).rstrip(".;: ")
    text = _LABEL.sub("", text)  # "Case study: Increasing ...": the label is not a verb
    dated = _DATE_LEAD.match(text)
    if dated:
        text = text[dated.end() :]
        under_way = _UNDER_WAY.match(text)
        if under_way is None:
            return None
        text = text[under_way.end() :]
    m = re.search(
        r"(?:^|,\s+)(?:we|you)(?:\s+are|\s+will|\s+would|’ll|'ll|’re|'re)(?P<be>\s+be)?\s+(?P<rest>[a-z].+)$",
        text,
        re.I,
    )
    if m:
        words = m.group("rest").split()
        while len(words) > 1 and words[0].lower() in _LEAD_ADVERBS:
            words = words[1:]  # "you'll also coach …"
        first = as_verb(words[0])
        if first is None or (m.group("be") and not words[0].lower().endswith("ing")):
            return None  # "you will be responsible for": not an action
        words[0] = first
        if len(words) > 2 and words[1] == "and" and (third := as_verb(words[2])):
            words[2] = third  # "coach and mentor agency staff"
        phrase = " ".join(words)
    elif re.match(r"^(?:we|you|our|the|a|an|this|it|they|he|she|as|in|if)\b", text, re.I):
        return None
    else:
        words = text.split()
        while len(words) > 1 and words[0].lower() in _LEAD_ADVERBS:
            words = words[1:]  # "Also coach and mentor …": the verb comes next
        if not words:
            return None
        second = words[1] if len(words) > 1 else ""
        subject_verb = words[3] if len(words) > 3 and second == "and" else second
        if _NOT_AFTER_VERB.match(subject_verb) or (second.isupper() and len(second) > 3):
            return None  # "Solutions also offers …", "Bloomberg and SBS are …", "Job DESCRIPTION": no verb
        if words[0].lower().endswith("ly") and len(words) > 1 and (verb := as_verb(words[1])):
            words[0], words[1] = words[0].lower(), verb  # "Empathetically guide"
        elif (first := as_verb(words[0])) is not None:
            words[0] = first
        else:
            return None
        if len(words) > 2 and words[1] == "and" and (third := as_verb(words[2])):
            words[2] = third  # "design and run the services"
        for i in range(2, len(words) - 1):  # "... engineers and review their designs"
            if words[i - 1] == "and" and words[i + 1].lower() in _DETERMINERS and words[i].islower():
                words[i] = as_verb(words[i]) or words[i]
        phrase = " ".join(words)
    phrase = re.sub(r"\bour\b", "the", phrase)
    phrase = re.sub(r"\bwe\b", "they", phrase)
    return _first_clause(phrase)


def _first_clause(phrase: str, limit: int = 22) -> str:
    """Cut a long phrase at 'so', '—', ';', ', and' or a sentence end, keeping at least four words.

    The commas of a list of single words ("monitor, evaluate, analyze, and report") are not cuts.
    """
    phrase = _LIST.sub(lambda m: m.group(0).replace(",", "\x00"), phrase)  # "monitor, evaluate, and report"
    for cut, least in (
        (r"\.\s", 4),
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
    if phrase.count("(") > phrase.count(")"):  # cut inside "(HIV Prevention, …": end before the bracket
        phrase = phrase[: phrase.rfind("(")]
    words = phrase.split()
    if len(words) > limit:
        phrase = " ".join(words[:limit]) + " …"
    return phrase.rstrip(" ,.")


#: A serial list of single words: "monitor, evaluate, analyze, and report" (its commas are not clause ends).
_LIST = re.compile(r"\b[a-z]+(?:,\s[a-z]+)+,?\s(?:and|or)\s[a-z]+\b")


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
        pattern = re.compile(r"\b(?:" + "|".join(keywords) + ")", re.I) if keywords else None
        out.append(Kind(name, spec.get("label", name), pattern, spec))
    return out


def classify(item: Evidence, all_kinds: list[Kind], stakeholders: list[str]) -> tuple[str | None, int]:
    """The kind whose keywords the text hits most (who it names does not count)."""
    text = item.text
    for who in stakeholders:
        text = re.sub(rf"(?<![\w-]){re.escape(who)}(?![\w-])", " ", text, flags=re.I)
    best, hits = None, 0
    for kind in all_kinds:
        if kind.pattern is None:
            continue
        n = len({m.group(0).lower() for m in kind.pattern.finditer(text)})
        if n > hits:
            best, hits = kind.name, n
    return best, hits


# -- the objects of a problem ----------------------------------------------------

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|hundred|thousand|million|half|a third|a quarter"
)
_TARGET = re.compile(
    r"^(?:cut|reduce|lower|bring|keep|get|improve|increase|raise|grow|shorten|speed up|double|halve)\s+"
    r"(?P<subject>.+?)\s+"
    rf"(?P<goal>(?:below|under|to|by|above|over|within|less than|at least|more than|beyond)\s+"
    rf"(?:\d[\d,.]*\s?%?|(?:{_NUMBER_WORDS})\b).*)$",
    re.I,
)
_MOVE = re.compile(
    r"^(?:move|moving|migrate|migrating|port|porting|transition|transitioning|rebuild|rebuilding|replace"
    r"|replacing)\b.*?\b(?:onto|into|to|with)\s+"
    r"(?P<target>.+?)(?=[,.;]|\s(?:without|so|while|by|over|before|in order)\b|$)",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:mentor(?:ing)?|coach(?:ing)?|train(?:ing)?|supervis(?:e|ing)|lead(?:ing)?|onboard(?:ing)?|grow(?:ing)?"
    r"|develop(?:ing)?|manag(?:e|ing))\s+(?:and\s+(?:coach|mentor|train|develop)(?:ing)?\s+)?"
    r"(?P<people>(?:(?:a|the|our|\w+)\s+){0,3}?(?:[\w-]+\s+)?"
    r"(?:engineers|developers|designers|analysts|colleagues(?: and partners)?|staff|team members|teams?"
    r"|people|hires|interns|writers|scientists|specialists|researchers|managers|volunteers))\b",
    re.I,
)
_PHRASE_STOP = {
    "the", "a", "an", "our", "their", "its", "your", "this", "that", "these", "those", "and", "or", "of",
    "to", "in", "on", "for", "with", "behind", "from", "onto", "into", "all", "any", "each", "every",
    "new", "by", "at", "as", "is", "are", "be", "we", "you", "us", "them", "it", "both", "other",
}  # fmt: skip


def system_phrases(text: str, heads: set[str]) -> list[str]:
    """Phrases like 'legacy PHP dispatch system': one to three words before a system word.

    The phrase must follow a word such as "the", "our", "onto" or "behind", so that a verb
    ("communicate user-centered methods") or the end of another clause is never part of it.
    """
    words = re.findall(r"[\w][\w+#/-]*|[^\w\s]", _plain(text))
    found = []
    for i, word in enumerate(words):
        if word.lower() not in heads or (i + 1 < len(words) and words[i + 1].lower() in heads):
            continue  # "catalog database": the phrase ends at the last system word
        start = i
        while start > 0 and i - start < 4 and words[start - 1].lower() not in _PHRASE_STOP:
            start -= 1
        if start == i or start == 0 or words[start - 1].lower() not in _PHRASE_STOP:
            continue
        if all(w[0].isalnum() for w in words[start : i + 1]):
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


def fill_slots(problem: Problem, stakeholder_words: list[str], heads: set[str]) -> dict[str, str]:
    """The posting's own objects for the templates, found in the problem's evidence."""
    texts = [_plain(e.text) for e in problem.evidence if e.where != "theme"]
    slots: dict[str, str] = {"quote": _plain(problem.anchor.text).rstrip(". ")}
    slots["doing"] = problem.anchor.doing or slots["quote"]
    systems = [p for t in texts for p in system_phrases(t, heads)]
    if systems:
        best = systems[0]
        slots["system"] = best if best[0].isupper() and best.split()[0].isupper() else "the " + best
    for text in texts:
        m = _MOVE.match(text) if problem.kind.name == "migration" else None
        if m:
            slots["target"] = m.group("target").strip()
            break
    for text in texts:
        m = _TARGET.match(text)
        if m:
            slots["subject"], slots["goal"] = m.group("subject"), m.group("goal").rstrip(". ")
            break
    for text in texts:
        m = _PEOPLE.search(text)
        if m:
            people = re.sub(r"^(?:the|our|a)\s+", "", m.group("people"), flags=re.I)
            slots["people"] = "the " + people if re.match(rf"^(?:\d|{_NUMBER_WORDS})", people) else people
            break
    who: list[str] = []
    for text in texts:
        for name in _found(stakeholder_words, text):
            if name not in who and not any(name in w for w in who):
                who.append(name)
    if "people" in slots:
        who = [w for w in who if w not in slots["people"]]
    if who:
        slots["stakeholders"] = _join(who[:3])
    concepts: list[str] = []
    for text in texts:
        for concept in extract(text).concepts:
            if concept not in concepts:
                concepts.append(concept)
    if concepts:
        slots["tools"] = _join(concepts[:4])
    return slots


_SLOT = re.compile(r"\{(\w+)\}")


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

_NOT_ACHIEVEMENT = re.compile(
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
    texts = {_plain(e.text) for e in problem.evidence if e.where in ("must", "nice")}
    bonus: dict[str, float] = {}
    for req in match.get("requirements") or []:
        if not isinstance(req, Mapping) or _plain(str(req.get("requirement", ""))) not in texts:
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
) -> tuple[Mapping[str, Any], list[str]] | None:
    """The achievement that shares most with the problem, and the words it shares.

    Shared ordinary words ("data", "drive", "sets") prove nothing on their own: an
    achievement is proof only when it shares a concept or a named thing with the
    problem's own statement (its anchor) or is of the problem's kind (``agrees``); match.evidence's
    tie to one of the problem's requirements adds weight but is not enough alone.
    """
    wanted_anchor = extract(_plain(problem.anchor.text))
    wanted_rest = [extract(_plain(e.text)) for e in problem.support]
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
        same_kind = bool(agrees and agrees(a["text"]))
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


def _telling(wanted: Terms, shared: set[str], text: str) -> set[str]:
    """The shared terms that say something: concepts, and names the text capitalises mid-sentence."""
    return {t for t in shared if t in wanted.concepts or t in named_stems(_plain(text))}


# -- the step -------------------------------------------------------------------


def _because(words: list[str], problem: Problem) -> str:
    """'shares “PHP”, “Python” and “Kubernetes”', with the words as the posting writes them."""
    text = " ".join(_plain(e.text) for e in problem.evidence)
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
        parts.append(fmt.format(text=_plain(e.text).rstrip(".")))
    return " ".join(p if p.endswith(".") else p + "." for p in parts)


def _cites(citer: Citer, items: list[Evidence]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in items:
        for c in e.cites or [citer.cite(e.source, _plain(e.text))]:
            if c is not None and c not in out:
                out.append(c)
    return out


def infer_problems(data: Mapping[str, Any], items: list[Evidence], count: int) -> list[Problem]:
    """Group the evidence by kind and anchor the heaviest kinds on their strongest statements."""
    all_kinds = kinds(data)
    by_name = {k.name: k for k in all_kinds}
    for item in items:
        item.kind, item.hits = classify(item, all_kinds, data["stakeholders"])
    totals: dict[str, float] = {}
    for item in items:
        if item.kind:
            totals[item.kind] = totals.get(item.kind, 0.0) + item.weight
    order = {k.name: i for i, k in enumerate(all_kinds)}
    ranked = sorted(totals, key=lambda k: (-totals[k], order[k]))

    def anchors_of(kind: str) -> list[Evidence]:
        """Strongest first: by weight, then by how many of the kind's words it has."""
        pool = [e for e in items if e.kind == kind and e.doing and len(e.doing.split()) >= 4]
        return sorted(pool, key=lambda e: (-e.weight, -e.hits, items.index(e)))

    problems: list[Problem] = []
    used: set[int] = set()
    for round_ in range(2):  # first one problem per kind, then second problems for the heaviest kinds
        for name in ranked:
            if len(problems) == count:
                break
            free = [e for e in anchors_of(name) if id(e) not in used]
            if not free or (round_ == 1 and free[0].where not in ("duty", "initiative")):
                continue
            anchor = free[0]
            used.add(id(anchor))
            support = [e for e in items if e.kind == name and e is not anchor and id(e) not in used]
            support = sorted(support, key=lambda e: (-e.weight, items.index(e)))[:3]
            if round_ == 0:
                used.update(id(e) for e in support if e.doing)
            problems.append(Problem(by_name[name], anchor, support))
    return problems


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, resume, match = ctx.config["job"], ctx.config["resume"], ctx.config["match"]
    count = ctx.config.get("count", 4)
    if not isinstance(count, int) or not 3 <= count <= 5:
        raise prepflow.StepError(f"count must be a whole number from 3 to 5, got {count!r}")
    data = load_data("ideas", ctx)  # prepflow's data/ideas.toml, extended by the plan's packs
    citer = Citer(ctx)
    items = collect_evidence(data, job, ctx.config.get("research"))
    problems = infer_problems(data, items, count)
    if not problems:
        raise prepflow.StepError(
            "job: no duties, summary or research to infer the employer's problems from; "
            "pass the outputs of job.analyze (and company.research if you have it)"
        )
    notes = []
    if len(problems) < 3:
        notes.append(
            f"Only {len(problems)} problem(s) could be inferred: the posting states few duties. "
            "Add company research (company.research) or ask in the interview what the role must fix first."
        )
    achievements = usable_achievements(resume)

    def of_kind(kind: Kind) -> Callable[[str], bool]:
        """Whether an achievement does the problem's kind of work: it has one of the kind's keywords."""
        only = [kind]
        stakeholders = data["stakeholders"]
        return lambda text: classify(Evidence(text, "proof", 0.0), only, stakeholders)[0] == kind.name

    heads = {h.lower() for h in data["system_heads"]}
    used: dict[str, int] = {}
    out_problems = []
    for n, problem in enumerate(problems, start=1):
        problem.slots = slots = fill_slots(problem, data["stakeholders"], heads)
        kind = problem.kind

        def t(key: str, kind: Kind = kind) -> Any:
            return template(data, kind, key)

        proof = None
        note = None
        found = best_proof(problem, achievements, match, used, agrees=of_kind(kind))
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
            note = data["notes"]["no_proof"].format(doing=slots["doing"])
        out_problems.append(
            {
                "id": f"problem-{n}",
                "kind": problem.kind.name,
                "problem": first_filled(t("problem"), slots) or slots["quote"],
                "why": _why(data, problem),
                "cites": _cites(citer, problem.evidence),
                "idea": {
                    "approach": first_filled(t("approach"), slots) or "",
                    "first_steps": [s for alt in t("first_steps") if (s := first_filled(alt, slots))],
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
    actions = []
    for key, external in (("meet", False), ("listen", True)):
        who: list[str] = []
        naming: list[Evidence] = []
        for e in items:
            if e.where not in ("duty", "summary", "initiative"):
                continue
            names = [
                w
                for w in _found(data["stakeholders"], e.text)
                if (w in data["external"]) == external and w not in who and w not in developing
            ]
            if names:
                who.extend(names)
                naming.append(e)
        if who:
            text = data["notes"][key].format(stakeholders=_join(who[:4]))
            actions.append({"text": text, "problem": None, "cites": _cites(citer, naming[:3])})
    return actions


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
