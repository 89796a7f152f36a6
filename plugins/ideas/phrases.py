"""The posting's own words in an idea: a duty quoted to its first clause end, the phrases of a
list that a line names as whole words, the names it capitalises, and words joined into a list.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re

from prepflow_plugins.match.reading import named_stems
from prepflow_plugins.text.duties import plain
from prepflow_plugins.text.regexstore import compile as re_compile

#: How long the quoted duty is inside a sentence, in words (cut at a clause end, with "…").
QUOTE_WORDS = 16


def quote_of(text: str, limit: int = QUOTE_WORDS) -> str:
    """The duty as the posting writes it, cut at its first clause end; "…" marks a cut mid-clause."""
    return _first_clause(plain(text).rstrip(".;: "), limit)


#: A determiner and one word just before a comma: the comma sits between two adjectives.
_ADJECTIVE_COMMA = re_compile(r"\b(?:the|a|an|our|their|its|this|these|those|your)\s+[a-z]+$", re.I)


def _between_adjectives(before: str, after: str) -> bool:
    """Whether a comma sits between two adjectives ("the big, crazy things"), not after a noun."""
    nxt = (after.split() or [""])[0]
    return (
        bool(_ADJECTIVE_COMMA.search(before))
        and nxt.isalpha()
        and nxt.islower()
        and not nxt.endswith(("ing", "ed", "ly"))
        and nxt not in PHRASE_STOP
        and len(after.split()) > 1
    )


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
        if m and cut == r",\s" and _between_adjectives(phrase[: m.start()], phrase[m.end() :]):
            continue  # "the big, crazy things": a comma between two adjectives is no clause end
        if m and len(phrase[: m.start()].split()) >= least:
            phrase = phrase[: m.start()]
    phrase = phrase.replace("\x00", ",")
    clause = phrase.rstrip(" ,.:;").split()
    if len(clause) > 4 and clause[-1].lower() in PHRASE_STOP:  # cut before a name: "… within the"
        while len(clause) > 4 and clause[-1].lower() in PHRASE_STOP:
            clause.pop()
        return " ".join(clause) + " …"
    if phrase.count("(") > phrase.count(")"):  # cut inside "(HIV Prevention, …": end before the bracket
        phrase = phrase[: phrase.rfind("(")]
    words = phrase.split()
    if len(words) > limit:
        kept = words[:limit]
        while len(kept) > limit // 2 and kept[-1].lower().strip(",") in PHRASE_STOP:
            kept.pop()  # never end on a little word ("to build shared …")
        return " ".join(kept).rstrip(" ,.:;") + " …"
    return phrase.rstrip(" ,.:;")


#: A serial list of single words: "monitor, evaluate, analyze, and report" (its commas are not clause ends).
_LIST = re_compile(r"\b[a-z]+(?:,\s[a-z]+)+,?\s(?:and|or)\s[a-z]+\b")


def join_words(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def phrases_in(patterns: list[str], text: str) -> list[str]:
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


#: Little words a named thing never ends on, and a quote is not cut after ("… within the").
PHRASE_STOP = {
    "the", "a", "an", "our", "their", "its", "your", "this", "that", "these", "those", "and", "or", "of",
    "to", "in", "on", "for", "with", "behind", "from", "onto", "into", "all", "any", "each", "every",
    "new", "by", "at", "as", "is", "are", "be", "we", "you", "us", "them", "it", "both", "other",
}  # fmt: skip


def capitalised_name_stems(text: str) -> set[str]:
    """The stems of the names a text capitalises mid-sentence ("Law Manager", "Kubernetes")."""
    return set(named_stems(plain(text)))
