"""Pack data: merging it for steps, and checking it against the schemas of data kinds.

A step reads data by kind with :meth:`prepflow.StepContext.data`:
prepflow's own file of that kind first, then each pinned pack's files in the
plan's order (see :func:`merge_data` for the rule). A plugin registers the
schema of each kind its steps read (:class:`prepflow.DataKind`);
:func:`data_problems` checks a pack's files against them, so that a misspelled
key is a located error naming the pack rather than a ``KeyError`` in a step.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from prepflow import tomlread
from prepflow.datakind import KIND, DataKind
from prepflow.errors import Diagnostic, StepError, toml_error
from prepflow.locate import TomlLocator, path_text
from prepflow.memo import ParsedMemo
from prepflow.pack import PACK_FILE, Pack, shown
from prepflow.tomlread import parse_toml


def _deepcopy(value: Any) -> Any:
    import copy  # only when packs merge data: a run without packs never needs it

    return copy.deepcopy(value)


def merge_data(base: Any, extra: Any) -> Any:
    """Merge ``extra`` (later, wins) into ``base``; neither is modified.

    - tables merge key by key, recursively; the later value wins;
    - arrays whose items are all tables with an ``id`` merge by id: an item
      with a known id replaces that item in place, new ids are appended;
    - other arrays are extended;
    - anything else (or two values of different kinds): the later value wins.
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge_data(out[key], value) if key in out else _deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(extra, list):
        if base and extra and _with_ids(base) and _with_ids(extra):
            merged = list(base)
            index = {item["id"]: i for i, item in enumerate(merged)}
            for item in extra:
                if item["id"] in index:
                    merged[index[item["id"]]] = _deepcopy(item)
                else:
                    index[item["id"]] = len(merged)
                    merged.append(_deepcopy(item))
            return merged
        return [*base, *_deepcopy(extra)]
    return _deepcopy(extra)


def _with_ids(items: list[Any]) -> bool:
    return all(isinstance(item, dict) and "id" in item for item in items)


def first_party_data_file(kind: str) -> Path | None:
    """prepflow's own ``<kind>.toml``, if it exists: in the first-party step package that reads it.

    The ``prepflow_plugins`` package keeps each data file beside the step that
    owns it (``prepflow_plugins/questions/questions.toml``), so the file is
    looked up in each of its packages, in name order (a pack's folder, such as
    the built-in pack's, holds no step data).
    """
    from importlib import resources  # only when a step reads data: it costs a run's start

    try:
        root = resources.files("prepflow_plugins")
    except ModuleNotFoundError:
        return None
    for folder in sorted(root.iterdir(), key=lambda item: item.name):
        candidate = folder.joinpath(f"{kind}.toml")
        if folder.is_dir() and candidate.is_file() and not folder.joinpath(PACK_FILE).is_file():
            return Path(os.fspath(candidate)) if isinstance(candidate, os.PathLike) else None
    return None


_PARSED = ParsedMemo(256)  # sha256 of a data file -> its parsed content


def _read(file: Path, where: str, read_bytes: Callable[[Path], bytes]) -> dict[str, Any]:
    data = read_bytes(file)

    def parse() -> dict[str, Any]:
        try:
            return parse_toml(data.decode("utf-8-sig"))
        except UnicodeDecodeError as e:
            raise StepError(f"{where}: not UTF-8 text (byte {e.start})") from None
        except tomlread.TOMLDecodeError as e:
            raise StepError(str(toml_error(where, e, data.decode("utf-8-sig")))) from None

    doc: dict[str, Any] = _PARSED.get(hashlib.sha256(data).digest(), parse)
    return doc


def merged_data(kind: str, packs: Iterable[Pack], read_bytes: Callable[[Path], bytes]) -> dict[str, Any]:
    """The data of ``kind``: prepflow's own file, then each pack's files in order, merged.

    Every file is read with ``read_bytes`` (a step's ``ctx.read_bytes``), so a
    step reruns when any of them changes. A pack file whose top level has
    ``replace = true`` discards everything merged before it.
    """
    if not isinstance(kind, str) or not KIND.match(kind):
        raise ValueError(f"data kind {kind!r} must be lowercase letters, digits and _, e.g. 'questions'")
    result: dict[str, Any] = {}
    own = first_party_data_file(kind)
    if own is not None:
        result = _read(own, shown(own), read_bytes)
    for pack in packs:
        for file in pack.data.get(kind, ()):
            where = f"pack '{pack.name}': {shown(file)}"
            doc = _read(file, where, read_bytes)
            replace = doc.pop("replace", False)
            if not isinstance(replace, bool):
                raise StepError(f"{where}: replace must be true or false, got {replace!r}")
            result = _deepcopy(doc) if replace else merge_data(result, doc)
    return result


def with_packs(config_digest: str, packs: Sequence[Pack]) -> str:
    """A step's config digest, folding in the plan's packs and their data files.

    Part of the cache key: pinning another pack, or a pack listing another
    data file, reruns the steps (changed file contents are caught by the
    recorded reads). Without packs the digest is unchanged.
    """
    if not packs:
        return config_digest
    signature = json.dumps(
        [config_digest, [[p.name, {k: [os.fspath(f) for f in v] for k, v in p.data.items()}] for p in packs]],
        sort_keys=True,
    )
    return hashlib.sha256(signature.encode()).hexdigest()


# -- checking ---------------------------------------------------------------------------

# (file, size, mtime_ns, id of the schema) -> problems: a plan loaded twice checks each file once
_CHECKED: dict[tuple[str, int, int, int], list[Diagnostic]] = {}


_SCHEMA_PROBLEMS: dict[int, str | None] = {}  # id of a data kind's schema -> why it is invalid


def _broken_schema(kind: DataKind) -> str | None:
    """Why ``kind``'s schema is not a valid JSON Schema (checked once), or None."""
    key = id(kind.schema)
    if key not in _SCHEMA_PROBLEMS:
        from prepflow.schema import check_schema

        problem = check_schema(kind.schema)
        _SCHEMA_PROBLEMS[key] = (
            None
            if problem is None
            else f"cannot be checked: the schema of data kind '{kind.name}' is not a valid JSON Schema "
            f"({problem}); the plugin that registers it must fix it"
        )
    return _SCHEMA_PROBLEMS[key]


def file_problems(file: Path, kind: DataKind | None) -> list[Diagnostic]:
    """Why one data file cannot be read, or breaks ``kind``'s schema (None: only parse it)."""
    where = shown(file)
    try:
        stat = file.stat()
    except OSError as e:
        return [Diagnostic(where, f"cannot read the data file: {e.strerror or e}")]
    key = (os.fspath(file), stat.st_size, stat.st_mtime_ns, id(kind.schema) if kind else 0)
    if key in _CHECKED:
        return _CHECKED[key]
    found: list[Diagnostic] = []
    try:
        text = file.read_bytes().decode("utf-8-sig")
        doc = parse_toml(text)
    except OSError as e:
        found.append(Diagnostic(where, f"cannot read the data file: {e.strerror or e}"))
    except UnicodeDecodeError as e:
        found.append(Diagnostic(where, f"not UTF-8 text (byte {e.start})"))
    except tomlread.TOMLDecodeError as e:
        found.append(toml_error(where, e, text))
    else:
        locator = TomlLocator(text)
        if "replace" in doc and not isinstance(doc["replace"], bool):
            line, column = locator.find(("replace",))
            found.append(Diagnostic(where, "must be true or false", line, column, "replace"))
        broken = _broken_schema(kind) if kind is not None else None
        if broken is not None:
            found.append(Diagnostic(where, broken))
        elif kind is not None:
            from prepflow.schema import problems

            for key_path, message, at_key in problems(doc, kind.schema):
                line, column = locator.find(key_path, key=at_key)
                found.append(Diagnostic(where, message, line, column, path_text(key_path)))
    if len(_CHECKED) >= 1024:
        _CHECKED.clear()
    _CHECKED[key] = found
    return found


def data_problems(pack: Pack, kinds: Mapping[str, DataKind], *, unknown: bool = False) -> list[str]:
    """Every problem of ``pack``'s data files, one line each, naming the pack and the file:line.

    Files of a registered kind are checked against its schema; others are only
    parsed. With ``unknown``, a kind no installed plugin registers is a problem
    too (``prepflow packs`` reports it; a run does not, since the step that
    reads it may simply not be in the plan).
    """
    from prepflow.schema import did_you_mean

    found: list[str] = []
    for kind, files in sorted(pack.data.items()):
        if unknown and kind not in kinds:
            known = ", ".join(sorted(kinds)) or "none"
            found.append(
                f"pack '{pack.name}': {pack.where('data', kind)}: data.{kind}: no installed plugin reads "
                f"data of kind '{kind}'{did_you_mean(kind, kinds)} (kinds: {known})"
            )
        for file in files:
            found.extend(f"pack '{pack.name}': {d}" for d in file_problems(file, kinds.get(kind)))
    return found
