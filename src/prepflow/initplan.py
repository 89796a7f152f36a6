"""``prepflow init``: write a ready plan and stub input files into a folder.

The plan comes from a pack's template or, without ``--pack``, from the first
template of prepflow's built-in pack (``prepflow_plugins/starter``), found and
checked like any other pack. Stub inputs hold the examples the template's pack
ships (``[templates.stubs]``; the built-in pack's example job, resume and
company texts serve every template), or a comment saying what to paste there,
so the new plan validates and runs before the candidate has pasted anything.
"""

from __future__ import annotations

import fnmatch
import glob
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepflow.errors import Diagnostic, PlanError, PrepflowError
from prepflow.pack import Pack, Template, canonical, shown
from prepflow.schema import compose_schema

if TYPE_CHECKING:
    from prepflow.plugins import Plugins

BUILT_IN_PACK = "prepflow"
"""The pack of prepflow's own distribution: its first template is ``init``'s default."""
DEFAULT_TEMPLATE = "default"
PLAN_FILE = "plan.toml"
SCHEMA_FILE = "plan.schema.json"

TEMPLATE_PLUGINS = (
    "a pack's template cannot load plugin files: checking a template and `prepflow init` run no code, "
    "and a data-only pack runs none at all; a pack ships step types in the module its pack.toml names "
    "under [steps] module"
)

_COMMENT = "<!-- prepflow: {what} Replace everything in this file, this comment included. -->\n\n"


def _generic_stub(name: str, description: str, file: str) -> str:
    what = description or f"the material for the plan's input '{name}'"
    if file.endswith((".md", ".txt", ".markdown")):
        return _COMMENT.format(what=f"paste {what[0].lower()}{what[1:].rstrip('.')} here.") + f"# {name}\n"
    return ""


def _stub_path(pattern: str, stubs: Mapping[str, Path]) -> str:
    """A file name matching a glob pattern: a stub's ("company/*.md" -> "company/about.md"), or made up."""
    patterns = (pattern, pattern.replace("**/", ""))  # "**/" matches no folder too
    known = next((t for t in stubs if any(fnmatch.fnmatch(t, p) for p in patterns)), None)
    if known is not None:
        return known
    text = pattern.replace("**/", "").replace("**", "notes")
    text = re.sub(r"\[[^\]]*\]", "x", text).replace("?", "x")
    return text.replace("*", "notes")


def stub_files(doc: Mapping[str, Any], stubs: Mapping[str, Path] | None = None) -> dict[str, str]:
    """The input files a plan names, with stub text: relative path -> text.

    ``stubs`` maps a file name to the file holding its example text (a pack
    template's ``stubs``); any other file gets a comment saying what to paste,
    from its input's ``description``.
    """
    stubs = stubs or {}
    found: dict[str, str] = {}
    inputs = doc.get("inputs")
    for name, spec in (inputs if isinstance(inputs, dict) else {}).items():
        if not isinstance(spec, dict):
            continue
        description = spec.get("description")
        if not isinstance(description, str):
            description = ""
        files: list[str] = []
        if isinstance(spec.get("file"), str) and spec["file"]:
            files = [spec["file"]]
        elif isinstance(spec.get("files"), list):
            files = [
                _stub_path(p, stubs) if glob.has_magic(p) else p
                for p in spec["files"]
                if isinstance(p, str) and p
            ]
        for file in files:
            if file not in found:
                source = stubs.get(file)
                found[file] = (
                    source.read_text("utf-8")
                    if source is not None
                    else _generic_stub(name, description, file)
                )
    return {
        path: text for path, text in found.items() if not os.path.isabs(path) and ".." not in Path(path).parts
    }


def template_doc(file: Path) -> tuple[str, dict[str, Any]]:
    """A template's text and parsed content (a PlanError, located, when it is not TOML)."""
    from prepflow.errors import toml_error

    try:
        text = file.read_text("utf-8-sig")
    except OSError as e:
        raise PlanError([Diagnostic(shown(file), f"cannot read the template: {e.strerror or e}")]) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PlanError([toml_error(shown(file), e, text)]) from None


def check_template(template: Template, plugins: Plugins) -> list[Diagnostic]:
    """Every problem of a pack's template, located in the template file.

    The template is checked as ``prepflow init`` would write it: beside the
    stub files its inputs name. Checking it never runs code: a ``plugins``
    entry is a problem, never loaded (the one way a pack runs code is its
    manifest's ``[steps] module``).
    """
    from prepflow.loader import check_plan_text

    file = template.file
    try:
        text, doc = template_doc(file)
    except PlanError as e:
        return list(e.diagnostics)
    with tempfile.TemporaryDirectory(prefix="prepflow-template-") as folder:
        base = Path(folder)
        for relative, stub in stub_files(doc, stubs_for(template, plugins)).items():
            (base / relative).parent.mkdir(parents=True, exist_ok=True)
            (base / relative).write_text(stub, encoding="utf-8")
        _, found = check_plan_text(
            text, base / file.name, plugins, shown=shown(file), refuse_plugins=TEMPLATE_PLUGINS
        )
    return found


def find_pack(plugins: Plugins, name: str) -> Pack:
    """The installed pack called ``name``, or a PrepflowError saying what is installed."""
    from prepflow.packs import failures_of

    pack = plugins.packs.get(canonical(name))
    if pack is not None:
        return pack
    broken = failures_of(plugins, name)
    if broken:
        raise PrepflowError(f"pack '{name}' failed to load: {broken[0]}")
    if canonical(name) == BUILT_IN_PACK:
        raise PrepflowError(
            f"prepflow's built-in pack '{BUILT_IN_PACK}' (its default template) is not loaded; "
            "check PREPFLOW_LOAD_PLUGINS and PREPFLOW_DISABLE_PLUGINS, or give --pack NAME"
        )
    installed = ", ".join(sorted(p.name for p in plugins.packs.values())) or "none"
    raise PrepflowError(
        f"no pack '{name}' is installed (installed packs: {installed}); "
        f"install it with `pip install {name}`, or see `prepflow packs`"
    )


def stubs_for(template: Template, plugins: Plugins) -> dict[str, Path]:
    """The template's stubs, over the built-in pack's (which hold example job, resume and company texts)."""
    built_in = plugins.packs.get(BUILT_IN_PACK)
    shared = dict(built_in.templates[0].stubs) if built_in is not None and built_in.templates else {}
    return {**shared, **template.stubs}


def _used_by_runs(pack: Pack) -> bool:
    """Whether pinning ``pack`` changes a run: it has data, branding or step types."""
    return bool(pack.data or pack.report or not pack.data_only)


def plan_for(
    plugins: Plugins, pack: Pack | None, template: str | None
) -> tuple[dict[str, Any], str, Template]:
    """The plan to write (as data), a one-line header saying where it came from, and its template."""
    if pack is None:
        if template not in (None, DEFAULT_TEMPLATE):
            raise PrepflowError(
                f"no template '{template}' without a pack; prepflow's own is '{DEFAULT_TEMPLATE}' "
                "(give --pack NAME for a pack's templates)"
            )
        pack = find_pack(plugins, BUILT_IN_PACK)
        template, origin = DEFAULT_TEMPLATE, f"prepflow's {DEFAULT_TEMPLATE} template"
    else:
        origin = ""
    if not pack.templates:
        raise PrepflowError(f"pack '{pack.name}' offers no templates; run `prepflow init DIR` without --pack")
    chosen = pack.template(template) if template else pack.templates[0]
    if chosen is None:
        names = ", ".join(t.name for t in pack.templates)
        raise PrepflowError(f"pack '{pack.name}' has no template '{template}' (its templates: {names})")
    found = check_template(chosen, plugins)
    if found:
        raise PlanError(found)
    _, doc = template_doc(chosen.file)
    pins = doc.get("packs")
    if not isinstance(pins, list):
        pins = []
    from packaging.requirements import InvalidRequirement, Requirement

    def pinned_name(pin: Any) -> str:
        try:
            return canonical(Requirement(pin).name)
        except (InvalidRequirement, TypeError):
            return ""

    if _used_by_runs(pack) and canonical(pack.name) not in {pinned_name(p) for p in pins}:
        doc = {"packs": [*pins, pack.pin()], **{k: v for k, v in doc.items() if k != "packs"}}
    return doc, origin or f"template '{chosen.name}' of pack '{pack.name}' {pack.version}", chosen


def init_project(
    directory: str | os.PathLike[str],
    plugins: Plugins,
    *,
    pack: str | None = None,
    template: str | None = None,
) -> list[Path]:
    """Write ``plan.toml``, its editor schema ``plan.schema.json`` and stub inputs into ``directory``.

    Returns the files written.

    Nothing is written when any of the files exists already.
    """
    import tomli_w

    folder = Path(directory)
    chosen = find_pack(plugins, pack) if pack else None
    doc, origin, used = plan_for(plugins, chosen, template)
    schema = json.dumps(compose_schema(plugins), indent=2, ensure_ascii=False) + "\n"
    files = {
        PLAN_FILE: _plan_text(tomli_w.dumps(doc), origin),
        SCHEMA_FILE: schema,
        **stub_files(doc, stubs_for(used, plugins)),
    }
    if os.path.islink(folder) and not folder.exists():
        raise PrepflowError(
            f"{folder}: is a link to {os.readlink(folder)}, which does not exist; "
            "remove the link or choose another folder"
        )
    if folder.exists() and not folder.is_dir():
        raise PrepflowError(f"{folder}: exists and is not a folder")
    # lexists: a dangling link counts, since writing through it would fail halfway
    existing = [name for name in files if os.path.lexists(folder / name)]
    if existing:
        raise PrepflowError(
            f"{folder / existing[0]}: exists already; prepflow init never overwrites files "
            "(choose an empty folder, or move it away)"
        )
    return _write_all(folder, files)


def _write_all(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """Write every file, or none: a failure halfway removes what this call made."""
    from prepflow.fileio import writing

    made: list[Path] = []  # files and folders this call created, in order
    try:
        for name, text in files.items():
            target = folder / name
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            for parent in reversed(missing):
                with writing(parent):
                    parent.mkdir()
                made.append(parent)
            with writing(target), open(target, "x", encoding="utf-8") as f:  # "x": never overwrite
                made.append(target)
                f.write(text)
    except BaseException:
        for path in reversed(made):
            try:
                path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
            except OSError:
                pass
        raise
    return [folder / name for name in files]


def _plan_text(body: str, origin: str) -> str:
    header = (
        f"#:schema ./{SCHEMA_FILE}\n"
        f"# Written by `prepflow init` from {origin}.\n"
        "# Paste your material into the files named under [inputs], then:\n"
        "#   prepflow validate plan.toml\n"
        "#   prepflow run plan.toml\n"
        "# `prepflow steps TYPE` documents each step's options; with the #:schema line above, editors\n"
        "# with Taplo (Even Better TOML) check and complete the plan as you type\n"
        f"# (`prepflow schema > {SCHEMA_FILE}` refreshes it after installing plugins).\n\n"
    )
    return header + body
