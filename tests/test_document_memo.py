"""A document is parsed once per process: same bytes give equal data, changed bytes new data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pdf_writer import Text, pdf
from prepflow_plugins import documents

import prepflow

Invoke = Callable[..., Result]

POSTING = "# Backend Engineer\n\n## Requirements\n\n- 5+ years of Python\n- SQL databases\n"


def load(folder: Path, name: str) -> dict[str, Any]:
    ctx = prepflow.StepContext(step_id="t", config={}, needs={}, inputs={}, base_dir=folder)
    return documents.load_document(ctx, name)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("job.md", POSTING.encode()),
        (
            "job.html",
            b"<html><body><h1>Backend Engineer</h1><ul><li>5+ years of Python</li></ul></body></html>",
        ),
        ("resume.pdf", pdf([[Text(72, 700, "Experience", size=14, bold=True), Text(72, 680, "Built APIs")]])),
    ],
)
def test_equal_bytes_give_equal_data_that_no_caller_shares(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    first = load(tmp_path, name)
    second = load(tmp_path, name)
    assert first == second
    assert first is not second and first["lines"] is not second["lines"]
    first["lines"][0]["text"] = "changed by one step"
    first["lines"].append({"text": "added", "line": 99, "kind": "text"})
    first["title"] = "other"
    third = load(tmp_path, name)
    assert third == second
    assert "changed by one step" not in json.dumps(third)


def test_changed_bytes_give_new_data(tmp_path: Path) -> None:
    (tmp_path / "job.md").write_text(POSTING)
    before = load(tmp_path, "job.md")
    (tmp_path / "job.md").write_text(POSTING.replace("Python", "Rust"))
    after = load(tmp_path, "job.md")
    assert before != after
    assert any("Rust" in line["text"] for line in after["lines"])
    assert not any("Rust" in line["text"] for line in before["lines"])


def test_same_bytes_under_another_name_cite_that_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(POSTING)
    (tmp_path / "b.md").write_text(POSTING)
    assert load(tmp_path, "a.md")["source"] == "a.md"
    assert load(tmp_path, "b.md")["source"] == "b.md"


def test_bad_input_is_refused_every_time(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("  \n")
    for _ in range(2):
        with pytest.raises(prepflow.StepError, match="empty"):
            load(tmp_path, "empty.md")


def test_the_memo_is_bounded(tmp_path: Path) -> None:
    for i in range(documents.MEMO_SIZE + 5):
        (tmp_path / f"{i}.md").write_text(f"# Page {i}\n\nText {i}\n")
        load(tmp_path, f"{i}.md")
    assert len(documents._PARSED) <= documents.MEMO_SIZE


PLAN = """\
[inputs]
job = { file = "job.md" }
[steps.read]
uses = "doc.load"
with.source = "${inputs.job}"
[steps.again]
uses = "doc.load"
with.source = "${inputs.job}"
with.max_bytes = 100000
"""


def run(invoke: Invoke) -> dict[str, tuple[str, str]]:
    result = invoke("run", "plan.toml", "--json")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    return {e["step"]: (e["status"], e["reason"]) for e in events if e["event"] == "step_finished"}


def test_a_changed_file_reruns_every_step_that_reads_it(tmp_path: Path, invoke: Invoke) -> None:
    (tmp_path / "plan.toml").write_text(PLAN)
    (tmp_path / "job.md").write_text(POSTING)
    assert {status for status, _ in run(invoke).values()} == {"success"}
    assert {status for status, _ in run(invoke).values()} == {"cached"}
    (tmp_path / "job.md").write_text(POSTING.replace("Python", "Rust"))
    rerun = run(invoke)
    assert rerun == {
        "read": ("success", rerun["read"][1]),
        "again": ("success", rerun["again"][1]),
    }
    assert all("job.md" in why for _, why in rerun.values()), rerun
    shown = invoke("step", "run", "doc.load", "--with", "source=job.md", "--json")
    assert "Rust" in shown.output and "Python" not in shown.output
