"""``acme.elevator_pitch``: a 30-second pitch built only from the plan's cited facts.

Acme coaches candidates to open with the employer's top hot button, prove the
two strongest competencies with their own achievements, bridge back to the
role and end with a question. Every sentence cites where its words came from
(the posting or the resume line), and the wording lives in the pack's data
(``data/pitch.toml``, ``data/questions.toml``), read through ``ctx.data`` so
other packs can change it and the step reruns when it changes.
"""

from __future__ import annotations

from typing import Any

import prepflow

CONFIG = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job", "focus"],
    "properties": {
        "job": {"type": "object", "description": 'The outputs of job.analyze: "${steps.job.outputs}".'},
        "focus": {
            "type": "object",
            "description": 'The outputs of focus.competencies: "${steps.focus.outputs}".',
        },
        "proofs": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3,
            "default": 2,
            "description": "How many achievements to cite.",
        },
    },
}

OUTPUTS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "pitch": {
            "type": "array",
            "description": "The pitch, sentence by sentence: part (hook, proof, bridge), text and cites.",
        },
        "ask": {"type": ["object", "null"], "description": "The question to end on: id, text, listen_for."},
        "text": {"type": "string", "description": "The whole pitch as one paragraph."},
        "seconds": {"type": "number", "description": "About how long it takes to say."},
    },
}

PITCH_DATA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "replace": {"type": "boolean"},
        "pitch": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "hook": {"type": "string", "description": "Their hot button: {theme}."},
                "proof": {"type": "string", "description": "Your proof: {role}, {achievement}."},
                "proof_no_role": {"type": "string", "description": "The proof when the role is unknown."},
                "bridge": {"type": "string", "description": "What it means for them: {competency}."},
                "ask": {"type": "string", "description": "The id of a question template to end on."},
                "words_per_second": {"type": "number", "exclusiveMinimum": 0},
            },
        },
    },
}


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def elevator_pitch(ctx: prepflow.StepContext) -> dict[str, Any]:
    words = ctx.data("pitch").get("pitch", {})
    if not words:
        raise prepflow.StepError("no pitch wording: is the acme-coaching pack pinned in the plan's packs?")
    job, focus = ctx.config["job"], ctx.config["focus"]
    pitch: list[dict[str, Any]] = []
    themes = job.get("themes") or []
    if themes:
        theme = themes[0]
        cites = [e["source"] for e in theme.get("evidence", [])[:1] if e.get("source")]
        pitch.append({"part": "hook", "text": words["hook"].format(theme=theme["phrase"]), "cites": cites})
    competencies = focus.get("competencies") or []
    for competency in competencies[: ctx.config.get("proofs", 2)]:
        proof = next((p for p in competency.get("proof", []) if p.get("kind") == "achievement"), None)
        if proof is None:
            continue
        template = words["proof"] if proof.get("role") else words["proof_no_role"]
        text = template.format(role=proof.get("role"), achievement=_lower_first(proof["text"]))
        pitch.append({"part": "proof", "text": text, "cites": [proof["source"]]})
    if competencies:
        top = competencies[0]
        cites = [w["source"] for w in top.get("why", [])[:1] if w.get("source")]
        text = words["bridge"].format(competency=_lower_first(top["competency"]))
        pitch.append({"part": "bridge", "text": text, "cites": cites})
    if not pitch:
        raise prepflow.StepError("nothing to pitch: the job has no themes and focus found no competencies")
    # the question to end on: one of the question templates (prepflow's bank merged with ours)
    bank = ctx.data("questions").get("templates", [])
    ask = next((q for q in bank if isinstance(q, dict) and q.get("id") == words.get("ask")), None)
    text = " ".join(p["text"] for p in pitch)
    if ask is not None:
        question = ask["text"].replace("{intro}", "").strip()
        ask = {"id": ask["id"], "text": question, "listen_for": ask.get("listen_for", "")}
        text += " " + question
    rate = float(words.get("words_per_second", 2.5))
    return {"pitch": pitch, "ask": ask, "text": text, "seconds": round(len(text.split()) / rate, 1)}


@prepflow.hookimpl
def register_data_kinds(register):
    # the schema of one pack file of kind "pitch": prepflow checks every pack's pitch files against it
    register(prepflow.DataKind("pitch", PITCH_DATA, "The building blocks of acme.elevator_pitch."))


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="acme.elevator_pitch",
            run=elevator_pitch,
            summary="Acme's 30-second pitch: their hot button, your proof, a bridge, a question; all cited.",
            version="1",
            config_schema=CONFIG,
            output_schema=OUTPUTS,
        )
    )
