"""Hostile and broken inputs: each gives a result within the reading limits or one clear line naming
the file and the limit, never a hang, a traceback or raw control bytes on the terminal."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hostile_files import (
    chains_html,
    deep_html,
    docx_bomb,
    docx_many_entries,
    docx_with_body,
    paragraphs,
    pdf_with_stream,
    text_ops,
)

import prepflow
from prepflow.cli import cli

EXAMPLES = Path(__file__).parents[1] / "examples"


def read(path: Path) -> dict[str, Any]:
    """``load_document`` on ``path``, as a step would."""
    from prepflow_plugins.documents import load_document

    ctx = prepflow.StepContext(step_id="t", config={}, needs={}, inputs={}, base_dir=path.parent)
    return load_document(ctx, path.name)


def refused(path: Path, *needles: str) -> str:
    """The one-line message ``doc.load`` gives for ``path``; it names the file and each needle."""
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={path}"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert path.name in lines[0]
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]
    return lines[0]


# -- resource limits ----------------------------------------------------------------


def test_a_docx_that_unpacks_past_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    path.write_bytes(docx_bomb(unpacked_mb=30))
    assert path.stat().st_size < 1024 * 1024  # small on disk
    refused(path, "unpacks to", "limit")


def test_a_docx_with_too_many_files_in_its_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    path.write_bytes(docx_many_entries(1001))
    refused(path, "1,0", "files", "limit")


def test_a_docx_with_too_many_paragraphs_or_elements_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.docx"
    path.write_bytes(docx_with_body(paragraphs(10_001, "x")))
    refused(path, "paragraphs", "10,000")
    path.write_bytes(docx_with_body("<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 60_000 + "</w:p>"))
    refused(path, "XML elements", "limit")


def test_many_short_docx_paragraphs_are_all_read(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    path.write_bytes(docx_with_body(paragraphs(2000)))
    doc = read(path)
    assert len(doc["lines"]) == 2000
    assert doc["lines"][-1]["text"] == "Line 1999 of the resume"


def test_html_nested_too_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(deep_html(10_000))
    refused(path, "nest more than 512")


def test_html_the_parser_gives_up_on_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(b"<html><body><p>Engineer</p><![ ")  # a declaration with no name (found by hypothesis)
    refused(path, "could not be read", "paste its text")


def test_a_jsonld_description_the_parser_gives_up_on_is_read_as_text(tmp_path: Path) -> None:
    posting = {"@type": "JobPosting", "title": "Depot Supervisor", "description": "Lead the night shift <![ "}
    path = tmp_path / "posting.html"
    path.write_text(
        '<html><head><script type="application/ld+json">' + json.dumps(posting) + "</script></head>"
        "<body><p>Depot Supervisor</p></body></html>"
    )
    texts = [line["text"] for line in read(path)["lines"]]
    assert any("Lead the night shift" in text for text in texts), texts


def test_html_with_too_many_elements_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.html"
    path.write_text("<html><body>" + "<p>x</p>" * 21_000 + "</body></html>")
    refused(path, "elements", "20,000")


def test_deeply_nested_html_within_the_limit_is_read(tmp_path: Path) -> None:
    """The shape that made the main-content finder quadratic: nested divs with inline text."""
    path = tmp_path / "chains.html"
    path.write_text(chains_html(4, 400))
    doc = read(path)
    assert sum(line["text"] == "Deep text here" for line in doc["lines"]) == 4


def test_text_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "job.txt"
    path.write_text("word " * 100_000)
    refused(path, "characters", "400,000")


def test_text_with_too_many_lines_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "job.md"
    path.write_text("- an item\n" * 10_001)
    refused(path, "10,001 lines", "10,000")


def test_a_very_long_line_is_cut_into_pieces_that_keep_its_place(tmp_path: Path) -> None:
    path = tmp_path / "job.txt"
    sentence = "You will build and run the data platform for our clinics. "
    path.write_text("# Data Engineer\n" + sentence * 400 + "\nApply today.\n")
    doc = read(path)
    pieces = [line for line in doc["lines"] if line["line"] == 2]
    assert len(pieces) > 1
    assert all(len(piece["text"]) <= 5000 for piece in pieces)
    assert all(piece["text"].endswith("clinics.") for piece in pieces)  # cut at sentence ends
    assert " ".join(piece["text"] for piece in pieces) == (sentence * 400).strip()
    assert doc["lines"][-1] == {"text": "Apply today.", "line": 3, "kind": "text"}


def test_a_pdf_whose_streams_unpack_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(pdf_with_stream(b" " * (40 << 20)))
    assert path.stat().st_size < 1024 * 1024
    refused(path, "unpack", "10.0 MB")


def test_a_pdf_with_too_many_pages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_with_stream(text_ops(2), pages=101))
    refused(path, "more than 100 pages")


def test_a_pdf_that_draws_too_much_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prepflow_plugins.documents import pdflimits

    monkeypatch.setattr(pdflimits, "MAX_PDF_OBJECTS", 500)  # the real limit takes seconds to reach
    path = tmp_path / "dense.pdf"
    path.write_bytes(pdf_with_stream(text_ops(40)))
    refused(path, "more than 500 glyphs")


def test_a_pdf_of_lines_drawn_over_one_another_is_read(tmp_path: Path) -> None:
    """A thousand lines on 70 baselines, with a column of dates in the margin: pdfminer's grouping
    into boxes and the margin reading were quadratic in them (ten seconds, then a minute)."""
    dates = b"\n".join(b"BT /F1 9 Tf 20 %d Td (2019 Jan) Tj ET" % (750 - (i % 70) * 10) for i in range(300))
    path = tmp_path / "resume.pdf"
    path.write_bytes(pdf_with_stream(text_ops(1000) + b"\n" + dates))
    doc = read(path)
    assert doc["pages"] == 1 and doc["lines"]


def test_json_nested_too_deep_and_yaml_alias_bombs_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    path.write_text('{"basics": ' + "[" * 5000 + "]" * 5000 + "}")
    refused(path, "nest")
    bomb = ["cv:", "  name: Ana", '  a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 9):
        bomb.append(f"  a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    path = tmp_path / "resume.yaml"
    path.write_text("\n".join(bomb) + "\n")
    refused(path, "values", "limit")


# -- files that are not files -----------------------------------------------------------


def _plan(tmp_path: Path, source: str) -> Path:
    plan = tmp_path / "plan.toml"
    plan.write_text(f'[plan]\nname = "x"\n\n[steps.job]\nuses = "doc.load"\nwith.source = "{source}"\n')
    return plan


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_a_source_is_refused_by_validate_and_run(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "/dev/zero")
    for command in ("validate", "run"):
        result = CliRunner().invoke(cli, [command, str(plan)])
        assert result.exit_code == 1, result.output
        assert "steps.job.with.source: '/dev/zero' is a character device, not a regular file" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "job.md")
    result = CliRunner().invoke(cli, ["validate", str(_plan(tmp_path, "job.md"))])
    assert "'job.md' is a FIFO (named pipe), not a regular file" in result.output
    plan = tmp_path / "inputs.toml"
    plan.write_text(
        '[plan]\nname = "x"\n[inputs]\njob = { file = "job.md" }\n'
        '[steps.job]\nuses = "doc.load"\nwith.source = "${inputs.job}"\n'
    )
    result = CliRunner().invoke(cli, ["validate", str(plan)])
    assert "inputs.job.file: 'job.md' is a FIFO (named pipe), not a regular file" in result.output
    refused(tmp_path / "job.md", "FIFO", "not a regular file")  # a step reading it at run time


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_a_plugin_file_is_a_load_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--plugin", "/dev/zero", "plugins", "--json"])
    assert result.exit_code == 0, result.output
    assert "/dev/zero: is a character device, not a Python file" in result.output


# -- control characters --------------------------------------------------------------

ESCAPES = (
    "\x1b]0;pwned title\x07",  # window title
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # a clickable link
    "\x1b[2J\x1b[31m",  # clear the screen, red
    "\x9b31m\x85\x07\x08",  # C1 CSI, NEL, bell, backspace
)


def test_documents_carry_no_terminal_escapes_and_isolate_overrides(tmp_path: Path) -> None:
    path = tmp_path / "job.md"
    path.write_text(
        f"# Data {ESCAPES[0]}Engineer\n\n- Python {ESCAPES[1]} and SQL{ESCAPES[2]}\n"
        f"- Spark{ESCAPES[3]} pipelines\n- Ship \u202egnp.exe safely\n- Closed\u202c early\n"
        + "We build the data platform our clinics run on, one careful release at a time.\n"
        * 30,
        encoding="utf-8",
    )
    doc = read(path)
    texts = [line["text"] for line in doc["lines"]]
    assert texts[:3] == ["# Data Engineer", "- Python click and SQL", "- Spark31m pipelines"]
    assert texts[3] == "- Ship \u2067gnp.exe safely\u2069"  # the override is an isolate, closed
    assert texts[4] == "- Closed early"  # a close with nothing open is dropped
    assert doc["title"] == "Data Engineer"


def test_a_run_prints_and_writes_no_escape_sequences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex", ignore=shutil.ignore_patterns(".prepflow", "out"))
    job = tmp_path / "ex" / "inputs" / "job.md"
    lines = job.read_text(encoding="utf-8").splitlines()
    bullets = [i for i, line in enumerate(lines) if line.startswith("- ")]
    for escape, index in zip(ESCAPES, bullets[:: max(len(bullets) // len(ESCAPES), 1)], strict=False):
        lines[index] = lines[index][:12] + escape + lines[index][12:]
    lines[0] += "\u202e"
    job.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "ex")
    result = CliRunner().invoke(cli, ["run", "plan.toml", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "first, do:" in result.output
    written = (tmp_path / "ex" / "out" / "dossier.md").read_text(encoding="utf-8")
    for text in (result.output, written):
        assert not any(ch in text for ch in "\x1b\x07\x08\x9b\x85\u202e"), text


def test_the_html_dossier_wraps_overlong_words() -> None:
    css = (Path(__file__).parents[1] / "plugins" / "dossier" / "templates" / "dossier.css").read_text()
    body = css[css.index("body {") : css.index("}", css.index("body {"))]
    assert "overflow-wrap: anywhere" in body


# -- structured inputs of the wrong types, bad encodings, empty readings --------------

BASE_RESUME = {
    "basics": {"name": "Ana Diaz", "label": "Engineer", "location": {"city": "Lima"}},
    "work": [
        {"name": "Acme", "position": "Engineer", "startDate": "2019-01", "highlights": ["Cut costs 20%"]}
    ],
    "skills": [{"name": "Python", "keywords": ["SQL"]}],
}


@pytest.mark.parametrize(
    ("key", "value", "path", "expected", "found"),
    [
        ("basics", "Ana", "basics", "an object", "a string"),
        ("basics", {"name": ["Ana"]}, "basics.name", "a string", "a list"),
        ("basics", {"location": "Lima"}, "basics.location", "an object", "a string"),
        ("work", "Acme", "work", "a list of objects", "a string"),
        ("work", {"name": "Acme"}, "work", "a list of objects", "an object"),
        ("work", ["Acme"], "work[0]", "an object", "a string"),
        ("work", [{"highlights": "Led"}], "work[0].highlights", "a list of strings", "a string"),
        ("work", [{"highlights": [{"a": 1}]}], "work[0].highlights[0]", "a string", "an object"),
        ("skills", [{"keywords": "SQL"}], "skills[0].keywords", "a list of strings", "a string"),
        ("education", [{"courses": 3}], "education[0].courses", "a list of strings", "a number"),
    ],
)
def test_json_resume_fields_of_the_wrong_type_are_located(
    tmp_path: Path, key: str, value: Any, path: str, expected: str, found: str
) -> None:
    data = {**BASE_RESUME, key: value}
    file = tmp_path / "resume.json"
    file.write_text(json.dumps(data))
    result = CliRunner().invoke(cli, ["step", "run", "resume.analyze", "--with", f"source={file}"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Error:" not in result.output
    assert f"resume.json: {path}: expected {expected}" in result.output
    assert f"found {found}" in result.output


def test_numbers_in_json_resume_text_fields_are_read_as_text(tmp_path: Path) -> None:
    data = {**BASE_RESUME, "work": [{"name": "Acme", "position": 7, "startDate": 2019, "highlights": [42]}]}
    file = tmp_path / "resume.json"
    file.write_text(json.dumps(data))
    doc = read(file)
    assert doc["json_resume"]["work"][0] == {
        "name": "Acme",
        "position": "7",
        "startDate": "2019",
        "highlights": ["42"],
    }


def test_one_stray_latin1_byte_keeps_the_file_utf8(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = (
        "# Ana Díaz\nSenior engineer – Lima\n\n## Experience\n- Cut costs by 20% ’24\n- Led café projects\n"
    )
    data = text.encode("utf-8").replace("café".encode(), b"caf\xe9")
    path = tmp_path / "resume.md"
    path.write_bytes(data)
    with caplog.at_level("WARNING"):
        doc = read(path)
    texts = [line["text"] for line in doc["lines"]]
    assert texts[0] == "# Ana Díaz" and texts[1] == "Senior engineer – Lima"  # no mojibake
    assert texts[-1] == "- Led café projects"
    assert doc["encoding"] == "utf-8"
    offset = data.index(b"\xe9")
    assert doc["warnings"] == [
        f"resume.md: line 6: byte {offset} (0xE9) is not UTF-8; read as 'é' and the rest as UTF-8; "
        "save the file as UTF-8 to be sure"
    ]
    assert any("byte" in record.getMessage() for record in caplog.records)


def test_a_posting_with_no_requirements_is_reported_where_it_is_read(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex", ignore=shutil.ignore_patterns(".prepflow", "out"))
    (tmp_path / "ex" / "inputs" / "job.md").write_text("Hello there.\n\nWe are a friendly company.\n")
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "ex" / "plan.toml"), "--format", "md"])
    assert result.exit_code == 1
    assert "step 'job': warning: inputs/job.md: found no requirements in it" in result.output
    assert "no requirements were found in inputs/job.md" in result.output
    assert "pass the outputs of job.analyze" not in result.output


def test_the_summary_strips_control_characters() -> None:
    from prepflow.runcli import printable as _printable

    assert _printable("Ask about \x1b]0;x\x07the \x1b[1mroadmap\x1b[0m\u202e\r") == "Ask about the roadmap"


if sys.platform == "win32":  # pragma: no cover
    pytest.skip("POSIX files", allow_module_level=True)
