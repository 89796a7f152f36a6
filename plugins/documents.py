"""Documents: read what a candidate has, keeping every line's place in its source.

``load_document(ctx, source)`` is the library function the other first-party
steps call; ``doc.load`` is the same thing as a step. A document is JSON data:

    {"source": "inputs/job.md",          # the file, as given
     "format": "markdown",               # markdown | text | ...
     "title": "Senior Backend Engineer", # the first heading, if any
     "lines": [{"text": "...", "line": 12}, ...]}   # non-blank lines, 1-based

Every item a later step derives from a document cites it with a *source*:
``{"file": "inputs/job.md", "start": 12, "end": 13}`` (inclusive line numbers
in the original file; documents paged like PDFs add ``"page"``).
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
        "format": {"type": "string", "description": "What it was read as: markdown or text."},
        "title": {"type": ["string", "null"], "description": "The first heading, if any."},
        "lines": {
            "type": "array",
            "description": "Non-blank lines as {text, line}, line numbers from 1.",
            "items": {"type": "object"},
        },
    },
}


def load_document(ctx: prepflow.StepContext, source: str) -> dict[str, Any]:
    """Read ``source`` (recorded for the cache) into a document."""
    text = ctx.read_text(source).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise prepflow.StepError(f"{source}: the file is empty; paste the document into it")
    lines = [
        {"text": " ".join(raw.split()), "line": number}
        for number, raw in enumerate(text.split("\n"), start=1)
        if raw.strip()
    ]
    is_markdown = source.lower().endswith((".md", ".markdown"))
    title = next((item["text"].lstrip("# ") for item in lines if item["text"].startswith("#")), None)
    return {
        "source": source,
        "format": "markdown" if is_markdown else "text",
        "title": title,
        "lines": lines,
    }


def load(ctx: prepflow.StepContext) -> dict[str, Any]:
    return load_document(ctx, ctx.config["source"])


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="doc.load",
            run=load,
            summary="Read a document, keeping every line's number for citations.",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
        )
    )
