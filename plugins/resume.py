"""``resume.analyze``: what a resume says the candidate has done, as facts with citations.

The step reads a resume with :func:`prepflow_plugins.documents.load_document`
(Markdown, text, and whatever else that function reads, JSON Resume included)
and returns:

- ``roles``: title, organisation and dates of each job;
- ``achievements``: the bullets (and prose lines) under each job, with the
  metrics found in them (percentages, money, durations, counts);
- ``skills``, ``education`` and ``certifications``;
- ``signals`` derived from the dates: total years, tenure per role, gaps of
  more than six months, and changes of function or industry. A gap the resume
  explains in a "Career break" (or "Sabbatical", "Employment gap", ...) section
  carries that explanation, cited: such sections are never achievements.

Every item cites the lines it came from. Nothing is invented: a title,
organisation or date the resume does not state is ``null``, and a function or
industry is named only when a word of the role's own header shows it (the
word is given as ``evidence``). Open-ended roles ("2020–present") run to
``as_of``, the current month unless the plan sets it, and reported.
"""

from __future__ import annotations

from typing import Any

import prepflow

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": {
            "type": "string",
            "minLength": 1,
            "format": "path",
            "description": "The resume: Markdown, text, or what doc.load reads (PDF, DOCX, JSON Resume).",
        },
        "as_of": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
            "description": "The month that 'present' means (YYYY-MM); the current month by default.",
        },
    },
}

_SOURCE = {"type": "object", "description": "Where it is in the resume: {file, start, end[, page]}."}

OUTPUT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "source": {"type": "string", "description": "The resume file, as given."},
        "name": {
            "type": ["string", "null"],
            "description": "The candidate's name, if the resume starts with it.",
        },
        "roles": {"type": "array", "description": "Jobs: title, organisation, start, end, months, source."},
        "achievements": {
            "type": "array",
            "description": "Bullets with detected metrics, each citing its line.",
        },
        "skills": {"type": "array", "description": "Skills listed in the skills section: {name, source}."},
        "education": {"type": "array", "description": "Degrees: {text, degree, level, institution, year}."},
        "certifications": {"type": "array", "description": "Certifications and licences: {text, year}."},
        "signals": {"type": "object", "description": "Total years, tenure per role, gaps, changes."},
        "warnings": {
            "type": "array",
            "description": "Problems reading the resume (an unreadable PDF text layer) and what to do.",
        },
    },
}


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    from prepflow_plugins.analysis import resume  # the rules: imported only when the step runs

    return resume.analyze(ctx)


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="resume.analyze",
            run=run,
            summary="Read a resume into roles, achievements with metrics, skills, education and signals.",
            version="2",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
            description=__doc__ or "",
        )
    )
