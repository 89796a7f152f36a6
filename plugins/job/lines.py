"""A posting as lines: Markdown and markup cleaned to plain text, sentences, lines joined across
wraps, table rows with a priority column, pseudo-headings and ``Label: value`` field lines.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from prepflow_plugins.job.model import Analysis, Line
from prepflow_plugins.job.vocabulary import classify_heading
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem

_TOKEN = re_compile(r"c\+\+|c#|\.net|node\.js|[a-z0-9][a-z0-9'’]*(?:[./+&-][a-z0-9]+)*", re.I)


_MD_LINK = re_compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re_compile(r"<(https?://[^>]+)>")
_EMPH = re_compile(r"(\*\*|__|\*|`)")
#: Formatting tags left in Markdown by converters ("<u>Essential", "<br/>", "<span ...>"); other
#: markup is text, for the renderers to escape.
_TAG = re_compile(
    r"</?(?:u|b|i|em|strong|br|span|font|sup|sub|p|div|small|big|mark|s|strike|del|ins)\b(?:\s[^<>]*)?/?>",
    re.I,
)
#: Two or three hyphens typed for a dash between words ("coordinator---perhaps in retail",
#: "skills -- and"); a spaced "--" that opens an inline item is left to the sentence split.
_DASH = re_compile(r"(?<=\w)(?:-{2,3}| ---)(?=\w| \w)")
_ABBREV = re_compile(
    r"\b(?:U\.S|e\.g|i\.e|etc|Inc|Ltd|Co|No|Dr|Mr|Ms|Mrs|St|vs|approx|Jr|Sr|Ph\.D|B\.S|B\.A|M\.S|M\.A|U\.K|"
    r"N\.Y|D\.C|a\.m|p\.m|Corp|Dept|Govt|min|max|yrs?)\.",
    re.I,
)
_SENTENCE = re_compile(
    r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])|(?<=[.!?])\s*(?=--)|\s+--\s*|^--\s*|\s{2,}-\s+"
)


def plain(text: str) -> str:
    """Markdown inline markup, blockquote marks and list markers removed, whitespace collapsed."""
    # each pattern runs only on text with the character it needs (a search tries every position)
    if text.startswith(">"):
        text = re_compile(r"^(?:>\s?)+").sub("", text)
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "\\" in text:
        text = re_compile(r"\\([\\`*_{}\[\]()#+\-.!])").sub(r"\1", text)
    text = _EMPH.sub("", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "--" in text:
        text = _DASH.sub(" — ", text)
    return " ".join(text.split())


def _strip_marker(text: str) -> str:
    # anchored at the start: one match there, not a search through the line
    marker = re_compile(r"^(?:#{1,6}\s+|[-*+•]\s+|\d{1,2}[.)]\s+|\(\w\)\s+)").match(text)
    return (text[marker.end() :] if marker else text).strip()


def _tidy(text: str) -> str:
    text = text.strip(" \t-–—*•:;,")
    text = re_compile(r"(?:[;,]?\s*\b(?:and|or)\s*)$", re.I).sub("", text).strip(" ;,")
    text = re_compile(r"^(?:and|or|also)\s+", re.I).sub("", text)
    text = re_compile(r"\s+([,.;:])").sub(r"\1", text)
    if text.endswith(".") and not _ABBREV.search(text[-6:]):
        text = text[:-1]
    return text.strip()


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations and inline "--" items apart; a lettered
    enumeration "(a) ... (b) ..." is split at its letters."""
    if re_compile(r"\(a\)\s").match(text) and re_compile(r"\s\(b\)\s").search(text):
        text = re.sub(r"[;,]?\s*(?:\b(?:and|or)\s+)?\(([b-h])\)\s+", r". (\1) ", text)
        text = re.sub(r"(?:^|(?<=\s))\(([a-h])\)\s+(?=\S)", r"\n", text)
        parts = [p.strip(" .") for p in text.split("\n")]
        return [q for p in parts if p for q in sentences(p)]
    guarded = _ABBREV.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = [p.replace("\x00", ".").strip() for p in _SENTENCE.split(guarded)]
    parts = [p for p in parts if p and p.strip("-–—. ")]
    parts = [_drop_next_number(p, text) for p in parts]
    merged: list[str] = []
    for part in parts:
        if (merged and _is_shout(part) and _is_shout(merged[-1]) and not merged[-1].endswith(":")) or (
            merged
            and re_compile(
                r"^(?:this experience (?:may|could|can|might|should) include|this (?:may|could|can) include|"
                r"for example|e\.g\.|such as|examples? (?:include|are)|\(e\.g|"
                r"you must be granted this|"
                r"this (?:clearance|investigation|certification|licen[cs]e) (?:must|is|will))",
                re.I,
            ).match(part)
        ):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


#: A sentence that ends on a list number: "5. Work from scaffolds  6." of a list written inline.
_TRAILING_NUMBER = re_compile(r"\s+(\d{1,2})[.)]$")


def _drop_next_number(part: str, text: str) -> str:
    """``part`` without the number of the next item of an inline numbered list, which the split
    left on it when the item had no final period ("5. Work from scaffolds  6.  Rig lines"): the
    number goes when the item before it is numbered one less and no item follows with the same
    number ("1. Pass at level 2.  2. Hold a licence" keeps its level)."""
    m = _TRAILING_NUMBER.search(part)
    if m is None or int(m.group(1)) < 2:
        return part
    number = int(m.group(1))
    at = text.find(part)
    upto, rest = (text[: at + m.start() + 1], text[at + len(part) :]) if at >= 0 else (part[: m.start()], "")
    before = re_compile(rf"(?:^|\s){number - 1}[.)]\s+\S").search(upto)
    if before and not re_compile(rf"\s*{number}[.)]\s").match(rest):
        return part[: m.start()]
    return part


def _is_shout(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def wrap_width(lines: list[dict[str, Any]]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines were not wrapped.

    A line followed directly by more text ends near the wrap margin when the text
    was wrapped (most such lines fall within 15 characters of the longest), while
    paragraphs kept on one line, or lists written one item per line, vary widely.
    """
    ends = [
        len(a["text"])
        for a, b in itertools.pairwise(lines)
        if a.get("kind") in ("text", "bullet") and b.get("kind") == "text" and b["line"] == a["line"] + 1
    ]
    if len(ends) < 8:
        return None
    ends.sort()
    width = ends[int(0.9 * (len(ends) - 1))]
    near = sum(1 for n in ends if n >= width - 15)
    if not 55 <= width <= 110 or near < 0.7 * len(ends):
        return None
    # the margin itself: the longest such line, unless it stands far out (an unbroken address)
    return ends[-1] if ends[-1] - width <= 6 else width


def _wrapped(prev: Line, text: str, width: int | None, markdown: bool) -> bool:
    """Whether ``text`` carries on ``prev``.

    It does when the next word did not fit on the wrapped line above, when the line above
    stopped on a word that cannot end a sentence ("the", "of", "and", a comma), or when it
    starts in lower case after a line that stopped mid-sentence. In Markdown, where the lines
    of a paragraph are one paragraph, it does unless the two lines look like items of a list
    written one per line (short, capitalised, without final punctuation).
    """
    first = text.split(" ", 1)[0]
    last_len = len(prev.raw.rsplit("\n", 1)[-1]) if prev.raw else len(prev.text)
    if width is not None and last_len + 1 + len(first) > width - 1:
        return True
    tail = prev.text.rstrip()
    if _OPEN_END.search(tail) and not re.search(r"\b[A-Z]{2,3}$", tail):  # "Hamilton, ON" ends no "on"
        return True
    if markdown and prev.kind == "bullet":
        return True  # a line straight under a list item's text goes on with it (a lazy continuation)
    if markdown and prev.kind == "text":
        listlike = (
            len(tail) < 60
            and len(text) < 60
            and first[:1].isupper()
            and not tail.endswith((".", "!", "?", ":", ";", ","))
        ) or (
            # not hard-wrapped: each line starts with a capital where the one above could end,
            # so the lines are items typed one per line ("Registered nurse" / "Two years of ...")
            width is None
            and first[:1].isupper()
            and len(tail) < 120
            and len(text) < 120
            and not tail.endswith((",", ";", ":", ".", "!", "?"))  # sentences stay one paragraph
        )
        return not listlike
    return (
        first[:1].islower()
        and not tail.endswith((".", "!", "?", ":", ";"))
        and len(tail) >= 30
        and not prev.text.endswith(":")
    )


def _mid_sentence(prev: Line, text: str, width: int | None, *, colon: bool = False) -> bool:
    """Whether a hard-wrapped line plainly stops mid-sentence: it reaches the wrap margin (the next
    word would not have fitted) or stops on "the", "of", a comma, and the next line goes on
    without a capital of its own or in the same case (CAPS carried on in CAPS). With ``colon``, a
    line ending in ":" may go on too ("one of the following areas:" / "design, research").
    """
    tail = prev.text.rstrip()
    if width is None or tail.endswith((".", "!", "?", ";")) or (tail.endswith(":") and not colon):
        return False
    last_len = len(prev.raw.rsplit("\n", 1)[-1]) if prev.raw else len(tail)
    first = text.split(" ", 1)[0]
    at_margin = last_len + 1 + len(first) > width - 1
    return (at_margin or bool(_OPEN_END.search(tail))) and (
        first[:1].islower() or _is_shout(prev.text) == _is_shout(text) or not _is_shout(text)
    )


#: A line that stops where no sentence or item can end: on an article, a preposition, a
#: conjunction, a comma or a hyphen.
_OPEN_END = re_compile(
    r"(?:,|(?<=\w)-|\b(?:the|a|an|of|to|and|or|in|for|with|by|on|at|from|as|that|which|including|such as))$",
    re.I,
)


def _lines(doc: dict[str, Any]) -> list[Line]:
    out: list[Line] = []
    wraps = doc.get("format") in ("text", "markdown")
    width = wrap_width(doc["lines"]) if wraps else None
    # a PDF's lines are numbered with a gap where space parts two paragraphs, as blank lines do
    blocks = wraps or doc.get("format") == "pdf"
    for item in doc["lines"]:
        if item.get("header") or _priority_header(item.get("cells")):
            continue  # a table's column names ("Criteria | Essential / Desirable")
        raw = item["text"]
        kind = item.get("kind") or ("heading" if raw.startswith("#") else "text")
        if kind == "text" and not item.get("cells") and raw.lstrip().startswith("|"):
            raw = raw.strip().strip("|").strip()  # "| **Knowledge**": a table's group row, left unclosed
        # a Markdown hard break ("text\" or a line of "\" alone) ends the line: nothing joins across it
        text = plain(_strip_marker(raw) if kind in ("heading", "bullet") else raw).rstrip("\\").rstrip()
        marked = _priority_column(item.get("cells"))
        if marked is not None:
            text = plain(_strip_marker(" ".join(str(c) for c in item["cells"][:-1])))
        elif (labelled := _label_cell(item.get("cells"))) is not None:
            label, _, value = labelled.partition(": ")
            if classify_heading(label) is not None and len(value.split()) > 12:
                # "Main duties | <a paragraph>": a section whose heading sits beside its text
                out.append(Line(text=label + ":", raw=label + ":", line=item["line"], kind="text"))
                text = raw = value
            else:
                text = labelled  # "| Location | Leeds |": a field, as "Location: Leeds" would be
        if not text:
            continue
        prev = out[-1] if out else None
        if (
            wraps
            and prev is not None
            and kind == "text"
            and prev.kind in ("text", "bullet")
            and item["line"] == (prev.end or prev.line) + 1
            and (
                not prev.text.endswith(":")
                or (text[:1].islower() and _mid_sentence(prev, text, width, colon=True))
            )
            and not prev.raw.rstrip().endswith("\\")
            and not _BOLD_LINE.fullmatch(raw.strip())
            and not _BOLD_LINE.fullmatch(prev.raw.strip())
            and (
                _mid_sentence(prev, text, width)  # "YOU MUST CLEARLY STATE" / "YOUR CIVIL SERVICE STATUS"
                or (
                    not _is_field_line(text)
                    and not (prev.kind == "text" and _is_field_line(prev.text))
                    and not _is_shout(prev.text)
                    and not _is_shout(text)
                )
            )
            and _wrapped(prev, text, width, doc.get("format") == "markdown")
        ):
            # "test-" / "driven development": a compound broken at its hyphen keeps no space
            gap = "" if re.search(r"[A-Za-z]-$", prev.text) and text[:1].isalpha() else " "
            prev.text = f"{prev.text}{gap}{text}"
            prev.raw = f"{prev.raw}\n{raw}"
            prev.end = item.get("end") or item["line"]
            continue
        out.append(
            Line(
                text=text,
                raw=raw,
                line=item["line"],
                kind=kind,
                level=item.get("level", 0),
                depth=item.get("depth", 0),
                page=item.get("page"),
                end=item.get("end"),
                marked=marked,
                tight=prev is not None
                and prev.kind == "text"
                and kind == "text"
                and (
                    item["line"] == prev.line  # the next line of one paragraph (<br>, a soft break)
                    or (blocks and item["line"] == (prev.end or prev.line) + 1)
                ),
            )
        )
    return out


#: The marks of a table's priority column: "E"/"Essential" and "D"/"Desirable", and the like.
_MUST_MARK = LazyPattern(r"^(?:e|essential|m|must|must have|required|req)$", re.I)
_NICE_MARK = LazyPattern(r"^(?:d|desirable|p|preferred|desired|nice to have|nice|optional|asset)$", re.I)


def _priority_header(cells: Any) -> bool:
    """A table row that names a priority column ("Essential / Desirable", "E/D"): the header."""
    if not isinstance(cells, list) or len(cells) < 2:
        return False
    last = plain(str(cells[-1])).strip(" .*")
    mark = r"(?:essential|desirable|e|d|required|preferred|must have|nice to have)"
    return bool(re.fullmatch(rf"{mark}(?:\s*(?:/|\bor\b|&|\band\b|,)\s*{mark})+", last, re.I))


def _label_cell(cells: Any) -> str | None:
    """A two-cell table row read as a field ("Location: Leeds") when its first cell is a short
    label (a few capitalised words, no sentence) and its second holds the value."""
    if not isinstance(cells, list) or len(cells) != 2:
        return None
    label, value = (plain(str(c)).strip() for c in cells)
    if not label or not value or len(label.split()) > 4 or not label[:1].isupper():
        return None
    if label.endswith((".", "!", "?", ",")) or re.search(r"\d", label):
        return None
    return f"{label.rstrip(':')}: {value}"


def _priority_column(cells: Any) -> tuple[str, str] | None:
    """The priority a table row's last cell gives its item, with the mark ("E"), if it gives one."""
    if not isinstance(cells, list) or len(cells) < 2:
        return None
    mark = plain(str(cells[-1])).strip(" .*")
    if _MUST_MARK().match(mark):
        return "must", mark
    if _NICE_MARK().match(mark):
        return "nice", mark
    return None


def _is_field_line(text: str) -> bool:
    m = _FIELD_LABEL.match(text)
    return m is not None and len(m.group("label").split()) <= 4 and len(text.split()) <= 15


_BOLD_LINE = re_compile(r"(\*\*|__)[^*_]+(\*\*|__):?")
_FIELD_LABEL = re_compile(r"^(?P<label>[A-Z][A-Za-z/&' ()-]{1,40}?):\s+(?P<value>\S.*)$")


_FIELD_KEYS = {
    "location": re_compile(r"^(?:work |job |duty |office )?locations?$|^where$|^based in$", re.I),
    "pay": re_compile(r"salary|pay(?: range| scale| rate)?$|compensation|wage|hourly rate|base pay", re.I),
    "company": re_compile(
        r"^(?:agency|company|employer|organi[sz]ation|hiring organi[sz]ation|department|ministry|"
        r"area of government|institution|hiring agency|business)$",
        re.I,
    ),
    "title": re_compile(
        r"^(?:(?:job|position|post|role|vacancy)\s*(?:title|name|designation)?|title|working title)$", re.I
    ),
    "grade": re_compile(r"grade|level|band", re.I),
    "clearance": re_compile(r"security clearance|clearance", re.I),
    "who": re_compile(r"who may apply|open to|eligibility", re.I),
    "travel": re_compile(r"travel", re.I),
    "unit": re_compile(
        r"^(?:directorate|division|service(?:/section)?|section|unit|branch|office|team|reports? to|"
        r"postholder section|method of assessment|shortlisting criteria)$",
        re.I,
    ),
    "dates": re_compile(
        r"clos(?:ing|es)|deadline|apply by|posted|posting date|start date|reference|job (?:id|number)|"
        r"requisition",
        re.I,
    ),
    "schedule": re_compile(r"^(?:work(?:ing)? )?(?:hours|schedule|shifts?)(?: of work)?\b", re.I),
}


def _record_field(result: Analysis, label: str, value: str, source: dict[str, Any]) -> bool:
    for key, pattern in _FIELD_KEYS.items():
        if pattern.search(label.strip()):
            if key not in result.fields:
                result.fields[key] = (value, source)
            return key not in ("clearance", "who", "travel")
    return False


def _norm(text: str) -> str:
    return " ".join(stem(w) for w in _TOKEN.findall(text.lower()))
