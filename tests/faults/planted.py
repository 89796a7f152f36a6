"""Planted script: HTML and script in the posting, resume and company notes, opened in Chromium.

The example plan runs with a payload appended to the lines its steps quote (the
posting's title, duties and requirements, the resume's achievements and skills,
a company note). Each payload, if it ran, would set ``window.pfRan`` or ask a
local HTTP server for a page. Every dossier format is then opened in headless
Chromium as a reader would meet it: ``dossier.html`` as it is, ``dossier.md``
rendered by a CommonMark viewer that passes raw HTML through (markdown-it-py,
as a Markdown preview does), and ``dossier.md`` and ``dossier.json`` opened as
files. Nothing may run and nothing may be requested; the payloads must still be
there, as text.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from faultlib import copy_example, run_prepflow

PAYLOADS = (
    "<script>window.pfRan = 1; fetch('{url}/script1')</script>",
    '<img src="{url}/img2" onerror="window.pfRan = 2">',
    '<svg onload="window.pfRan = 3"><image href="{url}/svg3"/></svg>',
    '<iframe srcdoc="<script>parent.pfRan = 4</script>" src="{url}/iframe4"></iframe>',
    '<a href="javascript:window.pfRan = 5">apply</a>',
    "[apply](javascript:window.pfRan = 6)",
    "<javascript:window.pfRan = 7>",
    '<meta http-equiv="refresh" content="0;url={url}/meta8">',
    '<base href="{url}/base9/">',
    "<style>body {{ background: url({url}/css10) }}</style>",
    '<link rel="stylesheet" href="{url}/link11">',
    "</textarea></title></style></script><script>window.pfRan = 12</script>",
    '"><img src=x onerror="window.pfRan = 13">',
    "'><img src=x onerror='window.pfRan = 14'>",
    "&lt;script&gt;window.pfRan = 15&lt;/script&gt;",
    "![logo]({url}/md16)",
    '<object data="{url}/object17"></object>',
    '<details open ontoggle="window.pfRan = 18">x</details>',
    "<math><mtext><table><mglyph><style><img src=x onerror='window.pfRan = 19'>",
    '<embed src="{url}/embed20">',
)


@contextmanager
def listening() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every path asked of it: (its URL, the paths)."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def _plant(path: Path, payloads: list[str], *, title: bool = False) -> None:
    """Append one payload to each heading and bullet of a Markdown file, in turn."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    n = 0
    for line in lines:
        if line.startswith("- ") or (title and line.startswith("# ")):
            line = f"{line} {payloads[n % len(payloads)]}"
            n += 1
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def make_dossier(folder: Path, url: str) -> dict[str, Path]:
    """Run the example with planted payloads; the pages to open in the browser, by name."""
    copy_example(folder)
    payloads = [p.format(url=url) for p in PAYLOADS]
    inputs = folder / "inputs"
    _plant(inputs / "job.md", payloads, title=True)
    _plant(inputs / "resume.md", payloads[7:] + payloads[:7])
    _plant(inputs / "company" / "about.md", payloads[13:] + payloads[:13])
    outcome = run_prepflow(["run", "plan.toml", "-q"], cwd=folder)
    if outcome.returncode != 0:
        raise RuntimeError(f"the planted run failed: {outcome}")
    out = folder / "out"
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render((out / "dossier.md").read_text(encoding="utf-8"))
    (out / "dossier.md.html").write_text(f"<!doctype html><meta charset=utf-8>{rendered}", encoding="utf-8")
    return {
        "html": out / "dossier.html",
        "md rendered": out / "dossier.md.html",
        "md as text": out / "dossier.md",
        "json as text": out / "dossier.json",
    }


# what the page must not hold once loaded: a planted element that can run or load something
_ACTIVE = """
const found = [];
for (const el of document.querySelectorAll('*')) {
  for (const attr of el.attributes) {
    if (attr.name.startsWith('on') && attr.value.includes('pfRan')) found.push(el.tagName + ' ' + attr.name);
  }
}
const planted = 'a[href^="javascript:"], iframe, object, embed, base, meta[http-equiv="refresh" i]';
for (const el of document.querySelectorAll(planted)) found.push(el.outerHTML.slice(0, 80));
return found;
"""


def planted_in(path: Path) -> set[str]:
    """The payloads (by number) whose script text reached a dossier file."""
    import re

    return set(re.findall(r"pfRan = (\d+)", path.read_text(encoding="utf-8")))


def check_page(driver: Any, page: Path, url: str) -> list[str]:
    """What ran or was requested when ``page`` was opened: empty when nothing did."""
    driver.get("about:blank")
    driver.get_log("performance")  # drop what the browser loaded at start-up
    driver.get(page.resolve().as_uri())
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")  # let onerror/onload fire
    problems = []
    ran = driver.execute_script("return typeof window.pfRan === 'undefined' ? null : String(window.pfRan)")
    if ran is not None:
        problems.append(f"window.pfRan = {ran}")
    if driver.current_url != page.resolve().as_uri():
        problems.append(f"navigated to {driver.current_url}")
    problems += [f"active element: {a}" for a in driver.execute_script(_ACTIVE)]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested = message["params"]["request"]["url"]
            if requested.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp"):
                problems.append(f"request: {requested}")
    return problems


def huge_word_dossier(folder: Path) -> Path:
    """The example with a 20,000-character word in the posting's title; its dossier.html."""
    copy_example(folder)
    job = folder / "inputs" / "job.md"
    lines = job.read_text(encoding="utf-8").splitlines(keepends=True)
    job.write_text("# Engineer " + "W" * 20_000 + "\n" + "".join(lines[1:]), encoding="utf-8")
    outcome = run_prepflow(["run", "plan.toml", "-q", "--format", "html"], cwd=folder)
    if outcome.returncode != 0:
        raise RuntimeError(f"the run failed: {outcome}")
    return folder / "out" / "dossier.html"
