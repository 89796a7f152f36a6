"""Data files for the prep steps: question templates, objection library, answer frameworks.

A library module (not a plugin) shared by the first-party prep steps. Each kind
of data is a TOML file in ``plugins/data/``; the steps never hard-code the
wording they fill in, so that workflow packs can extend or override it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_data(kind: str) -> dict[str, Any]:
    """The data file ``data/<kind>.toml`` as a dict (read once per process)."""
    text = resources.files("prepflow_plugins").joinpath("data", f"{kind}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
