"""``prepflow init``: a ready plan and stub inputs that validate and run out of the box."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli
from prepflow.initplan import init_project, stub_files
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
        "plan.schema.json",
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
    assert plan.startswith(
        "#:schema ./plan.schema.json\n# Written by `prepflow init` from prepflow's default template."
    )
    assert "next: paste your material into the stubs" in result.output
    assert _invoke("validate", "interview/plan.toml").exit_code == 0
    ran = _invoke("run", "interview/plan.toml")
    assert ran.exit_code == 0, ran.output
    assert (folder / "out" / "dossier.md").is_file()


def test_the_default_template_is_the_built_in_packs():
    """`init` without --pack takes the first template of prepflow's own pack, loaded like any pack."""
    plugins = Plugins()
    pack = plugins.packs["prepflow"]
    assert pack.version == prepflow.__version__  # the manifest follows prepflow's version
    assert pack.data_only and not pack.data and not pack.report  # so no plan needs to pin it
    (template,) = pack.templates
    assert template.name == "default"
    assert sorted(template.stubs) == ["company/about.md", "job.md", "resume.md"]
    doc = tomllib.loads(template.file.read_text(encoding="utf-8"))
    uses = {sid: step["uses"] for sid, step in doc["steps"].items()}
    assert set(uses.values()) <= set(plugins.step_types)
    assert uses["questions"] == "questions.draft" and uses["research"] == "company.research"


def test_init_without_the_built_in_pack_says_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREPFLOW_DISABLE_PLUGINS", "default_pack")
    result = _invoke("init", "x")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "prepflow: error: prepflow's built-in pack 'prepflow' (its default template) is not loaded; "
        "check PREPFLOW_LOAD_PLUGINS and PREPFLOW_DISABLE_PLUGINS, or give --pack NAME"
    )
    assert not (tmp_path / "x").exists()


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


def test_init_over_dangling_links_writes_nothing(tmp_path, monkeypatch):
    """Issue 15: a dangling link where init writes left a partial folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new" / "company").mkdir(parents=True)
    (tmp_path / "new" / "job.md").symlink_to(tmp_path / "gone.md")
    result = _invoke("init", "new")
    assert result.exit_code == 1
    assert result.stderr == (
        f"prepflow: error: {Path('new') / 'job.md'}: exists already; "
        "prepflow init never overwrites files (choose an empty folder, or move it away)\n"
    )
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["company", "job.md"]

    (tmp_path / "linked").symlink_to(tmp_path / "nowhere")
    result = _invoke("init", "linked")
    assert result.exit_code == 1
    assert "linked: is a link to" in result.stderr and "which does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_init_that_fails_halfway_removes_what_it_wrote(tmp_path, monkeypatch):
    import errno

    monkeypatch.chdir(tmp_path)
    real = open

    def full_at_the_resume(file, *args, **kwargs):
        if str(file).endswith("resume.md"):
            raise OSError(errno.ENOSPC, "No space left on device", str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full_at_the_resume)
    result = _invoke("init", "new")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert f"{Path('new') / 'resume.md'}: cannot write it: the disk is full" in result.stderr
    assert not (tmp_path / "new").exists()


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
    (monkey / "data" / "objections.toml").write_text('[kinds.weakness]\npractice = "Local wording."\n')
    (monkey / "pack.toml").write_text(
        '[pack]\nname = "local-pack"\nnamespace = "local"\nversion = "2.0"\n'
        '[[templates]]\nname = "t"\nfile = "templates/t.toml"\n'
        '[data]\nobjections = ["data/objections.toml"]\n'
    )
    pack = plugins.load_pack(monkey)
    assert pack is not None, plugins.failures
    written = init_project(tmp_path / "new", plugins, pack="local-pack", template="t")
    assert [p.relative_to(tmp_path / "new").as_posix() for p in written] == [
        "plan.toml",
        "plan.schema.json",
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
    stubs = stub_files(doc, {"company/about.md": Path(__file__)})
    assert sorted(stubs) == ["company/about.md", "extra.md", "job.md"]
    assert stubs["company/about.md"] == Path(__file__).read_text(encoding="utf-8")
    assert stubs["job.md"].startswith("<!-- prepflow: paste the material for the plan's input 'job' here.")
