"""A memo of parsed files, keyed by their content, that hands every caller its own copy.

Steps of one process often parse the same bytes (a posting read by three
steps, a data file merged for each step that reads it). :class:`ParsedMemo`
keeps the last few parsed values by a key that includes the content's digest,
and :meth:`ParsedMemo.get` returns a fresh copy each time (:func:`thaw`), so a
step that edits what it got never changes what another step gets.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

_LEAVES = (str, int, float, bool, bytes, type(None))


def thaw(value: Any) -> Any:
    """A copy of JSON- or TOML-like data: new dicts and lists, immutable leaves shared, the rest copied."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [thaw(v) for v in value]
    if isinstance(value, _LEAVES):
        return value
    import copy  # only for a value that is not JSON- or TOML-like data

    return copy.deepcopy(value)


class ParsedMemo:
    """At most ``size`` parsed values by key, the least recently used dropped first.

    Make the key from the content's digest (``hashlib.sha256(data).digest()``)
    and whatever else the parse depends on (a file name that picks the format)::

        _MEMO = prepflow.ParsedMemo(32)

        def load(ctx, name):
            data = ctx.read_bytes(name)  # still read through ctx: the cache sees the file
            return _MEMO.get((hashlib.sha256(data).digest(), name), lambda: parse(data))
    """

    def __init__(self, size: int):
        if size < 1:
            raise ValueError(f"a memo keeps at least one value, got size {size}")
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, parse: Callable[[], Any]) -> Any:
        """A copy of the value kept for ``key``, else of ``parse()`` (then kept); its errors pass through."""
        values = self._values
        found = values.get(key)
        if found is None:
            found = values[key] = parse()
            while len(values) > self.size:
                values.popitem(last=False)
        else:
            values.move_to_end(key)
        return thaw(found)

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        self._values.clear()
