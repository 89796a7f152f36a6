"""What a step says plainly when the material does not support an item reaches the reader.

ideas.problem_solving, questions.draft and stories.bank return ``notes`` beside their
items; the Markdown and HTML dossiers show them under the section's heading, also when
the section has no items at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import prepflow

FIXTURES = Path(__file__).parent / "fixtures" / "ideas_stories"

PLAN = """
[plan]
name = "notes"

[inputs]
job = { file = "job.md" }
resume = { file = "resume.md" }

[steps.job]
uses = "job.analyze"
with.source = "${inputs.job}"

[steps.resume]
uses = "resume.analyze"
with.source = "${inputs.resume}"
with.as_of = "2026-06"

[steps.match]
uses = "match.evidence"
with.job = "${steps.job.outputs}"
with.resume = "${steps.resume.outputs}"

[steps.ideas]
uses = "ideas.problem_solving"
with.job = "${steps.job.outputs}"
with.resume = "${steps.resume.outputs}"
with.match = "${steps.match.outputs}"
"""


def test_a_posting_without_duties_says_so_in_the_ideas_section(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "bare_job.md", tmp_path / "job.md")
    shutil.copy(FIXTURES / "resume.md", tmp_path / "resume.md")
    (tmp_path / "plan.toml").write_text(PLAN, encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(tmp_path / "plan.toml"), formats=["md", "html"])
    assert result.status == "success", {k: s.error for k, s in result.steps.items()}
    notes = result.steps["ideas"].outputs["notes"]
    assert notes, "a posting with no duty gives a note, not an invented problem"
    markdown = (tmp_path / "out" / "dossier.md").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "dossier.html").read_text(encoding="utf-8")
    first_words = " ".join(notes[0].split()[:6])
    assert "## Problem-solving ideas" in markdown
    assert first_words in markdown
    assert '<p class="section-note">' in page and first_words in page
