"""Step types and a renderer for the tests, registered as one plugin ("testkit").

Tests register this module directly (``Plugins(entry_points=False).register(...)``)
or, for the CLI, through a one-line local plugin file that imports it (see the
``kit`` fixture in conftest.py). Either way the state below is shared with the
test, so a test can watch which steps ran and release steps that block.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

import prepflow

CALLS: list[str] = []
"""Step ids, in the order their run functions were called (one entry per attempt)."""

VERSIONS: dict[str, str] = {}
"""Override a step type's version, e.g. ``VERSIONS["t.echo"] = "2"``."""

RELEASE = threading.Event()
"""Set to release every step blocked in ``t.block``; set again at each test's teardown."""

BARRIER: dict[str, threading.Barrier] = {}
"""``BARRIER["b"]``: the barrier ``t.barrier`` steps wait on (a test puts it there)."""

STARTED: dict[str, threading.Event] = {}
"""``STARTED[step_id]`` is set when a ``t.block`` step starts."""


def reset() -> None:
    CALLS.clear()
    VERSIONS.clear()
    BARRIER.clear()
    STARTED.clear()
    RELEASE.clear()


def _called(ctx: prepflow.StepContext) -> None:
    CALLS.append(ctx.step_id)


def echo(ctx: prepflow.StepContext) -> dict[str, Any]:
    _called(ctx)
    return {"value": ctx.config.get("value"), "count": ctx.config.get("count", 1)}


def anything(ctx: prepflow.StepContext) -> dict[str, Any]:
    _called(ctx)
    return dict(ctx.config)


def read(ctx: prepflow.StepContext) -> dict[str, Any]:
    _called(ctx)
    text = ctx.read_text(ctx.config["path"])
    return {"text": text, "words": len(text.split())}


def count_words(ctx: prepflow.StepContext) -> dict[str, Any]:
    _called(ctx)
    return {"words": len(ctx.read_text(ctx.config["path"]).split())}


def fail(ctx: prepflow.StepContext) -> dict[str, Any]:
    _called(ctx)
    raise prepflow.StepError(ctx.config.get("message", "this step always fails"))


def flaky(ctx: prepflow.StepContext) -> dict[str, Any]:
    _called(ctx)
    if ctx.attempt <= ctx.config["fail_times"]:
        raise prepflow.StepError(f"attempt {ctx.attempt} failed")
    return {"attempts": ctx.attempt}


def block(ctx: prepflow.StepContext) -> dict[str, Any]:
    """Block until RELEASE is set; when ``cooperative``, also stop once cancelled."""
    _called(ctx)
    STARTED.setdefault(ctx.step_id, threading.Event()).set()
    while not RELEASE.wait(0.005):
        if ctx.config.get("cooperative") and ctx.cancelled:
            ctx.check_cancelled()
            return {"released": False}
    return {"released": True}


def barrier(ctx: prepflow.StepContext) -> dict[str, Any]:
    """Wait until every party has arrived: only possible when steps run at the same time."""
    _called(ctx)
    BARRIER["b"].wait(timeout=10)
    return {"met": True}


_ECHO_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "value": {"description": "Any value; returned as the output `value`."},
        "count": {"type": "integer", "minimum": 1, "description": "How many."},
        "label": {"type": "string"},
    },
}
_PATH_SCHEMA = {
    "type": "object",
    "required": ["path"],
    "additionalProperties": False,
    "properties": {"path": {"type": "string", "format": "path", "description": "A file to read."}},
}


def _declared(*names: str) -> Mapping[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": {n: {} for n in names}}


def step_types() -> list[prepflow.StepType]:
    def make(name: str, run: Any, **kwargs: Any) -> prepflow.StepType:
        return prepflow.StepType(
            name=name, run=run, summary=f"Test step {name}.", version=VERSIONS.get(name, "1"), **kwargs
        )

    return [
        make("t.echo", echo, config_schema=_ECHO_SCHEMA, output_schema=_declared("value", "count")),
        make("t.any", anything, config_schema={"type": "object"}),
        make("t.read", read, config_schema=_PATH_SCHEMA, output_schema=_declared("text", "words")),
        make("t.count_words", count_words, config_schema=_PATH_SCHEMA, output_schema=_declared("words")),
        make(
            "t.fail",
            fail,
            config_schema={"type": "object", "properties": {"message": {"type": "string"}}},
        ),
        make(
            "t.flaky",
            flaky,
            config_schema={
                "type": "object",
                "required": ["fail_times"],
                "properties": {"fail_times": {"type": "integer", "minimum": 0}},
            },
        ),
        make(
            "t.block",
            block,
            config_schema={"type": "object", "properties": {"cooperative": {"type": "boolean"}}},
        ),
        make("t.barrier", barrier),
    ]


@prepflow.hookimpl
def register_step_types(register: Any) -> None:
    for step_type in step_types():
        register(step_type)


def render_txt(dossier: Mapping[str, Any]) -> str:
    return json.dumps(dossier, sort_keys=True, indent=1) + "\n"


@prepflow.hookimpl
def register_renderers(register: Any) -> None:
    register(prepflow.Renderer(name="txt", filename="dossier.txt", render=render_txt, summary="JSON text."))
