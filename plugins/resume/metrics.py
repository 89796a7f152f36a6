"""Metrics in an achievement: percentages, money, durations and counts."""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.resume.dates import DATE_RANGE
from prepflow_plugins.text.regexstore import compile as re_compile

# ---------------------------------------------------------------------------
# Metrics in achievements
# ---------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
METRICS = [
    (
        "money",
        re_compile(
            rf"[$€£]\s?{_NUM}\s?(?:k|mm|m|bn|b|thousand|million|billion)?\b"
            rf"|\b{_NUM}\s?(?:thousand|million|billion)?\s?(?:dollars|usd|eur|euros|gbp|pounds)\b",
            re.IGNORECASE,
        ),
    ),
    ("percent", re_compile(rf"\b{_NUM}\s?(?:%|percent\b|pct\b)", re.IGNORECASE)),
    ("multiplier", re_compile(rf"\b{_NUM}\s?(?:x|×|-fold|fold)(?!\w)", re.IGNORECASE)),
    (
        "time",
        re_compile(
            rf"\b{_NUM}\+?\s?(?:milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?"
            r"|months?|years?|yrs?)\b",
            re.IGNORECASE,
        ),
    ),
    ("number", re_compile(rf"(?<![\w.$€£/-]){_NUM}(?:\s?(?i:k|m)\b)?\+?(?!\w|[.,]\d)(?:\s+[A-Za-z][\w-]*)?")),
]
_SAVING = re_compile(r"\b(sav|cut|reduc|shorten|faster|decreas|lower|eliminat)", re.IGNORECASE)
_YEAR = re_compile(r"^(?:19|20)\d{2}$")


def _value(text: str) -> float | None:
    m = re.search(_NUM, text)
    if not m:
        return None
    value = float(m.group().replace(",", ""))
    scale = re.search(r"(?<=\d)\s?(k|mm|m|bn|b|thousand|million|billion)\b", text, re.IGNORECASE)
    if scale:
        value *= _SCALE[scale.group(1).lower()]
    return int(value) if value.is_integer() else value


def find_metrics(text: str) -> list[dict[str, Any]]:
    """Numbers that measure an achievement: ``[{text, kind, value}]`` in reading order."""
    taken: list[tuple[int, int]] = [m.span() for m in DATE_RANGE.finditer(text)]
    found = []
    for kind, pattern in METRICS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            words = m.group().strip()
            number = re.match(_NUM, words.lstrip("$€£ "))
            if kind == "number" and number and _YEAR.match(number.group()):
                continue  # a year is a date, not a measure
            taken.append(m.span())
            kind_found = "time_saved" if kind == "time" and _SAVING.search(text) else kind
            found.append((m.start(), {"text": words, "kind": kind_found, "value": _value(words)}))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]
