"""Writing files so that a kill, a full disk or a read-only folder never leaves a part, or a riddle.

:func:`atomic_write` writes beside the target (or in a given scratch folder on
the same file system) and renames into place, so readers see the old file or
the new one. Every failure to write becomes a :class:`WriteError` naming the
file or folder the user knows, never the temporary file, and saying what to do.
:func:`canonical_json` and :func:`read_jsonl` are the byte forms that prepflow's
records and artifacts are written and read in.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# JSON string quoting without json.dumps' per-call set-up: these lines are written once per step
from json.encoder import encode_basestring as quote  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from prepflow.errors import PrepflowError

__all__ = [
    "SMALL",
    "TMP_SUFFIX",
    "WriteError",
    "atomic_write",
    "canonical_json",
    "quote",
    "read_jsonl",
    "small_sha256",
    "write_error",
    "writing",
]

TMP_SUFFIX = ".tmp"
"""The suffix of :func:`atomic_write`'s temporary files (``.NAME.PID-THREAD.tmp``)."""

_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM}


class WriteError(PrepflowError):
    """prepflow could not write a file: the disk is full, the folder is read-only, ...

    ``path`` is the file (or folder) the user knows; ``reason`` the system's
    word for the problem (``errno`` its number, when there is one).
    """

    def __init__(self, message: str, path: str, reason: str, errno_: int | None = None):
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.errno = errno_


def write_error(error: OSError, path: Path | str, *, advice: str = "") -> WriteError:
    """``error``, raised while writing ``path``, as a message naming ``path`` and what to do.

    A full disk names the file; a read-only or forbidden folder names the
    folder (the temporary file the system tried to create never existed).
    ``advice`` replaces the generic advice for a folder that cannot be written.
    """
    if isinstance(error, WriteError):
        return error
    path = os.fspath(path)
    folder, name = os.path.dirname(path) or ".", os.path.basename(path)
    while not os.path.isdir(folder) and os.path.dirname(folder) not in ("", folder):
        # a folder to be made inside one that cannot be written: name the one that exists
        folder, name = os.path.dirname(folder), os.path.basename(folder)
    code = error.errno
    reason = (error.strerror or str(error)).lower()
    if code in _FULL:
        message = f"{path}: cannot write it: the disk is full ({reason}); free some space, then run again"
    elif code == errno.EROFS or code in _DENIED:
        what = "the file system is read-only" if code == errno.EROFS else "permission denied"
        message = f"{folder}: cannot write {name or 'there'} in this folder: {what}; " + (
            advice or "make the folder writable, or work in one that is"
        )
    else:
        message = f"{path}: cannot write it: {reason}"
    return WriteError(message, path, reason, code)


@contextmanager
def writing(path: Path | str, *, advice: str = "") -> Iterator[None]:
    """Turn an OSError raised inside the block into a :class:`WriteError` about ``path``."""
    try:
        yield
    except WriteError:
        raise
    except OSError as e:
        raise write_error(e, path, advice=advice) from e


def atomic_write(
    path: Path | str, data: bytes, *, made_dir: bool = False, tmp_dir: str | None = None, advice: str = ""
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    The data goes to a temporary file, named for this process and thread (so no
    two writers share one), which then replaces ``path``. It sits beside
    ``path``, or in ``tmp_dir``, a folder on the same file system that its
    owner clears of the leftovers of killed writers (see
    :meth:`prepflow.store.Workspace.lock`). ``made_dir``: the caller knows the
    folders exist. A failure is a :class:`WriteError` naming ``path``.
    """
    path = os.fspath(path)
    folder, _, name = path.rpartition("/")
    try:
        if not made_dir:
            os.makedirs(folder or ".", exist_ok=True)
        tmp = f"{tmp_dir}/" if tmp_dir else f"{folder}/" if folder else ""
        tmp += f".{name}.{os.getpid()}-{threading.get_ident()}{TMP_SUFFIX}"
        try:
            fd = os.open(tmp, _WRITE, 0o666)  # the mode open() gives: 0666 minus the umask
        except FileExistsError:  # left by a process killed while writing, whose pid came back
            os.unlink(tmp)
            fd = os.open(tmp, _WRITE, 0o666)
    except OSError as e:
        raise write_error(e, path, advice=advice) from e
    write_and_replace(fd, tmp, path, data, advice=advice)


def write_and_replace(fd: int, tmp: str, path: str, data: bytes, *, advice: str = "") -> None:
    """The second half of :func:`atomic_write`: ``data`` written whole to the open temporary
    file ``fd`` (at ``tmp``), which then replaces ``path``; a failure removes it and is a
    :class:`WriteError` naming ``path``."""
    try:
        try:
            written = os.write(fd, data)
            if written < len(data):  # a short write: write the rest
                view = memoryview(data)[written:]
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise write_error(e, path, advice=advice) from e
        raise


try:  # CPython's own SHA-256: for a few hundred bytes, cheaper than OpenSSL's set-up for each digest
    from _sha256 import sha256 as _builtin_sha256  # type: ignore[import-not-found]
except ImportError:  # a Python built without it
    _builtin_sha256 = hashlib.sha256

SMALL = 4096
"""Up to this many bytes, :data:`small_sha256` is the cheaper SHA-256; beyond, OpenSSL's is faster."""

small_sha256: Any = _builtin_sha256
"""SHA-256 for data of at most :data:`SMALL` bytes (a config, most outputs): the same digest as
``hashlib.sha256`` by definition; callers pick it inline, ``(small_sha256 if len(data) <= SMALL else
hashlib.sha256)(data)``, as they run once per step."""


def _not_json(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# json.dumps builds a new encoder on every call (about 4 µs); this runs several times per step,
# so make CPython's C encoder once: sorted keys, no spaces, UTF-8 kept, NaN refused
_encode = (
    json.encoder.c_make_encoder(None, _not_json, quote, None, ":", ",", True, False, False)  # type: ignore[attr-defined]
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else None
)


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value that its digest is taken of."""
    if _encode is None:
        return json.dumps(
            value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode()
    return "".join(_encode(value, 0)).encode()


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Objects from a JSON-lines file, skipping a torn or garbled line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    data = data[: data.rfind(b"\n") + 1]  # a last line without its newline: a write cut short
    if not data:
        return
    try:  # one parse for the whole file: much cheaper than a json.loads per line
        items = json.loads(b"[" + data.rstrip(b"\n").replace(b"\n", b",") + b"]")
    except ValueError:  # a garbled line somewhere: fall back to line by line
        items = []
        for line in data.splitlines():
            try:
                items.append(json.loads(line))
            except ValueError:
                continue
    yield from (item for item in items if isinstance(item, dict))
