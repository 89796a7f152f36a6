"""``resume.analyze``: what a resume says the candidate has done, as facts with citations.

The step reads a resume with :func:`prepflow_plugins.documents.load_document`
(Markdown, text, PDF, DOCX, JSON Resume, FRESH, RenderCV YAML) and returns:

- ``roles``: title, organisation, location and dates of each job. Dates keep the
  precision the resume gives: ``"2019-06"`` for "June 2019", ``"2017"`` for a year
  alone (so "2012 – 2017" ends in ``"2017"``); a current job has ``end`` null and
  ``current`` true. A summer job dated by years only counts three months a summer
  ("Summer Intern · 2012 – Present" states one summer), and whom the person reported to
  ("Summer Intern  Manager: Jo Vale") is no part of the title;
- ``achievements``: one per claim under each job (a bullet, or a sentence of a
  prose paragraph; a sentence that only gives the outcome of the one before stays
  with it), with the metrics found in them (percentages, money, durations, counts).
  Projects are kept apart (``role`` null); talks, awards, "Additional information"
  and what the employer does are not achievements;
- ``skills`` (the items of any skills section or line), ``education`` and
  ``certifications``;
- ``signals`` derived from the dates: total years, tenure per role, gaps of
  more than six months, and changes of function or industry. A gap the resume
  explains in a "Career break" (or "Sabbatical", "Employment gap", ...) section
  carries that explanation, cited: such sections are never achievements;
- ``warnings``: a text layer that does not read (from ``doc.load``), naming the file
  and what to do; when nothing else could be read, the step fails with it.

Sections are found by their headings: marked ones (Markdown, a PDF's larger or
bold capital type) and plain lines that name a section by their last words
("Relevant experience", "Technical skills", a misspelt "Experiance"). A job is a
short line with a date range (many formats: "Sept 2019", "2019.06", "06/2019",
"Jun '19", "Pres.", a non-breaking hyphen), read with the header lines around it:
the employer on its own line above the title, a title containing a comma kept
whole ("Analyst, Business Intelligence | Northwind", "... at Northwind"), places and
clearances left out; a dated "Projects" header among the jobs is a project. Items
of a list that lost its marks (an HTML page printed to PDF, text pasted from Word)
stay one per line; a text resume's lines are joined only when it is hard-wrapped.

Every item cites the lines it came from. Nothing is invented: a title,
organisation or date the resume does not state is ``null``, and a function or
industry is named only when a word of the role's own header shows it (the
word is given as ``evidence``). Open-ended roles ("2020–present") run to
``as_of``, the current month unless the plan sets it, and reported.
"""

from __future__ import annotations

from prepflow_plugins import source_option, step_type_hook

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": source_option(
            "The resume: Markdown, text, or what doc.load reads (PDF, DOCX, JSON Resume...)."
        ),
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
