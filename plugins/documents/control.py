"""Control characters: what a document may not carry into a terminal, a Markdown file or a page.

A posting or a resume is text someone else wrote. Its bytes reach the terminal (the
``first, do:`` summary), ``dossier.md`` and the HTML page, so terminal escape sequences (a
window-title change, a clickable link, a cleared screen) and other control characters are
removed from every string a reader returns, and right-to-left controls are isolated: an
override or embedding becomes the matching isolate (U+2066-U+2068), each closed within its own
string, so reversed text can never spill into the words printed after it.
"""

from __future__ import annotations

from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

#: A whole escape sequence (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes): removed with
#: its parameters, so no "[31m" residue is left behind. A C1 control (U+0080-U+009F) is dropped
#: on its own: it is far more often a stray byte of mojibake ("â€\x9d") than the start of a
#: sequence, and without it the rest is plain text.
_ESCAPE = re_compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)
#: Anything that needs work: a C0 control other than tab and newline, DEL, a C1 control, a
#: bidirectional embedding, override or isolate.
_SUSPECT = re_compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Controls that separate words become a space; the rest are dropped.
_DROP: dict[int, str | None] = {c: None for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))}
_DROP.update({c: " " for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F, 0x85)})
#: Embeddings and overrides (LRE, RLE, LRO, RLO) become isolates (LRI, RLI); PDF closes one.
_OPENS = {"\u202a": "\u2066", "\u202b": "\u2067", "\u202d": "\u2066", "\u202e": "\u2067"}
_ISOLATES = "\u2066\u2067\u2068"
_CLOSE = "\u2069"


def neutralise(text: str) -> str:
    """``text`` without escape sequences or control characters (tab and newline kept; a
    carriage return is a newline), its right-to-left controls isolated and balanced."""
    if _SUSPECT.search(text) is None:
        return text
    if "\x1b" in text:
        text = _ESCAPE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)
    if any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in text):
        text = _isolate(text)
    return text


def _isolate(text: str) -> str:
    out: list[str] = []
    depth = 0
    for ch in text:
        ch = _OPENS.get(ch, ch)
        if ch in _ISOLATES:
            depth += 1
        elif ch in ("\u202c", _CLOSE):
            if not depth:
                continue  # closes nothing of this string's: dropped
            depth -= 1
            ch = _CLOSE
        out.append(ch)
    return "".join(out) + _CLOSE * depth


def neutralise_all(value: Any) -> Any:
    """``value`` (JSON-like data: a document) with :func:`neutralise` applied to every string,
    keys included."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dict):
        return {neutralise(k) if isinstance(k, str) else k: neutralise_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [neutralise_all(v) for v in value]
    return value
