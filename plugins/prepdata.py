"""Data files for the prep steps: question templates, objection library, answer frameworks.

A library module (not a plugin) shared by the first-party prep steps. Each kind
of data is a TOML file in ``plugins/data/``; the steps never hard-code the
wording they fill in, so that workflow packs can extend or override it.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib import resources
from typing import Any

import prepflow


def load_data(kind: str, ctx: prepflow.StepContext | None = None) -> dict[str, Any]:
    """The data of ``kind``: with a step's ``ctx``, merged with the plan's packs.

    ``load_data(kind, ctx)`` is ``ctx.data(kind)``: prepflow's ``data/<kind>.toml``
    extended by the packs the plan pins, each file recorded so the step reruns
    when one changes. ``load_data(kind)`` is prepflow's file alone (read once
    per process; do not modify it).
    """
    if ctx is not None:
        return ctx.data(kind)
    return _first_party(kind)


@cache
def _first_party(kind: str) -> dict[str, Any]:
    text = resources.files("prepflow_plugins").joinpath("data", f"{kind}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def data_kind(kind: str, description: str) -> prepflow.DataKind:
    """The :class:`prepflow.DataKind` of ``kind``, with its schema ``data/<kind>.schema.json``."""
    text = resources.files("prepflow_plugins").joinpath("data", f"{kind}.schema.json").read_text("utf-8")
    return prepflow.DataKind(kind, json.loads(text), description)
