"""The manifest fast path never calls a manifest valid that pack.schema.json rejects."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from prepflow.manifest import certainly_valid, pack_schema
from prepflow.schema import problems

NAMES = st.sampled_from(["acme", "acme-coaching", "Acme", "a.b", "-x", "", "x_", "a b", "ns1", "1a"])
PATHS = st.sampled_from(["t.toml", "data/q.toml", "", "../x", "/abs", "job.md", "company/about.md", "a\\b"])
VALUES: st.SearchStrategy[Any] = st.one_of(NAMES, PATHS, st.integers(), st.booleans(), st.none())


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, VALUES)


TEMPLATE = st.dictionaries(
    st.sampled_from(["name", "file", "description", "stubs", "extra"]),
    _maybe(st.one_of(NAMES, PATHS, st.dictionaries(PATHS, _maybe(PATHS), max_size=3))),
    max_size=5,
)
MANIFEST = st.dictionaries(
    st.sampled_from(["pack", "templates", "data", "report", "steps", "other"]),
    st.one_of(
        st.dictionaries(
            st.sampled_from(["name", "namespace", "version", "description", "module", "title", "css", "x"]),
            _maybe(NAMES),
            max_size=5,
        ),
        st.lists(_maybe(TEMPLATE), max_size=3),
        st.dictionaries(NAMES, _maybe(st.lists(_maybe(PATHS), max_size=3)), max_size=3),
        VALUES,
    ),
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(MANIFEST)
def test_the_fast_path_agrees_with_the_schema(doc: dict[str, Any]) -> None:
    if certainly_valid(doc):
        assert list(problems(doc, pack_schema())) == [], doc


def test_the_usual_manifests_take_the_fast_path() -> None:
    doc = {
        "pack": {"name": "acme-coaching", "namespace": "acme", "version": "1.2.0", "description": "x"},
        "templates": [{"name": "default", "file": "t.toml", "stubs": {"job.md": "job.md"}}],
        "data": {"questions": ["data/questions.toml"]},
        "report": {"title": "Acme", "css": "brand.css"},
        "steps": {"module": "acme_pack.steps"},
    }
    assert certainly_valid(doc)
    assert not certainly_valid({**doc, "pack": {**doc["pack"], "namespace": "Acme"}})
