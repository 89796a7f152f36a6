"""Template filler left in a resume: "Optimized xxx 5%", "Accomplishment 2", "Nullam venenatis …".

Resume templates ship with sample lines the writer is meant to replace. A line that still holds one is
no achievement: no step may quote it as proof or put it in a line the candidate says aloud.
"""

from __future__ import annotations

import re

# Marks a template leaves for the writer to fill: runs of x, MM/YYYY, "Lorem ipsum" and its Latin.
_MARKS = re.compile(
    r"\b(?:x{3,}|X{3,}|MM/YYYY|YYYY|lorem|ipsum|dolor sit|consectetur|adipiscing|nullam|venenatis|"
    r"vestibulum|pellentesque|fusce|curabitur|maecenas|aenean|donec|mauris|aliquam|suspendisse)\b",
    re.I,
)
# A numbered stand-in ("Accomplishment 2", "Bullet point 3") or a line that says it is a sample.
_STAND_IN = re.compile(
    r"^\s*(?:accomplishment|achievement|responsibility|bullet(?: point)?|item|task|duty)\s*#?\d+\s*[.:]?\s*$"
    r"|\bdid something (?:important|great|cool)\b|\bstrange characters\b|\bsample (?:text|bullet)\b"
    r"|^\s*let['’]s (?:use|add|try|see)\b",
    re.I,
)


def is_filler(text: str) -> bool:
    """True when ``text`` still holds a template's stand-in words rather than the writer's own."""
    return bool(_MARKS.search(text) or _STAND_IN.search(text))
