"""The dossier's branding: the ``[report]`` settings of a plan's pinned packs, files inlined."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from prepflow.pack import MEDIA_TYPES, Pack


def branding(packs: Sequence[Pack]) -> dict[str, Any] | None:
    """The active packs' ``[report]`` settings for the dossier (later packs win), or None.

    Files are inlined so renderers need no file access: ``css`` and ``template``
    as text, ``logo`` as a ``data:`` URI (with ``logo_file``, its name).
    """
    out: dict[str, Any] = {}
    for pack in packs:
        if not pack.report:
            continue
        out["pack"] = pack.name
        for key, value in pack.report.items():
            if key == "title":
                out["title"] = value
            elif key == "logo":
                media = MEDIA_TYPES.get(value.suffix.lower(), "application/octet-stream")
                encoded = base64.b64encode(value.read_bytes()).decode("ascii")
                out["logo"] = f"data:{media};base64,{encoded}"
                out["logo_file"] = value.name
            else:
                out[key] = value.read_text("utf-8")
    return out or None
