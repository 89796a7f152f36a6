"""The rules behind ``objections.rehearse``: its documentation, config and outputs are in
:mod:`prepflow_plugins.objections`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.match.rules import without_title_subject
from prepflow_plugins.objections import STANDARD
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.quotes import nest
from prepflow_plugins.text.terms import Terms, extract

import prepflow

SHORT_TENURE_MONTHS = 12
_DEGREE = re.compile(r"\b(degree|diploma|bachelor|master|ph\.?d)", re.I)
MAX_QUOTE_WORDS = 14
#: How the salary answer writes each currency ("NZ$90,000"); an unknown one is left to the posting's line.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "NZD": "NZ$", "AUD": "A$", "CAD": "C$", "HKD": "HK$"}
CURRENCY_SYMBOLS |= {"SGD": "S$"}
MAX_EVIDENCE = 2
TOP_THEMES = 5
MIN_NEED_WORDS = 5  # a responsibility shorter than this is a fragment, not a duty to bridge to
LOW_COVERAGE = 0.34  # below this match coverage, a change of function is the first thing they see
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


class _Fill(dict):
    """Template values; a placeholder with no value stays visible as ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, Any]) -> str:
    text = string.Formatter().vformat(template, (), _Fill(values))
    return nest(re.sub(r"(?<=\w)\.\.(?!\.)", ".", text))  # "ABC Company, Inc.." -> "Inc."


def short(text: str, words: int = 12) -> str:
    """The first clause of a requirement or achievement, at most ``words`` words."""
    text = re.sub(r"\s*\([^()]*\)", "", text)  # "(GPS, sensors)": a detail, not the point
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    head = re.split(r"(?<=\w)[,;(:](?=\s|\w)|\s[—–-]\s", text, maxsplit=1)[0].strip()
    if len(head.split()) >= 4:
        text = head
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def need_quote(text: str, words: int = 24) -> str:
    """A duty quoted whole when it is short, else its first clause (never a cut list of adjectives)."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    parts = text.split()
    if len(parts) <= words:
        return text
    head = re.split(r"\s[—–-]\s|;|:", text, maxsplit=1)[0].strip()
    if MIN_NEED_WORDS <= len(head.split()) <= words:
        return head
    return " ".join(parts[:words]) + "…"


def first_sentence(text: str, words: int = 30) -> str:
    """The first sentence of an achievement (the headline), at most ``words`` words."""
    head = re.split(r"(?<=[a-z0-9%)])\.\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]
    parts = head.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# Past tenses that do not end in "-ed", for saying an achievement in the first person.
_IRREGULAR_PAST = frozenset(
    [
        "led",
        "built",
        "ran",
        "made",
        "won",
        "grew",
        "wrote",
        "took",
        "set",
        "drove",
        "cut",
        "brought",
        "taught",
        "began",
        "oversaw",
        "spent",
        "sold",
        "kept",
        "found",
        "gave",
        "held",
        "chose",
        "became",
        "did",
        "got",
        "put",
        "rebuilt",
        "rewrote",
        "undertook",
    ]
)


def _is_past(word: str) -> bool:
    word = word.lower().strip(",;:")
    return word in _IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed"))


def first_person(achievement: str, words: int = 22) -> str:
    """What the candidate says: "Developed X." -> "I developed X."; other bullets are pointed at."""
    head = first_sentence(achievement.strip(), words).rstrip(".;: ")
    parts = head.split()
    if not parts:
        return ""
    verb = 1 if len(parts) > 1 and parts[0].lower().endswith("ly") and _is_past(parts[1]) else 0
    if _is_past(parts[verb]) and not parts[0].isupper():
        text = "I " + parts[0][0].lower() + head[1:]
    else:
        text = "On my resume: " + head
    return text if text.endswith("…") else text + "."


def pay_text(pay: Mapping[str, Any]) -> str:
    """ "$109,366 to $142,180 a year", from the pay job.analyze read; its line otherwise."""
    low, high = pay.get("min"), pay.get("max")
    symbol = CURRENCY_SYMBOLS.get(pay.get("currency") or "", "")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        amount = f"{symbol}{low:,.0f}" if low == high else f"{symbol}{low:,.0f} to {symbol}{high:,.0f}"
        return amount + (f" a {pay['period']}" if pay.get("period") else "")
    return short(pay.get("text") or "", 24)


def with_article(word: str) -> str:
    """ "operations" -> "an operations", "design" -> "a design", "user research" -> "a user research"."""
    low = word.lower()
    vowel = low[:1] in "aeio" or (low[:1] == "u" and not re.match(r"u(?:ni|s[eu]|r[aeiou]|ti)", low))
    return ("an " if vowel or re.match(r"h(?:our|onest|onor)", low) else "a ") + word


def listing(items: Iterable[str], limit: int = 4) -> str:
    items = list(dict.fromkeys(i for i in items if i))[:limit]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def month(ym: str | None) -> str:
    """ "2015-04" -> "April 2015"."""
    if not ym or not re.fullmatch(r"\d{4}-\d{2}", ym):
        return ym or "?"
    return f"{MONTHS[int(ym[5:]) - 1]} {ym[:4]}"


def _years(value: float) -> str:
    return f"{value:g}"


def _words_in(text: str, words: Iterable[str]) -> str | None:
    low = f" {text.lower()} "
    for word in sorted(words, key=lambda w: (-len(w), w)):
        key = word.lower()
        if key in low and re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", low):
            return word
    return None


def classify(table: Mapping[str, list[str]], text: str) -> str | None:
    """The first name in ``table`` one of whose words appears in ``text``."""
    for name, words in table.items():
        if _words_in(text, words):
            return name
    return None


def overlap(a: Terms, b: Terms) -> float:
    return a.weight(set(a.all) & set(b.all))


# ---------------------------------------------------------------------------
# The dossier's facts, read defensively
# ---------------------------------------------------------------------------


@dataclass
class Facts:
    job: Mapping[str, Any]
    resume: Mapping[str, Any]
    match: Mapping[str, Any]
    citer: Citer
    data: Mapping[str, Any]  # data/objections.toml, extended by the plan's packs
    frameworks: Mapping[str, Any]  # objections/frameworks.toml
    vocabulary: Mapping[str, Any]  # resume/roles.toml: functions, industries
    achievements: list[Mapping[str, Any]] = field(default_factory=list)
    roles: list[Mapping[str, Any]] = field(default_factory=list)
    needs: list[dict[str, Any]] = field(default_factory=list)  # responsibilities, then top themes
    used_needs: dict[int, int] = field(default_factory=dict)

    def role_label(self, index: Any) -> str | None:
        if not isinstance(index, int) or not 0 <= index < len(self.roles):
            return None
        role = self.roles[index]
        title, org = role.get("title"), role.get("organisation")
        return f"{title} at {org}" if title and org else title or org

    def latest_role(self) -> tuple[int, Mapping[str, Any]] | None:
        """The most recent work role: current first, then the latest end."""
        work = [(i, r) for i, r in enumerate(self.roles) if r.get("kind", "work") == "work"]
        if not work:
            return None
        return max(work, key=lambda ir: (bool(ir[1].get("current")), ir[1].get("end") or "", -ir[0]))

    def title(self) -> str:
        role = self.job.get("role")
        return (role.get("text") if isinstance(role, Mapping) else None) or "this role"


def _needs(job: Mapping[str, Any]) -> list[dict[str, Any]]:
    needs = []
    duties = [i for i in job.get("responsibilities") or [] if isinstance(i, Mapping) and i.get("text")]
    whole = [i for i in duties if len(i["text"].split()) >= MIN_NEED_WORDS]
    for item in whole or duties:  # a one-to-four-word piece is no duty to bridge to
        needs.append({"text": item["text"], "where": "a responsibility", "source": item.get("source")})
    if needs:
        return needs  # what they will do; themes only when the posting lists no duties
    for rank, theme in enumerate((job.get("themes") or [])[:TOP_THEMES], start=1):
        if not isinstance(theme, Mapping):
            continue
        evidence = [e for e in theme.get("evidence") or [] if isinstance(e, Mapping) and e.get("text")]
        if theme.get("phrase") and evidence:
            needs.append(
                {
                    "text": evidence[0]["text"],
                    "where": f"theme #{rank} of the posting, “{theme['phrase']}”",
                    "source": evidence[0].get("source"),
                }
            )
    return needs


# ---------------------------------------------------------------------------
# Objections
# ---------------------------------------------------------------------------


@dataclass
class Objection:
    kind: str
    score: float
    basis: list[str]
    values: dict[str, Any]
    cites: list[dict[str, Any]]
    evidence: list[dict[str, Any]]  # the candidate's achievements for the answer
    about: str  # text whose terms choose the bridge
    missing: str = ""  # what the resume lacks, for the "no evidence" line
    variants: dict[str, str] = field(default_factory=dict)  # template key -> variant key


def _achievement(item: Mapping[str, Any], facts: Facts) -> dict[str, Any]:
    """An achievement as the answer uses it: its first sentence, role, metrics, source."""
    role = item.get("role")
    if isinstance(role, str):  # match.evidence labels a role "title, organisation"
        role = next(
            (
                i
                for i, r in enumerate(facts.roles)
                if ", ".join(p for p in (r.get("title"), r.get("organisation")) if p) == role
            ),
            role,
        )
    label = facts.role_label(role) if isinstance(role, int) else role
    return {
        "text": first_sentence(item.get("text", "")),
        "role": label,
        "metrics": [
            m["text"]
            for m in item.get("metrics") or []
            if isinstance(m, Mapping) and m.get("text") and m["text"] in first_sentence(item.get("text", ""))
        ],
        "source": item.get("source"),
    }


def closest(query: str, facts: Facts, exclude: Iterable[str] = (), limit: int = MAX_EVIDENCE) -> list[dict]:
    """The candidate's achievements sharing the most terms with ``query`` (none if none share any)."""
    wanted = extract(query)
    skip = set(exclude)
    scored = []
    for n, item in enumerate(facts.achievements):
        if item.get("text") in skip:
            continue
        score = overlap(wanted, extract(item["text"]))
        if score > 0:
            scored.append((-score, -len(item.get("metrics") or []), n))
    scored.sort()
    return [_achievement(facts.achievements[n], facts) for _, _, n in scored[:limit]]


def strongest(facts: Facts, role: int | None = None, limit: int = MAX_EVIDENCE) -> list[dict]:
    """Achievements with the most metrics (of one role, if given), in resume order on ties."""
    items = [
        (-len(a.get("metrics") or []), n, a)
        for n, a in enumerate(facts.achievements)
        if role is None or a.get("role") == role
    ]
    items.sort(key=lambda x: (x[0], x[1]))
    return [_achievement(a, facts) for _, _, a in items[:limit]]


def _evidence_from_match(req: Mapping[str, Any], facts: Facts) -> list[dict]:
    if req.get("status") == "gap":
        return []  # the closest line of a gap shares a word or two: no evidence to answer with
    return [
        _achievement(e, facts)
        for e in req.get("evidence") or []
        if isinstance(e, Mapping) and e.get("kind") == "achievement"
    ][:MAX_EVIDENCE]


def _telling_part(req: Mapping[str, Any], text: str) -> str:
    """The sentence of an achievement that carries the match, quoted (at most a short clause of it)."""
    words: list[str] = []
    for e in req.get("evidence") or []:
        if isinstance(e, Mapping) and e.get("text") == text:
            words = [str(w).lower() for w in e.get("matched_terms") or []]
    sentences = [p for p in re.split(r"(?<=[a-z0-9%)])\.\s+(?=[A-Z])", text.strip()) if p]
    best = max(sentences or [text], key=lambda p: sum(w in p.lower() for w in words))
    return short(best, MAX_QUOTE_WORDS)


def _theme_lines(job: Mapping[str, Any]) -> set[tuple[Any, Any]]:
    lines = set()
    for theme in (job.get("themes") or [])[:TOP_THEMES]:
        for e in theme.get("evidence") or [] if isinstance(theme, Mapping) else []:
            source = e.get("source") if isinstance(e, Mapping) else None
            if isinstance(source, Mapping):
                lines.add((source.get("file"), source.get("start")))
    return lines


def _title_of(job: Mapping[str, Any]) -> str | None:
    role = job.get("role")
    return role.get("text") if isinstance(role, Mapping) else role if isinstance(role, str) else None


def _held(text: str, facts: Facts) -> list[tuple[int, str]]:
    """Roles whose function or industry the requirement names ("Background in logistics ...").

    match.evidence reads words; an organisation's industry (Rainier Parcel: logistics) has no word
    in the requirement to match, so a gap there may not be one.
    """
    held = []
    for i, role in enumerate(facts.roles):
        for kind in ("industry", "function"):
            name = (role.get(kind) or {}).get("name") if isinstance(role.get(kind), Mapping) else None
            if name and _words_in(text, [name]):
                held.append((i, name))
                break
    return held


def _role_years(req: Mapping[str, Any], facts: Facts) -> float | None:
    """Years of the roles holding a requirement's evidence (None if no evidence names a role)."""
    if isinstance(req.get("years_shown"), (int, float)):
        return float(req["years_shown"])  # what match.evidence compared with the years asked
    labels = {e.get("role") for e in req.get("evidence") or [] if isinstance(e, Mapping) and e.get("role")}
    months = 0
    found = False
    for role in facts.roles:
        label = ", ".join(p for p in (role.get("title"), role.get("organisation")) if p)
        if label in labels:
            found = True
            months += role.get("months") or 0
    return round(months / 12, 1) if found else None


#: Words that make a line ask something of the candidate: a skill, knowledge, experience, a credential.
_QUALIFICATION = re.compile(
    r"\b(?:experience[sd]?|knowledge|knowledgeable|abilit(?:y|ies)|able to|skill(?:s|ed)?|proficien\w*|"
    r"familiar\w*|understanding|expertise|expert|background|degree|diploma|certifi\w*|licen[cs]\w*|"
    r"years?|fluen\w*|track record|capacity to|qualifi\w*|competen\w*)\b",
    re.I,
)
#: "Four years of experience can substitute for the degree": an alternative, not one more requirement.
_ALTERNATIVE = re.compile(r"\b(?:substitut\w*|in lieu of|in place of)\b", re.I)
#: A line cut off mid-phrase ("understanding the relationships between"): not a requirement to quote.
_FRAGMENT = re.compile(
    r"\b(?:between|of|and|or|the|a|an|to|with|for|in|on|by|from|as|such as|including|that|which)\s*[:,]?\s*$",
    re.I,
)
_QUALIFICATION_KINDS = {"education", "trait", "licence", "license", "certification", "experience"}


def is_qualification(req: Mapping[str, Any]) -> bool:
    """Whether a requirement asks for something a candidate can have or lack.

    A line that names a skill concept, asks for experience, knowledge, a credential or years,
    or that job.analyze read as a trait or a degree, does; boilerplate that only landed among
    the requirements ("Duties may change without notice") does not, and gets no objection.
    """
    text = str(req.get("requirement") or "")
    if req.get("kind") in _QUALIFICATION_KINDS or _QUALIFICATION.search(text):
        return True
    return bool(extract(text).concepts)


def from_match(facts: Facts) -> list[Objection]:
    out = []
    themes = _theme_lines(facts.job)
    total = float((facts.resume.get("signals") or {}).get("total_years") or 0)
    for req in facts.match.get("requirements") or []:
        if not isinstance(req, Mapping) or not req.get("requirement") or req.get("counted") is False:
            continue
        if req.get("kind") in ("eligibility", "frame"):
            continue  # a condition to confirm, or the frame of a list judged item by item: not objections
        text, status = req["requirement"], req.get("status")
        must = req.get("priority", "must") == "must"
        if not must:
            continue  # a preferred qualification is not a gap to apologise for
        if not is_qualification(req) or _ALTERNATIVE.search(text) or _FRAGMENT.search(text):
            continue  # boilerplate, a substitution clause or a cut-off fragment: not a thing to lack
        source = req.get("source")
        quote = need_quote(text, MAX_QUOTE_WORDS)
        values = {"requirement": quote, "priority": "must-have"}
        basis = []
        bonus = 0.0
        if isinstance(source, Mapping) and (source.get("file"), source.get("start")) in themes:
            bonus += 0.05
            basis.append("+0.05: the line behind one of the posting's top themes")
        cites = facts.citer.cites([(source, text)])
        years = req.get("years")
        shown = _role_years(req, facts)
        if shown is None:
            shown = total

        held = _held(without_title_subject(text, _title_of(facts.job)), facts) if status == "gap" else []
        if held:
            status = "partial"  # an earlier role is in that field: part of it is shown
        degree = req.get("kind") == "education" or _DEGREE.search(text)
        if status == "gap" and degree:
            kind = "degree"
        elif status == "gap" and req.get("kind") == "trait":
            kind = "trait_gap"
        elif status == "gap":
            kind = "missing_must"
        elif years and shown < years and status in ("met", "partial"):
            kind = "years_short"
        elif status == "partial":
            kind = "partial_must"
        else:
            kind = ""
        if not kind:
            continue
        data = facts.data["kinds"][kind]
        score = float(data["risk"]) + bonus
        basis.insert(0, f"{data['risk']:g}: {_BASIS[kind]}")
        if kind == "partial_must":
            weak = round(0.1 * (1 - min(float(req.get("score") or 0), 0.6) / 0.6), 2)
            if weak:
                score += weak
                basis.append(f"+{weak:g}: match score {req.get('score')} of the 0.6 needed for met")
        if kind == "years_short" and years:  # kind is years_short only when years is set
            values.update(years=_years(years), shown=_years(shown))
            short_by = round(0.2 * (1 - shown / years), 2)
            if short_by:
                score += short_by
                basis.append(f"+{short_by:g}: {_years(shown)} of {_years(years)} years")
        if years and kind == "missing_must":
            score += 0.05
            basis.append(f"+0.05: it asks for {_years(years)} years")
        # Only what match.evidence found proves anything: a line sharing a word is not the nearest thing.
        evidence = _evidence_from_match(req, facts)
        for index, _ in held:
            evidence += strongest(facts, index, 1)
        if kind == "partial_must" and not evidence:
            continue  # nothing to show the part that is there: no grounded objection
        values["evidence_lead"] = _telling_part(req, evidence[0]["text"]) if evidence else ""
        values["total_years"] = _years(total)
        out.append(Objection(kind, score, basis, values, cites, evidence, about=text, missing=quote))
    return out


_BASIS = {
    "missing_must": "a must-have with no evidence on the resume",
    "partial_must": "a must-have with partial evidence",
    "years_short": "a must-have asking for more years than the resume shows",
    "trait_gap": "a must-have trait the resume cannot show",
    "degree": "a degree or credential asked for and not shown",
    "gap": "a gap of more than six months between jobs",
    "short_tenure": "a stay of under a year",
    "job_hopping": "several stays of under a year",
    "function_change": "the posting's function differs from the latest role's",
    "function_return": "the posting's function is not the latest role's, but an earlier one's",
    "industry_change": "the posting's industry differs from the latest role's",
    "industry_return": "the posting's industry is not the latest role's, but an earlier one's",
    "career_change": "a change of function or industry within the resume",
    "overqualified": "the latest title reads two or more levels above the posting",
    "underqualified": "the posting reads two or more levels above the latest title",
    "weakness": "asked in nearly every interview",
    "why_leaving": "asked in nearly every interview",
    "salary": "asked in most first rounds",
}


def from_resume(facts: Facts) -> list[Objection]:
    out: list[Objection] = []
    signals = facts.resume.get("signals") or {}
    total = float(signals.get("total_years") or 0)
    library = facts.data["kinds"]
    roles = facts.roles

    def role_cite(index: Any) -> list[dict[str, Any]]:
        if not isinstance(index, int) or not 0 <= index < len(roles):
            return []
        role = roles[index]
        citation = facts.citer.cite_lines(role.get("source"))
        if citation is None:
            text = " ".join(p for p in (role.get("title"), role.get("organisation"), role.get("dates")) if p)
            return facts.citer.cites([(role.get("source"), text)])
        return [citation]

    # Gaps between jobs.
    for gap in signals.get("gaps") or []:
        if not isinstance(gap, Mapping) or not gap.get("months"):
            continue
        after, before = gap.get("before_role"), gap.get("after_role")  # the gap is after `before`
        months = int(gap["months"])
        score = library["gap"]["risk"] + round(min(months, 24) / 24 * 0.25, 2)
        basis = [
            f"{library['gap']['risk']:g}: {_BASIS['gap']}",
            f"+{round(min(months, 24) / 24 * 0.25, 2):g}: {months} months",
        ]
        values = {
            "gap_start": month(gap.get("start")),
            "gap_end": month(gap.get("end")),
            "gap_months": months,
            "before": facts.role_label(before) or "your previous job",
            "after": facts.role_label(after) or "your next job",
            "gap_before": month(roles[before].get("end")) if isinstance(before, int) else "?",
            "return": month(roles[after].get("start")) if isinstance(after, int) else "?",
        }
        cites = role_cite(before) + role_cite(after)
        variants = {}
        stated = gap.get("explanation")  # resume.analyze reads it from a "Career break" section
        if isinstance(stated, Mapping) and stated.get("text"):
            values["stated"] = stated["text"]
            cites += facts.citer.cites([(stated.get("source"), stated["text"])])
            score -= 0.05
            basis.append("-0.05: the resume already explains it")
        else:
            variants["acknowledge"] = "acknowledge_unstated"
        evidence = strongest(facts, after) if isinstance(after, int) else []
        about = " ".join(e["text"] for e in evidence)
        out.append(Objection("gap", score, basis, values, cites, evidence, about, variants=variants))

    # Short stays.
    short_roles = [
        i
        for i, r in enumerate(roles)
        if r.get("kind", "work") == "work"
        and not r.get("current")
        and isinstance(r.get("months"), int)
        and r["months"] < SHORT_TENURE_MONTHS
    ]
    if len(short_roles) >= 2:
        labels = [f"{facts.role_label(i)} ({roles[i]['months']} months)" for i in short_roles]
        values = {"roles": listing(labels), "count": len(short_roles)}
        cites = [c for i in short_roles for c in role_cite(i)]
        evidence = strongest(facts, short_roles[0])
        risk = library["job_hopping"]["risk"]
        out.append(
            Objection(
                "job_hopping",
                risk,
                [f"{risk:g}: {_BASIS['job_hopping']}"],
                values,
                cites,
                evidence,
                about=" ".join(e["text"] for e in evidence),
            )
        )
    elif short_roles:
        i = short_roles[0]
        values = {
            "organisation": roles[i].get("organisation") or roles[i].get("title") or "that job",
            "role": roles[i].get("title") or "that role",
            "months": roles[i]["months"],
        }
        evidence = strongest(facts, i)
        risk = library["short_tenure"]["risk"]
        out.append(
            Objection(
                "short_tenure",
                risk,
                [f"{risk:g}: {_BASIS['short_tenure']}"],
                values,
                role_cite(i),
                evidence,
                about=" ".join(e["text"] for e in evidence),
            )
        )

    out.extend(_changes(facts, role_cite))
    out.extend(_level(facts, role_cite, total))
    return out


def _posting_parts(facts: Facts) -> tuple[str, str]:
    """The posting's title and its employer's name (from the company, or the title after a dash)."""
    title = facts.title()
    company = facts.job.get("company")
    employer = (company.get("text") if isinstance(company, Mapping) else None) or ""
    parts = re.split(r"\s[—–|-]\s|\sat\s", title, maxsplit=1)
    if len(parts) == 2:
        title, employer = parts[0].strip(), employer or parts[1].strip()
    return title, employer


def _changes(facts: Facts, role_cite: Any) -> list[Objection]:
    out: list[Objection] = []
    roles, library = facts.roles, facts.data["kinds"]
    vocab = facts.vocabulary
    latest = facts.latest_role()
    title, employer = _posting_parts(facts)
    role_source = (
        (facts.job.get("role") or {}).get("source") if isinstance(facts.job.get("role"), Mapping) else None
    )
    company = facts.job.get("company")
    company_source = company.get("source") if isinstance(company, Mapping) else role_source
    covered = set()
    if latest is not None:
        index, role = latest
        current = facts.role_label(index) or "your latest role"
        for kind, table, text, source in (
            ("function", vocab.get("functions") or {}, title, role_source),
            ("industry", vocab.get("industries") or {}, employer, company_source),
        ):
            target = classify(table, text) if text else None
            mine = (role.get(kind) or {}).get("name") if isinstance(role.get(kind), Mapping) else None
            if not target or not mine or target == mine:
                continue
            earlier = [
                i
                for i, r in enumerate(roles)
                if i != index and isinstance(r.get(kind), Mapping) and r[kind].get("name") == target
            ]
            name = f"{kind}_return" if earlier else f"{kind}_change"
            risk = library[name]["risk"]
            basis = [f"{risk:g}: {_BASIS[name]} ({mine} → {target})"]
            coverage = (facts.match.get("coverage") or {}).get("score")
            if kind == "function" and isinstance(coverage, (int, float)) and coverage < LOW_COVERAGE:
                risk += 0.2
                basis.append(f"+0.2: the resume covers {coverage:.0%} of the posting (match coverage)")
            values = {
                "from": mine,
                "to": target,
                "a_to": with_article(target),
                "title": title,
                "current": current,
            }
            cites = facts.citer.cites([(source, text)]) + role_cite(index)
            evidence = []
            for i in earlier:
                cites += role_cite(i)
                evidence += strongest(facts, i, 1)
            if not evidence:
                evidence = closest(
                    facts.title()
                    + " "
                    + " ".join(
                        r.get("text", "")
                        for r in facts.job.get("responsibilities") or []
                        if isinstance(r, Mapping)
                    ),
                    facts,
                )
            covered.add((kind, mine, target))
            out.append(
                Objection(
                    name,
                    risk,
                    basis,
                    values,
                    cites,
                    evidence[:MAX_EVIDENCE],
                    about=" ".join(e["text"] for e in evidence),
                )
            )
    for change in (facts.resume.get("signals") or {}).get("changes") or []:
        if not isinstance(change, Mapping):
            continue
        key = (change.get("kind"), change.get("to"), change.get("from"))
        if any(c[0] == key[0] for c in covered):
            continue  # the change to the posting is the one they will ask about
        to_role = change.get("to_role")
        risk = library["career_change"]["risk"]
        values = {
            "from": change.get("from"),
            "to": change.get("to"),
            "change": change.get("kind"),
            "role": facts.role_label(to_role) or "your next job",
        }
        evidence = strongest(facts, to_role, 1) if isinstance(to_role, int) else []
        out.append(
            Objection(
                "career_change",
                risk,
                [f"{risk:g}: {_BASIS['career_change']}"],
                values,
                role_cite(change.get("from_role")) + role_cite(to_role),
                evidence,
                about=" ".join(e["text"] for e in evidence),
            )
        )
    return out


def _candidate_level(title: str, data: Mapping[str, Any]) -> str:
    """The level a title reads as (``data``: the ``[seniority]`` table)."""
    for entry in data["titles"]:
        if _words_in(title, entry["words"]):
            return entry["level"]
    return data["default"]


def _level(facts: Facts, role_cite: Any, total: float) -> list[Objection]:
    seniority = facts.job.get("seniority")
    latest = facts.latest_role()
    if not isinstance(seniority, Mapping) or latest is None or not latest[1].get("title"):
        return []
    ranks = facts.data["seniority"]["ranks"]
    level = seniority.get("level")
    mine = _candidate_level(latest[1]["title"], facts.data["seniority"])
    if level not in ranks:
        return []
    difference = ranks[mine] - ranks[level]
    asked = max(
        (r.get("years") or 0 for r in facts.job.get("requirements") or [] if isinstance(r, Mapping)),
        default=0,
    )
    if difference >= 2:
        name = "overqualified"
    elif difference <= -2 or (asked and total < asked):
        name = "underqualified"
    else:
        return []
    risk = facts.data["kinds"][name]["risk"]
    values = {
        "level": level,
        "candidate_level": mine,
        "total_years": _years(total),
        "current": facts.role_label(latest[0]) or latest[1]["title"],
        "basis": seniority.get("basis", ""),
    }
    basis_text = seniority.get("basis", "")
    cites = facts.citer.cites(
        [(seniority.get("source"), basis_text.split(":", 1)[-1].strip() or facts.title())]
    )
    cites += role_cite(latest[0])
    evidence = strongest(facts, latest[0])
    return [
        Objection(
            name,
            risk,
            [f"{risk:g}: {_BASIS[name]} ({mine} vs {level})"],
            values,
            cites,
            evidence,
            about=" ".join(e["text"] for e in evidence),
        )
    ]


def standard(facts: Facts, found: list[Objection]) -> list[Objection]:
    library = facts.data["kinds"]
    out = []

    # The weakness question: name a real weak spot from this match.
    weak = next(
        (o for o in found if o.kind in ("missing_must", "degree", "partial_must", "years_short")), None
    )
    weak = weak or next((o for o in found if library[o.kind]["origin"] == "match"), None)
    values: dict[str, Any] = {}
    if weak:
        values["weak_spot"] = f"the posting's “{weak.values['requirement']}”, a {weak.values['priority']}"
        cites, about = list(weak.cites), weak.about
        evidence = list(weak.evidence)
    else:
        values["weak_spot"] = "[a real skill this job needs that you are still building]"
        cites, about, evidence = [], "", []
    risk = library["weakness"]["risk"]
    out.append(
        Objection("weakness", risk, [f"{risk:g}: {_BASIS['weakness']}"], values, cites, evidence, about)
    )

    # Why are you leaving (or: why did you leave).
    latest = facts.latest_role()
    risk = library["why_leaving"]["risk"]
    basis = [f"{risk:g}: {_BASIS['why_leaving']}"]
    variants: dict[str, str] = {}
    if latest is not None:
        index, role = latest
        org = role.get("organisation") or role.get("title") or "your last job"
        values = {
            "organisation": org,
            "current": facts.role_label(index) or org,
            "tenure_years": _years(round((role.get("months") or 0) / 12, 1)),
            "since": month(role.get("end")),
        }
        source = role.get("source")
        citation = facts.citer.cite_lines(source)
        text = " ".join(p for p in (role.get("title"), role.get("organisation"), role.get("dates")) if p)
        cites = [citation] if citation else facts.citer.cites([(source, text)])
        if not role.get("current"):
            variants["phrasing"] = "phrasing_ended"
            as_of = str((facts.resume.get("signals") or {}).get("as_of") or "")
            idle = _months_between(role.get("end"), as_of)
            if idle is not None and idle > 6:
                extra = round(min(idle, 24) / 24 * 0.25, 2)
                risk += 0.1 + extra
                basis.append(
                    f"+{0.1 + extra:g}: not working for {idle} months since {month(role.get('end'))}"
                )
        evidence = strongest(facts, index)
    else:
        values = {
            "organisation": "your last job",
            "current": "your last job",
            "tenure_years": "?",
            "since": "?",
        }
        cites, evidence = [], []
    out.append(
        Objection(
            "why_leaving",
            risk,
            basis,
            values,
            cites,
            evidence,
            about=" ".join(e["text"] for e in evidence),
            variants=variants,
        )
    )

    # Salary expectations.
    pay = facts.job.get("pay")
    risk = library["salary"]["risk"]
    if isinstance(pay, Mapping) and pay.get("text"):
        values = {"pay": pay_text(pay)}
        cites = facts.citer.cites([(pay.get("source"), pay["text"])])
        variants = {"why": "why_stated", "acknowledge": "acknowledge_stated"}
    else:
        values, cites, variants = {}, [], {}
    evidence = strongest(facts)
    out.append(
        Objection(
            "salary",
            risk,
            [f"{risk:g}: {_BASIS['salary']}"],
            values,
            cites,
            evidence,
            about=" ".join(e["text"] for e in evidence),
            variants=variants,
        )
    )
    return out


def _months_between(start: Any, end: Any) -> int | None:
    if not (isinstance(start, str) and isinstance(end, str)):
        return None
    # a year alone (resume.analyze keeps "2012 – 2017" at year precision) counts as its December
    if not (re.fullmatch(r"\d{4}(?:-\d{2})?", start) and re.fullmatch(r"\d{4}-\d{2}", end)):
        return None
    start_month = int(start[5:]) if len(start) > 4 else 12
    return (int(end[:4]) * 12 + int(end[5:])) - (int(start[:4]) * 12 + start_month)


# ---------------------------------------------------------------------------
# The answer: acknowledge -> reframe -> evidence -> bridge
# ---------------------------------------------------------------------------


def bridge_to(objection: Objection, facts: Facts) -> tuple[dict[str, Any] | None, str]:
    """The employer need (responsibility or theme) the answer bridges to, and what links to it."""
    if not facts.needs:
        return None, ""
    about = extract(objection.about)
    evidence = extract(" ".join(e["text"] for e in objection.evidence))
    ranked = []
    for n, need in enumerate(facts.needs):
        terms = extract(need["text"])
        score = 2 * overlap(about, terms) + overlap(evidence, terms)
        score -= 3 * facts.used_needs.get(n, 0)  # vary the needs: each answer bridges somewhere new
        ranked.append((-score, n))
    ranked.sort()
    n = ranked[0][1]
    facts.used_needs[n] = facts.used_needs.get(n, 0) + 1
    link = short(objection.evidence[0]["text"], 10) if objection.evidence else ""
    return facts.needs[n], link


def respond(objection: Objection, facts: Facts) -> dict[str, Any]:
    data = facts.data["kinds"][objection.kind]
    frame = facts.frameworks["objection"]

    def text(key: str) -> str:
        return fill(data[objection.variants.get(key, key)], objection.values)

    if not objection.evidence and "reframe_none" in data:
        objection.variants.setdefault("reframe", "reframe_none")

    evidence = []
    for item in objection.evidence:
        role = f" (as {item['role']})" if item.get("role") else ""
        template = frame["evidence_metric"] if item["metrics"] else frame["evidence"]
        line = fill(
            template,
            {"achievement": item["text"].rstrip("."), "role": role, "metrics": ", ".join(item["metrics"])},
        )
        evidence.append({"text": line, "cites": facts.citer.cites([(item.get("source"), item["text"])])})
    acknowledge = text("acknowledge")
    if not evidence and objection.missing:
        acknowledge += " " + fill(frame["no_evidence"], {"missing": objection.missing})
    need, link = bridge_to(objection, facts)
    if need is None:
        bridge = (
            "The posting names no responsibilities to bridge to: ask them what the first 90 days look like."
        )
        bridge_cites: list[dict[str, Any]] = []
    else:
        template = frame["bridge"] if link else frame["bridge_no_evidence"]
        bridge = fill(
            template, {"need": need_quote(need["text"]), "where": need["where"], "link": f"“{link}”"}
        )
        bridge_cites = facts.citer.cites([(need.get("source"), need["text"])])
    return {
        "acknowledge": acknowledge,
        "reframe": text("reframe"),
        "evidence": evidence,
        "say": first_person(objection.evidence[0]["text"]) if objection.evidence else "",
        "bridge": bridge,
        "bridge_cites": bridge_cites,
    }


def level_of(score: float, levels: Mapping[str, float]) -> str:
    return "high" if score >= levels["high"] else "medium" if score >= levels["medium"] else "low"


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, resume, matched = ctx.config["job"], ctx.config["resume"], ctx.config["match"]
    limit = ctx.config.get("max", 8)
    if not isinstance(limit, int) or limit < len(STANDARD):
        raise prepflow.StepError(f"max must be a whole number of at least {len(STANDARD)}, got {limit!r}")
    if not isinstance(matched.get("requirements"), list):
        raise prepflow.StepError("match: no requirements list; pass the outputs of match.evidence")
    citer = Citer(ctx, max_words=MAX_QUOTE_WORDS, strict=True)  # no quote at all rather than a wrong one
    facts = Facts(
        job=job,
        resume=resume,
        match=matched,
        citer=citer,
        data=load_data("objections", ctx),  # prepflow's data, extended by the plan's packs
        frameworks=load_data("frameworks", ctx),
        vocabulary=load_data("roles", ctx),
    )
    facts.achievements = [
        a for a in resume.get("achievements") or [] if isinstance(a, Mapping) and a.get("text")
    ]
    facts.roles = [r for r in resume.get("roles") or [] if isinstance(r, Mapping)]
    facts.needs = _needs(job)

    found = from_match(facts) + from_resume(facts)
    found = [o for _, o in sorted(enumerate(found), key=lambda x: (-round(x[1].score, 2), x[0]))]
    kept = found[: limit - len(STANDARD)] + standard(facts, found)
    ordered = [o for _, o in sorted(enumerate(kept), key=lambda x: (-round(x[1].score, 2), x[0]))]

    library = facts.data["kinds"]
    objections = []
    counts: dict[str, int] = {}
    for objection in ordered:
        counts[objection.kind] = counts.get(objection.kind, 0) + 1
        data = library[objection.kind]
        score = round(min(max(objection.score, 0.0), 1.0), 2)

        def text(key: str, o: Objection = objection, d: Mapping[str, Any] = data) -> str:
            return fill(d[o.variants.get(key, key)], o.values)

        objections.append(
            {
                "id": f"{objection.kind.replace('_', '-')}-{counts[objection.kind]}",
                "kind": objection.kind,
                "risk": {
                    "score": score,
                    "level": level_of(score, facts.data["levels"]),
                    "basis": "; ".join(objection.basis),
                },
                "origin": data["origin"],
                "phrasing": text("phrasing"),
                "why": text("why"),
                "cites": objection.cites,
                "response": respond(objection, facts),
                "practice": text("practice"),
            }
        )
    frame = facts.frameworks["objection"]
    return {
        "objections": objections,
        "framework": {"name": frame["name"], "steps": frame["steps"]},
        "considered": len(found) + len(STANDARD),
    }
