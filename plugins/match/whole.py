"""The whole text of requirements the posting reader shortened.

job.analyze shows a long competency by its name and the first words of its definition
("Agile Orientation: Ability to apply agile methodologies to deliver work in a frequent and …").
match.evidence judges the whole definition, read again from the posting's own lines, and keeps
the shortened text for display.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.documents import is_url, load_document
from prepflow_plugins.text.duties import plain
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

#: The mark job.analyze leaves where it cut a requirement.
CUT = "…"
_WORD = re_compile(r"[\w'’]+")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def whole_text(shortened: str, lines: str) -> str | None:
    """The run of ``lines`` that the shortened requirement is the start of, to the end of the
    requirement's lines, or None when its words are not there in that order."""
    head = shortened.rstrip().removesuffix(CUT).rstrip()
    wanted = _words(head)
    if not wanted:
        return None
    text = plain(lines)
    for m in re.finditer(re.escape(head.split()[0]), text):
        rest = text[m.start() :]
        if _words(rest)[: len(wanted)] == wanted:
            rest = re.sub(r"^[-*•]\s+", "", rest).strip().rstrip(".")
            return rest if len(_words(rest)) > len(wanted) else None
    return None


def whole_texts(ctx: prepflow.StepContext, job: Mapping[str, Any]) -> dict[int, str]:
    """``{index of a shortened requirement: its whole text}``, from the posting's lines.

    Empty when the job analysis names no posting file (an inline analysis, a URL) or the file is gone.
    """
    requirements = job.get("requirements") or []
    if not any(isinstance(r, Mapping) and str(r.get("text", "")).endswith(CUT) for r in requirements):
        return {}
    source = job.get("source")
    if not isinstance(source, str) or is_url(source):
        return {}
    try:
        doc = load_document(ctx, source)
    except prepflow.StepError:
        return {}
    out: dict[int, str] = {}
    for n, r in enumerate(requirements):
        src = r.get("source") if isinstance(r, Mapping) else None
        if not isinstance(src, Mapping) or not str(r.get("text", "")).endswith(CUT):
            continue
        lines = " ".join(
            line["text"]
            for line in doc["lines"]
            if line.get("page") == src.get("page") and src["start"] <= line["line"] <= src["end"]
        )
        whole = whole_text(str(r["text"]), lines)
        if whole:
            out[n] = whole
    return out
