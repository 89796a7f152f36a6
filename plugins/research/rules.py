"""The rules behind ``company.research``: its documentation, config and outputs are in
:mod:`prepflow_plugins.research`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from prepflow_plugins.documents import is_url, load_document
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.research import CATEGORIES
from prepflow_plugins.text.cues import Cue, any_cue, cues_found
from prepflow_plugins.text.duties import owned_duty
from prepflow_plugins.text.terms import STOPWORDS, extract, stem

import prepflow

MAX_ITEMS = {"mission": 4, "values": 10, "products": 10, "initiatives": 10, "culture": 12}
PER_SECTION = 4  # items of one category taken from one section, so one long list does not drown the rest
PER_FILE = 5  # ... and from one file
MAX_THEMES = 10
RELATED_ORDER = ("responsibilities", "requirements", "initiatives")  # where homework looks for its reason
MAX_THEME_CITES = 4
COMPANY_CAP = 2  # mentions counted per company page
POSTING_CAP = 3  # mentions counted in the posting (when the phrase is not one of its themes)
SOURCES_CAP = 4  # the cross-source bonus stops growing here
SOURCE_BONUS, LENGTH_BONUS = 0.5, 0.5
WORD_SOURCES = 3  # a single word that names no skill must be said in this many sources to be a theme
POSTING_FACTOR = {"requirements": 2.0, "responsibilities": 1.5, "preferred": 1.0}
# Sections of a posting that say nothing about what the employer cares about.
POSTING_SKIP = {"benefits", "eeo", "apply", "pay", "conditions", "details", "evaluation"}


METHOD = (
    "weight = (posting weight + company mentions) × (1 + 0.5 × (sources − 1)) × (1 + 0.5 × (words − 1)), "
    "sources counted up to 4 and words up to 3; posting weight = the job.analyze theme weight, or the best "
    "3 mentions in the posting (2 in requirements, 1.5 in duties, 1 elsewhere); company mentions count at "
    "most 2 per page; a phrase must be said in two sources, the posting among them, or be a posting theme; "
    "a single word must name a "
    "skill, or be a posting theme said in 3 sources; words every posting uses and the role's title words are "
    "never a theme alone; sentences about hiring, pay, benefits or the law are not read"
)

# -- reading ----------------------------------------------------------------------

_MARKUP = re.compile(r"\]\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}|\*\*|__|(?<!\w)_|_(?!\w)|[\[\]`*{}|<>]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BULLET = re.compile(r"^(?:[-*+•]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(\[*_]*[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:^\W*\d{1,2}\.|\b[A-Za-z]\.|\b(?:Inc|Ltd|Co|Dr|Mr|Ms|Mrs|St|No|vs|etc|e\.g|i\.e))\.?$"
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[-'’][A-Za-z0-9+#]+)*")


@dataclass
class Sentence:
    """One sentence of a source, with the lines it spans and the headings above it."""

    file: str
    page: int | None
    start: int
    end: int
    raw: str  # as written (markup included): quotes are cut from it
    text: str  # markup removed: what the profile shows
    context: tuple[str, ...]  # lead-in, then headings from nearest to farthest, lowercased
    bullet: bool
    section: int  # which section of its file, to cap items per section

    def cite(self, quote: str | None = None) -> dict[str, Any]:
        return citation(self.file, self.start, self.end, self.page, quote or clean_quote(self.raw))


def citation(file: str, start: int, end: int, page: int | None, quote: str) -> dict[str, Any]:
    out: dict[str, Any] = {"file": file, "start": start, "end": end, "quote": quote}
    if page is not None:
        out["page"] = page
    return out


def clean_quote(raw: str, max_words: int = 30) -> str:
    """The longest run of ``raw`` without markup, cut to ``max_words``: words that really are there."""
    pieces = [" ".join(p.split()) for p in _MARKUP.split(raw)]
    best = max(pieces, key=lambda p: (len(p.split()), -pieces.index(p)))
    words = best.strip(" :;,-–—").split()
    return " ".join(words[:max_words]) or " ".join(raw.split()[:max_words])


def strip_markup(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"(?:^|(?<=\s))(?:>|#{1,6})(?=\s|$)", "", text)  # blockquote and heading marks
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\*\*|__|`|(?<!\w)_|_(?!\w)", "", text)
    return " ".join(text.split()).strip()


Lines = dict[tuple[str, "int | None", int], str]  # (file, page, line number) -> text, as load_document gives


def read_sentences(
    ctx: prepflow.StepContext, source: str, skip_headings: Sequence[str], lines_out: Lines | None = None
) -> list[Sentence]:
    """The sentences of a source, in order, each knowing its lines and the headings it sits under.

    ``lines_out``, when given, receives every line of the source, to quote from later.
    """
    doc = load_document(ctx, source)  # front matter already left out
    lines = doc["lines"]
    if lines_out is not None:
        lines_out.update({(source, ln.get("page"), ln["line"]): ln["text"] for ln in doc["lines"]})

    # Group lines into blocks: a heading; a bullet with its continuation lines; a paragraph.
    blocks: list[list[Mapping[str, Any]]] = []
    for ln in lines:
        previous = blocks[-1][-1] if blocks else None
        joins = (
            previous is not None
            and ln.get("kind") == "text"
            and previous.get("kind") != "heading"
            and ln.get("page") == previous.get("page")
            and ln["line"] == previous.get("end", previous["line"]) + 1
            and doc.get("format") in ("markdown", "text", "pdf")
        )
        if joins:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])

    headings: list[tuple[int, str]] = []  # (level, text), outermost first
    lead: str | None = None
    section = 0
    skipping = False
    out: list[Sentence] = []
    for block in blocks:
        first = block[0]
        if first.get("kind") == "heading":
            level = first.get("level", 1)
            text = strip_markup(first["text"].lstrip("#")).lower()
            headings = [h for h in headings if h[0] < level] + [(level, text)]
            lead, section = None, section + 1
            skipping = _has(text, skip_headings)
            continue
        if skipping:
            continue
        bullet = first.get("kind") == "bullet"
        if not bullet:
            lead = None
        context = ((lead,) if lead and bullet else ()) + tuple(h for _, h in reversed(headings))
        for sentence in _split(block):
            raw, start, end = sentence
            text = strip_markup(_BULLET.sub("", raw))
            if not text:
                continue
            out.append(
                Sentence(
                    file=source,
                    page=first.get("page"),
                    start=start,
                    end=end,
                    raw=raw,
                    text=text,
                    context=context,
                    bullet=bullet,
                    section=section,
                )
            )
        last = out[-1].text if out and out[-1].start >= first["line"] else ""
        if not bullet and last.endswith(":"):
            lead = last.lower()  # "The organization's values are:" governs the list under it
    return out


def _split(block: Sequence[Mapping[str, Any]]) -> Iterable[tuple[str, int, int]]:
    """Split a block into sentences: (raw text, first line, last line)."""
    joined, spans = "", []
    for ln in block:
        if joined:
            joined += " "
        spans.append((len(joined), len(joined) + len(ln["text"]), ln["line"], ln.get("end", ln["line"])))
        joined += ln["text"]
    begin = 0
    cuts = [m for m in _SENTENCE_END.finditer(joined) if not _ABBREVIATION.search(joined[: m.start()])]
    for stop in [*(m.start() for m in cuts), len(joined)]:
        piece = joined[begin:stop].strip()
        if piece:
            first_char = begin + (len(joined[begin:stop]) - len(joined[begin:stop].lstrip()))
            lines = [s for s in spans if s[0] < stop and s[1] > first_char]
            yield piece, lines[0][2], lines[-1][3]
        begin = stop


def _has(text: str, cues: Sequence[str]) -> bool:
    """Whether one of ``cues`` occurs in ``text`` as whole words (case-insensitive)."""
    return any_cue(text, _cues(tuple(cues)))


def _count(text: str, cues: Sequence[str]) -> int:
    """How many of ``cues`` occur in ``text`` as whole words (case-insensitive)."""
    found = cues_found(text, _cues(tuple(cues)))
    return sum(cue in found for cue in _cues(tuple(cues)))


def _starts_word(text: str, prefixes: Sequence[str]) -> bool:
    """Whether a word of ``text`` starts with one of ``prefixes`` ("migrat" finds "migrating")."""
    return any_cue(text, _cues(tuple(prefixes), prefix_only=True))


@cache
def _cues(words: tuple[str, ...], prefix_only: bool = False) -> tuple[Cue, ...]:
    # Hyphens count as part of a word: "opened" is not found in "newly-opened".
    edge_l, edge_r = r"(?<![A-Za-z0-9\-])", r"(?![A-Za-z0-9\-])"
    return tuple(
        (
            cue,
            edge_l if cue[:1].isalnum() else "",
            edge_r if cue[-1:].isalnum() and not prefix_only else "",
        )
        for cue in words
    )


# -- dates ------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_DATE = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
    r"((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"\b(?:Q([1-4])\s*((?:19|20)\d{2})|((?:19|20)\d{2})\s*Q([1-4]))\b")
_ISO = re.compile(r"\b((?:19|20)\d{2})-(0[1-9]|1[0-2])\b")
_YEAR = re.compile(r"(?:^|\b(?:in|since|during|by|from|early|late|mid)\s+)((?:19|20)\d{2})\b(?!-)", re.I)


def find_date(text: str) -> str | None:
    """The first date stated in ``text`` as YYYY-MM, YYYY-Qn or YYYY; None when it states none."""
    found = []
    if m := _MONTH_DATE.search(text):
        found.append((m.start(), f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"))
    if m := _QUARTER.search(text):
        found.append((m.start(), f"{m.group(2) or m.group(3)}-Q{m.group(1) or m.group(4)}"))
    if m := _ISO.search(text):
        found.append((m.start(), f"{m.group(1)}-{m.group(2)}"))
    if m := _YEAR.search(text):
        found.append((m.start(1), m.group(1)))
    return min(found)[1] if found else None


# -- the profile --------------------------------------------------------------------


#: A short label that opens a sentence: "Case study: …", "Update — …".
_LEAD_LABEL = re.compile(r"^([A-Z][\w'’]*(?:\s+[\w'’]+){0,2})\s*(?::|\s[—–])\s+")


def classify(
    sentence: Sentence, cues: Mapping[str, Mapping[str, Any]], not_facts: re.Pattern[str] | None = None
) -> str | None:
    """Which part of the profile a sentence belongs to, or None.

    A culture signal is a sentence: a bare list item ("Professional development",
    a group's name) says nothing about how people work there.
    """
    text = sentence.text
    if text.endswith(("?", ":")) or len(text.split()) < 2:
        return None  # lead-ins, rhetorical questions, fragments
    if re.search(
        r"\b(?:read|learn|find out) more\b|\bclick\b|\bsign up\b|\bcookies?\b|equal opportunity", text, re.I
    ):
        return None
    if not_facts is not None and not_facts.search(text):
        return None  # how hiring goes, pay and benefits, legal notices: not a fact about the work
    if label := _LEAD_LABEL.match(text):  # "Case study: …" is filed where its label says
        named = [c for c in CATEGORIES if _has(label.group(1), cues[c]["headings"])]
        if len(named) == 1:
            return named[0]

    def said(category: str) -> int:
        return _count(text, cues[category]["cues"])

    def under(category: str) -> bool:
        return any(_has(c, cues[category]["headings"]) for c in sentence.context[:1])

    if said("mission"):
        return "mission"
    if len(text.split()) < 3 and not (sentence.bullet and under("values")):
        return None  # two words make a value ("Patrons first."), nothing else
    if said("values") or (sentence.bullet and sentence.context and under("values")):
        return "values"
    news = _under_any(sentence, cues["initiatives"]["headings"])
    if (find_date(text) or news) and (said("initiatives") or news):
        return "initiatives"
    for context in sentence.context:  # the nearest heading (or lead-in) that says what this is
        matched = [c for c in CATEGORIES if _has(context, cues[c]["headings"])]
        if matched == ["culture"] and _bare_item(sentence):
            return None  # "Professional development", a group's name: a list item, not a signal
        if len(matched) == 1 and matched != ["mission"]:
            return matched[0]
        if matched:
            break
    counts = {c: said(c) for c in ("products", "culture")}
    best = max(counts, key=lambda c: (counts[c], -CATEGORIES.index(c)))
    return best if counts[best] else None


def _bare_item(sentence: Sentence) -> bool:
    """A list item that is a name or a label, not a statement: it does not end as a sentence does."""
    return sentence.bullet and not sentence.text.rstrip().endswith((".", "!"))


def _under_any(sentence: Sentence, headings: Sequence[str]) -> bool:
    return any(_has(context, headings) for context in sentence.context)


def build_profile(
    sentences: Sequence[Sentence], cues: Mapping[str, Any], not_facts: re.Pattern[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    profile: dict[str, list[dict[str, Any]]] = {c: [] for c in CATEGORIES}
    seen: set[str] = set()
    per_section: dict[tuple[str, str, int], int] = {}
    for sentence in sentences:
        category = classify(sentence, cues, not_facts)
        key = " ".join(sentence.text.lower().split())
        if category is None or key in seen:
            continue
        where = (category, sentence.file, sentence.section)
        whole = (category, sentence.file, 0)
        if per_section.get(where, 0) >= PER_SECTION or per_section.get(whole, 0) >= PER_FILE:
            continue
        per_section[where] = per_section.get(where, 0) + 1
        per_section[whole] = per_section.get(whole, 0) + 1
        seen.add(key)
        item: dict[str, Any] = {"text": sentence.text, "cites": [sentence.cite()]}
        if category == "initiatives" and (date := find_date(sentence.text)):
            item["date"] = date
        profile[category].append(item)
    _standalone(profile)
    # Newest news first; undated items keep their place after the dated ones.
    profile["initiatives"].sort(key=lambda i: _date_key(i.get("date")))
    prefix = {"products": "product", "initiatives": "initiative", "values": "value"}
    for category, items in profile.items():
        del items[MAX_ITEMS[category] :]
        for n, item in enumerate(items, start=1):
            item["id"] = f"{prefix.get(category, category)}-{n}"
        profile[category] = [{"id": i["id"], **{k: v for k, v in i.items() if k != "id"}} for i in items]
    return profile


#: A sentence that leans on the one before it ("They offer forums ...", "It's a space for ..."): it
#: does not say on its own what it is about.
_LEANS_BACK = re.compile(r"^(?:they|it|its|it[’']s|this|these|those|that|such|he|she)\b", re.I)


def _unbalanced(text: str) -> bool:
    """A quotation cut mid-way ("From the product owner: “We didn’t know where to start ...")."""
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


def _standalone(profile: dict[str, list[dict[str, Any]]]) -> None:
    """Keep the items a candidate can repeat as they stand, each in the right drawer.

    A values list names its values ("Integrity: We are ..."): where a file gives two or more so, its
    unnamed sentences filed beside them ("TTS is a remote-first organization") are not values.
    """
    for category, items in profile.items():
        profile[category] = [i for i in items if not (_LEANS_BACK.match(i["text"]) or _unbalanced(i["text"]))]
    labelled: dict[str, int] = {}
    for item in profile["values"]:
        if _LEAD_LABEL.match(item["text"]):
            file = item["cites"][0]["file"]
            labelled[file] = labelled.get(file, 0) + 1
    profile["values"] = [
        i
        for i in profile["values"]
        if _LEAD_LABEL.match(i["text"]) or labelled.get(i["cites"][0]["file"], 0) < 2
    ]


def _date_key(date: str | None) -> tuple[int, str]:
    if date is None:
        return (1, "")
    year, _, rest = date.partition("-")
    month = {"Q1": "03", "Q2": "06", "Q3": "09", "Q4": "12"}.get(rest, rest or "12")
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in f"{year}-{month}"))  # descending


# -- themes -------------------------------------------------------------------------


@dataclass
class Mention:
    file: str
    page: int | None
    start: int
    end: int
    surface: str
    factor: float
    capitalised: bool


@dataclass
class Candidate:
    key: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)
    posting_weight: float | None = None  # from job.analyze, when it is one of its themes
    phrase: str | None = None


_NOT_WORDS = re.compile(r"\]\([^)]*\)|https?://\S+|\bwww\.\S+|\S+@\S+|\{\{.*?\}\}|\{%.*?%\}")


def _tokens(text: str, generic: frozenset[str]) -> list[tuple[str, int, int, bool]]:
    """Words of ``text`` as (stem, start, end, is_content); link targets and addresses are not words."""
    text = _NOT_WORDS.sub(lambda m: " " * len(m.group()), text)
    out = []
    for m in _WORD.finditer(text):
        word = m.group().lower().replace("’", "'")
        content = not (
            word in STOPWORDS
            or word in generic
            or stem(word) in generic
            or (any(c.isdigit() for c in word) and not _is_skill(word))
            or len(word) < 2
            or word.endswith("'s")
        )
        out.append((stem(word), m.start(), m.end(), content))
    return out


def _runs(text: str, generic: frozenset[str]) -> Iterable[list[tuple[str, int, int]]]:
    """Runs of adjacent content words (only spaces or hyphens between them)."""
    run: list[tuple[str, int, int]] = []
    for s, a, b, content in _tokens(text, generic):
        if content and (not run or re.fullmatch(r"[ \-]+", text[run[-1][2] : a])):
            run.append((s, a, b))
            continue
        if run:
            yield run
        run = [(s, a, b)] if content else []
    if run:
        yield run


def _ngrams(text: str, generic: frozenset[str]) -> Iterable[tuple[tuple[str, ...], int, int]]:
    for run in _runs(text, generic):
        for n in (1, 2, 3):
            for i in range(len(run) - n + 1):
                part = run[i : i + n]
                yield tuple(s for s, _, _ in part), part[0][1], part[-1][2]


def weigh_themes(
    posting: Sequence[Sentence],
    posting_factor: Mapping[int, float],
    company: Sequence[Sentence],
    job_themes: Sequence[Mapping[str, Any]],
    generic: frozenset[str],
    names: frozenset[str],
    weak: frozenset[str] = frozenset(),
    not_facts: re.Pattern[str] | None = None,
) -> list[dict[str, Any]]:
    """The hot buttons: phrases said across sources, weighted (see the module docstring).

    ``weak`` are the stems of words every posting uses and of the role's title: part of a
    theme, never one alone. Sentences matching ``not_facts`` (hiring process, pay and
    benefits, legal notices) are not read: "vision" in "vision insurance" is no hot button.
    """
    generic_stems = {stem(w) for w in generic}
    candidates: dict[tuple[str, ...], Candidate] = {}
    for sentences, is_posting in ((posting, True), (company, False)):
        for s in sentences:
            if not_facts is not None and not_facts.search(s.text):
                continue
            seen_here: set[tuple[str, ...]] = set()
            for key, a, b in _ngrams(s.raw, generic):
                if (
                    key in seen_here
                    or any(part in names for part in key)
                    or all(part in weak for part in key)
                ):
                    continue
                seen_here.add(key)
                surface = s.raw[a:b]
                candidate = candidates.setdefault(key, Candidate(key))
                candidate.mentions.append(
                    Mention(
                        s.file,
                        s.page,
                        s.start,
                        s.end,
                        surface,
                        posting_factor.get(s.start, 1.0) if is_posting else 0.0,
                        all(w[:1].isupper() for w in surface.split()),
                    )
                )
    for theme in job_themes:
        phrase = theme.get("phrase")
        evidence = theme.get("evidence") or []
        if not isinstance(phrase, str) or all(e.get("where") == "title" for e in evidence):
            continue  # the role's title is not a hot button
        key = tuple(stem(w.lower()) for w in _WORD.findall(phrase))
        usable = not any(part in names or part in generic_stems for part in key) and not all(
            p in weak for p in key
        )
        if key in candidates and usable:
            candidates[key].posting_weight = float(theme.get("weight") or 0)
            candidates[key].phrase = phrase

    # A word that is mostly said as part of a longer phrase is that phrase ("live" in "live temperature").
    # Only phrases are "longer" and none is removed here, so their lines are gathered once, by word.
    longer_lines: dict[str, list[set[tuple[str, int]]]] = {}
    for longer in candidates.values():
        if len(longer.key) > 1 and len(longer.mentions) >= 2:
            its_lines = {(m.file, m.start) for m in longer.mentions}
            for part in set(longer.key):
                longer_lines.setdefault(part, []).append(its_lines)
    for key, candidate in list(candidates.items()):
        if len(key) > 1 or candidate.posting_weight is not None:
            continue
        lines = {(m.file, m.start) for m in candidate.mentions}
        if any(len(lines & its) * 3 >= len(lines) * 2 for its in longer_lines.get(key[0], ())):
            del candidates[key]

    scored = []
    for candidate in candidates.values():
        files = {m.file for m in candidate.mentions}
        posting_file = posting[0].file if posting else None
        company_files = files - {posting_file}
        if len(files) < 2 and candidate.posting_weight is None:
            continue  # said in one source only, and not one of the posting's themes: not repeated across
        if posting and posting_file not in files and candidate.posting_weight is None:
            continue  # the company's pages say it, the posting never does: not this role's hot button
        words = len(re.findall(r"[^\s\-]+", candidate.mentions[0].surface))
        skill = _is_skill(candidate.mentions[0].surface)
        in_duties = any(m.factor == POSTING_FACTOR["responsibilities"] for m in candidate.mentions)
        if len(candidate.mentions) < 2:
            continue
        said_everywhere = candidate.posting_weight is not None and len(files) >= WORD_SOURCES
        if words == 1 and not skill and not said_everywhere:
            continue  # a single word: only a named skill, or a posting theme that the pages keep saying
        if all(m.capitalised for m in candidate.mentions) and not skill and (words > 1 or not in_duties):
            continue  # a proper name: a place, an office, the employer
        said = [m for m in candidate.mentions if m.file == posting_file]
        named = said and all(m.capitalised for m in said) and (words > 1 or said[0].surface.isupper())
        if named and not skill:
            continue  # named so in the posting ("Fellowship Program", "Acquisition Service", "GSA"): a name
        posting_weight = (
            candidate.posting_weight
            if candidate.posting_weight is not None
            else sum(
                sorted((m.factor for m in candidate.mentions if m.file == posting_file), reverse=True)[
                    :POSTING_CAP
                ]
            )
        )
        company_mentions = sum(
            min(sum(m.file == f for m in candidate.mentions), COMPANY_CAP) for f in company_files
        )
        weight = (
            (posting_weight + company_mentions)
            * (1 + SOURCE_BONUS * (min(len(files), SOURCES_CAP) - 1))
            * (1 + LENGTH_BONUS * (min(words, 3) - 1))
        )
        scored.append((-round(weight, 2), -len(candidate.key), candidate.key, candidate, len(files)))
    scored.sort(key=lambda s: s[:3])

    themes: list[dict[str, Any]] = []
    taken: list[tuple[set[str], set[tuple[str, int]]]] = []
    for negative, _, key, candidate, count in scored:
        lines = {(m.file, m.start) for m in candidate.mentions}
        if any(set(key) & stems and len(lines & where) * 2 >= len(lines) for stems, where in taken):
            continue  # mostly the mentions of a theme already taken ("temperature" after "live temperature")
        taken.append((set(key), lines))
        cites: list[dict[str, Any]] = []
        cited_files: set[str] = set()
        for m in sorted(candidate.mentions, key=lambda m: (m.file != posting_file, m.file, m.start)):
            if m.file not in cited_files and len(cites) < MAX_THEME_CITES:
                cited_files.add(m.file)
                cites.append(citation(m.file, m.start, m.end, m.page, m.surface))
        phrase = candidate.phrase or _common_surface(candidate.mentions)
        themes.append({"phrase": phrase, "weight": -negative, "sources_count": count, "cites": cites})
        if len(themes) == MAX_THEMES:
            break
    return themes


def _is_skill(surface: str) -> bool:
    return bool(extract(surface).concepts)


def _common_surface(mentions: Sequence[Mention]) -> str:
    """The phrase as most often written, lowercased unless it is a name."""
    counts: dict[str, int] = {}
    for m in mentions:
        text = m.surface if m.surface.isupper() or _is_skill(m.surface) else m.surface.lower()
        counts[text] = counts.get(text, 0) + 1
    return min(counts, key=lambda t: (-counts[t], t))


# -- the posting -----------------------------------------------------------------


def posting_sentences(
    ctx: prepflow.StepContext, job: Mapping[str, Any], lines: Lines
) -> tuple[list[Sentence], dict[int, float]]:
    """The posting's sentences that speak about the job (not benefits or how to apply), with their weight."""
    source = job.get("source")
    sections = [s for s in job.get("sections") or [] if isinstance(s, Mapping) and s.get("source")]

    def category(line: int) -> str | None:
        inside = [s for s in sections if s["source"]["start"] <= line <= s["source"]["end"]]
        return inside[-1]["category"] if inside else None

    if isinstance(source, str) and not is_url(source):
        try:
            sentences = read_sentences(ctx, source, (), lines)
        except prepflow.StepError:
            sentences = []
    else:
        sentences = []
    if not sentences:  # a URL, or a file gone since job.analyze: its items are all we have
        for key in ("requirements", "responsibilities"):
            for item in job.get(key) or []:
                src = item.get("source") or {}
                if item.get("text") and src.get("file"):
                    sentences.append(
                        Sentence(
                            src["file"],
                            src.get("page"),
                            src["start"],
                            src["end"],
                            item["text"],
                            item["text"],
                            (),
                            True,
                            0,
                        )
                    )
    kept = [s for s in sentences if category(s.start) not in POSTING_SKIP]
    factor = {s.start: POSTING_FACTOR.get(category(s.start) or "", 1.0) for s in kept}
    return kept, factor


def process_pages(sentences: Sequence[Sentence], process: re.Pattern[str]) -> set[str]:
    """The company files about hiring, pay or benefits: their name or their title (the heading above
    their first sentences) matches ``process``."""
    found = set()
    titles: dict[str, str] = {}
    for s in sentences:
        if s.context:
            titles.setdefault(s.file, s.context[-1])
    for file in {s.file for s in sentences}:
        name = re.sub(r"[_\-.]+", " ", file.rsplit("/", 1)[-1])
        if process.search(name) or process.search(titles.get(file, "")):
            found.add(file)
    return found


def weak_words(words: Sequence[str], job: Mapping[str, Any] | None) -> frozenset[str]:
    """Stems of the words never a hot button alone: the data's list and the words of the role's title."""
    role = (job or {}).get("role")
    title = role.get("text") if isinstance(role, Mapping) else None
    found = [*words, *_WORD.findall(title if isinstance(title, str) else "")]
    return frozenset(stem(w.lower()) for w in found)


def employer_names(job: Mapping[str, Any] | None, sentences: Sequence[Sentence]) -> frozenset[str]:
    """Stems of the employer's name, which is never a theme."""
    words: list[str] = []
    company = (job or {}).get("company")
    if isinstance(company, Mapping) and isinstance(company.get("text"), str):
        words += _WORD.findall(company["text"])
    return frozenset(stem(w.lower()) for w in words)


# -- homework ---------------------------------------------------------------------


def homework(
    topics: Sequence[Mapping[str, Any]],
    everything: Sequence[str],
    related: Sequence[tuple[str, str, dict[str, Any]]],
    files: Sequence[str],
    fallback: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The topics no line answers, each tied to the line that makes it worth asking."""
    names = [PurePosixPath(f.split("?")[0]).name or f for f in files]
    if len(names) > 3:
        label = f"the {len(names)} company pages"
    elif len(names) > 1:
        label = ", ".join(names[:-1]) + " or " + names[-1]
    else:
        label = names[0] if names else "the company material"
    out = []
    used: set[str] = set()
    for topic in topics:
        answered = (re.compile(p, re.IGNORECASE).search for p in topic["answered_if"])
        if any(search(line) for search in answered for line in everything):
            continue
        preferred = topic.get("prefer", [])
        pool = sorted(related, key=lambda r: (r[0] not in preferred, RELATED_ORDER.index(r[0])))
        pick = next(
            (r for r in pool if r[1] not in used and _starts_word(r[1], topic["related"])),
            None,
        )
        if pick:
            used.add(pick[1])
            why = topic["why_related"].format(item=shorten(pick[1]), files=label)
            cites = [pick[2]]
        else:
            why, cites = topic["why"].format(files=label), list(fallback[:1])
        out.append({"id": topic["id"], "question": topic["question"], "why": why, "cites": cites})
    return out


_LEADING_DATE = re.compile(r"^[^:]{4,20}:\s+")


def shorten(text: str, words: int = 14) -> str:
    """The first clause of ``text``, at most ``words`` words (no trailing full stop)."""
    text = text.strip().rstrip(".")
    if (date := _LEADING_DATE.match(text)) and find_date(date.group()):
        text = text[date.end() :]  # "June 2026: a heat wave ..." -> "a heat wave ..."
    clause = re.split(r"\s[—–]\s|;|: | \(", text)[0]
    parts = clause.split()
    if len(parts) > words:
        cut = " ".join(parts[:words])
        comma = cut.rfind(",")
        clause = cut[:comma] if comma > len(cut) // 2 else cut
    return clause.strip(" ,")


def job_citation(item: Mapping[str, Any], lines: Lines) -> dict[str, Any]:
    """A citation for a job.analyze item: its source, quoting words of it that are in those lines."""
    src = item["source"]
    cited = " ".join(
        text
        for (file, page, number), text in lines.items()
        if file == src["file"] and page == src.get("page") and src["start"] <= number <= src["end"]
    )
    return citation(src["file"], src["start"], src["end"], src.get("page"), quote_in(item["text"], cited))


def quote_in(text: str, cited: str) -> str:
    """The longest run of words of ``text`` found in ``cited`` (all of ``text`` if nothing to check)."""
    words = text.split()
    if not cited:
        return " ".join(words[:30])
    haystack = " ".join(cited.lower().split())
    for size in range(min(len(words), 30), 0, -1):
        for i in range(len(words) - size + 1):
            piece = " ".join(words[i : i + size])
            if piece.lower() in haystack:
                return piece
    return " ".join(words[:30])


# -- the step ---------------------------------------------------------------------


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    sources = ctx.config.get("sources") or []
    if not sources:
        raise prepflow.StepError("sources: give at least one company page, note or URL")
    job = ctx.config.get("job") or None
    data = load_data("research", ctx)
    cues = data["categories"]
    generic = frozenset(data["generic_words"])

    company: list[Sentence] = []
    for source in dict.fromkeys(sources):  # each file once, in the order given
        ctx.check_cancelled()
        company += read_sentences(ctx, source, data["skip_headings"])
    not_facts = re.compile(r"(?<![\w-])(?:" + "|".join(data["not_company_facts"]) + ")", re.IGNORECASE)
    profile = build_profile(company, cues, not_facts)

    posting: list[Sentence] = []
    posting_lines: Lines = {}
    factor: dict[int, float] = {}
    if job:
        posting, factor = posting_sentences(ctx, job, posting_lines)
    process = re.compile(r"(?<![a-z])(?:" + "|".join(data.get("process_pages") or ["$^"]) + ")", re.I)
    themes = weigh_themes(
        posting,
        factor,
        [s for s in company if s.file not in process_pages(company, process)],
        (job or {}).get("themes") or [],
        generic,
        employer_names(job, company),
        weak_words(data["weak_words"], job),
        not_facts,
    )

    # Lines a homework topic can be about: initiatives first (when a topic prefers them), then the job.
    related: list[tuple[str, str, dict[str, Any]]] = [
        ("initiatives", item["text"], item["cites"][0]) for item in profile["initiatives"]
    ]
    not_duties = load_data("ideas", ctx).get("not_problems") or []
    for key in ("responsibilities", "requirements"):
        for item in (job or {}).get(key) or []:
            usable = isinstance(item, Mapping) and item.get("text") and item.get("source")
            if not usable or item.get("kind") in ("eligibility", "education", "trait"):
                continue
            if key == "responsibilities" and not owned_duty(not_duties, item["text"]):
                continue  # "You are an experienced …", a culture duty: not what the role involves
            related.append((key, item["text"], job_citation(item, posting_lines)))
    everything = [s.text for s in company] + [s.text for s in posting]
    if job:  # the posting's apply and benefits sections can answer homework too
        everything += [
            str(item.get("text")) for key in ("conditions", "requirements") for item in job.get(key) or []
        ]
    role = (job or {}).get("role")
    fallback = [job_citation(role, posting_lines)] if isinstance(role, Mapping) and role.get("source") else []
    todo = homework(data["homework"], everything, related, list(dict.fromkeys(sources)), fallback)
    return {**profile, "themes": themes, "homework": todo, "method": METHOD}
