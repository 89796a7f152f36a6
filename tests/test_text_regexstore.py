"""regexstore: the code of a compiled pattern is generated once per machine and read back after."""

from __future__ import annotations

import marshal
import re
import sys
from pathlib import Path

import prepflow_plugins.documents as documents
import pytest
from prepflow_plugins.text import regexstore

PATTERNS = [
    (r"(?<![\w-])(?:on[- ]call|shift work)(?![\w-])", re.IGNORECASE),
    (r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$", 0),
    (r"(?x) \d+ \s* (?i:k|m)? \s* years  # global flags", 0),
    (r"\b(?P<n>\d+)\+?\s*(?P<unit>years?|months?)\b", re.I | re.M),
]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store in the test's folder, read afresh, written even under PYTHONDONTWRITEBYTECODE."""
    path = tmp_path / "__pycache__" / "regexstore.test.marshal"
    monkeypatch.setattr(regexstore, "_path", lambda: path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _forget(monkeypatch)
    return path


def _forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: nothing read, nothing compiled yet."""
    monkeypatch.setattr(regexstore, "_stored", None)
    monkeypatch.setattr(regexstore, "_used", {})
    monkeypatch.setattr(regexstore, "_compiled", {})
    monkeypatch.setattr(regexstore, "_added", False)


def _same(got: re.Pattern[str], pattern: str, flags: int) -> None:
    want = re.compile(pattern, flags)
    assert got == want  # same source, flags and engine code
    assert (got.pattern, got.flags, got.groups, got.groupindex) == (
        want.pattern,
        want.flags,
        want.groups,
        want.groupindex,
    )
    text = "key: Must be on-call 3+ years; 5 months of shift work, 10k users"
    assert [m.span() for m in got.finditer(text)] == [m.span() for m in want.finditer(text)]


def test_a_stored_pattern_is_the_pattern_re_compile_makes(store: Path) -> None:
    for pattern, flags in PATTERNS:
        _same(regexstore.compile(pattern, flags), pattern, flags)


def test_a_pattern_asked_for_again_is_the_one_already_compiled(store: Path) -> None:
    pattern, flags = PATTERNS[0]
    assert regexstore.compile(pattern, flags) is regexstore.compile(pattern, re.RegexFlag(flags))


def test_the_next_process_reads_the_code_instead_of_generating_it(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for pattern, flags in PATTERNS:
        regexstore.compile(pattern, flags)
    regexstore.save()
    assert store.is_file()
    _forget(monkeypatch)

    def generate(pattern: str, flags: int) -> None:
        raise AssertionError(f"generated {pattern!r} again")

    monkeypatch.setattr(regexstore, "_generate", generate)
    for pattern, flags in PATTERNS:
        _same(regexstore.compile(pattern, flags), pattern, flags)
    regexstore.save()  # nothing new: the file is not written again
    assert not regexstore._added


def test_a_pattern_that_does_not_compile_raises_what_re_compile_raises(store: Path) -> None:
    with pytest.raises(re.error) as want:
        re.compile(r"(?P<a>x)(?P<a>y)")
    with pytest.raises(re.error) as got:
        regexstore.compile(r"(?P<a>x)(?P<a>y)")
    assert str(got.value) == str(want.value)
    regexstore.save()
    assert not store.exists()  # nothing was added


@pytest.mark.parametrize(
    "content",
    [
        b"not marshal data",
        marshal.dumps(["a", "list"]),
        # an entry of the right shape whose code the engine's checker refuses, and one of junk
        marshal.dumps({(r"on[- ]call", 0): marshal.dumps((32, [0, 1, 2], 0, {}, (None,)))}),
        marshal.dumps({(r"on[- ]call", 0): b"junk"}),
    ],
)
def test_a_damaged_or_foreign_store_only_means_compiling_again(
    store: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    store.parent.mkdir(parents=True)
    store.write_bytes(content)
    _same(regexstore.compile(r"on[- ]call"), r"on[- ]call", 0)
    regexstore.save()
    _forget(monkeypatch)
    _same(regexstore.compile(r"on[- ]call"), r"on[- ]call", 0)
    assert not regexstore._added  # the rewritten store serves it


def test_nothing_is_written_where_python_writes_no_bytecode(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    regexstore.compile(r"\bvisa\b")
    regexstore.save()
    assert not store.exists()


def test_a_full_store_keeps_only_the_patterns_of_the_last_process(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regexstore, "MAX_ENTRIES", 2)
    for pattern, flags in PATTERNS[:2]:
        regexstore.compile(pattern, flags)
    regexstore.save()
    _forget(monkeypatch)
    for pattern, flags in PATTERNS[2:]:
        regexstore.compile(pattern, flags)
    regexstore.save()
    assert set(marshal.loads(store.read_bytes())) == {(p, int(f)) for p, f in PATTERNS[2:]}


def test_a_finished_run_writes_the_store(store: Path) -> None:
    """A run ends its process without atexit handlers: the documents plugin saves at run_finished."""
    regexstore.compile(r"\bsponsor(?:ship)?\b", re.I)
    documents.run_finished(run=None, status="success")
    assert (r"\bsponsor(?:ship)?\b", int(re.I)) in marshal.loads(store.read_bytes())


def test_a_debug_pattern_is_compiled_by_re_itself_and_not_stored(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    re.purge()
    got = regexstore.compile(r"ab+c", re.DEBUG)
    shown = capsys.readouterr().out
    re.purge()
    want = re.compile(r"ab+c", re.DEBUG)
    assert got.pattern == want.pattern and shown == capsys.readouterr().out != ""
    regexstore.save()
    assert not store.exists()
