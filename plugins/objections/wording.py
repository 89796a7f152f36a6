"""Wording for objections: quoting the employer and the candidate exactly, in frames that stay grammatical."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

from prepflow_plugins.text.quotes import nest
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import Terms

MAX_QUOTE_WORDS = 14
#: How the salary answer writes each currency ("NZ$90,000"); an unknown one is left to the posting's line.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "NZD": "NZ$", "AUD": "A$", "CAD": "C$", "HKD": "HK$"}
CURRENCY_SYMBOLS |= {"SGD": "S$"}
MIN_NEED_WORDS = 5  # a responsibility shorter than this is a fragment, not a duty to bridge to
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class _Fill(dict):
    """Template values; a placeholder with no value stays visible as ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, Any]) -> str:
    text = string.Formatter().vformat(template, (), _Fill(values))
    return nest(re.sub(r"(?<=\w)\.\.(?!\.)", ".", text))  # "ABC Company, Inc.." -> "Inc."


def short(text: str, words: int = 12) -> str:
    """The first clause of a requirement or achievement, at most ``words`` words."""
    text = re.sub(r"\s*\([^()]*\)", "", text)  # "(GPS, sensors)": a detail, not the point
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    head = re.split(r"(?<=\w)[,;(:](?=\s|\w)|\s[—–-]\s", text, maxsplit=1)[0].strip()
    if len(head.split()) >= 4:
        text = head
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def need_quote(text: str, words: int = 24) -> str:
    """A duty quoted whole when it is short, else its first clause (never a cut list of adjectives)."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    parts = text.split()
    if len(parts) <= words:
        return text
    head = re.split(r"\s[—–-]\s|;|:", text, maxsplit=1)[0].strip()
    if MIN_NEED_WORDS <= len(head.split()) <= words:
        return head
    return " ".join(parts[:words]) + "…"


def first_sentence(text: str, words: int = 30) -> str:
    """The first sentence of an achievement (the headline), at most ``words`` words."""
    head = re.split(r"(?<=[a-z0-9%)])\.\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    parts = head.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# Past tenses that do not end in "-ed", for saying an achievement in the first person.
_IRREGULAR_PAST = frozenset(
    [
        "led",
        "built",
        "ran",
        "made",
        "won",
        "grew",
        "wrote",
        "took",
        "set",
        "drove",
        "cut",
        "brought",
        "taught",
        "began",
        "oversaw",
        "spent",
        "sold",
        "kept",
        "found",
        "gave",
        "held",
        "chose",
        "became",
        "did",
        "got",
        "put",
        "rebuilt",
        "rewrote",
        "undertook",
    ]
)


def _is_past(word: str) -> bool:
    word = word.lower().strip(",;:")
    return word in _IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed"))


def first_person(achievement: str, words: int = 22) -> str:
    """What the candidate says: "Developed X." -> "I developed X."; "Leading X" -> "My work has included
    leading X."; a line that starts with no action of the candidate's gives nothing to say."""
    head = first_sentence(achievement.strip(), words).rstrip(".;: ")
    parts = head.split()
    if not parts:
        return ""
    verb = 1 if len(parts) > 1 and parts[0].lower().endswith("ly") and _is_past(parts[1]) else 0
    if _is_past(parts[verb]) and not parts[0].isupper():
        text = "I " + parts[0][0].lower() + head[1:]
    elif _is_gerund(parts):
        # "Leading a team of AI engineers" is said in a frame that needs no verb changed
        text = "My work has included " + parts[0].lower() + head[len(parts[0]) :]
    else:
        return ""  # a line that is no action of the candidate's ("Nullam …", "Agile") is not said aloud
    return text if text.endswith("…") else text + "."


#: Words in "-ing" that start a bullet as a noun, not as the candidate's action.
_ING_NOUNS = frozenset(
    [
        "engineering",
        "marketing",
        "accounting",
        "banking",
        "nursing",
        "housing",
        "clothing",
        "catering",
        "funding",
        "lighting",
        "plumbing",
        "wedding",
        "morning",
        "evening",
        "spring",
        "string",
        "thing",
        "something",
        "nothing",
        "everything",
        "anything",
        "king",
        "ring",
        "during",
        "",
    ]
)


def _is_gerund(parts: list[str]) -> bool:
    """Whether a bullet starts with an action in "-ing" ("Leading a team", "Developing product
    strategies"): the first word in "-ing", then a lower-case word (not a title: "Engineering Manager")."""
    first = parts[0].lower().strip(",;:")
    return (
        len(parts) > 1
        and len(first) > 5
        and first.endswith("ing")
        and first.isalpha()
        and first not in _ING_NOUNS
        and parts[1][:1].islower()
    )


#: The most a posting plausibly pays in one period; a figure above it is a misread ("$150,000 a week"
#: from "$150k-210k"), so the posting's own line is quoted instead.
_MOST_PER = {"hour": 1_000, "day": 8_000, "week": 40_000, "month": 150_000}
_FIGURE = re_compile(r"\d[\d,.]*\s*[kK]?")


def pay_text(pay: Mapping[str, Any]) -> str:
    """ "$109,366 to $142,180 a year", from the pay job.analyze read; the posting's own line when the
    read is implausible or disagrees with the line."""
    low, high = pay.get("min"), pay.get("max")
    symbol = CURRENCY_SYMBOLS.get(pay.get("currency") or "", "")
    period = pay.get("period")
    if _plausible(pay):
        amount = f"{symbol}{low:,.0f}" if low == high else f"{symbol}{low:,.0f} to {symbol}{high:,.0f}"
        return amount + (f" {with_article(str(period))}" if period else "")
    line = " ".join(str(pay.get("text") or "").split())
    line = re.split(r"(?<=[a-z)])\.\s", line, maxsplit=1)[0].rstrip(".;:")  # its first sentence
    return line if len(line.split()) <= 24 else short(line, 24)


def _figures(pay: Mapping[str, Any]) -> set[str]:
    return {re.sub(r"[,\s]", "", f).lower() for f in _FIGURE.findall(str(pay.get("text") or ""))}


def _plausible(pay: Mapping[str, Any]) -> bool:
    low, high = pay.get("min"), pay.get("max")
    return (
        isinstance(low, (int, float))
        and isinstance(high, (int, float))
        and 0 < low <= high <= _MOST_PER.get(str(pay.get("period")), float("inf"))
        and (low != high or len(_figures(pay)) <= 1)  # one figure read from a line that shows a range
    )


def fixed_pay(pay: Mapping[str, Any]) -> bool:
    """Whether the posting states one figure rather than a range ("35 - 35 (Hourly)", "$20 an hour")."""
    if _plausible(pay):
        return bool(pay["min"] == pay["max"])
    return len(_figures(pay)) == 1


def with_article(word: str) -> str:
    """ "operations" -> "an operations", "design" -> "a design", "user research" -> "a user research"."""
    low = word.lower()
    vowel = low[:1] in "aeio" or (low[:1] == "u" and not re.match(r"u(?:ni|s[eu]|r[aeiou]|ti)", low))
    return ("an " if vowel or re.match(r"h(?:our|onest|onor)", low) else "a ") + word


def listing(items: Iterable[str], limit: int = 4) -> str:
    items = list(dict.fromkeys(i for i in items if i))[:limit]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def month(ym: str | None) -> str:
    """ "2015-04" -> "April 2015"."""
    if not ym or not re.fullmatch(r"\d{4}-\d{2}", ym):
        return ym or "?"
    return f"{MONTHS[int(ym[5:]) - 1]} {ym[:4]}"


def _years(value: float) -> str:
    return f"{value:g}"


def _words_in(text: str, words: Iterable[str]) -> str | None:
    low = f" {text.lower()} "
    for word in sorted(words, key=lambda w: (-len(w), w)):
        key = word.lower()
        if key in low and re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", low):
            return word
    return None


def classify(
    table: Mapping[str, list[str]], text: str, needs: Mapping[str, list[str]] | None = None
) -> str | None:
    """The first name in ``table`` one of whose words appears in ``text``; a word listed in
    ``needs`` counts only when one of its companion words appears too ("department of" beside
    "state" or "federal" is government, in a university's "Department of Clinical Medicine" not)."""
    for name, words in table.items():
        if needs:
            words = [w for w in words if w not in needs or _words_in(text, needs[w])]
        if _words_in(text, words):
            return name
    return None


def overlap(a: Terms, b: Terms) -> float:
    return a.weight(set(a.all) & set(b.all))
