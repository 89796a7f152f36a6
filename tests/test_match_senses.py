"""match.evidence: an "or" list is met by an alternative's own words, and a word shared in another
sense proves nothing (issue 14). The postings and resume lines are written for these tests."""

from __future__ import annotations

import pytest
from prepflow_plugins.match.reading import narrowed, proves, requirement_units, shares_phrase, word_pairs
from prepflow_plugins.text.terms import extract
from test_match_meaning import match, requirement


def test_a_generic_noun_alone_does_not_meet_an_alternative_with_a_field() -> None:
    text = "Developing and executing dispatch centre operations or strategies"
    rows = match([requirement(text)], ["Developing pricing strategies for the ferry season passes"])
    assert rows[text]["status"] == "gap"
    assert rows[text]["evidence"] == []


def test_the_field_carries_to_the_one_word_alternative_after_it() -> None:
    text = "Developing and executing dispatch centre operations or strategies"
    rows = match(
        [requirement(text)], ["Wrote the dispatch centre strategies for winter storms at Harbourline"]
    )
    assert rows[text]["status"] == "met"


def test_an_alternative_is_met_by_the_words_that_name_it() -> None:
    text = "Experience facilitating team or group coaching"
    rows = match([requirement(text)], ["Ran weekly coaching sessions for new deckhands"])
    assert rows[text]["status"] == "met"  # "coaching" names "group coaching"
    units = requirement_units(text, extract(text), None)
    alternatives = next(u for u in units if u.kind == "one of").alternatives
    assert ("mentoring",) in alternatives  # "group" narrows it, but is not needed to meet it


def test_single_word_alternatives_are_each_met_whole() -> None:
    text = "Experience writing production services in Python, Go or Rust"
    rows = match([requirement(text)], ["Wrote the fare engine in Rust"])
    assert rows[text]["status"] == "met"


@pytest.mark.parametrize(
    ("wanted", "line"),
    [
        ("Developing key performance metrics", "Played a key role in the development of the ticketing app"),
        ("Ability to work independently", "Sorted 90 courses into groups independent of department"),
        ("Relationship Management", "Collaborated with team members via GitHub on the booking app"),
        ("Basic familiarity with the SDLC", "Menus were deployed across all twelve cafés"),
    ],
)
def test_a_word_shared_in_another_sense_proves_nothing(wanted: str, line: str) -> None:
    roles = [{"title": "Café Supervisor", "organisation": "Copperfield Catering", "months": 40}]
    row = match([requirement(wanted)], [line], roles=roles)[wanted]
    assert row["status"] == "gap"
    assert row["evidence"] == []


def test_working_with_clients_still_hints_at_relationships() -> None:
    text = "Relationship Management"
    row = match([requirement(text)], ["Collaborated with client teams at three port authorities"])[text]
    assert row["status"] != "gap"


def test_a_shared_phrase_of_light_words_is_proof_but_scattered_ones_are_not() -> None:
    wanted = extract("Developing key performance indicators for dispatch")
    found = {"develop", "dispatch"}
    scattered = word_pairs("Played a key role in the development of the booking app, then moved to dispatch")
    assert not proves(
        wanted, found, set(), shares_phrase(word_pairs("Developing dispatch"), scattered, found)
    )
    together = word_pairs("Developing dispatch rules")
    assert proves(wanted, found, set(), shares_phrase(word_pairs("developing dispatch"), together, found))


def test_a_generic_noun_narrowed_by_another_word_is_not_shared() -> None:
    text = "Familiarity with software programs for writing charts and reports"
    rows = match([requirement(text)], ["Sorted 40 academic programs for writing courses into new groups"])
    assert "programs" not in rows[text]["matched_terms"]
    listed = "Experience creating product vision, strategy or road maps"  # a list, not a "vision strategy"
    rows = match([requirement(listed)], ["Wrote the product strategy for the ferry booking app"])
    assert rows[listed]["status"] == "met"


def test_a_verb_before_a_generic_noun_does_not_narrow_it() -> None:
    text = "Experience setting clear goals that implement strategy across the fleet"
    assert narrowed(text) == {"goal": frozenset({"clear"})}
    assert narrowed("Manage programs for the port") == {}
