"""The company profile: each sentence filed in one drawer (mission, values, products, news, culture),
or in none."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from prepflow_plugins.research import CATEGORIES
from prepflow_plugins.research.sentences import Sentence, _count, _has, find_date
from prepflow_plugins.text.regexstore import compile as re_compile

MAX_ITEMS = {"mission": 4, "values": 10, "products": 10, "initiatives": 10, "culture": 12}
PER_SECTION = 4  # items of one category taken from one section, so one long list does not drown the rest
PER_FILE = 5  # ... and from one file


# -- the profile --------------------------------------------------------------------


#: A short label that opens a sentence: "Case study: …", "Update — …".
_LEAD_LABEL = re_compile(r"^([A-Z][\w'’]*(?:\s+[\w'’]+){0,2})\s*(?::|\s[—–])\s+")


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
    if re_compile(
        r"\b(?:read|learn|find out) more\b|\bclick\b|\bsign up\b|\bcookies?\b|equal opportunity", re.I
    ).search(text):
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
_LEANS_BACK = re_compile(
    r"^(?:they|it|its|it[’']s|this|these|those|that|such|he|she|to do (?:this|that)|in addition)\b", re.I
)
#: "Data.gov is one of our shared services": what something is, not news of what was done.
_DEFINITION = re_compile(r"^\S+(?:\s\S+){0,3}\s(?:is|are)\s(?:one of|a|an|the)\b", re.I)


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
    profile["initiatives"] = [
        i for i in profile["initiatives"] if i.get("date") or not _DEFINITION.match(i["text"])
    ]
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
