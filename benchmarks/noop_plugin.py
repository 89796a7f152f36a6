"""A plugin with one step type that does nothing, to measure the engine itself."""

import prepflow


def noop(ctx: prepflow.StepContext) -> dict:
    return {}


@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="bench.noop", run=noop, summary="Do nothing."))
