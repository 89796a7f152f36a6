"""The cache index's entries: what a step produced for one cache key, as one line of ``cache.jsonl``.

The index (:class:`prepflow.store.Workspace` reads and appends it) is a log of
one canonical JSON object per line; an entry is written once per step that
runs and read once per line on every rerun, so both ways are made by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow._record import Fields
from prepflow.fileio import canonical_json, quote

__all__ = ["CacheEntry", "CacheKey", "cache_key"]

CacheKey = tuple[Any, ...]
"""What a cached result is filed under: ``(uses, version, config digest, *sorted upstream items)``."""


def cache_key(uses: str, version: str, config: str, upstream: Mapping[str, str]) -> CacheKey:
    """The cache key of a step: its type, the versions, its config's digest and its upstream outputs.

    The parts are kept as they are, not hashed: they are short strings already
    (the config and outputs are digests), a tuple of them is a dict key as good
    as a hash of them, and the index stores them anyway.
    """
    items = upstream.items()
    return (uses, version, config, *(sorted(items) if len(upstream) > 1 else items))


# not frozen: one is made per step that runs and per line of the index
class CacheEntry(Fields):
    """What a step produced for one cache key, and the files it read.

    ``key`` is :func:`cache_key` of the fields after it, and is not written
    out. ``config`` and ``outputs`` are sha256 hex digests, and so are the
    values of ``upstream`` (or a step status when a needed step has no
    outputs): :meth:`line` writes them without JSON escaping, which they never
    need.
    """

    _fields = __slots__ = ("key", "step", "uses", "version", "config", "upstream", "reads", "outputs")
    key: CacheKey
    step: str
    uses: str
    version: str
    config: str
    upstream: Mapping[str, str]
    reads: Mapping[str, tuple[int, int, str]]
    outputs: str

    def __init__(
        self,
        key: CacheKey,
        step: str,
        uses: str,
        version: str,
        config: str,
        upstream: Mapping[str, str],
        reads: Mapping[str, tuple[int, int, str]],
        outputs: str,
    ):
        self.key = key
        self.step = step
        self.uses = uses
        self.version = version
        self.config = config
        self.upstream = upstream
        self.reads = reads
        self.outputs = outputs

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "uses": self.uses,
            "version": self.version,
            "config": self.config,
            "upstream": dict(self.upstream),
            "reads": {k: list(v) for k, v in self.reads.items()},
            "outputs": self.outputs,
        }

    def line(self) -> bytes:
        """``canonical_json(self.to_json())`` plus a newline, built without the generic encoder.

        One is written per step that runs, so it is made by hand: the digests need no escaping.
        """
        upstream = self.upstream
        if len(upstream) == 1:  # the usual case: no sorting, no loop
            ((name, value),) = upstream.items()
            upstream_json = f'{quote(name)}:"{value}"'
        elif upstream:
            upstream_json = ",".join([f'{quote(k)}:"{v}"' for k, v in sorted(upstream.items())])
        else:
            upstream_json = ""
        reads = canonical_json(self.reads).decode() if self.reads else "{}"  # (tuples are arrays)
        return (
            f'{{"config":"{self.config}","outputs":"{self.outputs}",'
            f'"reads":{reads},"step":{quote(self.step)},"upstream":{{{upstream_json}}},'
            f'"uses":{quote(self.uses)},"version":{quote(self.version)}}}\n'
        ).encode()

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> CacheEntry:
        """An entry from its JSON form; KeyError, TypeError or IndexError when it is not one."""
        # once per line of the index: checks by exact type, fields set without __init__'s call
        reads, upstream = item["reads"], item["upstream"]
        uses, version, config = item["uses"], item["version"], item["config"]
        if not (
            type(reads) is dict
            and type(upstream) is dict
            and type(uses) is str
            and type(version) is str
            and type(config) is str
        ):
            raise TypeError("reads and upstream must be objects; uses, version and config strings")
        entry = _new_entry(cls)
        if len(upstream) > 1:  # cache_key(...), inline
            entry.key = (uses, version, config, *sorted(upstream.items()))
        else:
            entry.key = (uses, version, config, *upstream.items())
        entry.step = item["step"]
        entry.uses = uses
        entry.version = version
        entry.config = config
        entry.upstream = upstream
        entry.reads = {k: (v[0], v[1], v[2]) for k, v in reads.items()} if reads else reads
        entry.outputs = item["outputs"]
        return entry


_new_entry = object.__new__
