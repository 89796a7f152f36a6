"""``prepflow open``: open the last HTML dossier in the web browser."""

from __future__ import annotations

import os
from typing import Any

import click

from prepflow.commands.common import debug_option


@click.command("open")
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
        output = doc.get("output")
        if not isinstance(output, dict):
            output = {}
        if isinstance(doc.get("steps"), dict):
            folder = output.get("dir")
            folders.append(plan.parent / (folder if isinstance(folder, str) and folder else "out"))
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
