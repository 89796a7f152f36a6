"""``job.analyze``: what a job posting asks for, and what the employer weighs most.

The posting is read with :func:`prepflow_plugins.documents.load_document` (text,
Markdown, HTML, PDF, DOCX or a URL), then analysed with rules only: no model,
no network, the same output for the same input.

1. **Lines.** Wrapped lines are joined again (a line whose next word would not
   have fitted, or that stops on "the", "of", a comma, even in CAPS or at a ":";
   a compound broken at its hyphen keeps no space), while a list written one
   item per line without marks stays one item per line. A Markdown hard break
   ("\\") ends a line, and a table's group row left unclosed ("| **Knowledge**")
   reads as a heading. Two or three hyphens typed for a dash between words
   ("coordinator---perhaps") read as a dash (" — ").
2. **Sections.** Headings, and lines shaped like headings (bold or emphasised on
   their own, ALL CAPS, ending in ":" or " -", or short, capitalised and without a
   final period above a list; not a line of a list typed one item per line, such as
   "A full driving licence" under another item, nor "Knowledge of X" above "Knowledge of
   Y"), are classified: requirements (must), preferred
   (nice), responsibilities, physical demands, evaluation, conditions of
   employment, benefits, pay, equal opportunity, how to apply, about the company,
   notes, summary. A short title set apart above a paragraph ("Department
   Information") ends the section above it even when it names no role; a heading
   may be asked as a question ("How do I qualify?"); a lead-in set as a heading
   ("Applicants are expected to have:" in bold) governs the list under it. A heading that
   says "preferred" stays preferred whatever else it names. ``postings.toml`` (beside
   this step) adds phrases for each role, and a workflow pack can add its trade's own
   (kind ``postings``).
3. **Lead-ins.** A line ending with ``:`` (or a sentence pointing at "the
   following" list) governs the list under it: "must include ALL of the
   following" and "Applicants are expected to have:" keep it must, "THREE of the
   following" or "at least one of" make the items alternatives (nice), "You will
   be scored on ... competencies" (federal category rating) makes them nice,
   "For each job on your resume, provide:" drops them. A lead-in bullet governs the
   bullets under it, or beside it when the list was flattened; a list typed one item
   per line under a lead-in ends at the first blank line. Beside a section of minimum
   qualifications ("Minimum qualifications", "How do I qualify?" and its parts), a
   "What we're looking for" section lists nice-to-haves; an item said in both is a
   must-have.
4. **Items.** Bullets and sentences are split into one requirement each: numbered
   and lettered alternatives, semicolon lists ("A; B; or C" are alternatives),
   "a degree and two years of ...", "... and experience with ...". "Label.
   Sentence" items and competency lines keep their name and definition. Field
   lines state requirements too ("Degree: Nursing degree required", "Data
   Science: 2 years (Preferred)", "Nice to have: X"), and so does a two-cell table
   row ("Location | Leeds" reads as "Location: Leeds"). Application instructions, contact lines,
   benefits, pay, dates, EEO statements, pitch sentences ("we are looking for
   talented people to join"), the employer's own voice in a requirements list ("We
   have a friendly team", "We are committed to our customers and are looking for an
   experienced clerk to join our team"), schedule and wage lines, the standard notes a job
   description makes about itself, company boilerplate and conditions of employment
   are never requirements; conditions are listed apart. "Contact" in a skill
   ("phone contact handling", "contact centre") is the skill.
   Where the work is done, said as a condition ("This is a remote-only position",
   "remote work is not available"), is a must-have. Duties written as prose ("This
   role includes monitoring ..., adding ...", "In this role, you would ...", "seeks
   an X to join us, primarily to support Y") are responsibilities; what the employer
   says of itself ("X is a 90-bed home"), benefits and EEO lines are not. A duty
   list written inline ("Typical duties include but are not limited to: A; B; C")
   is one duty per item, without its lead-in, and so is a numbered list written inline
   ("1.  A.  2.  B  3.  C": no item keeps the number of the next). A posting
   that states fewer than three requirements lends its first main duties (work the
   role owns, not culture) as must-haves, and says so in ``why``.
5. **Priority.** From the section and lead-in, then the item's own words:
   "preferred", "a plus", "an asset", "ideally", "if possible" make it nice;
   "(X is a plus)", ", with X preferred" and ", preferably in X" add X as a
   nice-to-have and leave the item as it was; "must", "required", "should be"
   (said of the candidate), "this position will need to travel" and licences make
   it must. Each
   requirement says ``why``: what set its priority (the section, the lead-in, its
   own sentence, words in the item, being an alternative, a field), the words,
   and their line.
6. **Title and company** come from the best source, named in ``from``: the page's
   JSON-LD, the front matter, a "Job title:" field, the first heading that is not a
   section name, the document's title, the role sought ("seeks a Booking Analyst to
   join"), the first line; a field line ("Salary: ...") or a sentence is no title.
   A "Department" field naming a unit is joined to the public body the text names
   ("Royal Borough of X, Housing Services"). The company also from a
   sentence ("At X, we ...", "X is hiring", "X is recruiting"), its own line under the title, a
   registered name ("Acme, Inc.") or a public body ("City of Austin") near the top.
   The location from a field, the front matter, a header line or a sentence ("in
   Aurora, OH"); a work mode stated alone is kept beside the place ("Hamilton, ON
   (In person)").
   The pay from a field, a pay section or a line with a pay word: a range even when
   its upper end has no symbol ("$150k-210k"), or is bare with a period ("35 - 35
   (Hourly)"); the period only from words attached to the figure ("per hour", "/hr",
   "(Hourly)", "a year", "annually", "Hourly rate:"), else from its size; the currency
   from the symbol or code, and a bare "$" in a document that says it is in Canada,
   Australia or New Zealand (its provinces, its domain) is that country's dollar. A
   pay field that only leads in ("Salary Range: The salary range for this position
   is:") takes the figures on the lines under it.
7. **Themes.** Phrases are weighted by where they appear (title, must, nice,
   duties), how often, and the years coupled to them; the top ones, with every
   place they come from, are the employer's hot buttons.

Every requirement, responsibility and theme cites its lines as
``{"file", "start", "end"}`` (plus ``"page"`` for PDFs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow_plugins import section_hook, source_option, step_type_hook
from prepflow_plugins.datakinds import data_kind
from prepflow_plugins.documents import DEFAULT_MAX_BYTES

import prepflow

# -- schema ---------------------------------------------------------------------

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": source_option(
            "The job posting: a text, Markdown, HTML, PDF or DOCX file, or an http(s) URL."
        ),
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
    "5",
    "Analyse a job posting: role, requirements (must/nice), responsibilities and hot-button themes.",
    run="rules:analyze",
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "postings",
            "Section names and must/nice cues job.analyze reads postings with (a trade's own headings).",
            "job",
        )
    )


register_dossier_sections = section_hook(
    __name__,
    "themes",
    ("company.research", "job.analyze"),
    "Hot buttons",
    order=150,
    markdown=False,
    contents=False,
)
