"""Signals from the dates: years, tenure, gaps (explained by a career-break section), changes."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from prepflow_plugins.resume.dates import DATE_RANGE, _month_index, _ym
from prepflow_plugins.resume.headings import _cite

GAP_MONTHS = 6
"""Gaps between jobs longer than this many months are reported."""


def _break(doc: Mapping[str, Any], text: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """A line of a career-break section: its text, its dates (month indexes) if it gives them, its lines."""
    dates = DATE_RANGE.search(text)
    start = _month_index(dates["start"] or dates["since"], end=False) if dates else None
    end = None
    if dates and dates["end"]:
        end = _month_index(dates["end"], end=True)
    return {
        "text": text,
        "source": _cite(doc, item),
        "_start": start[0] if start else None,
        "_end": end[0] if end else None,
    }


def _explanation(gap_start: int, gap_end: int, breaks: Sequence[dict[str, Any]], gaps: int) -> dict | None:
    """The career-break line whose dates overlap the gap (an undated one when there is a single gap)."""
    for entry in breaks:
        start, end = entry["_start"], entry["_end"]
        if start is not None and start <= gap_end and (end if end is not None else start) >= gap_start:
            return {"text": entry["text"], "source": entry["source"]}
    undated = [entry for entry in breaks if entry["_start"] is None]
    if gaps == 1 and len(undated) == 1:
        return {"text": undated[0]["text"], "source": undated[0]["source"]}
    return None


def _dedupe(skills: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for skill in skills:
        if skill["name"].lower() not in seen:
            seen.add(skill["name"].lower())
            out.append(skill)
    return out


def signals(roles: list[dict[str, Any]], as_of: int, breaks: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Total years, tenure per role, gaps (explained by ``breaks`` when they say so) and changes."""
    dated = sorted(
        (
            i
            for i, r in enumerate(roles)
            if r["kind"] == "work" and r["_start"] is not None and r["_end"] is not None
        ),
        key=lambda i: (roles[i]["_start"], roles[i]["_end"]),
    )
    months_worked = 0
    gaps = []
    covered_until: int | None = None
    # a gap must hold even if a year-only end ("2016–2019") ran to December
    reached: int | None = None
    last_role: int | None = None
    for i in dated:
        start, end = roles[i]["_start"], roles[i]["_end"]
        # last_role is set whenever reached is (both by the first dated role)
        if reached is not None and last_role is not None and start - reached - 1 > GAP_MONTHS:
            gaps.append(
                {
                    "start": _ym(reached + 1),
                    "end": _ym(start - 1),
                    "months": start - reached - 1,
                    "after_role": last_role,
                    "before_role": i,
                    "approximate": roles[i]["approximate"] or roles[last_role]["approximate"],
                    "_start": reached + 1,
                    "_end": start - 1,
                }
            )
        if covered_until is None or start > covered_until:
            months_worked += end - start + 1
        elif end > covered_until:
            months_worked += end - covered_until
        if covered_until is None or end >= covered_until:
            covered_until, last_role = end, i
        latest = roles[i]["_end_latest"]
        reached = latest if reached is None else max(reached, latest)
    changes = []
    for kind in ("function", "industry"):
        known = [i for i in dated if roles[i][kind]]
        for before, after in itertools.pairwise(known):
            if roles[before][kind]["name"] != roles[after][kind]["name"]:
                changes.append(
                    {
                        "kind": kind,
                        "from": roles[before][kind]["name"],
                        "to": roles[after][kind]["name"],
                        "from_role": before,
                        "to_role": after,
                    }
                )
    return {
        "as_of": _ym(as_of),
        "total_years": round(months_worked / 12, 1),
        "tenure": [
            {
                "role": i,
                "title": r["title"],
                "organisation": r["organisation"],
                "months": r["months"],
                "years": round(r["months"] / 12, 1) if r["months"] else None,
            }
            for i, r in enumerate(roles)
        ],
        "gaps": [
            {
                **{k: v for k, v in gap.items() if not k.startswith("_")},
                "explanation": _explanation(gap["_start"], gap["_end"], breaks, len(gaps)),
            }
            for gap in gaps
        ],
        "changes": changes,
    }
