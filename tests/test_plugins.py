"""Plugins: broken ones never break the CLI, the PREPFLOW_* variables, clashes, `prepflow plugins`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import prepflow

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]

BROKEN = {
    "import_error": "import acme_dependency_that_is_not_installed\n",
    "register_error": (
        "import prepflow\n\n"
        "@prepflow.hookimpl\n"
        "def register_step_types(register):\n"
        "    raise RuntimeError('the acme licence\\nhas expired')\n"
    ),
    "not_a_step_type": (
        "import prepflow\n\n"
        "@prepflow.hookimpl\n"
        "def register_step_types(register):\n"
        "    register({'name': 'acme.thing'})\n"
    ),
    "bad_hook_argument": (
        "import prepflow\n\n@prepflow.hookimpl\ndef register_step_types(registrar):\n    pass\n"
    ),
}
ERRORS = {
    "import_error": "ModuleNotFoundError: No module named 'acme_dependency_that_is_not_installed'",
    "register_error": "RuntimeError: the acme licence has expired",
    "not_a_step_type": "register() expects a StepType, got dict",
    "bad_hook_argument": "registrar",
}
PLAN = 'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\nwith.count = 2\n'


def warning(name: str) -> str:
    return f"prepflow: warning: plugin '{name}' failed to load: "


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_plugin_does_not_break_the_cli(
    kind: str, kit: Path, write: Write, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(f"{kind}.py", BROKEN[kind])
    write("plan.toml", PLAN)

    result = invoke("--help")
    assert result.exit_code == 0
    assert "Usage: " in result.stdout

    result = invoke("plugins", "--plugin", f"{kind}.py")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{kind} ")
    assert "error:" in result.stdout and ERRORS[kind] in result.stdout

    # the other plugins keep working; one line names the broken one
    result = invoke("validate", "--plugin", f"{kind}.py", "plan.toml")
    assert result.exit_code == 0, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(warning(kind))
    assert ERRORS[kind] in line
    assert line.endswith(f"(hide it with PREPFLOW_DISABLE_PLUGINS={kind})")

    result = invoke("run", "--plugin", f"{kind}.py", "plan.toml")
    assert result.exit_code == 0, result.output

    monkeypatch.setenv("PREPFLOW_DISABLE_PLUGINS", kind)
    result = invoke("validate", "--plugin", f"{kind}.py", "plan.toml")
    assert result.exit_code == 0
    assert result.stderr == ""
    monkeypatch.delenv("PREPFLOW_DISABLE_PLUGINS")

    monkeypatch.setenv("PREPFLOW_STRICT_PLUGINS", "1")
    result = invoke("validate", "--plugin", f"{kind}.py", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"prepflow: error: plugin '{kind}' failed to load: ")
    assert "Traceback" not in result.output
    result = invoke("--help")
    assert result.exit_code == 0


def test_strict_plugins_reraises_in_the_library(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text(BROKEN["register_error"])
    plugins = prepflow.Plugins([broken], entry_points=False, environ={"PREPFLOW_STRICT_PLUGINS": "1"})
    with pytest.raises(prepflow.PluginError, match="plugin 'broken' failed to load: RuntimeError"):
        plugins.step_types  # noqa: B018
    plugins = prepflow.Plugins([broken], entry_points=False, environ={})
    assert dict(plugins.step_types) == {}
    assert [str(f) for f in plugins.failures] == [
        "plugin 'broken' failed to load: RuntimeError: the acme licence has expired"
    ]


def test_a_plan_using_a_type_of_a_broken_plugin_says_so(kit: Path, write: Write, invoke: Invoke) -> None:
    write("acme.py", BROKEN["import_error"])
    write("plan.toml", 'plugins = ["testkit.py", "acme.py"]\n[steps.a]\nuses = "acme.thing"\n')
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "plan.toml:1:26: plugins[1]: plugin file 'acme.py' failed to load: "
        "ModuleNotFoundError: No module named 'acme_dependency_that_is_not_installed'",
        "plan.toml:3:8: steps.a.uses: unknown step type 'acme.thing' (`prepflow steps` lists the installed "
        "step types); note: plugin 'acme' failed to load",
    ]


def test_two_plugins_registering_the_same_step_type(kit: Path, write: Write, invoke: Invoke) -> None:
    write("copycat.py", "from plugins_for_tests import register_step_types  # noqa: F401\n")
    write("plan.toml", 'plugins = ["testkit.py", "copycat.py"]\n[steps.a]\nuses = "t.echo"\n')
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith("plan.toml:3:8: steps.a.uses: step type 't.echo' is registered by both '")
    assert "'testkit'" in line and "'copycat'" in line
    assert line.endswith("; disable one with PREPFLOW_DISABLE_PLUGINS")
    plugins = prepflow.Plugins([kit, kit.parent / "copycat.py"], entry_points=False)
    assert sorted(plugins.clashes()["t.echo"]) == ["copycat", "testkit"]


def test_load_and_disable_installed_plugins(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def names() -> list[str]:
        result = invoke("plugins", "--json")
        assert result.exit_code == 0, result.output
        return [p["name"] for p in json.loads(result.stdout)]

    installed = names()
    assert {"documents", "dossier"} <= set(installed)
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "dossier")
    assert names() == ["dossier"]
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "")
    assert names() == []
    assert invoke("plugins").stdout == "no plugins installed\n"
    monkeypatch.delenv("PREPFLOW_LOAD_PLUGINS")
    monkeypatch.setenv("PREPFLOW_DISABLE_PLUGINS", "dossier, documents")
    assert "dossier" not in names() and "documents" not in names()


def test_plugins_json(kit: Path, invoke: Invoke) -> None:
    kit.parent.joinpath("broken.py").write_text(BROKEN["register_error"])
    result = invoke("plugins", "--json", "--plugin", "testkit.py", "--plugin", "broken.py")
    assert result.exit_code == 0, result.output
    infos = {p["name"]: p for p in json.loads(result.stdout)}
    assert set(infos) == {"testkit", "broken"}
    testkit = infos["testkit"]
    assert testkit["source"] == "file (testkit.py)"
    assert len(testkit["version"]) == 12  # the file's digest
    assert testkit["hooks"] == ["register_renderers", "register_step_types"]
    assert "t.echo" in testkit["step_types"] and testkit["renderers"] == ["txt"]
    assert testkit["errors"] == []
    assert infos["broken"]["errors"] == ["RuntimeError: the acme licence has expired"]
    assert infos["broken"]["step_types"] == []


def test_steps_lists_and_describes(kit: Path, invoke: Invoke) -> None:
    result = invoke("steps", "--plugin", "testkit.py")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["t.any", "Test", "step", "t.any.", "[testkit", "v1]"]
    assert any(line.startswith("t.read ") for line in lines)

    result = invoke("steps", "--plugin", "testkit.py", "t.read")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("t.read (version 1, plugin testkit)\n\nTest step t.read.\n")
    assert "option  type    required  default  description" in text
    assert "path    string  yes                A file to read." in text
    assert "Reads: the file in `path`" in text
    assert "Produces:" in text and "  text" in text and "  words" in text

    result = invoke("steps", "--plugin", "testkit.py", "t.reed")
    assert result.exit_code == 2
    assert "no step type 't.reed' (did you mean 't.read'?)" in result.stderr

    result = invoke("steps")
    assert result.exit_code == 0
    assert result.stdout == "no step types installed (see `prepflow plugins`)\n"


def test_step_run(kit: Path, invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "job.md").write_text("five words are right here\n")
    result = invoke("step", "run", "t.read", "--with", "path=job.md", "--json", "--plugin", "testkit.py")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"text": "five words are right here\n", "words": 5}
    assert result.stdout.count("\n") == 1

    # values are TOML when they can be, else text
    pairs = ["n=3", "s=hello world", "l=[1, 'a']", "t.x=true"]
    result = invoke("step", "run", "t.any", *(f"--with={p}" for p in pairs), "--plugin", "testkit.py")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"n": 3, "s": "hello world", "l": [1, "a"], "t": {"x": True}}


def test_step_run_errors(kit: Path, invoke: Invoke) -> None:
    def run(*args: str) -> Result:
        return invoke("step", "run", *args, "--plugin", "testkit.py")

    result = run("t.reed")
    assert result.exit_code == 2
    assert "no step type 't.reed' (did you mean 't.read'?)" in result.stderr
    result = run("t.echo", "--with", "count=0")
    assert result.exit_code == 2
    assert "--with count: 0 is less than the minimum of 1" in result.stderr
    result = run("t.echo", "--with", "nonsense")
    assert result.exit_code == 2
    assert "'nonsense' is not KEY=VALUE" in result.stderr
    result = run("t.read", "--with", "path=nowhere.md")
    assert result.exit_code == 1
    assert (
        result.stderr == "prepflow: error: t.read: nowhere.md: file not found (check the path in the plan)\n"
    )
    result = run("t.fail", "--with", "message=no luck")
    assert result.exit_code == 1
    assert result.stderr == "prepflow: error: t.fail: no luck\n"


def test_schema_is_valid_2020_12_with_if_then_per_step_type(kit: Path, invoke: Invoke, write: Write) -> None:
    import tomllib

    from jsonschema import Draft202012Validator

    result = invoke("schema", "--plugin", "testkit.py")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    step = schema["$defs"]["step"]
    assert "oneOf" not in step
    branches = {b["if"]["properties"]["uses"]["const"]: b["then"] for b in step["allOf"]}
    assert set(branches) == {s.name for s in __import__("plugins_for_tests").step_types()}
    count = branches["t.echo"]["properties"]["with"]["properties"]["count"]
    assert count["anyOf"][0]["minimum"] == 1  # or a ${...} reference, as validate allows
    assert schema["properties"]["output"]["properties"]["formats"]["items"] == {"enum": ["txt"]}

    validator = Draft202012Validator(schema)
    good = tomllib.loads(
        'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\nwith.count = 2\n'
        '[steps.b]\nuses = "t.read"\nwith.path = "x.md"\nneeds = ["a"]\n[output]\nformats = ["txt"]\n'
    )
    assert list(validator.iter_errors(good)) == []
    bad = tomllib.loads('[steps.a]\nuses = "t.echo"\nwith.count = -1\n')
    assert [list(e.absolute_path) for e in validator.iter_errors(bad)] == [["steps", "a", "with", "count"]]
    referred = tomllib.loads('[steps.a]\nuses = "t.echo"\nwith.count = "${inputs.n}"\n')
    assert list(validator.iter_errors(referred)) == []
    unknown = tomllib.loads('[steps.a]\nuses = "t.ehco"\n')
    assert [list(e.absolute_path) for e in validator.iter_errors(unknown)] == [["steps", "a", "uses"]]
