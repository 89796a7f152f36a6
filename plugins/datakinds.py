"""The data kinds of the first-party steps: each kind's schema is ``<kind>.schema.json``, beside its data.

A light module (the step packages import it to register their kinds, so it
must not import their rules or the data helpers in ``prepdata``).
"""

from __future__ import annotations

import json

import prepflow
from prepflow.packdata import first_party_data_file


def data_kind(kind: str, description: str) -> prepflow.DataKind:
    """The :class:`prepflow.DataKind` of ``kind``, with the schema that sits beside prepflow's own data."""
    file = first_party_data_file(kind)
    if file is None:
        raise FileNotFoundError(f"prepflow_plugins has no data file {kind}.toml")
    schema = json.loads(file.with_name(f"{kind}.schema.json").read_text(encoding="utf-8"))
    return prepflow.DataKind(kind, schema, description)
