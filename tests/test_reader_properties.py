"""Property tests over every document reader: any bytes give a document within the reading limits,
or one line of :class:`prepflow.PrepflowError` naming the file; never another exception."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import prepflow

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
CONTROL = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))


def check(name: str, data: bytes) -> None:
    """Read ``data`` as a file called ``name``: a valid document or one clear line."""
    from prepflow_plugins.documents import load_document
    from prepflow_plugins.documents.limits import MAX_CHARS, MAX_LINES

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        ctx = prepflow.StepContext(step_id="p", config={}, needs={}, inputs={}, base_dir=path.parent)
        try:
            doc = load_document(ctx, name)
        except prepflow.PrepflowError as e:
            message = str(e)
            assert "\n" not in message and message.startswith(name), message
            assert not any(ch in message for ch in CONTROL), message
            return
    lines = doc["lines"]
    assert lines and len(lines) <= MAX_LINES
    assert sum(len(line["text"]) for line in lines) <= MAX_CHARS
    for line in lines:
        assert isinstance(line["text"], str) and line["text"].strip(), line
        assert isinstance(line["line"], int)
        assert not any(ch in line["text"] for ch in CONTROL), line
    json.dumps(doc)  # plain JSON data


text = st.text(st.characters(codec="utf-8"), max_size=400)


@SETTINGS
@given(
    data=st.binary(max_size=2000), name=st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.yaml", "a"])
)
def test_any_bytes_as_a_text_format(data: bytes, name: str) -> None:
    check(name, data)


@SETTINGS
@given(
    body=text,
    markup=st.lists(st.sampled_from(["<div>", "</div>", "<p>", "<li>", "<ul>", "<b>", "<br>", "<script>"])),
)
def test_any_html(body: str, markup: list[str]) -> None:
    check("page.html", ("<html><body>" + "".join(markup) + body).encode())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)
resume_keys = st.sampled_from(["basics", "work", "education", "skills", "volunteer", "projects", "meta"])


@SETTINGS
@given(data=st.dictionaries(resume_keys, json_values, min_size=1, max_size=5))
def test_any_json_resume_shape(data: dict[str, Any]) -> None:
    check("resume.json", json.dumps(data).encode())


@SETTINGS
@given(sections=st.dictionaries(text, json_values, max_size=3), name=json_values)
def test_any_rendercv_shape(sections: dict[str, Any], name: Any) -> None:
    import yaml

    check("cv.yaml", yaml.safe_dump({"cv": {"name": name, "sections": sections}}).encode())


@SETTINGS
@given(tail=st.binary(max_size=1500))
def test_any_bytes_after_a_pdf_header(tail: bytes) -> None:
    check("resume.pdf", b"%PDF-1.4\n" + tail)


@SETTINGS
@given(
    entries=st.dictionaries(
        st.sampled_from(["word/document.xml", "[Content_Types].xml", "x"]), st.binary(max_size=300)
    )
)
def test_any_zip_named_docx(entries: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    check("resume.docx", buffer.getvalue())


fresh_keys = st.sampled_from(
    ["name", "info", "contact", "location", "skills", "projects", "writing", "languages"]
)
history = st.lists(
    st.dictionaries(st.sampled_from(["employer", "position", "start", "end", "highlights"]), json_values)
)


@SETTINGS
@given(data=st.dictionaries(fresh_keys, json_values, max_size=5), jobs=history | json_values)
def test_any_fresh_resume_shape(data: dict[str, Any], jobs: Any) -> None:
    check(
        "resume.json",
        json.dumps({**data, "meta": {"format": "FRESH@1.0.0"}, "employment": {"history": jobs}}).encode(),
    )
