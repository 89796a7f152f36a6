"""Workflow packs: discovery without import, manifests, pins, data precedence, CLI, errors.

Packs are "installed" the way pip leaves them, without pip: the fixture's
package is copied into a folder on sys.path beside a ``.dist-info`` holding
its METADATA and ``entry_points.txt``. One test installs the example pack
with pip into a real virtual environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli
from prepflow.manifest import read_manifest
from prepflow.packdata import merge_data, merged_data
from prepflow.plugins import Plugins

FIXTURES = Path(__file__).parent / "fixtures" / "packs"
EXAMPLE_PACK = Path(__file__).parent.parent / "examples" / "packs" / "acme-coaching"
JOB = (Path(__file__).parent.parent / "examples" / "inputs" / "job.md").read_text(encoding="utf-8")
RESUME = (Path(__file__).parent.parent / "examples" / "inputs" / "resume.md").read_text(encoding="utf-8")

# fixture folder -> (distribution, version, entry-point name, package)
KNOWN = {
    "dataonly": ("pf-dataonly", "1.2.0", "pfdata", "pf_dataonly_pack"),
    "second": ("pf-second", "0.3.0", "pfsecond", "pf_second_pack"),
    "badmanifest": ("pf-badmanifest", "1.0", "pfbad", "pf_badmanifest_pack"),
    "missingdata": ("pf-missingdata", "1.0", "pfmissing", "pf_missingdata_pack"),
    "badtemplate": ("pf-badtemplate", "1.0", "pfbadtemplate", "pf_badtemplate_pack"),
    "clash": ("pf-clash", "1.0", "pfclash", "pf_clash_pack"),
    "brokensteps": ("pf-brokensteps", "1.0", "pfbroken", "pf_brokensteps_pack"),
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path standing in for site-packages."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PF_TEST_IMPORT_MARKER", str(tmp_path / "imported.txt"))
    for _, _, _, package in KNOWN.values():
        monkeypatch.delitem(sys.modules, package, raising=False)
        monkeypatch.delitem(sys.modules, f"{package}.steps", raising=False)
    return folder


@pytest.fixture
def install(site: Path) -> Callable[..., Path]:
    """install("dataonly") copies a fixture pack into ``site`` as pip would; returns its package folder."""

    def _install(fixture: str, *, version: str | None = None) -> Path:
        dist, default_version, ep_name, package = KNOWN[fixture]
        version = version or default_version
        target = site / package
        shutil.copytree(FIXTURES / fixture / package, target)
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        (info / "entry_points.txt").write_text(f"[prepflow]\n{ep_name} = {package}\n")
        import importlib

        importlib.invalidate_caches()
        return target

    return _install


def _invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def _inputs(folder: Path) -> None:
    (folder / "job.md").write_text(JOB, encoding="utf-8")
    (folder / "resume.md").write_text(RESUME, encoding="utf-8")


DATA_STEP = """
import prepflow

def run(ctx):
    return {"data": ctx.data(ctx.config["kind"])}

@prepflow.hookimpl
def register_data_kinds(register):
    register(prepflow.DataKind("notes", {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "replace": {"type": "boolean"},
            "tips": {"type": "array", "items": {"type": "string"}},
            "style": {"type": "object"},
        },
    }))

@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(
        name="probe.data", run=run, summary="Return ctx.data(kind).",
        config_schema={"type": "object", "properties": {"kind": {"type": "string"}}},
    ))
"""


def _plan(folder: Path, packs: list[str], kinds: tuple[str, ...] = ("questions",), extra: str = "") -> Path:
    (folder / "probe.py").write_text(DATA_STEP, encoding="utf-8")
    lines = [f"packs = {json.dumps(packs)}", 'plugins = ["probe.py"]', extra]
    for kind in kinds:
        lines += [f"[steps.{kind}]", 'uses = "probe.data"', f'with.kind = "{kind}"']
    lines += ["[output]", "formats = []"]
    path = folder / "plan.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(path: Path) -> prepflow.RunResult:
    plugins = Plugins()
    plan = prepflow.load_plan(path, plugins)
    return prepflow.run_plan(plan, plugins)


# -- discovery: a data-only pack executes no code --------------------------------------


def test_data_only_pack_is_never_imported(install, tmp_path, monkeypatch):
    install("dataonly")
    monkeypatch.chdir(tmp_path)
    _inputs(tmp_path)
    marker = tmp_path / "imported.txt"

    listing = _invoke("packs")
    assert listing.exit_code == 0, listing.output
    assert "pf-dataonly 1.2.0  [namespace pfdata, data only]" in listing.output
    assert "templates:  basic" in listing.output
    assert "data:       notes, objections, questions" in listing.output
    (tmp_path / "probe.py").write_text(DATA_STEP, encoding="utf-8")  # registers the data kind "notes"
    shown = _invoke("packs", "show", "pf-dataonly", "--plugin", "probe.py")
    assert shown.exit_code == 0, shown.output
    assert "none (data only: nothing is imported)" in shown.output
    assert 'packs = ["pf-dataonly>=1.2.0"]' in shown.output

    _plan(tmp_path, ["pf-dataonly>=1.2"], kinds=("questions", "notes"))
    validated = _invoke("validate", "plan.toml")
    assert validated.exit_code == 0, validated.output
    ran = _invoke("run", "plan.toml")
    assert ran.exit_code == 0, ran.output
    init = _invoke("init", "new", "--pack", "pf-dataonly")
    assert init.exit_code == 0, init.output
    assert _invoke("run", "new/plan.toml").exit_code == 0

    assert not marker.exists(), marker.read_text()
    assert "pf_dataonly_pack" not in sys.modules
    assert "warning" not in ran.output


EVIL = """
import os
with open(os.environ["PF_TEST_IMPORT_MARKER"], "a") as f:
    f.write(__file__ + "\\n")
"""


def test_a_data_only_packs_template_cannot_run_the_packs_code(install, tmp_path, monkeypatch):
    """Issue 15, finding 1: a template naming a .py file of its pack (by install path, or as a stub)."""
    package = install("dataonly")
    (package / "evil.py").write_text(EVIL, encoding="utf-8")
    template = package / "templates" / "basic.toml"
    body = template.read_text(encoding="utf-8")
    template.write_text(f'plugins = ["{package / "evil.py"}", "steps.py"]\n{body}', encoding="utf-8")
    manifest = package / "pack.toml"
    described = 'description = "Job and resume analysis, with this pack\'s data."'
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace(described, described + '\nstubs = { "steps.py" = "evil.py" }'))
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "imported.txt"
    where = "templates/basic.toml:1:"
    message = "a pack's template cannot load plugin files"

    listing = _invoke("packs")
    assert listing.exit_code == 0, listing.output
    assert "data only" in listing.output
    assert f"{where}12: plugins[0]: '{package / 'evil.py'}': {message}" in listing.output
    assert f"plugins[1]: 'steps.py': {message}" in listing.output
    as_json = _invoke("packs", "--json")
    assert message in as_json.output
    shown = _invoke("packs", "show", "pf-dataonly")
    assert shown.exit_code == 1
    assert message in shown.output
    init = _invoke("init", "new", "--pack", "pf-dataonly")
    assert init.exit_code == 1
    assert f"{where}12: plugins[0]: " in init.stderr
    assert not (tmp_path / "new").exists()
    assert not marker.exists(), marker.read_text()


def test_packs_json_lists_templates_data_step_types_and_errors(install, tmp_path, monkeypatch):
    install("dataonly")
    install("badmanifest")
    monkeypatch.chdir(tmp_path)
    result = _invoke("packs", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (pack,) = [p for p in data["packs"] if p["name"] == "pf-dataonly"]
    assert pack["version"] == "1.2.0" and pack["namespace"] == "pfdata" and pack["data_only"]
    assert pack["templates"] == [
        {
            "name": "basic",
            "file": "templates/basic.toml",
            "description": "Job and resume analysis, with this pack's data.",
        }
    ]
    assert pack["data"]["notes"] == ["data/notes.toml", "data/more-notes.toml"]
    assert pack["report"]["css"] == "report/brand.css"
    assert pack["step_types"] == []
    # no installed plugin registers the data kind "notes" (the test's probe plugin is not loaded here)
    (error,) = pack["errors"]
    assert error.startswith("pack 'pf-dataonly': ") and "pack.toml:15:9: data.notes: " in error
    assert "no installed plugin reads data of kind 'notes'" in error
    (broken,) = [p for p in data["broken"] if p["name"] == "pf-badmanifest"]
    assert any("pack.toml:3:13: pack.namespace:" in e for e in broken["errors"])


def test_packs_without_any_installed(no_installed):
    result = _invoke("packs")
    assert result.exit_code == 0
    assert "no packs installed" in result.output


def test_two_packs_of_one_name_in_a_distribution_are_both_named(site, tmp_path, monkeypatch):
    """Issue 15: the second pack.toml of one name was dropped silently."""
    for package, namespace in (("pf_twin_a", "twina"), ("pf_twin_b", "twinb")):
        shutil.copytree(FIXTURES / "dataonly" / "pf_dataonly_pack", site / package)
        manifest = site / package / "pack.toml"
        text = manifest.read_text(encoding="utf-8").replace('"pf-dataonly"', '"pf-twins"')
        manifest.write_text(
            text.replace('namespace = "pfdata"', f'namespace = "{namespace}"'), encoding="utf-8"
        )
    info = site / "pf_twins-1.2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pf-twins\nVersion: 1.2.0\n")
    (info / "entry_points.txt").write_text("[prepflow]\ntwina = pf_twin_a\ntwinb = pf_twin_b\n")
    import importlib

    importlib.invalidate_caches()
    plugins = Plugins()
    assert plugins.packs["pf-twins"].manifest == site / "pf_twin_a" / "pack.toml"
    [failure] = [f for f in plugins.failures if f.plugin == "pf-twins"]
    assert failure.kind == "pack"
    from prepflow.pack import shown

    assert failure.error == (
        f"{shown(site / 'pf_twin_b' / 'pack.toml')}:2:8: pack.name: 'pf-twins' is also the name of "
        f"the pack of {shown(site / 'pf_twin_a' / 'pack.toml')}, which was loaded; this one was not "
        "(a distribution ships one pack)"
    )
    monkeypatch.chdir(tmp_path)
    listing = _invoke("packs")
    assert "is also the name of the pack of" in listing.output


def test_ordinary_plugins_still_load(install):
    install("dataonly")
    plugins = Plugins()
    assert "job.analyze" in plugins.step_types  # the first-party plugins, as before
    assert "pf-dataonly" in plugins.packs
    assert not plugins.failures


# -- manifest errors: pack name and file:line, the rest keeps working --------------


def test_invalid_manifest_is_located_and_the_rest_keeps_working(install, tmp_path, monkeypatch):
    install("badmanifest")
    monkeypatch.chdir(tmp_path)
    result = _invoke("steps")
    assert result.exit_code == 0
    assert "job.analyze" in result.stdout
    errors = [line for line in result.stderr.splitlines() if "pf-badmanifest" in line]
    assert any(
        "pack 'pf-badmanifest' failed to load: " in e
        and 'pf_badmanifest_pack/pack.toml:3:13: pack.namespace: "Bad Namespace" is not a namespace' in e
        for e in errors
    ), errors
    assert any("pack.toml:5:1: pack.colour: unknown key 'colour'" in e for e in errors), errors


def test_manifest_checks(tmp_path):
    manifest = tmp_path / "pack.toml"
    manifest.write_text(
        textwrap.dedent(
            """\
            [pack]
            name = "acme"
            namespace = "acme"
            version = "not a version"

            [[templates]]
            name = "t"
            file = "../outside.toml"

            [data]
            questions = ["q.toml"]
            "Bad-Kind" = ["x.toml"]

            [report]
            logo = "logo.txt"

            [steps]
            module = "acme pack"
            """
        )
    )
    (tmp_path / "logo.txt").write_text("x")
    pack, found = read_manifest(manifest, dist_name="other-name", dist_version="1.0")
    assert pack is None
    text = [str(d).split("pack.toml:", 1)[1] for d in found]
    assert "2:8: pack.name: 'acme' is not the distribution's name 'other-name'; make them the same" in text
    assert any(t.startswith("4:11: pack.version: 'not a version' is not a version (PEP 440)") for t in text)
    assert "8:8: templates[0].file: template file '../outside.toml' is outside the pack's folder" in text
    assert any(
        t.startswith("11:14: data.questions[0]: data file of kind 'questions' 'q.toml' not found")
        for t in text
    )
    assert (
        "12:1: data.Bad-Kind: data kind 'Bad-Kind' must be lowercase letters, digits and _, e.g. questions"
        in text
    )
    assert any(t.startswith("15:8: report.logo: a logo must be an image") for t in text)
    assert (
        '18:10: steps.module: "acme pack" is not a module name: dotted Python names, e.g. acme_pack.steps'
        in text
    )


def test_manifest_toml_error_and_version_mismatch(tmp_path):
    manifest = tmp_path / "pack.toml"
    manifest.write_text('[pack]\nname = "x"\nnamespace = \n')
    _, found = read_manifest(manifest)
    assert len(found) == 1 and found[0].line == 3 and "invalid TOML" in found[0].message
    manifest.write_text('[pack]\nname = "x"\nnamespace = "x"\nversion = "1.0"\n')
    _, found = read_manifest(manifest, dist_name="x", dist_version="1.1")
    assert [d.message for d in found] == [
        "'1.0' is not the installed distribution's version '1.1'; make them the same"
    ]
    assert found[0].line == 4


def test_missing_data_file_is_located(install, tmp_path, monkeypatch):
    install("missingdata")
    monkeypatch.chdir(tmp_path)
    result = _invoke("packs")
    assert result.exit_code == 0
    assert "pf-missingdata  [failed to load]" in result.stdout
    assert (
        "pack.toml:7:14: data.questions[0]: data file of kind 'questions' 'data/questions.toml' not found"
        in (result.stdout)
    )
    # a plan pinning it says why it cannot be used
    _plan(tmp_path, ["pf-missingdata"])
    validated = _invoke("validate", "plan.toml")
    assert validated.exit_code == 1
    assert (
        "plan.toml:1:10: packs[0]: pack 'pf-missingdata' is installed but failed to load: "
        in validated.stderr
    )


def test_template_failing_validation_is_located(install, tmp_path, monkeypatch):
    install("badtemplate")
    monkeypatch.chdir(tmp_path)
    listing = _invoke("packs")
    assert listing.exit_code == 0
    assert "templates/broken.toml:5:8: steps.job.uses: unknown step type 'job.analyse'" in listing.stdout
    shown = _invoke("packs", "show", "pf-badtemplate")
    assert shown.exit_code == 1
    assert "templates/broken.toml:5:8: steps.job.uses: unknown step type 'job.analyse'" in shown.stdout
    init = _invoke("init", "new", "--pack", "pf-badtemplate")
    assert init.exit_code == 1
    assert "templates/broken.toml:5:8: steps.job.uses: unknown step type 'job.analyse'" in init.stderr
    assert not (tmp_path / "new").exists()


def test_step_name_clash_and_namespace_are_located(install, tmp_path, monkeypatch):
    install("clash")
    monkeypatch.chdir(tmp_path)
    plugins = Plugins()
    errors = [str(f) for f in plugins.failures]
    assert plugins.step_types["doc.load"].summary != "Clashes with the first-party doc.load."
    assert "doc.extra" in plugins.step_types and "other.thing" not in plugins.step_types
    errors = [str(f) for f in plugins.failures]
    assert any(
        e.startswith("pack 'pf-clash' failed to load: ")
        and "pf_clash_pack/pack.toml:7:10: step type 'doc.load' is registered by both "
        "'documents' and 'pf-clash'"
        in e
        for e in errors
    ), errors
    assert any(
        "pack.toml:7:10: step type 'other.thing' must start with the pack's namespace 'doc.'" in e
        for e in errors
    ), errors
    result = _invoke("packs", "--json")
    (pack,) = [p for p in json.loads(result.stdout)["packs"] if p["name"] == "pf-clash"]
    assert pack["step_types"] == ["doc.extra"]
    assert len(pack["errors"]) == 2
    assert _invoke("steps").exit_code == 0  # the rest keeps working


def test_broken_steps_module_is_located(install):
    install("brokensteps")
    plugins = Plugins()
    errors = [str(f) for f in plugins.failures]
    assert any(
        "pack 'pf-brokensteps' failed to load: " in e
        and "pack.toml:7:10: ImportError: this steps module is broken on purpose" in e
        for e in errors
    ), errors


def test_strict_plugins_raise_on_a_broken_pack(install, monkeypatch):
    install("badmanifest")
    monkeypatch.setenv("PREPFLOW_STRICT_PLUGINS", "1")
    with pytest.raises(prepflow.PluginError, match="pack 'pf-badmanifest' failed to load"):
        Plugins()


def test_disabled_pack_is_not_loaded(install, monkeypatch):
    install("badmanifest")
    monkeypatch.setenv("PREPFLOW_DISABLE_PLUGINS", "pf-badmanifest")
    assert not Plugins().failures


# -- pins ---------------------------------------------------------------------------


def test_unsatisfied_and_malformed_pins(install, tmp_path, monkeypatch):
    install("dataonly")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.toml").write_text(
        'packs = ["pf-dataonly>=2", "nope", "pf-dataonly[x]", "!!"]\n'
        '[steps.a]\nuses = "doc.load"\nwith.source = "x.md"\n'
    )
    result = _invoke("validate", "plan.toml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        "plan.toml:1:10: packs[0]: pack 'pf-dataonly' 1.2.0 is installed, which does not satisfy "
        "'pf-dataonly>=2'; install a matching version with `pip install 'pf-dataonly>=2'`"
    ) in lines
    assert (
        "plan.toml:1:28: packs[1]: no pack 'nope' is installed "
        f"(installed packs: pf-dataonly 1.2.0, prepflow {prepflow.__version__}); "
        "install it with `pip install 'nope'`"
    ) in lines
    assert any(
        line.startswith("plan.toml:1:36: packs[2]: 'pf-dataonly[x]': a pack pin takes") for line in lines
    )
    assert any(line.startswith("plan.toml:1:54: packs[3]: '!!' is not a pack pin") for line in lines)


def test_pins_schema_and_duplicates(install, tmp_path):
    install("dataonly")
    (tmp_path / "plan.toml").write_text(
        'packs = ["pf-dataonly", "PF_Dataonly>=1"]\n[steps.a]\nuses = "doc.load"\n'
    )
    found = prepflow.validate(tmp_path / "plan.toml")
    assert any(d.path == "packs[1]" and "pinned twice" in d.message for d in found)
    (tmp_path / "plan.toml").write_text('packs = "pf-dataonly"\n[steps.a]\nuses = "doc.load"\n')
    found = prepflow.validate(tmp_path / "plan.toml")
    assert any(d.path == "packs" and "expected an array" in d.message for d in found)


# -- data and precedence ----------------------------------------------------------


def test_merge_rules():
    base = {
        "table": {"a": 1, "b": {"c": 2}},
        "list": [1, 2],
        "items": [{"id": "x", "v": 1}, {"id": "y", "v": 2}],
        "scalar": "old",
    }
    extra = {
        "table": {"b": {"d": 3}, "e": 4},
        "list": [3],
        "items": [{"id": "y", "w": 9}, {"id": "z", "v": 3}],
        "scalar": "new",
        "added": True,
    }
    merged = merge_data(base, extra)
    assert merged == {
        "table": {"a": 1, "b": {"c": 2, "d": 3}, "e": 4},
        "list": [1, 2, 3],
        "items": [{"id": "x", "v": 1}, {"id": "y", "w": 9}, {"id": "z", "v": 3}],
        "scalar": "new",
        "added": True,
    }
    assert base["list"] == [1, 2] and base["table"] == {"a": 1, "b": {"c": 2}}  # inputs untouched
    # arrays that are not all tables with ids are extended
    assert merge_data([{"id": 1}], [{"name": "x"}]) == [{"id": 1}, {"name": "x"}]
    # different kinds: the later value wins
    assert merge_data({"a": [1]}, {"a": {"b": 1}}) == {"a": {"b": 1}}


def test_data_precedence_across_first_party_and_packs(install, tmp_path):
    install("dataonly")
    install("second")
    from prepflow_plugins.prepdata import load_data

    first_party = load_data("objections")
    _plan(tmp_path, ["pf-dataonly", "pf-second"], kinds=("questions", "notes", "objections", "unknown"))
    result = _run(tmp_path / "plan.toml")
    assert result.status == "success", {k: v.error for k, v in result.steps.items()}
    questions = _pack_questions(result)
    # pf-second comes after pf-dataonly: same id replaces in place, new ids append
    assert questions == [
        ("vision", "{intro} PF-SECOND vision question"),
        ("first-win", "{intro} PF-DATAONLY first win"),
        ("pause", "{intro} PF-SECOND pause question"),
    ]
    assert result.steps["notes"].outputs["data"] == {"tips": ["only from second"]}  # replace = true
    objections = result.steps["objections"].outputs["data"]
    assert objections["kinds"]["weakness"]["practice"] == "PF-DATAONLY practice wording"
    assert objections["kinds"]["weakness"]["phrasing"] == first_party["kinds"]["weakness"]["phrasing"]
    assert objections["kinds"].keys() == first_party["kinds"].keys()
    assert result.steps["unknown"].outputs["data"] == {}
    assert load_data("objections") == first_party  # the first-party loader is unchanged

    # the other order: pf-dataonly wins, and its two notes files extend each other
    _plan(tmp_path, ["pf-second", "pf-dataonly"], kinds=("questions", "notes"))
    result = _run(tmp_path / "plan.toml")
    assert _pack_questions(result)[0] == ("vision", "{intro} PF-DATAONLY vision question")
    assert result.steps["notes"].outputs["data"] == {
        "tips": ["only from second", "from dataonly 1", "from dataonly 2"],
        "style": {"tone": "warm"},
    }


def _pack_questions(result: prepflow.RunResult) -> list[tuple[str, str]]:
    """The (id, text) of the question templates the test packs add (prepflow's own come first)."""
    templates = result.steps["questions"].outputs["data"]["templates"]
    return [(t["id"], t["text"]) for t in templates if "PF-" in t["text"]]


def test_without_packs_data_is_first_party(tmp_path):
    from prepflow_plugins.prepdata import load_data

    _plan(tmp_path, [], kinds=("objections",))
    result = _run(tmp_path / "plan.toml")
    assert result.steps["objections"].outputs["data"] == load_data("objections")


def test_load_data_with_ctx_is_ctx_data(install, tmp_path):
    install("dataonly")
    from prepflow_plugins.prepdata import load_data

    plugins = Plugins()
    pack = plugins.packs["pf-dataonly"]
    ctx = prepflow.StepContext(step_id="s", config={}, needs={}, inputs={}, base_dir=tmp_path, packs=[pack])
    assert load_data("objections", ctx) == ctx.data("objections")
    assert load_data("objections", ctx)["kinds"]["weakness"]["practice"] == "PF-DATAONLY practice wording"
    assert any(path.endswith("objections.toml") and "pf_dataonly_pack" in path for path in ctx.reads)
    assert any(path.endswith(os.path.join("data", "objections.toml")) for path in ctx.reads)
    with pytest.raises(ValueError, match="data kind"):
        ctx.data("../secrets")


def test_bad_pack_data_fails_validation_with_its_location(install, tmp_path, monkeypatch):
    folder = install("dataonly")
    monkeypatch.chdir(tmp_path)
    (folder / "data" / "notes.toml").write_text("tips = [1,,]\n")
    _plan(tmp_path, ["pf-dataonly"], kinds=("notes",))
    result = _invoke("validate", "plan.toml")
    assert result.exit_code == 1
    line = result.output.splitlines()[0]  # then "prepflow: 1 problem found; nothing was run"
    assert line.startswith("plan.toml:1:10: packs[0]: pack 'pf-dataonly': ")
    assert "notes.toml:1:11: invalid TOML" in line
    (folder / "data" / "notes.toml").write_text('replace = "yes"\n')
    result = _invoke("validate", "plan.toml")
    assert "notes.toml:1:11: replace: must be true or false" in result.output


def test_pack_data_changed_after_validation_fails_the_step_with_its_location(install, tmp_path):
    folder = install("dataonly")
    _plan(tmp_path, ["pf-dataonly"], kinds=("notes",))
    plugins = Plugins()
    plan = prepflow.load_plan(tmp_path / "plan.toml", plugins)
    (folder / "data" / "notes.toml").write_text("tips = [1,,]\n")
    result = prepflow.run_plan(plan, plugins)
    assert result.status == "failed"
    assert "pack 'pf-dataonly': " in result.steps["notes"].error
    assert "notes.toml:1:11: invalid TOML" in result.steps["notes"].error


def test_cache_reruns_when_pack_data_or_pins_change(install, tmp_path):
    folder = install("dataonly")
    install("second")
    _plan(tmp_path, ["pf-dataonly"], kinds=("questions",))
    assert _run(tmp_path / "plan.toml").steps["questions"].status == "success"
    assert _run(tmp_path / "plan.toml").steps["questions"].status == "cached"
    text = (folder / "data" / "questions.toml").read_text()
    (folder / "data" / "questions.toml").write_text(
        text.split("\n\n")[0].replace("vision question", "PF-changed")
    )
    result = _run(tmp_path / "plan.toml")
    assert result.steps["questions"].status == "success"
    assert _pack_questions(result) == [("vision", "{intro} PF-DATAONLY PF-changed")]
    assert _run(tmp_path / "plan.toml").steps["questions"].status == "cached"
    _plan(tmp_path, ["pf-dataonly", "pf-second"], kinds=("questions",))
    plugins = Plugins()
    plan = prepflow.load_plan(tmp_path / "plan.toml", plugins)
    from prepflow.engine import preview

    assert preview(plan, plugins) == [("questions", "run", "config changed")]
    added = prepflow.run_plan(plan, plugins)
    assert added.steps["questions"].status == "success" and len(_pack_questions(added)) == 2
    assert preview(plan, plugins) == [("questions", "cached", "nothing it depends on changed")]


def test_branding_goes_into_the_dossier(install, tmp_path):
    install("dataonly")
    _plan(tmp_path, ["pf-dataonly"], kinds=("questions",))
    text = (tmp_path / "plan.toml").read_text().replace("formats = []", 'formats = ["json"]')
    (tmp_path / "plan.toml").write_text(text)
    result = _run(tmp_path / "plan.toml")
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text())
    assert result.status == "success"
    branding = dossier["branding"]
    assert branding["pack"] == "pf-dataonly" and branding["title"] == "Data-only Coaching"
    assert branding["css"] == "h1 { color: #123456; }\n"
    assert branding["logo"].startswith("data:image/svg+xml;base64,") and branding["logo_file"] == "logo.svg"
    # without packs, the dossier has no branding key
    _plan(tmp_path, [], kinds=("questions",))
    from prepflow.output import build_dossier

    plan = prepflow.load_plan(tmp_path / "plan.toml", Plugins())
    assert "branding" not in build_dossier(plan, {})


def test_merged_data_rejects_bad_kinds():
    with pytest.raises(ValueError):
        merged_data("Bad Kind", [], lambda path: b"")


# -- the example pack, installed with pip into a virtual environment ---------------


def test_example_pack_installs_with_pip_and_runs(tmp_path):
    venv = tmp_path / "venv"
    # no pip of its own: the one of the environment under test runs, with its setuptools
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True
    )
    python = venv / "bin" / "python"
    site_dir = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # make the prepflow under test (and its dependencies) importable in the new environment
    import site

    parents = [p for p in [*site.getsitepackages(), site.getusersitepackages()] if os.path.isdir(p)]
    lines = "".join(f"import site; site.addsitedir({p!r})\n" for p in parents)
    Path(site_dir, "prepflow_under_test.pth").write_text(lines)
    source = tmp_path / "acme-coaching"
    shutil.copytree(EXAMPLE_PACK, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    pip = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREPFLOW_", "PYTHON"))}

    def prepflow_cli(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from prepflow.cli import main; sys.exit(main())"
        return subprocess.run(
            [python, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
        )

    listing = prepflow_cli("packs", "--json")
    assert listing.returncode == 0, listing.stderr
    names = [p["name"] for p in json.loads(listing.stdout)["packs"]]
    assert names == ["acme-coaching", "prepflow"]  # prepflow's built-in pack is one too
    (acme,) = [p for p in json.loads(listing.stdout)["packs"] if p["name"] == "acme-coaching"]
    assert acme["name"] == "acme-coaching" and acme["version"] == "1.2.0"
    assert acme["step_types"] == ["acme.elevator_pitch"] and acme["errors"] == []
    assert {"questions", "objections", "pitch"} <= set(acme["data"])
    assert "site-packages" in acme["manifest"]

    init = prepflow_cli("init", "prep", "--pack", "acme-coaching", "--template", "sales-interview")
    assert init.returncode == 0, init.stderr
    (tmp_path / "prep" / "job.md").write_text(JOB, encoding="utf-8")
    (tmp_path / "prep" / "resume.md").write_text(RESUME, encoding="utf-8")
    plan = (tmp_path / "prep" / "plan.toml").read_text()
    assert 'packs = [\n    "acme-coaching>=1.2",\n]' in plan
    run = prepflow_cli("run", "prep/plan.toml", "--quiet")
    assert run.returncode == 0, run.stderr
    dossier = json.loads((tmp_path / "prep" / "out" / "dossier.json").read_text())
    pitch = dossier["steps"]["pitch"]["outputs"]
    assert pitch["ask"]["id"] == "acme-vision"  # from the pack's question bank, through ctx.data
    assert pitch["ask"]["text"].startswith("Picture the person in this role a year from now")
    for sentence in pitch["pitch"]:
        assert sentence["cites"], sentence
        for cite in sentence["cites"]:
            source = (JOB if cite["file"] == "job.md" else RESUME).splitlines()
            assert cite["start"] <= len(source)
    assert any("Kubernetes" in s["text"] or "PHP" in s["text"] for s in pitch["pitch"])
    asked = dossier["steps"]["questions"]["outputs"]["questions"]
    assert any("Picture the person in this role a year from now" in q["text"] for q in asked)
    assert dossier["branding"]["title"] == "Acme Coaching · Interview dossier"
    assert dossier["branding"]["template"].startswith("{#-")
    # objections.rehearse reads data through load_data(kind) for now; once it passes ctx,
    # Acme's wording (data/objections.toml) applies: check the merge the step would see
    check = (
        "import prepflow, sys; from prepflow.plugins import Plugins;"
        "p = Plugins(); ctx = prepflow.StepContext(step_id='x', config={}, needs={}, inputs={},"
        " base_dir=__import__('pathlib').Path('.'), packs=list(p.packs.values()));"
        "d = ctx.data('objections'); print(d['kinds']['weakness']['practice']);"
        "print(sys.modules.get('acme_pack.steps') is not None)"
    )
    merged = subprocess.run([python, "-c", check], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert merged.stdout.splitlines() == [
        "Acme drill: say the weakness in one sentence, then spend three on what you did about it, "
        "with a date. Time yourself: 30 seconds.",
        "True",
    ], merged.stderr
