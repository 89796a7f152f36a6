"""Reading the dossier defensively: shared by the renderers, the cheat sheet and the sections.

A library module, not a plugin. Steps are found by the step type they use,
never by their id, and every lookup is defensive: a step that is missing,
failed or produced other keys just leaves its part out. Citations
(``{file, start, end, quote}``, or the ``source`` spans of the analysis steps)
are numbered once per dossier by :class:`Citations`, so the HTML page can
footnote them. :func:`page` is what the page around the sections shows: the
masthead, the branding and the steps run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

TEXT_KEYS = ("text", "statement", "phrase", "name", "title", "question", "problem", "value", "label")


# -- small, defensive accessors ------------------------------------------------------------------


def outputs_of(dossier: Mapping[str, Any], uses: str) -> Mapping[str, Any]:
    """The outputs of the first successful step using ``uses`` (empty when there is none)."""
    for step in _steps(dossier):
        if step.get("uses") == uses and isinstance(step.get("outputs"), Mapping):
            return step["outputs"]
    return {}


def steps_using(dossier: Mapping[str, Any], uses: str) -> list[Mapping[str, Any]]:
    """Every step of the plan that uses step type ``uses`` (successful or not), in plan order."""
    return [step for step in _steps(dossier) if step.get("uses") == uses]


def _steps(dossier: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    steps = dossier.get("steps")
    if not isinstance(steps, Mapping):
        return []
    return [s for s in steps.values() if isinstance(s, Mapping)]


def items(value: Any) -> list[Any]:
    """A list, whatever was given: ``None`` -> [], a scalar or mapping -> [it]."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None]
    return [value]


def maps(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in items(value) if isinstance(v, Mapping)]


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def notes_of(out: Mapping[str, Any]) -> list[str]:
    """A step's ``notes``: what it says plainly when the material did not support an item."""
    return [t for t in (text_of(n) for n in items(out.get("notes"))) if t]


def text_of(value: Any) -> str:
    """The text of a value: a string, or a mapping's text-like key; whitespace collapsed."""
    if isinstance(value, Mapping):
        for key in TEXT_KEYS:
            if isinstance(value.get(key), str | int | float) and not isinstance(value.get(key), bool):
                return text_of(value[key])
        return ""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "; ".join(t for t in (text_of(v) for v in value) if t)
    return " ".join(str(value).split())


def number(value: Any, default: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return default
    return float(value)


def short(text: str, limit: int = 110) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters; a quote the cut opens is closed."""
    if len(text) <= limit:
        return text
    from prepflow_plugins.text.quotes import close_open  # sections import this module at registration

    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—- ‘“")
    return close_open(cut + "…")


# -- citations -------------------------------------------------------------------------------------


class Citations:
    """Numbers each distinct cited span once, in the order the dossier shows them."""

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []
        self._seen: dict[tuple[Any, ...], dict[str, Any]] = {}

    def __call__(self, *values: Any) -> list[dict[str, Any]]:
        """The numbered notes for citations and sources found in ``values``."""
        found = []
        for value in values:
            for cite in _cites(value):
                note = self._note(cite)
                if note is not None and note not in found:
                    found.append(note)
        return found

    def _note(self, cite: Mapping[str, Any]) -> dict[str, Any] | None:
        file = cite.get("file")
        if not isinstance(file, str) or not file:
            return None
        start, end = cite.get("start"), cite.get("end")
        quote = text_of(cite.get("quote"))
        key = (file, start, end, cite.get("page"), quote)
        if key in self._seen:
            return self._seen[key]
        where = file
        if isinstance(cite.get("page"), int):
            where += f" p. {cite['page']}"
        if isinstance(start, int):
            where += f":{start}" + (f"–{end}" if isinstance(end, int) and end != start else "")
        note = {
            "n": len(self.notes) + 1,
            "file": file,
            "where": where,
            "short": where.rsplit("/", 1)[-1],
            "quote": quote,
        }
        self._seen[key] = note
        self.notes.append(note)
        return note


def _cites(value: Any) -> Iterable[Mapping[str, Any]]:
    """Citation-like mappings in ``value``: itself, a list of them, or its cites/source keys."""
    for item in items(value):
        if not isinstance(item, Mapping):
            continue
        if isinstance(item.get("file"), str):
            yield item
            continue
        for key in ("cites", "citations", "source", "sources"):
            for inner in items(item.get(key)):
                if isinstance(inner, Mapping) and isinstance(inner.get("file"), str):
                    yield inner


# -- the page around the sections --------------------------------------------------------------


def page(dossier: Mapping[str, Any]) -> dict[str, Any]:
    """The masthead, footer and branding: what every format shows around the sections."""
    plan = mapping(dossier.get("plan"))
    job = outputs_of(dossier, "job.analyze")
    resume = outputs_of(dossier, "resume.analyze")
    role = text_of(job.get("role"))
    company = text_of(job.get("company"))
    placeholders = starter_placeholders()
    name, description = text_of(plan.get("name")), text_of(plan.get("description"))
    # the page names what the reading found, never the placeholders `prepflow init` writes
    name = "" if name in placeholders else name
    heading = _heading(role, company) or name or "Interview dossier"
    return {
        "title": name or heading,
        "heading": heading,
        "description": "" if description in placeholders else description,
        "plan_file": text_of(plan.get("file")),
        "version": text_of(mapping(dossier.get("prepflow")).get("version")),
        "role": role,
        "candidate": text_of(resume.get("name")),
        "steps": [
            {"id": sid, "uses": text_of(step.get("uses")), "status": text_of(step.get("status"))}
            for sid, step in mapping(dossier.get("steps")).items()
            if isinstance(step, Mapping)
        ],
        "branding": _branding(dossier.get("branding")),
    }


@cache
def starter_placeholders() -> frozenset[str]:
    """The plan name and description ``prepflow init`` writes ("My interview", "Edit this line: ..."):
    placeholders the user has not replaced, which the dossier never shows as its title."""
    from prepflow import tomlread  # tomllib only for a file that is not valid TOML: a run's summary

    starter = Path(__file__).resolve().parent.parent / "starter" / "default.toml"
    try:
        plan = tomlread.parse_toml(starter.read_text(encoding="utf-8")).get("plan") or {}
    except (OSError, tomlread.TOMLDecodeError):
        return frozenset()
    return frozenset(v for v in plan.values() if isinstance(v, str) and v)


def _heading(role: str, company: str) -> str:
    """ "Role at Company" from the posting; the company is left out when the role's line names it."""
    if role and company and company.lower() not in role.lower():
        return f"{role} at {company}"
    return role or company


_LOGO = re_compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+=*$")


def _branding(brand: Any) -> dict[str, str]:
    """A workflow pack's title, style sheet, logo (only an image ``data:`` URI is kept) and page template."""
    if not isinstance(brand, Mapping):
        brand = {}
    logo = brand.get("logo")
    css = brand.get("css")
    template = brand.get("template")
    return {
        "pack": text_of(brand.get("pack")),
        "title": text_of(brand.get("title")),
        "logo": logo if isinstance(logo, str) and _LOGO.match(logo) else "",
        # inside <style>, "</" could end the element early: "<" becomes the CSS escape "\3c "
        "css": css.replace("<", "\\3c ") if isinstance(css, str) else "",
        "template": template if isinstance(template, str) else "",
    }


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (not one inside a number or "e.g.")."""
    match = re_compile(r"(?<!\b[A-Za-z])(?<!\d)[.!?](?=\s+[A-Z“\"(])").search(text)
    return text[: match.end()] if match else text
