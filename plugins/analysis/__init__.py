"""What the first-party steps know about the posting and the resume, as libraries.

The implementations of ``job.analyze`` (``job``), ``resume.analyze``
(``resume``), ``match.evidence`` (``match``) and ``focus.competencies``
(``focus``), and the shared vocabulary of skills and synonyms (``terms``).
Their regular expressions and tables cost time to build, so only a step that
runs imports them: the plugin modules (``prepflow_plugins.job`` and so on)
import them inside ``run``.
"""
