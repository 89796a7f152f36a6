"""The exceptions prepflow raises.

The library raises these; only the CLI turns them into exit codes and one-line
messages. Every message says what is wrong and, where it can, what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from prepflow._record import Record, _fill
from prepflow.lazyre import LazyPattern

if TYPE_CHECKING:
    import tomllib

_AT_END = "(at end of document)"
_TOML_POSITION = LazyPattern(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class PrepflowError(Exception):
    """Base class of every error prepflow reports to a user."""


class Diagnostic(Record):
    """One problem in a file, located as precisely as the file allows."""

    _fields = __slots__ = ("file", "message", "line", "column", "path")
    file: str
    message: str
    line: int | None
    column: int | None
    path: str

    def __init__(
        self, file: str, message: str, line: int | None = None, column: int | None = None, path: str = ""
    ):
        _fill(self, locals())

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = f"{self.path}: " if self.path else ""
        # one line, always: keys and values quoted from the plan may hold line breaks
        return f"{where}: {prefix}{self.message}".translate(_LINE_BREAKS)


_LINE_BREAKS = {c: f"\\u{c:04x}" for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)} | {
    0x0A: "\\n",
    0x0D: "\\r",
}


def toml_error(file: str, error: tomllib.TOMLDecodeError, text: str | None = None) -> Diagnostic:
    """A TOML syntax error (from tomllib) as a located diagnostic.

    tomllib places an error found "at end of document" nowhere; given the
    document's ``text``, it is placed at the end of its last line with content.
    """
    message = str(error)
    line = column = None
    m = _TOML_POSITION.search(message)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        message = message[: m.start()]
    elif message.endswith(_AT_END):
        message = message[: -len(_AT_END)].rstrip() + " at the end of the file"
        if text is not None:
            lines = text.splitlines() or [""]
            line = next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), 1)
            column = len(lines[line - 1]) + 1
    message = f"invalid TOML: {message[0].lower()}{message[1:]}" if message else "invalid TOML"
    return Diagnostic(file, message, line, column)


class PlanError(PrepflowError):
    """A plan is invalid. Carries every problem found, not just the first."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.file, d.line or 0, d.column or 0, d.path))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class PluginError(PrepflowError):
    """A plugin could not be loaded, or registered something invalid."""


class StepError(PrepflowError):
    """Raised by a step's run function to fail with a clean one-line message.

    Any other exception from a step is reported with its type and message;
    a traceback is only shown with ``--debug``.
    """


class StepTimeout(PrepflowError):
    """A step ran longer than its ``timeout``."""


class RunFailed(PrepflowError):
    """A run finished with failed steps."""

    def __init__(self, failed: Iterable[str], message: str):
        self.failed = tuple(failed)
        super().__init__(message)


MESSAGE_LIMIT = 400
"""Characters of a step's error message shown (the rest is cut, and counted)."""


def describe_error(error: BaseException) -> str:
    """A one-line description of a step's failure, even when the exception's ``str()`` raises,
    and at most :data:`MESSAGE_LIMIT` characters of its message."""
    try:
        text = " ".join(str(error).split())
    except Exception as e:  # an exception whose __str__ is broken still names its type
        try:
            inner = type(e).__name__
        except Exception:
            inner = "an error"
        text = f"(its message could not be shown: {inner} in {type(error).__name__}.__str__)"
        return f"{type(error).__name__} {text}"
    if len(text) > MESSAGE_LIMIT:  # a message the size of a file would flood the terminal and the record
        text = f"{text[: MESSAGE_LIMIT - 40].rstrip()}… (cut; {len(text):,} characters in all)"
    if isinstance(error, PrepflowError):
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
