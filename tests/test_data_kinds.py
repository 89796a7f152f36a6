"""Data kinds: plugins register the schema of the pack data their steps read; pack data is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

import prepflow
from prepflow.packdata import data_problems, file_problems, first_party_data_file

AGENDA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "what"],
                "properties": {"id": {"type": "string"}, "what": {"type": "string"}},
            },
        }
    },
}

PLUGIN = f"""
import prepflow

def run(ctx):
    return {{"items": ctx.data("agenda").get("items", [])}}

@prepflow.hookimpl
def register_data_kinds(register):
    register(prepflow.DataKind("agenda", {AGENDA!r}, "Agenda items."))

@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="demo.agenda", run=run, summary="The agenda."))
"""

MANIFEST = """
[pack]
name = "demo-pack"
namespace = "demo"
version = "1.0"

[data]
agenda = ["data/agenda.toml"]
"""


def _pack(folder: Path, agenda: str) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "pack.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "data" / "agenda.toml").write_text(agenda, encoding="utf-8")
    return folder


def test_every_first_party_data_file_passes_its_kinds_schema() -> None:
    kinds = prepflow.Plugins(environ={"PREPFLOW_LOAD_PLUGINS": ""}).data_kinds
    assert kinds == {}  # none without plugins
    kinds = prepflow.Plugins().data_kinds
    expected = {
        "frameworks",
        "ideas",
        "objections",
        "postings",
        "posture",
        "questions",
        "research",
        "roles",
        "star",
    }
    assert expected | {"synonyms"} <= set(kinds)
    for name in sorted(kinds):
        file = first_party_data_file(name)
        if file is not None:
            assert file_problems(file, kinds[name]) == [], name


def test_a_pack_question_with_a_misspelled_key_is_located_and_names_the_pack(tmp_path: Path, invoke) -> None:
    """questions.draft reads [[templates]]: a bad key is reported where it is, before any step runs."""
    pack = tmp_path / "bank"
    (pack / "data").mkdir(parents=True)
    (pack / "pack.toml").write_text(
        '[pack]\nname = "bank"\nnamespace = "bank"\nversion = "1.0"\n[data]\nquestions = ["data/q.toml"]\n'
    )
    (pack / "data" / "q.toml").write_text(
        '[[templates]]\nid = "b"\ncategroy = "team"\ngrounds = ["theme"]\ntext = "{intro} Who?"\n'
        'listen_for = "Names."\n'
    )
    plugins = prepflow.Plugins()
    loaded = plugins.load_pack(pack)
    assert loaded is not None
    found = data_problems(loaded, plugins.data_kinds)
    assert found == [
        "pack 'bank': bank/data/q.toml:3:1: templates[0].categroy: unknown key 'categroy' "
        "(did you mean 'category'?)",
        "pack 'bank': bank/data/q.toml:1:1: templates[0]: missing required key 'category'",
    ]


def test_hook_register_data_kinds(write, invoke, tmp_path: Path) -> None:
    write("agenda_plugin.py", PLUGIN)
    _pack(tmp_path / "demo_pack", '[[items]]\nid = "open"\nwaht = "Open with your pitch."\n')
    write(
        "plan.toml",
        'packs = ["demo-pack"]\nplugins = ["agenda_plugin.py"]\n[steps.a]\nuses = "demo.agenda"\n',
    )
    plugins = prepflow.Plugins()
    plugins.load_file(tmp_path / "agenda_plugin.py")
    pack = plugins.load_pack(tmp_path / "demo_pack")
    assert pack is not None
    with pytest.raises(prepflow.PlanError) as raised:
        prepflow.load_plan(tmp_path / "plan.toml", plugins)
    (message,) = [str(d) for d in raised.value.diagnostics]
    assert message.startswith(f"{tmp_path / 'plan.toml'}:1:10: packs[0]: pack 'demo-pack': ")
    assert "agenda.toml:3:1: items[0].waht: unknown key 'waht' (did you mean 'what'?)" in message
    assert message.endswith("(and 1 more; see `prepflow packs show demo-pack`)")

    (tmp_path / "demo_pack" / "data" / "agenda.toml").write_text('[[items]]\nid = "open"\nwhat = "Open."\n')
    plan = prepflow.load_plan(tmp_path / "plan.toml", plugins)
    result = prepflow.run_plan(plan, plugins)
    assert result.steps["a"].outputs == {"items": [{"id": "open", "what": "Open."}]}


BAD_KINDS = {
    "bad_name": ('prepflow.DataKind("Agenda", {"type": "object"})', "must be lowercase letters"),
    "not_a_table": ('prepflow.DataKind("agenda", {"type": "array"})', "JSON Schema of a table"),
    "not_a_data_kind": ('{"name": "agenda"}', "register() expects a DataKind, got dict"),
}


@pytest.mark.parametrize("case", sorted(BAD_KINDS))
def test_a_bad_data_kind_is_a_one_line_plugin_failure(case: str, write, invoke) -> None:
    code, error = BAD_KINDS[case]
    write(
        f"{case}.py",
        f"import prepflow\n\n@prepflow.hookimpl\ndef register_data_kinds(register):\n    register({code})\n",
    )
    result = invoke("plugins", "--plugin", f"{case}.py")
    assert result.exit_code == 0, result.output
    assert error in result.stdout
    assert "Traceback" not in result.output


def test_two_plugins_registering_the_same_data_kind(write, tmp_path: Path) -> None:
    code = (
        "import prepflow\n\n@prepflow.hookimpl\ndef register_data_kinds(register):\n"
        '    register(prepflow.DataKind("agenda", {"type": "object"}))\n'
    )
    write("one.py", code)
    write("two.py", code)
    plugins = prepflow.Plugins([tmp_path / "one.py", tmp_path / "two.py"], entry_points=False)
    assert set(plugins.data_kinds) == {"agenda"}
    assert [str(f) for f in plugins.failures] == [
        "plugin 'one' failed to load: data kind 'agenda' is registered by both 'two' and 'one'; "
        "disable one with PREPFLOW_DISABLE_PLUGINS"
    ]


def test_a_data_kind_with_an_invalid_schema_is_reported_where_pack_data_is_checked(tmp_path: Path) -> None:
    kind = prepflow.DataKind("agenda", {"type": "object", "properties": 3})  # checked when first used
    pack_dir = _pack(tmp_path / "demo_pack", '[[items]]\nid = "open"\nwhat = "Open."\n')
    plugins = prepflow.Plugins(entry_points=False)
    pack = plugins.load_pack(pack_dir)
    assert pack is not None
    (line,) = data_problems(pack, {"agenda": kind})
    assert (
        line.startswith("pack 'demo-pack': ")
        and "agenda.toml: cannot be checked: the schema of data kind" in line
    )
    assert "is not a valid JSON Schema" in line
