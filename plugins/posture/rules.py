"""The rules behind ``posture.check``: its documentation, config and outputs are in
:mod:`prepflow_plugins.posture`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.posture import DIMENSIONS
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.quotes import close_open, nest
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

INPUTS = ("questions", "ideas", "objections", "focus", "stories", "research")
CLOSING_CATEGORIES = ("decision", "closing", "close", "next steps", "objection")
CLOSING_WORDS = re_compile(r"\b(pause|concern|hesita|reservation|gap|doubt|objection)", re.I)
IDEAL_QUESTIONS, IDEAL_CATEGORIES, IDEAL_PROBLEMS, IDEAL_STORIES, MAX_FOCUS = 8, 5, 3, 3, 5


class _Fill(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **values: Any) -> str:
    text = string.Formatter().vformat(template, (), _Fill(values))
    return nest(text.replace("….", "…").replace("”.”", "”"))


def items(section: Any, key: str) -> list[Mapping[str, Any]]:
    """``section[key]`` as a list of mappings, whatever the other step wrote."""
    if not isinstance(section, Mapping):
        return []
    value = section.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def text_of(value: Any, *keys: str) -> str:
    """A readable string from a value another step wrote: a string, a list's first, or a mapping's key."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((t for t in (text_of(v, *keys) for v in value) if t), "")
    if isinstance(value, Mapping):
        for key in (*keys, "text", "summary", "title", "name", "approach"):
            if key in value and text_of(value[key]):
                return text_of(value[key])
    return ""


def short(text: str, words: int = 14) -> str:
    parts = " ".join(text.split()).rstrip(".").split()
    if len(parts) <= words:
        return " ".join(parts)
    return close_open(" ".join(parts[:words]).rstrip(",;:‘“") + "…")


def read_answer(answer: str, cues: Mapping[str, list[str]]) -> tuple[str, int]:
    """The habit an answer shows: ("proactive", 100), ("passive", 0) or ("mixed", 50).

    ``cues``: the ``[answers]`` table, words that show a passive or a proactive habit.
    """
    low = f" {answer.lower()} "

    def count(words: list[str]) -> int:
        return sum(bool(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low)) for w in words)

    passive, proactive = count(cues["passive"]), count(cues["proactive"])
    if re.search(r"\b(don't|do not|never|rarely|seldom)\b", low):
        passive, proactive = passive + proactive, 0  # "I don't ask questions": the cue is negated
    if passive > proactive:
        return "passive", 0
    if proactive > passive:
        return "proactive", 100
    return "mixed", 50


def closing_question(questions: list[Mapping[str, Any]]) -> tuple[int, Mapping[str, Any]] | None:
    for n, q in enumerate(questions, start=1):
        category = str(q.get("category") or "").lower()
        if any(c in category for c in CLOSING_CATEGORIES) and CLOSING_WORDS.search(str(q.get("text") or "")):
            return n, q
    return None


# ---------------------------------------------------------------------------
# The five dimensions: (score 0-100 from the plan, finding, advice)
# ---------------------------------------------------------------------------


def _order(question: Mapping[str, Any]) -> int:
    """Where a question comes in the plan: its ``order``, or after all the numbered ones."""
    order = question.get("order")
    return order if isinstance(order, int) else 10**6


def grounded(item: Mapping[str, Any]) -> bool:
    """Whether an item cites a line of the posting, the company pages or the resume."""
    cites = item.get("cites")
    return not isinstance(cites, list) or bool(cites)  # a step that writes no cites is taken at its word


def anchor(problem: Mapping[str, Any], words: int) -> str:
    """The posting's own line a problem answers (its first citation), quoted rather than reworded."""
    cites = items(problem, "cites")
    quote = text_of(cites[0].get("quote")) if cites else ""
    return short(quote or text_of(problem.get("problem"), "text"), words)


def proved(problem: Mapping[str, Any]) -> bool:
    """Whether a problem's idea is backed by an achievement of the candidate's."""
    idea = problem.get("idea")
    return isinstance(idea, Mapping) and bool(idea.get("proof"))


def _none(cfg: Mapping[str, Any], key: str, data: Mapping[str, Any]) -> tuple[str, str]:
    """What to say when a dimension has nothing: "add the step" only when the plan lacks it."""
    if isinstance(cfg.get(key), Mapping) and data.get("advice_ran_none"):
        return data.get("found_ran_none") or data["found_none"], data["advice_ran_none"]
    return data["found_none"], data["advice_none"]


def agenda(cfg: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[float, str, str]:
    questions = sorted(
        items(cfg.get("questions"), "questions"),
        key=_order,
    )
    if not questions:
        return 0, data["found_none"], data["advice_none"]
    categories = {str(q.get("category")) for q in questions if q.get("category")}
    closing = closing_question(questions)
    cited = [q for q in questions if grounded(q)]  # a question on no line of theirs is small talk
    score = 50 * min(len(cited) / IDEAL_QUESTIONS, 1) + 25 * min(len(categories) / IDEAL_CATEGORIES, 1)
    score += 25 if closing else 0
    found = fill(
        data["found"],
        count=len(questions),
        categories=len(categories),
        closing=fill(data["closing_yes"], n=closing[0]) if closing else data["closing_no"],
    )
    if not closing:
        return score, found, data["advice_closing"]
    first = questions[0]
    listen = text_of(first.get("listen_for")) or "what they stress most"
    if listen[:1].isupper() and not listen[1:2].isupper():
        listen = listen[0].lower() + listen[1:]  # it continues a sentence
    advice = fill(
        data["advice"], n=1, text=short(text_of(first.get("text")), 30), listen_for=short(listen, 16)
    )
    return score, found, advice


def _stories(cfg: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    stories = items(cfg.get("stories"), "stories")
    # a story "has a number" when its result (or, lacking one, its text) holds a figure
    numbered = [s for s in stories if re.search(r"\d", text_of(s.get("result")) or text_of(s.get("text")))]
    return stories, numbered


def energy(cfg: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[float, str, str]:
    problems = [p for p in items(cfg.get("ideas"), "problems") if p.get("idea")]
    stories, numbered = _stories(cfg)
    proof = [p for c in items(cfg.get("focus"), "competencies") for p in items(c, "proof")]
    with_numbers = [p for p in proof if p.get("metrics")]
    # a work sample counts in full when an achievement of yours backs it
    shown = sum(1.0 if proved(p) else 0.5 for p in problems) / len(problems) if problems else 0.0
    score = 40 * shown + 30 * min(len(stories) / IDEAL_STORIES, 1)
    score += 30 * (len(numbered) / len(stories)) if stories else 20 * bool(with_numbers)
    if not (problems or stories or proof):
        ran = all(isinstance(cfg.get(key), Mapping) for key in ("ideas", "stories"))
        if ran and data.get("advice_ran_none"):  # the steps ran and found nothing: "add them" is wrong
            return 0, data.get("found_ran_none") or data["found_none"], data["advice_ran_none"]
        return 0, data["found_none"], data["advice_none"]
    found = fill(data["found"], ideas=len(problems), stories=len(stories), numbered=len(numbered))
    if not (problems or stories):
        found = fill(data["found_proof"], count=len(proof), numbered=len(with_numbers))
    if problems:
        n = 2 if len(problems) >= 2 else 1  # idea #1 is raised under "ideas"; show another here
        advice = fill(data["advice_idea"], n=n, problem=anchor(problems[n - 1], 12))
    elif stories:
        story = next((s for s in stories if s.get("missing")), stories[0])
        missing = text_of(story.get("missing"), "what", "field") or "nothing"
        advice = fill(data["advice_story"], title=short(text_of(story.get("title")), 12), missing=missing)
    else:
        best = (with_numbers or proof)[0]
        metrics = ", ".join(m.get("text", "") for m in best.get("metrics") or [] if isinstance(m, Mapping))
        advice = fill(
            data["advice_proof"],
            text=short(text_of(best.get("text")), 16),
            metrics=f", leading with {metrics}" if metrics else "",
        )
    return score, found, advice


def ideas(cfg: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[float, str, str]:
    problems = [p for p in items(cfg.get("ideas"), "problems") if p.get("problem")]
    section = cfg.get("ideas")
    plan = section.get("plan_30_60_90") if isinstance(section, Mapping) else None
    has_plan = bool(plan)
    if not problems:
        return 40 * has_plan, *_none(cfg, "ideas", data)
    backed = [p for p in problems if proved(p) and grounded(p)]
    # an idea with no achievement behind it is half an idea: they will ask what you have done like it
    share = (len(backed) + 0.5 * (len(problems) - len(backed))) / len(problems)
    score = 60 * min(len(problems) / IDEAL_PROBLEMS, 1) * share + 40 * has_plan
    found = fill(
        data["found"],
        count=len(problems),
        backed=len(backed),
        plan=data["plan_yes"] if has_plan else data["plan_no"],
    )
    if not has_plan:
        return score, found, data["advice_plan"]
    advice = fill(data["advice"], n=1, problem=anchor(problems[0], 16))
    return score, found, advice


def focus(cfg: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[float, str, str]:
    competencies = items(cfg.get("focus"), "competencies")
    if not competencies:
        return 0, *_none(cfg, "focus", data)
    names = [short(text_of(c.get("competency"), "text"), 10) for c in competencies]
    listed = "; ".join(f"“{n}”" for n in names)
    if len(competencies) > MAX_FOCUS:
        top = "; ".join(f"“{n}”" for n in names[:3])
        return (
            40,
            fill(data["found_many"], count=len(names), competencies=listed),
            fill(data["advice_many"], competencies=top),
        )
    proved = [c for c in competencies if items(c, "proof")]
    score = 60 + 40 * len(proved) / len(competencies)
    found = fill(data["found"], count=len(names), competencies=listed)
    proof = items(proved[0], "proof")[0] if proved else {}
    advice = fill(
        data["advice"],
        competencies=listed,
        proof=short(text_of(proof.get("text")), 16) if proof else "an achievement of yours (none found yet)",
    )
    return score, found, advice


def objections(cfg: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[float, str, str]:
    objs = items(cfg.get("objections"), "objections")
    closing = closing_question(items(cfg.get("questions"), "questions"))
    if not objs:
        return 30 * bool(closing), data["found_none"], data["advice_none"]
    high = [o for o in objs if isinstance(o.get("risk"), Mapping) and o["risk"].get("level") == "high"]
    answered = [
        o for o in objs if isinstance(o.get("response"), Mapping) and items(o["response"], "evidence")
    ]
    score = 40 + 30 * len(answered) / len(objs) + 30 * bool(closing)
    found = fill(data["found"], count=len(objs), high=len(high), answered=len(answered))
    advice = fill(data["advice"], phrasing=text_of(objs[0].get("phrasing")))
    return score, found, advice


CHECKS = {"agenda": agenda, "energy": energy, "ideas": ideas, "focus": focus, "objections": objections}


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    cfg = ctx.config
    for name in INPUTS:
        if name in cfg and not isinstance(cfg[name], Mapping):
            raise prepflow.StepError(f"{name}: expected the outputs of a step (a table), got {cfg[name]!r}")
    answers = cfg.get("answers") or {}
    data = load_data("posture", ctx)  # prepflow's data/posture.toml, extended by the plan's packs
    texts = {d["name"]: d for d in data["dimensions"]}
    dimensions = []
    for name in DIMENSIONS:
        dim = texts[name]
        score, finding, advice = CHECKS[name](cfg, dim)
        answer = answers.get(name)
        if isinstance(answer, str) and answer.strip():
            reading, points = read_answer(answer, data["answers"])
            score = (score + points) / 2
            finding += fill(data["answers"]["found"], answer=answer.strip(), reading=f"reads as {reading}")
        dimensions.append(
            {
                "name": name,
                "passive": dim["passive"],
                "proactive": dim["proactive"],
                "score": round(score),
                "finding": finding,
                "advice": advice,
            }
        )
    total = round(sum(d["score"] for d in dimensions) / len(dimensions))
    levels = data["levels"]
    level = (
        "proactive" if total >= levels["proactive"] else "mixed" if total >= levels["mixed"] else "passive"
    )
    lowest = min(d["score"] for d in dimensions)
    if level == "proactive" and lowest < levels["weakest"]:
        level = "mixed"  # one habit left passive: the plan is not proactive, however good the rest
        total = min(total, levels["proactive"] - 1)
    weakest = sorted(range(len(dimensions)), key=lambda i: (dimensions[i]["score"], i))
    return {
        "score": total,
        "level": level,
        "dimensions": dimensions,
        "advice": [dimensions[i]["advice"] for i in weakest[:3]],
    }
