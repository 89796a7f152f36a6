"""glob_matches agrees with glob.glob(recursive=True) without touching the disk."""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

from prepflow.globmatch import glob_matches

FILES = [
    "a.md",
    "notes/b.md",
    "notes/deep/c.md",
    "out/dossier.md",
    "out/dossier.html",
    "out/.prepflow-output.json",
    ".hidden/d.md",
    "x1.txt",
    "x[1].txt",
]
PATTERNS = [
    "*.md",
    "**/*.md",
    "**",
    "**/*",
    "*/*",
    "notes/**/*.md",
    "out/*",
    "out/.*",
    "o?t/dossier.*",
    "[on]*/*.md",
    "[!o]*/*.md",
    "x[0-9].txt",
    "./out/dossier.md",
    "out/dossier.md",
    ".hidden/*",
    "**/.prepflow-output.json",
    # plain paths (no *, ? or [) are compared without a regular expression
    "notes//deep/./c.md",
    ".hidden/d.md",
    "notes/deep",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_agrees_with_glob(tmp_path: Path, pattern: str) -> None:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = {
        os.path.relpath(p, tmp_path)
        for p in glob.glob(str(tmp_path / pattern), recursive=True)
        if os.path.isfile(p)
    }
    assert {name for name in FILES if glob_matches(pattern, name)} == found
