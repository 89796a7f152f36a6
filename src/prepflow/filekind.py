"""What a path is, when it is not a regular file: inputs must be files that end.

Reading ``/dev/zero`` never ends, opening a FIFO waits for a writer forever and a socket
cannot be read at all, so plans, plugin files and step reads refuse anything but a regular
file (a symlink to one is fine) with a message that says what the path is.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def describe_mode(mode: int) -> str | None:
    """What ``mode`` (an ``st_mode``) is, when it is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as a file ("a FIFO (named pipe)", ...), or None when it is a
    regular file or does not exist (the caller reports a missing file in its own words)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return describe_mode(mode)


def open_regular(path: str | os.PathLike[str]) -> int:
    """A file descriptor of ``path``, opened for reading without blocking on a FIFO; raises
    :class:`NotARegularFile` for anything but a regular file (and ``OSError`` as ``os.open``)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        what = describe_mode(os.fstat(fd).st_mode)
        if what is not None:
            raise NotARegularFile(what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class NotARegularFile(OSError):
    """A path that is a device, FIFO, socket or directory; ``str()`` says which."""


def path_options(schema: Any) -> tuple[tuple[str, bool], ...]:
    """The options of a config schema that name files to read (``"format": "path"``), each with
    whether it holds a list of them."""
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    found: list[tuple[str, bool]] = []
    for key, spec in (properties or {}).items():
        if not isinstance(spec, Mapping):
            continue
        items = spec.get("items")
        if spec.get("format") == "path":
            found.append((key, False))
        elif isinstance(items, Mapping) and items.get("format") == "path":
            found.append((key, True))
    return tuple(found)


def unreadable_paths(
    config: Mapping[str, Any], options: tuple[tuple[str, bool], ...], base: Path
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """``(where, message)`` for each literal path in ``config`` (no reference, no URL) that exists
    but is not a regular file."""
    for key, many in options:
        value = config.get(key)
        values = list(enumerate(value)) if many and isinstance(value, list) else [(None, value)]
        for index, item in values:
            if not isinstance(item, str) or not item or "${" in item or "://" in item:
                continue
            what = not_regular(base / item)
            if what is not None:
                where = (key,) if index is None else (key, index)
                yield where, f"'{item}' is {what}, not a regular file; give a file"
