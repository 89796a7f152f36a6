"""The validated plan: plain, immutable data the engine runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from prepflow._record import IdentityRecord, Record, _fill, _set
from prepflow.expressions import Condition


class Input(Record):
    """A named input: ``kind`` is "file", "files" or "value".

    Files are paths relative to the plan's directory (a list for "files", with
    globs expanded and sorted), which is what ``${inputs.NAME}`` gives a step.
    """

    _fields = __slots__ = ("name", "kind", "value")
    name: str
    kind: str
    value: Any

    def __init__(self, name: str, kind: str, value: Any):
        _fill(self, locals())


class Step(IdentityRecord):
    """One step of a plan, as written, with its dependencies worked out."""

    # no __slots__: its fields are its __dict__, written whole, once (one Step per step, per load)
    _fields = (
        "id",
        "uses",
        "config",
        "needs",
        "condition",
        "retries",
        "retry_delay",
        "timeout",
        "continue_on_error",
        "name",
        "has_refs",
        "config_digest",
    )

    id: str
    uses: str
    config: Mapping[str, Any]
    needs: tuple[str, ...]
    """Every step this one waits for: ``needs`` plus steps its references name."""
    condition: Condition | None
    retries: int
    retry_delay: float
    timeout: float | None
    continue_on_error: bool
    name: str | None
    has_refs: bool
    config_digest: str
    """sha256 of the config when it has no references (else computed per run)."""

    def __init__(
        self,
        id: str,
        uses: str,
        config: Mapping[str, Any],
        needs: tuple[str, ...],
        condition: Condition | None = None,
        retries: int = 0,
        retry_delay: float = 1.0,
        timeout: float | None = None,
        continue_on_error: bool = False,
        name: str | None = None,
        has_refs: bool = False,
        config_digest: str = "",
    ):
        _set(
            self,
            "__dict__",
            {
                "id": id,
                "uses": uses,
                "config": config,
                "needs": needs,
                "condition": condition,
                "retries": retries,
                "retry_delay": retry_delay,
                "timeout": timeout,
                "continue_on_error": continue_on_error,
                "name": name,
                "has_refs": has_refs,
                "config_digest": config_digest,
            },
        )

    @property
    def title(self) -> str:
        return self.name or self.id

    @classmethod
    def plain(
        cls,
        id: str,
        uses: str,
        config: Mapping[str, Any],
        needs: tuple[str, ...],
        has_refs: bool,
        config_digest: str,
    ) -> Step:
        """A step with every option at its default: what most plans have, built once per step of a load.

        Positional, in the field order above (keywords cost twice as much); a test holds it to that order.
        """
        step = _new(cls)
        _set(  # as __init__ does, without a call with every field
            step,
            "__dict__",
            {
                "id": id,
                "uses": uses,
                "config": config,
                "needs": needs,
                "condition": None,
                "retries": 0,
                "retry_delay": 1.0,
                "timeout": None,
                "continue_on_error": False,
                "name": None,
                "has_refs": has_refs,
                "config_digest": config_digest,
            },
        )
        return step


_new = object.__new__


class Plan(IdentityRecord):
    """A plan that passed every check. Build it with :func:`prepflow.load_plan`."""

    _fields = __slots__ = (
        "path",
        "name",
        "description",
        "inputs",
        "steps",
        "order",
        "output_dir",
        "formats",
        "plugin_files",
        "digest",
        "packs",
        "checked_configs",
        "memo",
    )

    path: Path
    name: str
    description: str
    inputs: Mapping[str, Input]
    steps: Mapping[str, Step]
    order: tuple[str, ...]
    """Step ids in an order where every step comes after the steps it needs."""
    output_dir: Path
    formats: tuple[str, ...]
    plugin_files: tuple[Path, ...]
    digest: str
    """sha256 of the plan file, recorded with every run."""
    packs: tuple[Any, ...]
    """The workflow packs the plan pins (``packs = [...]``), resolved: ``prepflow.pack.Pack``."""
    checked_configs: tuple[str, ...]
    """Step configs this load found valid that the workspace did not know yet (see ``valid-configs``)."""
    memo: tuple[str, Mapping[str, Any], Sequence[str]] | None
    """For a plan checked in full: its memo key, its tables but ``steps`` and the steps with options,
    which a run keeps in the workspace so that the next load skips the check
    (:mod:`prepflow.planmemo`); else None."""

    def __init__(
        self,
        path: Path,
        name: str,
        description: str,
        inputs: Mapping[str, Input],
        steps: Mapping[str, Step],
        order: tuple[str, ...],
        output_dir: Path,
        formats: tuple[str, ...],
        plugin_files: tuple[Path, ...],
        digest: str,
        packs: tuple[Any, ...] = (),
        checked_configs: tuple[str, ...] = (),
        memo: tuple[str, Mapping[str, Any], Sequence[str]] | None = None,
    ):
        _fill(self, locals())

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def input_values(self) -> dict[str, Any]:
        return {name: item.value for name, item in self.inputs.items()}
