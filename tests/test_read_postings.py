"""job.analyze on postings written the way real ones are: headings without markup, lists without
marks, hard-wrapped text, front matter, priority cues in the item, and why each item has its priority.

Every posting here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner

from prepflow.cli import cli

SCHEMA = json.loads((Path(__file__).parent.parent / "plugins" / "job" / "output.schema.json").read_text())


def analyze(path: Path, text: str) -> dict[str, Any]:
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "job.analyze", "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(out)
    return out


def priority_of(out: dict[str, Any], needle: str) -> str:
    found = [r for r in out["requirements"] if needle.lower() in r["text"].lower()]
    assert found, f"no requirement mentions {needle!r}: {[r['text'] for r in out['requirements']]}"
    return str(found[0]["priority"])


def req_texts(out: dict[str, Any]) -> str:
    return " | ".join(r["text"] for r in out["requirements"]).lower()


def duty_texts(out: dict[str, Any]) -> str:
    return " | ".join(r["text"] for r in out["responsibilities"]).lower()


BOARD_COPY = """Orchard Logistics Dispatcher
Orchard Logistics is hiring a dispatcher for its night depot.

What you'll do
Plan the routes of twelve delivery vans
Answer drivers' radio calls during the shift
Keep the daily dispatch log up to date

Who you are
Two years of dispatch or logistics experience
A valid driving licence
Calm under pressure

Nice to have -
Knowledge of the local road network (experience with route-planning software is a plus)

Questions? Contact jobs@orchard.example for more information.
Apply anyway!
"""


def test_plain_headings_and_unmarked_lists(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.txt", BOARD_COPY)
    assert out["role"]["text"] == "Orchard Logistics Dispatcher"
    assert out["role"]["from"] == "first_line"
    duties = duty_texts(out)
    assert "plan the routes of twelve delivery vans" in duties
    assert "answer drivers' radio calls" in duties  # one item per line, not one run-on item
    assert priority_of(out, "two years of dispatch") == "must"
    assert priority_of(out, "driving licence") == "must"
    assert priority_of(out, "local road network") == "nice"  # under "Nice to have -"
    assert priority_of(out, "route-planning software") == "nice"  # named by "(... is a plus)"
    assert "contact" not in req_texts(out) and "apply anyway" not in req_texts(out)
    assert "plan the routes" not in req_texts(out)


HARD_WRAPPED = """Lab Assistant

The Meadowvale Soil Lab is looking for a lab assistant to prepare samples
for our field scientists. The successful candidate will prepare soil
samples, label and store them, and keep the freezer inventory.

Applicants are expected to have:

- a school certificate in chemistry or biology
- experience of careful record keeping, ideally in a laboratory

Physical demands
- Must be able to lift boxes of up to 20 kg
- The lab is kept at 15 degrees
"""


def test_hard_wrapped_prose_lead_ins_and_physical_demands(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.md", HARD_WRAPPED)
    # an "expected to have" lead-in keeps its list required
    assert priority_of(out, "school certificate") == "must"
    certificate = next(r for r in out["requirements"] if "certificate" in r["text"])
    assert certificate["why"] == {"from": "lead_in", "cue": "Applicants are expected to have", "line": 7}
    assert priority_of(out, "lift boxes") == "must"
    assert "15 degrees" in " ".join(c["text"] for c in out["conditions"])
    assert "prepare soil samples" in duty_texts(out)  # duties stated in prose, wrapped lines re-joined


FRONT_MATTER = """---
title: "Junior Baker"
org: Crumb & Co
---

**ABOUT THE COMPANY:**

We bake bread for forty cafés.

**Essential**
- Food hygiene certificate
- Able to start at 4 am

**Desirable**
- Experience with sourdough

A forklift licence would be considered a strong asset.
"""


def test_front_matter_title_and_emphasised_headings(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.md", FRONT_MATTER)
    assert out["role"] == {**out["role"], "text": "Junior Baker", "from": "front_matter"}
    assert priority_of(out, "food hygiene") == "must"
    assert priority_of(out, "sourdough") == "nice"
    assert "forty cafés" not in req_texts(out)


def test_why_names_the_cue_in_the_item(tmp_path: Path) -> None:
    out = analyze(
        tmp_path / "job.md",
        "# Welder\n\n## Requirements\n\n- Three years of MIG welding\n- Pipe welding (preferred)\n",
    )
    pipe = next(r for r in out["requirements"] if "Pipe" in r["text"])
    assert pipe["priority"] == "nice"
    assert pipe["why"] == {"from": "item", "cue": "preferred", "line": 6}
    mig = next(r for r in out["requirements"] if "MIG" in r["text"])
    assert mig["why"] == {"from": "section", "cue": "Requirements", "line": 3}


FIELD_LINES = """Staff Nurse – Ward 7

Basic qualifications
Degree: Nursing degree required

Experience:
Data Science: 2 years (Preferred)
Ward nursing: 1 year (Required)

Participation in an on-call rota is a requirement of this role.
One Saturday shift per month is mandatory.

Skills required -
Problem Solver. You are a natural problem solver who enjoys untangling hard cases.

Location: Ottawa, Ontario
Closing date: 30 June
"""


def test_requirements_in_field_lines_and_prose(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.txt", FIELD_LINES)
    assert priority_of(out, "nursing degree required") == "must"
    assert priority_of(out, "Data Science: 2 years") == "nice"
    assert priority_of(out, "Ward nursing: 1 year") == "must"
    assert priority_of(out, "on-call rota") == "must"
    assert priority_of(out, "Saturday shift") == "must"
    solver = next(r for r in out["requirements"] if r["text"].startswith("Problem Solver"))
    assert "natural problem solver" in solver["text"]  # the label keeps its sentence
    assert "ottawa" not in req_texts(out) and "closing" not in req_texts(out)
    assert out["location"]["text"] == "Ottawa, Ontario" and out["location"]["from"] == "field"


SUMMARY_AND_CLAUSES = """# Outreach Officer

## Summary

Candidates should be energetic and love talking to people.

## What you will bring:

- Three years of community outreach experience

who you are:
- a clear writer

Applicants are expected to have:
- a clean record; this role is based in our Leeds office

Apply anyway! Questions? Contact Sam at sam@charity.example.
"""


def test_summary_cues_clauses_and_closing_lines_are_no_requirements(tmp_path: Path) -> None:
    out = analyze(tmp_path / "job.md", SUMMARY_AND_CLAUSES)
    reqs = req_texts(out)
    assert "energetic" not in reqs
    assert priority_of(out, "community outreach") == "must"  # "What you will bring:" lists requirements
    assert priority_of(out, "clear writer") == "must"
    assert priority_of(out, "clean record") == "must"
    assert "leeds" not in reqs and "questions" not in reqs and "apply anyway" not in reqs


def test_a_pack_vocabulary_names_sections_and_cues() -> None:
    from prepflow_plugins.job.rules import Vocabulary, analyze_document

    lines = [
        {"text": "# Scaffolder", "line": 1, "kind": "heading", "level": 1},
        {"text": "Tickets held", "line": 3, "kind": "text"},
        {"text": "- CISRS Part 1", "line": 4, "kind": "bullet", "depth": 0},
        {"text": "- Advanced scaffolding card, handy to have", "line": 5, "kind": "bullet", "depth": 0},
    ]
    doc = {"source": "job.txt", "format": "text", "title": None, "lines": lines}
    plain_reading = analyze_document(doc)
    assert not plain_reading["requirements"]  # "Tickets held" means nothing to the built-in rules
    data = {"sections": {"requirements": ["tickets held"]}, "cues": {"nice": ["handy"]}}
    words = Vocabulary.from_data(data)
    out = analyze_document(doc, vocabulary=words)
    priorities = {r["text"]: r["priority"] for r in out["requirements"]}
    assert priorities == {"CISRS Part 1": "must", "Advanced scaffolding card, handy to have": "nice"}
