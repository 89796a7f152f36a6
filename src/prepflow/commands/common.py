"""Options and helpers the commands share.

``--debug``, ``--plugin`` and :func:`debugging` are defined in :mod:`prepflow.cligroup`,
with the top-level group that takes them too (``prepflow --help`` then loads no
other module), and are re-exported here. Every helper imports what it needs
when it is called.
"""

from __future__ import annotations

import os
from typing import Any

import click

from prepflow.cligroup import debug_option as debug_option
from prepflow.cligroup import debugging as debugging
from prepflow.cligroup import plugin_option as plugin_option
from prepflow.cligroup import verbose_option as verbose_option

FORCE_ALL = ":all:"  # what `--force` alone stands for


def plan_argument(f: Any) -> Any:
    """The PLAN argument, built only by the commands that take it."""
    return click.argument("plan_file", metavar="PLAN", type=click.Path(exists=True, dir_okay=False))(f)


def forceable_plan_argument(f: Any) -> Any:
    """PLAN for commands with ``--force [STEP]``, where ``--force plan.toml`` would otherwise swallow it."""
    return click.argument(
        "plan_file", metavar="PLAN", required=False, type=click.Path(exists=True, dir_okay=False)
    )(f)


def load_plugins(files: tuple[str, ...] = ()) -> Any:
    """The installed plugins and the ``--plugin`` files, with a warning for each that failed to load."""
    from prepflow.runcli import load_plugins as load

    verbose = bool((click.get_current_context().find_root().obj or {}).get("verbose"))
    return load(all_plugin_files(files), verbose=verbose)


def all_plugin_files(files: tuple[str, ...]) -> tuple[str, ...]:
    """``--plugin`` files given before the command, then after it."""
    root = click.get_current_context().find_root()
    return (*(root.obj or {}).get("plugin_files", ()), *files)


def load_plan_and_plugins(plan_file: str, plugin_files: tuple[str, ...]) -> tuple[Any, Any]:
    """The plan in ``plan_file`` and the plugins it was loaded with."""
    from prepflow.loader import load_plan

    plugins = load_plugins(plugin_files)
    return load_plan(plan_file, plugins, shown=plan_file), plugins


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON on stdout (problems too, with exit status 1)."
)


def diagnostic_data(diagnostic: Any) -> dict[str, Any]:
    """One problem as JSON: where it is, the key path, the message, and the line `validate` prints."""
    return {
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "path": diagnostic.path,
        "message": diagnostic.message,
        "text": str(diagnostic),
    }


def load_plan_for_json(plan_file: str, plugin_files: tuple[str, ...]) -> tuple[Any, Any]:
    """As :func:`load_plan_and_plugins`; an invalid plan prints ``{"valid": false, "problems": [...]}``."""
    import json
    import sys

    from prepflow.errors import PlanError

    try:
        return load_plan_and_plugins(plan_file, plugin_files)
    except PlanError as e:
        problems = [diagnostic_data(d) for d in e.diagnostics]
        click.echo(json.dumps({"plan": plan_file, "valid": False, "problems": problems}, indent=2))
        sys.exit(1)


def plan_and_force(plan_file: str | None, force: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """``prepflow run --force plan.toml`` means: force every step of plan.toml."""
    if plan_file is not None:
        return plan_file, force
    if force and force[-1] != FORCE_ALL and os.path.isfile(force[-1]):
        return force[-1], (*force[:-1], FORCE_ALL)
    raise click.UsageError("Missing argument 'PLAN'.")


def forced_steps(plan: Any, plan_file: str, force: tuple[str, ...]) -> set[str] | str:
    """The steps --force names (ALL when given alone); an unknown step is a usage error."""
    from prepflow.results import ALL
    from prepflow.schema import did_you_mean

    forced: set[str] = set()
    for item in force:
        if item == FORCE_ALL:
            return ALL
        for name in filter(None, (n.strip() for n in item.split(","))):
            if name not in plan.steps:
                raise click.BadParameter(
                    f"no step '{name}' in {plan_file}{did_you_mean(name, plan.steps)}", param_hint="--force"
                )
            forced.add(name)
    return forced
