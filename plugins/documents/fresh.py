"""FRESH resumes (the FRESH resume schema, JSON): read as the JSON Resume they correspond to.

FRESH (https://github.com/fresh-standard/fresh-resume-schema) names the same things as JSON
Resume differently: ``employment.history[].employer`` is ``work[].name``, ``skills.sets`` are
skill groups, ``service`` is volunteering. :func:`to_json_resume` maps one onto the other, so a
FRESH resume gives the same document, and the same analysis, as its JSON Resume twin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_fresh(data: Mapping[str, Any]) -> bool:
    """A FRESH resume: its ``meta.format`` says so, or it has FRESH's ``employment.history``."""
    meta = data.get("meta")
    if isinstance(meta, Mapping) and str(meta.get("format", "")).upper().startswith("FRESH"):
        return True
    employment = data.get("employment")
    return isinstance(employment, Mapping) and isinstance(employment.get("history"), list)


def _history(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if isinstance(value, Mapping):
        value = value.get("history")
    return [item for item in value or [] if isinstance(item, Mapping)] if isinstance(value, list) else []


def _listed(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _list(value: Any) -> list[Any]:
    """A list field: anything else (a string, a number, true) counts as none."""
    return value if isinstance(value, list) else []


def _end(item: Mapping[str, Any]) -> str | None:
    """A FRESH end date; a current job (``current: true``) or none given has no end."""
    return None if item.get("current") else item.get("end") or None


def to_json_resume(data: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON Resume with the same content as the FRESH resume ``data``."""
    info = data.get("info") if isinstance(data.get("info"), Mapping) else {}
    contact = data.get("contact") if isinstance(data.get("contact"), Mapping) else {}
    location = data.get("location") if isinstance(data.get("location"), Mapping) else {}
    assert isinstance(info, Mapping) and isinstance(contact, Mapping) and isinstance(location, Mapping)
    basics = {
        "name": data.get("name"),
        "label": info.get("label"),
        "summary": info.get("brief"),
        "email": contact.get("email"),
        "phone": contact.get("phone"),
        "url": contact.get("website"),
        "location": {
            "city": location.get("city"),
            "region": location.get("region"),
            "countryCode": location.get("country"),
        },
    }
    work = [
        {
            "name": job.get("employer"),
            "position": job.get("position"),
            "startDate": job.get("start"),
            "endDate": _end(job),
            "summary": job.get("summary"),
            "highlights": _list(job.get("highlights")),
            "location": job.get("location"),
        }
        for job in _history(data, "employment")
    ]
    volunteer = [
        {
            "organization": job.get("organization") or job.get("employer"),
            "position": job.get("position"),
            "startDate": job.get("start"),
            "endDate": _end(job),
            "summary": job.get("summary"),
            "highlights": _list(job.get("highlights")),
        }
        for job in _history(data, "service")
    ]
    education = [
        {
            "institution": school.get("institution"),
            "area": school.get("area"),
            "studyType": school.get("studyType") or school.get("title"),
            "startDate": school.get("start"),
            "endDate": school.get("end"),
        }
        for school in _history(data, "education")
    ]
    skills: list[dict[str, Any]] = []
    raw = data.get("skills")
    if isinstance(raw, Mapping):
        for group in _list(raw.get("sets")):
            if isinstance(group, Mapping):
                keywords = [str(s) for s in _list(group.get("skills")) if s]
                skills.append({"name": group.get("name"), "level": group.get("level"), "keywords": keywords})
        for skill in _list(raw.get("list")):
            if isinstance(skill, Mapping) and skill.get("name"):
                skills.append({"name": skill.get("name"), "level": skill.get("level")})
    projects = [
        {
            "name": project.get("title") or project.get("name"),
            "description": project.get("description") or project.get("summary"),
            "startDate": project.get("start"),
            "endDate": project.get("end"),
            "keywords": _list(project.get("keywords")),
        }
        for project in _listed(data, "projects")
    ]
    awards = [
        {"title": award.get("title"), "awarder": award.get("from"), "date": award.get("date")}
        for award in _listed(data, "recognition")
    ]
    publications = [
        {"name": piece.get("title"), "publisher": piece.get("publisher"), "releaseDate": piece.get("date")}
        for piece in _listed(data, "writing")
    ]
    languages = [
        {"language": language.get("language"), "fluency": language.get("level")}
        for language in _listed(data, "languages")
    ]
    interests = [
        {"name": interest.get("name"), "keywords": _list(interest.get("keywords"))}
        for interest in _listed(data, "interests")
    ]
    references = [
        {"name": reference.get("name"), "reference": reference.get("quote")}
        for reference in _listed(data, "references")
    ]
    return {
        "basics": basics,
        "work": work,
        "volunteer": volunteer,
        "education": education,
        "skills": skills,
        "projects": projects,
        "awards": awards,
        "publications": publications,
        "languages": languages,
        "interests": interests,
        "references": references,
    }
