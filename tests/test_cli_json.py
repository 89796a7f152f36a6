"""The command line for editors and CI: --json on validate, plan and steps; step logs; summary order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LOGGING = """
import prepflow

def run(ctx):
    ctx.log.info("read %d lines", 3)
    ctx.log.warning("no dates found;\\nguessing")
    return {}

@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(name="lg.step", run=run, summary="Logs."))
"""

SUMMARY = """
import prepflow

@prepflow.hookimpl
def dossier_summary(dossier):
    return ["{name} one", "  ", "{name}   two"]
"""


def test_validate_json(kit: Path, write, invoke) -> None:
    write("plan.toml", 'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n[steps.b]\nuses = "t.echo"\n')
    result = invoke("validate", "--json", "plan.toml")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "plan": "plan.toml",
        "valid": True,
        "steps": ["a", "b"],
        "problems": [],
    }

    write("plan.toml", 'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.ehco"\nretries = "x"\n')
    result = invoke("validate", "plan.toml", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["plan"] == "plan.toml"
    first = data["problems"][0]
    assert (first["file"], first["line"], first["column"], first["path"]) == (
        "plan.toml",
        3,
        8,
        "steps.a.uses",
    )
    assert first["message"].startswith("unknown step type 't.ehco'")
    assert first["text"] == f"plan.toml:3:8: steps.a.uses: {first['message']}"
    assert [p["path"] for p in data["problems"]] == ["steps.a.uses", "steps.a.retries"]


def test_plan_json(kit: Path, write, invoke) -> None:
    write("plan.toml", 'plugins = ["testkit.py"]\n[steps.a]\nuses = "t.echo"\n[output]\nformats = []\n')
    result = invoke("plan", "--json", "plan.toml")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "plan": "plan.toml",
        "steps": [{"step": "a", "decision": "run", "reason": "never run"}],
    }
    assert invoke("run", "plan.toml", "--quiet").exit_code == 0
    again = json.loads(invoke("plan", "plan.toml", "--json").stdout)
    assert again["steps"][0]["decision"] == "cached"

    write("plan.toml", "[steps.a]\n")
    result = invoke("plan", "--json", "plan.toml")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"][0]["path"] == "steps.a"


def test_steps_json(kit: Path, invoke) -> None:
    listing = invoke("steps", "--json", "--plugin", "testkit.py")
    assert listing.exit_code == 0, listing.output
    names = [item["name"] for item in json.loads(listing.stdout)]
    assert "t.echo" in names and names == sorted(names)
    one = json.loads(invoke("steps", "t.echo", "--json", "--plugin", "testkit.py").stdout)
    assert one["name"] == "t.echo" and one["plugins"] == ["testkit"]
    assert {o["name"] for o in one["options"]} == set(one["config_schema"].get("properties", {}))
    unknown = invoke("steps", "t.ehco", "--json", "--plugin", "testkit.py")
    assert unknown.exit_code == 2 and "no step type 't.ehco' (did you mean 't.echo'?)" in unknown.output


def test_steps_shows_the_item_fields_of_arrays_of_tables(invoke) -> None:
    result = invoke("steps", "job.analyze")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0] for line in result.stdout.split("Produces:")[1].splitlines()[1:] if line.strip()}
    assert {"requirements", "requirements[].text", "requirements[].priority", "themes[].phrase"} <= rows
    data = json.loads(invoke("steps", "job.analyze", "--json").stdout)
    fields = {o["name"]: o["type"] for o in data["outputs"]}
    assert fields["requirements"] == "array of object" and fields["requirements[].text"] == "string"


def test_step_logs_are_shown_with_the_step_id(write, invoke, no_installed) -> None:
    write("logp.py", LOGGING)
    write("plan.toml", 'plugins = ["logp.py"]\n[steps.read]\nuses = "lg.step"\n[output]\nformats = []\n')
    quiet = invoke("run", "plan.toml", "--quiet")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr.splitlines() == ["prepflow: step 'read': warning: no dates found; guessing"]
    verbose = invoke("run", "plan.toml", "--quiet", "--force", "-v")
    assert verbose.stderr.splitlines() == [
        "prepflow: step 'read': info: read 3 lines",
        "prepflow: step 'read': warning: no dates found; guessing",
    ]
    root = invoke("--verbose", "run", "plan.toml", "--quiet", "--force")
    assert "prepflow: step 'read': info: read 3 lines" in root.stderr.splitlines()
    # the next command without -v shows warnings only again
    assert "info" not in invoke("run", "plan.toml", "--quiet", "--force").stderr


@pytest.mark.parametrize("order", [("zeta", "alpha"), ("alpha", "zeta")])
def test_dossier_summary_lines_come_in_plugin_name_order(order, kit: Path, write, invoke) -> None:
    for name in order:
        write(f"{name}.py", SUMMARY.replace("{name}", name))
    plugins = ", ".join(f'"{name}.py"' for name in ("testkit", *order))
    write("plan.toml", f'plugins = [{plugins}]\n[steps.a]\nuses = "t.echo"\n[output]\nformats = []\n')
    result = invoke("run", "plan.toml")
    assert result.exit_code == 0, result.output
    assert "first, do:\n  1. alpha one\n  2. alpha two\n  3. zeta one\n  4. zeta two\n" in result.stderr
