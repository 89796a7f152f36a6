"""The systems a duty names: "the legacy PHP dispatch system", "Login.gov infrastructure", found as
noun phrases that end at a system word, never a phrase with a verb in it.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re

from prepflow_plugins.ideas.phrases import PHRASE_STOP
from prepflow_plugins.text.duties import plain

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
        if after[:1].isalnum() and after.lower() not in PHRASE_STOP:
            continue  # "product managers", "catalog database": the phrase goes on
        start = i
        while start > 0 and i - start < 4 and words[start - 1][:1].isalnum():
            if words[start - 1].lower() in PHRASE_STOP:
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
