"""Which duties anchor a problem: the strongest duties the role owns that say what work to do (not
whom it works with or assists), each given the first kind it names whose ideas it supports, and the
other evidence that shares its terms.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.ideas.kinds import kinds, ranked_kinds
from prepflow_plugins.ideas.model import Evidence, Kind, Problem
from prepflow_plugins.ideas.objects import names_any
from prepflow_plugins.ideas.phrases import quote_of
from prepflow_plugins.ideas.systems import system_phrases
from prepflow_plugins.text.duties import duty_verb_at, plain
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import extract

#: Support: a piece of evidence supports an anchor when it shares this many of its terms.
SUPPORT_SHARED = 2
MAX_SUPPORT = 2


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


def _vague(data: Mapping[str, Any], text: str) -> bool:
    """Whether the duty's object names no particular work: "Manage all aspects of the Fellows program"."""
    patterns = data.get("vague_scope") or []
    line = plain(text)
    rest = " ".join(line[duty_verb_at(line) or 0 :].split()[1:4])  # the words after the verb
    return bool(patterns) and bool(
        re.match(r"(?:(?:out|up|and\s+\w+)\s+)?(?:the\s+)?(?:" + "|".join(patterns) + ")", rest, re.I)
    )


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
    return not spec.get("needs_any") or names_any(data, quote, spec["needs_any"])


def infer_problems(data: Mapping[str, Any], items: list[Evidence], count: int) -> list[Problem]:
    """Anchor up to ``count`` problems on the strongest duties the role owns (ranked by
    :func:`prepflow_plugins.ideas.evidence.rank_duties`).

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
