"""``doc.load``: read a text or Markdown document, line by line, for later steps to cite.

Every line keeps its line number in the source file, so any item a later step
derives from it can say exactly where it came from.
"""

from __future__ import annotations

from typing import Any

import prepflow

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": {"type": "string", "minLength": 1, "format": "path", "description": "The file to read."},
    },
}

OUTPUT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "source": {"type": "string", "description": "The file, as given."},
        "text": {"type": "string", "description": "The whole text, with normalised line endings."},
        "lines": {
            "type": "array",
            "description": "Non-blank lines as {line, text}, line numbers from 1.",
            "items": {"type": "object"},
        },
    },
}


def load(ctx: prepflow.StepContext) -> dict[str, Any]:
    source = ctx.config["source"]
    text = ctx.read_text(source).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise prepflow.StepError(f"{source}: the file is empty; paste the document into it")
    lines = [
        {"line": number, "text": " ".join(raw.split())}
        for number, raw in enumerate(text.split("\n"), start=1)
        if raw.strip()
    ]
    return {"source": source, "text": text, "lines": lines}


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="doc.load",
            run=load,
            summary="Read a text or Markdown document, keeping every line's number.",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
        )
    )
