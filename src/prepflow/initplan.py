"""``prepflow init``: write a ready plan and stub input files into a folder.

The plan comes from a pack's template or, without a pack, from prepflow's own
default template, built from the first-party step types that are installed.
Stub inputs (``job.md``, ``resume.md``, ``company/about.md``) hold a comment
saying what to paste there and a short fictional example, so the new plan
validates and runs before the candidate has pasted anything.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepflow.errors import Diagnostic, PlanError, PrepflowError

if TYPE_CHECKING:
    from prepflow.pack import Pack
    from prepflow.plugins import Plugins

DEFAULT_TEMPLATE = "default"
PLAN_FILE = "plan.toml"

_COMMENT = "<!-- prepflow: {what} Replace everything in this file, this comment included. -->\n\n"

JOB_STUB = (
    _COMMENT.format(
        what="paste the job posting here (copy it from the job board as text or Markdown; "
        "keep its headings, such as Requirements or What you will do)."
    )
    + """# Operations Analyst — Example Freight Co. (an example; replace it)

Example Freight Co. runs regional deliveries for small shops and is moving its
planning from spreadsheets to a shared dashboard.

## What you will do
- Build the weekly delivery performance report for the operations team
- Find the causes of late deliveries and propose fixes with the dispatch leads
- Keep the route planning data accurate and documented

## Requirements
- 3+ years of experience analysing operational data in SQL and Excel
- Experience presenting findings to managers and front-line teams
- Strong attention to detail

## Preferred qualifications
- Experience with Python for data analysis is a plus
- Background in logistics or transport
"""
)

RESUME_STUB = (
    _COMMENT.format(
        what="paste your resume here, as text or Markdown (one role per heading, "
        "achievements as bullets, with numbers where you have them)."
    )
    + """# Sam Example (an example; replace it)

sam@example.com

## Experience

### Data Analyst — Example Retail Ltd · Jan 2021 – Dec 2024
- Built the weekly store performance report in SQL and Excel used by 12 managers
- Found the cause of late shelf restocking and cut it by 30% with the logistics team
- Presented monthly findings to the operations director and store teams

### Operations Assistant — Example Parcel Co. · Jun 2018 – Dec 2020
- Kept the route planning spreadsheet accurate for 40 daily routes
- Automated the daily delivery summary, saving about 5 hours a week

## Skills
SQL, Excel, Python, Tableau

## Education
B.A. Economics, Example University, 2018
"""
)

COMPANY_STUB = (
    _COMMENT.format(
        what="paste what you find about the employer here: its About page, mission and values, "
        "recent news, the team's page (add more .md files beside this one for more pages)."
    )
    + """# About Example Freight Co. (an example; replace it)

Our mission is to get every small shop its goods on time.

## Our values
- We keep our promises to customers
- We fix problems at their root

## News
- March 2025: Example Freight Co. opened a second depot and began a move to a shared planning dashboard.
"""
)

# input name -> (default file name, stub text)
KNOWN_INPUTS: dict[str, tuple[str, str]] = {
    "job": ("job.md", JOB_STUB),
    "resume": ("resume.md", RESUME_STUB),
    "company": ("company/about.md", COMPANY_STUB),
}

# (step id, step type, with-table) of the first-party default template; the
# later prep steps are added when installed, their options filled by name
_CORE_STEPS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("job", "job.analyze", {"source": "${inputs.job}"}),
    ("resume", "resume.analyze", {"source": "${inputs.resume}"}),
    ("match", "match.evidence", {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"}),
    ("focus", "focus.competencies", {"job": "${steps.job.outputs}", "match": "${steps.match.outputs}"}),
)
_PREP_STEPS: tuple[tuple[str, str], ...] = (
    ("research", "company.research"),
    ("questions", "questions.draft"),
    ("ideas", "ideas.problem_solving"),
    ("objections", "objections.rehearse"),
    ("stories", "stories.bank"),
    ("posture", "posture.check"),
)
_COMPANY_OPTIONS = ("sources", "company", "files", "pages", "material")


def _stub_for(name: str, description: str, file: str) -> str:
    known = KNOWN_INPUTS.get(name)
    if known is not None:
        return known[1]
    what = description or f"the material for the plan's input '{name}'"
    if file.endswith((".md", ".txt", ".markdown")):
        return _COMMENT.format(what=f"paste {what[0].lower()}{what[1:].rstrip('.')} here.") + f"# {name}\n"
    return ""


def _stub_path(pattern: str, name: str) -> str:
    """A file name matching a glob pattern ("company/*.md" -> "company/about.md")."""
    known = KNOWN_INPUTS.get(name)
    if known is not None and fnmatch.fnmatch(known[0], pattern):
        return known[0]
    text = pattern.replace("**/", "").replace("**", "notes")
    text = re.sub(r"\[[^\]]*\]", "x", text).replace("?", "x")
    return text.replace("*", "notes" if name != "company" else "about")


def stub_files(doc: Mapping[str, Any]) -> dict[str, str]:
    """The input files a plan names, with stub text: relative path -> text."""
    stubs: dict[str, str] = {}
    inputs = doc.get("inputs")
    for name, spec in (inputs if isinstance(inputs, dict) else {}).items():
        if not isinstance(spec, dict):
            continue
        description = spec.get("description")
        if not isinstance(description, str):
            description = ""
        if isinstance(spec.get("file"), str) and spec["file"]:
            stubs.setdefault(spec["file"], _stub_for(name, description, spec["file"]))
        elif isinstance(spec.get("files"), list):
            for pattern in spec["files"]:
                if isinstance(pattern, str) and pattern:
                    file = _stub_path(pattern, name) if glob.has_magic(pattern) else pattern
                    stubs.setdefault(file, _stub_for(name, description, file))
    return {
        path: text for path, text in stubs.items() if not os.path.isabs(path) and ".." not in Path(path).parts
    }


def default_plan(plugins: Plugins) -> dict[str, Any]:
    """prepflow's own template: the analysis steps, plus each first-party prep step installed."""
    doc: dict[str, Any] = {
        "plan": {
            "name": "My interview",
            "description": "Edit this line: the role, the company and who you will meet.",
        },
        "inputs": {
            "job": {"file": "job.md", "description": "The job posting, pasted as text or Markdown."},
            "resume": {"file": "resume.md", "description": "Your resume, as text or Markdown."},
            "company": {
                "files": ["company/*.md"],
                "description": "What you know about the employer: saved pages and notes.",
            },
        },
        "steps": {},
        "output": {"dir": "out"},
    }
    steps: dict[str, Any] = doc["steps"]
    for sid, uses, config in _CORE_STEPS:
        steps[sid] = {"uses": uses, "with": dict(config)}
    installed = plugins.step_types
    if "company.research" not in installed and "doc.load" in installed:
        steps["company"] = {"uses": "doc.load", "with": {"source": "${inputs.company[0]}"}}
    for sid, uses in _PREP_STEPS:
        step_type = installed.get(uses)
        if step_type is None:
            continue
        filled = _fill(step_type.config_schema, steps)
        if filled is not None:
            steps[sid] = {"uses": uses, "with": filled}
    return doc


def _fill(schema: Mapping[str, Any], earlier: Mapping[str, Any]) -> dict[str, Any] | None:
    """A step's ``with`` table from the steps before it, by option name; None if a required one is unknown."""
    properties = schema.get("properties", {})
    config: dict[str, Any] = {}
    for option, spec in properties.items():
        kind = spec.get("type") if isinstance(spec, Mapping) else None
        if option in earlier and kind in (None, "object"):
            config[option] = f"${{steps.{option}.outputs}}"
        elif option in _COMPANY_OPTIONS and kind == "array":
            config[option] = "${inputs.company}"
        elif option in _COMPANY_OPTIONS and kind == "string":
            config[option] = "${inputs.company[0]}"
    if any(option not in config for option in schema.get("required", ())):
        return None
    return config


def template_doc(file: Path) -> tuple[str, dict[str, Any]]:
    """A template's text and parsed content (a PlanError, located, when it is not TOML)."""
    from prepflow.errors import toml_error
    from prepflow.pack import shown

    try:
        text = file.read_text("utf-8-sig")
    except OSError as e:
        raise PlanError([Diagnostic(shown(file), f"cannot read the template: {e.strerror or e}")]) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PlanError([toml_error(shown(file), e)]) from None


def check_template(file: Path, plugins: Plugins) -> list[Diagnostic]:
    """Every problem of a pack's template, located in the template file.

    The template is checked as ``prepflow init`` would write it: beside stub
    copies of the files its inputs name.
    """
    from prepflow.loader import check_plan_text
    from prepflow.pack import shown

    try:
        text, doc = template_doc(file)
    except PlanError as e:
        return list(e.diagnostics)
    with tempfile.TemporaryDirectory(prefix="prepflow-template-") as folder:
        base = Path(folder)
        for relative, stub in stub_files(doc).items():
            (base / relative).parent.mkdir(parents=True, exist_ok=True)
            (base / relative).write_text(stub, encoding="utf-8")
        _, found = check_plan_text(text, base / file.name, plugins, shown=shown(file))
    return found


def find_pack(plugins: Plugins, name: str) -> Pack:
    """The installed pack called ``name``, or a PrepflowError saying what is installed."""
    from prepflow.pack import canonical
    from prepflow.packs import failures_of

    pack = plugins.packs.get(canonical(name))
    if pack is not None:
        return pack
    broken = failures_of(plugins, name)
    if broken:
        raise PrepflowError(f"pack '{name}' failed to load: {broken[0]}")
    installed = ", ".join(sorted(p.name for p in plugins.packs.values())) or "none"
    raise PrepflowError(
        f"no pack '{name}' is installed (installed packs: {installed}); "
        f"install it with `pip install {name}`, or see `prepflow packs`"
    )


def plan_for(plugins: Plugins, pack: Pack | None, template: str | None) -> tuple[dict[str, Any], str]:
    """The plan to write (as data) and a one-line header saying where it came from."""
    if pack is None:
        if template not in (None, DEFAULT_TEMPLATE):
            raise PrepflowError(
                f"no template '{template}' without a pack; prepflow's own is '{DEFAULT_TEMPLATE}' "
                "(give --pack NAME for a pack's templates)"
            )
        return default_plan(plugins), f"prepflow's {DEFAULT_TEMPLATE} template"
    if not pack.templates:
        raise PrepflowError(f"pack '{pack.name}' offers no templates; run `prepflow init DIR` without --pack")
    chosen = pack.template(template) if template else pack.templates[0]
    if chosen is None:
        names = ", ".join(t.name for t in pack.templates)
        raise PrepflowError(f"pack '{pack.name}' has no template '{template}' (its templates: {names})")
    found = check_template(chosen.file, plugins)
    if found:
        raise PlanError(found)
    _, doc = template_doc(chosen.file)
    pins = doc.get("packs")
    if not isinstance(pins, list):
        pins = []
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    def pinned_name(pin: Any) -> str:
        try:
            return canonicalize_name(Requirement(pin).name)
        except (InvalidRequirement, TypeError):
            return ""

    if canonicalize_name(pack.name) not in {pinned_name(p) for p in pins}:
        doc = {"packs": [*pins, pack.pin()], **{k: v for k, v in doc.items() if k != "packs"}}
    return doc, f"template '{chosen.name}' of pack '{pack.name}' {pack.version}"


def init_project(
    directory: str | os.PathLike[str],
    plugins: Plugins,
    *,
    pack: str | None = None,
    template: str | None = None,
) -> list[Path]:
    """Write ``plan.toml`` and stub inputs into ``directory``; return the files written.

    Nothing is written when any of the files exists already.
    """
    import tomli_w

    folder = Path(directory)
    chosen = find_pack(plugins, pack) if pack else None
    doc, origin = plan_for(plugins, chosen, template)
    files = {PLAN_FILE: _plan_text(tomli_w.dumps(doc), origin), **stub_files(doc)}
    if folder.exists() and not folder.is_dir():
        raise PrepflowError(f"{folder}: exists and is not a folder")
    existing = [name for name in files if (folder / name).exists()]
    if existing:
        raise PrepflowError(
            f"{folder / existing[0]}: exists already; prepflow init never overwrites files "
            "(choose an empty folder, or move it away)"
        )
    written = []
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
            f.write(text)
        written.append(target)
    return written


def _plan_text(body: str, origin: str) -> str:
    header = (
        f"# Written by `prepflow init` from {origin}.\n"
        "# Paste your material into the files named under [inputs], then:\n"
        "#   prepflow validate plan.toml\n"
        "#   prepflow run plan.toml\n"
        "# `prepflow steps TYPE` documents each step's options.\n\n"
    )
    return header + body
