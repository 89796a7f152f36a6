"""The dossier's facts as objections read them, and the candidate's achievements chosen as evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.objections.wording import MIN_NEED_WORDS, first_sentence, overlap
from prepflow_plugins.text.duties import owned_duty
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import extract

MAX_EVIDENCE = 2
TOP_THEMES = 5


@dataclass
class Facts:
    job: Mapping[str, Any]
    resume: Mapping[str, Any]
    match: Mapping[str, Any]
    citer: Citer
    data: Mapping[str, Any]  # data/objections.toml, extended by the plan's packs
    frameworks: Mapping[str, Any]  # objections/frameworks.toml
    vocabulary: Mapping[str, Any]  # resume/roles.toml: functions, industries
    self_described: frozenset[str] = frozenset()  # text/synonyms.toml: ways of working, not skills
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


#: A list's lead-in read as a duty ("Typical duties include but are not limited to: ..."), judged on
#: the words before its colon: nothing to bridge to.
_LEAD_IN = re_compile(
    r"(?:\bnot limited to|\binclud(?:e|es|ing)|\bthe following|\bsuch as|\bas follows|:)\W*$", re.I
)


#: A line that says where the role sits or what it is, not what it does: "lives within the … Team",
#: "This is a full-time position …", "reports to the Director".
_NOT_A_NEED = re_compile(
    r"^\W*(?:lives|sits|resides|reports|belongs|is|are|was|were|will be|this (?:is|position|role|job))\b",
    re.I,
)


#: A line in which the employer or the job describes itself: "<Name> is an …", "<Name> seeks a …".
_DESCRIBES = re_compile(
    r"^\W*(?:the\s+)?(?:\(?[A-Z][\w&().'’-]*\s+|(?:of|and|for|the|&)\s+){1,10}"
    r"(?:is|are|was|seeks|offers|provides)\s+(?:an?|the|one)\b"
)


def describes_itself(text: str) -> bool:
    """Whether a line is the employer or the job describing itself ("The Office of … is an …")."""
    return bool(_DESCRIBES.match(text))


def _needs(job: Mapping[str, Any], not_problems: Sequence[str] = ()) -> list[dict[str, Any]]:
    """What an answer bridges to: the duties the role owns (a line that opens with what the person
    does, not "This is a full-time position, with hours …", "lives within the … Team" or "other
    duties as required"), or any duty when none reads so; the posting's themes when it lists none."""
    needs = []
    duties = [
        i
        for i in job.get("responsibilities") or []
        if isinstance(i, Mapping) and i.get("text") and not _LEAD_IN.search(i["text"].split(":", 1)[0])
    ]
    whole = [i for i in duties if len(i["text"].split()) >= MIN_NEED_WORDS]
    owned = [i for i in whole if owned_duty(not_problems, i["text"]) and not _NOT_A_NEED.match(i["text"])]
    # with no duty the role owns, any whole line but one where the employer describes itself ("The
    # Office of … is an independent agency", "OCB seeks a Clerical College Aide who …")
    described = [i for i in whole if not describes_itself(i["text"])]
    for item in owned or described:  # a one-to-four-word piece is no duty to bridge to
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


#: A past form that opens a line saying what the candidate did ("Led …", "Built …"), beside any "-ed".
_DONE = frozenset(
    [
        "led",
        "built",
        "ran",
        "won",
        "made",
        "wrote",
        "taught",
        "drove",
        "grew",
        "cut",
        "set",
        "oversaw",
        "began",
        "brought",
        "sold",
        "spoke",
        "took",
        "gave",
        "found",
        "chose",
        "kept",
        "met",
        "rebuilt",
        "rewrote",
        "sped",
        "upheld",
    ]
)


def told_as_done(text: str) -> bool:
    """Whether a line says what the candidate did or does ("Cut late parcels by 30%"), rather than describe a
    thing ("Easy to be further customized or extended") or stop mid-way ("Full support for … (e.g")."""
    if text.count("(") > text.count(")"):
        return False  # cut inside a bracket: not a line to say aloud
    first = (text.split() or [""])[0].lower().strip(",.;:")
    # "Implementing RESTful services …": a current role's lines say what is being done
    return first.endswith("ed") or first in _DONE or (first.endswith("ing") and len(first) > 5)


def strongest(facts: Facts, role: int | None = None, limit: int = MAX_EVIDENCE) -> list[dict]:
    """Achievements with the most metrics (of one role, if given), in resume order on ties; a line
    with no number is kept only when it says what the candidate did."""
    items = [
        (-len(a.get("metrics") or []), n, a)
        for n, a in enumerate(facts.achievements)
        if (role is None or a.get("role") == role) and (a.get("metrics") or told_as_done(a["text"]))
    ]
    items.sort(key=lambda x: (x[0], x[1]))
    return [_achievement(a, facts) for _, _, a in items[:limit]]


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
