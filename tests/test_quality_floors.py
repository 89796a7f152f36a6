"""Quality floors on the hand-labelled evaluation material beside the repository.

``../shared/eval`` (see its README) holds real postings and resumes with hand
labels, and ``score.py``, the scorer the project is judged by. This test runs
``job.analyze`` and ``resume.analyze`` on every labelled file in-process, hands
the outputs to the scorer with ``--predictions``, and fails when a figure drops
below its floor, so that a change cannot silently lose recall. The floors are
the figures the project reached, less a small margin; raise them as the
reading improves. ``make eval`` prints the same figures in full.

Nothing from that folder is copied into the project: the test reads it where it
lies, and is skipped (with the reason) only when the folder is absent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from prepflow.cli import cli

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"

pytestmark = pytest.mark.skipif(
    not (EVAL / "score.py").is_file(), reason=f"the evaluation folder {EVAL} is not beside the repository"
)

#: (labels folder, documents folder, step type) -> {figure: floor}
FLOORS: dict[tuple[str, str, str], dict[str, float]] = {
    ("labels", "postings", "job.analyze"): {
        "must_recall": 0.93,
        "nice_recall": 0.95,
        "priority_acc": 0.97,
        "precision": 0.90,
        "resp_recall": 0.87,
    },
    ("corpus/labels", "corpus/postings", "job.analyze"): {
        "must_recall": 0.95,
        "nice_recall": 0.93,
        "priority_acc": 0.95,
        "precision": 0.93,
        "resp_recall": 0.90,
    },
    ("resume_labels", "resumes", "resume.analyze"): {
        "role_recall": 0.95,
        "date_acc": 0.95,
        "ach_recall": 0.95,
        "ach_precision": 0.93,
        "skill_recall": 0.95,
        "skill_precision": 0.95,
    },
}


def _document(folder: Path, stem: str) -> Path:
    """The labelled file ``<stem>.<ext>``, as the scorer finds it."""
    prefix = stem + "."
    (found,) = (p for p in folder.iterdir() if p.name.startswith(prefix) and "." not in p.name[len(prefix) :])
    return found


def _predict(step_type: str, path: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["step", "run", step_type, "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, f"{step_type} on {path.name}: {result.output}"
    outputs: dict[str, object] = json.loads(result.stdout)
    return outputs


@pytest.mark.parametrize(("labels", "documents", "step_type"), list(FLOORS), ids=lambda v: str(v))
def test_quality_does_not_drop_below_its_floor(
    labels: str, documents: str, step_type: str, tmp_path: Path
) -> None:
    predictions = {}
    for label in sorted((EVAL / labels).glob("*.json")):
        stem = label.name[: -len(".json")]
        predictions[stem] = _predict(step_type, _document(EVAL / documents, stem))
    written = tmp_path / "predictions.json"
    written.write_text(json.dumps(predictions), encoding="utf-8")
    command = "requirements" if step_type == "job.analyze" else "resumes"
    scored = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), command, labels, documents, "--predictions", str(written)],
        cwd=EVAL,
        capture_output=True,
        text=True,
        check=True,
    )
    overall = next(line for line in scored.stdout.splitlines() if line.startswith("overall:"))
    figures = {name: float(value) for name, value in re.findall(r"(\w+)=([\d.]+)", overall)}
    low = {name: (figures[name], floor) for name, floor in FLOORS[labels, documents, step_type].items()}
    below = [f"{name} {got:.3f} < {floor}" for name, (got, floor) in low.items() if got < floor]
    assert not below, "below the floor: " + ", ".join(below)


#: Where the eval folder keeps postings: labelled or not, in every format.
POSTING_FOLDERS = ("postings", "postings_html", "corpus/postings")


def test_every_posting_gives_three_requirements_and_a_title() -> None:
    """Every real posting, whatever its format, gives a title and at least three requirements
    (a posting that states fewer lends its main duties, saying so)."""
    from prepflow_plugins.documents import DEFAULT_MAX_BYTES, _parse
    from prepflow_plugins.job.rules import Vocabulary, analyze_document
    from prepflow_plugins.prepdata import load_data

    vocabulary = Vocabulary.from_data(load_data("postings"))
    short = []
    for folder in POSTING_FOLDERS:
        for path in sorted((EVAL / folder).iterdir()):
            doc = _parse(str(path), path.name, path.read_bytes(), "", DEFAULT_MAX_BYTES)
            out = analyze_document(doc, vocabulary=vocabulary)
            title = (out["role"] or {}).get("text") or ""
            if len(out["requirements"]) < 3 or not title.strip():
                found = len(out["requirements"])
                short.append(f"{folder}/{path.name}: {found} requirements, title {title!r}")
    assert not short, "\n".join(short)
