"""The wording test: every sentence the dossier says is made of real words, well formed, said once.

Over the example plan and over every development triple of ``../shared/eval/triples``
(a posting, a resume, company pages, run the way ``score.py dossier`` runs them: the
plan ``prepflow init`` writes, with the triple's files in place of its stubs):

- no invented word: every word of the dossier appears in its inputs (their text, and
  what job.analyze and resume.analyze read from them, a PDF's included), in the
  templates (the step plugins' data files and code) or in a shipped lexicon;
- no doubled or empty quote marks, and no raw markers (Markdown emphasis, link
  syntax, HTML tags, unfilled ``{slots}``, a form's "(Preferred)");
- no empty item, and no item said twice in one list.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

ROOT = Path(__file__).parent.parent
EVAL = ROOT.parent / "shared" / "eval"
TRIPLES = EVAL / "triples"
PLUGINS = ROOT / "plugins"

#: Keys whose values are names, paths, ids or enums, not sentences.
NOT_SENTENCES = {"file", "id", "source", "kind", "status", "priority", "category", "phase", "where", "uses"}
#: Marks a generated sentence never contains.
RAW_MARKERS = re.compile(
    r"\*\*|__|\]\(|</?[a-z][a-z0-9]*\b[^>]*>|\{[a-z_]+\}|\((?:Preferred|Required|Optional)\)|\x00"
)
#: Quote marks side by side ("““", "“”", "” “"): a quote inside a quote, or an empty one.
DOUBLED_QUOTES = re.compile(r"[“”\"]\s*[“”\"]|‘’")
WORD = re.compile(r"[A-Za-z]+")


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, string) in a JSON value, nested lists and objects included."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in NOT_SENTENCES:
                yield from strings(v, k)


def lists(value: Any, where: str = "") -> Iterator[tuple[str, list[Any]]]:
    """Every list in a JSON value, with where it is."""
    if isinstance(value, list):
        yield where, value
        for n, item in enumerate(value):
            yield from lists(item, f"{where}[{n}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from lists(v, f"{where}.{k}")


def template_words() -> set[str]:
    """The words prepflow itself writes: its data files and templates, and the string literals of
    the step plugins' code (not their comments, names or docstrings)."""
    found: set[str] = set()
    for path in [*PLUGINS.rglob("*.toml"), *PLUGINS.rglob("*.j2")]:
        found |= words(path.read_text(encoding="utf-8"))
    for path in PLUGINS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found |= words(node.value)
    return found


def input_words(files: list[Path], steps: dict[str, Any]) -> set[str]:
    """The words of the plan's inputs: text files as written, and what the readers extracted."""
    found: set[str] = set()
    for path in files:
        if path.suffix.lower() in (".md", ".txt", ".html", ".json", ".toml"):
            found |= words(path.read_text(encoding="utf-8", errors="ignore"))
    for step in ("job", "resume"):
        for _, text in strings(steps.get(step, {}).get("outputs", {})):
            found |= words(text)
    for key, text in strings({k: s.get("outputs") for k, s in steps.items()}):
        if key == "quote":
            found |= words(text)
    return found


def input_files(folder: Path) -> list[Path]:
    """The files a plan folder holds (the plan's own answers included), not its cache or output."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") or part == "out" for part in p.relative_to(folder).parts)
    )


def problems(steps: dict[str, Any], allowed: set[str]) -> list[str]:
    found = []
    for step, record in steps.items():
        outputs = record.get("outputs") or {}
        for key, text in strings(outputs):
            invented = sorted(words(text) - allowed)
            if invented:
                found.append(f"{step}.{key}: invented {invented} in {text[:120]!r}")
            if RAW_MARKERS.search(text):
                found.append(
                    f"{step}.{key}: raw marker {RAW_MARKERS.search(text).group()!r} in {text[:120]!r}"
                )
            if DOUBLED_QUOTES.search(text) and key != "quote":
                found.append(f"{step}.{key}: doubled quote marks in {text[:120]!r}")
        for where, items in lists(outputs, step):
            said = [
                item if isinstance(item, str) else item.get("text")
                for item in items
                if isinstance(item, str) or (isinstance(item, dict) and isinstance(item.get("text"), str))
            ]
            if any(not s or not s.strip() for s in said):
                found.append(f"{where}: an empty item")
            seen = [s for s in said if s and len(s.split()) >= 3]  # items, not a list of terms
            if len(seen) != len(set(seen)):
                dupes = sorted({s for s in seen if seen.count(s) > 1})
                found.append(f"{where}: said twice: {dupes[0][:100]!r}")
    return found


def run_dossier(plan: Path) -> dict[str, Any]:
    result = prepflow.run_plan(prepflow.load_plan(plan), formats=[])
    assert result.status == "success", {k: s.error for k, s in result.steps.items() if s.error}
    return {name: {"outputs": step.outputs} for name, step in result.steps.items()}


def triple_plan(triple: Path, work: Path) -> Path:
    """The plan ``prepflow init`` writes, with the triple's posting, resume and company pages in it."""
    spec = tomllib.loads((triple / "triple.toml").read_text(encoding="utf-8"))
    assert not re.search(r"\{\w+\}", json.dumps(spec)), "a triple with {placeholders} needs score.py --set"
    posting, resume = (TRIPLES / spec["posting"]).resolve(), (TRIPLES / spec["resume"]).resolve()
    company = spec.get("company", [])
    pages = sorted(
        p for pattern in ([company] if isinstance(company, str) else company) for p in TRIPLES.glob(pattern)
    )
    ran = CliRunner().invoke(cli, ["init", str(work)])
    assert ran.exit_code == 0, ran.output
    for stub in ("job.md", "resume.md", "company/about.md"):
        (work / stub).unlink(missing_ok=True)
    resume_name = resume.name if resume.name != posting.name else "resume-" + resume.name
    shutil.copy(posting, work / posting.name)
    shutil.copy(resume, work / resume_name)
    for page in pages:
        shutil.copy(page, work / "company" / page.name)
    text = (work / "plan.toml").read_text(encoding="utf-8")
    text = text.replace('file = "job.md"', f"file = {json.dumps(posting.name)}")
    text = text.replace('file = "resume.md"', f"file = {json.dumps(resume_name)}")
    sections = re.split(r"(?m)^(?=\[)", text)
    if pages:
        files = "files = [" + ", ".join(json.dumps("company/" + p.name) for p in pages) + "]"
        sections = [
            re.sub(r"files = \[[^\]]*\]", lambda _: files, s) if s.startswith("[inputs.company]") else s
            for s in sections
        ]
    else:  # no company pages: no company input and no research, as score.py runs it
        drop = ("[inputs.company]", "[steps.research]", "[steps.research.with]")
        sections = [s for s in sections if not s.startswith(drop)]
        sections = [re.sub(r'(?m)^\w+ = "\$\{steps\.research\.outputs\}"\n', "", s) for s in sections]
    (work / "plan.toml").write_text("".join(sections), encoding="utf-8")
    return work / "plan.toml"


def dev_triples() -> list[str]:
    if not TRIPLES.is_dir():
        return []
    return sorted(p.name for p in TRIPLES.iterdir() if (p / "triple.toml").is_file())


@pytest.fixture(scope="module")
def allowed_by_templates() -> set[str]:
    return template_words()


def test_the_example_dossier_is_well_worded(tmp_path: Path, allowed_by_templates: set[str]) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("out"))
    steps = run_dossier(tmp_path / "examples" / "plan.toml")
    allowed = allowed_by_templates | input_words(input_files(tmp_path / "examples"), steps)
    assert problems(steps, allowed) == []


@pytest.mark.skipif(
    not TRIPLES.is_dir(), reason="needs ../shared/eval/triples beside the repository (CI has it)"
)
@pytest.mark.parametrize("name", dev_triples())
def test_every_dev_triple_dossier_is_well_worded(
    tmp_path: Path, allowed_by_templates: set[str], name: str
) -> None:
    work = tmp_path / "plan"
    steps = run_dossier(triple_plan(TRIPLES / name, work))
    allowed = allowed_by_templates | input_words(input_files(work), steps)
    assert problems(steps, allowed) == []


def test_the_checks_catch_invented_words_markers_and_repeats() -> None:
    steps = {
        "ideas": {
            "outputs": {
                "problems": [
                    {"text": "Dataing the incidents for the improve **monitoring**."},
                    {"text": "Ask about “”the roadmap“”."},
                    {"text": "Ask about the roadmap."},
                    {"text": "Ask about the roadmap."},
                    {"text": " "},
                ]
            }
        }
    }
    allowed = words("the incidents for improve monitoring ask about roadmap")
    found = " | ".join(problems(steps, allowed))
    assert "invented ['dataing']" in found
    assert "raw marker '**'" in found
    assert "doubled quote marks" in found
    assert "said twice" in found and "an empty item" in found
