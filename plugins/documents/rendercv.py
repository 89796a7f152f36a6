"""RenderCV resumes (YAML): read as the JSON Resume they correspond to.

A RenderCV file (https://docs.rendercv.com) holds ``cv.sections``: any titles, each a list of
entries whose keys say what they are (``company`` + ``position`` a job, ``institution`` a
school, ``label`` + ``details`` a line of skills, ``bullet`` or a plain string a line).
:func:`to_json_resume` maps jobs, schools, skills and projects onto JSON Resume; the other
sections (honours, talks, patents, ...) are kept as titled lists of lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

#: Section titles that hold skills, volunteering, projects (RenderCV's titles are free text).
_SKILLS = re_compile(r"skill|technolog|competenc|expertise|tools", re.IGNORECASE)
_VOLUNTEER = re_compile(r"volunteer", re.IGNORECASE)
_PROJECTS = re_compile(r"project", re.IGNORECASE)


def _load_yaml(source: str, text: str) -> dict[str, Any]:
    """The document of a RenderCV YAML file: the resume's values as lines, each at its line."""
    import yaml
    from prepflow_plugins.documents.detect import _err
    from prepflow_plugins.documents.json_resume import resume_document
    from prepflow_plugins.documents.limits import check_nesting

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise _err(source, f"not valid YAML{line}; check the indentation and quotes") from None
    except RecursionError:
        raise _err(source, "not a RenderCV resume: its values nest too deeply") from None
    check_nesting(source, data)  # an alias used a billion times is refused here, not unpacked later
    if not is_rendercv(data):
        raise _err(source, "unsupported YAML: only RenderCV resumes (with a 'cv:' section) are read")
    resume, others = to_json_resume(data)
    return resume_document(source, resume, TextLines(text), "rendercv", others)


class TextLines:
    """Where each value of a text file (YAML) is: the first line at or after the last one found
    that holds it (values are found in the order they are written)."""

    def __init__(self, text: str) -> None:
        self.lines = [" ".join(line.split()) for line in text.splitlines()]  # spaces collapsed once
        self.last = 1

    def find(self, value: Any) -> int:
        needle = " ".join(str(value).split())[:40].strip("'\"")
        if not needle:
            return self.last
        # from the last line found onwards, then from the top (lazily: a value is usually close)
        order = itertools.chain(range(self.last - 1, len(self.lines)), range(0, self.last - 1))
        for index in order:
            if needle in self.lines[index]:
                self.last = index + 1
                return self.last
        return self.last


def is_rendercv(data: Any) -> bool:
    cv = data.get("cv") if isinstance(data, Mapping) else None
    return isinstance(cv, Mapping) and ("sections" in cv or "name" in cv)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _date(value: Any) -> str | None:
    text = _text(value).strip()
    return text or None


def _entry_line(entry: Any) -> str:
    """One entry of a section as a line of text (for sections JSON Resume has no place for)."""
    if not isinstance(entry, Mapping):
        return _text(entry)
    for key in ("bullet", "number", "reversed_number"):
        if entry.get(key):
            return _text(entry[key])
    if entry.get("label"):
        return f"{entry['label']}: {_text(entry.get('details'))}"
    head = [_text(entry.get(k)) for k in ("title", "name", "journal", "date") if entry.get(k)]
    return ", ".join(head)


def to_json_resume(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, list[str]]]]:
    """The JSON Resume with the same jobs, schools, skills and projects as the RenderCV ``data``,
    and the other sections as ``(title, lines)``."""
    cv = data["cv"]
    basics = {
        "name": cv.get("name"),
        "label": cv.get("headline"),
        "email": cv.get("email"),
        "phone": _text(cv.get("phone")) or None,
        "url": cv.get("website"),
        "location": {"city": cv.get("location")},
    }
    resume: dict[str, Any] = {
        "basics": basics,
        "work": [],
        "volunteer": [],
        "education": [],
        "skills": [],
        "projects": [],
    }
    others: list[tuple[str, list[str]]] = []
    sections = cv.get("sections") if isinstance(cv.get("sections"), Mapping) else {}
    assert isinstance(sections, Mapping)
    for raw_title, entries in sections.items():
        title = str(raw_title).replace("_", " ")
        rest: list[str] = []
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, Mapping):
                rest.append(_text(entry))
                continue
            start = _date(entry.get("start_date")) or _date(entry.get("date"))
            end = _date(entry.get("end_date"))
            if end and end.lower() == "present":
                end = None
            raw_highlights = entry.get("highlights")
            highlights = [_text(h) for h in raw_highlights if h] if isinstance(raw_highlights, list) else []
            if entry.get("company") or entry.get("position"):
                key = "volunteer" if _VOLUNTEER.search(title) else "work"
                resume[key].append(
                    {
                        "name" if key == "work" else "organization": entry.get("company"),
                        "position": entry.get("position"),
                        "startDate": start,
                        "endDate": end,
                        "location": entry.get("location"),
                        "summary": entry.get("summary"),
                        "highlights": highlights,
                    }
                )
            elif entry.get("institution"):
                resume["education"].append(
                    {
                        "institution": entry.get("institution"),
                        "area": entry.get("area"),
                        "studyType": entry.get("degree"),
                        "startDate": start,
                        "endDate": end,
                        "courses": highlights,
                    }
                )
            elif entry.get("label") and _SKILLS.search(title):
                details = [d.strip() for d in re.split(r"\s*,\s*", _text(entry.get("details"))) if d.strip()]
                # RenderCV's label names a group ("Languages"); JSON Resume's name would be a skill
                resume["skills"].append({"label": entry.get("label"), "keywords": details})
            elif entry.get("name") and _PROJECTS.search(title):
                resume["projects"].append(
                    {
                        "name": entry.get("name"),
                        "description": entry.get("summary"),
                        "startDate": start,
                        "endDate": end,
                        "highlights": highlights,
                    }
                )
            else:
                rest.append(_entry_line(entry))
        if rest:
            others.append((title, [line for line in rest if line]))
    return resume, others
