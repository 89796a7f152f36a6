"""What a plugin registers: a step type, and the context its run function receives."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepflow._record import Record, _fill
from prepflow.errors import StepError
from prepflow.importstring import IMPORT_STRING, resolve
from prepflow.lazyre import LazyPattern

if TYPE_CHECKING:
    import logging

STEP_TYPE_NAME = LazyPattern(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

ANY_OUTPUTS: Mapping[str, Any] = {"type": "object"}
"""The default output schema: any mapping of output names to JSON values."""
_NO_CONFIG: Mapping[str, Any] = {"type": "object", "additionalProperties": False}


def _check_name(value: str) -> None:
    if not isinstance(value, str) or not STEP_TYPE_NAME.match(value):
        raise ValueError(f"step type name {value!r} must be namespaced lowercase words, e.g. 'job.analyze'")


def _check_run(value: Any) -> None:
    if isinstance(value, str):
        if not IMPORT_STRING.match(value):
            raise ValueError(
                f"step type 'run' string {value!r} must be an import string 'module:function', "
                "e.g. 'my_plugin.rules:run'"
            )
    elif not callable(value):
        raise TypeError(f"step type 'run' must be callable or an import string, got {type(value).__name__}")


def _check_schema(name: str, value: Any) -> None:
    if not isinstance(value, Mapping) or value.get("type", "object") != "object":
        raise ValueError(f"{name} must be a JSON Schema of an object (type: object)")


def _consumes(value: Any) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise TypeError("consumes must map producer step type names to lists of output keys")
    out: dict[str, tuple[str, ...]] = {}
    for producer, keys in value.items():
        if not isinstance(producer, str) or not STEP_TYPE_NAME.match(producer):
            raise ValueError(f"consumes: {producer!r} is not a step type name, e.g. 'job.analyze'")
        if isinstance(keys, str) or not all(isinstance(k, str) and k for k in keys):
            raise ValueError(f"consumes['{producer}'] must be a list of output keys, e.g. ['requirements']")
        out[producer] = tuple(keys)
    return out


class StepType(Record):
    """A kind of step a plan can use, e.g. ``job.analyze``.

    ``run(ctx)`` receives a :class:`StepContext` and returns a JSON-serialisable
    mapping of outputs. ``run`` may also be an import string,
    ``"package.module:function"``: the module is imported only when a step of
    this type first runs (then kept), so that loading the plugin stays cheap.
    ``config_schema`` is the JSON Schema of the step's ``with`` table; mark
    file options with ``"format": "path"`` so that ``prepflow steps`` can say
    what the step reads. ``output_schema`` describes
    the outputs; plans may only refer to the outputs it names, unless it allows
    additional properties; the engine checks every step's outputs against it.
    ``consumes`` maps producer step types to the output keys this step reads
    from them (``{"job.analyze": ["requirements", "role.text"]}``): ``prepflow
    validate`` reports a plan whose step needs no such producer, or whose
    producer's output schema cannot give a key. Bump ``version`` whenever the
    same inputs would give different outputs: cached results of older versions
    are then rerun.
    """

    _fields = __slots__ = (
        "name",
        "run",
        "summary",
        "version",
        "config_schema",
        "output_schema",
        "description",
        "consumes",
    )
    name: str
    run: Callable[[StepContext], Mapping[str, Any]] | str
    summary: str
    version: str
    config_schema: Mapping[str, Any]
    output_schema: Mapping[str, Any]
    description: str
    consumes: Mapping[str, tuple[str, ...]]

    def __init__(
        self,
        name: str,
        run: Callable[[StepContext], Mapping[str, Any]] | str,
        summary: str,
        version: Any = "1",
        config_schema: Mapping[str, Any] = _NO_CONFIG,
        output_schema: Mapping[str, Any] = ANY_OUTPUTS,
        description: str = "",
        consumes: Mapping[str, Sequence[str]] | None = None,
    ):
        _check_name(name)
        _check_run(run)
        if not isinstance(summary, str):
            raise TypeError(f"step type summary must be a string, got {type(summary).__name__}")
        _check_schema("config_schema", config_schema)
        _check_schema("output_schema", output_schema)
        version = str(version)
        consumes = _consumes({} if consumes is None else consumes)
        _fill(self, locals())

    def function(self) -> Callable[[StepContext], Mapping[str, Any]]:
        """The run function: ``run`` itself, or the function its import string names (imported once).

        An import string whose module cannot be imported, or which names no
        attribute of it, is a :class:`StepError` naming the step type and the string.
        """
        if not isinstance(self.run, str):
            return self.run
        return resolve(f"step type '{self.name}'", self.run, StepError)

    def declared_outputs(self) -> Mapping[str, Any] | None:
        """The named outputs, or None when any output name may appear."""
        if self.output_schema.get("additionalProperties", True) is not False:
            return None
        return dict(self.output_schema.get("properties", {}))


class StepContext:
    """Everything a step's run function may use.

    Attributes:
        step_id: the step's id in the plan.
        config: its ``with`` table, with every ``${...}`` resolved.
        needs: outputs of the steps it needs, keyed by step id.
        inputs: the plan's inputs; file inputs are paths relative to ``base_dir``.
        base_dir: the directory relative paths are resolved against (the plan's).
        log: a logger named ``prepflow.step.<id>``.
        attempt: 1 for the first try, 2 for the first retry, ...
        packs: the workflow packs the plan pins; :meth:`data` merges their data.
    """

    def __init__(
        self,
        *,
        step_id: str,
        config: Mapping[str, Any],
        needs: Mapping[str, Mapping[str, Any]],
        inputs: Mapping[str, Any],
        base_dir: Path,
        attempt: int = 1,
        cancelled: threading.Event | None = None,
        packs: Sequence[Any] = (),
    ):
        self.step_id = step_id
        self.config = config
        self.needs = needs
        self.inputs = inputs
        self.base_dir = base_dir
        self.attempt = attempt
        self.packs = packs if type(packs) is tuple else tuple(packs)
        """The workflow packs the plan pins, in its order (``prepflow.pack.Pack``)."""
        self._cancelled = cancelled or threading.Event()
        self._log: logging.Logger | None = None
        self.reads: dict[str, tuple[int, int, str]] = {}
        """Files read through this context: path -> (size, mtime_ns, sha256)."""

    @property
    def log(self) -> logging.Logger:
        """A logger named ``prepflow.step.<id>``."""
        if self._log is None:
            from prepflow.steplog import step_logger  # on first use: most steps never log

            self._log = step_logger(self.step_id)
        return self._log

    def path(self, name: str | os.PathLike[str]) -> Path:
        """Resolve ``name`` against the plan's directory, without reading it."""
        path = Path(name)
        return path if path.is_absolute() else self.base_dir / path

    def read_bytes(self, name: str | os.PathLike[str]) -> bytes:
        """Read a file and record it, so the cache reruns the step when it changes."""
        from prepflow.filekind import NotARegularFile, open_regular

        path = self.path(name)
        try:
            with open(open_regular(path), "rb") as f:
                stat = os.fstat(f.fileno())
                data = f.read()
        except FileNotFoundError:
            raise StepError(f"{name}: file not found (check the path in the plan)") from None
        except NotARegularFile as e:
            raise StepError(f"{name}: is {e}, not a regular file; give a file") from None
        except IsADirectoryError:
            raise StepError(f"{name}: is a directory, expected a file") from None
        except PermissionError:
            raise StepError(f"{name}: permission denied") from None
        self.reads[os.fspath(path)] = (
            stat.st_size,
            stat.st_mtime_ns,
            hashlib.sha256(data).hexdigest(),
        )
        return data

    def read_url(
        self, url: str, *, max_bytes: int = 10 * 1024 * 1024, timeout: float = 20.0
    ) -> tuple[bytes, str]:
        """Fetch an http(s) URL: its body and its content type (lower case), recorded like
        :meth:`read_bytes`, so the step reruns when the page changes (checked again once the
        copy is ``PREPFLOW_URL_TTL`` seconds old, 600 by default). The whole fetch takes at
        most ``timeout`` seconds; a page over ``max_bytes``, cut short, or answered with an
        error is a :class:`StepError` naming the URL."""
        from prepflow.remote import fetch

        data, content_type = fetch(url, limit=max_bytes, timeout=timeout)
        self.reads[url] = (len(data), time.time_ns(), hashlib.sha256(data).hexdigest())
        return data, content_type

    def read_text(self, name: str | os.PathLike[str], encoding: str = "utf-8") -> str:
        """Read a text file (recorded like :meth:`read_bytes`)."""
        data = self.read_bytes(name)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as e:
            raise StepError(f"{name}: not valid {encoding} text (byte {e.start}); save it as UTF-8") from None

    def data(self, kind: str) -> dict[str, Any]:
        """The data of ``kind`` (e.g. ``"questions"``): prepflow's own, then the plan's packs', merged.

        prepflow's file ``<kind>.toml`` (beside the first-party step that owns
        it) comes first, then each pinned pack's files of that kind in the
        plan's ``packs`` order: tables merge
        key by key (later wins), arrays of tables with an ``id`` merge by id,
        other arrays are extended, and a pack file with ``replace = true``
        replaces the kind. Every file is read through :meth:`read_bytes`, so the
        step reruns when any of them changes. An unknown kind gives ``{}``.
        """
        from prepflow.packdata import merged_data

        return merged_data(kind, self.packs, self.read_bytes)

    @property
    def cancelled(self) -> bool:
        """True once the step has timed out or the run is stopping; long steps should check it."""
        return self._cancelled.is_set()

    def check_cancelled(self) -> None:
        """Raise if the step should stop (see :attr:`cancelled`)."""
        if self._cancelled.is_set():
            raise StepError("cancelled")
