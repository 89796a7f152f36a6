"""Step types that do no work, to measure the engine itself.

``bench.noop`` takes no config and returns nothing. ``bench.work`` has a config
and an output schema shaped like a real step's (a path, a number, a list, a
choice), so plans whose steps each have their own ``with`` measure config
checking and output contracts as real plans pay them.
"""

import prepflow


def noop(ctx: prepflow.StepContext) -> dict:
    return {}


def work(ctx: prepflow.StepContext) -> dict:
    return {"count": ctx.config["limit"], "source": ctx.config["source"]}


WORK_CONFIG = {
    "type": "object",
    "properties": {
        "source": {"type": "string", "minLength": 1, "description": "A file to read."},
        "limit": {"type": "integer", "minimum": 1, "default": 10},
        "tags": {"type": "array", "items": {"type": "string"}},
        "mode": {"enum": ["fast", "thorough"], "default": "fast"},
        "strict": {"type": "boolean", "default": False},
    },
    "required": ["source"],
    "additionalProperties": False,
}

WORK_OUTPUTS = {
    "type": "object",
    "properties": {"count": {"type": "integer"}, "source": {"type": "string"}},
    "required": ["count", "source"],
    "additionalProperties": False,
}


@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="bench.noop", run=noop, summary="Do nothing."))
    register(
        prepflow.StepType(
            name="bench.work",
            run=work,
            summary="Echo part of the config.",
            config_schema=WORK_CONFIG,
            output_schema=WORK_OUTPUTS,
        )
    )
