"""The ``prepflow`` command: a thin layer of click commands over the library.

Only click is imported at start-up; each command imports what it needs when it
runs, so ``prepflow --help`` stays instant. Every failure a user can cause ends
as one line on stderr and exit status 1 (2 for usage errors); ``--debug`` shows
the traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from prepflow import __version__

_FORCE_ALL = ":all:"


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.ensure_object(dict)["debug"] = True
    return value


debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="Show tracebacks instead of one-line errors.",
)
plugin_option = click.option(
    "--plugin",
    "plugin_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Load a local plugin file (repeatable).",
)


class _Cli(click.Group):
    """Turns prepflow's errors into one-line messages, unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("prepflow: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            raise  # the reader went away (`prepflow plugins | head`): click ends quietly
        except Exception as e:
            if _debug(ctx):
                raise
            from prepflow.errors import PlanError, PrepflowError

            if isinstance(e, PlanError):
                for diagnostic in e.diagnostics:
                    click.echo(str(diagnostic), err=True)
                count = len(e.diagnostics)
                click.echo(f"prepflow: {count} problem{'s' * (count != 1)} found; nothing was run", err=True)
            elif isinstance(e, PrepflowError):
                click.echo(f"prepflow: error: {' '.join(str(e).split())}", err=True)
            elif isinstance(e, OSError):
                where = f"{e.filename}: " if e.filename else ""
                click.echo(f"prepflow: error: {where}{e.strerror or e}", err=True)
            else:
                message = f"{type(e).__name__}: {e}"
                click.echo(f"prepflow: internal error: {message} (rerun with --debug for details)", err=True)
            sys.exit(1)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or os.environ.get("PREPFLOW_DEBUG", "") not in ("", "0")


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, message="prepflow %(version)s")
@debug_option
@plugin_option
@click.pass_context
def cli(ctx: click.Context, plugin_files: tuple[str, ...]) -> None:
    """Prepare for an interview the way a good salesperson prepares for a pitch.

    A plan (TOML) lists steps such as researching the company, drafting
    questions to ask and rehearsing objections; plugins supply every step.

    \b
    Start with:  prepflow validate plan.toml
                 prepflow run plan.toml
    """
    ctx.ensure_object(dict)["plugin_files"] = plugin_files


def _load_plugins(files: tuple[str, ...] = ()) -> Any:
    from prepflow.plugins import Plugins

    plugins = Plugins(_plugin_files(files))
    plugins.step_types  # registering may fail too: report it with the load failures  # noqa: B018
    for failure in plugins.failures:
        click.echo(
            f"prepflow: warning: {failure} (hide it with PREPFLOW_DISABLE_PLUGINS={failure.plugin})",
            err=True,
        )
    return plugins


def _plugin_files(files: tuple[str, ...]) -> tuple[str, ...]:
    """``--plugin`` files given before the command, then after it."""
    root = click.get_current_context().find_root()
    return (*(root.obj or {}).get("plugin_files", ()), *files)


def _load(plan_file: str, plugin_files: tuple[str, ...]) -> tuple[Any, Any]:
    from prepflow.loader import load_plan

    plugins = _load_plugins(plugin_files)
    return load_plan(plan_file, plugins, shown=plan_file), plugins


plan_argument = click.argument("plan_file", metavar="PLAN", type=click.Path(exists=True, dir_okay=False))
# for commands with `--force [STEP]`: `--force plan.toml` would otherwise swallow the plan
forceable_plan_argument = click.argument(
    "plan_file", metavar="PLAN", required=False, type=click.Path(exists=True, dir_okay=False)
)


def _plan_and_force(plan_file: str | None, force: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """``prepflow run --force plan.toml`` means: force every step of plan.toml."""
    if plan_file is not None:
        return plan_file, force
    if force and force[-1] != _FORCE_ALL and os.path.isfile(force[-1]):
        return force[-1], (*force[:-1], _FORCE_ALL)
    raise click.UsageError("Missing argument 'PLAN'.")


@cli.command()
@forceable_plan_argument
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Steps to run at once."
)
@click.option(
    "--force",
    multiple=True,
    is_flag=False,
    flag_value=_FORCE_ALL,
    metavar="[STEP]",
    help="Rerun STEP even if cached (repeatable, or comma-separated); alone, rerun every step.",
)
@click.option("--resume", is_flag=True, help="Continue the last failed or interrupted run.")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="Dossier format(s) to write, overriding [output] formats.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
@click.option("--json", "json_events", is_flag=True, help="Print a JSON event stream on stdout.")
@plugin_option
@debug_option
@click.pass_context
def run(
    ctx: click.Context,
    plan_file: str | None,
    jobs: int,
    force: tuple[str, ...],
    resume: bool,
    formats: tuple[str, ...],
    quiet: bool,
    json_events: bool,
    plugin_files: tuple[str, ...],
) -> None:
    """Run PLAN: each step runs, or is reused from the cache if nothing it depends on changed."""
    from prepflow.engine import ALL, run_plan
    from prepflow.progress import choose_reporter

    plan_file, force = _plan_and_force(plan_file, force)
    plan, plugins = _load(plan_file, plugin_files)
    forced = _forced(plan, plan_file, force)
    reporter = choose_reporter(json_events=json_events, quiet=quiet)
    result = run_plan(
        plan,
        plugins,
        jobs=jobs,
        force=forced if forced == ALL else tuple(sorted(forced)),
        resume=resume,
        reporter=reporter,
        formats=formats or None,
    )
    if result.status != "success":
        for sid in result.failed:
            step_result = result.steps[sid]
            if _debug(ctx) and step_result.exception is not None:
                import traceback

                traceback.print_exception(step_result.exception, file=sys.stderr)
            click.echo(f"prepflow: step '{sid}' failed: {step_result.error}", err=True)
        click.echo(
            f"prepflow: run failed; fix the problem, then `prepflow run {plan_file} --resume`", err=True
        )
        sys.exit(1)
    if not json_events and not quiet:
        for path in result.files:
            shown = os.path.relpath(path)
            click.echo(f"dossier: {path if shown.startswith('..') else shown}", err=True)
        _print_summary(plan, result, plugins)


def _print_summary(plan: Any, result: Any, plugins: Any) -> None:
    """The few things to do first, from the plugins' ``dossier_summary`` hook, and how to open the page."""
    from prepflow.output import build_dossier

    try:
        answers = plugins.hook.dossier_summary(dossier=build_dossier(plan, result.steps))
    except Exception as e:
        click.echo(f"prepflow: warning: no summary: {type(e).__name__}: {e}", err=True)
        return
    lines = [" ".join(str(line).split()) for answer in reversed(answers) for line in answer or ()]
    lines = [line for line in lines if line]
    if lines:
        click.echo("first, do:", err=True)
        for number, line in enumerate(lines, start=1):
            click.echo(f"  {number}. {line}", err=True)
    if any(path.suffix == ".html" for path in result.files):
        shown = os.path.relpath(plan.output_dir)
        click.echo(f"read it: prepflow open {plan.output_dir if shown.startswith('..') else shown}", err=True)


@cli.command("open")
@click.argument("target", metavar="[DIR]", required=False, type=click.Path(exists=True))
@debug_option
def open_command(target: str | None) -> None:
    """Open the last dossier written, its HTML page, in the web browser.

    DIR is an output folder, a folder holding a plan, or a plan file; by
    default the current folder.
    """
    import webbrowser

    from prepflow.errors import PrepflowError

    page = _last_dossier(target or ".")
    shown = os.path.relpath(page)
    click.echo(f"opening {page if shown.startswith('..') else shown}", err=True)
    if not webbrowser.open(page.resolve().as_uri()):
        raise PrepflowError(f"no web browser found to open {page}; open it yourself")


def _last_dossier(target: str) -> Any:
    """The most recently written HTML dossier in ``target`` or in the output folder of its plans."""
    import tomllib
    from pathlib import Path

    from prepflow.errors import PrepflowError
    from prepflow.output import read_manifest_files

    where = Path(target)
    plans = [where] if where.is_file() else sorted(where.glob("*.toml"))
    folders = [] if where.is_file() else [where]
    for plan in plans:
        try:
            doc = tomllib.loads(plan.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        output = doc.get("output") if isinstance(doc.get("output"), dict) else {}
        if isinstance(doc.get("steps"), dict):
            folder = output.get("dir") if isinstance(output.get("dir"), str) and output.get("dir") else "out"
            folders.append(plan.parent / folder)
    pages = []
    for folder in folders:
        names = [n for n in read_manifest_files(folder) if n.endswith(".html")]
        pages += [folder / n for n in names or ["dossier.html"] if (folder / n).is_file()]
    if not pages:
        looked = ", ".join(dict.fromkeys(os.path.relpath(f) for f in folders)) or target
        raise PrepflowError(
            f"no HTML dossier in {looked}; write one with `prepflow run PLAN --format html` "
            'or add "html" to [output] formats'
        )
    return max(pages, key=lambda p: (p.stat().st_mtime, str(p)))


@cli.command()
@plan_argument
@plugin_option
@debug_option
def validate(plan_file: str, plugin_files: tuple[str, ...]) -> None:
    """Check PLAN and report every problem, each as FILE:LINE:COLUMN: message."""
    plan, _ = _load(plan_file, plugin_files)
    click.echo(f"{plan_file}: valid ({len(plan.steps)} steps)")


@cli.command("plan")
@forceable_plan_argument
@click.option(
    "--force", multiple=True, is_flag=False, flag_value=_FORCE_ALL, metavar="[STEP]", help="As for `run`."
)
@plugin_option
@debug_option
def plan_command(plan_file: str | None, force: tuple[str, ...], plugin_files: tuple[str, ...]) -> None:
    """Dry run: say, for each step, whether it would run or be reused, and why."""
    from prepflow.engine import preview

    plan_file, force = _plan_and_force(plan_file, force)

    plan, plugins = _load(plan_file, plugin_files)
    forced = _forced(plan, plan_file, force)
    width = max(len(sid) for sid in plan.order)
    for sid, decision, reason in preview(plan, plugins, force=forced):
        click.echo(f"{decision:<7} {sid:<{width}}  {reason}")


def _forced(plan: Any, plan_file: str, force: tuple[str, ...]) -> set[str] | str:
    """The steps --force names (ALL when given alone); an unknown step is a usage error."""
    from prepflow.engine import ALL
    from prepflow.schema import did_you_mean

    forced: set[str] = set()
    for item in force:
        if item == _FORCE_ALL:
            return ALL
        for name in filter(None, (n.strip() for n in item.split(","))):
            if name not in plan.steps:
                raise click.BadParameter(
                    f"no step '{name}' in {plan_file}{did_you_mean(name, plan.steps)}", param_hint="--force"
                )
            forced.add(name)
    return forced


@cli.command()
@plugin_option
@debug_option
def schema(plugin_files: tuple[str, ...]) -> None:
    """Print the JSON Schema of plans, including every installed step type's `with`.

    Point your editor at it with a first line `#:schema ./plan.schema.json`.
    """
    import json

    from prepflow.schema import compose_schema

    click.echo(json.dumps(compose_schema(_load_plugins(plugin_files)), indent=2))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@plugin_option
@debug_option
def plugins(as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """List plugins: name, version, hooks, step types and load errors."""
    import json

    import attrs

    from prepflow.plugins import Plugins

    loaded = Plugins(_plugin_files(plugin_files))
    infos = loaded.info()
    if as_json:
        click.echo(json.dumps([attrs.asdict(i) for i in infos], indent=2))
        return
    if not infos:
        click.echo("no plugins installed")
    for info in infos:
        click.echo(f"{info.name} {info.version}  [{info.source}]")
        if info.step_types:
            click.echo(f"  step types: {', '.join(info.step_types)}")
        if info.renderers:
            click.echo(f"  renderers:  {', '.join(info.renderers)}")
        if info.hooks:
            click.echo(f"  hooks:      {', '.join(info.hooks)}")
        for error in info.errors:
            click.echo(f"  error:      {error}")


@cli.command()
@click.argument("name", required=False)
@plugin_option
@debug_option
def steps(name: str | None, plugin_files: tuple[str, ...]) -> None:
    """List step types, or describe NAME: its options, what it reads and produces."""
    from prepflow.describe import describe_step_type, list_step_types

    loaded = _load_plugins(plugin_files)
    if name is None:
        click.echo(list_step_types(loaded))
        return
    if name not in loaded.step_types:
        from prepflow.schema import did_you_mean

        raise click.BadParameter(
            f"no step type '{name}'{did_you_mean(name, loaded.step_types)}", param_hint="NAME"
        )
    click.echo(describe_step_type(loaded, name))


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@plugin_option
@debug_option
@click.pass_context
def packs(ctx: click.Context, as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """List workflow packs: templates, data kinds, step types and problems."""
    if ctx.invoked_subcommand is not None:
        return
    import json

    from prepflow.packs import broken_packs, check_pack, describe

    loaded = _load_plugins(plugin_files)
    found = [describe(p, loaded) for p in sorted(loaded.packs.values(), key=lambda p: p.name)]
    for item, pack in zip(found, sorted(loaded.packs.values(), key=lambda p: p.name), strict=True):
        item["errors"] = [*item["errors"], *check_pack(pack, loaded)]
    broken = [{"name": name, "errors": errors} for name, errors in sorted(broken_packs(loaded).items())]
    if as_json:
        click.echo(json.dumps({"packs": found, "broken": broken}, indent=2))
        return
    if not found and not broken:
        click.echo("no packs installed (a pack is a distribution with a pack.toml; see docs/packs.md)")
    for item in found:
        code = "data only" if item["data_only"] else f"steps from {item['steps_module']}"
        click.echo(f"{item['name']} {item['version']}  [namespace {item['namespace']}, {code}]")
        if item["description"]:
            click.echo(f"  {item['description']}")
        if item["templates"]:
            click.echo(f"  templates:  {', '.join(t['name'] for t in item['templates'])}")
        if item["data"]:
            click.echo(f"  data:       {', '.join(item['data'])}")
        if item["step_types"]:
            click.echo(f"  step types: {', '.join(item['step_types'])}")
        for error in item["errors"]:
            click.echo(f"  error:      {error}")
    for item in broken:
        click.echo(f"{item['name']}  [failed to load]")
        for error in item["errors"]:
            click.echo(f"  error:      {error}")


@packs.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@plugin_option
@debug_option
def packs_show(name: str, as_json: bool, plugin_files: tuple[str, ...]) -> None:
    """Describe pack NAME: its manifest, templates, data files, branding and step types."""
    import json

    from prepflow.initplan import find_pack
    from prepflow.packs import check_pack, describe

    loaded = _load_plugins(plugin_files)
    pack = find_pack(loaded, name)
    item = describe(pack, loaded)
    item["errors"] = [*item["errors"], *check_pack(pack, loaded)]
    if as_json:
        click.echo(json.dumps(item, indent=2))
        return
    click.echo(f"{item['name']} {item['version']}")
    if item["description"]:
        click.echo(item["description"])
    click.echo("")
    click.echo(f"manifest:   {item['manifest']}")
    click.echo(f"namespace:  {item['namespace']}")
    code = "none (data only: nothing is imported)" if item["data_only"] else item["steps_module"]
    click.echo(f"code:       {code}")
    click.echo(f'pin:        packs = ["{pack.pin()}"]')
    if item["templates"]:
        click.echo("templates:  (prepflow init DIR --pack NAME --template T)")
        for t in item["templates"]:
            click.echo(f"  {t['name']:<20} {t['file']}  {t['description']}".rstrip())
    if item["data"]:
        click.echo("data:       (merged after prepflow's own, in the plan's packs order)")
        for kind, files in item["data"].items():
            click.echo(f"  {kind:<20} {', '.join(files)}")
    if item["report"]:
        click.echo("report:")
        for key, value in item["report"].items():
            click.echo(f"  {key:<20} {value}")
    if item["step_types"]:
        click.echo(f"step types: {', '.join(item['step_types'])}")
    for error in item["errors"]:
        click.echo(f"error:      {error}")
    if item["errors"]:
        sys.exit(1)


@cli.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--pack", "pack_name", metavar="NAME", help="Start from a pack's template (`prepflow packs`).")
@click.option("--template", metavar="T", help="Which of the pack's templates (default: its first).")
@plugin_option
@debug_option
def init(directory: str, pack_name: str | None, template: str | None, plugin_files: tuple[str, ...]) -> None:
    """Write a ready plan and stub input files (job.md, resume.md, company/) into DIR.

    Never overwrites a file. Paste your material into the stubs, then run the plan.
    """
    from prepflow.initplan import init_project

    written = init_project(directory, _load_plugins(plugin_files), pack=pack_name, template=template)
    for path in written:
        click.echo(f"wrote {path}")
    plan = os.path.join(directory, "plan.toml")
    click.echo(f"next: paste your material into the stubs, then `prepflow run {plan}`")


@cli.group()
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

    loaded = _load_plugins(plugin_files)
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
        if _debug(ctx) or not isinstance(
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


@cli.group()
def new() -> None:
    """Start a plugin or a workflow-pack project.

    Each gets a pyproject.toml with the entry point, a step type with its schemas,
    a README and tests that pass once the project is installed.
    """


def _scaffold(kind: str, name: str, directory: str | None, namespace: str | None) -> None:
    from prepflow import scaffold

    make = scaffold.new_plugin if kind == "plugin" else scaffold.new_pack
    try:
        written = make(name, directory, namespace)
    except scaffold.ScaffoldError as e:
        raise click.UsageError(str(e)) from None
    root = directory or name
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: cd {root} && pip install -e '.[test]' && pytest")


_directory_option = click.option(
    "-d", "--directory", metavar="DIR", help="The folder to create (default: ./NAME); must not exist."
)
_namespace_option = click.option(
    "--namespace", metavar="NS", help="Prefix of the step types (default: NAME's first word)."
)


@new.command("plugin")
@click.argument("name")
@_directory_option
@_namespace_option
def new_plugin(name: str, directory: str | None, namespace: str | None) -> None:
    """Write a plugin project NAME, e.g. acme-words.

    It holds pyproject.toml (with the entry point), a step type with its config and
    output schemas, a README and tests that pass once it is installed.
    """
    _scaffold("plugin", name, directory, namespace)


@new.command("pack")
@click.argument("name")
@_directory_option
@_namespace_option
def new_pack(name: str, directory: str | None, namespace: str | None) -> None:
    """Write a workflow-pack project NAME, e.g. acme-coaching.

    It holds pyproject.toml (with the entry point), pack.toml, a plan template, data
    (questions and an agenda), a step type with its schemas, a README and tests that
    pass once it is installed.
    """
    _scaffold("pack", name, directory, namespace)


def main(argv: list[str] | None = None) -> Any:
    """The console script."""
    return cli.main(args=argv, prog_name="prepflow")
