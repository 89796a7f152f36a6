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
