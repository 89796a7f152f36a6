"""Data files for the prep steps: question templates, objection library, answer frameworks.

A library module (not a plugin) shared by the first-party prep steps. Each kind
of data is a TOML file beside the step that owns it (``questions/questions.toml``);
the steps never hard-code the wording they fill in, so that workflow packs can
extend or override it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import prepflow
from prepflow.packdata import first_party_data_file
from prepflow.tomlread import parse_toml


def load_data(kind: str, ctx: prepflow.StepContext | None = None) -> dict[str, Any]:
    """The data of ``kind``: with a step's ``ctx``, merged with the plan's packs.

    ``load_data(kind, ctx)`` is ``ctx.data(kind)``: prepflow's ``<kind>.toml``
    extended by the packs the plan pins, each file recorded so the step reruns
    when one changes. ``load_data(kind)`` is prepflow's file alone (read once
    per process; do not modify it).
    """
    if ctx is not None:
        return ctx.data(kind)
    return _first_party(kind)


@cache
def _first_party(kind: str) -> dict[str, Any]:
    file = first_party_data_file(kind)
    if file is None:
        raise FileNotFoundError(f"prepflow_plugins has no data file {kind}.toml")
    return parse_toml(file.read_text(encoding="utf-8"))
