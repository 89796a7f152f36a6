"""bs4's ``html.parser`` tree builder, without building bs4's entity tables on the first ``&name;``.

beautifulsoup4 (4.13 and later) builds its tables of HTML entities on the first named reference
it reads, and with them two regular expressions over every entity's characters that only its
output formatters use: compiling those costs more than parsing a whole posting. Reading needs
only the name -> text lookup, and that is the standard library's ``html.entities.html5`` table:
bs4's table keeps each name there without its ``;``, the entry without one first (``"not"``
before ``"not;"``), which is what :func:`entity` answers. A name no entity has stays the text
``&name``, as in bs4. Where bs4's builder takes no parser class (before 4.13, whose tables are
built at import anyway), its own parser is used.
"""

from __future__ import annotations

from html.entities import html5
from typing import Any

from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder


def entity(name: str) -> str | None:
    """The text of the HTML entity ``name`` (without ``&`` and ``;``), or None when there is none."""
    if ";" in name:
        return None
    found = html5.get(name)
    return found if found is not None else html5.get(name + ";")


class _Parser(BeautifulSoupHTMLParser):  # type: ignore[misc]
    def handle_entityref(self, name: str) -> None:
        character = entity(name)
        self.handle_data(character if character is not None else f"&{name}")


_TAKES_PARSER = "_parser_class" in HTMLParserTreeBuilder.feed.__code__.co_varnames


class HtmlParserBuilder(HTMLParserTreeBuilder):  # type: ignore[misc]
    """``BeautifulSoup(markup, builder=HtmlParserBuilder)`` parses like ``"html.parser"``."""

    def feed(self, markup: Any, *args: Any, **kwargs: Any) -> None:
        if _TAKES_PARSER and not args and not kwargs:
            kwargs["_parser_class"] = _Parser
        super().feed(markup, *args, **kwargs)
