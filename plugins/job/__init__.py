"""``job.analyze``: what a job posting asks for, and what the employer weighs most.

The posting is read with :func:`prepflow_plugins.documents.load_document` (text,
Markdown, HTML, PDF, DOCX or a URL), then analysed with rules only: no model,
no network, the same output for the same input.

1. **Sections.** Headings (and heading-like lines such as ``**Qualifications:**``
   or ``MINIMUM QUALIFICATIONS``) are classified: requirements (must), preferred
   (nice), responsibilities, evaluation, conditions of employment, benefits, pay,
   equal opportunity, how to apply, about the company, notes, summary.
2. **Lead-ins.** A line ending with ``:`` governs the list under it: "must include
   ALL of the following" keeps the section's priority, "THREE of the following"
   or "at least one of" makes the items alternatives (nice), "You will be scored
   on ... competencies" (federal category rating) makes them nice, "BASIC
   REQUIREMENTS" makes them must, "For each job on your resume, provide:" drops them.
3. **Items.** Bullets and sentences are split into one requirement each: numbered
   alternatives ("1. ... or 2. ..."), semicolon lists, "a degree and two years of
   ...", "... and experience with ...", "18 months of which must ...". Competency
   lines ("Attention to Detail - This skill is generally demonstrated ...") keep
   their name. Application instructions, benefits, pay, EEO statements, company
   boilerplate and conditions of employment (trial period, direct deposit, ...)
   are never requirements; conditions are listed apart.
4. **Priority.** From the section and lead-in, then the item's own words:
   "preferred", "a plus", "bonus", "nice to have", "desired" make it nice; "must",
   "required", "minimum" and licences make it must.
5. **Themes.** Phrases are weighted by where they appear (title, must, nice,
   duties), how often, and the years coupled to them; the top ones, with every
   place they come from, are the employer's hot buttons.

Every requirement, responsibility and theme cites its lines as
``{"file", "start", "end"}`` (plus ``"page"`` for PDFs).
"""

from __future__ import annotations

from typing import Any

from prepflow_plugins import step_type_hook
from prepflow_plugins.documents import DEFAULT_MAX_BYTES

# -- schema ---------------------------------------------------------------------

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


register_step_types = step_type_hook(
    __name__,
    "job.analyze",
    "4",
    "Analyse a job posting: role, requirements (must/nice), responsibilities and hot-button themes.",
    run="rules:analyze",
)
