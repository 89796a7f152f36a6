"""Quote marks in generated text: a quote inside a quote takes single marks, a cut quote is closed.

Steps quote the posting's and the resume's own lines in typographic marks (“…”, and ‘…’ for a quote
inside one). Two things break that: a quoted line that itself holds a “quote” ends up as “… “…” …”,
and a line cut to length (``…``) can stop after an opening mark that is never closed.
"""

from __future__ import annotations

_PAIRS = {"“": "”", "‘": "’"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}


def nest(text: str) -> str:
    """``text`` with every double-quoted span inside another one turned to single marks.

    “The posting lists “Design the services”.” -> “The posting lists ‘Design the services’.”
    A closing mark with no opening one is left as it is.
    """
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == "“":
            out.append("‘" if depth else ch)
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            out.append("’" if depth else ch)
        else:
            out.append(ch)
    return "".join(out)


def _unclosed(text: str) -> list[str]:
    """The opening marks of ``text`` still open at its end, innermost last."""
    stack: list[str] = []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS:
            # ’ is also the apostrophe ("don’t"): it closes a ‘ only when one is open and it does not
            # stand between two letters
            apostrophe = (
                ch == "’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
            )
            if stack and stack[-1] == _CLOSERS[ch] and not apostrophe:
                stack.pop()
    return stack


def close_open(text: str) -> str:
    """``text`` with the quote marks it opened and never closed closed at its end (after a cut's ``…``)."""
    return text + "".join(_PAIRS[mark] for mark in reversed(_unclosed(text)))
