"""Resolving a plan's pack pins (``packs = ["acme-coaching>=1.2"]``) against the registered packs.

A plan activates packs by pinning them; steps then read merged data with
:meth:`prepflow.StepContext.data` (see :mod:`prepflow.packdata`). A pin
resolves to a pack only when the pack is installed, loaded, satisfies the
version range and its data files pass the schemas of their kinds: so every
run checks the data of the packs it uses before any step reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prepflow.pack import Pack, canonical
from prepflow.packdata import data_problems

if TYPE_CHECKING:
    from prepflow.plugins import Plugins


def failures_of(plugins: Plugins, name: str) -> list[str]:
    """The problems reported for pack ``name`` (its manifest, or its steps module)."""
    key = canonical(name)
    return [f.error for f in plugins.failures if canonical(f.plugin) == key]


def broken_packs(plugins: Plugins) -> dict[str, list[str]]:
    """Packs that failed to load: name -> problems."""
    out: dict[str, list[str]] = {}
    for failure in plugins.failures:
        if getattr(failure, "kind", "plugin") == "pack" and canonical(failure.plugin) not in plugins.packs:
            out.setdefault(failure.plugin, []).append(failure.error)
    return out


def resolve_pin(pin: str, plugins: Plugins) -> Pack | str:
    """The installed pack that satisfies ``pin`` ("acme-coaching>=1.2"), or a message saying why none does."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(pin)
    except InvalidRequirement:
        return (
            f"'{pin}' is not a pack pin; write a name and an optional version range, "
            'e.g. "acme-coaching" or "acme-coaching>=1.2,<2"'
        )
    if req.extras or req.marker or req.url:
        return f"'{pin}': a pack pin takes a name and a version range only (no extras, markers or URLs)"
    pack = plugins.packs.get(canonical(req.name))
    install = f"install it with `pip install '{pin}'`"
    if pack is None:
        broken = failures_of(plugins, req.name)
        if broken:
            return f"pack '{req.name}' is installed but failed to load: {broken[0]}"
        return f"no pack '{req.name}' is installed ({_installed(plugins)}); {install}"
    if not req.specifier.contains(pack.version, prereleases=True):
        return (
            f"pack '{pack.name}' {pack.version} is installed, which does not satisfy '{pin}'; "
            f"install a matching version with `pip install '{pin}'`"
        )
    problems = data_problems(pack, plugins.data_kinds)
    if problems:
        more = (
            f" (and {len(problems) - 1} more; see `prepflow packs show {pack.name}`)"
            if len(problems) > 1
            else ""
        )
        return problems[0] + more
    return pack


def _installed(plugins: Plugins) -> str:
    if not plugins.packs:
        return "no packs are installed"
    listing = ", ".join(f"{p.name} {p.version}" for p in sorted(plugins.packs.values(), key=lambda p: p.name))
    return f"installed packs: {listing}"
