"""HTML pages: the main content as lines, and a schema.org ``JobPosting`` when the page has one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from prepflow_plugins.documents.deferred import importing_bs4
from prepflow_plugins.documents.detect import _err
from prepflow_plugins.documents.htmltree import (
    check_depth,
    check_markup,
    item_parts,
    main_content,
    text_facts,
)
from prepflow_plugins.documents.limits import check_nesting
from prepflow_plugins.documents.lines import clean, make_line
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

#: Elements whose strings are of their own kind (bs4's string containers): their text is not
#: counted in their parents'.
_OWN_STRINGS = frozenset({"script", "style", "template", "rt", "rp"})
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
        self.last_level = 1  # the level of the last real heading, for bold paragraphs used as headings
        self.root: Any = None  # the element the walk started from
        self.facts: dict[int, tuple[int, int, int]] | None = None  # see htmltree.text_facts
        self.br_item: int | None = None  # the depth of the list item a <br> broke, for the part after it

    def flush(self) -> None:
        raw = "".join(self.buffer)
        if self.kind == "bullet" and "\n" in raw.strip():
            self._flush_items(raw)
            return
        text = clean(raw)
        if text and self.br_item is not None and self.kind == "text":
            last = self.lines[-1] if self.lines else None
            if last and last["kind"] == "bullet" and item_parts(f"{last['text']}\n{text}")[1:]:
                # "<li>Plan the rota<br>Order the stock</li>": the part after <br> is an item too
                self.prefix, self.kind, self.depth = "- ", "bullet", self.br_item
        self.br_item = None
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

    def _flush_items(self, raw: str) -> None:
        """A list item whose source lines read as several items is one item per such line."""
        first, prefix, depth = self.line or 1, self.prefix, self.depth
        for offset, text in item_parts(raw):
            self.buffer, self.line, self.kind, self.depth = [text], first + offset, "bullet", depth
            self.prefix = prefix
            self.flush()
            prefix = "- " if prefix[:1].isdigit() else prefix

    def _has_text(self, tag: Any) -> bool:
        """``tag.get_text(strip=True)`` is not empty, from text lengths measured once for the tree
        (asking each element in turn costs its subtree: quadratic in the depth)."""
        if tag.name in _OWN_STRINGS:
            return bool(tag.get_text(strip=True))
        if self.facts is None or id(tag) not in self.facts:
            self.facts = text_facts(self.root if self.root is not None else tag)
        return self.facts[id(tag)][0] > 0

    def walk(self, node: Any, list_stack: list[list[int | None]]) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

        if self.root is None:
            self.root = node

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
                    self.br_item = keep[3]
                continue
            if name not in _BLOCK:
                if self.line is None and self._has_text(child):
                    self.line = child.sourceline
                self.walk(child, list_stack)
                continue
            # "<li><p>Item</p></li>": the item's first paragraph is the item
            item = (
                (self.prefix, self.depth)
                if self.kind == "bullet" and not "".join(self.buffer).strip()
                else None
            )
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
                self.level = self.last_level = int(name[1])
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
            elif name in ("p", "div") and item is None and _bold_only(child):
                # a paragraph that is all bold, short and without a value: a heading
                self.level = min(self.last_level + 1, 6)
                self.prefix, self.kind, self.line = "#" * self.level + " ", "heading", child.sourceline
                self.walk(child, list_stack)
                self.flush()
            else:
                self.line = child.sourceline
                if item is not None and name in ("p", "div"):
                    self.prefix, self.depth = item
                    self.kind = "bullet"
                self.walk(child, list_stack)
                self.flush()


def _bold_only(tag: Any) -> bool:
    """An element whose text is all inside <b>/<strong>, short, and not "Label: value".

    The cheap tests come first, each in time linear in the element: this runs for every
    paragraph and div, so a test that costs the whole subtree would be quadratic in the depth."""
    if _holds_block(tag) or _inside_bold(tag):
        return False
    text = clean(tag.get_text(" "))
    words = text.split()
    if not words or len(words) > 12 or text.endswith((".", ",", ";")):
        return False
    _, colon, rest = text.partition(":")
    if colon and rest.strip():
        return False
    bold = " ".join(clean(b.get_text(" ")) for b in _outer_bolds(tag))
    return clean(bold) == text


def _holds_block(tag: Any) -> bool:
    """Whether a block element is inside ``tag``, stopping at the first (bs4's ``descendants``
    first walks to the subtree's last element: quadratic when asked of every nested div)."""
    from bs4 import Tag

    stack = [child for child in reversed(tag.contents) if isinstance(child, Tag)]
    while stack:
        node = stack.pop()
        if node.name in _BLOCK_SET:
            return True
        stack.extend(child for child in reversed(node.contents) if isinstance(child, Tag))
    return False


def _inside_bold(tag: Any) -> bool:
    parent = tag.parent
    while parent is not None:
        if parent.name in ("b", "strong"):
            return True
        parent = parent.parent
    return False


def _outer_bolds(tag: Any) -> list[Any]:
    """The <b> and <strong> elements in ``tag`` that are not inside another one, in order."""
    from bs4 import Tag

    found: list[Any] = []
    stack = [child for child in reversed(tag.contents) if isinstance(child, Tag)]
    while stack:
        node = stack.pop()
        if node.name in ("b", "strong"):
            found.append(node)
        else:
            stack.extend(child for child in reversed(node.contents) if isinstance(child, Tag))
    return found


_BLOCK_SET = frozenset({"p", "div", "ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6"})


def _soup(markup: str) -> Any | None:
    """The parsed markup, or None when the parser gives up on it (``<![`` with no name, say)."""
    with importing_bs4():
        from bs4 import BeautifulSoup
        from bs4.exceptions import ParserRejectedMarkup
        from prepflow_plugins.documents.entities import HtmlParserBuilder

    try:
        return BeautifulSoup(markup, builder=HtmlParserBuilder)
    except ParserRejectedMarkup:
        return None


def _html_to_lines(markup: str, base_line: int = 0) -> list[dict[str, Any]]:
    """An HTML fragment (e.g. a JSON-LD description) as lines, numbered from ``base_line``;
    one the parser gives up on, as plain text."""
    soup = _soup(markup) if "<" in markup else None
    if soup is None:
        out = []
        for raw in markup.replace("\r", "\n").split("\n"):
            line = make_line(raw, base_line or 1)
            if line:
                out.append(line)
        return out
    walker = _HtmlLines(base_line=base_line - 1 if base_line else 0)
    walker.walk(soup, [])
    walker.flush()
    if base_line:
        for line in walker.lines:
            line["line"] = base_line
    return walker.lines


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

    for script in soup.find_all("script", attrs={"type": re_compile(r"ld\+json", re.I)}):
        try:
            data = json.loads(script.string or script.get_text() or "")
            check_nesting("JSON-LD", data)
        except (ValueError, RecursionError, prepflow.StepError):
            continue  # broken or absurdly nested JSON-LD: the page's own text is read instead
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
    check_markup(source, text)
    soup = _soup(text)
    if soup is None:
        raise _err(
            source, "its HTML could not be read; save the page again, or paste its text into a .txt file"
        )
    check_depth(source, soup)
    page_title = clean(soup.title.get_text()) if soup.title else ""
    site = _site_name(soup)  # before the page is cut down to its main content
    postings = list(_jsonld_postings(soup))
    main = main_content(soup)
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
    if site:
        doc["site_name"] = site
    if page_title:
        doc["page_title"] = page_title
    doc["lines"] = lines
    return doc


def _site_name(soup: Any) -> str | None:
    """The site's own name (``og:site_name``, else ``application-name``), without a careers
    page's framing ("Join the X", "Careers at X", "X Careers")."""
    for attr, name in (("property", "og:site_name"), ("name", "application-name")):
        tag = soup.find("meta", attrs={attr: name})
        content = clean(str(tag.get("content") or "")) if tag is not None else ""
        if content:
            content = re.sub(
                r"^(?:join(?: us at)?|careers at|jobs at|work at|work with)\s+(?:the\s+)?",
                "",
                content,
                flags=re.I,
            )
            content = re.sub(r"\s+(?:careers?|jobs|job board)$", "", content, flags=re.I)
            return content.strip() or None
    return None
