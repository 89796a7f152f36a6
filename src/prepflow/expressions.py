"""``${...}`` references and ``if`` conditions.

One syntax everywhere: ``${inputs.NAME}`` and ``${steps.ID.outputs.NAME}``,
optionally followed by ``.key`` or ``[index]`` to reach inside a value, and
``${steps.ID.status}``. A string that is exactly one reference takes the
referenced value with its type (a list stays a list); a reference inside a
longer string is interpolated as text. ``$${`` writes a literal ``${``.

``if`` conditions use the same references (with or without ``${ }``), string,
number and boolean literals, ``==``, ``!=``, ``!``, ``&&``, ``||``, parentheses
and the status functions ``success()``, ``failure()`` and ``always()``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from prepflow.errors import PrepflowError
from prepflow.lazyre import LazyPattern

Ref = tuple[str | int, ...]

_REF = LazyPattern(r"\$\$\{|\$\{([^}]*)\}")
_SEGMENT = LazyPattern(r"\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")


class ExpressionError(PrepflowError):
    """A reference or condition that cannot be parsed or resolved."""


def parse_ref(text: str) -> Ref:
    """``"steps.a.outputs.themes[0]"`` -> ``("steps", "a", "outputs", "themes", 0)``."""
    text = text.strip()
    parts: list[str | int] = []
    pos = 0
    while pos < len(text):
        m = _SEGMENT.match(text, pos)
        if not m or (pos == 0 and text.startswith(".")):
            raise ExpressionError(f"cannot parse reference '{text}' at '{text[pos:]}'")
        parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if not parts:
        raise ExpressionError("empty reference '${}'")
    return tuple(parts)


def iter_refs(value: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield ``(where, reference text)`` for every ``${...}`` inside ``value``."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if "${" in item:
                for m in _REF.finditer(item):
                    if m.group(1) is not None:
                        yield where, m.group(1)
        elif isinstance(item, Mapping):
            stack.extend(((*where, k), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend(((*where, i), v) for i, v in enumerate(item))


def has_refs(value: Any) -> bool:
    return next(iter_refs(value), None) is not None


def substitute(value: Any, lookup: Callable[[Ref], Any]) -> Any:
    """Replace every reference in ``value`` by ``lookup(ref)``."""
    if isinstance(value, str):
        if "$" not in value:
            return value
        m = _REF.fullmatch(value)
        if m and m.group(1) is not None:
            return lookup(parse_ref(m.group(1)))

        def text_of(m: re.Match[str]) -> str:
            if m.group(1) is None:
                return "${"
            found = lookup(parse_ref(m.group(1)))
            return found if isinstance(found, str) else json.dumps(found, ensure_ascii=False)

        return _REF.sub(text_of, value)
    if isinstance(value, Mapping):
        return {k: substitute(v, lookup) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, lookup) for v in value]
    return value


def dig(value: Any, path: Ref, shown: str) -> Any:
    """Follow ``path`` into ``value``; ``shown`` names the reference in errors."""
    for part in path:
        if isinstance(part, int) and isinstance(value, list):
            if part >= len(value):
                raise ExpressionError(f"${{{shown}}}: index {part} is out of range ({len(value)} items)")
            value = value[part]
        elif isinstance(part, str) and isinstance(value, Mapping):
            if part not in value:
                keys = ", ".join(sorted(map(str, value))) or "none"
                raise ExpressionError(f"${{{shown}}}: no key '{part}' (keys: {keys})")
            value = value[part]
        else:
            raise ExpressionError(f"${{{shown}}}: cannot take '{part}' of a {type(value).__name__}")
    return value


def ref_text(ref: Ref) -> str:
    out = ""
    for part in ref:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# -- conditions ---------------------------------------------------------------

_TOKEN = LazyPattern(
    r"\s*(?:(?P<op>==|!=|&&|\|\||!|\(|\)|,)"
    r"|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<ref>\$\{[^}]*\}|[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z_][A-Za-z0-9_\-]*|\[\d+\])*))"
)

STATUS_FUNCTIONS = frozenset({"success", "failure", "always"})


class Condition:
    """A parsed ``if`` condition. Parse once, evaluate per run."""

    def __init__(self, source: str | bool):
        self.source = source
        if isinstance(source, bool):
            self._tree: Any = ("lit", source)
        else:
            self._tokens = self._tokenize(source)
            self._pos = 0
            self._tree = self._or()
            if self._pos != len(self._tokens):
                raise ExpressionError(f"unexpected '{self._tokens[self._pos][1]}' in condition '{source}'")

    @property
    def refs(self) -> list[Ref]:
        return [node[1] for node in self._walk(self._tree) if node[0] == "ref"]

    @property
    def functions(self) -> set[str]:
        return {node[1] for node in self._walk(self._tree) if node[0] == "call"}

    def evaluate(self, lookup: Callable[[Ref], Any], status: Callable[[str], bool]) -> bool:
        return bool(self._eval(self._tree, lookup, status))

    # parser

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ExpressionError(f"cannot parse condition '{text}' at '{text[pos:].strip()}'")
            kind = m.lastgroup or ""
            tokens.append((kind, m.group(kind)))
            pos = m.end()
        if not tokens:
            raise ExpressionError("empty condition")
        return tokens

    def _peek(self) -> str | None:
        return self._tokens[self._pos][1] if self._pos < len(self._tokens) else None

    def _take(self) -> tuple[str, str]:
        if self._pos >= len(self._tokens):
            raise ExpressionError(f"condition '{self.source}' ends too early")
        token = self._tokens[self._pos]
        self._pos += 1
        return token

    def _or(self) -> Any:
        node = self._and()
        while self._peek() == "||":
            self._take()
            node = ("or", node, self._and())
        return node

    def _and(self) -> Any:
        node = self._not()
        while self._peek() == "&&":
            self._take()
            node = ("and", node, self._not())
        return node

    def _not(self) -> Any:
        if self._peek() == "!":
            self._take()
            return ("not", self._not())
        node = self._atom()
        if self._peek() in ("==", "!="):
            op = self._take()[1]
            node = (op, node, self._atom())
        return node

    def _atom(self) -> Any:
        kind, text = self._take()
        if text == "(":
            node = self._or()
            if self._take()[1] != ")":
                raise ExpressionError(f"missing ')' in condition '{self.source}'")
            return node
        if kind == "str":
            if text[0] == "'":
                return ("lit", text[1:-1].replace("\\'", "'"))
            try:
                return ("lit", json.loads(text))
            except json.JSONDecodeError as e:  # a bad escape or a raw control character
                raise ExpressionError(
                    f"bad string {text} in condition ({e.msg}); use JSON escapes, or single quotes"
                ) from None
        if kind == "num":
            return ("lit", float(text) if "." in text else int(text))
        if kind == "ref":
            if text in ("true", "false", "null"):
                return ("lit", {"true": True, "false": False, "null": None}[text])
            if self._peek() == "(":
                self._take()
                if self._take()[1] != ")" or text not in STATUS_FUNCTIONS:
                    known = ", ".join(f"{f}()" for f in sorted(STATUS_FUNCTIONS))
                    raise ExpressionError(f"unknown function '{text}' in condition (known: {known})")
                return ("call", text)
            inner = text[2:-1] if text.startswith("${") else text
            return ("ref", parse_ref(inner))
        raise ExpressionError(f"unexpected '{text}' in condition '{self.source}'")

    def _walk(self, node: Any) -> Iterator[Any]:
        yield node
        if node[0] in ("or", "and", "==", "!="):
            yield from self._walk(node[1])
            yield from self._walk(node[2])
        elif node[0] == "not":
            yield from self._walk(node[1])

    def _eval(self, node: Any, lookup: Callable[[Ref], Any], status: Callable[[str], bool]) -> Any:
        op = node[0]
        if op == "lit":
            return node[1]
        if op == "ref":
            return lookup(node[1])
        if op == "call":
            return status(node[1])
        if op == "not":
            return not self._eval(node[1], lookup, status)
        if op == "and":
            return self._eval(node[1], lookup, status) and self._eval(node[2], lookup, status)
        if op == "or":
            return self._eval(node[1], lookup, status) or self._eval(node[2], lookup, status)
        left, right = self._eval(node[1], lookup, status), self._eval(node[2], lookup, status)
        return (left == right) if op == "==" else (left != right)
