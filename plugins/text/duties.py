"""Which lines of a posting are duties the role owns: what the role is hired to do.

A library module (not a plugin) for the steps that build on a posting's duties
(``ideas.problem_solving``, ``questions.draft``, ``stories.bank``,
``company.research``'s homework). ``job.analyze`` lists every line of a duties
section as a responsibility; some of them are not work the role owns:
the employer describing itself ("Solutions also offers …"), the candidate
described ("You are an experienced …"), a piece of a sentence ("match this to …"),
or attitudes and culture ("Support a safe, inclusive workplace"). A duty the role
owns says what to do: it opens with a verb, after an optional label, "You'll
(also)" or an adverb. The patterns of attitude and culture duties are data
(``not_problems`` in ``ideas.toml``, extended by packs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from prepflow_plugins.text.regexstore import compile as re_compile

#: How long a duty may be, in words: shorter is a fragment, longer a paragraph.
DUTY_WORDS = (5, 60)


def plain(text: str) -> str:
    """Text without Markdown links and emphasis."""
    text = re_compile(r"\[([^\]]+)\]\([^)]*\)").sub(r"\1", text)
    return " ".join(re_compile(r"\*\*|__|`").sub("", text).split())


_NOT_VERBS = {"the", "a", "an", "our", "this", "these", "all", "each", "any", "your", "their", "as", "in"}
# Pronouns that open the tail of a sentence ("those who support legacy systems"), never a duty.
_NOT_VERBS |= {"those", "who", "which", "that", "there", "it", "they", "we", "he", "she", "one", "some"}
_NOT_VERBS |= {"to", "you", "we", "they", "it", "he", "she", "i", "if", "for", "with", "of", "on", "at"}
# People a cut sentence goes on about ("candidates with empathy and transparency"), never a duty's verb.
_NOT_VERBS |= {"candidates", "applicants", "employees", "staff", "members", "people", "students", "users"}
# Quantifiers that open the tail of a list ("other elements of managing the engagement").
_NOT_VERBS |= {"other", "another", "such", "both", "either", "neither", "every", "many", "most", "several"}
_NOT_VERBS |= {"various", "certain"}
# Conjunctions that open the tail of a sentence ("but not limited to static maps").
_NOT_VERBS |= {"but", "and", "or", "nor", "yet", "including", "plus", "than", "then"}
_NOT_VERBS |= {
    "under",
    "within",
    "across",
    "through",
    "from",
    "by",
    "after",
    "before",
    "about",
    "into",
    "over",
}
_NOT_VERBS |= {"per", "via", "while", "when", "where", "who", "which", "that", "there", "here", "what", "how"}

#: Words that start a statement but are never verbs: months, days, seasons.
_NEVER_VERBS = re_compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"spring|summer|autumn|fall|winter|today|yesterday|recently|currently|previously|since|during)$",
    re.I,
)
#: Verbs that state what the job needs or is, never what the role does.
_STATES = {"requires", "require", "needs", "seeks", "offers", "includes", "involves", "means", "has", "have"}
#: A line that ends by saying something is needed is a requirement ("… in accordance with GAAP is necessary").
_NEEDED = re_compile(
    r"\b(?:is|are)\s+(?:necessary|required|essential|a plus|desired|preferred|needed)\W*$", re.I
)
#: Endings of nouns and adjectives ("Collaboration", "Responsible", "Strategic").
_NOUN_ENDINGS = re_compile(
    r"(?:tion|sion|ness|ity|ance|ence|ancy|ency|ship|ism|ous|ful|less|ment|ible|able|al|ic|ean|ory)$", re.I
)
_MENT_VERBS = {
    "implement",
    "document",
    "augment",
    "comment",
    "segment",
    "experiment",
    "supplement",
    "complement",
    "enable",
    "establish",
    "analyze",
    "finalize",
    "normalize",
    "signal",
    "total",
    "appeal",
    "panic",
    "traffic",
}
#: A label that opens a statement: "Case study:", "Statistical Reports:", "Pilot program -".
_LABEL = re_compile(r"^(?:[A-Z][\w'’]*)(?:\s+[a-zA-Z][\w'’]*){0,3}\s*(?::|\s[—–-])\s+")
#: "You'll also", "You will", "you’re going to": the lead-in before the verb of a duty.
_YOU_WILL = re_compile(r"^(?:you|we)(?:\s+will|\s+would|’ll|'ll)\s+", re.I)
#: Words that follow a subject, never an imperative verb: "Solutions also offers", "Reports must".
_NOT_AFTER_VERB = re_compile(
    r"^(?:must|should|will|shall|can|could|may|might|would|is|are|was|were|has|have|also|need|needs"
    r"|of|include|includes|provides|offers|enables|does)$",
    re.I,
)
#: Adverbs that can come before the verb of a duty: "Also coach …", "you'll also coach …".
_LEAD_ADVERBS = ("also", "then", "and", "plus")


def can_be_verb(word: str) -> bool:
    """Whether ``word`` can open a duty as its verb ("Design", "Tracks"): not a noun, date or past form."""
    w = word.lower()
    if not word.isalpha() or _NEVER_VERBS.match(w) or w in _NOT_VERBS or len(w) < 3:
        return False
    if word.isupper() or w in _STATES:
        return False  # "OCB seeks …": a name; "Requires excellent …": a requirement, not a duty
    if w.endswith(("ed", "ly")) and w not in ("need", "feed", "seed", "embed", "apply", "supply", "rely"):
        return False  # "Launched …" is done already; "Clearly …" is an adverb
    base = w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w
    return not (_NOUN_ENDINGS.search(base) and len(base) > 5 and base not in _MENT_VERBS)


def duty_verb_at(text: str) -> int | None:
    """Where the verb of a duty starts ("Statistical Reports: Performs …" -> at "Performs"), or None.

    A duty the role owns says what to do: it opens with a verb, after an optional label,
    "You'll (also)" or an adverb ("Empathetically guide …"). A sentence about the employer
    ("Solutions also offers …"), about the candidate ("You are an experienced …") or a bare
    noun phrase opens with no verb, so it anchors no problem.
    """
    line = plain(text)
    if _NEEDED.search(line):
        return None
    at = 0
    if m := _LABEL.match(line):
        at = m.end()
    if m := _YOU_WILL.match(line[at:]):
        at += m.end()
    words = line[at:].split()
    skipped = 0
    while len(words) > skipped + 1 and (
        words[skipped].lower() in _LEAD_ADVERBS or words[skipped].lower().endswith("ly")
    ):
        skipped += 1
    if len(words) <= skipped + 1 or not can_be_verb(words[skipped]):
        return None
    if words[skipped].islower() and words[skipped].endswith("ing") and not skipped:
        return None  # "delivering feedback to the team": the tail of the sentence before it
    after = words[skipped + 1]
    if _NOT_AFTER_VERB.match(after) or (after.isupper() and len(after) > 3):
        return None  # "Solutions also offers …", "Job DESCRIPTION": a subject, not a verb
    if after.lower() in ("this", "these", "it", "them", "that", "those"):
        return None  # "match this to training curriculums": a piece of a sentence, its object elsewhere
    third = words[skipped + 2] if len(words) > skipped + 2 else ""
    if words[skipped][:1].isupper() and after[:1].isupper() and _NOT_AFTER_VERB.match(third):
        return None  # "Saltmarsh Ferries also offers …": a name is the subject
    return len(line) - len(" ".join(words[skipped:]))


def owned_duty(not_problems: Sequence[str], text: str) -> bool:
    """Whether a duty is a problem the role is hired to solve (see :func:`duty_verb_at`).

    Duties about attitudes and culture ("Support a safe, inclusive workplace"), learning
    ("Keep abreast of …") and boilerplate ("other duties as assigned") are not.
    """
    line = plain(text)
    low, high = DUTY_WORDS
    if not low <= len(line.split()) <= high or duty_verb_at(line) is None:
        return False
    return (
        not re.search(r"(?<![\w-])(?:" + "|".join(not_problems) + ")", line, re.I) if not_problems else True
    )
