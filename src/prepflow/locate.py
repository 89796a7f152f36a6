"""Map a key path in a TOML document to its line and column.

``tomllib`` returns plain dicts with no positions, so error messages would
otherwise say *what* is wrong but not *where*. This scanner walks the text once
and records, for every key path it meets, where the key and its value start.
It is tolerant by design: it runs only on documents ``tomllib`` already
accepted, and on anything it does not understand it skips ahead rather than
fail, so a lookup degrades to the nearest known parent.
"""

from __future__ import annotations

from collections.abc import Sequence

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def path_text(path: Sequence[str | int]) -> str:
    """``("steps", "a", "needs", 1)`` -> ``"steps.a.needs[1]"``, as messages show key paths."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class TomlLocator:
    """Positions of keys and values in one TOML document."""

    def __init__(self, text: str):
        self._text = text
        self._i = 0
        self._line = 1
        self._line_start = 0
        self.keys: dict[Path, Position] = {}
        self.values: dict[Path, Position] = {}
        self._array_tables: dict[Path, int] = {}
        try:
            self._document()
        except _Stop:
            pass

    # -- public -------------------------------------------------------------

    def find(self, path: Sequence[str | int], *, key: bool = False) -> Position:
        """Where ``path`` is: its value (or its key when ``key``), else the nearest parent."""
        path = tuple(path)
        while path:
            table = self.keys if key else self.values
            if path in table:
                return table[path]
            other = self.values if key else self.keys
            if path in other:
                return other[path]
            path = path[:-1]
        return (1, 1)

    # -- scanner ------------------------------------------------------------

    def _pos(self) -> Position:
        return (self._line, self._i - self._line_start + 1)

    def _peek(self, offset: int = 0) -> str:
        j = self._i + offset
        return self._text[j] if j < len(self._text) else ""

    def _advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self._i >= len(self._text):
                raise _Stop
            if self._text[self._i] == "\n":
                self._line += 1
                self._line_start = self._i + 1
            self._i += 1

    def _skip_ws(self, newlines: bool = False) -> None:
        while True:
            c = self._peek()
            if (c in " \t\r" and c) or (c == "\n" and newlines):
                self._advance()
            elif c == "#":
                while self._peek() not in ("\n", ""):
                    self._advance()
            else:
                return

    def _document(self) -> None:
        table: Path = ()
        while self._i < len(self._text):
            self._skip_ws(newlines=True)
            c = self._peek()
            if not c:
                return
            if c == "[":
                table = self._header()
            else:
                self._key_value(table)
            self._skip_ws()
            # anything left on the line is skipped: the parser already accepted it
            while self._peek() not in ("\n", ""):
                self._advance()

    def _header(self) -> Path:
        start = self._pos()
        is_array = self._peek(1) == "["
        self._advance(2 if is_array else 1)
        parts = self._key()
        self._skip_ws()
        self._advance(2 if is_array else 1)
        path = self._resolve_prefixes(parts)
        if is_array:
            index = self._array_tables.get(path, -1) + 1
            self._array_tables[path] = index
            self.keys.setdefault(path, start)
            self.values.setdefault(path, start)
            path = (*path, index)
        for end in range(1, len(path) + 1):  # implicit parents point at their first header
            self.keys.setdefault(path[:end], start)
            self.values.setdefault(path[:end], start)
        return path

    def _resolve_prefixes(self, parts: list[str]) -> Path:
        # after [[a]], a header [a.b] means the last element of a: a[-1].b
        out: list[str | int] = []
        for i, part in enumerate(parts):
            out.append(part)
            key = tuple(out)
            if i < len(parts) - 1 and key in self._array_tables:
                out.append(self._array_tables[key])
        return tuple(out)

    def _key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self._skip_ws()
            c = self._peek()
            if c in ('"', "'"):
                parts.append(self._string())
            else:
                start = self._i
                while self._peek() in _BARE_KEY_CHARS and self._peek():
                    self._advance()
                parts.append(self._text[start : self._i])
            self._skip_ws()
            if self._peek() == ".":
                self._advance()
                continue
            return parts

    def _key_value(self, table: Path) -> None:
        start = self._pos()
        parts = self._key()
        prefix = table
        for part in parts:
            prefix = (*prefix, part)
            self.keys.setdefault(prefix, start)
        self._skip_ws()
        if self._peek() != "=":
            raise _Stop
        self._advance()
        self._skip_ws()
        self._value(prefix)

    def _value(self, path: Path) -> None:
        self.values[path] = self._pos()
        c = self._peek()
        if c in ('"', "'"):
            self._string()
        elif c == "[":
            self._array(path)
        elif c == "{":
            self._inline_table(path)
        else:
            while self._peek() not in (",", "]", "}", "\n", "#", ""):
                self._advance()

    def _array(self, path: Path) -> None:
        self._advance()
        index = 0
        while True:
            self._skip_ws(newlines=True)
            c = self._peek()
            if c == "]":
                self._advance()
                return
            if c == ",":
                self._advance()
                continue
            if not c:
                raise _Stop
            item = (*path, index)
            self.keys.setdefault(item, self._pos())
            self._value(item)
            index += 1

    def _inline_table(self, path: Path) -> None:
        self._advance()
        while True:
            self._skip_ws(newlines=True)
            c = self._peek()
            if c == "}":
                self._advance()
                return
            if c == ",":
                self._advance()
                continue
            if not c:
                raise _Stop
            self._key_value(path)

    def _string(self) -> str:
        quote = self._peek()
        if self._peek(1) == quote and self._peek(2) == quote:
            self._advance(3)
            start = self._i
            while not (self._peek() == quote and self._peek(1) == quote and self._peek(2) == quote):
                if quote == '"' and self._peek() == "\\":
                    self._advance()
                self._advance()
            end = self._i
            self._advance(3)
            while self._peek() == quote:  # up to two quotes may close the content
                self._advance()
            return self._text[start:end]
        self._advance()
        chars: list[str] = []
        while self._peek() != quote:
            c = self._peek()
            if c in ("\n", ""):
                raise _Stop
            if quote == '"' and c == "\\":
                self._advance()
                c = _ESCAPES.get(self._peek(), self._peek())
            chars.append(c)
            self._advance()
        self._advance()
        return "".join(chars)


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "b": "\b", "f": "\f", "r": "\r"}


class _Stop(Exception):
    """The scanner met something it does not model; stop with what it has."""
