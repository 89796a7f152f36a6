"""The proof that the candidate can solve a problem: the resume achievement that shares a concept
or a name with it, or does its kind of work, and the words it shares.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from prepflow_plugins.ideas.model import Problem
from prepflow_plugins.ideas.phrases import capitalised_name_stems, join_words
from prepflow_plugins.text.duties import plain
from prepflow_plugins.text.filler import is_filler
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import Terms, extract

#: What an achievement of the problem's own kind of work adds to its proof score.
KIND_BONUS = 3.0


#: A line that opens with a date range: a dated note (a career break), not an achievement.
_NOT_ACHIEVEMENT = re_compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+)?(?:19|20)\d{2}\s*[-–—]", re.I
)


def usable_achievements(resume: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Achievements that are things the candidate did (not a dated note such as a career break)."""
    return [
        a
        for a in resume.get("achievements") or []
        if isinstance(a, Mapping)
        and a.get("text")
        and not _NOT_ACHIEVEMENT.match(a["text"])
        and not is_filler(a["text"])
    ]


def role_label(resume: Mapping[str, Any], index: Any) -> str | None:
    """The achievement's role as "title, organisation", from its index in the resume's roles."""
    roles = resume.get("roles") or []
    if not isinstance(index, int) or not 0 <= index < len(roles):
        return None
    role = roles[index]
    return ", ".join(p for p in (role.get("title"), role.get("organisation")) if p) or None


def _match_bonus(match: Mapping[str, Any], problem: Problem) -> dict[str, float]:
    """Achievement text -> how strongly match.evidence ties it to the problem's requirements."""
    texts = {plain(e.text) for e in problem.evidence if e.where in ("must", "nice")}
    bonus: dict[str, float] = {}
    for req in match.get("requirements") or []:
        if not isinstance(req, Mapping) or plain(str(req.get("requirement", ""))) not in texts:
            continue
        for ev in req.get("evidence") or []:
            if ev.get("kind") == "achievement":
                bonus[ev["text"]] = max(bonus.get(ev["text"], 0.0), float(ev.get("score") or 0))
    return bonus


def best_proof(
    problem: Problem,
    achievements: list[Mapping[str, Any]],
    match: Mapping[str, Any],
    used: dict[str, int],
    agrees: Callable[[str], bool] | None = None,
    people: Collection[str] = (),
) -> tuple[Mapping[str, Any], list[str]] | None:
    """The achievement that shares most with the problem, and the words it shares.

    Shared ordinary words ("data", "drive", "sets") prove nothing on their own: an
    achievement is proof only when it shares a concept, or a name that both capitalise
    ("Manager" in "Law Manager" is not "managed"), with the problem's own statement (its
    anchor), or is of the problem's kind (``agrees``) and shares two terms with the anchor
    itself; match.evidence's tie to one of the problem's requirements adds weight but is
    not enough alone. Sharing whom the work is with (``people``: "product managers") proves
    nothing about the work: "Worked closely with product managers" is no proof of coaching them.
    """
    wanted_anchor = extract(plain(problem.anchor.text))
    wanted_rest = [extract(plain(e.text)) for e in problem.support]
    bonus = _match_bonus(match, problem)
    best = None
    for order, a in enumerate(achievements):
        have = extract(a["text"])
        shared = set(wanted_anchor.all) & set(have.all)
        score = wanted_anchor.weight(shared)
        words = {wanted_anchor.all[t] for t in shared}
        telling = _telling(wanted_anchor, shared, problem.anchor.text)
        for terms in wanted_rest:
            common = set(terms.all) & set(have.all)
            score += 0.5 * terms.weight(common)
            words |= {terms.all[t] for t in common}
        same_kind = bool(agrees and agrees(a["text"])) and wanted_anchor.weight(shared) >= 2
        telling &= set(capitalised_name_stems(a["text"])) | set(wanted_anchor.concepts)
        telling = {t for t in telling if not _names_people(wanted_anchor.all[t], people)}
        if (score < 2 and a["text"] not in bonus) or not (telling or same_kind):
            continue  # only ordinary words in common, of another kind of work: no proof
        score += 2 * bonus.get(a["text"], 0.0) + (0.25 if a.get("metrics") else 0.0)
        score += KIND_BONUS if same_kind else 0.0  # mentoring proves mentoring better than a shared word
        score /= 1 + used.get(a["text"], 0)  # tell a different story for each problem when possible
        key = (-score, order)
        if best is None or key < best[0]:
            named = sorted(w for w in words if w[:1].isupper())  # named skills first, then words
            best = (key, a, named + sorted((w for w in words if w not in named), key=str.lower))
    return None if best is None else (best[1], best[2])


def _names_people(term: str, people: Collection[str]) -> bool:
    """Whether a shared term names a group of people ("product managers", "designer")."""
    word = term.lower()
    return any(word in (who, who.removesuffix("s")) for who in people)


def _telling(wanted: Terms, shared: set[str], text: str) -> set[str]:
    """The shared terms that say something: concepts, and names the text capitalises mid-sentence."""
    return {t for t in shared if t in wanted.concepts or t in capitalised_name_stems(text)}


def proof_because(words: list[str], problem: Problem) -> str:
    """'shares “PHP”, “Python” and “Kubernetes”', with the words as the posting writes them."""
    text = " ".join(plain(e.text) for e in problem.evidence)
    shown = []
    for word in words[:6]:
        m = re.search(rf"\b{re.escape(word)}\b", text, re.I)
        shown.append(f"“{m.group(0) if m else word}”")
    return (
        "shares " + join_words(shown) + " with the posting"
        if shown
        else "match.evidence ties it to a requirement"
    )
