"""The rules behind ``ideas.problem_solving``: its documentation, config and outputs are in
:mod:`prepflow_plugins.ideas`, the plugin module, which imports this one only when the step runs.

The ideas themselves are split by idea into the modules beside this one: model (the records),
evidence (what the material says, weighed and ranked), phrases (the posting's words quoted),
kinds (the kind of work a duty names), systems and objects (what a duty names), problems (which
duties anchor a problem), support (a figure the material adds, or abstaining), templates (the
kinds' phrasing patterns filled), proof (the achievement that proves it) and first_days (the
30-60-90 plan). This one runs them over a posting and keeps one idea per problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.ideas.evidence import cites_of, collect_evidence, why_of
from prepflow_plugins.ideas.first_days import plan_30_60_90
from prepflow_plugins.ideas.kinds import classify
from prepflow_plugins.ideas.model import Evidence, Kind, Problem
from prepflow_plugins.ideas.objects import fill_slots
from prepflow_plugins.ideas.phrases import join_words
from prepflow_plugins.ideas.problems import infer_problems
from prepflow_plugins.ideas.proof import best_proof, proof_because, role_label, usable_achievements
from prepflow_plugins.ideas.support import add_support, specific
from prepflow_plugins.ideas.templates import first_filled, first_steps, template
from prepflow_plugins.prepdata import load_data

import prepflow

#: How many problems by default: fewer, stronger ideas beat padding.
DEFAULT_COUNT = 3


def _same_system(a: Problem, b: Problem) -> bool:
    """Two problems of one kind on the same system, one name inside the other ("SQL database" and
    "DIF SQL database")."""
    one, two = (str(p.slots.get("system") or "").lower() for p in (a, b))
    if a.kind != b.kind or not one or not two:
        return False
    return bool(re.search(rf"(?<!\w){re.escape(one)}$", two) or re.search(rf"(?<!\w){re.escape(two)}$", one))


def _idea_key(data: Mapping[str, Any], problem: Problem) -> str:
    """The idea's approach without the duty it quotes: two problems with the same key say the same thing."""
    approach = first_filled(template(data, problem.kind, "approach"), problem.slots) or ""
    return approach.replace(problem.slots.get("quote", ""), "")


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, resume, match = ctx.config["job"], ctx.config["resume"], ctx.config["match"]
    count = ctx.config.get("count", DEFAULT_COUNT)
    if not isinstance(count, int) or not 3 <= count <= 5:
        raise prepflow.StepError(f"count must be a whole number from 3 to 5, got {count!r}")
    if not any(job.get(key) for key in ("responsibilities", "requirements", "summary")):
        raise prepflow.StepError(
            "job: no duties, summary or requirements to infer the employer's problems from; "
            "pass the outputs of job.analyze"
        )
    data = load_data("ideas", ctx)  # prepflow's ideas.toml, extended by the plan's packs
    citer = Citer(ctx)
    items = collect_evidence(data, job, ctx.config.get("research"))
    problems = infer_problems(data, items, count)
    notes = []
    if len(problems) < count:
        notes.append(
            data["notes"]["few_duties"].format(found=len(problems))
            if problems
            else data["notes"]["no_duties"]
        )
    achievements = usable_achievements(resume)

    def of_kind(kind: Kind) -> Callable[[str], bool]:
        """Whether an achievement does the problem's kind of work: it has one of the kind's keywords.

        A broad kind (``broad = true``: "build", "develop", "manage" are everyone's work) never
        makes an achievement proof on its own: it must share a concept or a name with the duty.
        """
        only = [kind]
        stakeholders = data["stakeholders"]
        if kind.templates.get("broad"):
            return lambda text: False
        return lambda text: classify(Evidence(text, "proof", 0.0), only, stakeholders)[0] == kind.name

    heads = {h.lower() for h in data["system_heads"]}
    kept: list[Problem] = []
    abstained: list[str] = []
    for problem in problems:
        if len(kept) >= count:
            break
        problem.slots = fill_slots(problem, data, heads)
        add_support(problem, data)
        if specific(problem):
            said = _idea_key(data, problem)
            if said and any(_idea_key(data, k) == said for k in kept):
                continue  # a second duty of the same kind that would get the same idea again
            if any(_same_system(problem, k) for k in kept):
                continue  # "the SQL database" after "the DIF SQL database": the same work twice
            kept.append(problem)
        elif len(abstained) < count:
            abstained.append(problem.slots["quote"])
    problems = kept
    if len(abstained) > 1 and "abstain_many" in data["notes"]:  # one note, not the same sentence thrice
        quotes = join_words([f"“{q}”" for q in abstained])
        notes.append(data["notes"]["abstain_many"].format(quotes=quotes))
    else:
        notes.extend(data["notes"]["abstain"].format(quote=q) for q in abstained)
    used: dict[str, int] = {}
    out_problems = []
    for n, problem in enumerate(problems, start=1):
        slots = problem.slots
        kind = problem.kind

        def t(key: str, kind: Kind = kind) -> Any:
            return template(data, kind, key)

        proof = None
        note = None
        found = best_proof(
            problem, achievements, match, used, agrees=of_kind(kind), people=data["stakeholders"]
        )
        if found is not None:
            achievement, words = found
            used[achievement["text"]] = used.get(achievement["text"], 0) + 1
            proof = {
                "text": achievement["text"],
                "role": role_label(resume, achievement.get("role")),
                "because": proof_because(words, problem),
                "cites": citer.cites([(achievement.get("source"), achievement["text"])]),
            }
            if not proof["cites"]:
                proof = None
        if proof is None:
            note = data["notes"]["no_proof"].format(quote=slots["quote"])
        out_problems.append(
            {
                "id": f"problem-{n}",
                "kind": problem.kind.name,
                "problem": first_filled(t("problem"), slots)
                or first_filled(data["general"]["problem"], slots)
                or slots["quote"],
                "why": why_of(data, problem),
                "cites": cites_of(citer, problem.evidence),
                "idea": {
                    "approach": first_filled(t("approach"), slots) or "",
                    "first_steps": first_steps(data, t("first_steps"), slots),
                    "measure": [s for alt in t("measure") if (s := first_filled(alt, slots))],
                    "risks": [s for alt in t("risks") if (s := first_filled(alt, slots))],
                    "proof": proof,
                    "proof_note": note,
                },
            }
        )
    return {
        "problems": out_problems,
        "plan_30_60_90": plan_30_60_90(data, citer, problems, items),
        "notes": notes,
    }
