"""prepflow's first-party plugins.

Each module here is one plugin, registered through the ``prepflow`` entry-point
group exactly like a third-party plugin, and written only against the public
API (``prepflow.hookimpl``, ``prepflow.StepType``, ``prepflow.StepContext``,
``prepflow.Renderer``, ``prepflow.StepError``). Read them as examples.

A step's plugin module holds only its documentation, its schemas and a ``run``
that imports the implementation when the step runs: the rules live in the
libraries ``analysis`` (the posting, the resume and what matches) and ``prep``
(research, questions, ideas, stories, objections, posture), so loading the
plugins stays cheap.
"""
