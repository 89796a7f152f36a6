"""The rules behind ``focus.competencies``: its documentation, config and outputs are in
:mod:`prepflow_plugins.focus`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.text.leading import proves_leading
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.stopwords import LIGHT_STEMS
from prepflow_plugins.text.terms import extract
from prepflow_plugins.text.voice import asks_for_english, employer_talk

import prepflow

# Requirement kinds that are pass/fail conditions rather than competencies to talk through.
# Not competencies to drill into: conditions, credentials, and frames judged by the list after them.
NOT_COMPETENCIES = {"eligibility", "education", "licence", "license", "frame"}
# Evidence that names a skill without showing it used: a job title, a skills list entry.
NAMING_ONLY = {"role", "skill"}
ECHO_BONUS, ECHO_CAP, YEARS_BONUS = 0.5, 1.5, 0.5
TOP_THEMES = 5


METHOD = (
    "priority = employer weight × evidence strength; employer weight = 2 (must) or 1 (nice) "
    "+ 0.5 if years are asked + 0.5 per responsibility or top theme sharing a skill or two words "
    "with it (at most 1.5); "
    "evidence strength = the match score"
)


def _theme_text(theme: Any) -> str | None:
    if isinstance(theme, str):
        return theme
    if isinstance(theme, Mapping):
        for key in ("text", "theme", "phrase", "name", "label"):
            if isinstance(theme.get(key), str):
                return theme[key]
    return None


def _theme_sources(theme: Any) -> list[Mapping[str, Any]]:
    if not isinstance(theme, Mapping):
        return []
    sources = []
    for key in ("sources", "evidence", "source"):
        value = theme.get(key)
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, Mapping) and "file" in entry:
                sources.append(entry)
            elif isinstance(entry, Mapping) and isinstance(entry.get("source"), Mapping):
                sources.append(entry["source"])
    return sources


def _echoes(requirement: Mapping[str, Any], job: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The responsibilities and top themes of the posting that echo the requirement.

    Echoing means sharing terms of weight 2 or more: a named skill, or two words.
    """
    wanted = extract(requirement["requirement"])

    def echoes(text: str) -> bool:
        return wanted.weight(set(wanted.all) & set(extract(text).all)) >= 2

    found = []
    for responsibility in job.get("responsibilities") or []:
        text = responsibility.get("text") if isinstance(responsibility, Mapping) else responsibility
        if text and echoes(text):
            found.append({"text": text, "why": "a responsibility", "source": responsibility.get("source")})
    for rank, theme in enumerate((job.get("themes") or [])[:TOP_THEMES], start=1):
        text = _theme_text(theme)
        if text and echoes(text):
            sources = _theme_sources(theme)
            found.append(
                {
                    "text": text,
                    "why": f"theme #{rank} of the posting",
                    "source": sources[0] if sources else None,
                }
            )
    return found


def _talking_points(candidate: Mapping[str, Any], proof: list[Mapping[str, Any]]) -> list[str]:
    """Sentences made only of cited facts: the requirement, the achievements, their metrics."""
    points = []
    for item in proof:
        where = f" (as {item['role']})" if item.get("role") else ""
        numbers = [m["text"] for m in item.get("metrics") or []]
        lead = f" Lead with the number: {', '.join(numbers)}." if numbers else ""
        points.append(f"Tell the story of: {item['text'].rstrip('.')}{where}.{lead}")
    why = next((item.get("why") for item in proof if item.get("why")), None)
    if why:
        points.append(f"Tie it to their words, “{candidate['requirement']}”: {why}.")
    if candidate["status"] == "partial":
        points.append(
            "Expect the question: your resume shows only part of it; say plainly which part you have"
            " not done yet, and how you would close that gap."
        )
    if candidate.get("note") and "years" in candidate["note"]:
        points.append(f"On experience: it {candidate['note']}.")
    return points


#: A resume line about a thing, not about what the candidate did ("The application allows users to …").
_ABOUT_A_THING = re_compile(r"^\W*(?:the|this|these|those|it|its)\s", re.I)
#: "Product design: Develop clear …" -> "Product design": the label a posting gives a competency.
_LABELLED = re_compile(r"^(?P<term>[A-Z][\w&/'’ ,()-]{2,60}?)\s*(?::|\s[-–—]\s)\s*\S")
#: "Experience facilitating …", "Strong knowledge of …": words that say a line is asked for, not what.
_ASKED = re_compile(
    r"^(?:(?:demonstrated|proven|strong|solid|deep|excellent|good)\s+)?"
    r"(?:experience|knowledge|understanding|familiarity|ability|skills?|expertise|proficiency)\s+"
    r"(?:(?:in|with|of|to|at)\s+)?(?=\w)",
    re.I,
)
NAME_WORDS = 8  # a competency's name is a phrase, not the whole requirement line


def competency_name(requirement: str) -> str:
    """The competency's own phrase: its label, or the requirement without "Experience …", kept short."""
    text = re.sub(r"\s*\((?:e\.\s?g|i\.\s?e|such as|for example|including)\b[^)]*\)?", "", requirement)
    text = re.sub(r"\s+", " ", text).strip().rstrip(".")
    labelled = _LABELLED.match(text)
    if labelled and len(labelled.group("term").split()) <= 6:
        return labelled.group("term").strip()
    if len(text.split()) <= NAME_WORDS:
        return text
    rest = _ASKED.sub("", text, count=1)
    rest = re.split(r"(?<=[a-z0-9)])\.\s|;|\s[—–]\s", rest, maxsplit=1)[0].strip()
    words = rest.split()
    name = " ".join(words[: NAME_WORDS + 2]) + ("…" if len(words) > NAME_WORDS + 2 else "")
    return name[:1].upper() + name[1:]


def proves(requirement: str, evidence: Mapping[str, Any]) -> bool:
    """Whether a line of evidence is proof to drill with: not a school ("University of …" proves no
    communication skills), not a thing described ("The application allows users to …"), and, for a
    requirement to lead people, a line where the candidate led some."""
    text = str(evidence.get("text") or "")
    return (
        evidence.get("kind") != "education"
        and not _ABOUT_A_THING.match(text)
        and proves_leading(requirement, text)
        and not _light_only(evidence)
    )


def _light_only(evidence: Mapping[str, Any]) -> bool:
    """Whether a line shares only words every posting uses with what it is to prove: "Working on the
    development of the ChatGPT project" shares "development" and "project" with "workforce development
    practices (… workforce projections …)", and proves none of it."""
    terms = [str(t) for t in evidence.get("matched_terms") or []]
    words = [w for t in terms for w in re.findall(r"[A-Za-z]+", t.lower())]
    return bool(words) and all(stem(w) in LIGHT_STEMS for w in words)


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, matched = ctx.config["job"], ctx.config["match"]
    count = ctx.config.get("count", 3)
    if not isinstance(count, int) or count < 1:
        raise prepflow.StepError(f"count must be a whole number of at least 1, got {count!r}")

    candidates = []
    for order, req in enumerate(matched["requirements"]):
        if req.get("kind") in NOT_COMPETENCIES or not req.get("evidence") or req.get("status") == "gap":
            continue  # a gap's evidence is only its closest line: no proof to drill with
        if all(e.get("kind") in NAMING_ONLY for e in req["evidence"]):
            continue  # a title or a listed skill is not a story to prove it with
        asked = str(req.get("requirement") or "")
        if asks_for_english(asked) or employer_talk(asked, framing=True):
            continue  # "Proficient in English", "We are committed to …": no competency to drill
        echoes = _echoes(req, job)
        weight = (2.0 if req.get("priority", "must") == "must" else 1.0) + (
            YEARS_BONUS if req.get("years") else 0
        )
        weight += min(ECHO_BONUS * len(echoes), ECHO_CAP)
        strength = float(req.get("score") or 0)
        candidates.append((-(weight * strength), order, req, weight, strength, echoes))
    candidates.sort(key=lambda c: (c[0], c[1]))

    competencies: list[dict[str, Any]] = []
    shown: set[str] = set()  # achievements already used as proof, so each competency brings new stories
    for negative, _, req, weight, strength, echoes in candidates:
        if len(competencies) == count or negative == 0:
            break
        usable = [e for e in req["evidence"] if proves(str(req["requirement"]), e)]
        if not usable:
            continue  # only a school or a description proves it: no competency to drill
        achievements = [e for e in usable if e["kind"] == "achievement"]
        fresh = [e for e in achievements if e["text"] not in shown]
        if achievements and not fresh:
            continue  # every proof is already told under a higher competency
        proof = (fresh or usable)[:3]
        shown.update(e["text"] for e in proof)
        competencies.append(
            {
                "rank": len(competencies) + 1,
                "competency": competency_name(req["requirement"]),
                "priority": round(-negative, 2),
                "employer_weight": weight,
                "evidence_strength": strength,
                "status": req["status"],
                "why": [
                    {
                        "text": req["requirement"],
                        "why": f"a {'must-have' if req.get('priority', 'must') == 'must' else 'nice-to-have'}"
                        + (f" asking for {_years(req['years'])}" if req.get("years") else ""),
                        "source": req.get("source"),
                    },
                    *echoes,
                ],
                "proof": [
                    {k: e.get(k) for k in ("text", "kind", "role", "metrics", "matched_terms", "source")}
                    for e in proof
                ],
                "talking_points": _talking_points(req, proof),
            }
        )
    return {"competencies": competencies, "method": METHOD, "considered": len(candidates)}


def _years(years: float) -> str:
    return "1 year" if years == 1 else f"{years:g} years"
