"""``match.evidence``: for each requirement of the job, the resume evidence that best supports it.

The step takes the outputs of ``job.analyze`` and ``resume.analyze``::

    [steps.match]
    uses = "match.evidence"
    with.job = "${steps.job.outputs}"
    with.resume = "${steps.resume.outputs}"

and compares every requirement with every piece of resume evidence
(achievements, listed skills, roles, degrees, certifications) through their
*terms* (see :mod:`prepflow_plugins.terms`): "k8s" matches "Kubernetes",
"managed" matches "management", and C++, C#, .NET and Node.js are read whole.

For each requirement it reports the best evidence (up to three items, each
adding terms the others lacked), a score and a status:

    score  = (weight of the requirement's terms found in the evidence)
             / (weight of all its terms)        concepts weigh 2, other words 1;
                                                a term found only in a skills
                                                list or a role title counts 0.8
    status = met (score >= 0.6, and one item alone covers at least half of
             what the evidence covers), partial (score >= 0.25), or gap

An item is evidence only when it shares a named skill (a concept) or at least
two words with the requirement (one shared word such as "run" or "state" proves
nothing), and the names of the candidate's employers and schools count as names,
never as words ("Oregon State University" says nothing about "the United States").
A requirement about a background in an industry or function ("Background in
logistics") is also met by a role that resume.analyze classified so (a role at
"Rainier Parcel", industry logistics).

A requirement asking for N years is at most partial when the roles holding
its evidence add up to fewer years. The coverage score weighs must-haves
twice as much as nice-to-haves, and shows its formula and its arithmetic.
"""

from __future__ import annotations

from prepflow_plugins import step_type_hook

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job", "resume"],
    "properties": {
        "job": {
            "type": "object",
            "required": ["requirements"],
            "description": 'The outputs of job.analyze: "${steps.job.outputs}".',
        },
        "resume": {
            "type": "object",
            "required": ["achievements"],
            "description": 'The outputs of resume.analyze: "${steps.resume.outputs}".',
        },
        "synonyms": {
            "type": "string",
            "format": "path",
            "description": "A TOML file of more synonyms ([terms] name = [variants]) for the built-in table.",
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "match.evidence",
    "2",
    "Find resume evidence for each job requirement (met, partial, gap) and a coverage score.",
)
