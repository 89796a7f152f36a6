"""Documents: read what a candidate has, keeping every line's place in its source.

``load_document(ctx, source)`` is the library function the other first-party
steps call; ``doc.load`` is the same thing as a step. A document is JSON data:

    {"source": "inputs/job.md",          # the file (or URL), as given
     "format": "markdown",               # text | markdown | html | pdf | docx | json_resume
                                         # | fresh | rendercv
     "title": "Senior Backend Engineer", # the first heading, if any
     "lines": [{"text": "...", "line": 12}, ...]}   # non-blank lines, 1-based

Every line also says what it is: ``"kind"`` is ``"heading"`` (with ``"level"``
1-6; its text starts with that many ``#``), ``"bullet"`` (with ``"depth"``, 0 for
a top-level item; its text starts with ``"- "`` or ``"3. "`` whatever the
source used: •, ▪, –, *, 3), ...) or ``"text"``. Whitespace is collapsed.

What ``"line"`` counts depends on the format, so that a citation leads back to
the original: the line of the file for text, Markdown, HTML (the line where the
element starts) and JSON Resume, FRESH and RenderCV YAML (the line of the value);
the paragraph number for DOCX (table cells included); the row of text, counted
from the start of the document, for PDF, whose lines add ``"page"`` (1-based). A
PDF is read in reading order (a sidebar after the main column, a date set in the
margin with the line it faces), its headings recovered from font size and weight;
a wrapped PDF line is joined into one line whose ``"end"`` is its last row.

Some formats add keys: ``"jsonld"`` (an HTML page's schema.org ``JobPosting``:
title, hiringOrganization, description, qualifications, responsibilities, ...),
``"json_resume"`` (the parsed JSON Resume; FRESH and RenderCV resumes as the JSON
Resume they correspond to), ``"encoding"`` (the detected text encoding),
``"pages"`` (PDF) and ``"warnings"`` (a PDF text layer that does not read: symbols
from a shifted font encoding, glyphs with no text, words run together; each
names the file and what to do). Keys are only ever added, never renamed.

Text that was encoded twice ("â€™" for "’") is repaired when the whole text goes
back cleanly; HTML comments in text and Markdown are not text; a Word table row
whose cells each hold one paragraph is one line, its cells in ``"cells"`` (as a
Markdown table row is).

Every item a later step derives from a document cites it with a *source*:
``{"file": "inputs/job.md", "start": 12, "end": 13}`` (inclusive line numbers
in the original file; documents paged like PDFs add ``"page"``).

Bad input (empty, binary, unsupported, a scanned PDF, too large, unreachable
URL, over a limit of :mod:`.limits`) is one :class:`prepflow.StepError` naming the file.
Files are read only through ``ctx.read_bytes`` and pages through ``ctx.read_url``, so the
engine's cache records them (a page is fetched again to compare once its copy is old: see
:mod:`prepflow.remote`); a fetch has an overall deadline and a size cap. Every string is
cleared of terminal escapes and control characters (:mod:`.control`).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import PurePosixPath
from typing import Any

from prepflow_plugins import output_schema

import prepflow

# The reading modules are imported when a document is first read, not when this plugin registers:
# a cached rerun loads the plugin (and every step package that names its limits) without them.

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "clean", "is_url", "load", "load_document", "make_line"]

#: Files (and pages) larger than this are refused unless ``max_bytes`` says otherwise.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Seconds to wait for a URL to answer.
DEFAULT_TIMEOUT = 20.0

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": {
            "type": "string",
            "minLength": 1,
            "format": "path",
            "description": "The file to read (text, Markdown, HTML, PDF, DOCX, JSON Resume) or an http(s):// URL.",  # noqa: E501
        },
        "max_bytes": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_BYTES,
            "description": "Refuse files or pages larger than this many bytes.",
        },
        "timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "default": DEFAULT_TIMEOUT,
            "description": "Seconds a URL may take to fetch, in all.",
        },
    },
}


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def load_document(
    ctx: prepflow.StepContext,
    source: str,
    *,
    max_bytes: int | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Read ``source`` (a file, recorded for the cache, or an http(s) URL) into a document."""
    from prepflow_plugins.documents.detect import _err, _size

    limit = max_bytes or DEFAULT_MAX_BYTES
    content_type = ""
    if is_url(source):
        data, content_type = ctx.read_url(source, max_bytes=limit, timeout=timeout or DEFAULT_TIMEOUT)
        name = PurePosixPath(source.split("?", 1)[0].split("#", 1)[0]).name
    else:
        path = ctx.path(source)
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # read_bytes reports the problem
        if size > limit:
            raise _err(source, f"the file is {_size(size)}, over the {_size(limit)} limit (max_bytes)")
        data = ctx.read_bytes(source)
        name = path.name
        if len(data) > limit:
            raise _err(source, f"the file is {_size(len(data))}, over the {_size(limit)} limit (max_bytes)")
    key = (hashlib.sha256(data).digest(), source, name, content_type, limit)
    document: dict[str, Any] = _PARSED.get(key, lambda: _parse(source, name, data, content_type, limit))
    for warning in document.get("warnings") or ():
        ctx.log.warning("%s", warning)
    return document


#: How many parsed documents a process keeps (least recently used dropped first).
MEMO_SIZE = 32
# (content digest, source, file name, content type, size limit) -> parsed document. Each caller
# gets its own copy, so one step editing its document never reaches another.
_PARSED = prepflow.ParsedMemo(MEMO_SIZE)


def _parse(source: str, name: str, data: bytes, content_type: str, limit: int) -> dict[str, Any]:
    """Parse ``data`` (already read and size-checked) into a document, every string of it
    cleared of terminal escapes and control characters (see :mod:`.control`)."""
    from prepflow_plugins.documents.control import neutralise_all
    from prepflow_plugins.documents.detect import _err
    from prepflow_plugins.documents.limits import check_lines, split_long_lines
    from prepflow_plugins.documents.lines import clean

    doc: dict[str, Any] = neutralise_all(_read_format(source, name, data, content_type, limit))
    lines = []
    for line in doc["lines"]:  # a line that held an escape sequence: its spaces collapsed again
        text = line["text"] = clean(line["text"])
        if line.get("kind") in ("heading", "bullet"):
            text = text.lstrip("#").partition(" ")[2] if text.startswith("#") else text.partition(" ")[2]
        if text:
            lines.append(line)
    if not lines:
        raise _err(source, "no text found in it")
    doc["lines"] = split_long_lines(lines)
    check_lines(source, doc["lines"])
    return doc


def _read_format(source: str, name: str, data: bytes, content_type: str, limit: int) -> dict[str, Any]:
    from prepflow_plugins.documents.detect import _decode, _detect, _err
    from prepflow_plugins.documents.limits import check_text, check_zip
    from prepflow_plugins.documents.lines import _plain_lines, read_front_matter, repair_mojibake
    from prepflow_plugins.documents.utf8 import read_mostly_utf8

    if not data.strip():
        raise _err(source, "the file is empty; paste the document into it")
    kind = _detect(source, name, data, content_type)
    # Each reader is imported when a document of its format is read: a cached rerun
    # (or `prepflow --help`) pays for none of them nor for their libraries.
    if kind == "pdf":
        from prepflow_plugins.documents.pdf import _load_pdf

        return _load_pdf(source, data, limit)
    if kind == "docx":
        from prepflow_plugins.documents.docx import _load_docx

        check_zip(source, data, limit)
        return _load_docx(source, data)
    warnings: list[str] = []
    mostly = read_mostly_utf8(source, data)
    if mostly is not None:
        (text, warnings), encoding = mostly, "utf-8"
    else:
        text, encoding = _decode(source, data)
    text = repair_mojibake(text)
    if not text.strip():
        raise _err(source, "the file is empty; paste the document into it")
    if kind not in ("html", "json"):  # a page's markup is mostly not text; JSON is parsed in C
        check_text(source, text)
    if kind == "html":
        from prepflow_plugins.documents.html import _load_html

        doc = _load_html(source, text)
    elif kind == "json":
        from prepflow_plugins.documents.json_resume import _load_json

        doc = _load_json(source, text)
    elif kind == "yaml":
        from prepflow_plugins.documents.rendercv import _load_yaml

        doc = _load_yaml(source, text)
    else:
        front_end, front, front_lines = read_front_matter(text)
        lines = [ln for ln in _plain_lines(text) if ln["line"] > front_end]
        if sum(len(ln["text"]) for ln in front_lines) > sum(len(ln["text"]) for ln in lines):
            lines = front_lines + lines  # the posting is kept in a front-matter field
        heading = next((ln["text"].lstrip("#").strip() for ln in lines if ln["kind"] == "heading"), None)
        doc = {"source": source, "format": kind, "title": front.get("title") or heading, "lines": lines}
        if front:
            doc["front_matter"] = front
    doc["encoding"] = encoding
    if warnings:
        doc["warnings"] = [*doc.get("warnings", []), *warnings]
    if not doc["lines"]:
        raise _err(source, "no text found in it")
    return doc


def __getattr__(name: str) -> Any:
    if name in ("clean", "make_line"):  # the line helpers, re-exported without importing them up front
        from prepflow_plugins.documents import lines

        return getattr(lines, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- the step -------------------------------------------------------------------


def load(ctx: prepflow.StepContext) -> dict[str, Any]:
    return load_document(
        ctx, ctx.config["source"], max_bytes=ctx.config.get("max_bytes"), timeout=ctx.config.get("timeout")
    )


@prepflow.hookimpl
def run_finished(run, status):
    # a run ends its process with os._exit (no atexit): keep the patterns it compiled for the next
    # (registering this plugin imports none of the text modules: nothing to keep when none ran)
    regexstore = sys.modules.get("prepflow_plugins.text.regexstore")
    if regexstore is not None:
        regexstore.save()


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="doc.load",
            run=load,
            summary="Read a document (text, Markdown, HTML, PDF, DOCX, JSON Resume or URL), keeping every line's place.",  # noqa: E501
            version="4",
            config_schema=CONFIG_SCHEMA,
            output_schema=output_schema(__name__),
        )
    )
