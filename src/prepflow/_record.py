"""Small records with named fields, written by hand: no class-building library on the run path.

A class-building library (attrs, dataclasses) writes each class's methods as
source text and compiles it when the class is defined, which every prepflow
process would pay for each record type it imports, on top of the library's own
import. Here a record class lists its fields in ``_fields`` (and, usually, in
``__slots__``) and writes its ``__init__``; :class:`Fields` gives it a
``repr``, equality by value, :meth:`~Fields.replace` and
:meth:`~Fields.as_dict`; :class:`Record` also makes it immutable and hashable.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

_R = TypeVar("_R", bound="Fields")

_set = object.__setattr__
"""Sets a field of a :class:`Record` from its ``__init__`` (plain assignment raises)."""


def _fill(record: Fields, values: dict[str, Any]) -> None:
    """Set every field of ``record`` from ``values``, its ``__init__``'s ``locals()`` (``_x`` from ``x``)."""
    for name in record._fields:
        _set(record, name, values[name.lstrip("_")])


class FrozenError(AttributeError):
    """Raised on assigning to, or deleting, a field of an immutable record."""


class Fields:
    """A record's ``repr``, equality by value, :meth:`replace` and :meth:`as_dict`, from ``_fields``.

    Instances of a subclass equal one another when their fields are equal;
    ``_no_compare`` fields are left out of the comparison and ``_no_repr``
    fields out of the ``repr``. Mutable, so unhashable: see :class:`Record`.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _no_compare: ClassVar[frozenset[str]] = frozenset()
    _no_repr: ClassVar[frozenset[str]] = frozenset()

    def _compared(self) -> tuple[Any, ...]:
        skip = self._no_compare
        return tuple(getattr(self, name) for name in self._fields if name not in skip)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__: ClassVar[Any] = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name.lstrip('_')}={getattr(self, name)!r}"
            for name in self._fields
            if name not in self._no_repr
        )
        return f"{type(self).__name__}({shown})"

    def as_dict(self) -> dict[str, Any]:
        """The fields by name (their values as they are, not copied)."""
        return {name.lstrip("_"): getattr(self, name) for name in self._fields}

    def replace(self: _R, **changes: Any) -> _R:
        """A copy with ``changes``, built (and checked) like a new instance."""
        return type(self)(**{**self.as_dict(), **changes})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.as_dict()))


class Record(Fields):
    """An immutable :class:`Fields` record, hashable by value. Its ``__init__`` sets fields with ``_set``."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenError(f"cannot set '{name}': a {type(self).__name__} is immutable (use .replace())")

    def __delattr__(self, name: str) -> None:
        raise FrozenError(f"cannot delete '{name}': a {type(self).__name__} is immutable")

    def __hash__(self) -> int:
        return hash((type(self), self._compared()))


class IdentityRecord(Record):
    """A :class:`Record` equal only to itself (and hashed by identity): the plan and its steps."""

    __slots__ = ()
    __eq__ = object.__eq__  # type: ignore[assignment]
    __ne__ = object.__ne__  # type: ignore[assignment]
    __hash__ = object.__hash__  # type: ignore[assignment]


def _rebuild(cls: type[_R], values: dict[str, Any]) -> _R:
    return cls(**values)
