"""An HTML page's tree: its size and depth checked, and its main content found in linear time.

Asking every element for its text (``get_text``) or searching under it (``find``) costs the
size of its subtree, so doing it for every element costs the page's size times its depth:
minutes for a page nested 10,000 deep. Here each fact the finder needs (text length, link
text, element count, whether a ``main``/``article``/``h1`` is inside) is gathered for all
elements in one pass, children before parents.
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.documents.detect import _err
from prepflow_plugins.documents.limits import MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, too_many
from prepflow_plugins.text.regexstore import compile as re_compile

_DROP_TAGS = frozenset(
    {
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
    }
)
_BOILER = re_compile(
    r"cookie|consent|gdpr|banner|modal|popup|newsletter|subscribe|share|social|breadcrumb|skip-?nav|"
    r"skip-?link|sidebar|masthead|site-?header|site-?footer|identifier|related|promo|advert",
    re.I,
)
_CHROME_ROLE = re_compile(r"^(navigation|banner|contentinfo|dialog|alertdialog)$")
_CONTENT = ("main", "article", "body")
_START_TAG = re_compile(r"<[A-Za-z]")


def check_markup(source: str, markup: str) -> None:
    """Refuse a page with more start tags than :data:`MAX_HTML_ELEMENTS`, before parsing it
    (an over-count: a ``<b`` inside a script counts too)."""
    count = len(_START_TAG.findall(markup))
    if count > MAX_HTML_ELEMENTS:
        raise too_many(source, f"{count:,} elements", f"{MAX_HTML_ELEMENTS:,} elements")


def check_depth(source: str, soup: Any) -> None:
    """Refuse a page whose elements nest deeper than :data:`MAX_HTML_DEPTH`."""
    from bs4 import Tag

    depth = {id(soup): 0}
    for node in soup.descendants:
        if isinstance(node, Tag):
            level = depth[id(node.parent)] + 1
            if level > MAX_HTML_DEPTH:
                limit = f"its elements nest more than {MAX_HTML_DEPTH} deep (the limit)"
                raise _err(source, f"{limit}; is it a real page?")
            depth[id(node)] = level


def tags_of(root: Any) -> list[Any]:
    """The elements under ``root``, in document order."""
    from bs4 import Tag

    return [node for node in root.descendants if isinstance(node, Tag)]


def text_facts(root: Any) -> dict[int, tuple[int, int, int]]:
    """For ``root`` and every element under it (by ``id``): the length of its text as
    ``get_text(" ", strip=True)`` gives it, the length of the text of the links in it (each
    ``<a>`` counted, nested ones too, as ``find_all("a")`` would), and its number of elements."""
    from bs4 import NavigableString, Tag

    interesting = Tag.MAIN_CONTENT_STRING_TYPES
    # per element: characters and number of its non-blank strings, link text, elements
    raw: dict[int, tuple[int, int, int, int]] = {}
    for tag in [root, *tags_of(root)][::-1]:  # children before their parents
        chars = pieces = links = tags = 0
        for child in tag.contents:
            if isinstance(child, Tag):
                c_chars, c_pieces, c_links, c_tags = raw[id(child)]
                chars += c_chars
                pieces += c_pieces
                links += c_links + (_length(c_chars, c_pieces) if child.name == "a" else 0)
                tags += c_tags + 1
            elif isinstance(child, NavigableString) and type(child) in interesting:
                stripped = child.strip()
                if stripped:
                    chars += len(stripped)
                    pieces += 1
        raw[id(tag)] = (chars, pieces, links, tags)
    return {key: (_length(c, p), links, tags) for key, (c, p, links, tags) in raw.items()}


def _length(chars: int, pieces: int) -> int:
    """The length of ``pieces`` strings of ``chars`` characters in all, joined by one space."""
    return chars + max(pieces - 1, 0)


def main_content(soup: Any) -> Any:
    """The element holding the page's main content, with navigation, banners, scripts and other
    chrome removed from the tree."""
    tags = tags_of(soup)
    for tag in tags:
        if _gone(tag):
            continue
        role = tag.get("role")
        if (
            tag.name in _DROP_TAGS
            or (isinstance(role, str) and _CHROME_ROLE.search(role) and tag.name not in _CONTENT)
            or tag.get("aria-hidden") == "true"
        ):
            tag.decompose()
    tags = [tag for tag in tags if not _gone(tag)]
    anchors = _holding(tags, ("main", "article", "h1"))
    for tag in tags:
        if _gone(tag) or tag.name in ("main", "article", "body", "html"):
            continue
        classes = tag.get("class")  # a list of names (or one string, when parsed oddly)
        ident = tag.get("id")
        names = list(classes) if isinstance(classes, list) else [classes] if isinstance(classes, str) else []
        marks = " ".join([*names, ident if isinstance(ident, str) else ""])
        if marks and _BOILER.search(marks) and id(tag) not in anchors:
            tag.decompose()
    tags = [tag for tag in tags if not _gone(tag)]
    with_h1 = _holding(tags, ("h1",))
    inside: set[int] = set()  # elements inside a main or an article
    for tag in tags:
        parent = tag.parent
        if parent is not None and (id(parent) in inside or parent.name in ("main", "article")):
            inside.add(id(tag))
    for tag in tags:
        if tag.name == "header" and not _gone(tag) and id(tag) not in with_h1 and id(tag) not in inside:
            tag.decompose()
    # as soup.find("main") or soup.find(attrs={"role": "main"}), from the list already made
    tags = [tag for tag in tags if not _gone(tag)]
    main = next((tag for tag in tags if tag.name == "main"), None)
    if main is None:
        main = next((tag for tag in tags if tag.get("role") == "main"), None)
    if main is None:
        articles = [tag for tag in tags if tag.name == "article"]
        if len(articles) == 1:
            main = articles[0]
    if main is None:
        main = _densest(soup)
    return main


def _gone(tag: Any) -> bool:
    """Whether ``tag`` was decomposed (bs4's ``decomposed`` property searches the subtree for a
    child named ``_decomposed`` first: linear in its size)."""
    return "_decomposed" in tag.__dict__


def _holding(tags: list[Any], names: tuple[str, ...]) -> set[int]:
    """The ids of the elements of ``tags`` (in document order) with one of ``names`` inside."""
    found: set[int] = set()
    for tag in reversed(tags):  # children before their parents
        if tag.name in names or id(tag) in found:
            parent = tag.parent
            if parent is not None:
                found.add(id(parent))
    return found


def _densest(soup: Any) -> Any:
    """The element holding most paragraph and list text, readability-style, or the body."""
    body = soup.body or soup
    facts = text_facts(body)
    best, best_score = body, 0.0
    total = facts[id(body)][0] or 1
    for tag in tags_of(body):
        if tag.name not in ("div", "section", "td"):
            continue
        text, links, count = facts[id(tag)]
        if text < 0.4 * total:
            continue
        score = (text - links) / (1 + 0.002 * count)
        if score >= best_score:
            best, best_score = tag, score
    return best


#: Words a line cannot end on when the next line starts an item of its own.
_RUNS_ON = frozenset(
    "a an the and or of to in on at by for with from as into than such including e.g. i.e. via per".split()  # noqa: SIM905
)
#: The start of an item: a capitalised word, then a lower-case one ("Applying multidisciplinary").
_ITEM_START = re_compile(r"^[A-Z][a-z]+\s+[a-z]")


def separate_items(before: str, after: str) -> bool:
    """Whether two lines of one list item read as two items: the first ends without punctuation
    on a word that does not run on, the second starts a sentence of its own, each has 3+ words.

    "Creating and managing a program vision" / "Applying project management practices" are
    two; "experience with the" / "Federal Government" and "Lead design reviews." / "Then ..."
    (a sentence that goes on) are one."""
    words, next_words = before.split(), after.split()
    if len(words) < 3 or len(next_words) < 3 or not _ITEM_START.match(after):
        return False
    last = words[-1]
    return last[-1].isalnum() and last.lower() not in _RUNS_ON and not last[0].isupper()


def item_parts(raw: str) -> list[tuple[int, str]]:
    """The items in the source lines of one list item, each with its line offset: lines that
    read as separate items (:func:`separate_items`) apart, the others joined."""
    parts: list[tuple[int, str]] = []
    for offset, piece in enumerate(raw.lstrip("\n").split("\n")):
        text = " ".join(piece.split())
        if not text:
            continue
        if parts and not separate_items(re.sub(r"^(?:- |\d+\. )", "", parts[-1][1]), text):
            parts[-1] = (parts[-1][0], f"{parts[-1][1]} {text}")
        else:
            parts.append((offset, text))
    return parts
