"""The objects of a problem, found in the words of the duty it rests on: its system, where it moves
to, the target it sets, the people it develops or serves, its deadline and volume, what it produces
and for whom; the slots the kinds' phrasing patterns are filled with.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.ideas.model import Problem
from prepflow_plugins.ideas.phrases import join_words, phrases_in, quote_of
from prepflow_plugins.ideas.systems import system_phrases
from prepflow_plugins.text.duties import duty_verb_at, plain
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import extract

#: Numbers written as words: "two junior developers", "half".
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|hundred|thousand|million|half|a third|a quarter"
)
#: A target the duty sets: "Cut page load below two seconds", "Reduce backlog by 30%".
_TARGET = re_compile(
    r"^(?:cut|reduce|lower|bring|keep|get|improve|increase|raise|grow|shorten|speed up|double|halve)\s+"
    r"(?P<subject>.+?)\s+"
    rf"(?P<goal>(?:below|under|to|by|above|over|within|less than|at least|more than|beyond)\s+"
    rf"(?:\d[\d,.]*\s?%?|(?:{_NUMBER_WORDS})\b).*)$",
    re.I,
)
#: Where a migration moves to: "Migrate the billing service to Kubernetes".
_MOVE = re_compile(
    r"^(?:move|moving|migrate|migrating|port|porting|transition|transitioning|rebuild|rebuilding|replace"
    r"|replacing)\b.*?\b(?:onto|into|to|with)\s+"
    r"(?P<target>.+?)(?=[,.;]|\s(?:without|so|while|by|over|before|in order)\b|$)",
    re.I,
)
#: The people a duty develops: "mentor two junior developers", "train agency staff".
_PEOPLE = re_compile(
    r"\b(?:mentor(?:ing)?|coach(?:ing)?|train(?:ing)?|supervis(?:e|ing)|lead(?:ing)?|onboard(?:ing)?|grow(?:ing)?"
    r"|develop(?:ing)?|manag(?:e|ing))\s+(?:and\s+(?:coach|mentor|train|develop)(?:ing)?\s+)?"
    r"(?P<people>(?:(?:a|the|our|\w+)\s+){0,3}?(?:[\w-]+\s+)?"
    r"(?:engineers|developers|designers|analysts|colleagues(?: and partners)?|staff|team members|teams?"
    r"|people|hires|interns|writers|scientists|specialists|researchers|managers|volunteers|technicians|operators"
    r"|associates|agents|representatives|officers|coordinators|clerks|workers|employees|apprentices|fellows"
    r"|nurses|teachers|technologists|leads))"
    # the people end the noun phrase: "manage team member call stats" names no team to develop
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|or|to|in|on|for|with|who|that|through|by|at|across|as|so|while|from|"
    r"into|until|over)\b)",
    re.I,
)

#: How far after the duty's verb its object may start, in words ("Writing up technical documentation").
OBJECT_WORDS = 4
#: A deadline the duty sets: "before the summer season", "by the end of 2025", "within 90 days"; not a
#: look-back ("artwork used within the past year", "within the last 12 years"), which sets no date.
DEADLINE = re_compile(
    r"\b(?:before|by|within|until)\s+(?!(?:the\s+)?(?:past|last|previous|prior|preceding)\b)(?:the\s+)?(?:end\s+of\s+)?(?:(?:\w+\s+){0,2}(?:season|year|quarter|"
    r"month|week|launch|deadline|release|audit)s?|\d+\s+(?:days|weeks|months)|(?:19|20)\d{2})\b",
    re.I,
)
#: A volume the duty names: "2,000 requests", "six crossings", "40%".
VOLUME = re_compile(rf"\b(?:\d[\d,.]*\+?%?|{_NUMBER_WORDS})\s+[a-z]+s\b|\b\d[\d,.]*\s?%", re.I)
#: The numbers a duty says the role keeps: "performance metrics", "KPIs", "key performance indicators".
_MEASURES = re_compile(r"\b(?:metrics|kpis?|kpi[’']s|performance indicators|measures of success)\b", re.I)


def fill_slots(problem: Problem, data: Mapping[str, Any], heads: set[str]) -> dict[str, str]:
    """The anchor duty's own objects for the templates, found in its words only.

    Objects come from the duty the problem rests on, never from the evidence that
    supports it: a template about mentoring names the people that duty names, not a
    budget from another line of the posting.
    """
    text = plain(problem.anchor.text)
    verb_at = duty_verb_at(text) or 0
    action = text[verb_at:]
    slots: dict[str, str] = {"quote": quote_of(text)}
    systems = system_phrases(text, heads)
    if systems:
        best = systems[0]
        slots["system"] = best if best[0].isupper() and best.split()[0].isupper() else "the " + best
    if problem.kind.name == "migration" and (m := _MOVE.match(action)):
        slots["target"] = m.group("target").strip()
    if m := _TARGET.match(action):
        slots["subject"], slots["goal"] = m.group("subject"), m.group("goal").rstrip(". ")
    if m := _PEOPLE.search(text):
        people = re.sub(r"^(?:the|our|a)\s+", "", m.group("people"), flags=re.I)
        bare = re.match(rf"^(?:\d|{_NUMBER_WORDS})", people) or people.lower() in ("team", "teams")
        slots["people"] = "the " + people if bare else people  # "the team", "the two junior developers"
    who = [w for w in phrases_in(data["stakeholders"], text) if w not in slots.get("people", "")]
    if who:
        slots["stakeholders"] = join_words(who[:3])
    users = [w for w in who if w in data["external"]]
    if users:
        slots["users"] = join_words(users[:3])
    if m := DEADLINE.search(action):
        slots["deadline"] = m.group(0)
    if m := VOLUME.search(action):
        slots["volume"] = m.group(0)
    if found := _deliverables(data, slots["quote"]):
        slots["deliverable"] = join_words(found[:2])
    # whom the message is for, in the clause the idea quotes: "… style guide for the organization,
    # so users …" is a guide for its writers, not for the users named after it
    if audience := phrases_in([*data.get("audiences", []), *data["stakeholders"]], slots["quote"]):
        slots["audience"] = join_words(audience[:2])
    concepts = list(dict.fromkeys(extract(text).concepts))
    if concepts:
        slots["tools"] = join_words(concepts[:4])
    return slots


def _deliverables(data: Mapping[str, Any], text: str) -> list[str]:
    """The things the duty says the role produces ("workshops", "style guide"), as the duty writes them.

    Only the verb's own object counts: "Conduct workshops …", "Writing up technical documentation";
    not a word deep in a list ("Mapping out the various sources of data, documentation …").
    """
    line = plain(text)
    rest = line[duty_verb_at(line) or 0 :].split()
    head = " ".join(rest[1 : OBJECT_WORDS + 2])  # a particle ("up") and the object's first words, not
    # the verb itself ("Guide stakeholders through …" produces no guide)
    return phrases_in(data.get("deliverables", []), head)


def names_any(data: Mapping[str, Any], text: str, needs: list[str]) -> bool:
    """Whether a duty's first clause names one of the objects a kind's ideas are built on.

    ``people``: the people to develop ("two junior developers", "agency staff"); ``audience``: the
    people a message is for (``audiences`` or ``stakeholders``); ``deliverable``: a thing the role
    produces (``deliverables``); ``system``: a system after "the", "our" …; ``users``: the people
    outside the employer it serves (``external``); ``measures``: the numbers it keeps ("performance
    metrics", "KPIs").
    """
    checks = {
        "people": lambda: bool(_PEOPLE.search(text)),
        "audience": lambda: bool(phrases_in([*data.get("audiences", []), *data["stakeholders"]], text)),
        "deliverable": lambda: bool(_deliverables(data, text)),
        "system": lambda: bool(system_phrases(text, {h.lower() for h in data["system_heads"]})),
        "users": lambda: bool(phrases_in(data["external"], text)),
        "measures": lambda: bool(_MEASURES.search(text)),
    }
    return any(checks[n]() for n in needs if n in checks)
