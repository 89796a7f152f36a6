"""Every document reader, on any bytes: a document or one ``PrepflowError`` line naming the file.

Hypothesis writes the bytes, behind each format's opening (a ZIP header for DOCX, ``%PDF-``,
an HTML tag, a JSON brace, a RenderCV key) so that they reach that format's parser.
``PREPFLOW_PROPERTY_EXAMPLES`` raises the number of examples, as for the plan properties.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepflow.engine import run_step_type
from prepflow.errors import PrepflowError
from prepflow.plugins import Plugins

EXAMPLES = int(os.environ.get("PREPFLOW_PROPERTY_EXAMPLES", "25"))
FORMATS = {
    "doc.md": b"# ",
    "doc.txt": b"",
    "doc.html": b"<html><body>",
    "doc.docx": b"PK\x03\x04",
    "doc.pdf": b"%PDF-1.4\n",
    "resume.json": b'{"basics": ',
    "resume.yaml": b"cv:\n  ",
}


@pytest.fixture(scope="module")
def doc_load() -> object:
    return Plugins().step_types["doc.load"]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_any_bytes_give_a_document_or_one_line_naming_the_file(doc_load: object, name: str) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=2048) | st.text(max_size=512).map(lambda t: t.encode("utf-8")))
    def check(tail: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / name).write_bytes(FORMATS[name] + tail)
            try:
                outputs = run_step_type(doc_load, {"source": name}, base_dir=Path(folder))  # type: ignore[arg-type]
            except PrepflowError as e:
                message = str(e)
                assert "\n" not in message.strip() and name in message, message
            else:
                assert isinstance(outputs, dict) and isinstance(outputs.get("lines"), list)

    check()
