"""The workspace's on-disk formats, and the TOML parser's fast path."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import tomllib
from pathlib import Path

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from prepflow import StepResult
from prepflow.records import RunRecord
from prepflow.store import CacheEntry, cache_key, canonical_json, read_jsonl
from prepflow.tomlread import parse_toml

TEXT = st.text(max_size=12)
KEYS = st.text(min_size=1, max_size=8)
SCALARS = (
    st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | TEXT
    | st.dates()
    | st.datetimes(timezones=st.none() | st.just(dt.UTC))
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=10,
)


# what the engine files as an upstream's outputs: their digest, or the status of a step without outputs
UPSTREAM_VALUES = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64) | st.sampled_from(
    ["failed", "skipped"]
)


@settings(max_examples=150, deadline=None)
@given(step=TEXT, version=TEXT, upstream=st.dictionaries(TEXT, UPSTREAM_VALUES, max_size=3), path=TEXT)
def test_cache_lines_are_canonical_json(step: str, version: str, upstream: dict[str, str], path: str) -> None:
    """The hand-built index line is byte for byte what the generic encoder gives."""
    entry = CacheEntry(
        key=cache_key("a.b", version, "c" * 64, upstream),
        step=step,
        uses="a.b",
        version=version,
        config="c" * 64,
        upstream=upstream,
        reads={path: (1, 2, "s" * 64)} if path else {},
        outputs="o" * 64,
    )
    assert entry.line() == canonical_json(entry.to_json()) + b"\n"
    assert CacheEntry.from_json(json.loads(entry.line())) == entry


@settings(max_examples=150, deadline=None)
@given(
    step=TEXT,
    status=st.sampled_from(["success", "cached", "skipped", "failed"]),
    reason=TEXT,
    error=st.none() | TEXT,
    attempts=st.integers(min_value=0, max_value=21),
    seconds=st.floats(min_value=0, max_value=1e6),
    outputs=st.none() | st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    continued=st.booleans(),
)
def test_run_record_lines_are_canonical_json(
    step: str,
    status: str,
    reason: str,
    error: str | None,
    attempts: int,
    seconds: float,
    outputs: str | None,
    continued: bool,
) -> None:
    """The hand-built step line of a run record is what the generic encoder gives.

    Byte for byte, except that the seconds have six decimals: they read back as
    ``round(seconds, 6)``.
    """
    with tempfile.TemporaryDirectory() as tmp:
        record = RunRecord(Path(tmp), "run", {})
        record.step(
            StepResult(
                step,
                status,
                reason=reason,
                error=error,
                attempts=attempts,
                seconds=seconds,
                outputs_digest=outputs,
                continued=continued,
            )
        )
        record.finish("success", {})
        line = (Path(tmp) / "run" / "steps.jsonl").read_bytes()
    expected = {
        "attempts": attempts,
        "continued": continued,
        "error": error,
        "outputs": outputs,
        "reason": reason,
        "seconds": round(seconds, 6),
        "status": status,
        "step": step,
    }
    assert json.loads(line) == expected
    six_decimals = f'"seconds":{seconds:.6f},'.encode()
    assert line == canonical_json({**expected, "seconds": 0}).replace(b'"seconds":0,', six_decimals) + b"\n"


@settings(max_examples=200, deadline=None)
@given(doc=st.dictionaries(KEYS, VALUES, max_size=5))
def test_fast_toml_parser_agrees_with_tomllib(doc: dict) -> None:
    """rtoml is only a faster route to what the standard parser reads."""
    text = tomli_w.dumps(doc)
    assert parse_toml(text) == tomllib.loads(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON)
def test_canonical_json_is_sorted_compact_utf8_json(value: object) -> None:
    expected = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    assert canonical_json(value) == expected.encode()


def test_journals_skip_a_torn_last_line_and_garbled_lines(tmp_path: Path) -> None:
    journal = tmp_path / "steps.jsonl"
    journal.write_bytes(b'{"a":1}\n{"b":2}\n{"c":')  # killed mid-write
    assert list(read_jsonl(journal)) == [{"a": 1}, {"b": 2}]
    journal.write_bytes(b'{"a":1}\nnot json\n[1]\n{"b":2}\n')
    assert list(read_jsonl(journal)) == [{"a": 1}, {"b": 2}]
    assert list(read_jsonl(tmp_path / "missing.jsonl")) == []


def test_cache_index_lines_of_the_wrong_shape_are_ignored(tmp_path: Path) -> None:
    from prepflow.store import Workspace

    def entry(config: str) -> CacheEntry:
        return CacheEntry(
            key=cache_key("a.b", "1@x", config, {"up": "u" * 64}),
            step="p::a",
            uses="a.b",
            version="1@x",
            config=config,
            upstream={"up": "u" * 64},
            reads={},
            outputs="o" * 64,
        )

    good = entry("c" * 64)
    fields = good.to_json()
    wrong = [
        {**fields, "config": "1" * 64, "reads": "not a table"},
        {**fields, "config": "2" * 64, "upstream": ["a"]},
        {**fields, "config": "3" * 64, "reads": {"f": [1]}},
        {k: v for k, v in fields.items() if k != "outputs"} | {"config": "4" * 64},
        {**fields, "config": "5" * 64, "upstream": {"up": ["not", "a", "digest"]}},
        {**fields, "config": 6},
    ]
    older = {**entry("7" * 64).to_json(), "key": "k" * 64}  # earlier versions also wrote a "key"
    lines = [canonical_json(item) + b"\n" for item in (*wrong, older)]
    (tmp_path / "cache.jsonl").write_bytes(b"".join(lines) + good.line())
    workspace = Workspace(tmp_path)
    assert workspace.lookup(good.key) == good
    assert workspace.lookup(entry("7" * 64).key) == entry("7" * 64)
    assert all(workspace.lookup(entry(str(i) * 64).key) is None for i in range(1, 6))


def test_the_cache_index_is_compacted_when_most_lines_are_superseded(tmp_path: Path) -> None:
    from prepflow.store import Workspace

    def entry(config: str, outputs: str) -> CacheEntry:
        return CacheEntry(
            key=cache_key("a.b", "1@x", config, {}),
            step="p::a",
            uses="a.b",
            version="1@x",
            config=config,
            upstream={},
            reads={},
            outputs=outputs,
        )

    first = Workspace(tmp_path / ".prepflow")
    for i in range(1200):  # forced reruns of one step: each line supersedes the one before
        first.record(entry("k" * 64, f"{i:064d}"))
    first.close()
    index = tmp_path / ".prepflow" / "cache.jsonl"
    assert len(index.read_bytes().splitlines()) == 1200

    second = Workspace(tmp_path / ".prepflow")
    second.record(entry("j" * 64, "0" * 64))  # the first write of a process compacts a bloated log
    second.close()
    assert len(index.read_bytes().splitlines()) == 2
    third = Workspace(tmp_path / ".prepflow")
    latest = third.lookup(cache_key("a.b", "1@x", "k" * 64, {}))
    assert latest is not None and latest.outputs == f"{1199:064d}"
    assert third.lookup(cache_key("a.b", "1@x", "j" * 64, {})) is not None


def test_run_ids_and_record_times_are_the_current_utc_time() -> None:
    from prepflow.records import new_run_id, now

    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    run_id, stamp = new_run_id(), now()
    after = dt.datetime.now(dt.UTC)
    assert len(run_id) == 23 and run_id[18] == "-" and int(run_id[19:], 16) >= 0
    when = dt.datetime.strptime(run_id[:18] + "000", "%Y%m%dT%H%M%S%f").replace(tzinfo=dt.UTC)
    assert before <= when <= after
    parsed = dt.datetime.fromisoformat(stamp)
    assert stamp.endswith("+00:00") and len(stamp) == 29 and before <= parsed <= after
