"""Priorities said inside one item: "(X is a plus)", ", with X preferred", ", preferably in X",
and the alternatives an inline "one of the following: a, b" lists.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from prepflow_plugins.job.lines import _tidy
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile

#: "(Python is a plus)", "(a driving licence would be an asset)": a nice-to-have inside a must-have.
_ASIDE_NICE = re_compile(
    r"\s*\((?P<what>[^()]{2,120}?)\s*(?:is|are|would be|will be)?\s*(?:considered\s+)?"
    r"(?:a (?:big |huge )?plus|an? (?:strong |big |real )?(?:asset|advantage|bonus)|"
    r"preferred|desirable|desired|"
    r"nice to have|helpful)\s*\)",
    re.I,
)
#: ", with experience in X particularly preferred": a nice-to-have closing a must-have.
_TRAILING_NICE = re_compile(
    # a joiner ("with", "and") or a verb ("is", "would be") marks the clause as its own item;
    # "knowledge of city practice, policy and procedures a plus" is one item, a nice-to-have
    r",\s*(?:(?:with|and)\s+(?P<joined>[^,;()]{3,120}?)\s+(?:(?:is|are|would be)\s+)?|"
    r"(?P<what>[^,;()]{3,120}?)\s+(?:is|are|would be)\s+)"
    r"(?:particularly |especially |strongly |highly |also )?"
    r"(?:preferred|a plus|desired|desirable|an asset)\W*$",
    re.I,
)
#: ", preferably in a clinical setting", " ideally with Python": the preferred part of a required item.
_PREFERABLY = re_compile(
    r"(?:,\s*|\s+)(?:preferably|ideally)\s+(?P<what>(?:in|with|within|as|from|at|on|using)\s.{3,400}?)\W*$",
    re.I,
)
#: What the required part asks for, to name the preferred part after it ("degree in Chemistry").
_CREDENTIAL_NOUN = LazyPattern(
    r"\b(?:experience|degree|background|diploma|qualification|knowledge|training|certification)\b", re.I
)
#: "Experience in one or more of the following disciplines: a, b, c": a must-have group of
#: alternatives, each of which is a nice-to-have on its own.
_ONE_OF_LIST = re_compile(
    r"^(?P<head>.*?\b(?:one|any|either|some)\b(?:,?\s*or more,?)?\s+of the following\b[^:]{0,60}):"
    r"\s*(?P<list>.+)$",
    re.I,
)


def _asides_and_options(parts: list[str]) -> Iterator[tuple[str, str | None, str | None]]:
    """Each part with the priority its own form forces (None: decide from the words) and the words
    that force it, plus the nice-to-have an aside names ("(X is a plus)") and the alternatives an
    inline "one of the following: a, b" lists."""
    for part in parts:
        aside = _ASIDE_NICE.search(part)
        if aside is not None and len(aside.group("what").split()) >= 1 and aside.start() > 0:
            main = _tidy(part[: aside.start()] + part[aside.end() :])
            if main:
                yield main, None, None
            yield _tidy(aside.group("what")), "nice", aside.group(0).strip()
            continue
        preferably = _PREFERABLY.search(part)
        if preferably is not None and (noun := _CREDENTIAL_NOUN().search(part[: preferably.start()])):
            # "2 years of experience in an office, preferably in a clinic": the years are required,
            # the setting is preferred
            yield _tidy(part[: preferably.start()]), None, None
            # "..., preferably in a lab, with Python particularly preferred": two preferred parts
            what, *rest = re.split(r",\s*(?=(?:with|and)\s)", preferably.group("what"), maxsplit=1)
            yield f"{noun.group(0)} {_tidy(what)}", "nice", preferably.group(0).strip(" ,")
            if rest and (trailing := _TRAILING_NICE.search(", " + rest[0])) is not None:
                extra = trailing.group("joined") or trailing.group("what")
                yield _tidy(extra), "nice", trailing.group(0).strip(" ,")
            continue
        trailing = _TRAILING_NICE.search(part)
        if trailing is not None and trailing.start() > 20:
            yield _tidy(part[: trailing.start()]), None, None
            what = trailing.group("joined") or trailing.group("what")
            yield _tidy(what), "nice", trailing.group(0).strip(" ,")
            continue
        yield part, None, None
        options = _ONE_OF_LIST.match(part)
        if options is not None:
            for option in re.split(r"\s*[,;]\s*(?:or\s+|and\s+)?|\s+or\s+", options.group("list")):
                option = _tidy(option)
                if option and re.search(r"[A-Za-z]{2}", option):
                    yield option, "nice", options.group("head")
