"""Quote marks in generated text: nested quotes take single marks, a cut quote is closed."""

from __future__ import annotations

from prepflow_plugins.dossier.view import short
from prepflow_plugins.text.quotes import close_open, nest


def test_a_double_quote_inside_a_double_quote_becomes_single() -> None:
    assert nest("“Say “Rebuild the report” today”") == "“Say ‘Rebuild the report’ today”"
    assert nest("“one” and “two”") == "“one” and “two”"
    assert nest("a stray ” mark") == "a stray ” mark"


def test_a_cut_quote_is_closed_after_the_ellipsis_and_an_apostrophe_closes_nothing() -> None:
    assert (
        close_open("“The posting lists ‘Experience with IoT…") == "“The posting lists ‘Experience with IoT…’”"
    )
    assert close_open("‘It doesn’t matter’") == "‘It doesn’t matter’"
    assert close_open("plain text…") == "plain text…"


def test_the_cheat_sheet_cut_closes_the_quotes_it_opened() -> None:
    text = "The posting lists ‘Experience with telematics or IoT device data in production’ as a must-have"
    cut = short(text, 60)
    assert cut.endswith("…’") and cut.count("‘") == cut.count("’")
    assert short("short enough", 60) == "short enough"
