"""``prepflow init``: a ready plan and stub inputs that validate and run out of the box."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli
from prepflow.initplan import default_plan, init_project, stub_files
from prepflow.plugins import Plugins


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_default_init_validates_and_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _invoke("init", "interview")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "interview"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "company/about.md",
        "job.md",
        "plan.toml",
        "resume.md",
    ]
    for name, what in (
        ("job.md", "paste the job posting here"),
        ("resume.md", "paste your resume here"),
        ("company/about.md", "paste what you find about the employer here"),
    ):
        assert what in (folder / name).read_text(encoding="utf-8").splitlines()[0]
    plan = (folder / "plan.toml").read_text(encoding="utf-8")
    assert plan.startswith("# Written by `prepflow init` from prepflow's default template.")
    assert "next: paste your material into the stubs" in result.output
    assert _invoke("validate", "interview/plan.toml").exit_code == 0
    ran = _invoke("run", "interview/plan.toml")
    assert ran.exit_code == 0, ran.output
    assert (folder / "out" / "dossier.md").is_file()


def test_default_template_uses_the_installed_first_party_steps():
    doc = default_plan(Plugins())
    steps = doc["steps"]
    assert {sid: s["uses"] for sid, s in steps.items() if sid in ("job", "resume", "match", "focus")} == {
        "job": "job.analyze",
        "resume": "resume.analyze",
        "match": "match.evidence",
        "focus": "focus.competencies",
    }
    installed = Plugins().step_types
    for sid, uses in (
        ("research", "company.research"),
        ("questions", "questions.draft"),
        ("ideas", "ideas.problem_solving"),
        ("objections", "objections.rehearse"),
        ("stories", "stories.bank"),
        ("posture", "posture.check"),
    ):
        if uses in installed and sid in steps:
            assert steps[sid]["uses"] == uses
    if "company.research" in installed:
        assert steps["research"]["with"]["sources"] == "${inputs.company}"


def test_default_template_fills_options_by_name_and_drops_what_it_cannot(testkit):
    def run(ctx):
        return {}

    def step(name, properties, required):
        schema = {"type": "object", "properties": properties, "required": required}
        return prepflow.StepType(name=name, run=run, summary="x", config_schema=schema)

    class Fake:
        @prepflow.hookimpl
        def register_step_types(self, register):
            for name in ("job.analyze", "resume.analyze", "match.evidence", "focus.competencies", "doc.load"):
                register(step(name, {}, []))
            register(step("company.research", {"sources": {"type": "array"}}, ["sources"]))
            register(step("questions.draft", {"job": {"type": "object"}, "research": {}}, ["job"]))
            register(step("stories.bank", {"job": {"type": "object"}, "secret": {}}, ["secret"]))

    plugins = Plugins(entry_points=False)
    plugins.register(Fake(), name="fake")
    steps = default_plan(plugins)["steps"]
    assert steps["research"] == {"uses": "company.research", "with": {"sources": "${inputs.company}"}}
    assert steps["questions"]["with"] == {
        "job": "${steps.job.outputs}",
        "research": "${steps.research.outputs}",
    }
    assert "stories" not in steps  # a required option it cannot fill
    assert "company" not in steps  # company.research reads the pages itself


def test_init_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine" / "company").mkdir(parents=True)
    (tmp_path / "mine" / "resume.md").write_text("my own resume")
    result = _invoke("init", "mine")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"prepflow: error: {Path('mine') / 'resume.md'}: exists already; "
        "prepflow init never overwrites files (choose an empty folder, or move it away)"
    ]
    assert (tmp_path / "mine" / "resume.md").read_text() == "my own resume"
    assert not (tmp_path / "mine" / "plan.toml").exists()  # nothing was written
    (tmp_path / "file").write_text("x")
    result = _invoke("init", "file")
    assert result.exit_code != 0


def test_init_template_without_a_pack(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _invoke("init", "a", "--template", "default").exit_code == 0
    result = _invoke("init", "b", "--template", "fancy")
    assert result.exit_code == 1
    assert "no template 'fancy' without a pack; prepflow's own is 'default'" in result.stderr


def test_init_unknown_pack(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _invoke("init", "x", "--pack", "nope")
    assert result.exit_code == 1
    assert "no pack 'nope' is installed" in result.stderr
    assert "pip install nope" in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_from_a_pack_template(tmp_path):
    pack_dir = Path(__file__).parent.parent / "examples" / "packs" / "acme-coaching" / "acme_pack"
    plugins = Plugins()
    # a data-only copy of the example pack's template and data: nothing to import
    monkey = tmp_path / "pack"
    monkey.mkdir()
    for name in ("templates", "data"):
        (monkey / name).mkdir()
    (monkey / "templates" / "t.toml").write_text(
        (pack_dir / "templates" / "sales-interview.toml")
        .read_text()
        .replace('packs = ["acme-coaching>=1.2"]\n', "")
        .split("[steps.pitch]")[0]
        + '[steps.company]\nuses = "doc.load"\nwith.source = "${inputs.notes[0]}"\n'
        + '[inputs.notes]\nfiles = ["notes/*.txt"]\ndescription = "Your notes from the phone screen."\n'
    )
    (monkey / "pack.toml").write_text(
        '[pack]\nname = "local-pack"\nnamespace = "local"\nversion = "2.0"\n'
        '[[templates]]\nname = "t"\nfile = "templates/t.toml"\n'
    )
    pack = plugins.load_pack(monkey)
    assert pack is not None, plugins.failures
    written = init_project(tmp_path / "new", plugins, pack="local-pack", template="t")
    assert [p.relative_to(tmp_path / "new").as_posix() for p in written] == [
        "plan.toml",
        "job.md",
        "resume.md",
        "notes/notes.txt",
    ]
    assert (
        "paste your notes from the phone screen here"
        in (tmp_path / "new" / "notes" / "notes.txt").read_text()
    )
    doc = tomllib.loads((tmp_path / "new" / "plan.toml").read_text())
    assert doc["packs"] == ["local-pack>=2.0"]  # pinned by init
    plan = prepflow.load_plan(tmp_path / "new" / "plan.toml", plugins)
    assert plan.packs == (pack,)
    result = prepflow.run_plan(plan, plugins, formats=[])
    assert result.status == "success", {k: v.error for k, v in result.steps.items()}
    with pytest.raises(prepflow.PrepflowError, match=r"has no template 'zzz' \(its templates: t\)"):
        init_project(tmp_path / "other", plugins, pack="local-pack", template="zzz")


def test_stub_files_stay_inside_the_folder():
    doc = {
        "inputs": {
            "job": {"file": "job.md"},
            "evil": {"file": "../outside.md"},
            "abs": {"file": "/etc/x.md"},
            "company": {"files": ["company/**/*.md", "extra.md"]},
            "value": "senior",
        }
    }
    stubs = stub_files(doc)
    assert sorted(stubs) == ["company/about.md", "extra.md", "job.md"]
