"""``prepflow step run``: run one step type on its own and print its outputs."""

from __future__ import annotations

from typing import Any

import click

from prepflow.commands.common import debug_option, debugging, load_plugins, plugin_option, verbose_option


@click.group("step")
def step() -> None:
    """Work with one step type on its own."""


@step.command("run")
@click.argument("type_name", metavar="TYPE")
@click.option(
    "--with",
    "pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A config value (repeatable). VALUE is read as TOML or JSON if it can be, else as text; "
    "@FILE reads a JSON file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print only the outputs, as JSON.")
@verbose_option
@plugin_option
@debug_option
@click.pass_context
def step_run(
    ctx: click.Context, type_name: str, pairs: tuple[str, ...], as_json: bool, plugin_files: tuple[str, ...]
) -> None:
    """Run step type TYPE once, with the given config, and print its outputs."""
    import json
    from pathlib import Path

    from prepflow.engine import describe_error, run_step_type
    from prepflow.errors import PrepflowError
    from prepflow.schema import did_you_mean, problems

    loaded = load_plugins(plugin_files)
    step_type = loaded.step_types.get(type_name)
    if step_type is None:
        raise click.BadParameter(
            f"no step type '{type_name}'{did_you_mean(type_name, loaded.step_types)}", param_hint="TYPE"
        )
    config = _parse_pairs(pairs)
    found = list(problems(config, step_type.config_schema))
    if found:
        lines = [f"--with {'.'.join(map(str, w)) or '(config)'}: {m}" for w, m, _ in found]
        raise click.UsageError("; ".join(lines))
    try:
        outputs = run_step_type(step_type, config, base_dir=Path.cwd())
    except Exception as e:
        if debugging(ctx) or not isinstance(
            e, PrepflowError | OSError | ValueError | TypeError | KeyError | RuntimeError
        ):
            raise
        raise PrepflowError(f"{type_name}: {describe_error(e)}") from e
    click.echo(json.dumps(outputs, indent=None if as_json else 2, ensure_ascii=False))


def _parse_pairs(pairs: tuple[str, ...]) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{pair}' is not KEY=VALUE", param_hint="--with")
        value = _parse_value(raw, key)
        target = config
        parts = key.strip().split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise click.BadParameter(f"'{key}' conflicts with another --with", param_hint="--with")
        target[parts[-1]] = value
    return config


def _parse_value(raw: str, key: str) -> Any:
    import json
    import tomllib

    if raw.startswith("@"):
        try:
            with open(raw[1:], encoding="utf-8") as f:
                return json.load(f)
        except OSError as e:
            raise click.BadParameter(
                f"{key}: cannot read {raw[1:]}: {e.strerror}", param_hint="--with"
            ) from None
        except ValueError as e:
            raise click.BadParameter(f"{key}: {raw[1:]} is not JSON: {e}", param_hint="--with") from None
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        pass
    if raw[:1] in ("{", "["):
        try:
            return json.loads(raw)
        except ValueError:
            pass
    return raw
