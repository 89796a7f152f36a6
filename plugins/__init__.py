"""prepflow's first-party plugins.

Each step is one package here (``job``, ``resume``, ``match``, ``focus``,
``research``, ``questions``, ``ideas``, ``stories``, ``objections``,
``posture``), plus ``documents`` (``doc.load`` and the document readers every
step uses) and ``dossier`` (the Markdown, JSON and HTML renderers). Each is
registered through the ``prepflow`` entry-point group exactly like a
third-party plugin, and written only against the public API
(``prepflow.hookimpl``, ``prepflow.StepType``, ``prepflow.StepContext``,
``prepflow.Renderer``, ``prepflow.StepError``). Read them as examples.

A step package's ``__init__.py`` holds its documentation, its config schema
and its registration; its rules live in ``rules.py``, named by an import
string (``"prepflow_plugins.questions.rules:run"``) so that they are imported
only when the step runs, and loading the plugins stays cheap. Its dossier
section's renderers live in ``section.py``, named the same way
(:func:`section_hook`), imported only when a dossier is written. Its output schema
is the package's ``output.schema.json``, and the data files it reads
(``questions.toml`` and so on) sit beside it. ``text`` holds the skill terms
several steps share, ``citing`` their citations, ``prepdata`` the data loader.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from typing import Any

import prepflow


def outputs_option(producer: str, step: str, *required: str, optional: bool = False) -> dict[str, Any]:
    """The config schema of an option that takes a producer's outputs, ``"${steps.<step>.outputs}"``.

    ``producer`` is the step type (``"job.analyze"``), ``step`` the id plans give
    it, ``required`` the output keys the consumer cannot do without.
    """
    schema: dict[str, Any] = {"type": "object"}
    if required:
        schema["required"] = list(required)
    shown = f'"${{steps.{step}.outputs}}"' + (" (optional)" if optional else "")
    schema["description"] = f"The outputs of {producer}: {shown}."
    return schema


def source_option(description: str) -> dict[str, Any]:
    """The config schema of a step's ``source``: the file (or URL) it reads, ``description`` saying what."""
    return {"type": "string", "minLength": 1, "format": "path", "description": description}


def package_text(package: str, name: str) -> str:
    """The text of data file ``name`` that ``package`` ships beside its ``__init__.py`` (UTF-8).

    Read from the folder when the package is one (importing :mod:`importlib.resources` and its
    readers costs a run more than reading the file), else through :mod:`importlib.resources`.
    """
    file = importlib.import_module(package).__file__
    if file is None:  # not a folder on disk
        from importlib import resources

        return resources.files(package).joinpath(name).read_text(encoding="utf-8")
    with open(os.path.join(os.path.dirname(file), name), encoding="utf-8") as f:
        return f.read()


def output_schema(package: str) -> dict[str, Any]:
    """The output schema a step package ships, its ``output.schema.json``."""
    schema: dict[str, Any] = json.loads(package_text(package, "output.schema.json"))
    return schema


def step_type_hook(
    package: str,
    name: str,
    version: str,
    summary: str,
    run: str = "rules:run",
    consumes: Mapping[str, list[str]] | None = None,
) -> Any:
    """The ``register_step_types`` hook of a step package: one step type, built from the package's files.

    Its ``run`` is the import string ``"<package>.<run>"`` (``rules.py``'s
    ``run`` unless given), its config schema the package's ``CONFIG_SCHEMA``,
    its description the package's docstring, and its output schema the
    package's ``output.schema.json``. ``consumes`` is what the rules read of the
    outputs of the steps it needs, by producer step type (see ``prepflow.StepType``).
    """

    @prepflow.hookimpl
    def register_step_types(register: Any) -> None:
        module = importlib.import_module(package)
        register(
            prepflow.StepType(
                name=name,
                run=f"{package}.{run}",
                summary=summary,
                version=version,
                config_schema=module.CONFIG_SCHEMA,
                output_schema=output_schema(package),
                description=module.__doc__ or "",
                consumes=consumes or {},
            )
        )

    return register_step_types


def section_hook(
    package: str,
    name: str,
    uses: str | tuple[str, ...],
    title: str,
    *,
    order: float,
    markdown: bool = True,
    html: bool = True,
    contents: bool = True,
) -> Any:
    """The ``register_dossier_sections`` hook of a step package: one section, rendered by its ``section.py``.

    Its renderers are the import strings ``"<package>.section:markdown"`` and
    ``"<package>.section:html"`` (leave one out with ``markdown=False`` or
    ``html=False``), so that ``section.py`` is imported only when a dossier is written.
    """

    @prepflow.hookimpl
    def register_dossier_sections(register: Any) -> None:
        register(
            prepflow.Section(
                name,
                uses,
                title,
                f"{package}.section:markdown" if markdown else None,
                f"{package}.section:html" if html else None,
                order=order,
                contents=contents,
            )
        )

    return register_dossier_sections
