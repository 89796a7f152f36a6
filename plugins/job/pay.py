"""A posting's pay: the range, the period attached to the figure and the currency, with the
dollar a document points at by its own place names and domain.

Part of the outputs of ``job.analyze`` (:mod:`prepflow_plugins.job.outputs`).
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.job.model import Line
from prepflow_plugins.text.regexstore import compile as re_compile

_MONEY = re_compile(
    r"(?P<cur>(?<![A-Za-z])(?:NZ|AU|A|CA|C|US|HK|SG|S)?\$|[€£])\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<k>[kK])?"
)
#: The currency of each money symbol; "NZ$", "A$", "C$", "CA$" and "US$" are dollars of their country.
_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "NZ$": "NZD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "S$": "SGD",
    "SG$": "SGD",
    "€": "EUR",
    "£": "GBP",
}
_BARE = re_compile(r"\b(?P<num>\d{1,3}(?:,\d{3})+|\d{4,7})(?:\.\d+)?\b")
#: The upper end of a range written after a money figure without its own symbol: "$150k-210k".
_RANGE_TAIL = re_compile(r"\s*(?:-|–|—|to)\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<k>[kK](?![A-Za-z]))?")
#: A range of bare figures: "35 - 35", "8.75 - 10.36" (read only with a period attached to it).
_BARE_RANGE = re_compile(
    r"(?<![\d.,])(?P<low>\d[\d,]*(?:\.\d+)?)\s*(?:-|–|—|to)\s*(?P<high>\d[\d,]*(?:\.\d+)?)(?![\d.,]?\d)"
)
_PERIOD_NAMES = {
    "hour": "hour",
    "hr": "hour",
    "hourly": "hour",
    "year": "year",
    "yr": "year",
    "annum": "year",
    "annual": "year",
    "annually": "year",
    "yearly": "year",
    "month": "month",
    "monthly": "month",
    "week": "week",
    "weekly": "week",
    "day": "day",
    "daily": "day",
}
#: A period attached right after the figure: "per hour", "/hr", "(Hourly)", "a year", "annually",
#: "CAD per year"; not a period word further along the line ("4 weeks paid vacation").
_PERIOD_AFTER = re_compile(
    r"^\s*\*?\s*(?:(?:USD|CAD|AUD|NZD|EUR|GBP)\s*)?(?:"
    r"(?:per|an?|each|/)\s*(?P<noun>hour|hr|year|yr|annum|month|week|day)\b|"
    r"\(?\s*(?P<adj>hourly|annual|annually|yearly|monthly|weekly|daily)\b)",
    re.I,
)
#: A period in the label right before the figure: "Hourly rate: $38", "Annual salary $90,000".
_PERIOD_BEFORE = re_compile(
    r"\b(?:(?P<adj>hourly|annual|annually|yearly|monthly|weekly|daily)|"
    r"per (?P<noun>hour|year|annum|month|week|day))\b[^.;!?\d$€£]{0,25}$",
    re.I,
)
_PAY_WORDS = re_compile(
    r"\b(?:salary|pay|compensation|wage|per (?:hour|year|annum)|an? (?:hour|year)|annually|hourly)\b|"
    r"/\s?(?:hr|hour|yr|year)",
    re.I,
)
_CODES = re_compile(r"\b(USD|EUR|GBP|CAD|AUD|CHF|JPY|INR|NZD|SEK|NOK|DKK|HKD|SGD)\b")


def _attached_period(text: str, start: int, end: int) -> str | None:
    after = _PERIOD_AFTER.search(text[end : end + 40])
    if after:
        return _PERIOD_NAMES[(after.group("noun") or after.group("adj")).lower()]
    before = _PERIOD_BEFORE.search(text[max(0, start - 40) : start])
    if before:
        return _PERIOD_NAMES[(before.group("noun") or before.group("adj")).lower()]
    return None


def _number(num: str, k: str | None) -> float:
    return float(num.replace(",", "")) * (1000 if k else 1)


def parse_pay(text: str, doc_currency: str | None = None) -> dict[str, Any]:
    """Read the range, currency and period of a pay text.

    ``doc_currency`` is the dollar the document itself points at (a Canadian posting's "$"); an
    explicit symbol ("US$") or code ("NZD") in the pay text wins over it.
    """
    amounts: list[tuple[str | None, float]] = []
    span: tuple[int, int] | None = None
    for m in _MONEY.finditer(text):
        if len(amounts) >= 2:
            break
        value = _number(m.group("num"), m.group("k"))
        amounts.append((m.group("cur"), value))
        end = m.end()
        tail = _RANGE_TAIL.match(text, m.end())
        if tail and len(amounts) == 1:
            high = _number(tail.group("num"), tail.group("k"))
            if tail.group("k") and not m.group("k") and value < 1000:
                amounts[0] = (m.group("cur"), value * 1000)  # "$150-210k"
            amounts.append((m.group("cur"), high))
            end = tail.end()
        span = (span[0] if span else m.start(), end)
    if not amounts:
        bare = next(
            (r for r in _BARE_RANGE.finditer(text) if _attached_period(text, r.start(), r.end())), None
        )
        if bare:
            amounts = [(None, _number(bare.group(g), None)) for g in ("low", "high")]
            span = (bare.start(), bare.end())
    if not amounts:
        amounts = [(None, float(m.group("num").replace(",", ""))) for m in _BARE.finditer(text)]
        amounts = [a for a in amounts if not 1900 <= a[1] <= 2100]
    period = _attached_period(text, *span) if span else None
    symbol = amounts[0][0] if amounts else None
    currency = _SYMBOLS.get(symbol or "")
    if symbol == "$" and doc_currency:
        currency = doc_currency
    code = _CODES.search(text)
    if code and (currency is None or (symbol == "$" and code.group(1).endswith("D"))):
        currency = code.group(1)  # "$90,000 NZD": the code says which dollar
    values = [a[1] for a in amounts]
    if period is None and values:
        period = "hour" if max(values) < 300 else "year" if max(values) >= 10000 else None
    return {
        "min": min(values[:2]) if values else None,
        "max": max(values[:2]) if values else None,
        "currency": currency,
        "period": period,
    }


#: Where a document points when it says "$": its country, provinces or states and web domain.
_DOLLAR_PLACES = (
    (
        "CAD",
        re_compile(
            r"\bCanada\b|\bCanadians?\b|\b(?:Ontario|Qu[eé]bec|British Columbia|Alberta|Manitoba|"
            r"Saskatchewan|Nova Scotia|New Brunswick|Newfoundland|Prince Edward Island|"
            r"Ontarians?)\b|[a-z]\.ca\b"
        ),
    ),
    (
        "AUD",
        re_compile(
            r"\bAustralian?\b|\b(?:New South Wales|Queensland|NSW|Tasmania)\b|\.com\.au\b|\.gov\.au\b"
        ),
    ),
    ("NZD", re_compile(r"\bNew Zealand\b|\bAotearoa\b|\.co\.nz\b|\.govt\.nz\b")),
)
_US_PLACES = re_compile(r"\bUnited States\b|\bU\.S\.(?:A\.)?|\bUSA\b|\bAmerican?\b|\.gov\b(?!\.)")


def _dollar_country(lines: list[Line]) -> str | None:
    """The dollar a document's bare "$" means when the document itself says where it is: an Ontario
    government posting on ontario.ca pays in Canadian dollars. Two or more cues, and more than the
    document gives for the United States."""
    text = "\n".join(line.text for line in lines)
    us = len(_US_PLACES.findall(text))
    counts = [(len(pattern.findall(text)), code) for code, pattern in _DOLLAR_PLACES]
    most, code = max(counts)
    return code if most >= 2 and most > us else None
