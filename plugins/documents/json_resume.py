"""JSON Resume documents (and FRESH ones, read as the JSON Resume they correspond to): the
resume's values as lines, each at the line of its value."""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from typing import Any

from prepflow_plugins.documents.detect import _err
from prepflow_plugins.documents.fresh import is_fresh, to_json_resume
from prepflow_plugins.documents.html import _ld_text
from prepflow_plugins.documents.limits import check_nesting
from prepflow_plugins.documents.lines import clean
from prepflow_plugins.documents.resume_types import checked
from prepflow_plugins.text.regexstore import compile as re_compile


def _load_json(source: str, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as e:
        raise _err(source, f"not valid JSON ({e})") from None
    except RecursionError:
        raise _err(source, "not a JSON Resume: its values nest too deeply") from None
    check_nesting(source, data)
    if isinstance(data, dict) and is_fresh(data):
        return resume_document(source, to_json_resume(data), _JsonLines(text), "fresh")
    if not isinstance(data, dict) or not ({"basics", "work", "education", "skills"} & set(data)):
        raise _err(
            source,
            "unsupported JSON: only JSON Resume and FRESH resumes (with 'basics', 'work', ...) are read",
        )
    return resume_document(source, checked(source, data), _JsonLines(text), "json_resume")


def resume_document(
    source: str,
    data: dict[str, Any],
    finder: Any,
    fmt: str,
    others: Sequence[tuple[str, list[str]]] = (),
) -> dict[str, Any]:
    """The document of a resume held as JSON Resume data: its values as lines, each at the line
    ``finder.find(value)`` gives; ``others`` are titled sections JSON Resume has no place for."""
    lines: list[dict[str, Any]] = []

    def add(value: Any, kind: str = "text", *, level: int = 0, prefix: str = "", anchor: Any = None) -> None:
        if value in (None, "", [], {}):
            return
        shown = clean(str(value))
        if not shown:
            return
        line: dict[str, Any] = {
            "text": prefix + shown,
            "line": finder.find(value if anchor is None else anchor),
        }
        line["kind"] = kind
        if kind == "heading":
            line["level"] = level
        elif kind == "bullet":
            line["depth"] = 0
        lines.append(line)

    basics = data.get("basics") or {}
    if isinstance(basics, dict):
        if basics.get("name"):
            add(basics["name"], "heading", level=1, prefix="# ")
        add(basics.get("label"))
        contact = [basics[k] for k in ("email", "phone", "url") if isinstance(basics.get(k), str)]
        if contact:
            add(" | ".join(contact), anchor=contact[0])
        location = basics.get("location")
        if isinstance(location, dict):
            place = ", ".join(str(location[k]) for k in ("city", "region", "countryCode") if location.get(k))
            add(place, anchor=location.get("city") or "location")
        add(basics.get("summary"))
    sections = (
        ("work", "Experience", ("position", "name", "company"), ("startDate", "endDate")),
        ("volunteer", "Volunteer", ("position", "organization"), ("startDate", "endDate")),
        ("education", "Education", ("studyType", "area", "institution"), ("startDate", "endDate")),
        ("awards", "Awards", ("title", "awarder"), ("date",)),
        ("certificates", "Certificates", ("name", "issuer"), ("date",)),
        ("publications", "Publications", ("name", "publisher"), ("releaseDate",)),
        ("projects", "Projects", ("name", "roles"), ("startDate", "endDate")),
    )
    for key, heading, head_fields, date_fields in sections:
        items = data.get(key)
        if not isinstance(items, list) or not items:
            continue
        add(heading, "heading", level=2, prefix="## ", anchor=key)
        for item in items:
            if not isinstance(item, dict):
                continue
            parts = [_ld_text(item.get(f)) for f in head_fields if item.get(f)]
            dates = [str(item.get(f)) for f in date_fields if item.get(f)]
            if (
                key in ("work", "volunteer", "projects")
                and item.get(date_fields[0])
                and not item.get("endDate")
            ):
                dates.append("Present")
            head = ", ".join(p for p in parts if p)
            if dates:
                head += f" ({' – '.join(dates)})"
            first = next((item[f] for f in head_fields if isinstance(item.get(f), str) and item.get(f)), None)
            add(head, "heading", level=3, prefix="### ", anchor=first)
            add(item.get("summary") or item.get("description"))
            for name in ("highlights", "courses", "keywords"):
                for entry in _listed(item.get(name)):
                    add(entry, "bullet", prefix="- ")
    for key, heading in (("skills", "Skills"), ("languages", "Languages"), ("interests", "Interests")):
        items = data.get(key)
        if not isinstance(items, list) or not items:
            continue
        add(heading, "heading", level=2, prefix="## ", anchor=key)
        for item in items:
            if not isinstance(item, dict):
                continue
            name = _ld_text(item.get("name") or item.get("language") or item.get("label"))
            detail = _ld_text(item.get("level") or item.get("fluency"))
            keywords = ", ".join(_ld_text(k) for k in _listed(item.get("keywords")))
            text = name + (f" ({detail})" if detail else "") + (f": {keywords}" if keywords else "")
            add(text, "bullet", prefix="- ", anchor=name or None)
    references = data.get("references")
    if isinstance(references, list) and references:
        add("References", "heading", level=2, prefix="## ", anchor="references")
        for item in references:
            if isinstance(item, dict):
                add(item.get("reference"))
    for heading, texts in others:
        add(heading, "heading", level=2, prefix="## ")
        for text in texts:
            add(text, "bullet", prefix="- ")
    title = basics.get("name") if isinstance(basics, dict) else None
    return {
        "source": source,
        "format": fmt,
        "title": title or None,
        "lines": lines,
        "json_resume": data,
    }


def _listed(value: Any) -> list[Any]:
    """A list field as a list: one string is one entry, anything else that is not a list none
    (a FRESH resume is converted, not checked: see :mod:`.resume_types`)."""
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


class _JsonLines:
    """Where each string of a JSON text is (keys included): its line, each occurrence used once."""

    _STRING = re_compile(r'"(?:[^"\\\n]|\\.)*"')

    def __init__(self, text: str) -> None:
        self.where: dict[str, list[int]] = {}
        line, last = 1, 0
        for m in self._STRING.finditer(text):
            line += text.count("\n", last, m.start())
            last = m.start()
            try:
                value = json.loads(m.group(0))
            except ValueError:
                continue
            self.where.setdefault(value, []).append(line)
        self.last = 1

    def find(self, value: Any) -> int:
        found = self.where.get(value) if isinstance(value, str) else None
        if found:  # line numbers in order: the first at or after the last one found, else the first
            index = bisect.bisect_left(found, self.last)
            self.last = found.pop(index if index < len(found) else 0)
        return self.last
