"""Regular expressions compiled once per machine, the way Python keeps a module's bytecode.

Compiling a pattern runs the ``re`` module's parser and code generator in Python, which costs far
more than most searches with it: the first-party steps compile about 350 patterns (a phrase list
of a vocabulary, a cue table) and in a cold run that was a fifth of all the work. :func:`compile`
returns the same compiled pattern as :func:`re.compile`, but keeps what the code generator made
in a file beside this module's bytecode (``__pycache__/regexstore.<python>-<sre magic>-<byte
order>.marshal``), so the next process hands that code straight to the regular-expression engine,
which checks it before use. The file is named by the Python build, the engine's version and the
machine's byte order; entries are keyed by the pattern's text and flags, each holding the code as
packed 32-bit words (unpacked by :mod:`array` in C: reading a marshalled list of ints cost four
times as much); a missing, unreadable or foreign file or entry only means compiling again. Only
patterns written in code or shipped data go through it, never text from a document.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import marshal
import os
import re
import sys
from array import array
from importlib.util import cache_from_source
from pathlib import Path
from typing import Any

# the engine and the code generator of CPython's re (private; the same calls since 3.7)
_sre: Any = None
_parser: Any = None
_compiler: Any = None
try:
    _sre = importlib.import_module("_sre")
    _parser = importlib.import_module("re._parser")
    _compiler = importlib.import_module("re._compiler")
except ImportError:  # another Python: plain re.compile
    _sre = None
#: The array type code of one word of the engine's code (None: no such type; plain re.compile).
_WORD = next((t for t in ("I", "L") if _sre is not None and array(t).itemsize == _sre.CODESIZE), None)

#: Entries kept in the file at most; past this a process keeps only the patterns it used.
MAX_ENTRIES = 4096

_Key = tuple[str, int]
# what _sre.compile takes after the pattern: flags, code, groups, group index, index group
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

# read from the file on first use; each entry stays marshalled until its pattern is asked for, so a
# process that compiles a handful of patterns does not pay for reading hundreds
_stored: dict[_Key, bytes] | None = None
_used: dict[_Key, bytes] = {}
# what this process compiled, as re keeps its own: a pattern made inside a loop is built once
_compiled: dict[_Key, re.Pattern[str]] = {}
_COMPILED_MAX = 2048
_added = False
# as a plain int: `flags & re.DEBUG` would run the enum module's Python code on every call
_DEBUG = int(re.DEBUG)


def _path() -> Path | None:
    if _sre is None or _WORD is None or sys.implementation.cache_tag is None:
        return None
    try:
        pyc = Path(cache_from_source(__file__))
    except (NotImplementedError, ValueError):
        return None
    return pyc.with_name(f"regexstore.{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.byteorder}.marshal")


def _pack(entry: _Entry) -> bytes:
    flags, code, groups, groupindex, indexgroup = entry
    return marshal.dumps((flags, array(_WORD or "I", code).tobytes(), groups, groupindex, indexgroup))


def _unpack(blob: bytes) -> _Entry:
    flags, code, groups, groupindex, indexgroup = marshal.loads(blob)
    return flags, array(_WORD or "I", code).tolist(), groups, groupindex, indexgroup


def _load() -> dict[_Key, bytes]:
    path = _path()
    if path is None:
        return {}
    try:
        found = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return found if isinstance(found, dict) else {}


def _generate(pattern: str, flags: int) -> _Entry:
    """What ``re.compile`` hands the engine; raises :class:`re.error` as it does."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are an int subclass
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, its code generated once per machine (see the module's doc)."""
    key = (pattern, flags if type(flags) is int else int(flags))
    compiled = _compiled.get(key)
    if compiled is not None:
        return compiled
    flags = key[1]
    if _sre is None or _WORD is None or flags & _DEBUG:
        return re.compile(pattern, flags)
    if len(_compiled) >= _COMPILED_MAX:
        _compiled.clear()
    compiled = _compiled[key] = _compile(key)
    return compiled


def _compile(key: _Key) -> re.Pattern[str]:
    global _stored, _added
    pattern, flags = key
    if _stored is None:
        _stored = _load()
    blob = _stored.get(key)
    if blob is not None:
        try:
            compiled: re.Pattern[str] = _sre.compile(pattern, *_unpack(blob))
        except Exception:  # not an entry, or not code this engine accepts: compile it again
            pass
        else:
            _used[key] = blob
            return compiled
    try:
        entry = _generate(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
    except re.error:
        raise
    except Exception:  # the private calls changed: compile as everyone does
        return re.compile(pattern, flags)
    _used[key] = _stored[key] = _pack(entry)
    _added = True
    return compiled


def save() -> None:
    """Write the patterns this process compiled for the first time (nothing when there were none)."""
    global _added
    path = _path()
    if not _added or path is None or _stored is None or sys.dont_write_bytecode:
        return
    _added = False
    # another process (a run's forked child, say) may have written since this one read the file
    entries: dict[Any, Any] = {**_load(), **_stored}
    if len(entries) > MAX_ENTRIES:
        entries = dict(_used)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError, ValueError):
        data = marshal.dumps(entries)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


atexit.register(save)
