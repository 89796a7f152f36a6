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
  "How we work"); a labelled line ("Case study: ...") goes where its label says.
  A culture signal is a statement, not a bare list item (a group's name). An
  item must stand on its own: a sentence that leans on the one before ("They
  offer forums ...", "To do this, ...") or a quotation cut mid-way is left out, a
  definition ("Data.gov is one of our services") is not news, and where a page
  names its values ("Integrity: ..."), its unnamed sentences beside them are not
  values. The cue words are data, in ``research.toml``.
- **themes**: the employer's hot buttons. Phrases (runs of one to three content
  words, compared by stem) are counted in every source; the posting's own
  themes keep their ``job.analyze`` weight. ::

      weight = (posting weight + company mentions) × (1 + 0.5 × (sources − 1)) × (1 + 0.5 × (words − 1))
      (sources counted up to 4, words up to 3)

  where *posting weight* is the job theme's weight, or its best three mentions
  in the posting (2 in requirements, 1.5 in duties, 1 elsewhere), *company
  mentions* count at most 2 per page, and *sources* is how many files say it. Something
  both the posting and the company's own pages keep saying is what they care
  about: a phrase must come from two sources, the posting among them when there is
  one (or be one of the posting's themes).
  Proper names (the employer's, places, a programme or office the posting
  writes in capitals: "Fellowship Program", "GSA") are not themes; named skills
  are. A company page about hiring, pay or benefits (its file name or title
  matches ``process_pages``) is not read for themes: how they hire is not what
  they care about in the work. A single
  word is a theme only when it names a skill, or is a posting theme that three
  sources say; words every posting uses
  ("development", "project", ``weak_words``) and the words of the role's title
  ("manager") are never a theme alone. Sentences about the hiring process, pay,
  benefits or the law (``not_company_facts``) are read for neither themes nor the
  profile: "vision" in "vision insurance" and a core-values interview are not
  what the employer cares about in the work.
- **homework**: what neither the posting nor the pages answer (team size, why
  the role is open, how success is measured, the decision process, ...): a
  topic is listed only when none of its ``answered_if`` patterns matches any
  line read. Each cites the line that makes it worth asking, when there is one.

Citations are ``{"file", "start", "end", "quote"}`` (plus ``"page"`` for PDFs),
where ``quote`` is words that really are in those lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow_plugins import outputs_option, section_hook, step_type_hook
from prepflow_plugins.datakinds import data_kind

import prepflow

CATEGORIES = ("mission", "values", "products", "initiatives", "culture")

# -- schema ---------------------------------------------------------------------

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
        "job": outputs_option("job.analyze", "job", optional=True),
    },
}

register_step_types = step_type_hook(
    __name__,
    "company.research",
    "2",
    "Profile the employer from saved pages: mission, values, products, news, culture, "
    "hot buttons, and homework.",
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "research",
            "Cues for each part of the company profile, and the homework questions.",
            "research",
        )
    )


register_dossier_sections = section_hook(__name__, "research", "company.research", "Research", order=100)
