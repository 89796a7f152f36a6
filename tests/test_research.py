"""company.research: profile, hot buttons and homework from invented company pages, every item grounded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from grounding import assert_grounded, citations

from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "company"
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "plugins" / "research" / "output.schema.json").read_text()
)
EVAL = Path(__file__).parent.parent.parent / "shared" / "eval"
PAGES = ["about.md", "news.md", "careers.html"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in [*PAGES, "job.md", "notes.md"]:
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def step(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["step", "run", *args, "--json"])
    return result.exit_code, result.output


def job_json(folder: Path) -> Path:
    code, out = step("job.analyze", "--with", "source=job.md")
    assert code == 0, out
    (folder / "job.json").write_text(out)
    return folder / "job.json"


def research(folder: Path, pages: list[str] = PAGES, job: bool = True) -> dict:
    args = ["company.research", "--with", f"sources={json.dumps(pages)}"]
    if job:
        args += ["--with", f"job=@{job_json(folder)}"]
    code, out = step(*args)
    assert code == 0, out
    return json.loads(out)


def test_profile_from_every_page_with_grounded_citations(folder: Path) -> None:
    out = research(folder)
    jsonschema.validate(out, SCHEMA)
    assert [i["text"] for i in out["mission"]] == [
        "Our mission: make borrowing anything as easy as borrowing a book."
    ]
    assert [i["text"] for i in out["values"]] == [
        "Patrons first.",
        "Open by default.",
        "Small steps, shipped often.",
    ]
    assert any("seed library" in i["text"] for i in out["products"])
    # News, newest first, with the dates they state.
    assert [i["date"] for i in out["initiatives"]] == ["2026-04", "2025-10", "2025-02"]
    assert out["initiatives"][0]["text"].startswith("April 2026: started the redesign")
    # The saved HTML page: culture from its body, nothing from its nav, script or footer.
    culture = " ".join(i["text"] for i in out["culture"])
    assert "branch desk each quarter" in culture
    assert "Cookies" not in json.dumps(out) and "var x" not in json.dumps(out)
    every = list(citations(out))
    assert len(every) >= 20
    for cite in every:
        assert_grounded(cite, folder)


def test_hot_buttons_are_weighted_across_sources(folder: Path) -> None:
    out = research(folder)
    themes = {t["phrase"]: t for t in out["themes"]}
    # Said by the posting and by the company's own pages: a hot button, cited in each place.
    flow = themes["reservation flow"]
    assert flow["sources_count"] == 2
    assert {c["file"] for c in flow["cites"]} == {"job.md", "news.md"}
    assert themes["patrons"]["sources_count"] == 4
    weights = [t["weight"] for t in out["themes"]]
    assert weights == sorted(weights, reverse=True)
    # The employer's name and the role's title are not hot buttons.
    assert not any("lantern" in p.lower() for p in themes)
    assert "product designer" not in themes
    assert "weight =" in out["method"]


def test_homework_lists_only_what_the_material_does_not_answer(folder: Path) -> None:
    out = research(folder)
    topics = {h["id"]: h for h in out["homework"]}
    assert "team-size" not in topics  # careers.html: "a team of 18 people"
    assert "work-location" not in topics  # "working remotely"
    assert {"why-open", "success-measure", "decision-process"} <= set(topics)
    # Each tied to the line that makes it worth asking.
    assert "below 10 percent" in topics["success-measure"]["why"]
    assert topics["success-measure"]["cites"][0]["file"] == "job.md"
    assert "redesign of the mobile reservation flow" in topics["why-open"]["why"]

    # A page that states the interview rounds answers the decision-process topic.
    more = research(folder, [*PAGES, "notes.md"])
    assert "decision-process" not in {h["id"] for h in more["homework"]}
    # YAML front matter is not company material.
    assert "tags" not in json.dumps(more["culture"]) and "title: My notes" not in json.dumps(more)


def test_without_the_job_still_a_profile(folder: Path) -> None:
    out = research(folder, job=False)
    jsonschema.validate(out, SCHEMA)
    assert out["mission"] and out["initiatives"]
    assert out["themes"][0]["phrase"] == "branch desk" and out["themes"][0]["sources_count"] == 2
    for cite in citations(out):
        assert_grounded(cite, folder)


def test_deterministic(folder: Path) -> None:
    job = job_json(folder)
    args = ["company.research", "--with", f"sources={json.dumps(PAGES)}", "--with", f"job=@{job}"]
    assert step(*args) == step(*args)


def test_errors(folder: Path) -> None:
    code, out = step("company.research", "--with", 'sources=["about.md", "missing.md"]')
    assert code != 0 and "missing.md" in out and "not found" in out
    code, out = step("company.research", "--with", "sources=[]")
    assert code != 0 and "sources" in out
    (folder / "empty.md").write_text("")
    code, out = step("company.research", "--with", 'sources=["empty.md"]')
    assert code != 0 and "empty.md" in out


@pytest.mark.skipif(not (EVAL / "company").is_dir(), reason="shared eval material not present")
def test_real_company_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EVAL)
    pages = sorted(str(p.relative_to(EVAL)) for p in (EVAL / "company").glob("*.md"))
    code, job = step("job.analyze", "--with", "source=postings/tts-18f-ux-designer.md")
    assert code == 0
    code, out = step("company.research", "--with", f"sources={json.dumps(pages)}", "--with", f"job={job}")
    assert code == 0, out
    out = json.loads(out)
    jsonschema.validate(out, SCHEMA)
    assert any("mission is to design and deliver a digital government" in i["text"] for i in out["mission"])
    assert len(out["values"]) >= 3
    phrases = {t["phrase"].lower() for t in out["themes"]}
    assert "human-centered" in phrases or "content design" in phrases
    # Title words, words every posting uses, and benefits or hiring words are not hot buttons.
    assert not phrases & {"design", "designer", "ux", "development", "project", "manager", "vision", "code"}
    assert not any(
        w in p for p in phrases for w in ("interview", "insurance", "background", "subject matter")
    )
    # A core-values interview is not a value; a bare list item is not a culture signal.
    assert not any("interview" in v["text"].lower() for v in out["values"])
    assert all(c["text"].rstrip().endswith((".", "!")) or len(c["text"].split()) > 6 for c in out["culture"])
    # The hiring-process page answers the decision process; nothing in front matter leaks in.
    assert "decision-process" not in {h["id"] for h in out["homework"]}
    assert "sidenav" not in json.dumps(out) and "href" not in json.dumps(out)
    for cite in citations(out):
        assert_grounded(cite, EVAL)


HIRING_PAGE = """# Working at Quillon

## Benefits
The benefits package includes medical, dental and vision insurance, and paid leave.

## How we hire
The final round always includes a values interview with two people from the team.

## Our values
- Guests first: we fix the problem in front of us before we write it down.

## Employee groups
- Night shift parents
- Walking club

## Culture
We share every guest complaint at the morning handover, and fix one each week.
Our guest complaints board is open to every team.
"""


def test_hiring_benefits_and_list_items_are_no_company_facts_or_hot_buttons(folder: Path) -> None:
    (folder / "hiring.md").write_text(HIRING_PAGE, encoding="utf-8")
    code, out = step("company.research", "--with", f"sources={json.dumps(['hiring.md', 'about.md'])}")
    assert code == 0, out
    profile = json.loads(out)
    jsonschema.validate(profile, SCHEMA)
    everything = json.dumps(
        {k: profile[k] for k in ("mission", "values", "products", "initiatives", "culture")}
    )
    assert "interview" not in everything and "insurance" not in everything
    assert "Night shift parents" not in everything and "Walking club" not in everything
    assert any("guest complaint" in c["text"] for c in profile["culture"])
    phrases = {t["phrase"].lower() for t in profile["themes"]}
    assert "vision" not in phrases and not any("interview" in p for p in phrases)


def test_hot_buttons_are_never_read_from_hiring_pages_or_names(folder: Path) -> None:
    """A phrase the posting shares only with the page about how they hire ("support desk") is how they
    hire, not what they care about; a programme's name ("Lantern Fellows Program") is a name."""
    process = Path(__file__).parent / "fixtures" / "company_process"
    for name in ("hiring-process.md", "team.md"):
        shutil.copy(process / name, folder / name)
    with (folder / "job.md").open("a", encoding="utf-8") as job:
        job.write("\nDesigners on this team join the Lantern Fellows Program.\n")
    out = research(folder, [*PAGES, "hiring-process.md", "team.md"])
    jsonschema.validate(out, SCHEMA)
    phrases = [t["phrase"].lower() for t in out["themes"]]
    assert "support desk" not in phrases
    assert not any("fellows" in p for p in phrases)
    assert "reservation flow" in phrases  # said in the posting and the news: a hot button
    # a sentence leaning on the one before ("They meet every month ...") does not stand alone
    assert not any(i["text"].startswith("They ") for key in ("culture", "values") for i in out[key])


def test_cues_are_found_in_any_case_and_beside_any_character(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cue is found case-insensitively whether or not the sentence is plain ASCII (the patterns run
    for any sentence a quick look cannot rule out), and a sentence with none of the cues is filed by
    its heading alone."""
    (tmp_path / "about.md").write_text(
        "# About Lumen Café\n\n"
        "OUR MISSION IS TO LIGHT EVERY READING ROOM IN THE VALLEY.\n\n"
        "# Products\n\n"
        "Our lamps ship to twelve libraries.\n\n"
        "# Notes\n\n"
        "Notre café, Our Mission: des lampes pour chaque bibliothèque.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, out = step("company.research", "--with", 'sources=["about.md"]')
    assert code == 0, out
    found = json.loads(out)
    assert [i["text"] for i in found["mission"]] == [
        "OUR MISSION IS TO LIGHT EVERY READING ROOM IN THE VALLEY.",
        "Notre café, Our Mission: des lampes pour chaque bibliothèque.",
    ]
    assert [i["text"] for i in found["products"]] == ["Our lamps ship to twelve libraries."]
