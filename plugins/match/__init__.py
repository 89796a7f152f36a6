"""``match.evidence``: for each requirement of the job, the resume evidence that best supports it.

The step takes the outputs of ``job.analyze`` and ``resume.analyze``::

    [steps.match]
    uses = "match.evidence"
    with.job = "${steps.job.outputs}"
    with.resume = "${steps.resume.outputs}"

and compares every requirement with every piece of resume evidence
(achievements, listed skills, roles, degrees, certifications) by meaning,
through their *terms* (see :mod:`prepflow_plugins.text.terms`):

- **skill concepts** from a curated taxonomy, ``text/synonyms.toml``, that packs
  extend: "k8s" is Kubernetes, "a baccalaureate degree" is a bachelor's degree,
  "Customer Service" is one concept that "RESTful services" does not share;
- **phrases that show a concept** without naming it, in a resume line only:
  "Troubleshot failed deployments" shows problem solving, "Led a team of junior
  developers" shows leadership ("hinted" phrases count half);
- **word stems** of the remaining words, with the project's one stemmer.

A requirement is read in units: an "A, B or C" list is met by any one of them,
examples ("e.g. Tableau, Power BI", "such as ...") likewise; light words
("developing", "data", "tools") weigh a quarter. An alternative is met by the
words that name it: its last word, and the words before back to one that is not
generic ("group coaching" by "coaching"; "contact center strategies" needs "contact
center" as well as "strategies", which, like "operations" or "programs", weighs a
quarter there), and the field of the first alternative carries to the one-word
ones after it ("contact center operations or strategies" are contact center
strategies). For each requirement the step
reports the best evidence (up to three items, each adding terms the others
lacked), each with ``why`` it matched (the concept or phrase, and the resume's
words that carry it), a score and a status::

    score  = (weight of the requirement's units found) / (weight of all its units)
             concepts weigh 2, words 1, light words 0.25; a unit found only in a
             skills list or a job title counts 0.8, a competency ("communication")
             only listed or named ("innovative") counts 0.5
    status = met (score >= 0.6, one item alone covering at least half of it, and
             its opening action shown when it names a specific one), partial
             (score >= 0.25), or gap

An item is evidence only when it shares a concept or at least two words with
the requirement, and two words one of which is light ("key role in the
development" for "Developing key performance metrics") only when both texts have
them side by side as a phrase ("data sets"). "Independent of department",
"regardless of" are prepositions, not independence; collaborating with one's own
team is teamwork, not relationship building; "were deployed" is no software work;
a generic noun narrowed by another word ("software programs") is not shared with
a line that narrows it otherwise ("academic programs"). A noun naming people that
a line works with or speaks to ("worked with senior leadership", "presented to
management and staff") is no proof of leading or managing. A job title alone is
at most partial; a director's or supervisor's title shows leadership that far. A line about giving talks
("Presented at local meetups on interaction design") proves speaking and keeping
current, not the topics of the talks. A project outside any job shows side
projects. A degree is shown by education only ("MS Project" is no master's
degree), and a degree the resume reader could not place ("BSCS") is read from
its name.

A requirement is met only when what it asks for first is shown ("applying
leading industry practices in the design of digital products" needs the
practices, not only the products). A requirement naming a specific system that
nothing on the resume names ("the DD2 project, database and procedures") is a
gap when all that matched is generic. The employer's own name is no skill to
show. A requirement that is two, the second with its own head ("basic math
skills and basic knowledge of hazmat signs"), is judged as two rows, and so are
two named tools under one lead-in ("Experience with Law Manager and Microsoft
Office Applications"); a list of three or more ("Excel, Access and Word") stays
one.

A degree requirement is met by that degree or a higher one, partial when the
field named differs (a named field is held only when it is whole in the degree:
"Computer Science" does not hold "environmental science"); the years it adds
("plus one year of experience") count all dated work. A requirement about a
background in an industry or function ("Background in logistics") is also met by
a role that resume.analyze classified so, shown by that role's own achievement
closest to it (a role with no line of work under it leaves it partial).

A **named competency** ("Agile Orientation: Ability to apply agile methodologies
to deliver work in a frequent and iterative fashion") is judged by its name and
by the skills its definition names, not by the definition's other words; it is
at most partial when a skill the definition names ("particularly in consulting
scenarios") is not shown. When job.analyze shortened a requirement ("… in a
frequent and …"), it is judged by its whole text, read again from the posting's
lines. The posting's title as a requirement's subject ("The Product Manager we
are looking for is a morale-builder") is not a skill to match.

**Domain frames.** A federal "one year of specialized experience equivalent to
GS-N" is the frame of the list that follows it (kind ``frame``): it is judged by
that list (0.6 × the share met, + 0.4 when the candidate has held a post in the
posting's field) and is never an objection; one that also asks for years in a
field of its own ("4 years in contracting, including 1 year of specialized
experience …") is met only when that is shown too. "Proficiency in learning and
development within one of the following disciplines" is met by the best
discipline only when what it asks for within them is shown.

**Conditions** of employment a resume cannot show (citizenship, background
checks, a typing test, owning a laptop, not being a current employee, hours a
week, regular attendance, where remote work is done, continued enrollment as a
student) are kind ``eligibility``: reported to confirm, once per concern, not
scored. A line that asks for experience is judged on the resume even when the
posting reader filed it as a condition.

A requirement asking for N years is at most partial when the roles with a line
that is evidence for it add up to fewer years (reported as ``years_shown``).
The coverage score weighs must-haves twice as much as nice-to-haves, and shows
its formula and its arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable

from prepflow_plugins import outputs_option, section_hook, step_type_hook
from prepflow_plugins.datakinds import data_kind

import prepflow

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job", "resume"],
    "properties": {
        "job": outputs_option("job.analyze", "job", "requirements"),
        "resume": outputs_option("resume.analyze", "resume", "achievements"),
        "synonyms": {
            "type": "string",
            "format": "path",
            "description": (
                "A TOML file extending the taxonomy: [terms] name = [variants];"
                " optionally [shown_by] and [hinted_by] name = [phrases]."
            ),
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "match.evidence",
    "4",
    "Find resume evidence for each job requirement (met, partial, gap) and a coverage score.",
    consumes={
        "job.analyze": ["requirements", "role", "company"],
        "resume.analyze": [
            "name",
            "roles",
            "achievements",
            "skills",
            "education",
            "certifications",
            "signals",
        ],
    },
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "synonyms",
            "Terms that count as the same skill when matching requirements to the resume.",
            "text",
        )
    )
    register(
        data_kind(
            "roles",
            "Title, organisation, function and industry words, to read roles in postings and resumes.",
            "resume",
        )
    )


register_dossier_sections = section_hook(__name__, "match", "match.evidence", "Match", order=600)
