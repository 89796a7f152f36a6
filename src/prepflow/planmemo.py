"""A memo of checked plans: a rerun of an unchanged plan skips parsing and checking its steps.

Loading a plan parses its TOML and checks every step (its type, its ``with``
table against the type's schema, its needs and references, the contracts
between steps, the order). None of that depends on anything but the plan's
text, the installed plugins and prepflow itself. So once a plan has run, the
workspace keeps what the check built (``.prepflow/plans/<plan file name>.memo``):
the steps, their order and the plan's other tables, under a key made of the
plan text's digest, prepflow's version and every registered step type (its
plugins, versions and schemas). A later load of the same text with the same
plugins rebuilds the steps from it and redoes only what depends on the file
system: the plan's inputs, its packs, paths named in configs, the output folder.

Any change to the text or the plugins changes the key, and the plan is
checked in full again. A memo that is missing, torn or not what this module
writes is ignored. Plans that load plugin files of their own (``plugins =
[...]``) are always checked in full. The memo is written with the workspace
lock held, atomically, like every other workspace file.

The memo is in :mod:`marshal`'s form, which this Python writes and reads five
to six times faster than JSON (a first run writes the memo, each rerun reads
it: per step, that was a fifth of a cached rerun). Its first line names the
format, the Python and marshal's version, the payload's length and CRC-32, so
a memo from another Python, or damaged, is never unmarshalled: it is ignored
like any other unsound memo.
"""

from __future__ import annotations

import binascii
import hashlib
import marshal
import os
import sys
from collections.abc import Collection, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from prepflow._version import __version__
from prepflow.expressions import Condition
from prepflow.fileio import atomic_write, canonical_json
from prepflow.model import Step
from prepflow.plan_values import per_step_type
from prepflow.plugins import Plugins
from prepflow.steptype import StepType

FORMAT = 2
"""The memo's layout; part of its key, so a prepflow that writes another layout ignores this one."""

_MAGIC = (
    f"prepflow-plan-memo {FORMAT} python {sys.version_info[0]}.{sys.version_info[1]} "
    f"marshal {marshal.version}"
).encode()
"""The start of a memo's first line: a memo another Python or marshal wrote is not read."""

MEMO_DIR = "plans"

_schema_keys: dict[int, tuple[StepType, Any]] = {}


def memo_path(plan_path: Path) -> Path:
    """Where the memo of the plan at ``plan_path`` lives (in the workspace beside it)."""
    from prepflow.store import WORKSPACE_DIR

    return plan_path.parent / WORKSPACE_DIR / MEMO_DIR / f"{plan_path.name}.memo"


def _type_key(step_type: StepType) -> str:
    parts = [step_type.config_schema, step_type.output_schema, step_type.consumes]
    return hashlib.sha256(canonical_json(parts)).hexdigest()


def key(text_digest: str, plugins: Plugins) -> str:
    """The memo key of a plan text (its sha256) checked against ``plugins`` by this prepflow."""
    parts = [f"prepflow-plan-memo {FORMAT} {__version__}", text_digest]
    parts.extend(f"{name}={version}" for name, version in plugins.versions().items())
    for name, step_type in sorted(plugins.step_types.items()):
        owners = ",".join(plugins.owners(name))
        schemas = per_step_type(_schema_keys, step_type, _type_key)
        parts.append(f"{name} {plugins.code_version(step_type)} {owners} {schemas}")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def write(
    plan_path: Path,
    memo_key: str,
    doc: Mapping[str, Any],
    optioned: Collection[str],
    steps: Mapping[str, Step],
    order: tuple[str, ...],
    tmp_dir: str | None,
) -> None:
    """Keep what a full check of the plan built, under ``memo_key``; ``doc`` is the plan without its
    steps, ``optioned`` the steps with options (``if``, ``retries``, ...), the others having none.

    The steps are kept by column, each encoded in one call: this runs once per step of a first run.
    Configs keep their keys' order (a step sees its ``with`` table as the full check gave it).
    """
    values = steps.values()
    options = {}
    for sid in optioned:
        s = steps[sid]
        condition = None if s.condition is None else s.condition.source
        options[sid] = [condition, s.retries, s.retry_delay, s.timeout, s.continue_on_error, s.name]
    memo = {
        "key": memo_key,
        "doc": doc,
        "order": order,
        "ids": list(steps),
        "uses": [s.uses for s in values],
        "configs": [s.config for s in values],
        "needs": [s.needs for s in values],  # tuples: marshal keeps them
        "refs": [s.has_refs for s in values],
        "digests": [s.config_digest for s in values],
        "options": options,
    }
    try:
        data = encode(memo)
    except ValueError:  # a value marshal cannot hold (a TOML date in an input): no memo
        return
    path = memo_path(plan_path)
    try:
        os.makedirs(path.parent, exist_ok=True)
        atomic_write(path, data, made_dir=True, tmp_dir=tmp_dir)
    except OSError:
        return  # only a memo: the next load checks the plan in full


class Saved:
    """A memo read back: its key, the plan's tables but its steps, and the steps, in order."""

    __slots__ = ("doc", "key", "order", "steps")

    def __init__(self, key: str, doc: dict[str, Any], steps: dict[str, Step], order: tuple[str, ...]):
        self.key = key
        self.doc = doc
        self.steps = steps
        self.order = order


def read(plan_path: Path) -> Saved | None:
    """The memo kept for the plan at ``plan_path``; None when there is none, or it is not a sound one."""
    try:
        data = memo_path(plan_path).read_bytes()
    except OSError:
        return None
    try:
        return _rebuild(decode(data))
    except Exception:  # not what write() wrote (edited, or from another prepflow): only a memo
        return None


def encode(memo: dict[str, Any]) -> bytes:
    """A memo's bytes: its first line (the format, the payload's length and CRC-32), then the payload.

    ValueError when it holds a value marshal cannot write.
    """
    payload = marshal.dumps(memo)
    return b"%s %d %08x\n%s" % (_MAGIC, len(payload), binascii.crc32(payload), payload)


def decode(data: bytes) -> Any:
    """What :func:`encode` was given; ValueError when ``data`` is not a sound memo of this Python."""
    line, _, payload = data.partition(b"\n")
    magic, _, sizes = line.rpartition(b" ")
    magic, _, size = magic.rpartition(b" ")
    if magic != _MAGIC or size != b"%d" % len(payload) or sizes != b"%08x" % binascii.crc32(payload):
        raise ValueError("not a plan memo this Python wrote, or a damaged one")
    return marshal.loads(payload)


def _rebuild(item: Any) -> Saved | None:
    memo_key, doc, order, ids = item["key"], item["doc"], item["order"], item["ids"]
    if not (isinstance(memo_key, str) and isinstance(doc, dict) and isinstance(order, tuple)):
        return None
    columns = [ids, item["uses"], item["configs"], item["needs"], item["refs"], item["digests"]]
    if any(not isinstance(c, list) or len(c) != len(ids) for c in columns):
        return None
    uses, configs, needs, refs, digests = columns[1:]
    # each column checked whole, in C: this runs once per step of a rerun
    if not (
        set(map(type, chain(ids, uses, digests))) <= {str}
        and set(map(type, configs)) <= {dict}
        and set(map(type, needs)) <= {tuple}
        and set(map(type, chain.from_iterable(needs))) <= {str}
        and set(map(type, refs)) <= {bool}
    ):
        return None
    steps = dict(zip(ids, map(Step.plain, ids, uses, configs, needs, refs, digests), strict=True))
    for sid, (condition, retries, retry_delay, timeout, continue_on_error, name) in item["options"].items():
        step = steps[sid]
        steps[sid] = Step(
            sid,
            step.uses,
            step.config,
            step.needs,
            condition=None if condition is None else Condition(condition),
            retries=retries,
            retry_delay=retry_delay,
            timeout=timeout,
            continue_on_error=continue_on_error,
            name=name,
            has_refs=step.has_refs,
            config_digest=step.config_digest,
        )
    # every need a step of the plan, every step once in the order, after its needs
    placed: set[str] = set()
    for sid in order:
        found = steps.get(sid)
        if found is None or sid in placed or not placed.issuperset(found.needs):
            return None
        placed.add(sid)
    if len(placed) != len(steps):
        return None
    return Saved(memo_key, doc, steps, order)


def unreadable_paths(
    steps: Mapping[str, Step], plugins: Plugins, base: Path
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """What the full check says of paths in configs that exist but are not regular files (the file
    system may have changed since the memo was kept)."""
    from prepflow import filekind

    step_types = plugins.step_types
    options = {
        uses: filekind.path_options(step_types[uses].config_schema)
        for uses in {s.uses for s in steps.values()}
    }
    if not any(options.values()):
        return
    for sid, step in steps.items():
        keys = options[step.uses]
        if keys:
            for where, message in filekind.unreadable_paths(step.config, keys, base):
                yield ("steps", sid, "with", *where), message
