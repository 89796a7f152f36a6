"""The questions asked in nearly every interview: the weakness, why you are leaving, salary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.objections.facts import _BASIS, Facts, Objection, strongest
from prepflow_plugins.objections.wording import _years, fixed_pay, month, pay_text
from prepflow_plugins.text.regexstore import compile as re_compile


def standard(facts: Facts, found: list[Objection]) -> list[Objection]:
    library = facts.data["kinds"]
    out = []

    # The weakness question: a real weakness that is not central to this job. A must-have the resume
    # does not show is never volunteered here (it is answered as its own objection when raised), and
    # neither is a way of working or a preferred qualification.
    avoid = next((o for o in found if o.kind in ("missing_must", "degree", "years_short")), None)
    blank = "[a real weakness, not central to this job, that you are working on]"
    values: dict[str, Any] = {"weak_spot": blank}
    variants: dict[str, str] = {}
    cites: list[dict[str, Any]] = []
    if avoid:
        values["avoid"] = avoid.values["requirement"]
        variants["acknowledge"] = "acknowledge_avoid"
        cites = list(avoid.cites)
    risk = library["weakness"]["risk"]
    out.append(
        Objection(
            "weakness", risk, [f"{risk:g}: {_BASIS['weakness']}"], values, cites, [], "", variants=variants
        )
    )

    # Why are you leaving (or: why did you leave).
    latest = facts.latest_role()
    risk = library["why_leaving"]["risk"]
    basis = [f"{risk:g}: {_BASIS['why_leaving']}"]
    variants = {}
    if latest is not None:
        index, role = latest
        org = role.get("organisation") or role.get("title") or "your last job"
        values = {
            "organisation": org,
            "current": facts.role_label(index) or org,
            "tenure_years": _years(round((role.get("months") or 0) / 12, 1)),
            "since": month(role.get("end")),
        }
        tenure = tenure_text(role.get("months"))
        if tenure is None:
            variants["phrasing"] = "phrasing_no_tenure"  # no dates to count: never "after ? years"
        else:
            values["tenure"] = tenure
        source = role.get("source")
        citation = facts.citer.cite_lines(source)
        text = " ".join(p for p in (role.get("title"), role.get("organisation"), role.get("dates")) if p)
        cites = [citation] if citation else facts.citer.cites([(source, text)])
        studied = _studied_since(facts.resume, role)
        if _intern(role) and (studied or role.get("current") or _studying(facts.resume)):
            variants["phrasing"] = "phrasing_intern"  # a student's internship ends: no "why leaving"
            values["title"] = role.get("title") or "intern"
        elif not role.get("current") and studied:
            variants["phrasing"] = "phrasing_studied"  # a degree since the last job: no idle gap
            values["study"] = studied
        elif not role.get("current"):
            variants["phrasing"] = "phrasing_ended"
            as_of = str((facts.resume.get("signals") or {}).get("as_of") or "")
            idle = _months_between(role.get("end"), as_of)
            if idle is not None and idle > 6:
                extra = round(min(idle, 24) / 24 * 0.25, 2)
                risk += 0.1 + extra
                basis.append(
                    f"+{0.1 + extra:g}: not working for {idle} months since {month(role.get('end'))}"
                )
        evidence = strongest(facts, index)
    else:
        values = {
            "organisation": "your last job",
            "current": "your last job",
            "tenure_years": "?",
            "since": "?",
        }
        variants["phrasing"] = "phrasing_no_role"
        cites, evidence = [], []
    out.append(
        Objection(
            "why_leaving",
            risk,
            basis,
            values,
            cites,
            evidence,
            about=" ".join(e["text"] for e in evidence),
            variants=variants,
        )
    )

    # Salary expectations.
    pay = facts.job.get("pay")
    risk = library["salary"]["risk"]
    if isinstance(pay, Mapping) and pay.get("text") and not _placeholder_pay(pay):
        values = {"pay": pay_text(pay)}
        cites = facts.citer.cites([(pay.get("source"), pay["text"])])
        variants = {
            "why": "why_stated",
            "acknowledge": "acknowledge_fixed" if fixed_pay(pay) else "acknowledge_stated",
        }
    else:
        values, cites, variants = {}, [], {}
    evidence = strongest(facts)
    out.append(
        Objection(
            "salary",
            risk,
            [f"{risk:g}: {_BASIS['salary']}"],
            values,
            cites,
            evidence,
            about=" ".join(e["text"] for e in evidence),
            variants=variants,
        )
    )
    return out


def tenure_text(months: Any) -> str | None:
    """How long a stay was, as a person says it aloud: "a year", "6 years", "more than 3 years",
    "less than a year"; None when the resume gives no length."""
    if not isinstance(months, int) or isinstance(months, bool) or months <= 0:
        return None
    if months < 12:
        return "less than a year"
    years, rest = divmod(months, 12)
    if rest == 11:  # "2014 – 2020" read to the month is within a month of six whole years
        years, rest = years + 1, 0
    whole = "a year" if years == 1 else f"{years} years"
    return whole if rest <= 1 else f"more than {whole}"


def _months_between(start: Any, end: Any) -> int | None:
    if not (isinstance(start, str) and isinstance(end, str)):
        return None
    # a year alone (resume.analyze keeps "2012 – 2017" at year precision) counts as its December
    if not (re.fullmatch(r"\d{4}(?:-\d{2})?", start) and re.fullmatch(r"\d{4}-\d{2}", end)):
        return None
    start_month = int(start[5:]) if len(start) > 4 else 12
    return (int(end[:4]) * 12 + int(end[5:])) - (int(start[:4]) * 12 + start_month)


#: A title held while studying: an internship, a summer or student job, a traineeship.
_INTERN = re_compile(r"\b(?:intern(?:ship)?|summer|student|trainee|apprentice|co-?op)\b", re.I)
#: An education entry still under way ("2013 – Present", "expected March 2016").
_ONGOING = re_compile(r"\b(?:present|now|current(?:ly)?|expected|ongoing|in progress)\b", re.I)


def _intern(role: Mapping[str, Any]) -> bool:
    return bool(_INTERN.search(str(role.get("title") or "")))


def _studying(resume: Mapping[str, Any]) -> bool:
    """Whether the resume shows a course of study still under way."""
    return any(
        isinstance(e, Mapping) and _ONGOING.search(str(e.get("text") or ""))
        for e in resume.get("education") or []
    )


def _studied_since(resume: Mapping[str, Any], role: Mapping[str, Any]) -> str | None:
    """The degree (or school) of study that ended after the role ended, or is under way: what the
    candidate did since, so "What have you been doing since?" has its answer on the resume."""
    end = str(role.get("end") or "")[:4]
    if not end.isdigit():
        return None
    for entry in resume.get("education") or []:
        if not isinstance(entry, Mapping):
            continue
        year = entry.get("year")
        ongoing = bool(_ONGOING.search(str(entry.get("text") or "")))
        if ongoing or (isinstance(year, int) and not isinstance(year, bool) and year > int(end)):
            what = entry.get("degree") or entry.get("institution")
            if isinstance(what, str) and what.strip():
                return what.strip()
    return None


def _placeholder_pay(pay: Mapping[str, Any]) -> bool:
    """A pay line whose figures are all zeros ("$00,000-$000,000"): a template never filled in,
    so the posting states no pay."""
    digits = "".join(c for c in str(pay.get("text") or "") if c.isdigit())
    return bool(digits) and set(digits) == {"0"}
