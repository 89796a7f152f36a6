"""The 30-60-90 day plan: learn, plan, execute, one action per problem per phase, after meeting the
colleagues the owned duties name and listening to the people a service is for.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.ideas.evidence import cites_of
from prepflow_plugins.ideas.model import Evidence, Problem
from prepflow_plugins.ideas.phrases import join_words, phrases_in
from prepflow_plugins.ideas.templates import first_filled, template

#: A word that names no one in particular: left out of a 30-day meeting list that names anyone else.
GENERIC_PEOPLE = ("stakeholders",)

#: The kinds of problem about the people a service is for: their 30-day plan starts by listening to them.
SERVING_KINDS = ("contact", "customer")


def _meet_actions(
    data: Mapping[str, Any], citer: Citer, problems: list[Problem], items: list[Evidence]
) -> list[dict[str, Any]]:
    """Meet the colleagues the posting names; listen to its customers and users."""
    developing = " ".join(p.slots.get("people", "") for p in problems)
    # listening to the people served is a first step only when an idea is about them
    serving = any(p.kind.name in SERVING_KINDS for p in problems)
    actions = []
    for key, external in (("meet", False), ("listen", True)):
        if external and not serving:
            continue
        who: list[str] = []
        naming: list[Evidence] = []
        for e in items:
            if e.where != "duty" or e.rank == float("-inf"):
                continue  # the people named by the duties the role owns
            names = [
                w
                for w in phrases_in(data["stakeholders"], e.text)
                if (w in data["external"]) == external and w not in who and w not in developing
            ]
            if names:
                who.extend(names)
                naming.append(e)
        named = [w for w in who if w not in GENERIC_PEOPLE]
        who = named or who  # "Meet sales and customer service", not "… and stakeholders"
        if who:
            text = data["notes"][key].format(stakeholders=join_words(who[:4]))
            actions.append({"text": text, "problem": None, "cites": cites_of(citer, naming[:3])})
    return actions


def plan_30_60_90(
    data: Mapping[str, Any], citer: Citer, problems: list[Problem], items: list[Evidence]
) -> list[dict[str, Any]]:
    """Learn, plan, execute: one action per problem per phase, and meeting the people it names; no plan
    when no phase has an action of its own."""
    phases = []
    for days, phase in ((30, "learn"), (60, "plan"), (90, "execute")):
        actions: list[dict[str, Any]] = []
        if phase == "learn":
            actions.extend(_meet_actions(data, citer, problems, items))
        for n, problem in enumerate(problems, start=1):
            text = first_filled(template(data, problem.kind, phase), problem.slots)
            if text and all(a["text"] != text for a in actions):
                actions.append(
                    {"text": text, "problem": f"problem-{n}", "cites": cites_of(citer, [problem.anchor])}
                )
        phases.append({"days": days, "phase": phase, "goal": data["phases"][phase], "actions": actions})
    # three phase goals and no action is the same plan for every job: abstain rather than pad
    return phases if any(p["actions"] for p in phases) else []
