"""How the first-party steps prepare the candidate, as libraries.

The implementations of ``company.research`` (``research``),
``questions.draft`` (``questions``), ``ideas.problem_solving`` (``ideas``),
``stories.bank`` (``stories``), ``objections.rehearse`` (``objections``) and
``posture.check`` (``posture``), and the citations they share (``citing``).
Only a step that runs imports them: the plugin modules
(``prepflow_plugins.research`` and so on) import them inside ``run``.
"""
