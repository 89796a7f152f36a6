"""The rules behind ``company.research``: its documentation, config and outputs are in
:mod:`prepflow_plugins.research`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from prepflow_plugins.prepdata import load_data
from prepflow_plugins.research.profile import build_profile
from prepflow_plugins.research.sentences import (
    Lines,
    Sentence,
    _starts_word,
    citation,
    find_date,
    read_sentences,
)
from prepflow_plugins.research.themes import (
    employer_names,
    posting_sentences,
    process_pages,
    weak_words,
    weigh_themes,
)
from prepflow_plugins.text.duties import owned_duty
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

RELATED_ORDER = ("responsibilities", "requirements", "initiatives")  # where homework looks for its reason


METHOD = (
    "weight = (posting weight + company mentions) × (1 + 0.5 × (sources − 1)) × (1 + 0.5 × (words − 1)), "
    "sources counted up to 4 and words up to 3; posting weight = the job.analyze theme weight, or the best "
    "3 mentions in the posting (2 in requirements, 1.5 in duties, 1 elsewhere); company mentions count at "
    "most 2 per page; a phrase must be said in two sources, the posting among them, or be a posting theme; "
    "a single word must name a "
    "skill, or be a posting theme said in 3 sources; words every posting uses and the role's title words are "
    "never a theme alone; sentences about hiring, pay, benefits or the law are not read"
)

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
        if _answered(topic["answered_if"], everything):
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


def _answered(patterns: Sequence[str], lines: Sequence[str]) -> bool:
    """Whether any of ``patterns`` (case-insensitive) matches in any of ``lines``: one search per line
    with the patterns as one alternation, or one per pattern when they cannot be joined (groups, flags)."""
    compiled = [re_compile(p, re.IGNORECASE) for p in patterns]
    if len(compiled) > 1 and not any(c.groups for c in compiled):
        try:
            joined = re_compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        except re.error:  # a global flag such as "(?i)" only stands at the start of a pattern
            pass
        else:
            return any(joined.search(line) for line in lines)
    return any(c.search(line) for c in compiled for line in lines)


_LEADING_DATE = re_compile(r"^[^:]{4,20}:\s+")


def shorten(text: str, words: int = 14) -> str:
    """The first clause of ``text``, at most ``words`` words (no trailing full stop)."""
    text = text.strip().rstrip(".")
    if (date := _LEADING_DATE.match(text)) and find_date(date.group()):
        text = text[date.end() :]  # "June 2026: a heat wave ..." -> "a heat wave ..."
    clause = re_compile(r"\s[—–]\s|;|: | \(").split(text)[0]
    parts = clause.split()
    if len(parts) > words:
        cut = " ".join(parts[:words])
        comma = cut.rfind(",")
        clause = cut[:comma] if comma > len(cut) // 2 else cut
        kept = clause.split()
        while len(kept) > words // 2 and _OPEN_END.search(kept[-1]):
            kept.pop()  # "… process for TTS users that": never stop on a word that leaves it open
        clause = " ".join(kept) + " …"
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
    not_facts = re_compile(r"(?<![\w-])(?:" + "|".join(data["not_company_facts"]) + ")", re.IGNORECASE)
    profile = build_profile(company, cues, not_facts)

    posting: list[Sentence] = []
    posting_lines: Lines = {}
    factor: dict[int, float] = {}
    if job:
        posting, factor = posting_sentences(ctx, job, posting_lines)
    process = re_compile(r"(?<![a-z])(?:" + "|".join(data.get("process_pages") or ["$^"]) + ")", re.I)
    hiring_pages = process_pages(company, process)  # once, not once per sentence
    themes = weigh_themes(
        posting,
        factor,
        [s for s in company if s.file not in hiring_pages],
        (job or {}).get("themes") or [],
        generic,
        employer_names(job, company),
        weak_words(data["weak_words"], job),
        not_facts,
    )

    # Lines a homework topic can be about: initiatives first (when a topic prefers them), then the job.
    said = " ".join(s.text for s in posting).lower()
    related: list[tuple[str, str, dict[str, Any]]] = [
        ("initiatives", item["text"], item["cites"][0])
        for item in profile["initiatives"]
        if not elsewhere(item["text"], said)  # another office's project is no reason this role is open
    ]
    not_duties = load_data("ideas", ctx).get("not_problems") or []
    for key in ("responsibilities", "requirements"):
        for item in (job or {}).get(key) or []:
            usable = isinstance(item, Mapping) and item.get("text") and item.get("source")
            if not usable or item.get("kind") in ("eligibility", "education", "trait"):
                continue
            if key == "responsibilities" and not owned_duty(not_duties, item["text"]):
                continue  # "You are an experienced …", a culture duty: not what the role involves
            if key == "responsibilities" and _NOT_A_DUTY.match(item["text"]):
                continue  # "lives within the … Team": where the role sits, not what it does
            if _OPEN_END.search(item["text"]):
                continue  # a line cut mid-phrase ("… process for TTS users that"): nothing whole to quote
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


#: A line that says where the role sits or what it is, not what it does.
_NOT_A_DUTY = re_compile(
    r"^\W*(?:lives|sits|resides|reports|belongs|is|are|was|were|will be|this (?:is|position|role|job))\b",
    re.I,
)
#: A line that stops on a word that leaves its phrase open ("… for TTS users that").
_OPEN_END = re_compile(
    r"\b(?:that|which|who|whose|and|or|to|of|for|with|the|a|an|so|as|by|in|on|at|from|than|including|"
    r"across|into|about|between|within|through|via|per|under|over|its|their|our|your)\W*$",
    re.I,
)
#: A proper name: an acronym of three letters or more, or two or more capitalised words.
_NAME = re_compile(r"\b[A-Z]{3,}[a-z]?\b|\b[A-Z][\w.-]*(?:\s+(?:of\s+)?[A-Z][\w.-]*)+")


def elsewhere(text: str, posting: str) -> bool:
    """Whether a company fact is about a part of the company the posting never names: its names
    (acronyms, capitalised phrases after the first word) all missing from the posting's text."""
    body = text.split(None, 1)[1] if len(text.split()) > 1 else ""
    names = [m.group() for m in _NAME.finditer(body)]
    return bool(names) and not any(name.lower() in posting for name in names)
