"""doc.load through the CLI and plans: every format, the line map, and one clear line for bad input."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def load(source: str | Path, *extra: str) -> tuple[int, Any, str]:
    """Run ``doc.load`` on ``source``: (exit code, outputs or None, output text)."""
    result = CliRunner().invoke(
        cli, ["step", "run", "doc.load", "--with", f"source={source}", *extra, "--json"]
    )
    data = json.loads(result.output) if result.exit_code == 0 else None
    return result.exit_code, data, result.output


def assert_one_line_error(code: int, output: str, name: str, *needles: str) -> None:
    assert code == 1, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip() and "warning" not in line]
    assert len(lines) == 1, output
    assert name in lines[0]
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


# -- formats --------------------------------------------------------------------


def test_text_bullets_are_normalised_and_keep_their_lines() -> None:
    code, doc, out = load(FIXTURES / "bullets.txt")
    assert code == 0, out
    assert doc["format"] == "text"
    by_line = {item["line"]: item for item in doc["lines"]}
    assert by_line[3] == {"text": "- Python and SQL", "line": 3, "kind": "bullet", "depth": 0}
    assert by_line[4]["text"] == "- Data cleaning"
    assert by_line[5]["text"] == "- Dashboards"
    assert by_line[6]["text"] == "- Stakeholder interviews"
    assert by_line[7]["text"] == "1. First numbered item"
    assert by_line[8]["text"] == "2. Second numbered item"  # whitespace collapsed
    assert 2 not in by_line  # blank lines are dropped, numbering is not


def test_markdown_headings_title_and_nested_bullets(write) -> None:
    path = write("job.md", "# Site Engineer\n\nIntro text\n\n## Skills\n\n- Concrete\n  - Formwork\n")
    code, doc, out = load(path)
    assert code == 0, out
    assert doc["format"] == "markdown"
    assert doc["title"] == "Site Engineer"
    assert doc["lines"][0] == {"text": "# Site Engineer", "line": 1, "kind": "heading", "level": 1}
    assert doc["lines"][-1]["depth"] == 1
    assert doc["lines"][-1]["line"] == 8


def test_legacy_encodings_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_bytes(
        "Café manager – résumé required.\nSalaire négociable, prime à l'embauche.\n".encode("cp1252")
    )
    code, doc, out = load(path)
    assert code == 0, out
    assert doc["lines"][0]["text"].startswith("Café manager")
    assert doc["encoding"] and doc["encoding"] != "utf-8"


def test_html_keeps_main_content_and_drops_chrome() -> None:
    code, doc, out = load(FIXTURES / "careers-page.html")
    assert code == 0, out
    assert doc["format"] == "html"
    texts = [item["text"] for item in doc["lines"]]
    assert texts[0] == "# Warehouse Lead"
    assert "1. Forklift certification" in texts
    joined = " ".join(texts)
    for chrome in ("cookies", "Home", "Copyright", "Related jobs", "tracking"):
        assert chrome not in joined
    # <br> splits a paragraph; both halves point at the element's line in the file
    assert {"text": "Denver distribution centre.", "line": 12, "kind": "text"} in doc["lines"]
    source_lines = (FIXTURES / "careers-page.html").read_text().splitlines()
    for item in doc["lines"]:
        assert item["text"].lstrip("#-0123456789. ")[:8] in source_lines[item["line"] - 1]


def test_html_jsonld_job_posting_fields() -> None:
    code, doc, out = load(FIXTURES.parent / "postings" / "data-analyst.html")
    assert code == 0, out
    assert doc["title"] == "Data Analyst"
    assert doc["jsonld"]["hiringOrganization"] == "Northwind Health"
    assert doc["jsonld"]["jobLocation"] == "Leeds, GB"
    assert "32000" in doc["jsonld"]["baseSalary"]
    assert any(item["text"] == "- 2+ years of experience with SQL" for item in doc["lines"])


def _tiny_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with a text layer, written by hand (Helvetica, one line per string)."""
    objects: list[bytes] = []
    kids = []
    font_id = 3 + 2 * len(pages)
    for i, lines in enumerate(pages):
        page_id, content_id = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page_id} 0 R")
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for text in lines:
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode(),
    ]
    everything = [*head, *objects, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(everything, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(everything) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(everything) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_text_layer_lines_carry_pages(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(_tiny_pdf([["Jane Roe", "- Led a team of 4"], ["Education", "BSc Physics"]]))
    code, doc, out = load(path)
    assert code == 0, out
    assert doc["format"] == "pdf"
    assert doc["pages"] == 2
    texts = [(item["page"], item["text"]) for item in doc["lines"]]
    assert (1, "Jane Roe") in texts
    assert (1, "- Led a team of 4") in texts
    assert (2, "BSc Physics") in texts
    numbers = [item["line"] for item in doc["lines"]]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    from pdf_writer import pdf

    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf([[]]))
    code, _, out = load(path)
    assert_one_line_error(code, out, "scan.pdf", "OCR")


def test_docx_headings_bullets_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Plumber", level=1)
    document.add_paragraph("Fix pipes across the city.")
    document.add_paragraph("Licensed plumber", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Pay"
    table.rows[0].cells[1].text = "$30 an hour"
    path = tmp_path / "posting.docx"
    document.save(str(path))
    code, doc, out = load(path)
    assert code == 0, out
    assert doc["format"] == "docx"
    assert doc["title"] == "Plumber"
    kinds = {item["text"]: item["kind"] for item in doc["lines"]}
    assert kinds["# Plumber"] == "heading"
    assert kinds["- Licensed plumber"] == "bullet"
    row = next(item for item in doc["lines"] if "cells" in item)  # a table row is one line
    assert (row["text"], row["kind"], row["cells"]) == ("Pay | $30 an hour", "text", ["Pay", "$30 an hour"])
    numbers = [item["line"] for item in doc["lines"]]
    assert numbers == sorted(numbers)


def test_json_resume_keeps_structure_and_value_lines() -> None:
    code, doc, out = load(FIXTURES / "resume.json")
    assert code == 0, out
    assert doc["format"] == "json_resume"
    assert doc["json_resume"]["basics"]["name"] == "Ada Example"
    assert doc["title"] == "Ada Example"
    lines = {item["text"]: item["line"] for item in doc["lines"]}
    assert lines["- Cut nightly batch time by 40%"] == 14
    assert lines["### Data Engineer, Example Corp (2019-03-01 – Present)"] == 11
    assert lines["- Data: Python, SQL, Airflow"] == 20


# -- bad input ------------------------------------------------------------------


def test_empty_file(write) -> None:
    path = write("empty.md", "  \n\n")
    code, _, out = load(path)
    assert_one_line_error(code, out, "empty.md", "empty")


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(256)) * 8)
    code, _, out = load(path)
    assert_one_line_error(code, out, "noise.txt", "binary")


def test_the_characters_a_text_should_barely_hold_are_unicodes_own_categories() -> None:
    """Control (but tab, line feed, form feed, carriage return), private-use and surrogate
    characters, and U+FFFD: the pattern that counts them matches exactly those, of every character."""
    import re
    import sys
    import unicodedata

    from prepflow_plugins.documents.detect import _SUSPECT

    suspect = re.compile(_SUSPECT)
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        counted = (unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\t\n\r\f") or ch == "\ufffd"
        assert counted == bool(suspect.match(ch)), hex(cp)


@pytest.mark.parametrize(("odd", "refused"), [(10, False), (11, True)])
def test_a_text_with_more_than_one_odd_character_in_a_hundred_is_binary(
    tmp_path: Path, odd: int, refused: bool
) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n" + "word " * 198 + "\ue000\x0b\ufffd\x01" * (odd // 4) + "\ue000" * (odd % 4))
    text = path.read_text(encoding="utf-8")
    assert sum(ch in "\ue000\x0b\ufffd\x01" for ch in text) == odd and len(text) == 998 + odd
    code, _, out = load(path)
    if refused:
        assert_one_line_error(code, out, "notes.md", "binary")
    else:
        assert code == 0, out


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sheet.xlsx", b"PK\x03\x04xl/workbook.xml"),
        ("photo.png", b"\x89PNG\r\n\x1a\nxxxx"),
        ("old.doc", b"x" * 10),
    ],
)
def test_unsupported_types(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, _, out = load(path)
    assert_one_line_error(code, out, name, "unsupported")


def test_not_a_json_resume(write) -> None:
    path = write("data.json", '{"rows": [1, 2, 3]}')
    code, _, out = load(path)
    assert_one_line_error(code, out, "data.json", "JSON Resume")


def test_corrupt_pdf_and_docx(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    code, _, out = load(tmp_path / "broken.pdf")
    assert code == 1 and "Traceback" not in out and "broken.pdf" in out
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04word/ but not a zip")
    code, _, out = load(tmp_path / "broken.docx")
    assert_one_line_error(code, out, "broken.docx", "Word document")


def test_file_over_the_size_limit(write) -> None:
    path = write("long.txt", "word " * 100)
    code, _, out = load(path, "--with", "max_bytes=100")
    assert_one_line_error(code, out, "long.txt", "limit")
    code, _, out = load(path, "--with", "max_bytes=10000")
    assert code == 0, out


def test_missing_file(tmp_path: Path) -> None:
    code, _, out = load(tmp_path / "nope.md")
    assert_one_line_error(code, out, "nope.md", "not found")


# -- URLs -----------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A local http.server on 127.0.0.1 serving the fixtures; yields its base URL."""
    shutil.copytree(FIXTURES.parent, tmp_path / "site")
    (tmp_path / "site" / "big.txt").write_text("x " * 5000)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path / "site"), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_from_local_server(server: str) -> None:
    code, doc, out = load(f"{server}/documents/careers-page.html")
    assert code == 0, out
    assert doc["format"] == "html"
    assert doc["title"] == "Warehouse Lead"
    assert doc["source"].startswith("http://127.0.0.1:")


def test_url_errors_are_one_line(server: str) -> None:
    code, _, out = load(f"{server}/missing.html")
    assert_one_line_error(code, out, "missing.html", "404")
    code, _, out = load(f"{server}/big.txt", "--with", "max_bytes=1000")
    assert_one_line_error(code, out, "big.txt", "limit")


def test_offline_url_is_one_clear_line() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, out = load(f"http://127.0.0.1:{port}/job.html", "--with", "timeout=2")
    assert_one_line_error(code, out, f"127.0.0.1:{port}", "offline")


# -- in a plan ------------------------------------------------------------------


def test_plan_loads_html_and_reruns_when_it_changes(tmp_path: Path, write) -> None:
    shutil.copy(FIXTURES / "careers-page.html", tmp_path / "page.html")
    plan_path = write(
        "plan.toml",
        """
        [plan]
        name = "load"

        [inputs]
        page = { file = "page.html" }

        [steps.page]
        uses = "doc.load"
        with.source = "${inputs.page}"

        [output]
        dir = "out"
        formats = ["json"]
        """,
    )
    result = prepflow.run_plan(prepflow.load_plan(plan_path))
    assert result.status == "success"
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    assert "Warehouse Lead" in json.dumps(dossier)
    again = prepflow.run_plan(prepflow.load_plan(plan_path))
    assert again.steps["page"].status == "cached"
    page = tmp_path / "page.html"
    page.write_text(page.read_text().replace("Warehouse Lead", "Yard Lead"))
    third = prepflow.run_plan(prepflow.load_plan(plan_path))
    assert third.steps["page"].status == "success"


def test_yaml_front_matter_is_metadata_not_text(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "---\ntitle: Working here\nsubnav:\n  - text: Values\n    href: '#values'\n---\n"
        "\n## Our values\n- Be kind.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["step", "run", "doc.load", "--with", f"source={page}", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["title"] == "Working here"
    assert [(line["line"], line["text"]) for line in doc["lines"]] == [
        (8, "## Our values"),
        (9, "- Be kind."),
    ]
