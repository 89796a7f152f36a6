"""The role and the company: the title from JSON-LD, front matter, fields or headings; the
employer's name from the same, from sentences that name it, or from its mail address.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.job.cues import _LICENCE
from prepflow_plugins.job.lines import plain
from prepflow_plugins.job.model import Analysis, Line
from prepflow_plugins.job.vocabulary import classify_heading
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile


def _role_and_company(
    doc: dict[str, Any], lines: list[Line], result: Analysis, file: str
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The role's title and the employer, each from the best source, which it names in ``from``.

    Title: the page's JSON-LD, the front matter's ``title``, a "Job title:" field near the
    top, the first heading that is not a section name, the page or document title, the
    first line. "Role at Company", "Company - Role" and "Role @ Company" are split.
    """

    def at(line: Line) -> dict[str, Any]:
        s: dict[str, Any] = {"file": file, "start": line.line, "end": line.line}
        if line.page is not None:
            s["page"] = line.page
        return s

    jsonld = doc.get("jsonld") or {}
    front = doc.get("front_matter") or {}
    role = company = None
    # navigation and site headings copied with the posting ("Back to search results", "Careers at
    # Acme", "Job details") name no role
    named = [ln for ln in lines if not _NOT_A_TITLE.search(plain(ln.text).strip())]
    first_heading = next((ln for ln in named if ln.kind == "heading"), None)
    title_heading = next(
        (
            ln
            for ln in named[:40]
            # in text without headings, one of the first lines (a notice copied above the title
            # ends as a sentence does, and is passed over)
            if (
                ln.kind == "heading" or (ln in named[:3] and ln.kind == "text" and len(ln.text.split()) <= 12)
            )
            and classify_heading(ln.text.rstrip(":")) is None
            and not _OTHER_FIELD.match(plain(ln.text))  # "Salary: $130,000 Annually" names no role
            and not ln.text.rstrip().endswith((":", "."))
        ),
        None,
    )
    top = named[0] if named else (lines[0] if lines else None)
    title_field = result.fields.get("title")
    doc_title = doc.get("title")
    front_title = front.get("title") if isinstance(front.get("title"), str) else None
    if (
        front_title is None
        and doc.get("format") in ("markdown", "text")
        and doc_title
        and not any(ln.kind == "heading" and ln.text == doc_title for ln in lines)
    ):
        front_title = doc_title  # not the first heading: the reader took it from the front matter
    if jsonld.get("title") and top is not None:
        role = {"text": jsonld["title"], "source": at(first_heading or top), "from": "jsonld"}
    elif front_title and top is not None:
        role = {"text": clean_title(front_title), "source": at(top), "from": "front_matter"}
    elif title_field is not None and title_field[1]["start"] <= (
        lines[min(len(lines), 25) - 1].line if lines else 0
    ):
        role = {"text": title_field[0], "source": title_field[1], "from": "field"}
    elif title_heading is not None:
        where = "heading" if title_heading.kind == "heading" else "first_line"
        role = {"text": title_heading.text, "source": at(title_heading), "from": where}
    elif title_field is not None:
        role = {"text": title_field[0], "source": title_field[1], "from": "field"}
    elif (
        doc_title
        and top is not None
        and classify_heading(doc_title) is None
        and not _sentence_like(doc_title)
    ):
        role = {"text": doc_title, "source": at(top), "from": "document_title"}
    elif first_heading is not None:
        role = {"text": first_heading.text, "source": at(first_heading), "from": "heading"}
    elif (sought := _role_sought(named[:40], at)) is not None:
        role = sought
    elif top is not None:
        role = {"text": top.text, "source": at(top), "from": "first_line"}
    if jsonld.get("hiringOrganization") and top is not None:
        company = {"text": jsonld["hiringOrganization"], "source": at(first_heading or top), "from": "jsonld"}
    elif (org := next((front[k] for k in _FRONT_COMPANY if isinstance(front.get(k), str)), None)) is not None:
        company = {
            "text": plain(str(org)).strip(),
            "source": at(top) if top else {"file": file, "start": 1, "end": 1},
            "from": "front_matter",
        }
    elif "company" in result.fields:
        value, source = result.fields["company"]
        company = {"text": value, "source": source, "from": "field"}
        body = None if _BODY_WORD().search(value) else _public_body(lines, at)
        if body is not None and body["text"].lower() not in value.lower():
            # "Department: Digital and Customer Services" names a unit of the council the text names
            company = {"text": f"{body['text']}, {value}", "source": source, "from": "field"}
    if role is not None:
        title = role["text"] = clean_title(role["text"])
        m = re_compile(r"^(?P<a>.{2,60}?)(?:\s+[-–—|]|:)\s+(?P<b>.{3,})$").match(title)
        at_m = re_compile(r"^(?P<b>.{3,}?)\s+(?:at|@)\s+(?P<a>[A-Z0-9][\w.&' -]{1,60})$").match(title)
        if at_m:
            role["text"], org = at_m.group("b"), at_m.group("a")
            if company is None or company["from"] == "field":  # "Department: X" names a unit of it
                company = {"text": org, "source": role["source"], "from": "title"}
        elif m:
            a, b = m.group("a"), m.group("b")
            hiring = next(
                (ln for ln in lines[:15] if re.search(rf"^{re.escape(a)}\s+is hiring\b", ln.text)), None
            )
            if hiring is not None or (len(a.split()) <= 4 and not _SENIORITY_ROLE.search(a)):
                role["text"] = b
                company = company or {
                    "text": a,
                    "source": role["source"],
                    "from": "title",
                }
    if company is None:
        company = _company_in_text(lines, at)
    if company is None and doc.get("site_name") and top is not None:
        company = {"text": doc["site_name"], "source": at(top), "from": "site_name"}
    if company is None:
        company = _company_from_address(lines, at)
    return role, company


#: A line at the top of a copied page that names no role: navigation, the site's own headings.
_NOT_A_TITLE = re_compile(
    r"^(?:back to\b|return to\b|go back\b|skip to\b|view all\b|new search\b|"
    r"(?:search|browse) (?:jobs|results)|"
    r"apply(?: now| here| online)?$|save(?: this)?(?: job)?$|share(?: this job)?$|sign in\b|log in\b|"
    r"home$|menu$|print$|posted\b|"
    r"(?:careers?|jobs?|vacancies|job (?:details|description|posting|openings?)|open (?:positions|roles)|"
    r"current (?:vacancies|openings)|work with us|join (?:us|our team))(?:\s+(?:at|with|@)\s+.+)?$)",
    re.I,
)


def _sentence_like(text: str) -> bool:
    """A line that is a sentence, not a title: many words, or a final full stop."""
    return len(text.split()) > 12 or text.rstrip().endswith(".")


#: The role named where the employer says whom it seeks: "The X Group seeks a Geospatial Software
#: Engineer to join ...", "We are hiring a Night Dispatcher".
_SOUGHT = re_compile(
    r"\b(?:seeks|is seeking|are seeking|is hiring|are hiring|is looking for|are looking for)\s+"
    r"(?:an?|the|our)\s+"
    r"(?:(?:new|experienced|talented|motivated|full-time|part-time|skilled|dedicated)\s+)*"
    r"(?P<title>(?:[A-Z][\w&/+-]*\s+){0,5}[A-Z][\w&/+-]*)"
)


def _role_sought(lines: list[Line], at: Any) -> dict[str, Any] | None:
    for line in lines:
        m = _SOUGHT.search(plain(line.text))
        if m and _SENIORITY_ROLE.search(m.group("title")):
            return {"text": m.group("title"), "source": at(line), "from": "text"}
    return None


#: A field line about something other than the role: "Salary: ...", "Location: ...", "Closing: ...".
_OTHER_FIELD = re_compile(
    r"^(?:salary|pay|wage|compensation|location|closing|job type|job number|department|agency|grade|"
    r"posted|updated|published|reference|schedule|hours)\b[^:]{0,20}:\s",
    re.I,
)

#: Front-matter keys that name the employer.
_FRONT_COMPANY = ("company", "org", "organization", "organisation", "employer", "agency", "institution")

#: Connecting words allowed in lower case inside an organisation's name.
_NAME_JOINERS = {"of", "and", "&", "for", "the", "de", "du", "la", "von", "van", "at", "in", "on", "und"}

#: A name's first word that makes it a description, not a name ("This role", "Our team").
_NOT_NAME_START = re_compile(
    r"^(?:this|that|these|it|we|our|you|your|they|their|he|she|the (?:role|position|team|job|candidate|"
    r"successful|ideal|post|work|department|office|company|organi[sz]ation)|an?\s|all|each|every|applicants?|"
    r"candidates?|if|when|as|in|at|for|please|note)\b",
    re.I,
)

#: Where an employer names itself in the text: "X is hiring", "Join X to ...", "About X",
#: "X is a/an/the ...", "The <role> at X is ...".
_COMPANY_SENTENCES = (
    re_compile(
        r"^(?P<org>[A-Z][\w.&',’ -]{1,80}?)\s+"
        r"(?:is (?:hiring|looking|seeking|recruiting|a growing)|seeks|recruits|"
        r"(?:located in [A-Z][\w ]{1,30} )?has an? (?:immediate )?opening)\b"
    ),
    re_compile(
        r"^Join\s+(?:us at\s+)?(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’ -]{1,80}?)(?:\s+\([A-Z]{2,10}\))?"
        r"(?:\s+(?:to|and|as|in|where|on)\b|[,.!]|$)"
    ),
    re_compile(r"^About\s+(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’ -]{1,80}?)\s*:?$"),
    re_compile(
        r"^(?P<org>(?:The\s+)?[A-Z][\w.&',’ -]{1,80}?)\s+is\s+(?:a|an|the|one of|leading|proud|"
        r"committed|dedicated|home to)\b"
    ),
    re_compile(
        r"^The\s+[\w&/ -]{2,60}?\s+at\s+(?P<org>[A-Z][\w.&',’ -]{1,80}?)(?:\s+\([A-Z]{2,10}\))?"
        r"\s+(?:is|will|[a-z]{2,}s)\b"
    ),
    re_compile(
        r"^This (?:position|role|job|post|vacancy)\b.{0,120}?\bat\s+(?P<org>[A-Z][\w.&'’ -]{1,80}?)"
        r"(?:\s+\([A-Z]{2,10}\))?(?:[,;]|\.(?:\s|$)|$)"
    ),
    # "At Acme, Inc., we ...", "At the City of Leeds, our people ..."
    re_compile(r"^At\s+(?P<org>(?:the\s+)?[A-Z][\w.&'’ ,-]{1,80}?),\s+(?:we|our|you)\b"),
    # headings: "Why Acme?", "Working at Acme", "Life at Acme", "Why work for Acme"
    re_compile(
        r"^(?:Why\s+(?:work\s+(?:at|for|with)\s+|join\s+)?|(?:Working|Life|Careers?)\s+(?:at|with)\s+)"
        r"(?P<org>(?:the\s+)?[A-Z][\w.&'’ -]{1,60}?)\s*[?:!]?$"
    ),
)
#: The employer in its equal-opportunity statement, usually the last lines of a posting.
_EEO_NAME = LazyPattern(
    r"^(?P<org>(?:The\s+)?[A-Z][\w.&',’ -]{1,80}?)\s+(?:is\s+(?:an?\s+|proud\s+to\s+be\s+an?\s+)"
    r"(?:equal\s+(?:employment\s+)?opportunit|EEO?\b|affirmative)|provides\s+equal|does\s+not\s+discriminate)"
)

#: A registered name, anywhere near the top: "Natural Essentials, Inc.", "Harbor Freight Tools LLC".
_LEGAL_NAME = LazyPattern(
    r"(?<![\w.])(?P<org>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){0,5},?\s+"
    r"(?:Inc\.|Inc\b|LLC\b|L\.L\.C\.|Ltd\.|Ltd\b|Limited\b|GmbH\b|plc\b|PLC\b|Corp\.|Corporation\b|"
    r"B\.V\.|S\.A\.|Pty\.? Ltd\.?))"
)
#: A public body named by its kind and its place: "City of Austin", "Royal Borough of Greenwich",
#: "State of New Jersey", "University of Michigan".
_PUBLIC_BODY = LazyPattern(
    r"(?<![\w’'])(?P<org>(?:Royal\s+)?(?:City|County|State|Town|Borough|Province|Commonwealth|Municipality|"
    r"Government|University|District)\s+of\s+(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})"
)
#: The last word of an organisation's name set on its own line under the title ("Riverside Health
#: Trust", "Millbrook City Council").
_ORG_WORD = LazyPattern(
    r"\b(?:Trust|Council|University|College|School|Hospital|Authority|Agency|Department|Ministry|Foundation|"
    r"Association|Society|Bank|Institute|Institution|Centre|Center|Museum|Library|Board|Commission|"
    r"Corporation|Company|Group|Partnership|Network|Inc\.?|Ltd\.?|LLC|plc|Laboratory|Laboratories|Labs?|"
    r"Clinic|Cooperative|Charity|Studios?|Technologies|Systems|Solutions|Services|Federation|Union|Trust)$"
)
#: Words that start the sentence, not the name, before a registered name ("At Acme, Inc.").
_LEAD_WORDS = {"at", "with", "join", "about", "for", "by", "from", "in", "the", "and", "apply", "contact"}


#: A name that ends in an abbreviation keeps its full stop ("Acme, Inc.").
_ABBREVIATION_END = re_compile(r"\b(?:Inc|Ltd|Co|Corp|Bros|LLC|L\.L\.C|plc|S\.A|B\.V|GmbH|Pty|Assn)\.$")


def organisation_name(text: str) -> str | None:
    """``text`` as an organisation's name, or None when it is no name: capitalised words (a few
    joiners like 'of' and 'and' in lower case), not a description ('This role', 'Our team'), not a
    job title. "The newly formed X" is X; "X, DBA Y" is X; "The X (ABC)" keeps its abbreviation."""
    text = plain(text).strip().strip(",;:")
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    text = re.sub(r"^[Tt]he\s+(?:[a-z][\w-]*\s+)+(?=[A-Z])", "", text)  # The newly formed X
    if re.match(r"^the\s+\S+$", text):
        return None  # "About the Job": a heading in title case, not a name
    text = re.sub(r"^the\s+(?=[A-Z])", "", text)  # "join the X"
    text = re.split(r",?\s+(?:DBA|d/b/a)\s+", text)[0].strip()
    words = text.split()
    if not words or len(words) > 9 or _NOT_NAME_START.search(text):
        return None
    if _SENIORITY_ROLE.search(text):
        return None
    for i, word in enumerate(words):
        w = word.strip("(),")
        if not w:
            continue
        if w.lower() in _NAME_JOINERS and i > 0:
            continue
        if not (w[0].isupper() or w[0].isdigit()):
            return None
    return text


def _company_in_text(lines: list[Line], at: Any) -> dict[str, Any] | None:
    """The employer where the first lines name it in a sentence or an 'About X' heading, else
    the first registered name ("Acme, Inc.") they hold."""
    for line in lines[:40]:
        text = plain(line.text).strip()
        for pattern in _COMPANY_SENTENCES:
            m = pattern.match(text)
            if m and (org := organisation_name(m.group("org"))):
                return {"text": org, "source": at(line), "from": "text"}
    for line in lines[1:4]:  # the employer on its own line under the title
        text = plain(line.text).strip()
        if (
            line.kind == "text"
            and len(text.split()) <= 8
            and _ORG_WORD().search(text)
            and (org := organisation_name(text))
        ):
            return {"text": org, "source": at(line), "from": "text"}
    for line in lines[:40]:
        for m in _LEGAL_NAME().finditer(plain(line.text)):
            words = m.group("org").split()
            while len(words) > 2 and words[0].lower() in _LEAD_WORDS:
                words = words[1:]
            if org := organisation_name(" ".join(words)):
                return {"text": org, "source": at(line), "from": "text"}
    for line in lines:
        m = _EEO_NAME().match(plain(line.text).strip())
        if m and (org := organisation_name(m.group("org"))):
            return {"text": org, "source": at(line), "from": "text"}
    return _public_body(lines, at)


#: A field value that names an organisation itself, not a unit of one.
_BODY_WORD = LazyPattern(
    r"\b(?:ministry|agency|authority|department of|dept|office of|council|commission|board|university|"
    r"city|county|state|government|inc|ltd|llc|trust|hospital|school|college)\b",
    re.I,
)


def _public_body(lines: list[Line], at: Any) -> dict[str, Any] | None:
    """The first public body the top of the text names ("City of Austin", "Royal Borough of X")."""
    for line in lines[:40]:
        if line.kind == "bullet" or _LICENCE.search(line.text):
            continue  # "State of Ohio electrical licence": a qualification, not the employer
        for m in _PUBLIC_BODY().finditer(plain(line.text)):
            if org := organisation_name(re.sub(r"[’']s$", "", m.group("org"))):
                return {"text": org, "source": at(line), "from": "text"}
    return None


#: Mail hosts that name no employer.
_PUBLIC_MAIL = LazyPattern(
    r"^(?:gmail|googlemail|yahoo|hotmail|outlook|live|aol|icloud|me|proton(?:mail)?|gmx|mail|example)\.", re.I
)


def _company_from_address(lines: list[Line], at: Any) -> dict[str, Any] | None:
    """The last resort: the domain of the first e-mail address that is not a public mail host
    (``jobs@acme.example`` gives 'acme.example'), from 'email_domain'."""
    for line in lines:
        m = re.search(r"\b[\w.+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b", line.text)
        if m and not _PUBLIC_MAIL().match(m.group("domain")):
            domain = m.group("domain").lower()
            domain = re.sub(r"^(?:mail|email|jobs|careers|hr|recruiting)\.", "", domain)
            return {"text": domain, "source": at(line), "from": "email_domain"}
    return None


def clean_title(text: str) -> str:
    """A title without markup, quotes or a trailing colon."""
    text = plain(text).strip().strip("\"'“”").rstrip(":").strip()
    return (
        re_compile(
            r"^(?:job description|job posting|job advert(?:isement)?|vacancy|position|job title|role)"
            r"\s*(?:for|:|-|–)\s*",
            re.I,
        )
        .sub("", text)
        .strip()
        or text
    )


_SENIORITY_ROLE = re_compile(
    r"\b(?:engineer|developer|manager|designer|analyst|specialist|director|officer|accountant|assistant|"
    r"technician|nurse|electrician|plumber|consultant|administrator|scientist|lead|associate|programmer|"
    r"writer|editor|coach|tester|fellow|strategist|representative|clerk|operator|supervisor|coordinator|"
    r"advis[eo]r|expert|architect|chief|researcher|agent|aide|helper|teacher|driver|chemist|compounder)\b",
    re.I,
)
