"""Documents: read what a candidate has, keeping every line's place in its source.

``load_document(ctx, source)`` is the library function the other first-party
steps call; ``doc.load`` is the same thing as a step. A document is JSON data:

    {"source": "inputs/job.md",          # the file (or URL), as given
     "format": "markdown",               # text | markdown | html | pdf | docx | json_resume
     "title": "Senior Backend Engineer", # the first heading, if any
     "lines": [{"text": "...", "line": 12}, ...]}   # non-blank lines, 1-based

Every line also says what it is: ``"kind"`` is ``"heading"`` (with ``"level"``
1-6; its text starts with that many ``#``), ``"bullet"`` (with ``"depth"``, 0 for
a top-level item; its text starts with ``"- "`` or ``"3. "`` whatever the
source used: •, ▪, –, *, 3), ...) or ``"text"``. Whitespace is collapsed.

What ``"line"`` counts depends on the format, so that a citation leads back to
the original: the line of the file for text, Markdown, HTML (the line where the
element starts) and JSON Resume (the line of the value); the paragraph number
for DOCX (table cells included); the extracted text line, counted from the
start of the document, for PDF, whose lines add ``"page"`` (1-based); a wrapped
PDF bullet is joined into one line whose ``"end"`` is its last line.

Some formats add keys: ``"jsonld"`` (an HTML page's schema.org ``JobPosting``:
title, hiringOrganization, description, qualifications, responsibilities, ...),
``"json_resume"`` (the parsed JSON Resume), ``"encoding"`` (the detected text
encoding) and ``"pages"`` (PDF). Keys are only ever added, never renamed.

Every item a later step derives from a document cites it with a *source*:
``{"file": "inputs/job.md", "start": 12, "end": 13}`` (inclusive line numbers
in the original file; documents paged like PDFs add ``"page"``).

Bad input (empty, binary, unsupported, a scanned PDF, too large, unreachable
URL) is one :class:`prepflow.StepError` naming the file. Files are read only
through ``ctx.read_bytes`` so the engine's cache records them; ``http(s)://``
sources are fetched with a timeout and a size cap.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath
from typing import Any

import prepflow

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
            "description": "Seconds to wait for a URL.",
        },
    },
}

LINES_SCHEMA = {
    "type": "array",
    "description": "Non-blank lines as {text, line, kind}, line numbers from 1 (PDF lines add page).",
    "items": {
        "type": "object",
        "required": ["text", "line"],
        "properties": {
            "text": {"type": "string"},
            "line": {"type": "integer", "minimum": 1},
            "page": {"type": "integer", "minimum": 1},
            "end": {"type": "integer", "minimum": 1},
            "kind": {"enum": ["heading", "bullet", "text"]},
            "level": {"type": "integer", "minimum": 1, "maximum": 6},
            "depth": {"type": "integer", "minimum": 0},
        },
    },
}

OUTPUT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "source": {"type": "string", "description": "The file or URL, as given."},
        "format": {
            "type": "string",
            "description": (
                "What it was read as: text, markdown, html, pdf, docx, json_resume, fresh or rendercv."
            ),
        },
        "title": {"type": ["string", "null"], "description": "The first heading, if any."},
        "lines": LINES_SCHEMA,
        "encoding": {"type": ["string", "null"], "description": "The detected text encoding."},
        "pages": {"type": "integer", "description": "PDF: the number of pages."},
        "jsonld": {"type": "object", "description": "HTML: the page's schema.org JobPosting fields."},
        "json_resume": {
            "type": "object",
            "description": "JSON Resume, FRESH, RenderCV: the resume as JSON Resume data.",
        },
        "warnings": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Problems reading it (a PDF text layer that does not read), each with what to do.",
        },
    },
}

#: Extensions we know and refuse, with what to do instead.
_UNSUPPORTED = {
    ".doc": "a legacy Word .doc file; save it as .docx or PDF",
    ".rtf": "an RTF file; save it as .docx, PDF or plain text",
    ".odt": "an OpenDocument text; save it as .docx or PDF",
    ".pages": "an Apple Pages file; export it as .docx or PDF",
    ".xls": "a spreadsheet",
    ".xlsx": "a spreadsheet",
    ".csv": "a spreadsheet (CSV)",
    ".ppt": "a presentation",
    ".pptx": "a presentation",
    ".png": "an image; prepflow does not do OCR",
    ".jpg": "an image; prepflow does not do OCR",
    ".jpeg": "an image; prepflow does not do OCR",
    ".gif": "an image; prepflow does not do OCR",
    ".tif": "an image; prepflow does not do OCR",
    ".tiff": "an image; prepflow does not do OCR",
    ".zip": "a ZIP archive",
    ".gz": "a compressed archive",
}
_MAGIC = [
    (b"\x89PNG", "a PNG image; prepflow does not do OCR"),
    (b"\xff\xd8\xff", "a JPEG image; prepflow does not do OCR"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls); save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF file; save it as .docx, PDF or plain text"),
]
_HTML_EXT = (".html", ".htm", ".xhtml")
_MD_EXT = (".md", ".markdown", ".mdown", ".mkd")

_BULLET = re.compile(r"^(?:[-*+•▪▫‣◦●○■□➢➤►▸–—·✓✔→]|\d{1,2}[.)](?=\s)|\(\d{1,2}\)|\([a-zA-Z]\)|[a-z]\))\s*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _err(source: str, message: str) -> prepflow.StepError:
    return prepflow.StepError(f"{source}: {message}")


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
    limit = max_bytes or DEFAULT_MAX_BYTES
    content_type = ""
    if is_url(source):
        data, content_type = _fetch(source, limit, timeout or DEFAULT_TIMEOUT)
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
    if not data.strip():
        raise _err(source, "the file is empty; paste the document into it")
    kind = _detect(source, name, data, content_type)
    if kind == "pdf":
        from prepflow_plugins.documents_pdf import read_pdf

        return read_pdf(source, data)
    if kind == "docx":
        return _load_docx(source, data)
    text, encoding = _decode(source, data)
    if not text.strip():
        raise _err(source, "the file is empty; paste the document into it")
    if kind == "html":
        doc = _load_html(source, text)
    elif kind == "json":
        doc = _load_json(source, text)
    elif kind == "yaml":
        from prepflow_plugins.documents_rendercv import read_rendercv

        doc = read_rendercv(source, text)
    else:
        front_end, front_title = _front_matter(text)
        lines = [ln for ln in _plain_lines(text) if ln["line"] > front_end]
        heading = next((ln["text"].lstrip("#").strip() for ln in lines if ln["kind"] == "heading"), None)
        doc = {"source": source, "format": kind, "title": front_title or heading, "lines": lines}
    doc["encoding"] = encoding
    if not doc["lines"]:
        raise _err(source, "no text found in it")
    return doc


def _front_matter(text: str) -> tuple[int, str | None]:
    """The last line of a YAML front-matter block (0 if none), and its ``title:``.

    Static-site pages (Jekyll, Hugo) start with metadata between ``---`` lines;
    it is not part of the document, so its lines are dropped (the others keep
    their numbers).
    """
    lines = text.split("\n", 300)
    if not lines or lines[0].strip() != "---":
        return 0, None
    title = None
    for number, line in enumerate(lines[1:300], start=2):
        if line.strip() in ("---", "..."):
            return number, title
        if title is None and line.startswith("title:"):
            title = line.split(":", 1)[1].strip().strip("\"'") or None
    return 0, None


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


# -- where the bytes come from ---------------------------------------------------


def _fetch(url: str, limit: int, timeout: float) -> tuple[bytes, str]:
    import socket
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url, headers={"User-Agent": "prepflow (interview prep; one page)", "Accept": "*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise _err(
                    url, f"the page is {_size(int(length))}, over the {_size(limit)} limit (max_bytes)"
                )
            data = response.read(limit + 1)
            content_type = response.headers.get("Content-Type", "") or ""
    except prepflow.StepError:
        raise
    except urllib.error.HTTPError as e:
        raise _err(url, f"the server answered HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise _err(
                url, f"no answer within {timeout:g}s; save the page and give the file instead"
            ) from None
        raise _err(
            url, f"could not connect ({reason}); are you offline? Save the page and give the file instead"
        ) from None
    except TimeoutError:
        raise _err(url, f"no answer within {timeout:g}s; save the page and give the file instead") from None
    except (OSError, ValueError) as e:
        raise _err(url, f"could not fetch it ({e}); save the page and give the file instead") from None
    if len(data) > limit:
        raise _err(url, f"the page is over the {_size(limit)} limit (max_bytes)")
    return data, content_type.lower()


def _detect(source: str, name: str, data: bytes, content_type: str) -> str:
    ext = PurePosixPath(name.lower()).suffix
    head = data[:2048]
    if head.startswith(b"%PDF-") or "application/pdf" in content_type:
        return "pdf"
    if ext == ".pdf":
        raise _err(source, "named .pdf but is not a PDF file")
    if head.startswith(b"PK\x03\x04"):
        if ext == ".docx" or b"word/" in data[:65536]:
            return "docx"
        raise _err(source, f"unsupported file type: {_UNSUPPORTED.get(ext, 'a ZIP archive')}")
    if ext == ".docx":
        raise _err(source, "named .docx but is not a Word document")
    if ext in _UNSUPPORTED:
        raise _err(source, f"unsupported file type: {_UNSUPPORTED[ext]}")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _err(source, f"unsupported file type: {what}")
    if ext in _HTML_EXT or "html" in content_type:
        return "html"
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower():
        return "html"
    if ext == ".json" or "json" in content_type:
        return "json"
    if ext in (".yaml", ".yml") or "yaml" in content_type:
        return "yaml"
    if ext in _MD_EXT or "markdown" in content_type:
        return "markdown"
    return "text"


def _decode(source: str, data: bytes) -> tuple[str, str]:
    """Bytes to text: BOMs, then UTF-8, then charset-normalizer's best guess; refuse binary data."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(source, data.decode(encoding)), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                break
    try:
        return _check_text(source, data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        raise _binary(source)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _binary(source)
    return _check_text(source, str(best)), best.encoding


def _binary(source: str) -> prepflow.StepError:
    return _err(source, "this looks like binary data, not a text document (unsupported or corrupt file)")


def _check_text(source: str, text: str) -> str:
    sample = text[:20000]
    if not sample:
        return text
    bad = sum(1 for ch in sample if (unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\t\n\r\f"))
    bad += sample.count("\ufffd")
    if bad / len(sample) > 0.01:
        raise _binary(source)
    return text


# -- lines ----------------------------------------------------------------------


def clean(text: str) -> str:
    """One line of text: invisible characters dropped, whitespace collapsed."""
    return " ".join(text.translate(_INVISIBLE).replace("\u00a0", " ").split())


def make_line(raw: str, number: int, *, depth: int | None = None) -> dict[str, Any] | None:
    """A line record from raw text: headings and bullets recognised and normalised."""
    indent = len(raw) - len(raw.lstrip(" \t"))
    text = clean(raw)
    if not text:
        return None
    m = _HEADING.match(text)
    if m and m.group(2):
        level = len(m.group(1))
        return {"text": f"{'#' * level} {m.group(2)}", "line": number, "kind": "heading", "level": level}
    m = _BULLET.match(text)
    if m and len(text) > m.end() and not text.startswith(("**", "__", "--- ")):
        marker = m.group(0).strip()
        rest = text[m.end() :]
        number_m = re.match(r"^\(?(\d{1,2})[.)]?$", marker)
        prefix = f"{number_m.group(1)}. " if number_m else "- "
        if depth is None:
            depth = indent // 2 if "\t" not in raw[:indent] else raw[:indent].count("\t")
        return {"text": prefix + rest, "line": number, "kind": "bullet", "depth": depth}
    return {"text": text, "line": number, "kind": "text"}


def _plain_lines(text: str) -> Iterator[dict[str, Any]]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fenced = False
    previous: dict[str, Any] | None = None
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            line = {"text": clean(raw), "line": number, "kind": "text"} if stripped else None
        elif (
            previous is not None
            and previous["kind"] == "text"
            and previous["line"] == number - 1
            and _SETEXT.match(stripped)
            and len(stripped) >= 3
        ):
            level = 1 if stripped[0] == "=" else 2
            previous.update(text=f"{'#' * level} {previous['text']}", kind="heading", level=level)
            continue
        elif set(stripped) <= set("-*_= ") and len(stripped) >= 3:
            continue  # a horizontal rule
        else:
            line = make_line(raw, number)
        if line is not None:
            if previous is not None:
                yield previous
            previous = line
    if previous is not None:
        yield previous


# -- HTML -----------------------------------------------------------------------

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "select",
    "nav",
    "footer",
    "aside",
    "dialog",
    "head",
    "object",
    "canvas",
)
_BOILER = re.compile(
    r"cookie|consent|gdpr|banner|modal|popup|newsletter|subscribe|share|social|breadcrumb|skip-?nav|"
    r"skip-?link|sidebar|masthead|site-?header|site-?footer|identifier|related|promo|advert",
    re.I,
)
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "hr",
    "body",
    "center",
}


class _HtmlLines:
    """Walks an element tree in order, gathering inline text into lines with their source line."""

    def __init__(self, base_line: int = 0) -> None:
        self.lines: list[dict[str, Any]] = []
        self.buffer: list[str] = []
        self.line: int | None = None
        self.prefix = ""
        self.kind = "text"
        self.level = 0
        self.depth = 0
        self.base = base_line

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        if text:
            line: dict[str, Any] = {
                "text": self.prefix + text,
                "line": (self.line or 1) + self.base,
                "kind": self.kind,
            }
            if self.kind == "heading":
                line["level"] = self.level
            elif self.kind == "bullet":
                line["depth"] = self.depth
            self.lines.append(line)
        self.buffer, self.line, self.prefix, self.kind = [], None, "", "text"

    def walk(self, node: Any, list_stack: list[list[int | None]]) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

        for child in node.children:
            if isinstance(child, Comment | Declaration | Doctype | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                if self.line is None and str(child).strip():
                    self.line = getattr(node, "sourceline", None)
                self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                keep = (self.prefix, self.kind, self.level, self.depth)
                self.flush()
                if keep[1] == "bullet":
                    self.prefix, self.kind, self.depth = "", "text", keep[3]
                continue
            if name not in _BLOCK:
                if self.line is None and child.get_text(strip=True):
                    self.line = child.sourceline
                self.walk(child, list_stack)
                continue
            self.flush()
            if name in ("ul", "ol"):
                list_stack.append([0 if name == "ol" else None])
                self.walk(child, list_stack)
                list_stack.pop()
            elif name == "li":
                counter = list_stack[-1] if list_stack else [None]
                if counter[0] is not None:
                    counter[0] += 1
                    self.prefix = f"{counter[0]}. "
                else:
                    self.prefix = "- "
                self.kind, self.depth, self.line = "bullet", max(len(list_stack) - 1, 0), child.sourceline
                self.walk(child, list_stack)
                self.flush()
            elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.level = int(name[1])
                self.prefix, self.kind, self.line = "#" * self.level + " ", "heading", child.sourceline
                self.walk(child, list_stack)
                self.flush()
            elif name == "pre":
                start = child.sourceline or 1
                for offset, raw in enumerate(child.get_text().split("\n")):
                    if raw.strip():
                        self.lines.append(
                            {"text": clean(raw), "line": start + offset + self.base, "kind": "text"}
                        )
            else:
                self.line = child.sourceline
                self.walk(child, list_stack)
                self.flush()


def _html_to_lines(markup: str, base_line: int = 0) -> list[dict[str, Any]]:
    """An HTML fragment (e.g. a JSON-LD description) as lines, numbered from ``base_line``."""
    from bs4 import BeautifulSoup

    if "<" not in markup:
        out = []
        for raw in markup.replace("\r", "\n").split("\n"):
            line = make_line(raw, base_line or 1)
            if line:
                out.append(line)
        return out
    soup = BeautifulSoup(markup, "html.parser")
    walker = _HtmlLines(base_line=base_line - 1 if base_line else 0)
    walker.walk(soup, [])
    walker.flush()
    if base_line:
        for line in walker.lines:
            line["line"] = base_line
    return walker.lines


def _main_content(soup: Any) -> Any:
    from bs4 import Tag

    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(
        attrs={"role": re.compile(r"^(navigation|banner|contentinfo|dialog|alertdialog)$")}
    ):
        if tag.name not in ("main", "article", "body"):
            tag.decompose()
    for tag in soup.find_all(attrs={"aria-hidden": "true"}):
        tag.decompose()
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.attrs is None or tag.name in ("main", "article", "body", "html"):
            continue
        classes = tag.get("class")  # a list of names (or one string, when parsed oddly)
        ident = tag.get("id")
        names = list(classes) if isinstance(classes, list) else [classes] if isinstance(classes, str) else []
        marks = " ".join([*names, ident if isinstance(ident, str) else ""])
        if marks and _BOILER.search(marks) and not tag.find(["main", "article", "h1"]):
            tag.decompose()
    for tag in soup.find_all("header"):
        if not tag.find("h1") and tag.find_parent(["main", "article"]) is None:
            tag.decompose()
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if main is None:
        articles = soup.find_all("article")
        if len(articles) == 1:
            main = articles[0]
    if main is None:
        main = _densest(soup)
    return main


def _densest(soup: Any) -> Any:
    """The element holding most paragraph and list text, readability-style, or the body."""
    body = soup.body or soup
    best, best_score = body, 0.0
    total = len(body.get_text(" ", strip=True)) or 1
    for tag in body.find_all(["div", "section", "td"]):
        text = tag.get_text(" ", strip=True)
        if len(text) < 0.4 * total:
            continue
        links = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
        score = (len(text) - links) / (1 + 0.002 * len(tag.find_all(True)))
        if score >= best_score:
            best, best_score = tag, score
    return best


def _jsonld_postings(soup: Any) -> Iterator[tuple[dict[str, Any], int]]:
    def visit(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, list):
            for item in node:
                yield from visit(item)
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if "JobPosting" in kinds:
                yield node
            for key in ("@graph", "mainEntity", "itemListElement"):
                if key in node:
                    yield from visit(node[key])

    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except ValueError:
            continue
        for posting in visit(data):
            yield posting, script.sourceline or 1


def _ld_text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("@value") or value.get("value") or "")
    if isinstance(value, list):
        return "; ".join(t for t in (_ld_text(v) for v in value) if t)
    return "" if value is None else str(value)


def _ld_location(value: Any) -> str:
    places = value if isinstance(value, list) else [value]
    out = []
    for place in places:
        if isinstance(place, dict):
            address = place.get("address", place)
            if isinstance(address, dict):
                parts = [address.get(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
                out.append(", ".join(_ld_text(p) for p in parts if p))
            else:
                out.append(_ld_text(address))
        elif place:
            out.append(str(place))
    return "; ".join(o for o in out if o)


def _jsonld_fields(posting: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key in (
        "title",
        "hiringOrganization",
        "description",
        "qualifications",
        "responsibilities",
        "skills",
        "experienceRequirements",
        "educationRequirements",
        "employmentType",
        "datePosted",
        "validThrough",
        "industry",
    ):
        text = _ld_text(posting.get(key))
        if text:
            fields[key] = text
    location = _ld_location(posting.get("jobLocation"))
    if posting.get("jobLocationType") == "TELECOMMUTE":
        location = ", ".join(x for x in (location, "remote") if x)
    if location:
        fields["jobLocation"] = location
    salary = posting.get("baseSalary") or posting.get("estimatedSalary")
    if isinstance(salary, dict):
        value = salary.get("value")
        cur = salary.get("currency", "")
        if isinstance(value, dict):
            lo, hi, unit = value.get("minValue"), value.get("maxValue"), value.get("unitText", "")
            amount = " - ".join(str(v) for v in (lo, hi) if v is not None) or str(value.get("value", ""))
            fields["baseSalary"] = clean(f"{cur} {amount} {unit}".strip())
        elif value is not None:
            fields["baseSalary"] = clean(f"{cur} {value}")
    return fields


def _load_html(source: str, text: str) -> dict[str, Any]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    page_title = clean(soup.title.get_text()) if soup.title else ""
    postings = list(_jsonld_postings(soup))
    main = _main_content(soup)
    walker = _HtmlLines()
    walker.walk(main, [])
    walker.flush()
    lines = walker.lines
    doc: dict[str, Any] = {"source": source, "format": "html"}
    title = None
    if postings:
        posting, at = postings[0]
        fields = _jsonld_fields(posting)
        doc["jsonld"] = fields
        ld_lines: list[dict[str, Any]] = []
        if fields.get("title"):
            ld_lines.append(
                {"text": f"# {clean(fields['title'])}", "line": at, "kind": "heading", "level": 1}
            )
        for key, heading in (
            ("description", None),
            ("responsibilities", "Responsibilities"),
            ("qualifications", "Qualifications"),
            ("experienceRequirements", "Experience requirements"),
            ("educationRequirements", "Education requirements"),
            ("skills", "Skills"),
        ):
            value = posting.get(key)
            if not value:
                continue
            body = _html_to_lines(value if isinstance(value, str) else _ld_text(value), at)
            if heading and body:
                ld_lines.append({"text": f"## {heading}", "line": at, "kind": "heading", "level": 2})
            ld_lines.extend(body)
        page_chars = sum(len(x["text"]) for x in lines)
        ld_chars = sum(len(x["text"]) for x in ld_lines)
        if ld_chars >= 0.5 * page_chars or not lines:
            lines = ld_lines  # the structured posting is the fuller (or only) text
        title = clean(fields.get("title", "")) or None
    if title is None:
        title = next((x["text"].lstrip("#").strip() for x in lines if x.get("level") == 1), None)
    if title is None and page_title:
        title = re.split(r"\s+[|–—]\s+", page_title)[0] or None
    doc["title"] = title
    doc["lines"] = lines
    return doc


# -- PDF and DOCX ---------------------------------------------------------------


def _load_docx(source: str, data: bytes) -> dict[str, Any]:
    import zipfile

    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise _err(source, f"not a readable Word document ({e.__class__.__name__})") from None
    except Exception as e:
        raise _err(source, f"not a readable Word document ({e.__class__.__name__})") from None

    def paragraphs(parent: Any) -> Iterator[Any]:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                yield Paragraph(child, document)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    for cell in row.cells:
                        yield from paragraphs(cell._tc)
            elif tag == "sdt":
                content = child.find(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent"
                )
                if content is not None:
                    yield from paragraphs(content)

    lines: list[dict[str, Any]] = []
    title = None
    for number, para in enumerate(paragraphs(document.element.body), start=1):
        text = clean(para.text)
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        heading = re.match(r"^(?:Heading\s*(\d)|Title)$", style, re.I)
        has_numbering = para._p.pPr is not None and para._p.pPr.numPr is not None
        if heading:
            level = int(heading.group(1) or 1)
            line = {
                "text": f"{'#' * level} {text}",
                "line": number,
                "kind": "heading",
                "level": min(level, 6),
            }
            if title is None:
                title = text
        elif has_numbering or style.lower().startswith("list"):
            ilvl = 0
            if has_numbering and para._p.pPr.numPr.ilvl is not None:
                ilvl = int(para._p.pPr.numPr.ilvl.val or 0)
            stripped = _BULLET.sub("", text, count=1) or text
            marker = "1. " if "number" in style.lower() else "- "
            line = {"text": marker + stripped, "line": number, "kind": "bullet", "depth": ilvl}
        else:
            made = make_line(text, number, depth=0)
            if made is None:
                continue
            if made["kind"] == "heading":
                made = {"text": text, "line": number, "kind": "text"}
            line = made
        lines.append(line)
    core_title = clean(document.core_properties.title or "")
    return {"source": source, "format": "docx", "title": core_title or title, "lines": lines}


# -- JSON Resume ----------------------------------------------------------------


def _load_json(source: str, text: str) -> dict[str, Any]:
    from prepflow_plugins.documents_fresh import is_fresh, to_json_resume

    try:
        data = json.loads(text)
    except ValueError as e:
        raise _err(source, f"not valid JSON ({e})") from None
    if isinstance(data, dict) and is_fresh(data):
        return resume_document(source, to_json_resume(data), _JsonLines(text), "fresh")
    if not isinstance(data, dict) or not ({"basics", "work", "education", "skills"} & set(data)):
        raise _err(
            source,
            "unsupported JSON: only JSON Resume and FRESH resumes (with 'basics', 'work', ...) are read",
        )
    return resume_document(source, data, _JsonLines(text), "json_resume")


def resume_document(
    source: str,
    data: dict[str, Any],
    finder: Any,
    fmt: str,
    others: Sequence[tuple[str, list[str]]] = (),
) -> dict[str, Any]:
    """The document of a resume held as JSON Resume data: its values as lines, each at the line
    ``finder.find(value)`` gives; ``others`` are titled sections JSON Resume has no place for."""
    lines: list[dict[str, Any]] = []

    def add(value: Any, kind: str = "text", *, level: int = 0, prefix: str = "", anchor: Any = None) -> None:
        if value in (None, "", [], {}):
            return
        shown = clean(str(value))
        if not shown:
            return
        line: dict[str, Any] = {
            "text": prefix + shown,
            "line": finder.find(value if anchor is None else anchor),
        }
        line["kind"] = kind
        if kind == "heading":
            line["level"] = level
        elif kind == "bullet":
            line["depth"] = 0
        lines.append(line)

    basics = data.get("basics") or {}
    if isinstance(basics, dict):
        if basics.get("name"):
            add(basics["name"], "heading", level=1, prefix="# ")
        add(basics.get("label"))
        contact = [basics[k] for k in ("email", "phone", "url") if isinstance(basics.get(k), str)]
        if contact:
            add(" | ".join(contact), anchor=contact[0])
        location = basics.get("location")
        if isinstance(location, dict):
            place = ", ".join(str(location[k]) for k in ("city", "region", "countryCode") if location.get(k))
            add(place, anchor=location.get("city") or "location")
        add(basics.get("summary"))
    sections = (
        ("work", "Experience", ("position", "name", "company"), ("startDate", "endDate")),
        ("volunteer", "Volunteer", ("position", "organization"), ("startDate", "endDate")),
        ("education", "Education", ("studyType", "area", "institution"), ("startDate", "endDate")),
        ("awards", "Awards", ("title", "awarder"), ("date",)),
        ("certificates", "Certificates", ("name", "issuer"), ("date",)),
        ("publications", "Publications", ("name", "publisher"), ("releaseDate",)),
        ("projects", "Projects", ("name", "roles"), ("startDate", "endDate")),
    )
    for key, heading, head_fields, date_fields in sections:
        items = data.get(key)
        if not isinstance(items, list) or not items:
            continue
        add(heading, "heading", level=2, prefix="## ", anchor=key)
        for item in items:
            if not isinstance(item, dict):
                continue
            parts = [_ld_text(item.get(f)) for f in head_fields if item.get(f)]
            dates = [str(item.get(f)) for f in date_fields if item.get(f)]
            if (
                key in ("work", "volunteer", "projects")
                and item.get(date_fields[0])
                and not item.get("endDate")
            ):
                dates.append("Present")
            head = ", ".join(p for p in parts if p)
            if dates:
                head += f" ({' – '.join(dates)})"
            first = next((item[f] for f in head_fields if isinstance(item.get(f), str) and item.get(f)), None)
            add(head, "heading", level=3, prefix="### ", anchor=first)
            add(item.get("summary") or item.get("description"))
            for name in ("highlights", "courses", "keywords"):
                for entry in item.get(name) or []:
                    add(entry, "bullet", prefix="- ")
    for key, heading in (("skills", "Skills"), ("languages", "Languages"), ("interests", "Interests")):
        items = data.get(key)
        if not isinstance(items, list) or not items:
            continue
        add(heading, "heading", level=2, prefix="## ", anchor=key)
        for item in items:
            if not isinstance(item, dict):
                continue
            name = item.get("name") or item.get("language") or ""
            detail = item.get("level") or item.get("fluency") or ""
            keywords = ", ".join(str(k) for k in item.get("keywords") or [])
            text = name + (f" ({detail})" if detail else "") + (f": {keywords}" if keywords else "")
            add(text, "bullet", prefix="- ", anchor=name or None)
    references = data.get("references")
    if isinstance(references, list) and references:
        add("References", "heading", level=2, prefix="## ", anchor="references")
        for item in references:
            if isinstance(item, dict):
                add(item.get("reference"))
    for heading, texts in others:
        add(heading, "heading", level=2, prefix="## ")
        for text in texts:
            add(text, "bullet", prefix="- ")
    title = basics.get("name") if isinstance(basics, dict) else None
    return {
        "source": source,
        "format": fmt,
        "title": title or None,
        "lines": lines,
        "json_resume": data,
    }


class _JsonLines:
    """Where each string of a JSON text is (keys included): its line, each occurrence used once."""

    _STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')

    def __init__(self, text: str) -> None:
        self.where: dict[str, list[int]] = {}
        line, last = 1, 0
        for m in self._STRING.finditer(text):
            line += text.count("\n", last, m.start())
            last = m.start()
            try:
                value = json.loads(m.group(0))
            except ValueError:
                continue
            self.where.setdefault(value, []).append(line)
        self.last = 1

    def find(self, value: Any) -> int:
        found = self.where.get(value) if isinstance(value, str) else None
        if found:
            later = [n for n in found if n >= self.last]
            number = later[0] if later else found[0]
            found.remove(number)
            self.last = number
        return self.last


# -- the step -------------------------------------------------------------------


def load(ctx: prepflow.StepContext) -> dict[str, Any]:
    return load_document(
        ctx, ctx.config["source"], max_bytes=ctx.config.get("max_bytes"), timeout=ctx.config.get("timeout")
    )


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="doc.load",
            run=load,
            summary="Read a document (text, Markdown, HTML, PDF, DOCX, JSON Resume or URL), keeping every line's place.",  # noqa: E501
            version="3",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
        )
    )
