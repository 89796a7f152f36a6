"""TOML parsing for plans, pack manifests and data files: rtoml, with the standard tomllib behind it.

rtoml is compiled (~8x faster), and a run that reads only valid files never
imports tomllib. tomllib stays the reference: whenever rtoml rejects a
document, tomllib parses it again, so its result or its error message (with
line and column) is what users get. Catch ``tomlread.TOMLDecodeError``: the
name imports tomllib only when an error is being handled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tomllib import TOMLDecodeError as TOMLDecodeError


def parse_toml(text: str) -> dict[str, Any]:
    """The document ``text``; a ``TOMLDecodeError`` (tomllib's, located) when it is not valid TOML."""
    try:
        import rtoml
    except ImportError:
        pass
    else:
        try:
            return rtoml.loads(text)  # type: ignore[no-any-return]
        except Exception:
            pass  # tomllib says why, where
    import tomllib

    return tomllib.loads(text)


def __getattr__(name: str) -> Any:
    if name == "TOMLDecodeError":
        import tomllib

        return tomllib.TOMLDecodeError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
