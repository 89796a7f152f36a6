"""The data kinds of the first-party steps: each kind's schema is ``<kind>.schema.json``, beside its data.

A light module (the step packages import it to register their kinds, so it
must not import their rules or the data helpers in ``prepdata``). Registering
happens on every command that lists step types: a schema is read from its
known folder, once per process.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import prepflow

_ROOT = Path(__file__).parent


@functools.cache
def _schema(folder: str, kind: str) -> Any:
    return json.loads((_ROOT / folder / f"{kind}.schema.json").read_text(encoding="utf-8"))


def data_kind(kind: str, description: str, folder: str) -> prepflow.DataKind:
    """The :class:`prepflow.DataKind` of ``kind``, whose schema and data are in step package ``folder``."""
    return prepflow.DataKind(kind, _schema(folder, kind), description)
