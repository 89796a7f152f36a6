"""``company.research``: a profile of the employer, built from the material you saved about it.

Do your homework on the interviewer's hot buttons before you walk in. This step
reads the company material named in the plan (saved pages, notes, URLs; any
format :func:`prepflow_plugins.documents.load_document` reads) and, when given,
the outputs of ``job.analyze``::

    [steps.research]
    uses = "company.research"
    with.sources = ["inputs/company/about.md", "inputs/company/news.md"]
    with.job = "${steps.job.outputs}"

It reports, each item citing the lines it came from:

- **mission**, **values**, **products** (and services), **initiatives** (news,
  with the date when the line states one, newest first) and **culture** signals.
  A sentence is sorted by its own words first ("Our mission: ...", "launched in
  March 2025"), then by the heading or lead-in it sits under ("## Our values",
  "How we work"). The cue words are data, in ``data/research.toml``.
- **themes**: the employer's hot buttons. Phrases (runs of one to three content
  words, compared by stem) are counted in every source; the posting's own
  themes keep their ``job.analyze`` weight. ::

      weight = (posting weight + company mentions) × (1 + 0.5 × (sources − 1)) × (1 + 0.5 × (words − 1))
      (sources counted up to 4, words up to 3)

  where *posting weight* is the job theme's weight, or its best three mentions
  in the posting (2 in requirements, 1.5 in duties, 1 elsewhere), *company
  mentions* count at most 2 per page, and *sources* is how many files say it. Something
  both the posting and the company's own pages keep saying is what they care
  about. Proper names (the employer's, places) are not themes; named skills are.
- **homework**: what neither the posting nor the pages answer (team size, why
  the role is open, how success is measured, the decision process, ...): a
  topic is listed only when none of its ``answered_if`` patterns matches any
  line read. Each cites the line that makes it worth asking, when there is one.

Citations are ``{"file", "start", "end", "quote"}`` (plus ``"page"`` for PDFs),
where ``quote`` is words that really are in those lines.
"""

from __future__ import annotations

from typing import Any

from prepflow_plugins.prepdata import data_kind

import prepflow

CATEGORIES = ("mission", "values", "products", "initiatives", "culture")

# -- schema ---------------------------------------------------------------------

CITATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["file", "start", "end", "quote"],
    "properties": {
        "file": {"type": "string"},
        "start": {"type": "integer", "minimum": 1},
        "end": {"type": "integer", "minimum": 1},
        "page": {"type": "integer", "minimum": 1},
        "quote": {"type": "string", "minLength": 1},
    },
}


def _items(description: str, dated: bool = False) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "string"},
        "text": {"type": "string"},
        "cites": {"type": "array", "minItems": 1, "items": CITATION_SCHEMA},
    }
    if dated:
        properties["date"] = {"type": "string", "description": "YYYY, YYYY-MM or YYYY-Qn, as stated."}
    return {
        "type": "array",
        "description": description,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "text", "cites"],
            "properties": properties,
        },
    }


CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sources"],
    "properties": {
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1, "format": "path"},
            "description": "Company material: saved pages, notes (any format doc.load reads) or URLs.",
        },
        "job": {
            "type": "object",
            "description": 'The outputs of job.analyze: "${steps.job.outputs}" (optional).',
        },
    },
}

OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [*CATEGORIES, "themes", "homework", "method"],
    "properties": {
        "mission": _items("Mission and purpose statements."),
        "values": _items("Stated values and principles."),
        "products": _items("Products and services."),
        "initiatives": _items("Recent initiatives and news, newest first, dated where stated.", dated=True),
        "culture": _items("Culture signals: how people work, grow and are treated."),
        "themes": {
            "type": "array",
            "description": "The employer's hot buttons, weighted across the posting and the company pages.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["phrase", "weight", "sources_count", "cites"],
                "properties": {
                    "phrase": {"type": "string"},
                    "weight": {"type": "number"},
                    "sources_count": {"type": "integer", "minimum": 1},
                    "cites": {"type": "array", "minItems": 1, "items": CITATION_SCHEMA},
                },
            },
        },
        "homework": {
            "type": "array",
            "description": "What the material does not answer and the candidate should find out.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "question", "why", "cites"],
                "properties": {
                    "id": {"type": "string"},
                    "question": {"type": "string"},
                    "why": {"type": "string"},
                    "cites": {"type": "array", "items": CITATION_SCHEMA},
                },
            },
        },
        "method": {"type": "string", "description": "How themes were weighted."},
    },
}


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    from prepflow_plugins.prep import research  # the rules: imported only when the step runs

    return research.run(ctx)


@prepflow.hookimpl
def register_step_types(register: Any) -> None:
    register(
        prepflow.StepType(
            name="company.research",
            run=run,
            summary="Profile the employer from saved pages: mission, values, products, news, culture, "
            "hot buttons, and homework.",
            version="1",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
            description=__doc__ or "",
        )
    )


@prepflow.hookimpl
def register_data_kinds(register: Any) -> None:
    register(data_kind("research", "Cues for each part of the company profile, and the homework questions."))
