"""The themes of a posting: the phrases its requirements and duties repeat, ranked.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepflow_plugins.job.model import Analysis, Item
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem

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
    for m in re_compile(r"[A-Za-z0-9][A-Za-z0-9+#./&'’-]*|[,;:()]").finditer(text):
        word = m.group(0).strip(".'’").lower()
        if (
            not word
            or word in ",;:()"
            or word in _THEME_STOP
            or not re_compile("[a-z]").search(word)
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
