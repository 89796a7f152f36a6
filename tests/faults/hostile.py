"""Hostile input files, generated at test time, and the plan that reads each one.

Each :class:`Hostile` writes one file into a fresh folder beside a normal posting
and resume (the example's) and a plan that reads both with ``job.analyze`` and
``resume.analyze`` (and the hostile one with ``doc.load`` too, whose outputs keep
everything the reader found) and writes every dossier format. A run of that plan must end
with a result or a short error (never a traceback), within ``LIMIT_SECONDS`` of
CPU and ``LIMIT_MB`` of memory, print no raw control character, and pass the
case's own check when it has one.

``finding`` names the finding of issue 15 a case reproduces (the campaign's
table shows it when the case fails again); ``still_open``: its fix is not merged
yet, so the tests mark the case xfail. ``slow``: the case runs far past the
limits while it is open, so the test suite stops it early (the campaign does not).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from faultlib import EXAMPLE, LIMIT_SECONDS, Outcome, control_characters, output_problems, over_limits

PLUGINS = "documents,job,resume,dossier"
"""The plugins a hostile plan needs (fewer plugins: a cheaper start for each of many runs)."""

PLAN = """\
[plan]
name = "Hostile input: {name}"

[inputs]
{inputs}

[steps.job]
uses = "job.analyze"
with.source = {job}

[steps.resume]
uses = "resume.analyze"
with.source = {resume}
with.as_of = "2026-11"

[steps.doc]
uses = "doc.load"
with.source = {hostile}

[output]
dir = "out"
formats = ["html", "md", "json"]
"""

Check = Callable[[Path, Outcome], list[str]]


@dataclass(frozen=True)
class Hostile:
    """One hostile file: which input it replaces, its name, and how to write it."""

    name: str
    slot: str
    """``job`` or ``resume``: the input the file stands in for."""
    filename: str
    build: Callable[[Path], None]
    finding: str | None = None
    still_open: bool = False
    slow: bool = False
    check: Check | None = None
    absolute: str | None = None
    """Read this path instead of the built file (``/dev/zero``)."""
    direct: bool = False
    """Name the file in the step's ``with.source`` itself, not through ``[inputs]`` (which checks it)."""
    quick: bool = False
    """Part of the test suite's quick selection (the campaign runs every case)."""
    url: str | None = None
    """Read this path of the misbehaving local server (servers.py) with ``doc.load`` (``job`` and
    ``resume`` read the example's files), waiting at most ``URL_TIMEOUT`` seconds."""

    @property
    def shown(self) -> str:
        """What a message about the input must name."""
        return self.url or self.absolute or self.filename


def setup(case: Hostile, folder: Path, base_url: str = "") -> Path:
    """The case's folder: the hostile file, the other input from the example, the plan. Returns it.

    ``base_url``: where the misbehaving server listens, for a case with a ``url``.
    """
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE / "inputs" / "job.md", folder / "job.md")
    shutil.copy(EXAMPLE / "inputs" / "resume.md", folder / "resume.md")
    if case.absolute is None and case.url is None:
        (folder / "job.md" if case.slot == "job" else folder / "resume.md").unlink()
        case.build(folder / case.filename)
    files = {"job": "job.md", "resume": "resume.md"}
    hostile = None
    if case.url:  # a page is read by doc.load alone, with a short wait: the deadline is on trial
        hostile = f"{json.dumps(base_url + case.url)}\nwith.timeout = {URL_TIMEOUT}"
    else:
        files[case.slot] = case.absolute or case.filename
    inputs = [f"{slot} = {{ file = {json.dumps(file)} }}" for slot, file in files.items()]
    sources = {slot: json.dumps(f"${{inputs.{slot}}}") for slot in files}
    if case.direct:
        del inputs[list(files).index(case.slot)]
        sources[case.slot] = json.dumps(files[case.slot])
    (folder / "plan.toml").write_text(
        PLAN.format(
            name=case.name, inputs="\n".join(inputs), hostile=hostile or sources[case.slot], **sources
        ),
        encoding="utf-8",
    )
    return folder


def judge(case: Hostile, folder: Path, outcome: Outcome) -> list[str]:
    """Kinds of failure (see ``faultlib.KINDS``) of one run of a hostile case."""
    kinds = output_problems(outcome) + over_limits(outcome)
    if outcome.returncode not in (0, 1, None):
        kinds.append("failed")
    if outcome.returncode == 0 and not (folder / "out" / "dossier.json").exists():
        kinds.append("data lost")
    if control_characters((folder / "out").glob("dossier.*")):
        kinds.append("raw escape")
    failures = [line for line in outcome.err.splitlines() if line.startswith("prepflow: step '")]
    if failures and _BARE.match(failures[0]):
        kinds.append("bare exception")
    elif failures and case.shown not in failures[0]:
        kinds.append("messy error")  # the first failure does not say which file is at fault
    if case.check is not None and outcome.returncode is not None:
        kinds += case.check(folder, outcome)
    return list(dict.fromkeys(kinds))


# a step's failure that is a Python exception, not a message: "... failed: AttributeError: 'str' ..."
_BARE = re.compile(r"prepflow: step '[^']*' failed: ([A-Za-z]+\.)*[A-Z][A-Za-z]*(Error|Exception)\b")


URL_TIMEOUT = 3
"""``doc.load``'s ``timeout`` for a page: the whole fetch must end within it."""


def bound(case: Hostile, quick: bool) -> float | None:
    """The wall-clock bound for the case: the test suite stops a known-slow case early while its
    finding is open (it would only wait for the bound); the campaign waits for ``hang_seconds()``."""
    if quick:
        return 2.0 if case.slow and case.still_open else LIMIT_SECONDS + 3
    return None


# -- checks ------------------------------------------------------------------------------------------


def _dossier_text(folder: Path) -> str:
    path = folder / "out" / "dossier.json"
    return path.read_text("utf-8") if path.exists() else ""


def words_intact(*words: str) -> Check:
    """The run succeeded and the dossier holds ``words`` as written (no mojibake, nothing dropped)."""

    def check(folder: Path, outcome: Outcome) -> list[str]:
        if outcome.returncode != 0:
            return ["failed"]
        text = _dossier_text(folder)
        return [] if all(w in text for w in words) else ["data lost"]

    return check


def fails_naming(*parts: str) -> Check:
    """The run failed with a message that names the file (and whatever else ``parts`` says)."""

    def check(folder: Path, outcome: Outcome) -> list[str]:
        if outcome.returncode != 1:
            return ["failed"]
        error = outcome.err
        return [] if all(p in error for p in parts) else ["messy error"]

    return check


_OVERRIDES = re.compile("[\u202a-\u202e]")


def bidi_isolated(folder: Path, outcome: Outcome) -> list[str]:
    """Every bidi embedding or override printed or written as text sits inside an isolate."""
    texts = [outcome.output]
    md = folder / "out" / "dossier.md"
    if md.exists():
        texts.append(md.read_text("utf-8", "replace"))
    for text in texts:
        for line in text.splitlines():
            for match in _OVERRIDES.finditer(line):
                before, after = line[: match.start()], line[match.end() :]
                opened = max(before.rfind(c) for c in "\u2066\u2067\u2068")
                if opened < 0 or opened < before.rfind("\u2069") or "\u2069" not in after:
                    return ["raw escape"]
    return []


def fails_in_time(folder: Path, outcome: Outcome) -> list[str]:
    """The run failed (the page is incomplete or unreadable): an error, not a dossier."""
    return [] if outcome.returncode == 1 else ["failed"]


def reruns_when_changed(folder: Path, outcome: Outcome) -> list[str]:
    """After a run, ``prepflow plan`` says the step reading the page would run again (the page changes)."""
    from faultlib import run_prepflow

    if outcome.returncode != 0:
        return ["failed"]
    # a fix may keep a page for a while before asking again (PREPFLOW_URL_TTL): ask it not to
    env = {"PREPFLOW_LOAD_PLUGINS": PLUGINS, "PREPFLOW_URL_TTL": "0"}
    plan = run_prepflow(["plan", "plan.toml"], cwd=folder, env=env)
    doc = [line.split() for line in plan.output.splitlines() if line.split()[1:2] == ["doc"]]
    return [] if doc and doc[0][0] == "run" else ["data lost"]


def nothing_executed(marker: str) -> Check:
    def check(folder: Path, outcome: Outcome) -> list[str]:
        return ["script ran"] if (folder / marker).exists() else []

    return check


# -- builders ----------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOC_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOC_TAIL = "</w:body></w:document>"


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _resume_paragraphs() -> list[str]:
    return [
        "Dana Okafor",
        "Experience",
        "Senior Software Engineer, Cascade Grocers Co-op, Jan 2020 – present",
        "Led the move of order routing to Python services, cutting p95 latency by 60%",
        "Skills",
        "Python, Go, PostgreSQL, Kafka",
    ]


def docx(
    paragraphs: list[str] | None = None,
    *,
    repeat: str = "",
    repeat_bytes: int = 0,
    extra_entries: int = 0,
    prolog: str = "",
) -> Callable[[Path], None]:
    """A Word document: ``paragraphs``, then ``repeat`` until ``repeat_bytes`` of XML, streamed."""

    def build(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("[Content_Types].xml", _CONTENT_TYPES)
            z.writestr("_rels/.rels", _RELS)
            with z.open("word/document.xml", "w", force_zip64=True) as f:
                head = _DOC_HEAD if not prolog else prolog + _DOC_HEAD.split("?>", 1)[1]
                f.write(head.encode())
                for text in paragraphs if paragraphs is not None else _resume_paragraphs():
                    f.write(_para(text).encode())
                if repeat:
                    chunk = (repeat * max(1, (1 << 20) // len(repeat))).encode()
                    for _ in range(repeat_bytes // len(chunk)):
                        f.write(chunk)
                f.write(_DOC_TAIL.encode())
            for n in range(extra_entries):
                z.writestr(f"customXml/item{n}.xml", "<a/>")

    return build


def data(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode(encoding))


def seeded_bytes(size: int, seed: int = 15) -> bytes:
    return random.Random(seed).randbytes(size)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def folder_input(path: Path) -> None:
    path.mkdir()


def _pdf(pages: list[bytes], *, compress: bool = False) -> bytes:
    """A PDF whose pages have the given content streams (Helvetica as F1)."""
    count = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    font_id = 3 + 2 * count
    for i, stream in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        body = zlib.compress(stream, 9) if compress else stream
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(body), flate) + body + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _line_op(y: int, words: str) -> bytes:
    return f"BT /F1 10 Tf 72 {y} Td ({words}) Tj ET\n".encode()


def pdf_pages(count: int) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        page = b"".join(
            _line_op(700 - 14 * i, f"Led a team of {i + 2} engineers on project {i}") for i in range(3)
        )
        path.write_bytes(_pdf([page] * count))

    return build


def pdf_stream_bomb(size: int) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        ops = _line_op(700, "Senior Software Engineer") + b"0 0 m 1 1 l S\n" * (size // 14)
        path.write_bytes(_pdf([ops], compress=True))

    return build


def _truncated_docx(path: Path) -> None:
    docx()(path)
    path.write_bytes(path.read_bytes()[:300])


def pdf_truncated(path: Path) -> None:
    whole = _pdf([_line_op(700, "Senior Software Engineer, Cascade Grocers")])
    path.write_bytes(whole[: len(whole) // 2])


def json_resume(document: object) -> Callable[[Path], None]:
    return lambda path: path.write_text(json.dumps(document), encoding="utf-8")


def raw_json(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding="utf-8")


_WORK = {
    "name": "Cascade Grocers Co-op",
    "position": "Senior Software Engineer",
    "startDate": "2020-01",
    "highlights": ["Led the move of order routing to Python services, cutting p95 latency by 60%"],
}


def _resume(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "basics": {"name": "Dana Okafor", "label": "Backend engineer"},
        "work": [dict(_WORK)],
        "skills": [{"name": "Languages", "keywords": ["Python", "Go"]}],
    }
    base.update(changes)
    return base


def _work(**changes: object) -> list[dict[str, object]]:
    return [dict(_WORK, **changes)]


JSON_TYPES = "finding 8: wrong types in a JSON Resume fail as internal errors (no file, JSON path, type)"
READ_LIMITS = "finding 2: no resource limits on reading (decompressed size, nesting, line length)"
ESCAPES = "finding 7: control characters reach the terminal and dossier.md raw"
BIDI = "finding 9: right-to-left overrides are not isolated"
STRAY_BYTE = "finding 8: one stray Latin-1 byte makes a UTF-8 file decode as mojibake"
URLS = "finding 3: URL inputs: no overall deadline, short bodies accepted, raw server bytes echoed"
CACHED_URL = "finding 3: a fetched page is cached forever: `plan` says nothing changed after it changed"
SPECIAL = "finding 2: /dev/zero or a FIFO as with.source passes validate, then reads forever"
DEEP_JSON = "new (faults): JSON nested 100,000 deep fails as a bare RecursionError, naming no file"
YAML_ALIASES = "new (faults): YAML aliases expand without limit (billion laughs): 600 MB, minutes"

_ESCAPE_TITLE = (
    "# Platform Engineer \x1b]0;PWNED-TITLE\x07 \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ "
    "\x1b[2J\x1b[31mred\x1b[0m\x07\x08\x9b31m\n"
)
_BIDI_TITLE = "# Platform Engineer \u202eredirect.exe\u202c at \u202dTidewater\u202c\n"


def _with_title(title: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        lines = (EXAMPLE / "inputs" / "job.md").read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(title + "".join(lines[1:]), encoding="utf-8")

    return build


def _resume_with(extra: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def build(path: Path) -> None:
        base = (EXAMPLE / "inputs" / "resume.md").read_text(encoding="utf-8")
        path.write_bytes(base.replace("## Skills\n", f"## Skills\n{extra}\n").encode(encoding))

    return build


def _stray_byte(path: Path) -> None:
    base = (EXAMPLE / "inputs" / "resume.md").read_text(encoding="utf-8")
    content = base.replace("Portland, OR", "Portland, OR · Zürich café").encode("utf-8")
    path.write_bytes(content.replace(b"Mentored", b"Mentored\xe9", 1))


_DEEP = 10_000
_PDF = "%PDF-1.4\n"

CASES: tuple[Hostile, ...] = (
    # zip-based: sizes, counts and shapes that only show once decompressed
    Hostile(
        "docx-xml-bomb",
        "resume",
        "resume.docx",
        docx(repeat=_para("Led the team"), repeat_bytes=100 << 20),
        READ_LIMITS,
        slow=True,
        quick=True,
    ),
    Hostile(
        "docx-10k-paragraphs",
        "resume",
        "resume.docx",
        docx([*_resume_paragraphs(), *(f"Item {n}" for n in range(10_000))]),
        READ_LIMITS,
        slow=True,
    ),
    Hostile("docx-20k-entries", "resume", "resume.docx", docx(extra_entries=20_000)),
    Hostile(
        "docx-billion-laughs",
        "resume",
        "resume.docx",
        docx(
            ["&lol9;"],
            prolog='<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(
                f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                for i in range(1, 10)
            )
            + "]>",
        ),
    ),
    Hostile("docx-truncated", "resume", "resume.docx", _truncated_docx, quick=True),
    Hostile("docx-not-a-zip", "resume", "resume.docx", data(b"PK\x03\x04" + seeded_bytes(4000))),
    Hostile("zip-named-md", "resume", "resume.md", docx()),
    # HTML: depth, element count, structured data of the wrong shape
    Hostile(
        "html-10k-deep",
        "job",
        "job.html",
        text("<div>" * _DEEP + "Python" + "</div>" * _DEEP),
        READ_LIMITS,
        slow=True,
        quick=True,
    ),
    Hostile(
        "html-200k-elements",
        "job",
        "job.html",
        text("<p>Experience with Python services</p>\n" * 200_000),
        READ_LIMITS,
        slow=True,
    ),
    Hostile(
        "html-unclosed-table",
        "job",
        "job.html",
        text("<table><tr><td>Python" * 30_000),
        READ_LIMITS,
        slow=True,
    ),
    Hostile(
        "html-jsonld-wrong-types",
        "job",
        "job.html",
        text(
            '<html><head><script type="application/ld+json">'
            '{"@type": "JobPosting", "title": ["a", 1], "description": {"x": 1},'
            ' "hiringOrganization": "Acme", "qualifications": 42, "responsibilities": null}'
            "</script></head><body><h1>Engineer</h1><p>Python required.</p></body></html>"
        ),
    ),
    Hostile(
        "html-jsonld-deep",
        "job",
        "job.html",
        text(
            '<html><head><script type="application/ld+json">'
            + "[" * 100_000
            + "]" * 100_000
            + "</script></head><body><h1>Engineer</h1><p>Python required.</p></body></html>"
        ),
        DEEP_JSON,
    ),
    # text: long lines, huge words, sizes, bad bytes
    Hostile("md-5mb-line", "job", "job.md", text("Python " * 750_000), READ_LIMITS, slow=True, quick=True),
    Hostile("md-20k-char-word", "job", "job.md", _with_title("# Engineer " + "A" * 20_000 + "\n")),
    Hostile(
        "md-150k-lines",
        "job",
        "job.md",
        text("".join(f"- Experience with tool {n}\n" for n in range(150_000))),
        READ_LIMITS,
        slow=True,
    ),
    Hostile(
        "md-over-size-cap",
        "job",
        "job.md",
        text("Python services.\n" * 700_000),
        check=fails_naming("job.md"),
    ),
    Hostile("md-nul-bytes", "job", "job.md", text("# Engineer\n\x00\x00- Python\x00 required\n" * 50)),
    Hostile("md-random-bytes", "resume", "resume.md", data(seeded_bytes(64 << 10)), quick=True),
    Hostile(
        "md-png-bytes",
        "job",
        "job.md",
        data(b"\x89PNG\r\n\x1a\n" + seeded_bytes(2000)),
        check=fails_naming("job.md"),
    ),
    Hostile(
        "md-elf-bytes",
        "job",
        "job.md",
        data(b"\x7fELF\x02\x01\x01" + bytes(3000)),
        check=fails_naming("job.md"),
    ),
    Hostile("md-empty", "resume", "resume.md", data(b""), check=fails_naming("resume.md")),
    Hostile(
        "md-whitespace", "resume", "resume.md", data(b" \n\t\n\r\n" * 100), check=fails_naming("resume.md")
    ),
    Hostile("md-bom-only", "job", "job.md", data(b"\xef\xbb\xbf"), check=fails_naming("job.md")),
    Hostile(
        "md-stray-latin1-byte",
        "resume",
        "resume.md",
        _stray_byte,
        STRAY_BYTE,
        check=words_intact("Zürich café"),
        quick=True,
    ),
    Hostile(
        "md-cp1252",
        "resume",
        "resume.md",
        _resume_with("Café, Zürich, naïve", "cp1252"),
        check=words_intact("Zürich"),
    ),
    Hostile(
        "md-utf16",
        "resume",
        "resume.md",
        _resume_with("Café, Zürich", "utf-16"),
        check=words_intact("Zürich"),
    ),
    Hostile("md-escape-sequences", "job", "job.md", _with_title(_ESCAPE_TITLE), ESCAPES, quick=True),
    Hostile(
        "md-rtl-override", "job", "job.md", _with_title(_BIDI_TITLE), BIDI, check=bidi_isolated, quick=True
    ),
    # special files
    Hostile(
        "dev-zero",
        "job",
        "job.md",
        data(b""),
        SPECIAL,
        slow=True,
        absolute="/dev/zero",
        direct=True,
        quick=True,
    ),
    Hostile("fifo", "job", "job.md", fifo, SPECIAL, slow=True, direct=True, quick=True),
    Hostile("dev-zero-input", "job", "job.md", data(b""), absolute="/dev/zero"),
    Hostile("fifo-input", "job", "job.md", fifo),
    Hostile("symlink-loop", "job", "job.md", symlink_loop),
    Hostile("folder", "job", "job.md", folder_input),
    # URL inputs, from a server that misbehaves
    Hostile("url-ok", "job", "job.html", data(b""), url="/ok"),
    Hostile("url-drip", "job", "job.html", data(b""), URLS, url="/drip", quick=True),
    Hostile("url-short-body", "job", "job.html", data(b""), URLS, check=fails_in_time, url="/short"),
    Hostile(
        "url-garbled-status",
        "job",
        "job.html",
        data(b""),
        URLS,
        check=fails_in_time,
        url="/garbled",
        quick=True,
    ),
    Hostile("url-150-headers", "job", "job.html", data(b""), URLS, check=fails_in_time, url="/many-headers"),
    Hostile("url-70k-header", "job", "job.html", data(b""), URLS, check=fails_in_time, url="/long-header"),
    Hostile(
        "url-changing", "job", "job.html", data(b""), CACHED_URL, check=reruns_when_changed, url="/changing"
    ),
    # PDF
    Hostile("pdf-3000-pages", "resume", "resume.pdf", pdf_pages(3_000), READ_LIMITS, slow=True),
    Hostile("pdf-stream-bomb", "resume", "resume.pdf", pdf_stream_bomb(60 << 20), READ_LIMITS, slow=True),
    Hostile("pdf-truncated", "resume", "resume.pdf", pdf_truncated, quick=True),
    Hostile("pdf-garbage", "resume", "resume.pdf", data(_PDF.encode() + seeded_bytes(20_000))),
    # JSON Resume and YAML of the wrong types and shapes
    Hostile("json-top-list", "resume", "resume.json", json_resume([])),
    Hostile("json-top-string", "resume", "resume.json", json_resume("resume")),
    Hostile(
        "json-basics-string",
        "resume",
        "resume.json",
        json_resume(_resume(basics="Dana")),
        JSON_TYPES,
        quick=True,
    ),
    Hostile(
        "json-name-number", "resume", "resume.json", json_resume(_resume(basics={"name": 42})), JSON_TYPES
    ),
    Hostile("json-work-string", "resume", "resume.json", json_resume(_resume(work="Acme")), JSON_TYPES),
    Hostile("json-work-strings", "resume", "resume.json", json_resume(_resume(work=["Acme"])), JSON_TYPES),
    Hostile(
        "json-highlights-string",
        "resume",
        "resume.json",
        json_resume(_resume(work=_work(highlights="Led"))),
        JSON_TYPES,
    ),
    Hostile(
        "json-highlights-numbers",
        "resume",
        "resume.json",
        json_resume(_resume(work=_work(highlights=[1, 2]))),
    ),
    Hostile("json-date-number", "resume", "resume.json", json_resume(_resume(work=_work(startDate=2020)))),
    Hostile(
        "json-position-object", "resume", "resume.json", json_resume(_resume(work=_work(position={"x": 1})))
    ),
    Hostile(
        "json-skills-object", "resume", "resume.json", json_resume(_resume(skills={"Python": 5})), JSON_TYPES
    ),
    Hostile(
        "json-keywords-string",
        "resume",
        "resume.json",
        json_resume(_resume(skills=[{"name": "Languages", "keywords": "Python, Go"}])),
        JSON_TYPES,
    ),
    Hostile(
        "json-education-string", "resume", "resume.json", json_resume(_resume(education="BS")), JSON_TYPES
    ),
    Hostile(
        "json-profiles-string",
        "resume",
        "resume.json",
        json_resume(_resume(basics={"name": "D", "profiles": "x"})),
    ),
    Hostile(
        "json-400-digit-number",
        "resume",
        "resume.json",
        raw_json(json.dumps(_resume(work=_work(summary="N"))).replace('"N"', "9" * 400 + ".5")),
        quick=True,
    ),
    Hostile(
        "json-nan",
        "resume",
        "resume.json",
        raw_json(json.dumps(_resume()).replace('"Dana Okafor"', "NaN")),
    ),
    Hostile("json-100k-deep", "resume", "resume.json", raw_json("[" * 100_000 + "]" * 100_000), DEEP_JSON),
    Hostile("json-truncated", "resume", "resume.json", raw_json(json.dumps(_resume())[:60])),
    Hostile(
        "yaml-billion-laughs",
        "resume",
        "resume.yaml",
        text(
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + f"*{chr(97 + i)}, " * 8 + f"*{chr(97 + i)}]\n"
                for i in range(8)
            )
            + "cv: {name: *i}\n"
        ),
        YAML_ALIASES,
        slow=True,
    ),
    Hostile(
        "yaml-python-tag",
        "resume",
        "resume.yaml",
        text("cv: !!python/object/apply:os.system ['touch executed-yaml']\n"),
        check=nothing_executed("executed-yaml"),
        quick=True,
    ),
    Hostile("yaml-cv-string", "resume", "resume.yaml", text("cv: Dana Okafor\n")),
)

BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "two hostile cases share a name"
