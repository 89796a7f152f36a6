"""Dates on a resume: months, years and ranges ("Sept 2019 – Pres.", "2019.06", "2012‑2017")."""

from __future__ import annotations

import re

from prepflow_plugins.text.regexstore import compile as re_compile

# ---------------------------------------------------------------------------
# Bullets and dates
# ---------------------------------------------------------------------------


_BULLET = re_compile(r"^(?:[-*•·▪◦‣●○■□➢➤►–+]|\d{1,2}[.)])\s+")
_MARKUP = re_compile(r"\*{2,3}|__|`|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_LINK = re_compile(r"\[([^\]]+)\]\([^)]*\)")

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march spring",
            "apr april",
            "may",
            "jun june summer",
            "jul july",
            "aug august",
            "sep sept september fall autumn",
            "oct october",
            "nov november",
            "dec december winter",
        ]
    )
    for m in names.split()
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    # Jan 2020, Sept. 2019, 15 Jan 2008, Jun '19
    rf"(?:(?:\d{{1,2}}\s+)?(?:{_MONTH})\.?,?\s*(?:(?:19|20)\d{{2}}|['’]\d{{2}})"
    r"|(?:0?[1-9]|1[0-2])[/.](?:19|20)\d{2}"  # 07/2015, 07.2015
    r"|(?:19|20)\d{2}[-/.](?:0[1-9]|1[0-2])(?:[-/.]\d{2})?(?![\d.])"  # 2013-12-01, 2013.12, 2013/12
    r"|(?:19|20)\d{2})"  # 2016
)
_PRESENT = r"present|pres\.?|current|currently|now|today|ongoing|date|to date|till date|till now"
_DASH = r"\s*(?:-|–|—|‑|‒|―|−|~|to|until|till|through|thru)\s*"
DATE_RANGE = re_compile(
    rf"(?<![\w/.])(?P<start>{_DATE}){_DASH}(?P<end>{_DATE}|{_PRESENT})(?![\w/]|\.\d)"
    rf"|(?:since|from)\s+(?P<since>{_DATE})(?![\w/])",
    re.IGNORECASE,
)


_DEFINITION = re_compile(r"^:\s+")  # a pandoc definition list's ':   ' before the definition


def _clean(text: str) -> str:
    """Drop Markdown emphasis, links, quote marks and bullets, keeping the words."""
    text = _LINK.sub(r"\1", text).strip()
    text = re_compile(r"^(?:>\s*)+").sub("", text)
    text = _DEFINITION.sub("", text)
    text = _BULLET.sub("", text)
    text = _MARKUP.sub("", text)
    return " ".join(text.split()).strip()


def _is_bullet(text: str) -> bool:
    return bool(_BULLET.match(re.sub(r"^(?:>\s*)+", "", text.strip())))


def _month_index(text: str, *, end: bool) -> tuple[int, bool] | None:
    """A date as months since year 0, and whether only its year is known.

    A year on its own starts in January; as an end it means "into that year",
    so "2016–2020" counts four years and a job from 2020 follows it without a gap.
    """
    text = " ".join(text.strip().lower().rstrip(".").replace("’", "'").split())
    if m := re_compile(rf"(?:\d{{1,2}}\s+)?({_MONTH})\.?,?\s*(\d{{4}}|'\d{{2}})").fullmatch(text):
        year = int(m[2]) if m[2][0] != "'" else 1900 + int(m[2][1:]) + (100 if int(m[2][1:]) < 50 else 0)
        return year * 12 + _MONTHS[m[1]], False
    if m := re_compile(r"(\d{1,2})[/.](\d{4})").fullmatch(text):
        return int(m[2]) * 12 + int(m[1]) - 1, False
    if m := re_compile(r"(\d{4})[-/.](\d{2})(?:[-/.]\d{2})?").fullmatch(text):
        return int(m[1]) * 12 + int(m[2]) - 1, False
    if m := re_compile(r"\d{4}").fullmatch(text):
        return int(text) * 12 - (1 if end else 0), True
    return None


def _stated(text: str) -> str | None:
    """A date at the precision the resume gives it: "YYYY-MM", or "YYYY" for a year alone."""
    index = _month_index(text, end=False)
    if index is None:
        return None
    return f"{index[0] // 12:04d}" if index[1] else _ym(index[0])


def _latest(end: tuple[int, bool] | None) -> int | None:
    """The latest month an end date can mean: December of a year given alone."""
    if end is None:
        return None
    return (end[0] + 1) // 12 * 12 + 11 if end[1] else end[0]


def _ym(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
