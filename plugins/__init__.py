"""prepflow's first-party plugins.

Each module here is one plugin, registered through the ``prepflow`` entry-point
group exactly like a third-party plugin, and written only against the public
API (``prepflow.hookimpl``, ``prepflow.StepType``, ``prepflow.StepContext``,
``prepflow.Renderer``, ``prepflow.StepError``). Read them as examples.
"""
