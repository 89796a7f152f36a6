"""The project's one stemmer: every step that compares words uses :func:`stem`, so that "managed",
"manages" and "management" all give ``manag``, and "led" gives "lead".

A library module (not a plugin), part of how the first-party steps compare texts
(:mod:`prepflow_plugins.text.terms`). ``WORD`` is a word as they read it.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

# Past tenses that suffix stripping cannot bring back to their verb.
IRREGULAR = {
    "led": "lead",
    "built": "build",
    "wrote": "write",
    "written": "write",
    "ran": "run",
    "taught": "teach",
    "grew": "grow",
    "grown": "grow",
    "drove": "drive",
    "driven": "drive",
    "made": "make",
    "won": "win",
    "brought": "bring",
    "sold": "sell",
    "bought": "buy",
    "spoke": "speak",
    "spoken": "speak",
    "began": "begin",
    "begun": "begin",
    "oversaw": "oversee",
    "overseen": "oversee",
    "understood": "understand",
    "thought": "think",
    "sought": "seek",
    "set": "set",
    "cut": "cut",
    "held": "hold",
    "kept": "keep",
    "met": "meet",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "chose": "choose",
    "chosen": "choose",
}

# Derivations the Snowball stemmer keeps apart but a reader does not: "analysis", "analyze" and
# "analytics" are one skill.
_FOLDS = (
    ("ysis", "y"),
    ("yses", "y"),
    ("yzed", "y"),
    ("yzes", "y"),
    ("yzing", "y"),
    ("yze", "y"),
    ("ysts", "y"),
    ("yst", "y"),
    ("ytics", "y"),
    ("ytical", "y"),
)

#: A word as the steps read it (lowercased first): letters and digits, and an apostrophe ending ("team's").
WORD = re_compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def stem(word: str) -> str:
    """The project's one stemmer: "managed", "manages", "management" -> "manag".

    English Snowball (Porter2, through PyStemmer), after irregular past tenses ("led" -> "lead") and a few
    derivations ("analysis", "analytics" -> "analy").
    """
    return _stem(word.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    word = IRREGULAR.get(word, word)
    for ending, replacement in _FOLDS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return str(_snowball().stemWord(word))


@cache
def _snowball() -> Any:
    # Snowball's English stemmer in C (PyStemmer), imported when text is first compared: not by --help.
    import Stemmer  # type: ignore[import-not-found,unused-ignore]

    return Stemmer.Stemmer("english")
