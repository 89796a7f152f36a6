"""The workspace beside a plan (``.prepflow/``): artifacts, the cache index, a lock.

Crash safety, including ``kill -9`` at any moment, rests on three rules:

* artifacts are written to a temporary file and renamed into place, and are
  named by the sha256 of their content, which is checked again on read, so a
  truncated artifact can never pass for a valid one;
* the cache index is an append-only log of one JSON object per line (an entry:
  :mod:`prepflow.cacheindex`), written
  after the artifact it names; a torn last line is ignored on load;
* a run holds an advisory lock, which the kernel drops when the process that took it dies.

Every file the workspace writes whole is made in ``tmp/`` and renamed into
place, so the leftovers of a killed writer are all in one folder, which the
next run empties as soon as it holds the lock (nothing else can be writing then).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from prepflow.cacheindex import CacheEntry, CacheKey, cache_key

# the byte forms and safe writes live in prepflow.fileio; they are named here too, as before
from prepflow.fileio import (
    SMALL,
    TMP_SUFFIX,
    atomic_write,
    canonical_json,
    quote,
    read_jsonl,
    small_sha256,
    write_and_replace,
    write_error,
    writing,
)

__all__ = [
    "WORKSPACE_DIR",
    "CacheEntry",
    "CacheKey",
    "Workspace",
    "atomic_write",
    "cache_key",
    "canonical_json",
    "known_valid_configs",
    "quote",
    "read_jsonl",
]

WORKSPACE_DIR = ".prepflow"
TMP_DIR = "tmp"
"""The workspace's scratch folder: every file it writes is made there, then renamed into place."""

_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


VALID_CONFIGS = "valid-configs"
VALID_CONFIGS_LIMIT = 10_000
"""Keys (65 bytes a line) the valid-configs memo holds before it starts again."""


def known_valid_configs(plan_dir: Path) -> frozenset[str]:
    """Keys of step configs found valid before (each one a digest of the config and its schema)."""
    try:
        text = (plan_dir / WORKSPACE_DIR / VALID_CONFIGS).read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    # a line cut short by a crash is shorter than a digest and matches nothing
    return frozenset(line for line in text.split("\n") if len(line) == 64)


class Workspace:
    """The ``.prepflow`` folder of one plan directory."""

    def __init__(self, root: Path):
        self.root = root
        self.objects = root / "objects"
        self._objects = os.fspath(self.objects)
        self._folders: dict[str, bool] = {}  # folders of objects/ known to exist: whether this run made them
        self.runs = root / "runs"
        self.tmp = root / TMP_DIR
        self._tmp = os.fspath(self.tmp)
        self._index_path = root / "cache.jsonl"
        self._by_key: dict[CacheKey, CacheEntry] | None = None
        self._by_step: dict[str, CacheEntry] = {}
        self._index: IO[bytes] | None = None
        self._locked = False
        self._known: set[str] = set()
        self._loaded: dict[str, Any] = {}
        self._raw: dict[str, bytes] = {}  # checked artifacts not parsed yet
        self._damaged: set[str] = set()  # artifacts whose content is not their digest's
        self._index_lines = 0

    @classmethod
    def beside(cls, plan_path: Path) -> Workspace:
        return cls(plan_path.parent / WORKSPACE_DIR)

    # -- lock --------------------------------------------------------------

    def lock(self) -> None:
        """Hold the workspace for this process; fail clearly if another run holds it (see prepflow.wslock)."""
        from prepflow import wslock

        with writing(self.root / "lock"):
            wslock.acquire(self.root)
        self._locked = True
        self._clear_tmp()

    def _clear_tmp(self) -> None:
        """Empty ``tmp/`` of what killed writers left; only the lock's holder may (no one else writes)."""
        try:
            leftovers = [entry.path for entry in os.scandir(self._tmp)]
        except FileNotFoundError:
            with writing(self.tmp):
                os.mkdir(self._tmp)
            return
        for path in leftovers:
            try:
                os.unlink(path)
            except IsADirectoryError:
                import shutil

                shutil.rmtree(path, ignore_errors=True)
            except OSError:
                continue

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        if self._locked:
            from prepflow import wslock

            wslock.release(self.root)
            self._locked = False

    # -- artifacts ---------------------------------------------------------

    def scratch(self) -> str | None:
        """Where to make files before renaming them into place: ``tmp/`` once the lock made it."""
        return self._tmp if self._locked else None

    def put(self, data: bytes, value: Any = None) -> str:
        """Store an artifact; return its digest. Identical content is stored once.

        ``value``, when given, is ``data`` parsed: kept so that reading it back costs nothing.
        """
        digest = (small_sha256 if len(data) <= SMALL else hashlib.sha256)(data).hexdigest()
        if digest not in self._known:
            folder = digest[:2]
            path = f"{self._objects}/{folder}/{digest[2:]}.json"
            fresh = self._folders.get(folder)
            if fresh is None:
                fresh = self._folders[folder] = self._make_folder(folder, path)
            # in a folder this run made, holding the lock, there is nothing it did not write itself;
            # a damaged artifact found on reading is written again, not left to fail every check
            if fresh or digest in self._damaged or not os.path.exists(path):
                self._write_object(path, f"{digest[2:]}.json", data)
            self._known.add(digest)
        if value is not None:
            self._loaded[digest] = value
        return digest

    def _read(self, digest: str) -> bytes | None:
        """The bytes of the artifact with ``digest``; None when missing or damaged."""
        try:  # os-level calls: no file object to build, once per cached step
            fd = os.open(f"{self._objects}/{digest[:2]}/{digest[2:]}.json", _READ)
        except OSError:
            return None
        try:
            data = os.read(fd, _CHUNK)
            if len(data) == _CHUNK:  # a large artifact: read the rest
                chunks = [data]
                while chunk := os.read(fd, _CHUNK):
                    chunks.append(chunk)
                data = b"".join(chunks)
        except OSError:
            return None
        finally:
            os.close(fd)
        if (small_sha256 if len(data) <= SMALL else hashlib.sha256)(data).hexdigest() == digest:
            return data
        self._damaged.add(digest)
        return None

    def _make_folder(self, folder: str, path: str) -> bool:
        """Make the folder of ``objects/`` an artifact goes in; whether this run made it, under the lock."""
        made = f"{self._objects}/{folder}"
        try:  # (not `with writing(...)`: a try costs nothing, and this runs once per step)
            try:
                os.mkdir(made)
            except FileNotFoundError:  # no objects/ yet
                os.makedirs(made, exist_ok=True)
        except FileExistsError:
            return False
        except OSError as e:
            raise write_error(e, path) from e
        return self._locked

    def _write_object(self, path: str, name: str, data: bytes) -> None:
        """:func:`atomic_write` of an artifact, with fewer steps: it runs once per step that runs.

        The same rules: a temporary file of this process and thread, in ``tmp/`` once the lock
        made it (else beside the artifact), written whole, then renamed into place; a failure
        removes it and is a :class:`WriteError` naming the artifact.
        """
        if not self._locked:
            atomic_write(path, data, made_dir=True)
            return
        tmp = f"{self._tmp}/.{name}.{os.getpid()}-{threading.get_ident()}{TMP_SUFFIX}"
        try:
            fd = os.open(tmp, _WRITE, 0o666)  # the mode open() gives: 0666 minus the umask
        except FileExistsError:  # left by a process killed while writing, whose pid came back
            atomic_write(path, data, made_dir=True, tmp_dir=self._tmp)
            return
        except OSError as e:
            raise write_error(e, path) from e
        write_and_replace(fd, tmp, path, data)

    def intact(self, digest: str) -> bool:
        """Whether the artifact with ``digest`` is there, undamaged (it is parsed only when read)."""
        if digest in self._loaded or digest in self._raw:
            return True
        data = self._read(digest)
        if data is None:
            return False
        self._raw[digest] = data
        self._known.add(digest)
        return True

    def get(self, digest: str) -> Any:
        """The artifact with ``digest``, parsed; None when missing or damaged."""
        if digest in self._loaded:
            return self._loaded[digest]
        data = self._raw.pop(digest, None) or self._read(digest)
        if data is None:
            return None
        try:
            value = json.loads(data.decode())  # canonical JSON is UTF-8: skip detecting the encoding
        except ValueError:  # only if someone wrote a digest-matching non-JSON file there
            return None
        self._loaded[digest] = value
        self._known.add(digest)
        return value

    # -- step configs known to be valid -------------------------------------

    def remember_valid(self, keys: Iterator[str] | tuple[str, ...]) -> None:
        """Record configs found valid, so later loads can skip validating them again.

        The file is only a memo: once it holds :data:`VALID_CONFIGS_LIMIT`
        keys it starts again from these, and forgotten configs are simply checked again.
        """
        lines = "".join(f"{key}\n" for key in keys)
        if lines:
            self.root.mkdir(parents=True, exist_ok=True)
            path = self.root / VALID_CONFIGS
            try:
                full = path.stat().st_size >= VALID_CONFIGS_LIMIT * 65
            except FileNotFoundError:
                full = False
            if full:
                atomic_write(path, lines.encode("ascii"), tmp_dir=self.scratch())
                return
            with writing(path), open(path, "a", encoding="ascii") as f:
                f.write(lines)

    # -- cache index -------------------------------------------------------

    def _load_index(self) -> dict[CacheKey, CacheEntry]:
        if self._by_key is None:
            by_key: dict[CacheKey, CacheEntry] = {}
            by_step = self._by_step
            from_json = CacheEntry.from_json
            lines = 0
            for item in read_jsonl(self._index_path):
                try:
                    entry = from_json(item)
                    by_key[entry.key] = entry  # TypeError: an upstream value that is not a string
                except (KeyError, TypeError, IndexError):
                    continue
                lines += 1
                by_step[entry.step] = entry
            self._index_lines += lines
            self._by_key = by_key
        return self._by_key

    def lookup(self, key: CacheKey) -> CacheEntry | None:
        index = self._by_key if self._by_key is not None else self._load_index()
        return index.get(key)

    def last(self, step: str) -> CacheEntry | None:
        """The newest entry for a step (plan name + id), to explain what changed."""
        if self._by_key is None:
            self._load_index()
        return self._by_step.get(step)

    def record(self, entry: CacheEntry) -> None:
        """Append an entry to the index; its artifact must already be stored."""
        index = self._by_key if self._by_key is not None else self._load_index()
        if self._index is None:
            self.root.mkdir(parents=True, exist_ok=True)
            self._compact_if_large(index)
            with writing(self._index_path):
                self._index = open(self._index_path, "ab", buffering=0)
        try:  # once per step: a try costs nothing where `with writing(...)` would
            self._index.write(entry.line())
        except OSError as e:
            raise write_error(e, self._index_path) from e
        index[entry.key] = entry
        self._by_step[entry.step] = entry

    def _compact_if_large(self, index: dict[CacheKey, CacheEntry]) -> None:
        # rewrite the log when most of its lines are superseded
        if self._index_lines > 1000 and self._index_lines > 4 * len(index):
            data = b"".join(e.line() for e in index.values())
            atomic_write(self._index_path, data, tmp_dir=self.scratch())
            self._index_lines = len(index)
