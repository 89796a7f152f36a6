"""Lines of a posting that are the employer talking, not something asked of the candidate.

Read among the requirements, "We are committed to our customers … and we are looking for …",
"Join our team" or "In this role, you will work in …" are the employer describing itself, its
hiring or the job: no gap to rehearse, no competency to drill, no problem to solve, nothing a
story proves. A command of English is asked of every candidate and shown by talking. ideas,
questions, focus, stories and objections all read requirements this way.
"""

from __future__ import annotations

import re

from prepflow_plugins.text.regexstore import compile as re_compile

_EMPLOYER_TALK = re_compile(
    r"^\W*(?:we|we're|we’re|our|us)\b|\bwe(?: are|'re|’re) (?:looking|seeking|searching|hiring|committed)\b|"
    r"\bjoin (?:our|the) team\b|\bequal opportunity employer\b",
    re.I,
)
_JOB_FRAMING = re_compile(
    r"^\W*(?:in this role|you will|you'll|you’ll|you love|you enjoy|you(?: are|'re|’re) passionate)\b",
    re.I,
)
_ENGLISH = re_compile(r"\b(?:proficien\w*|fluen\w*|command of|communicat\w*)\b[^.;]{0,40}\bEnglish\b", re.I)


def employer_talk(text: str, *, framing: bool = False) -> bool:
    """Whether a line is the employer describing itself or its hiring; with ``framing``, also the
    job framed for the reader ("In this role, you will …", "You love …"), which is no skill to prove
    but can still state a requirement ("You will need a driving licence") where objections read it."""
    return bool(_EMPLOYER_TALK.search(text) or (framing and _JOB_FRAMING.search(text)))


def asks_for_english(text: str) -> bool:
    """Whether a line asks for a command of English ("Proficient in written and spoken English")."""
    return bool(_ENGLISH.search(text))
