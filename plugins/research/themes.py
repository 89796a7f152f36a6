"""The employer's hot buttons: phrases said across the posting and the company pages, weighed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.documents import is_url
from prepflow_plugins.research.sentences import _WORD, Lines, Sentence, citation, read_sentences
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.stopwords import STOPWORDS
from prepflow_plugins.text.terms import extract

import prepflow

MAX_THEMES = 10
SOURCE_BONUS, LENGTH_BONUS = 0.5, 0.5
MAX_THEME_CITES = 4
COMPANY_CAP = 2  # mentions counted per company page
POSTING_CAP = 3  # mentions counted in the posting (when the phrase is not one of its themes)
SOURCES_CAP = 4  # the cross-source bonus stops growing here
WORD_SOURCES = 3  # a single word that names no skill must be said in this many sources to be a theme
POSTING_FACTOR = {"requirements": 2.0, "responsibilities": 1.5, "preferred": 1.0}
# Sections of a posting that say nothing about what the employer cares about.
POSTING_SKIP = {"benefits", "eeo", "apply", "pay", "conditions", "details", "evaluation"}


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


_NOT_WORDS = re_compile(r"\]\([^)]*\)|https?://\S+|\bwww\.\S+|\S+@\S+|\{\{.*?\}\}|\{%.*?%\}")


def _tokens(text: str, generic: frozenset[str]) -> list[tuple[str, int, int, bool]]:
    """Words of ``text`` as (stem, start, end, is_content); link targets and addresses are not words."""
    if "](" in text or "://" in text or "www." in text or "@" in text or "{" in text:  # what it needs
        text = _NOT_WORDS.sub(lambda m: " " * len(m.group()), text)
    out = []
    for m in _WORD.finditer(text):
        word = m.group().lower().replace("’", "'")
        root = stem(word)
        content = not (
            word in STOPWORDS
            or word in generic
            or root in generic
            or (_DIGIT.search(word) is not None and not _is_skill(word))
            or len(word) < 2
            or word.endswith("'s")
        )
        out.append((root, m.start(), m.end(), content))
    return out


_DIGIT = re_compile(r"[0-9]")  # a word (``_WORD``) has ASCII letters and digits only
_JOINER = re_compile(r"[ \-]+")


def _runs(text: str, generic: frozenset[str]) -> Iterable[list[tuple[str, int, int]]]:
    """Runs of adjacent content words (only spaces or hyphens between them)."""
    run: list[tuple[str, int, int]] = []
    for s, a, b, content in _tokens(text, generic):
        if content and (not run or _JOINER.fullmatch(text[run[-1][2] : a])):
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


#: Examples the text gives of something else: "(e.g. working groups, ... or affinity groups)", "a wide
#: range of disciplines including: design, engineering, business operations". They say what a line
#: touches, not what the employer keeps coming back to, so no hot button is read from them.
_EXAMPLES = re_compile(
    r"\((?:e\.\s?g\.?|i\.\s?e\.?|incl\.|including|such as|for example|for instance|like)[,:]?\s[^()]*\)|"
    r"\bincluding:\s[^.;]*",
    re.I,
)


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
            for key, a, b in _ngrams(_EXAMPLES.sub(lambda m: " " * len(m.group()), s.raw), generic):
                if (
                    key in seen_here
                    or any(part in names for part in key)
                    or all(part in weak for part in key)
                ):
                    continue
                seen_here.add(key)
                surface = s.raw[a:b]
                last = surface.split()[-1].lower() if surface.split() else ""
                if _ENDS_ADJECTIVE.search(last) and last not in _NOUNS_IN_IVE and not _is_skill(surface):
                    continue  # "major organizational" (change): a phrase cut before its noun
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
        words = len(re_compile(r"[^\s\-]+").findall(candidate.mentions[0].surface))
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


#: A phrase whose last word is an adjective ("major organizational", "highly technical"): cut before
#: the noun it describes. Nouns with these endings ("executive", "initiative") are not.
_ENDS_ADJECTIVE = re_compile(r"(?:ional|ical|ous|ful|able|ible|ive)$", re.I)
_NOUNS_IN_IVE = frozenset(
    [
        "executive",
        "executives",
        "initiative",
        "objective",
        "representative",
        "alternative",
        "incentive",
        "directive",
        "perspective",
        "narrative",
        "native",
        "archive",
        "detective",
        "motive",
        "relative",
    ]
)


def _lower_keep_acronyms(text: str) -> str:
    """Lowercased, but for acronyms ("PIF program", not "pif program")."""
    return re_compile(r"[A-Za-z][\w'’]*").sub(
        lambda m: m.group() if _ACRONYM.fullmatch(m.group()) else m.group().lower(), text
    )


_ACRONYM = re_compile(r"[A-Z][A-Z0-9&]+s?")


def _common_surface(mentions: Sequence[Mention]) -> str:
    """The phrase as most often written, lowercased unless it is a name."""
    counts: dict[str, int] = {}
    for m in mentions:
        text = m.surface if m.surface.isupper() or _is_skill(m.surface) else _lower_keep_acronyms(m.surface)
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
        name = re_compile(r"[_\-.]+").sub(" ", file.rsplit("/", 1)[-1])
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
