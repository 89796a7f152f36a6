"""``prepflow new plugin NAME`` and ``prepflow new pack NAME``: start a project that works on first run.

Each scaffold is a folder holding a ``pyproject.toml`` with the entry point, a
package with one step type (its config and output schemas included), a README
and tests that pass as soon as the project is installed (``pip install -e
'.[test]'`` then ``pytest``). The tests use the fixtures of
:mod:`prepflow.testing`.

The templates below are plain text with ``{{key}}`` placeholders, so that they
read like the files they become.

``python -m prepflow.scaffold docs`` regenerates ``docs/cli.md`` (every
command's ``--help``); ``tests/test_cli_docs.py`` fails when it is stale.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Mapping
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9]*([-_][a-z0-9]+)*$")
NAMESPACE = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED = {"prepflow", "prepflow_plugins", "test", "tests"}


class ScaffoldError(ValueError):
    """NAME or the target folder cannot be used; the message says why and what to do."""


def check_name(name: str) -> str:
    """The package (import) name for project NAME; ScaffoldError when NAME can't be one."""
    if not NAME.match(name):
        raise ScaffoldError(
            f"'{name}' is not a project name: use lowercase letters, digits and single hyphens, "
            "starting with a letter, e.g. 'acme-words'"
        )
    module = name.replace("-", "_")
    if keyword.iskeyword(module) or module in RESERVED or module in sys.stdlib_module_names:
        raise ScaffoldError(
            f"'{name}' would shadow the module '{module}'; choose another name, e.g. 'acme-{name}'"
        )
    return module


def check_namespace(namespace: str) -> str:
    if not NAMESPACE.match(namespace):
        raise ScaffoldError(
            f"'{namespace}' is not a namespace: use lowercase letters, digits and underscores, "
            "starting with a letter, e.g. 'acme'"
        )
    return namespace


def _fill(template: str, values: Mapping[str, str]) -> str:
    text = template
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    leftover = re.search(r"\{\{\w+\}\}", text)
    assert leftover is None, f"unfilled placeholder {leftover.group()}"
    return text.lstrip("\n")


def _values(name: str, namespace: str | None) -> dict[str, str]:
    from prepflow import __version__

    module = check_name(name)
    namespace = check_namespace(namespace if namespace is not None else module.split("_")[0])
    major_minor = ".".join(__version__.split(".")[:2])
    return {"name": name, "module": module, "namespace": namespace, "prepflow": major_minor}


def _write(target: Path, files: Mapping[str, str]) -> list[Path]:
    if target.exists():
        raise ScaffoldError(
            f"{target} already exists; choose another NAME or --directory (nothing was written)"
        )
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def new_plugin(name: str, directory: str | Path | None = None, namespace: str | None = None) -> list[Path]:
    """Write a plugin project for ``name`` into ``directory`` (default ``./NAME``); return its files."""
    values = _values(name, namespace)
    files = {
        "pyproject.toml": PLUGIN_PYPROJECT,
        "README.md": PLUGIN_README,
        f"{values['module']}/__init__.py": PLUGIN_MODULE,
        f"tests/test_{values['module']}.py": PLUGIN_TEST,
        ".gitignore": GITIGNORE,
    }
    target = Path(directory) if directory is not None else Path(name)
    return _write(target, {path: _fill(text, values) for path, text in files.items()})


def new_pack(name: str, directory: str | Path | None = None, namespace: str | None = None) -> list[Path]:
    """Write a pack project for ``name`` into ``directory`` (default ``./NAME``); return its files."""
    values = _values(name, namespace)
    module = values["module"]
    files = {
        "pyproject.toml": PACK_PYPROJECT,
        "README.md": PACK_README,
        f"{module}/__init__.py": PACK_INIT,
        f"{module}/pack.toml": PACK_MANIFEST,
        f"{module}/templates/default.toml": PACK_TEMPLATE,
        f"{module}/data/questions.toml": PACK_QUESTIONS,
        f"{module}/data/agenda.toml": PACK_AGENDA,
        f"{module}/steps.py": PACK_STEPS,
        f"tests/test_{module}.py": PACK_TEST,
        ".gitignore": GITIGNORE,
    }
    target = Path(directory) if directory is not None else Path(name)
    return _write(target, {path: _fill(text, values) for path, text in files.items()})


# -- the plugin project ------------------------------------------------------------------

GITIGNORE = """
__pycache__/
*.egg-info/
build/
dist/
.prepflow/
"""

PLUGIN_PYPROJECT = """
[build-system]
requires = ["setuptools>=70.1"]
build-backend = "setuptools.build_meta"

[project]
name = "{{name}}"
version = "0.1.0"
description = "A prepflow plugin: the {{namespace}}.keywords step type."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["prepflow>={{prepflow}}"]

[project.optional-dependencies]
test = ["pytest>=8"]

# prepflow finds the plugin through this entry point: the name on the left is the
# plugin's name (for PREPFLOW_DISABLE_PLUGINS), the module holds its @prepflow.hookimpl functions.
[project.entry-points.prepflow]
{{name}} = "{{module}}"

[tool.setuptools]
packages = ["{{module}}"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

PLUGIN_MODULE = '''
"""{{name}}: a prepflow plugin with one step type, ``{{namespace}}.keywords``.

Use it in a plan::

    [inputs]
    job = { file = "job.md" }

    [steps.keywords]
    uses = "{{namespace}}.keywords"
    with.source = "${inputs.job}"
    with.count = 10

``prepflow steps {{namespace}}.keywords`` describes its options and outputs.
"""

from __future__ import annotations

import re
from typing import Any

import prepflow

# The `with` table a plan gives the step. Plans are checked against it before anything runs;
# "format": "path" marks a file the step reads, and defaults are filled in (and part of the cache key).
CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": {"type": "string", "format": "path", "description": "The job posting to read."},
        "count": {"type": "integer", "minimum": 1, "default": 10, "description": "How many keywords."},
        "min_length": {
            "type": "integer",
            "minimum": 1,
            "default": 4,
            "description": "Ignore shorter words (and, the, for, ...).",
        },
    },
}

# What the step returns. With additionalProperties false, `prepflow validate` catches a plan
# that refers to an output the step does not have.
OUTPUT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["keywords"],
    "properties": {
        "keywords": {
            "type": "array",
            "description": "The words the posting repeats most, with how often: echo them in your answers.",
            "items": {
                "type": "object",
                "properties": {"word": {"type": "string"}, "count": {"type": "integer"}},
            },
        },
    },
}

WORD = re.compile(r"[a-z][a-z0-9+#.-]*[a-z0-9+#]|[a-z]")


def keywords(ctx: prepflow.StepContext) -> dict[str, Any]:
    """Count the posting's words. Deterministic: the same file and config give the same outputs."""
    # Read files through ctx only: prepflow records them and reruns the step when they change.
    text = ctx.read_text(ctx.config["source"])
    counts: dict[str, int] = {}
    for word in WORD.findall(text.lower()):
        if len(word) >= ctx.config["min_length"]:
            counts[word] = counts.get(word, 0) + 1
    if not counts:
        # A StepError fails the step with this one-line message (no traceback).
        raise prepflow.StepError(f"{ctx.config['source']}: no words to count; is it the job posting?")
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[: ctx.config["count"]]
    ctx.log.info("%d distinct words, kept %d", len(counts), len(ranked))
    return {"keywords": [{"word": w, "count": counts[w]} for w in ranked]}


@prepflow.hookimpl
def register_step_types(register: Any) -> None:
    register(
        prepflow.StepType(
            name="{{namespace}}.keywords",
            run=keywords,
            summary="The words a job posting repeats most.",
            description="Counts the posting's words of at least min_length letters and keeps the top count.",
            version="1",  # bump it when the same inputs would now give different outputs
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
        )
    )
'''

PLUGIN_TEST = '''
"""Tests for {{namespace}}.keywords, with the fixtures prepflow ships (see prepflow.testing)."""

from importlib.metadata import entry_points

import {{module}}

PLAN = """
[inputs]
job = { file = "job.md" }

[steps.keywords]
uses = "{{namespace}}.keywords"
with.source = "${inputs.job}"
with.count = 3
"""

JOB = """
# Data engineer
- Build data pipelines in Python
- Own the pipelines' monitoring; Python and SQL daily
"""


def test_keywords(register_plugin, prepflow_run):
    register_plugin({{module}})
    result = prepflow_run(PLAN, files={"job.md": JOB})
    assert result.status == "success", result.errors
    assert result.outputs("keywords") == {
        "keywords": [
            {"word": "data", "count": 2},
            {"word": "pipelines", "count": 2},
            {"word": "python", "count": 2},
        ]
    }
    assert result.messages == ["keywords: info: 7 distinct words, kept 3"]


def test_a_rerun_reuses_the_cache_until_the_posting_changes(register_plugin, prepflow_run):
    register_plugin({{module}})
    assert prepflow_run(PLAN, files={"job.md": JOB}).statuses == {"keywords": "success"}
    assert prepflow_run(PLAN, files={"job.md": JOB}).statuses == {"keywords": "cached"}
    assert prepflow_run(PLAN, files={"job.md": JOB + "More SQL."}).statuses == {"keywords": "success"}


def test_an_empty_posting_fails_with_a_clear_message(register_plugin, prepflow_run):
    register_plugin({{module}})
    result = prepflow_run(PLAN, files={"job.md": "a b c"})
    assert result.status == "failed"
    assert result.errors == ["keywords: job.md: no words to count; is it the job posting?"]


def test_the_config_is_checked_before_anything_runs(register_plugin, prepflow_run):
    register_plugin({{module}})
    result = prepflow_run(PLAN.replace("count = 3", "count = 0"), files={"job.md": JOB})
    assert result.status == "invalid"
    assert [d.path for d in result.diagnostics] == ["steps.keywords.with.count"]


def test_installed_with_its_entry_point():
    found = [ep for ep in entry_points(group="prepflow") if ep.name == "{{name}}"]
    assert [ep.value for ep in found] == ["{{module}}"], "install the project: pip install -e '.[test]'"
'''

PLUGIN_README = """
# {{name}}

A [prepflow](https://pypi.org/project/prepflow/) plugin. It adds one step type,
`{{namespace}}.keywords`: the words a job posting repeats most, to echo in your answers.

## Use it

```sh
pip install -e '.[test]'
prepflow plugins                       # lists {{name}} and its step type
prepflow steps {{namespace}}.keywords  # its options and outputs
prepflow step run {{namespace}}.keywords --with source=job.md
```

In a plan:

```toml
[inputs]
job = { file = "job.md" }

[steps.keywords]
uses = "{{namespace}}.keywords"
with.source = "${inputs.job}"
with.count = 10
```

## Develop it

- `{{module}}/__init__.py`: the step (its run function, config and output schemas) and
  the `register_step_types` hook that registers it. Add step types there, or lifecycle
  hooks (`run_started`, `after_step`, ...).
- `tests/`: run `pytest`. The fixtures `register_plugin` and `prepflow_run` come with
  prepflow (its pytest plugin); they register the plugin for one test and run a plan in a
  temporary folder.
- Bump a step type's `version` whenever the same inputs would give different outputs,
  so cached results are recomputed.

prepflow's docs: *Writing plugins* (`docs/writing-plugins.md`) and *Plan format*
(`docs/plan-format.md`) in its repository.
"""

# -- the pack project ---------------------------------------------------------------------

PACK_PYPROJECT = """
[build-system]
requires = ["setuptools>=70.1"]
build-backend = "setuptools.build_meta"

[project]
name = "{{name}}"
version = "0.1.0"   # keep it equal to [pack] version in {{module}}/pack.toml
description = "A prepflow workflow pack: a plan template, questions, an agenda, a step."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["prepflow>={{prepflow}}"]

[project.optional-dependencies]
test = ["pytest>=8"]

# The entry point names the package holding pack.toml. prepflow finds the pack
# without importing the package; only [steps] module in pack.toml is imported.
[project.entry-points.prepflow]
{{namespace}} = "{{module}}"

[tool.setuptools]
packages = ["{{module}}"]

[tool.setuptools.package-data]
{{module}} = ["pack.toml", "templates/*.toml", "data/*.toml"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

PACK_INIT = '''
"""{{name}}: a prepflow workflow pack.

What it offers is declared in ``pack.toml`` beside this file. prepflow reads the
manifest, templates and data as files and never imports this package; the step
types live in ``steps.py``, imported only because ``[steps] module`` names it.
"""
'''

PACK_MANIFEST = """
# {{name}}: what this pack adds to prepflow. Paths are relative to this file.
# Checked against prepflow's schemas/pack.schema.json; `prepflow packs show {{name}}` describes it.

[pack]
name = "{{name}}"                # the distribution's name, as in pyproject.toml
namespace = "{{namespace}}"      # the pack's step types are {{namespace}}.*
version = "0.1.0"                # the same as pyproject.toml; plans pin it
description = "Describe your method in one line."

# Plans for `prepflow init DIR --pack {{name}} --template NAME`.
[[templates]]
name = "default"
file = "templates/default.toml"
description = "A first interview: what they ask for, what you bring, and an agenda."

# Data the steps read with ctx.data(kind), merged after prepflow's own data of that kind.
[data]
questions = ["data/questions.toml"]   # extends prepflow's question bank
agenda = ["data/agenda.toml"]         # a kind of this pack's own, read by {{namespace}}.agenda

# Code: the module with the pack's @prepflow.hookimpl functions. Leave this table
# out for a data-only pack, which executes no code at all.
[steps]
module = "{{module}}.steps"
"""

PACK_TEMPLATE = """
# {{name}}: the default plan. `prepflow init DIR --pack {{name}}` writes it, with stub
# job.md and resume.md files that say what to paste where.
packs = ["{{name}}>=0.1.0"]

[plan]
name = "Interview prep ({{name}})"
description = "What the employer asks for, what you bring, and the agenda to steer the interview."

[inputs]
job = { file = "job.md", description = "The job posting, pasted as text or Markdown." }
resume = { file = "resume.md", description = "Your resume, as text or Markdown." }

[steps.job]
uses = "job.analyze"
with.source = "${inputs.job}"

[steps.resume]
uses = "resume.analyze"
with.source = "${inputs.resume}"

[steps.match]
uses = "match.evidence"
with.job = "${steps.job.outputs}"
with.resume = "${steps.resume.outputs}"

[steps.focus]
uses = "focus.competencies"
with.job = "${steps.job.outputs}"
with.match = "${steps.match.outputs}"
with.count = 3

# The pack's own step.
[steps.agenda]
uses = "{{namespace}}.agenda"
with.focus = "${steps.focus.outputs}"
with.minutes = 45

[output]
dir = "out"
"""

PACK_QUESTIONS = """
# Questions this pack adds to prepflow's question bank. An item with the `id` of
# one of prepflow's questions replaces it; a new id adds a question.

[[questions]]
id = "{{namespace}}-first-win"
category = "first_90_days"
text = "What would a first win look like in the first 90 days, and who would notice it?"
listen_for = "A concrete deliverable and a named stakeholder: offer your plan for it."
"""

PACK_AGENDA = """
# The interview agenda of {{namespace}}.agenda, read with ctx.data("agenda"). Items
# merge by `id` with those of packs pinned after this one, which may change them.
# `share` is the part of the interview's minutes an item takes.

[[items]]
id = "open"
share = 0.1
what = "Open with your 30-second pitch, then ask why the role is open now."

[[items]]
id = "prove"
share = 0.6
what = "Prove {competency}: one achievement, its number, and what it means for them."

[[items]]
id = "close"
share = 0.3
what = "Ask your questions, answer any doubt they still have, and agree on the next step."
"""

PACK_STEPS = '''
"""The step types of {{name}}: ``{{namespace}}.agenda``.

Imported by prepflow only because pack.toml declares it (``[steps] module``).
Every step type's name must start with the pack's namespace, ``{{namespace}}.``.
"""

from __future__ import annotations

from typing import Any

import prepflow

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "focus": {
            "type": "object",
            "description": 'The outputs of focus.competencies: "${steps.focus.outputs}".',
        },
        "minutes": {"type": "integer", "minimum": 10, "default": 45, "description": "How long it lasts."},
    },
}

OUTPUT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["agenda"],
    "properties": {
        "agenda": {
            "type": "array",
            "description": "What to do when: start (minute), minutes and what.",
            "items": {
                "type": "object",
                "properties": {"start": {"type": "integer"}, "minutes": {"type": "integer"}, "what": {}},
            },
        },
    },
}


def agenda(ctx: prepflow.StepContext) -> dict[str, Any]:
    """Lay the pack's agenda items over the interview, one "prove" item per focus competency."""
    # ctx.data merges prepflow's data of this kind with every pinned pack's, and records the files read.
    items = ctx.data("agenda").get("items", [])
    if not items:
        raise prepflow.StepError("no agenda items: pin the {{name}} pack in the plan's `packs`")
    competencies = [c["competency"] for c in (ctx.config.get("focus") or {}).get("competencies", [])]
    planned: list[tuple[float, str]] = []
    for item in items:
        if "{competency}" in item["what"]:
            share = item["share"] / max(1, len(competencies))
            for name in competencies or ["your strongest competency"]:
                planned.append((share, item["what"].format(competency=name)))
        else:
            planned.append((item["share"], item["what"]))
    total = ctx.config["minutes"]
    out, start = [], 0
    for share, what in planned:
        minutes = max(1, round(share * total))
        out.append({"start": start, "minutes": minutes, "what": what})
        start += minutes
    return {"agenda": out}


@prepflow.hookimpl
def register_step_types(register: Any) -> None:
    register(
        prepflow.StepType(
            name="{{namespace}}.agenda",
            run=agenda,
            summary="An agenda to steer the interview: open, prove each focus competency, close.",
            version="1",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
        )
    )
'''

PACK_TEST = '''
"""Tests for the {{name}} pack, with the fixtures prepflow ships (see prepflow.testing)."""

from pathlib import Path

from click.testing import CliRunner

import {{module}}
from prepflow.cli import cli

PACK = Path({{module}}.__file__).parent

PLAN = """
packs = ["{{name}}>=0.1.0"]

[steps.agenda]
uses = "{{namespace}}.agenda"
with.focus = { competencies = [{ competency = "SQL" }, { competency = "Dashboards" }] }
with.minutes = 40
"""


def test_agenda(register_pack, prepflow_run):
    register_pack(PACK)
    result = prepflow_run(PLAN)
    assert result.status == "success", result.errors
    agenda = result.outputs("agenda")["agenda"]
    assert [(item["start"], item["minutes"]) for item in agenda] == [(0, 4), (4, 12), (16, 12), (28, 12)]
    assert [item["what"].split(":")[0] for item in agenda] == [
        "Open with your 30-second pitch, then ask why the role is open now.",
        "Prove SQL",
        "Prove Dashboards",
        "Ask your questions, answer any doubt they still have, and agree on the next step.",
    ]


def test_the_plan_must_pin_the_pack(register_pack, prepflow_run):
    register_pack(PACK)
    result = prepflow_run(PLAN.replace(\'packs = ["{{name}}>=0.1.0"]\', ""))
    assert result.status == "failed"
    assert "pin the {{name}} pack" in result.errors[0]


def test_the_pack_is_installed_and_has_no_problems():
    result = CliRunner().invoke(cli, ["packs", "show", "{{name}}"])
    assert result.exit_code == 0, result.output
    assert "{{namespace}}.agenda" in result.output


def test_its_template_is_ready_to_run(tmp_path):
    """`prepflow init --pack` writes the template and stub inputs; the plan validates and runs."""
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(tmp_path / "prep"), "--pack", "{{name}}"])
    assert result.exit_code == 0, result.output
    plan = str(tmp_path / "prep" / "plan.toml")
    result = runner.invoke(cli, ["validate", plan])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["run", plan, "--quiet"])
    assert result.exit_code == 0, result.output
'''

PACK_README = """
# {{name}}

A [prepflow](https://pypi.org/project/prepflow/) workflow pack: a plan template,
questions for prepflow's question bank, an interview agenda and one step type,
`{{namespace}}.agenda`.

## Use it

```sh
pip install -e '.[test]'
prepflow packs show {{name}}           # what it offers, and any problem
prepflow init my-prep --pack {{name}}  # a ready plan and stub files to paste into
prepflow run my-prep/plan.toml
```

A plan uses the pack by pinning it: `packs = ["{{name}}>=0.1.0"]`.

## What is where

| file | what |
|---|---|
| `{{module}}/pack.toml` | the manifest: name, namespace, version, templates, data, steps |
| `{{module}}/templates/default.toml` | the plan `prepflow init --pack {{name}}` writes |
| `{{module}}/data/questions.toml` | questions added to prepflow's bank (same `id`: replaced) |
| `{{module}}/data/agenda.toml` | the agenda `{{namespace}}.agenda` lays out |
| `{{module}}/steps.py` | the pack's step types (delete it and `[steps]` for a data-only pack) |
| `tests/` | `pytest`; `register_pack` and `prepflow_run` come with prepflow |

Keep `version` equal in `pyproject.toml` and `pack.toml`, and bump a step type's
`version` whenever the same inputs would give different outputs. prepflow's docs:
*Packs* (`docs/packs.md`) and *Writing plugins* (`docs/writing-plugins.md`).
"""


# -- docs/cli.md ---------------------------------------------------------------------------


def cli_reference() -> str:
    """docs/cli.md: every command's ``--help``, walked from the click group (new commands included)."""
    import click

    from prepflow.cli import cli

    lines = [
        "# Command line",
        "",
        "<!-- Generated by `python -m prepflow.scaffold docs`; do not edit by hand. -->",
        "",
        "Every command's `--help`. Exit status: 0 success, 1 an invalid plan or a failed run,",
        "2 a usage error.",
        "",
    ]

    def walk(command: click.Command, path: list[str], parent: click.Context | None) -> None:
        ctx = command.make_context(
            path[-1], [], parent=parent, resilient_parsing=True, terminal_width=100, max_content_width=100
        )
        lines.extend([f"{'#' * max(2, len(path))} `{' '.join(path)}`", "", "```text"])
        lines.extend(line.rstrip() for line in command.get_help(ctx).splitlines())
        lines.extend(["```", ""])
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, [*path, name], ctx)

    walk(cli, ["prepflow"], None)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["docs"] or len(args) > 2:
        print("usage: python -m prepflow.scaffold docs [OUT]   (default OUT: docs/cli.md)", file=sys.stderr)
        return 2
    out = Path(args[1] if len(args) == 2 else "docs/cli.md")
    out.write_text(cli_reference(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
