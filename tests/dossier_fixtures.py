"""Helpers for the dossier tests: a full dossier, a plan that makes one, and XSS payloads."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "dossier"
FULL = json.loads((FIXTURES / "full.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "dossier.schema.json").read_text("utf-8"))

# The first-party plugins the fixture plan needs; the prep steps come from fixtures/dossier/prep_steps.py.
FIRST_PARTY = "documents,job,resume,match,focus,dossier"

PAYLOADS = (
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    '<a href="javascript:window.__xss = 3">click</a>',
    "[click](javascript:window.__xss = 4)",
    '"><svg onload="window.__xss = 5">',
)
PAYLOAD = " ".join(PAYLOADS)


def full() -> dict[str, Any]:
    """A complete dossier: the example's analysis steps plus every prep step (by uses, not id)."""
    return copy.deepcopy(FULL)


def planted(dossier: dict[str, Any], payload: str = PAYLOAD) -> dict[str, Any]:
    """The dossier with ``payload`` appended to every string, plan and step outputs alike."""

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return f"{value} {payload}"
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) if k not in ("uses", "status") else v for k, v in value.items()}
        return value

    out = copy.deepcopy(dossier)
    out["plan"] = walk(out["plan"])
    out["steps"] = {sid: walk(step) for sid, step in out["steps"].items()}
    return out


def without(dossier: dict[str, Any], *uses: str) -> dict[str, Any]:
    out = copy.deepcopy(dossier)
    out["steps"] = {sid: s for sid, s in out["steps"].items() if s["uses"] not in uses}
    return out


def copy_plan(tmp_path: Path, posting_title: str | None = None) -> Path:
    """The fixture plan in ``tmp_path/plan/`` (its prep stand-ins beside it); returns plan.toml."""
    shutil.copytree(FIXTURES / "plan", tmp_path / "plan")
    for name in ("prep_steps.py", "full.json"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    if posting_title is not None:
        job = tmp_path / "plan" / "job.md"
        lines = job.read_text(encoding="utf-8").splitlines(keepends=True)
        job.write_text(f"# {posting_title}\n" + "".join(lines[1:]), encoding="utf-8")
    return tmp_path / "plan" / "plan.toml"
