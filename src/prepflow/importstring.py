"""Import strings, ``"package.module:function"``: what a plugin names instead of importing it.

A step type's ``run`` and a dossier section's renderers may be import strings,
so that loading a plugin imports none of the code that only a run or a dossier
needs. :func:`resolve` imports the module the first time and keeps the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow.lazyre import LazyPattern

#: ``module:attribute``, e.g. ``"my_plugin.rules:run"``.
IMPORT_STRING = LazyPattern(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")

_IMPORTED: dict[str, Callable[..., Any]] = {}  # import string -> the function it names, once imported


def resolve(owner: str, target: str, error: type[Exception]) -> Callable[..., Any]:
    """The callable ``target`` names, imported once; else ``error`` naming ``owner`` ("step type 'x'")."""
    found = _IMPORTED.get(target)
    if found is None:
        found = _IMPORTED[target] = _import(owner, target, error)
    return found


def _import(owner: str, target: str, error: type[Exception]) -> Callable[..., Any]:
    import importlib

    module_name, _, attribute = target.partition(":")
    try:
        found: Any = importlib.import_module(module_name)
    except ImportError as e:
        raise error(f"{owner}: cannot import {target!r} ({e})") from e
    for part in attribute.split("."):
        try:
            found = getattr(found, part)
        except AttributeError:
            raise error(
                f"{owner}: {target!r} names no attribute {part!r} of module {module_name!r}"
            ) from None
    if not callable(found):
        raise error(f"{owner}: {target!r} is not callable ({type(found).__name__})")
    return found  # type: ignore[no-any-return]
