"""Finding many literal cues with shared patterns (prepflow_plugins.text.cues)."""

from __future__ import annotations

import re

from prepflow_plugins.text.cues import any_cue, cues_found

WORD_L, WORD_R = r"(?<![A-Za-z0-9\-])", r"(?![A-Za-z0-9\-])"


def _whole(*words: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((w, WORD_L, WORD_R) for w in words)


def test_every_cue_is_found_even_when_cues_overlap_or_start_alike() -> None:
    cues = _whole("remote", "remote work", "work", "team", "on-call")
    found = cues_found("Remote Work in a small TEAM, no on-call rota", cues)
    assert {c[0] for c in found} == {"remote", "remote work", "work", "team", "on-call"}


def test_edges_hold_per_cue() -> None:
    cues = _whole("team", "opened")
    assert cues_found("teams newly-opened", cues) == set()
    assert not any_cue("teams newly-opened", cues)
    assert any_cue("the team", cues)


def test_prefix_cues_and_cues_without_edges() -> None:
    cues = (("migrat", WORD_L, ""), ("c++", WORD_L, ""), ("#1", "", ""))
    assert {c[0] for c in cues_found("Migrating C++ code, ranked #1", cues)} == {"migrat", "c++", "#1"}
    assert {c[0] for c in cues_found("immigration", cues)} == set()


def test_same_answer_as_one_pattern_per_cue() -> None:
    words = ["data", "data team", "Datadog", "dat", "ſki", "ski", "q&a", "a", "b-c"]
    text = "Our DATA team uses datadog; SKI trips, Q&A a b-c and skis."
    cues = _whole(*words)
    expected = {c for c in cues if re.search(c[1] + re.escape(c[0]) + c[2], text, re.IGNORECASE) is not None}
    assert cues_found(text, cues) == expected
    assert any_cue(text, cues) is bool(expected)
