"""The rules behind ``job.analyze``: its documentation, config and outputs are in
:mod:`prepflow_plugins.job`, the plugin module, which imports this one only when the step runs.

The reading itself is split by idea into the modules beside this one (lines, vocabulary, cues,
headings, lead-ins, requirements, asides, minimum, duties, units, role, themes, outputs); this one
walks a posting's lines through them.
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.documents import load_document
from prepflow_plugins.job.cues import (
    _BOILERPLATE,
    _CANDIDATE_CUE,
    _CAPABILITY,
    _PROCESS,
    _eligibility,
    years_in,
)
from prepflow_plugins.job.duties import _duties_when_silent
from prepflow_plugins.job.headings import _pseudo_heading, _standalone_title
from prepflow_plugins.job.leadins import _POINTS_DOWN, _lead_in, _lead_text, _stray_colon
from prepflow_plugins.job.lines import (
    _FIELD_KEYS,
    _FIELD_LABEL,
    _is_shout,
    _lines,
    _record_field,
    _tidy,
    sentences,
)
from prepflow_plugins.job.minimum import _beside_minimum
from prepflow_plugins.job.model import Analysis, Context, Line
from prepflow_plugins.job.outputs import _outputs
from prepflow_plugins.job.pay import _PAY_WORDS
from prepflow_plugins.job.requirements import (
    _LABEL_SENTENCE,
    _SOME_OF,
    _add_requirement,
    _field_requirement,
)
from prepflow_plugins.job.role import _SENIORITY_ROLE
from prepflow_plugins.job.units import _take_unit
from prepflow_plugins.job.vocabulary import (
    _NO_WORDS,
    _REQ_CATEGORIES,
    _VOCABULARY,
    Vocabulary,
    _must_cue,
    _nice_cue,
    classify_heading,
)
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

__all__ = ["Vocabulary", "analyze", "analyze_document", "years_in"]

#: A lead-in that points back to the sentence before it ("This experience must include all of:").
_FRAMED = re_compile(r"\s*(?:this|these|such)\b[^:]*:\s*$", re.I)


def analyze_document(
    doc: dict[str, Any], *, n_themes: int = 10, vocabulary: Vocabulary | None = None
) -> dict[str, Any]:
    """The analysis of a loaded posting (see the module's docstring), read with ``vocabulary``
    (the words of ``postings.toml`` (beside this module)) on top of the built-in rules."""
    token = _VOCABULARY.set(vocabulary or _NO_WORDS)
    try:
        return _analyze(doc, n_themes)
    finally:
        _VOCABULARY.reset(token)


def _analyze(doc: dict[str, Any], n_themes: int) -> dict[str, Any]:
    file = doc["source"]
    lines = _lines(doc)
    result = Analysis()

    def src(first: Line, last: Line | None = None) -> dict[str, Any]:
        last = last or first
        source: dict[str, Any] = {
            "file": file,
            "start": first.line,
            "end": max(last.end or last.line, first.line),
        }
        if first.page is not None:
            source["page"] = first.page
        return source

    # headings stack: (level, title, category, real); a pseudo-heading sits one level below
    # the real heading above it, and next to the pseudo-heading before it
    stack: list[tuple[int, str, str | None, bool, int]] = []
    section_heads: list[tuple[Line, int, str]] = []
    lead: Context | None = None  # the current text-level lead-in
    bullet_leads: list[tuple[int, Context]] = []  # lead-ins set by bullets, by depth
    flat = not any(ln.kind == "bullet" and ln.depth > 0 for ln in lines)  # no list nested in another
    sticky_must = False
    pending_label: tuple[str, Line] | None = None
    # a text lead-in, whether its first item followed it directly, and whether its items are tight
    listed: tuple[Context, bool, bool | None] | None = None

    def category() -> str:
        for _, _, cat, _, _ in reversed(stack):
            if cat is not None:
                return cat
        return "other"

    def section_title() -> str | None:
        return stack[-1][1] if stack else None

    def context(*args: Any, **kwargs: Any) -> Context:
        """A Context that knows the line of the heading it is under."""
        made = Context(*args, **kwargs)
        made.section_line = stack[-1][4] if stack else None
        return made

    def push_heading(level: int, title: str, line: Line, real: bool) -> None:
        nonlocal lead, sticky_must
        cat = classify_heading(title)
        if not section_heads and level == 1 and _SENIORITY_ROLE.search(title):
            cat = None  # the posting's title ("Education Engineer"), not a section
        parent = next((c for lv, _, c, _, _ in reversed(stack) if lv < level and c is not None), None)
        if parent in ("requirements", "preferred") and cat in ("eeo", "about", "notes", "details", "summary"):
            cat = None  # "Equal Opportunities" inside a person specification lists criteria
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title, cat, real, line.line))
        lead, sticky_must = None, False
        bullet_leads.clear()
        if real or cat is not None:  # a heading-like line that names a section is one too
            section_heads.append((line, min(level, 6), cat or category()))

    for index, line in enumerate(lines):
        text = line.text
        # field values on the line after a bold label ("**Location:**" then "Washington, DC")
        nxt_line = lines[index + 1] if index + 1 < len(lines) else None
        if pending_label is not None and line.kind == "text" and not _pseudo_heading(line, nxt_line):
            label, label_line = pending_label
            pending_label = None
            recorded = _record_field(result, label, text, src(label_line, line))
            if _field_requirement(result, label, text, src(label_line, line), section_title()) or recorded:
                continue
            # a label no field knows ("Ability to commute/relocate:"): its line is read as any other,
            # under what the label says as a lead-in ("Successful designers:" lists duties)
            verdict, alts, _ = _lead_in(label + ":", context(category(), section_title()))
            if verdict is not None:
                lead = context(category(), section_title(), verdict, label, alts, line=label_line.line)
        pending_label = None
        if line.marked is not None:
            # a table row whose column says "Essential" or "Desirable"
            priority, mark = line.marked
            basis = {"from": "item", "cue": mark, "line": line.line}
            _add_requirement(result, text, priority, src(line), section_title(), None, basis=basis)
            continue
        if line.kind == "heading":
            push_heading(line.level, text.rstrip(":"), line, True)
            if _SOME_OF.search(text):
                # "Provide leadership in two or more of the following areas": each area is one option
                lead = context(category(), section_title(), "nice", _tidy(text), True, line=line.line)
            elif text.rstrip().endswith(":") and classify_heading(text.rstrip(":")) is None:
                # a lead-in set as a heading (a bold paragraph): "Applicants are expected to have:"
                verdict, alts, _ = _lead_in(text, context(category(), section_title()))
                if verdict is not None:
                    lead = context(category(), section_title(), verdict, _tidy(text), alts, line=line.line)
            continue
        if _pseudo_heading(line, nxt_line):
            label = text.rstrip(":").rstrip(" -–—").strip()
            if (
                line.raw.strip().endswith((":**", ":", ":__"))
                and index + 1 < len(lines)
                and lines[index + 1].kind == "text"
            ):
                nxt = lines[index + 1]
                if (
                    not _pseudo_heading(nxt, lines[index + 2] if index + 2 < len(lines) else None)
                    and len(label.split()) <= 4
                    and len(nxt.text.split()) <= 30
                    and not re.search(r"\b(?:how|following|include|includes|below)\b", label, re.I)
                    and (
                        classify_heading(label) in (None, "details", "pay")
                        or any(pattern.search(label) for pattern in _FIELD_KEYS.values())
                    )
                ):  # a labelled fact ("**Travel requirement:**" then its value), not a section
                    pending_label = (label, line)
                    continue
            level = (stack[-1][0] + (1 if stack[-1][3] else 0)) if stack else 1
            cat = classify_heading(label)
            if (
                cat is not None
                or _is_shout(label)
                or (
                    nxt_line is not None
                    and nxt_line.kind == "text"
                    and not text.endswith(":")
                    and _standalone_title(line, nxt_line)
                )
            ):  # a title over a paragraph ("Department Information") ends the section above it
                push_heading(min(level, 7), label, line, False)
            else:
                # a sub-label ("Facilities Maintenance:") keeps what the lead-in above it said
                ctx = context(category(), section_title())
                verdict, alts, _ = _lead_in(label + ":", ctx)
                if verdict is None and lead is not None:
                    verdict, alts = lead.lead, lead.alternatives
                lead = context(category(), section_title(), verdict, label, alts, line=line.line)
            continue
        m = _FIELD_LABEL.match(text)
        if (
            m
            and line.kind == "text"
            and len(m.group("label").split()) <= 4
            and not _lead_text(m.group("label"))
        ):
            label, value = m.group("label"), m.group("value")
            short = len(value.split()) <= 25  # a fact; a long value is a paragraph with a lead label
            if (short and _record_field(result, label, value, src(line))) or _field_requirement(
                result, label, value, src(line), section_title()
            ):
                continue
        cat = category()
        ctx = context(cat, section_title())
        if line.kind == "bullet":
            # a lead-in bullet governs the bullets under it, and those beside it when the list was
            # flattened (pasted or re-wrapped), until the next lead-in bullet
            own_lead = text.rstrip().endswith(":")
            while bullet_leads and (
                bullet_leads[-1][0] > line.depth
                or (bullet_leads[-1][0] == line.depth and (own_lead or not flat))
            ):
                bullet_leads.pop()
            governing = bullet_leads[-1][1] if bullet_leads else lead
            if governing is not None:
                ctx = governing
            inline_group = re_compile(
                r"^(?P<head>.{0,80}?\b(?:all|three|two|one|any|each) of the following\b[^:]{0,40}):"
                r"\s*(?P<rest>\S.{10,})$",
                re.I,
            ).match(text)
            if inline_group is not None:
                # "All of the following: (a) ... (b) ...": the items follow on the same line
                verdict, alts, _ = _lead_in(inline_group.group("head") + ":", ctx)
                group_ctx = context(
                    ctx.category,
                    ctx.section,
                    verdict or ctx.lead,
                    inline_group.group("head"),
                    alts,
                    line=line.line,
                )
                _take_unit(result, inline_group.group("rest"), line, group_ctx, src(line), sticky_must)
                continue
            if (text.rstrip().endswith(":") and not _stray_colon(text, line, nxt_line)) or re_compile(
                r"(?:all|three|two|one|any) of the following", re.I
            ).search(text):
                parts = sentences(text)
                if len(parts) >= 2 and parts[-1].rstrip().endswith(":") and not _FRAMED.match(parts[-1]):
                    # "No current staff will be considered. You will have benefits including:": the
                    # sentences before the lead-in say what they say
                    for part in parts[:-1]:
                        _take_unit(result, part, line, ctx, src(line), sticky_must)
                    text = parts[-1]
                verdict, alts, _ = _lead_in(text, ctx)
                group_ctx = context(
                    ctx.category, ctx.section, verdict or ctx.lead, text, alts, line=line.line
                )
                if verdict is None and governing is not None:
                    group_ctx.lead = governing.lead
                bullet_leads.append((line.depth, group_ctx))
                continue
            _take_unit(result, text, line, ctx, src(line), sticky_must)
            continue
        # a text line: sentences, some of them lead-ins
        bullet_leads.clear()  # a lead-in bullet governs only the list it heads
        previous = lines[index - 1] if index else None
        after_list = previous is not None and previous.kind == "bullet" and line.kind == "text"
        if lead is not None and after_list:
            lead = None  # a paragraph after the list is no longer under its lead-in
            ctx = context(cat, section_title())
        elif lead is not None and lead.line is not None and line.line > lead.line:
            # a list typed one item per line under a text lead-in ends at the first blank line,
            # when its items followed each other without one
            if listed is None or listed[0] is not lead:
                listed = (lead, line.tight, None)  # its first item: directly under the lead-in or not
            elif (listed[2] is None and listed[1] and not line.tight) or (listed[2] and not line.tight):
                lead = None
                ctx = context(cat, section_title())
            elif listed[2] is None:
                listed = (lead, listed[1], line.tight)  # its second item: the list's spacing
        if lead is None and cat in ("other", "summary") and not line.raw.lstrip().startswith(("**", "__")):
            # the posting's introduction and "about the role" prose, for the prep steps to quote
            result.summary.extend(
                (_tidy(s), src(line))
                for s in sentences(text)
                if len(s.split()) >= 3
                and not (_PROCESS.search(s) or _BOILERPLATE.search(s) or _PAY_WORDS.search(s))
            )  # not how to apply, pay or EEO statements
        if lead is not None:
            ctx = lead
        found_sentences = sentences(_LABEL_SENTENCE.sub(r"\1: ", text))
        # "Experience helping clients with data. This experience must include all of the
        # following:": the list details the sentence the lead-in points back to, which is its
        # frame, as in the same item written as one bullet, not a requirement of its own
        framed = len(found_sentences) >= 2 and bool(_FRAMED.match(found_sentences[-1].strip()))
        if framed:
            found_sentences = found_sentences[-1:]
        for number, sentence in enumerate(found_sentences):
            if (
                number == len(found_sentences) - 1
                and nxt_line is not None
                # the list under it, marked or typed one item per line
                and (
                    nxt_line.kind == "bullet"
                    or (
                        nxt_line.kind == "text"
                        and len(nxt_line.text.split()) <= 30
                        and not nxt_line.text.rstrip().endswith(":")
                        and re_compile(r"\bthe following\b", re.I).search(sentence)
                    )
                )
                and _POINTS_DOWN.search(sentence)
                and not sentence.rstrip().endswith(":")
                and not re.search(r"\bscored\b|\bcompetencies\b", sentence, re.I)
            ):
                sentence = sentence.rstrip(" .") + ":"  # "... in any of the following areas is relevant."
            inline = re_compile(
                r"^(?P<head>.{0,160}?(?:(?:duties|responsibilities)\s+(?:will\s+)?(?:include|are)[^:]{0,40}|"
                r"will be responsible for|following|if you (?:have|are)|you (?:have|bring))):"
                r"\s*(?P<rest>.+)$",
                re.I,
            ).match(sentence)
            if inline and not re.search(r"\bmust\b", inline.group("head"), re.I):
                verdict, alts, sticky = _lead_in(inline.group("head") + ":", ctx)
                lead = context(cat, section_title(), verdict, inline.group("head"), alts, line=line.line)
                ctx = lead
                _take_unit(result, inline.group("rest"), line, ctx, src(line), sticky_must)
                continue
            if sentence.rstrip().endswith(":"):
                verdict, alts, sticky = _lead_in(sentence, context(cat, section_title()))
                if sticky:
                    sticky_must = True
                if verdict is None and sticky_must:
                    verdict = "must"
                if verdict == "nice" and sticky_must and not alts:
                    verdict = "must"
                lead = context(cat, section_title(), verdict, _tidy(sentence), alts, line=line.line)
                ctx = lead
                # the lead-in may itself state a requirement ("we expect expertise in at least one of:")
                if (
                    _CANDIDATE_CUE.search(sentence)
                    and not re.fullmatch(
                        r"[^:]*\b(?:is|are|is defined as|include|includes|you|that|to|have|of|with|in|be|the|"
                        r"following|below|as follows)\s*:",
                        sentence.strip(),
                        re.I,
                    )
                    and not re.search(r"\bthat\s+(?:\w+\s+){0,3}\w+\s*:$", sentence.strip(), re.I)
                ):  # not an unfinished clause ("We expect, at a minimum, that you:", "... that all members:")
                    own = context(
                        cat, section_title(), "must" if verdict in (None, "must", "nice") else "drop", None
                    )
                    _take_unit(result, sentence.rstrip(":"), line, own, src(line), sticky_must, leadin=True)
                continue
            if re_compile(r"^(?:BASIC REQUIREMENTS|MINIMUM QUALIFICATIONS)\b").match(sentence):
                sticky_must = True
            if re_compile(r"\bscored\b.*\bcompetenc|\bcompetencies\b.*\bscored\b", re.I).search(sentence):
                verdict = "must" if sticky_must else "nice"
                lead = context(cat, section_title(), verdict, _tidy(sentence), False, line=line.line)
                ctx = lead
                continue
            if (
                after_list
                and ctx.lead is None
                and cat in _REQ_CATEGORIES
                and not (_CANDIDATE_CUE.search(sentence) or _must_cue(sentence) or _nice_cue(sentence))
                and not _eligibility(sentence)
                # "Experience applying design methods." is an item; "Your lived experience matters" is not
                and (not _CAPABILITY.match(sentence) or re.match(r"^(?:your|our|their)\b", sentence, re.I))
            ):
                continue  # a remark after the list ("Your lived experience is valuable to us"), no item
            _take_unit(result, sentence, line, ctx, src(line), sticky_must)

    _duties_when_silent(result)
    # sections with their line spans
    for i, (line, level, cat) in enumerate(section_heads):
        next_start = section_heads[i + 1][0].line if i + 1 < len(section_heads) else None
        last = [ln for ln in lines if ln.line >= line.line and (next_start is None or ln.line < next_start)]
        end_line = last[-1] if last else line
        result.sections.append(
            {"title": line.text.rstrip(":"), "level": level, "category": cat, "source": src(line, end_line)}
        )
    _beside_minimum(result)  # after the sections, so a parent heading ("How do I qualify?") counts
    return _outputs(doc, lines, result, n_themes)


def analyze(ctx: prepflow.StepContext) -> dict[str, Any]:
    doc = load_document(ctx, ctx.config["source"], max_bytes=ctx.config.get("max_bytes"))
    vocabulary = Vocabulary.from_data(load_data("postings", ctx))  # extended by the plan's packs
    result = analyze_document(doc, n_themes=int(ctx.config.get("themes", 10)), vocabulary=vocabulary)
    if not result.get("requirements"):  # said here, where the posting is read, not by a later step
        ctx.log.warning(
            "%s: found no requirements in it (%d lines read); check that it is the job posting",
            doc["source"],
            len(doc["lines"]),
        )
    return result
