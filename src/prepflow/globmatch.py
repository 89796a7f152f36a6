"""Whether a glob pattern, as ``glob.glob(pattern, recursive=True)`` reads it, matches a path.

Without touching the disk: ``prepflow validate`` asks it of files a run has not written yet.
"""

from __future__ import annotations

import os
import re


def glob_matches(pattern: str, path: str) -> bool:
    """Whether ``glob.glob(pattern, recursive=True)`` would find ``path`` (both relative, with /)."""
    parts = [p for p in pattern.replace(os.sep, "/").split("/") if p not in ("", ".")]
    if not any(c in pattern for c in "*?["):  # a plain path (the usual input): no pattern to compile
        return path == "/".join(parts)
    regex = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            regex += "(?!\\.)[^/]*(?:/(?!\\.)[^/]*)*" if last else "(?:(?!\\.)[^/]*/)*"
            continue
        regex += ("" if part.startswith(".") else "(?!\\.)") + _segment(part) + ("" if last else "/")
    return re.fullmatch(regex, path) is not None


def _segment(part: str) -> str:
    """One path segment of a glob as a regular expression: * and ? never cross a /."""
    out, i = "", 0
    while i < len(part):
        c = part[i]
        close = part.find("]", i + 2) if c == "[" else -1
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif close != -1:
            body = part[i + 1 : close]
            out += "[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]"
            i = close
        else:
            out += re.escape(c)
        i += 1
    return out
