"""``job.analyze``: what a job posting asks for, and what the employer weighs most.

The posting is read with :func:`prepflow_plugins.documents.load_document` (text,
Markdown, HTML, PDF, DOCX or a URL), then analysed with rules only: no model,
no network, the same output for the same input.

1. **Lines.** Wrapped lines are joined again (a line whose next word would not
   have fitted, or that stops on "the", "of", a comma), while a list written one
   item per line without marks stays one item per line.
2. **Sections.** Headings, and lines shaped like headings (bold or emphasised on
   their own, ALL CAPS, ending in ":" or " -", or short, capitalised and without a
   final period above a list), are classified: requirements (must), preferred
   (nice), responsibilities, physical demands, evaluation, conditions of
   employment, benefits, pay, equal opportunity, how to apply, about the company,
   notes, summary. ``data/postings.toml`` adds phrases for each role, and a
   workflow pack can add its trade's own (kind ``postings``).
3. **Lead-ins.** A line ending with ``:`` (or a sentence pointing at "the
   following" list) governs the list under it: "must include ALL of the
   following" and "Applicants are expected to have:" keep it must, "THREE of the
   following" or "at least one of" make the items alternatives (nice), "You will
   be scored on ... competencies" (federal category rating) makes them nice,
   "For each job on your resume, provide:" drops them. Beside a section of
   minimum qualifications, a "What we're looking for" section lists nice-to-haves.
4. **Items.** Bullets and sentences are split into one requirement each: numbered
   and lettered alternatives, semicolon lists ("A; B; or C" are alternatives),
   "a degree and two years of ...", "... and experience with ...". "Label.
   Sentence" items and competency lines keep their name and definition. Field
   lines state requirements too ("Degree: Nursing degree required", "Data
   Science: 2 years (Preferred)"). Application instructions, contact lines,
   benefits, pay, dates, EEO statements, pitch sentences, company boilerplate and
   conditions of employment are never requirements; conditions are listed apart.
   Duties written as prose ("This role includes monitoring ..., adding ...") are
   responsibilities.
5. **Priority.** From the section and lead-in, then the item's own words:
   "preferred", "a plus", "an asset", "ideally", "if possible" make it nice;
   "(X is a plus)" and ", with X preferred" add X as a nice-to-have and leave
   the item as it was; "must", "required" and licences make it must. Each
   requirement says ``why``: what set its priority (the section, the lead-in, its
   own sentence, words in the item, being an alternative, a field), the words,
   and their line.
6. **Title and company** come from the best source, named in ``from``: the page's
   JSON-LD, the front matter, a "Job title:" field, the first heading that is not a
   section name, the document's title, the first line.
7. **Themes.** Phrases are weighted by where they appear (title, must, nice,
   duties), how often, and the years coupled to them; the top ones, with every
   place they come from, are the employer's hot buttons.

Every requirement, responsibility and theme cites its lines as
``{"file", "start", "end"}`` (plus ``"page"`` for PDFs).
"""

from __future__ import annotations

from typing import Any

from prepflow_plugins.documents import DEFAULT_MAX_BYTES

import prepflow

# -- schema ---------------------------------------------------------------------

SOURCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["file", "start", "end"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string"},
        "start": {"type": "integer", "minimum": 1},
        "end": {"type": "integer", "minimum": 1},
        "page": {"type": "integer", "minimum": 1},
    },
}
_FIELD: dict[str, Any] = {
    "type": ["object", "null"],
    "required": ["text", "source"],
    "properties": {"text": {"type": "string"}, "source": SOURCE_SCHEMA},
}
#: Where the role's title or the company was read from.
_FROM = {
    "enum": ["jsonld", "front_matter", "field", "heading", "first_line", "document_title", "title", "text"],
    "description": "The source it was read from: the page's JSON-LD, the front matter, a labelled field "
    "('Job title:'), a heading, the first line, the document's or page's title, the role's title "
    "('Role @ Company'), or a sentence ('X is hiring').",
}
CATEGORIES = [
    "requirements",
    "preferred",
    "responsibilities",
    "evaluation",
    "conditions",
    "physical",
    "benefits",
    "pay",
    "eeo",
    "apply",
    "about",
    "notes",
    "summary",
    "details",
    "other",
]
KINDS = ["skill", "experience", "education", "licence", "eligibility", "trait"]

OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "source",
        "role",
        "company",
        "seniority",
        "location",
        "pay",
        "sections",
        "requirements",
        "responsibilities",
        "themes",
        "summary",
        "conditions",
    ],
    "properties": {
        "source": {"type": "string", "description": "The posting, as given."},
        "format": {
            "type": "string",
            "description": "What the posting was read as (markdown, html, pdf, ...).",
        },
        "role": {
            **_FIELD,
            "properties": {**_FIELD["properties"], "from": _FROM},
            "description": "The role's title.",
        },
        "company": {
            **_FIELD,
            "properties": {**_FIELD["properties"], "from": _FROM},
            "description": "The employer, if stated.",
        },
        "seniority": {
            "type": ["object", "null"],
            "required": ["level", "basis", "source"],
            "properties": {
                "level": {
                    "enum": ["intern", "entry", "mid", "senior", "lead", "manager", "director", "executive"]
                },
                "basis": {"type": "string", "description": "The words it was judged from."},
                "source": SOURCE_SCHEMA,
            },
            "description": "How senior the role is, from its title, grade or the years it asks for.",
        },
        "location": {
            **_FIELD,
            "properties": {**_FIELD["properties"], "remote": {"type": "boolean"}},
            "description": "Where the job is, if stated.",
        },
        "pay": {
            **_FIELD,
            "properties": {
                **_FIELD["properties"],
                "min": {"type": ["number", "null"]},
                "max": {"type": ["number", "null"]},
                "currency": {"type": ["string", "null"]},
                "period": {"enum": ["year", "month", "week", "day", "hour", None]},
            },
            "description": "The pay, if stated.",
        },
        "sections": {
            "type": "array",
            "description": "The posting's sections, each with what it was read as.",
            "items": {
                "type": "object",
                "required": ["title", "level", "category", "source"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "level": {"type": "integer"},
                    "category": {"enum": CATEGORIES},
                    "source": SOURCE_SCHEMA,
                },
            },
        },
        "requirements": {
            "type": "array",
            "description": "One requirement per item, must or nice, with its kind and any years asked.",
            "items": {
                "type": "object",
                "required": ["text", "priority", "kind", "years", "source"],
                "additionalProperties": False,
                "properties": {
                    "text": {"type": "string"},
                    "priority": {"enum": ["must", "nice"]},
                    "kind": {"enum": KINDS},
                    "years": {"type": ["number", "null"]},
                    "section": {"type": ["string", "null"], "description": "The heading it is under."},
                    "group": {"type": ["string", "null"], "description": "The lead-in it is listed under."},
                    "source": SOURCE_SCHEMA,
                    "why": {
                        "type": ["object", "null"],
                        "required": ["from", "cue", "line"],
                        "additionalProperties": False,
                        "description": "What made it must or nice, and the line that says so.",
                        "properties": {
                            "from": {
                                "enum": ["section", "lead_in", "sentence", "item", "alternative", "field"],
                                "description": "The heading it is under, the lead-in line above its list, "
                                "its own sentence's cue ('you must'), words in the item itself ('preferred', "
                                "'(X is a plus)'), being one of several alternatives, or a labelled field.",
                            },
                            "cue": {"type": ["string", "null"], "description": "The words that say so."},
                            "line": {"type": ["integer", "null"], "description": "The line they are on."},
                        },
                    },
                },
            },
        },
        "responsibilities": {
            "type": "array",
            "description": "The duties of the role.",
            "items": {
                "type": "object",
                "required": ["text", "source"],
                "additionalProperties": False,
                "properties": {"text": {"type": "string"}, "source": SOURCE_SCHEMA},
            },
        },
        "themes": {
            "type": "array",
            "description": "The employer's hot buttons, highest weight first.",
            "items": {
                "type": "object",
                "required": ["phrase", "weight", "mentions", "must", "nice", "years", "evidence"],
                "additionalProperties": False,
                "properties": {
                    "phrase": {"type": "string"},
                    "weight": {"type": "number"},
                    "mentions": {"type": "integer", "description": "Items (lines) that mention it."},
                    "must": {"type": "integer", "description": "Must-have requirements that mention it."},
                    "nice": {"type": "integer", "description": "Nice-to-have requirements that mention it."},
                    "years": {"type": ["number", "null"], "description": "Most years asked with it."},
                    "evidence": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["text", "where", "source"],
                            "additionalProperties": False,
                            "properties": {
                                "text": {"type": "string"},
                                "where": {"type": "string"},
                                "source": SOURCE_SCHEMA,
                            },
                        },
                    },
                },
            },
        },
        "summary": {
            "type": "array",
            "description": "The sentences of the posting's introduction and 'about the role' sections.",
            "items": {
                "type": "object",
                "required": ["text", "source"],
                "additionalProperties": False,
                "properties": {"text": {"type": "string"}, "source": SOURCE_SCHEMA},
            },
        },
        "conditions": {
            "type": "array",
            "description": "Conditions of employment that are not requirements (trial period, direct deposit, ...).",  # noqa: E501
            "items": {
                "type": "object",
                "required": ["text", "source"],
                "additionalProperties": False,
                "properties": {"text": {"type": "string"}, "source": SOURCE_SCHEMA},
            },
        },
    },
}

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": {
            "type": "string",
            "minLength": 1,
            "format": "path",
            "description": "The job posting: a text, Markdown, HTML, PDF or DOCX file, or an http(s) URL.",
        },
        "max_bytes": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_BYTES,
            "description": "Refuse postings larger than this many bytes.",
        },
        "themes": {"type": "integer", "minimum": 0, "default": 10, "description": "How many themes to rank."},
    },
}


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    from prepflow_plugins.analysis import job  # the rules: imported only when the step runs

    return job.analyze(ctx)


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="job.analyze",
            run=run,
            summary="Analyse a job posting: role, requirements (must/nice), responsibilities and hot-button themes.",  # noqa: E501
            version="5",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
            description=__doc__ or "",
        )
    )
