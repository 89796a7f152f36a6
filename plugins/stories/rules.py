"""The rules behind ``stories.bank``: its documentation, config and outputs are in
:mod:`prepflow_plugins.stories`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any, TypedDict

from prepflow_plugins.citing import Citer
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.stories import MAX_STORIES, MIN_STORIES
from prepflow_plugins.text.duties import owned_duty
from prepflow_plugins.text.filler import is_filler
from prepflow_plugins.text.leading import led_as_asked, proves_leading
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import WORD, stem
from prepflow_plugins.text.stopwords import LIGHT_STEMS, STOPWORDS
from prepflow_plugins.text.terms import Terms, extract
from prepflow_plugins.text.voice import employer_talk

import prepflow

#: An achievement proves a duty when it shares this many words with it (or a named skill).
DUTY_SHARED = 3
STRONG = 1.5  # a named skill (2), or a word and a common one (1 + 0.5) at least
HALF = 0.5  # what a word every posting uses counts towards DUTY_SHARED and a strong match
#: Words a resume line and a posting share without meaning the same work ("team members", "third-party").
_COMMON = frozenset(
    stem(w)
    for w in [
        *["member", "members", "user", "users", "party", "improve", "improving", "way", "ways"],
        # "Created new content structure" is no proof of "create innovative learning opportunities"
        *[
            "new",
            "various",
            "variety",
            "several",
            "other",
            "high",
            "quality",
            "best",
            "effective",
            "innovative",
        ],
    ]
)
#: What a story proves is listed strongest first, at most this many.
MAX_PROVES = 6
#: Requirement kinds a story cannot prove (citizenship, a degree, a licence).
NOT_PROVABLE = {"education", "licence", "license"}


# -- reading the resume ---------------------------------------------------------

_DATED_NOTE = re_compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+)?(?:19|20)\d{2}\s*[-–—]", re.I
)
#: A line about a thing, not about what the candidate did ("The application allows users to …"):
#: a project's description, told as a story it has no action and a broken title.
_ABOUT_A_THING = re_compile(r"^\W*(?:the|this|these|those|it|its)\s", re.I)
_NUMBER = re_compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundred|hundreds|thousand|thousands|million|millions|half|double|doubled|tripled|halved|twice)\b",
    re.I,
)


def usable_achievements(resume: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Achievements that are things the candidate did (not a dated note such as a career break)."""
    return [
        a
        for a in resume.get("achievements") or []
        if isinstance(a, Mapping)
        and a.get("text")
        and not _DATED_NOTE.match(a["text"])
        and not _ABOUT_A_THING.match(a["text"])
        and not is_filler(a["text"])
    ]


def _role(resume: Mapping[str, Any], index: Any) -> Mapping[str, Any] | None:
    roles = resume.get("roles") or []
    return roles[index] if isinstance(index, int) and 0 <= index < len(roles) else None


def _words_re(words: list[str]) -> re.Pattern[str]:
    return re_compile(r"\b(?:" + "|".join(words) + r")\b", re.I)


# -- STAR -----------------------------------------------------------------------


class Star(TypedDict):
    """An achievement split into STAR parts: the action always, task and result where it says them."""

    task: str | None
    action: str
    result: str | None


def split_star(text: str, data: Mapping[str, Any]) -> Star:
    """The achievement's own words as task, action and result (None where it says nothing)."""
    text = " ".join(text.split()).rstrip()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text) if s]
    first, later = sentences[0], sentences[1:]
    action, result = first.rstrip("."), None

    opener = re.search(
        r",\s+(?P<r>(?:" + "|".join(data["words"]["result_openers"]) + r")\b.*)$", action, re.I
    )
    lead = action.split()[0].lower() if action.split() else ""
    how = re.search(r"\s(?P<how>(?:by|through|via)\s+[a-z]+ing\b.*|(?:with|using)\s+(?!\d).*)$", action)
    if opener:
        action, result = action[: opener.start()], opener.group("r")
    elif lead in data["words"]["result_verbs"] and how and _NUMBER.search(action[: how.start()]):
        result, action = action[: how.start()], how.group("how")
        means = data.get("blanks", {}).get("means")
        if re.match(r"(?:with|using)\b", action) and means:  # "with queue-depth alerting": a means, no verb
            action = means.format(means=action)
        else:
            action = action[:1].upper() + action[1:]  # "By adding alerting on queue depth"
    elif ";" in action:
        head, _, tail = action.partition(";")
        if _NUMBER.search(tail) or _words_re(data["words"]["result_words"]).search(tail):
            action, result = head, tail.strip()
    results = [
        s.rstrip(".")
        for s in later
        if _words_re(data["words"]["result_words"]).search(s) or _NUMBER.search(s)
    ]
    actions = [s.rstrip(".") for s in later if s.rstrip(".") not in results]
    if results and result is None:
        result = "; ".join(results)
    elif results and result is not None:
        result = "; ".join([result, *results])
    action = ". ".join([action, *actions[:2]])
    task = None
    m = re.search(
        r"\b(?:in order to|to|so that)\s+(?P<task>(?:meet|improve|reduce|help|support|increase|ensure|enable"
        r"|make|give|provide|keep|speed|address|fix|solve|respond|serve|prepare|anticipate|bring)\b[^,.;]*)",
        action,
        re.I,
    )
    if m:
        task = m.group(0)
    return {"task": task, "action": action.strip(" ,;"), "result": result.strip(" ,;") if result else None}


def _situation(role: Mapping[str, Any] | None, forms: Mapping[str, Any]) -> str | None:
    """The role, organisation and dates as the resume gives them, or None."""
    if role is None:
        return None
    title, org, dates = role.get("title"), role.get("organisation"), role.get("dates")
    if title and org:
        return (forms["full"] if dates else forms["no_dates"]).format(
            title=title, organisation=org, dates=dates
        )
    if title and dates:
        return forms["title_only"].format(title=title, dates=dates)
    if org and dates:
        return forms["organisation_only"].format(organisation=org, dates=dates)
    return None


def _title(text: str, role: Mapping[str, Any] | None) -> str:
    """The achievement's first clause (at least four words: "Developed scalable, robust …" is not cut
    after "scalable"), at most nine words, with the organisation."""
    clause = re.split(r"[,;:.]\s", text, maxsplit=1)[0]
    words = (clause if len(clause.split()) >= 4 else text).split()
    short = " ".join(words[:9]) + (" …" if len(words) > 9 else "")
    org = role.get("organisation") if role else None
    return f"{short} ({org})" if org else short


def build_story(
    achievement: Mapping[str, Any], resume: Mapping[str, Any], citer: Citer, data: Mapping[str, Any]
) -> dict[str, Any]:
    """A STAR story from one achievement: its words where it has them, blanks where it has not."""
    blanks, prompts = data["blanks"], data["missing"]
    parts = split_star(achievement["text"], data)
    role = _role(resume, achievement.get("role"))
    context = _situation(role, data["context"])
    missing = [prompts["situation"]]
    situation = f"{context} {blanks['situation']}" if context else blanks["situation"]
    task = parts["task"] or blanks["task"]
    if not parts["task"]:
        missing.append(prompts["task"])
    lead = parts["action"].split()[0].lower() if parts["action"] else ""
    if 0 < len(parts["action"].split()) < 6 or parts["action"].startswith(blanks["action"]):
        missing.append(prompts["short_action"])
    if lead in data["words"]["shared_verbs"]:
        missing.append(prompts["own_part"].format(verb=parts["action"].split()[0]))
    if parts["result"]:
        result = parts["result"]
        if not _NUMBER.search(result):
            missing.append(prompts["number"])
    else:
        result = blanks["result"]
        missing.append(prompts["result"])
        if not any(_NUMBER.search(m.get("text", "")) for m in achievement.get("metrics") or []):
            missing.append(prompts["number"])
    cites = citer.cites([(achievement.get("source"), achievement["text"])])
    if role is not None and context:
        header = " ".join(str(role.get(k) or "") for k in ("title", "organisation"))
        role_cite = citer.cite(role.get("source"), header)
        if role_cite is not None and role_cite not in cites:
            cites.append(role_cite)
    return {
        "title": _title(achievement["text"], role),
        "situation": situation,
        "task": task,
        "action": parts["action"] or blanks["action"],
        "result": result,
        "missing": missing,
        "cites": cites,
    }


# -- what a story proves --------------------------------------------------------


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _strong(requirement: Mapping[str, Any], evidence: Mapping[str, Any]) -> bool:
    """Evidence that shares a named skill or two words with the requirement, never one word alone:
    "Created RESTful services" proves nothing about "Customer Service", and two words every posting
    uses ("team members") are not two words."""
    concepts = {c.lower() for c in extract(requirement.get("requirement", "")).concepts}
    terms = evidence.get("matched_terms") or []
    # a word every posting uses ("team", "members", "service") weighs half: two of them prove nothing
    return sum(2 if t.lower() in concepts else _word_weight(t) for t in terms) >= STRONG


def _word_weight(term: str) -> float:
    words = str(term).lower().split()
    return sum(HALF if stem(w) in LIGHT_STEMS | _COMMON else 1.0 for w in words) / max(len(words), 1)


#: Where a duty turns to examples ("..., such as agile thinking, cloud adoption or automation"): the
#: examples say what the duty touches, not what it is, so they prove nothing.
_EXAMPLES = re_compile(r"\b(?:such as|including|includes|e\.g\.|for example|like)\b", re.I)


def _bigrams(text: str) -> set[tuple[str, str]]:
    stems = [stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS]
    return set(pairwise(stems))


def _proves_duty(wanted: Terms, have: Terms, duty: str = "", text: str = "") -> bool:
    """An achievement proves a duty when they share a named skill or three words ("Wrote unit tests"
    shares only "test" and "application" with "Conduct load tests to ensure the application …").
    One shared phrase is not three words: "subject matter expert" in both says one thing, and a word
    that follows another shared word in both texts counts half."""
    shared = set(wanted.all) & set(have.all)
    following = {b for a, b in _bigrams(duty) & _bigrams(text) if a in shared and b in shared}
    weight = sum(
        HALF if n in LIGHT_STEMS | _COMMON or n in following else 1.0 for n in shared - set(wanted.concepts)
    )
    # a skill shared with the duty proves it only with one more word in common: "automation" alone
    # does not make a home-automation project proof of coaching agencies on automation
    return (bool(shared & set(wanted.concepts)) and weight >= 1.0) or weight >= DUTY_SHARED


def connections(
    achievement: Mapping[str, Any],
    job: Mapping[str, Any],
    match: Mapping[str, Any] | None,
    focus: Mapping[str, Any] | None,
    not_duties: Sequence[str] = (),
) -> list[tuple[float, dict[str, Any], Mapping[str, Any] | None]]:
    """(weight, what it proves, the posting span) for everything the achievement proves.

    ``not_duties``: the patterns of duties about attitudes or culture (``not_problems`` of
    ``ideas.toml``), which no achievement is told as proof of.
    """
    text = achievement["text"]
    found: list[tuple[float, dict[str, Any], Mapping[str, Any] | None]] = []
    for req in (match or {}).get("requirements") or []:
        if not isinstance(req, Mapping) or req.get("kind") in NOT_PROVABLE or req.get("status") == "gap":
            continue  # a gap is match.evidence saying no line proves it: its nearest line is no story
        if employer_talk(str(req.get("requirement") or ""), framing=True):
            continue  # "We are committed to … and looking for …": the employer talking, nothing to prove
        for ev in req.get("evidence") or []:
            if (
                ev.get("kind") == "achievement"
                and _same(ev.get("text", ""), text)
                and (_strong(req, ev) or led_as_asked(str(req.get("requirement") or ""), text))
                and proves_leading(str(req.get("requirement") or ""), text)
            ):
                must = req.get("priority", "must") == "must"
                weight = (2.0 if must else 1.0) * max(float(ev.get("score") or 0), 0.25)
                what = {"text": req["requirement"], "what": "must-have" if must else "nice-to-have"}
                found.append((weight, {**what, "status": req.get("status")}, req.get("source")))
    for comp in (focus or {}).get("competencies") or []:
        if not isinstance(comp, Mapping):
            continue
        proof = [p for p in comp.get("proof") or [] if _same(p.get("text", ""), text)]
        if (
            proof
            and _strong({"requirement": comp.get("competency", "")}, proof[0])
            and proves_leading(str(comp.get("competency") or ""), text)
        ):
            why = (comp.get("why") or [{}])[0]
            what = {"text": comp["competency"], "what": "focus competency", "status": comp.get("status")}
            found.append((2.0, what, why.get("source")))
    have = extract(text)
    duties = 0
    for duty in job.get("responsibilities") or []:
        if not isinstance(duty, Mapping) or duties == 3 or not owned_duty(not_duties, duty.get("text", "")):
            continue  # only duties the role owns: not culture, attitudes or the employer
        wanted = extract(_EXAMPLES.split(duty.get("text", ""), maxsplit=1)[0])
        if _proves_duty(wanted, have, duty.get("text", ""), text) and proves_leading(
            duty.get("text", ""), text
        ):
            duties += 1
            found.append((0.75, {"text": duty["text"], "what": "duty", "status": None}, duty.get("source")))
    for theme in (job.get("themes") or [])[:5]:
        if not isinstance(theme, Mapping) or not theme.get("evidence"):
            continue
        wanted = extract(theme.get("phrase", ""))
        if not wanted.concepts:
            continue  # a theme is proved by the skill it names, never by its words ("data science analytics")
        if set(wanted.concepts) & set(have.concepts):
            first = theme["evidence"][0]
            found.append(
                (0.5, {"text": theme["phrase"], "what": "theme", "status": None}, first.get("source"))
            )
    return found


def best_for(
    achievement: Mapping[str, Any], proves: list[dict[str, Any]], topics: Mapping[str, Any]
) -> list[str]:
    """Interview questions the story answers: by its own words, then the requirements it proves."""
    questions: list[str] = []
    for topic in topics.values():
        if re.search(r"\b(?:" + "|".join(topic["keywords"]) + ")", achievement["text"], re.I):
            questions.extend(q for q in topic["questions"] if q not in questions)
    for item in proves:
        if item["what"] in ("must-have", "nice-to-have", "focus competency"):
            text = " ".join(item["text"].split()[:14]) + (" …" if len(item["text"].split()) > 14 else "")
            question = f"questions about “{text}” ({item['what']})"
            if question not in questions:
                questions.append(question)
    return questions[:5]


# -- the step -------------------------------------------------------------------


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    resume, job = ctx.config["resume"], ctx.config["job"]
    match, focus = ctx.config.get("match"), ctx.config.get("focus")
    achievements = usable_achievements(resume)
    if not achievements:  # say so plainly: the rest of the dossier still serves the candidate
        return {
            "stories": [],
            "notes": [
                "The resume shows no achievements (bullets under a job: what you did and what came "
                "of it), so there are no stories yet: add a few and run the plan again."
            ],
        }
    citer = Citer(ctx)
    data = load_data("star", ctx)  # prepflow's star.toml, extended by the plan's packs
    not_duties = load_data("ideas", ctx).get("not_problems") or []
    scored = []
    for order, a in enumerate(achievements):
        links = connections(a, job, match, focus, not_duties)
        scored.append((order, a, links))

    # Greedy: each pick proves as much as possible that the stories before it did not.
    chosen: list[tuple[Mapping[str, Any], list[Any], bool]] = []
    proved: dict[str, int] = {}
    pool = list(scored)
    while pool and len(chosen) < MAX_STORIES:

        def value(entry: tuple[int, Mapping[str, Any], list[Any]]) -> tuple[float, int]:
            order, a, links = entry
            gain = sum(w / (1 + proved.get(item["text"], 0)) for w, item, _ in links)
            return (-(gain + (0.5 if gain and a.get("metrics") else 0.0)), order)

        pool.sort(key=value)
        order, a, links = pool[0]
        if not links:
            break
        pool.pop(0)
        for _, item, _ in links:
            proved[item["text"]] = proved.get(item["text"], 0) + 1
        chosen.append((a, links, True))
    notes = []
    if len(chosen) < MIN_STORIES:
        # no padding: a story that proves nothing they ask for is one the candidate should not tell
        unconnected = len(achievements) - len(chosen)
        if not chosen:
            notes.append(
                f"None of your {len(achievements)} achievements proves something this posting asks for, "
                "so there are no stories yet: tie one to a duty or requirement of theirs before telling it."
            )
        elif unconnected:
            notes.append(
                f"Only {len(chosen)} of your {len(achievements)} achievements "
                f"{'proves' if len(chosen) == 1 else 'prove'} something this posting "
                f"asks for, so only those are stories here; the other {unconnected} "
                f"{'is' if unconnected == 1 else 'are'} left out: tie one "
                "to a need of theirs before telling it."
            )
        else:
            notes.append(
                f"The resume has only {len(achievements)} achievement(s), so only {len(chosen)} stories: "
                "add more bullets (what you did, and what came of it) to the resume."
            )

    stories = []
    for n, (a, links, connected) in enumerate(chosen, start=1):
        story = build_story(a, resume, citer, data)
        proves: list[dict[str, Any]] = []
        for _, item, source in sorted(links, key=lambda link: -link[0]):
            cite = citer.cite(source, item["text"])
            if (
                len(proves) < MAX_PROVES
                and cite is not None
                and all(p["text"] != item["text"] for p in proves)
            ):
                proves.append({**item, "cites": [cite]})
        missing = story["missing"]
        if not connected:
            missing = [*missing, data["missing"]["connect"]]
        stories.append(
            {
                "id": f"story-{n}",
                "title": story["title"],
                "situation": story["situation"],
                "task": story["task"],
                "action": story["action"],
                "result": story["result"],
                "best_for": best_for(a, proves, data["topics"]),
                "proves": proves,
                "connected": connected,
                "missing": missing,
                "cites": story["cites"],
            }
        )
    return {"stories": stories, "notes": notes}
