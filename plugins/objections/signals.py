"""Objections from the resume's own signals: gaps, short stays, changes of field, level."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.objections.facts import _BASIS, MAX_EVIDENCE, Facts, Objection, closest, strongest
from prepflow_plugins.objections.wording import _words_in, _years, classify, listing, month, with_article
from prepflow_plugins.text.leading import leads_people
from prepflow_plugins.text.regexstore import compile as re_compile

SHORT_TENURE_MONTHS = 12
LEVEL_NOT_FUNCTION = "leadership"  # roles.toml's function of chiefs and founders: a level, not a field
JUNIOR_LEVELS = ("intern", "entry")
JUNIOR_POST_BONUS = 0.45  # over-qualification for a junior post outranks every other objection
SETTLED_YEARS = 5  # a change of field followed by this many years of work is no longer asked about
OVER_YEARS = 3  # fewer years of work than this are never over-qualified, whatever the title
SENIOR_YEARS = 8  # this many years of work on a junior posting reads as over-qualified whatever the title
LOW_COVERAGE = 0.34  # below this match coverage, a change of function is the first thing they see


def _student_stint(role: Mapping[str, Any], facts: Facts) -> bool:
    """An internship, a placement or a student job: what follows it is study, not a gap."""
    title = str(role.get("title") or "")
    return role.get("kind") in ("education", "internship") or (
        candidate_level(title, facts.data["seniority"]) == "intern"
        or bool(re.search(r"\b(?:intern(?:ship)?|placement|co-?op|student|trainee)\b", title, re.I))
    )


def from_resume(facts: Facts) -> list[Objection]:
    out: list[Objection] = []
    signals = facts.resume.get("signals") or {}
    total = float(signals.get("total_years") or 0)
    library = facts.data["kinds"]
    roles = facts.roles

    def role_cite(index: Any) -> list[dict[str, Any]]:
        if not isinstance(index, int) or not 0 <= index < len(roles):
            return []
        role = roles[index]
        citation = facts.citer.cite_lines(role.get("source"))
        if citation is None:
            text = " ".join(p for p in (role.get("title"), role.get("organisation"), role.get("dates")) if p)
            return facts.citer.cites([(role.get("source"), text)])
        return [citation]

    # Gaps between jobs.
    for gap in signals.get("gaps") or []:
        if not isinstance(gap, Mapping) or not gap.get("months"):
            continue
        after, before = gap.get("before_role"), gap.get("after_role")  # the gap is after `before`
        if isinstance(before, int) and 0 <= before < len(roles) and _student_stint(roles[before], facts):
            continue  # the months after an internship are the rest of a course: no one asks about them
        months = int(gap["months"])
        score = library["gap"]["risk"] + round(min(months, 24) / 24 * 0.25, 2)
        basis = [
            f"{library['gap']['risk']:g}: {_BASIS['gap']}",
            f"+{round(min(months, 24) / 24 * 0.25, 2):g}: {months} months",
        ]
        values = {
            "gap_start": month(gap.get("start")),
            "gap_end": month(gap.get("end")),
            "gap_months": months,
            "before": facts.role_label(before) or "your previous job",
            "after": facts.role_label(after) or "your next job",
            "gap_before": month(roles[before].get("end")) if isinstance(before, int) else "?",
            "return": month(roles[after].get("start")) if isinstance(after, int) else "?",
        }
        cites = role_cite(before) + role_cite(after)
        variants = {}
        stated = gap.get("explanation")  # resume.analyze reads it from a "Career break" section
        if isinstance(stated, Mapping) and stated.get("text"):
            values["stated"] = stated["text"]
            cites += facts.citer.cites([(stated.get("source"), stated["text"])])
            score -= 0.05
            basis.append("-0.05: the resume already explains it")
        else:
            variants["acknowledge"] = "acknowledge_unstated"
        evidence = strongest(facts, after) if isinstance(after, int) else []
        about = " ".join(e["text"] for e in evidence)
        out.append(Objection("gap", score, basis, values, cites, evidence, about, variants=variants))

    # Short stays.
    short_roles = [
        i
        for i, r in enumerate(roles)
        if r.get("kind", "work") == "work"
        and not r.get("current")
        and isinstance(r.get("months"), int)
        and r["months"] < SHORT_TENURE_MONTHS
        # an internship is short by design: no one asks why it ended
        and candidate_level(str(r.get("title") or ""), facts.data["seniority"]) != "intern"
    ]
    if len(short_roles) >= 2:
        labels = [f"{facts.role_label(i)} ({roles[i]['months']} months)" for i in short_roles]
        values = {"roles": listing(labels), "count": len(short_roles)}
        cites = [c for i in short_roles for c in role_cite(i)]
        evidence = strongest(facts, short_roles[0])
        risk = library["job_hopping"]["risk"]
        out.append(
            Objection(
                "job_hopping",
                risk,
                [f"{risk:g}: {_BASIS['job_hopping']}"],
                values,
                cites,
                evidence,
                about=" ".join(e["text"] for e in evidence),
            )
        )
    elif short_roles:
        i = short_roles[0]
        values = {
            "organisation": roles[i].get("organisation") or roles[i].get("title") or "that job",
            "role": roles[i].get("title") or "that role",
            "months": roles[i]["months"],
        }
        evidence = strongest(facts, i)
        risk = library["short_tenure"]["risk"]
        out.append(
            Objection(
                "short_tenure",
                risk,
                [f"{risk:g}: {_BASIS['short_tenure']}"],
                values,
                role_cite(i),
                evidence,
                about=" ".join(e["text"] for e in evidence),
            )
        )

    out.extend(_changes(facts, role_cite))
    out.extend(_level(facts, role_cite, total))
    return out


def _posting_parts(facts: Facts) -> tuple[str, str]:
    """The posting's title and its employer's name (from the company, or the title after a dash)."""
    title = facts.title()
    company = facts.job.get("company")
    employer = (company.get("text") if isinstance(company, Mapping) else None) or ""
    parts = re.split(r"\s[—–|-]\s|\sat\s", title, maxsplit=1)
    if len(parts) == 2:
        title, employer = parts[0].strip(), employer or parts[1].strip()
    return title, employer


#: An employer read as a unit of one ("Digital and Customer Services", "Finance Department"): its
#: name says what the unit does, not the employer's industry, so no industry change is claimed from it.
_UNIT = re_compile(r"\b(?:services|department|directorate|division|unit|team|branch)\s*$", re.I)


def _settled(facts: Facts, index: Any) -> bool:
    """Whether the candidate has worked in the role after a change for ``SETTLED_YEARS`` or more."""
    if not isinstance(index, int) or not 0 <= index < len(facts.roles):
        return False
    months = sum(
        r.get("months") or 0
        for i, r in enumerate(facts.roles)
        if i <= index and isinstance(r.get("months"), int) and r.get("kind", "work") == "work"
    )
    return months >= SETTLED_YEARS * 12


def _job_of(title: str) -> str:
    """The job a title names: "Design, Technology, and Innovation Fellow: Project Manager" is a project
    manager's job (the part after the colon), not a designer's."""
    after = title.rsplit(":", 1)[-1].strip()
    return after if len(after.split()) >= 1 and after != title else title


def _spoken(name: str) -> str:
    """A vocabulary key as said aloud: "customer_support" -> "customer support"."""
    return name.replace("_", " ")


def _changes(facts: Facts, role_cite: Any) -> list[Objection]:
    out: list[Objection] = []
    roles, library = facts.roles, facts.data["kinds"]
    vocab = facts.vocabulary
    latest = facts.latest_role()
    title, employer = _posting_parts(facts)
    role_source = (
        (facts.job.get("role") or {}).get("source") if isinstance(facts.job.get("role"), Mapping) else None
    )
    company = facts.job.get("company")
    company_source = company.get("source") if isinstance(company, Mapping) else role_source
    covered = set()
    if latest is not None:
        index, role = latest
        current = facts.role_label(index) or "your latest role"
        for kind, table, text, source in (
            ("function", vocab.get("functions") or {}, _job_of(title), role_source),
            ("industry", vocab.get("industries") or {}, employer, company_source),
        ):
            if kind == "industry" and _UNIT.search(text or ""):
                continue  # a department's name, not the employer's industry
            needs = vocab.get("industry_needs") if kind == "industry" else None
            target = classify(table, text, needs) if text else None
            mine = (role.get(kind) or {}).get("name") if isinstance(role.get(kind), Mapping) else None
            if not target or not mine or target == mine or LEVEL_NOT_FUNCTION in (mine, target):
                continue  # "leadership" is a level: over- or under-qualification asks about it
            earlier = [
                i
                for i, r in enumerate(roles)
                if i != index and isinstance(r.get(kind), Mapping) and r[kind].get("name") == target
            ]
            name = f"{kind}_return" if earlier else f"{kind}_change"
            risk = library[name]["risk"]
            basis = [f"{risk:g}: {_BASIS[name]} ({mine} → {target})"]
            coverage = (facts.match.get("coverage") or {}).get("score")
            if kind == "function" and isinstance(coverage, (int, float)) and coverage < LOW_COVERAGE:
                risk += 0.2
                basis.append(f"+0.2: the resume covers {coverage:.0%} of the posting (match coverage)")
            values = {
                "from": _spoken(mine),
                "to": _spoken(target),
                "a_to": with_article(_spoken(target)),
                "title": title,
                "current": current,
            }
            cites = facts.citer.cites([(source, text)]) + role_cite(index)
            evidence = []
            for i in earlier:
                cites += role_cite(i)
                evidence += strongest(facts, i, 1)
            if not evidence:
                evidence = closest(
                    facts.title()
                    + " "
                    + " ".join(
                        r.get("text", "")
                        for r in facts.job.get("responsibilities") or []
                        if isinstance(r, Mapping)
                    ),
                    facts,
                )
            covered.add((kind, mine, target))
            out.append(
                Objection(
                    name,
                    risk,
                    basis,
                    values,
                    cites,
                    evidence[:MAX_EVIDENCE],
                    about=" ".join(e["text"] for e in evidence),
                )
            )
    for change in (facts.resume.get("signals") or {}).get("changes") or []:
        if not isinstance(change, Mapping):
            continue
        key = (change.get("kind"), change.get("to"), change.get("from"))
        if any(c[0] == key[0] for c in covered):
            continue  # the change to the posting is the one they will ask about
        to_role = change.get("to_role")
        risk = library["career_change"]["risk"]
        if LEVEL_NOT_FUNCTION in (change.get("from"), change.get("to")):
            continue
        if _settled(facts, change.get("to_role")):
            continue  # a change made years ago, with years in the new field since: settled
        values = {
            "from": _spoken(str(change.get("from"))),
            "to": _spoken(str(change.get("to"))),
            "change": change.get("kind"),
            "role": facts.role_label(to_role) or "your next job",
        }
        evidence = strongest(facts, to_role, 1) if isinstance(to_role, int) else []
        out.append(
            Objection(
                "career_change",
                risk,
                [f"{risk:g}: {_BASIS['career_change']}"],
                values,
                role_cite(change.get("from_role")) + role_cite(to_role),
                evidence,
                about=" ".join(e["text"] for e in evidence),
            )
        )
    return out


def candidate_level(title: str, data: Mapping[str, Any]) -> str:
    """The level a title reads as (``data``: the ``[seniority]`` table)."""
    for entry in data["titles"]:
        if _words_in(title, entry["words"]):
            return entry["level"]
    return data["default"]


def led_people(facts: Facts) -> bool:
    return any(leads_people(str(a.get("text") or "")) for a in facts.achievements)


def _level(facts: Facts, role_cite: Any, total: float) -> list[Objection]:
    seniority = facts.job.get("seniority")
    latest = facts.latest_role()
    if not isinstance(seniority, Mapping) or latest is None or not latest[1].get("title"):
        return []
    ranks = facts.data["seniority"]["ranks"]
    level = seniority.get("level")
    mine = candidate_level(latest[1]["title"], facts.data["seniority"])
    if level not in ranks:
        return []
    difference = ranks[mine] - ranks[level]
    asked = max(
        (r.get("years") or 0 for r in facts.job.get("requirements") or [] if isinstance(r, Mapping)),
        default=0,
    )
    if total < OVER_YEARS:
        difference = min(difference, 1)  # a founder's title after a year of work is no seniority
    if difference < 0 and led_people(facts):
        difference += 1  # "Led a team of developers" is lead-level work whatever the title said
    if difference >= 2 or (level in JUNIOR_LEVELS and difference >= 1 and total >= SENIOR_YEARS):
        name = "overqualified"
    elif difference <= -2 or (difference <= -1 and asked and total < asked):
        name = "underqualified"
    else:
        return []
    risk = facts.data["kinds"][name]["risk"]
    basis = [f"{risk:g}: {_BASIS[name]} ({mine} vs {level})"]
    if name == "overqualified" and level in JUNIOR_LEVELS:
        risk += JUNIOR_POST_BONUS  # a junior post's interviewer asks this before anything else
        basis.append(
            f"+{JUNIOR_POST_BONUS:g}: {_years(total)} years of work for {with_article(str(level))}-level post"
        )
    elif abs(difference) >= 3:
        risk += 0.2  # an intern for a lead post: the first thing they will ask
        basis.append(f"+0.2: {abs(difference)} levels apart")
    values = {
        "level": level,
        "candidate_level": mine,
        "total_years": _years(total),
        "current": facts.role_label(latest[0]) or latest[1]["title"],
        "basis": seniority.get("basis", ""),
    }
    basis_text = seniority.get("basis", "")
    cites = facts.citer.cites(
        [(seniority.get("source"), basis_text.split(":", 1)[-1].strip() or facts.title())]
    )
    cites += role_cite(latest[0])
    evidence = strongest(facts, latest[0])
    return [
        Objection(
            name,
            risk,
            basis,
            values,
            cites,
            evidence,
            about=" ".join(e["text"] for e in evidence),
        )
    ]
