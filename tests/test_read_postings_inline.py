"""job.analyze on postings that pack several things into one line: a duty list written inline after
its lead-in, and an employer describing itself beside its requirements.

Every posting here is invented for the test.
"""

from __future__ import annotations

from pathlib import Path

from test_read_postings import analyze, req_texts

INLINE_DUTIES = """# Policy Fellow

## About the role

The fellow will work with our regional office.

## Responsibilities

Typical duties for the fellow include but are not limited to: representing the office at partner \
meetings; Building a tracker of open grant applications; drafting short memos for the director on \
funding trends\u037e organising the quarterly volunteer day.

## Qualifications

- Two years of experience in nonprofit operations
- Strong written communication
"""


def test_an_inline_duty_list_is_one_duty_per_item_without_its_lead_in(tmp_path: Path) -> None:
    out = analyze(tmp_path / "fellow.md", INLINE_DUTIES)
    duties = [d["text"] for d in out["responsibilities"]]
    assert duties == [
        "representing the office at partner meetings",
        "Building a tracker of open grant applications",
        "drafting short memos for the director on funding trends",
        "organising the quarterly volunteer day",
    ]
    assert all(d["source"]["start"] == 9 for d in out["responsibilities"])
    everything = " ".join(duties) + req_texts(out)
    assert "not limited to" not in everything.lower()


EMPLOYER_PITCH = """Stock Room Clerk

Job Description
Harbor Supplies is a family firm that sells paper goods to shops across the county.
We are looking for a Stock Room Clerk who will keep our shelves in order.

Qualifications
We are committed to giving our customers the best service, and we are looking for an experienced \
Stock Room Clerk to join our team and help us grow.
- 1-3 years of warehouse experience
- Excellent organizational skills
- Comfortable with spreadsheets
"""


def test_the_employer_describing_itself_and_whom_it_seeks_is_no_requirement(tmp_path: Path) -> None:
    out = analyze(tmp_path / "clerk.txt", EMPLOYER_PITCH)
    assert [r["text"] for r in out["requirements"]] == [
        "1-3 years of warehouse experience",
        "Excellent organizational skills",
        "Comfortable with spreadsheets",
    ]
    assert "looking for" not in req_texts(out)


def test_whom_the_employer_seeks_with_what_they_must_have_is_still_a_requirement(tmp_path: Path) -> None:
    text = EMPLOYER_PITCH.replace(
        "- 1-3 years", "We are looking for candidates with a forklift licence.\n- 1-3 years"
    )
    out = analyze(tmp_path / "clerk.txt", text)
    assert "forklift licence" in req_texts(out)


def test_a_short_list_of_names_after_a_lead_in_is_not_split_into_duties(tmp_path: Path) -> None:
    duties = next(line for line in INLINE_DUTIES.splitlines() if line.startswith("Typical duties"))
    text = INLINE_DUTIES.replace(
        duties, "The three fellowships on offer include: Policy Fellow; Data Fellow; Grants Fellow"
    )
    assert text != INLINE_DUTIES
    out = analyze(tmp_path / "fellow.md", text)
    assert not any(d["text"] in ("Data Fellow", "Grants Fellow") for d in out["responsibilities"])


LIST_HTML = """<html><body><h1>Site Lead</h1>
<h2>Qualifications</h2>
<ul>
<li>Running a regional office of twenty people
Applying agile project practices to office work (e.g. Kanban, retrospectives)</li>
<li>Experience working with the
Federal Government on procurement rules</li>
<li>Plan the weekly staff rota<br>Order the stock for the shop</li>
<li>Keeping the accounts of the office
and of its two branches</li>
</ul>
</body></html>
"""


def test_lines_of_one_html_list_item_that_read_as_items_are_items(tmp_path: Path) -> None:
    out = analyze(tmp_path / "lead.html", LIST_HTML)
    found = [(r["text"], r["source"]["start"]) for r in out["requirements"]]
    assert found[:5] == [
        ("Running a regional office of twenty people", 4),
        ("Applying agile project practices to office work (e.g. Kanban, retrospectives)", 5),
        ("Experience working with the Federal Government on procurement rules", 6),
        ("Plan the weekly staff rota", 8),
        ("Order the stock for the shop", 8),
    ]
    assert ("Keeping the accounts of the office and of its two branches", 9) in found
