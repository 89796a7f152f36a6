"""The shape of a JSON Resume, checked as it is read: a located message instead of a crash later.

A hand-edited resume puts a string where a list belongs (``"highlights": "Led the team"``) or a
list where an object belongs; every later step would trip on it in its own way. :func:`checked`
walks the fields JSON Resume defines and either returns the resume with numbers in text fields
turned into text (``"phone": 5550100``, ``"startDate": 2019``) and nulls dropped, or raises one
:class:`prepflow.StepError` naming the file, the JSON path and the type expected there. Keys the
standard does not define are kept as they are.
"""

from __future__ import annotations

from typing import Any

from prepflow_plugins.documents.detect import _err

import prepflow

TEXT = "text"
TEXTS = "texts"

_LOCATION = {k: TEXT for k in ("address", "postalCode", "city", "countryCode", "region")}
_PROFILE = {k: TEXT for k in ("network", "username", "url")}
_BASICS: dict[str, Any] = {
    **{k: TEXT for k in ("name", "label", "image", "email", "phone", "url", "summary")},
    "location": _LOCATION,
    "profiles": [_PROFILE],
}
_DATES = {"startDate": TEXT, "endDate": TEXT}
#: Each top-level key: a dict (an object with these fields) or a one-item list (a list of those).
SHAPE: dict[str, Any] = {
    "basics": _BASICS,
    "work": [
        {
            **{k: TEXT for k in ("name", "position", "url", "summary", "description", "company")},
            **_DATES,
            "highlights": TEXTS,
        }
    ],
    "volunteer": [
        {**{k: TEXT for k in ("organization", "position", "url", "summary")}, **_DATES, "highlights": TEXTS}
    ],
    "education": [
        {
            **{k: TEXT for k in ("institution", "url", "area", "studyType", "score")},
            **_DATES,
            "courses": TEXTS,
        }
    ],
    "awards": [{k: TEXT for k in ("title", "date", "awarder", "summary")}],
    "certificates": [{k: TEXT for k in ("name", "date", "url", "issuer")}],
    "publications": [{k: TEXT for k in ("name", "publisher", "releaseDate", "url", "summary")}],
    "skills": [{"name": TEXT, "level": TEXT, "keywords": TEXTS}],
    "languages": [{"language": TEXT, "fluency": TEXT}],
    "interests": [{"name": TEXT, "keywords": TEXTS}],
    "references": [{"name": TEXT, "reference": TEXT}],
    "projects": [
        {
            **{k: TEXT for k in ("name", "description", "url", "entity", "type")},
            **_DATES,
            "highlights": TEXTS,
            "keywords": TEXTS,
        }
    ],
}


def checked(source: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a JSON Resume) with the types of its standard fields checked and tidied."""
    return _object(source, "", data, SHAPE)


def _object(source: str, path: str, value: Any, shape: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _wrong(source, path, "an object ({...})", value)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if item is None:
            continue  # null: as if the field were not there
        spec = shape.get(key)
        where = f"{path}.{key}" if path else key
        if spec is None:
            out[key] = item
        elif spec == TEXT:
            out[key] = _text(source, where, item)
        elif spec == TEXTS:
            if not isinstance(item, list):
                raise _wrong(source, where, "a list of strings ([...])", item)
            out[key] = [_text(source, f"{where}[{i}]", x) for i, x in enumerate(item) if x is not None]
        elif isinstance(spec, list):
            if not isinstance(item, list):
                raise _wrong(source, where, "a list of objects ([{...}, ...])", item)
            out[key] = [
                _object(source, f"{where}[{i}]", x, spec[0]) for i, x in enumerate(item) if x is not None
            ]
        else:
            out[key] = _object(source, where, item, spec)
    return out


def _text(source: str, path: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(source, path, "a string", value)
    return str(value)


def _wrong(source: str, path: str, expected: str, value: Any) -> prepflow.StepError:
    found = {
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
    where = path or "the top level"
    return _err(source, f"{where}: expected {expected}, found {found}; fix that field of the JSON Resume")
