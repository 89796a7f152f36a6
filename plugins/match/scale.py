"""The scale of a match: the score thresholds of met and partial, and what each status is worth."""

from __future__ import annotations

MET, PARTIAL = 0.6, 0.25
PRIORITY_WEIGHT = {"must": 2, "nice": 1}
CREDIT = {"met": 1.0, "partial": 0.5, "gap": 0.0}
# Requirements a resume cannot show (citizenship, background checks): reported, not scored.
NOT_SCORED_KINDS = {"eligibility"}
