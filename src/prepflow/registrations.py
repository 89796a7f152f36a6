"""What plugins register: step types, renderers, dossier sections and data kinds, by name.

Each plugin's ``register_*`` hooks are called on their own, so one that raises,
or registers something of the wrong kind or an invalid one, is a failure named
after that plugin while the others' registrations stand. A name registered by
two plugins is a clash: the first stays, and the second plugin is named.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import pluggy

from prepflow.datakind import DataKind
from prepflow.errors import PluginError
from prepflow.renderer import Renderer
from prepflow.sections import Section
from prepflow.steptype import StepType

CLASH = "is registered by both"
"""In the failure of a plugin whose name clashes (reported where the plan uses that name)."""

Fail = Callable[..., None]
"""``fail(plugin, error_or_message)``: note a plugin's failure (``Plugins._fail``)."""


def _takes_sections(render: Any) -> bool:
    """Whether a renderer's function accepts the registered sections (a ``sections`` parameter)."""
    try:
        return "sections" in inspect.signature(render).parameters
    except (TypeError, ValueError):
        return False


def collect(pm: pluggy.PluginManager, pack_steps: dict[str, tuple[str, str]], fail: Fail) -> dict[str, Any]:
    """Call every plugin's register hooks: ``{hook: (table by name, owners by name)}``, clashes, sections.

    ``pack_steps`` maps a pack's plugin name to (manifest location, namespace):
    its step types must be named within the namespace.
    """
    registered: dict[str, Any] = {"clashes": {}}
    for hook_name, kind, what in (
        ("register_step_types", StepType, "step type"),
        ("register_renderers", Renderer, "renderer"),
        ("register_dossier_sections", Section, "dossier section"),
        ("register_data_kinds", DataKind, "data kind"),
    ):
        table: dict[str, Any] = {}
        owners: dict[str, list[str]] = {}
        for impl in reversed(getattr(pm.hook, hook_name).get_hookimpls()):
            for item in _call_register(impl, kind, fail) or ():
                namespace = pack_steps.get(impl.plugin_name, ("", ""))[1]
                if namespace and kind is StepType and not item.name.startswith(namespace + "."):
                    fail(
                        impl.plugin_name,
                        f"step type '{item.name}' must start with the pack's namespace '{namespace}.'",
                    )
                    continue
                owners.setdefault(item.name, []).append(impl.plugin_name)
                if kind is Section:
                    item = item.replace(plugin=impl.plugin_name)
                table.setdefault(item.name, item)
        for name, plugins in owners.items():
            if len(plugins) > 1:
                registered["clashes"][name] = plugins
                fail(
                    plugins[-1],
                    f"{what} '{name}' {CLASH} '{plugins[0]}' and "
                    f"'{plugins[-1]}'; disable one with PREPFLOW_DISABLE_PLUGINS",
                )
        registered[hook_name] = (table, owners)
    sections = tuple(sorted(registered["register_dossier_sections"][0].values(), key=lambda s: s.sort_key))
    registered["sections"] = sections
    renderers = registered["register_renderers"][0]
    for name, renderer in renderers.items():
        if _takes_sections(renderer.render):  # a renderer that lays out sections gets them bound
            renderers[name] = renderer.replace(render=functools.partial(renderer.render, sections=sections))
    return registered


def _call_register(impl: Any, kind: type, fail: Fail) -> list[Any] | None:
    items: list[Any] = []

    def register(item: Any) -> None:
        if not isinstance(item, kind):
            raise PluginError(f"register() expects a {kind.__name__}, got {type(item).__name__}")
        items.append(item)

    try:
        impl.function(**{arg: register for arg in impl.argnames})
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):
            raise
        fail(impl.plugin_name, e)
        return None
    return items
