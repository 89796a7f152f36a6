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

from prepflow_plugins import step_type_hook

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


register_step_types = step_type_hook(
    __name__,
    "resume.analyze",
    "2",
    "Read a resume into roles, achievements with metrics, skills, education and signals.",
    run="rules:analyze",
)
