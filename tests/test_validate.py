"""`prepflow validate`: every promised problem, located as file:line:column: key.path: message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import prepflow

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]

HEAD = 'plugins = ["testkit.py"]\n'


def problems_of(invoke: Invoke, write: Write, text: str) -> list[str]:
    """Validate ``text`` as plan.toml; return its problem lines (exit status 1 asserted)."""
    write("plan.toml", text)
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    count = len(lines) - 1
    assert lines[-1] == f"prepflow: {count} problem{'s' * (count != 1)} found; nothing was run"
    assert "Traceback" not in result.output
    return lines[:-1]


@pytest.fixture(autouse=True)
def _kit(kit: Path) -> None:
    """Every test here has testkit.py beside its plan, and no installed plugins."""


def test_valid_plan(invoke: Invoke, write: Write) -> None:
    write(
        "plan.toml",
        HEAD
        + """
        [steps.a]
        uses = "t.echo"
        with.count = 2
        """,
    )
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "plan.toml: valid (1 steps)\n"


def test_toml_syntax_error_has_line_and_column(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.echo"\nretries = \n'
    assert problems_of(invoke, write, text) == ["plan.toml:4:11: invalid TOML: invalid value"]


def test_toml_duplicate_key(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.echo"\nuses = "t.echo"\n'
    [line] = problems_of(invoke, write, text)
    assert line.startswith("plan.toml:4:")
    assert "invalid TOML" in line


def test_wrong_types(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        "[plan]\n"  # 2
        "name = 3\n"  # 3
        "[steps.a]\n"  # 4
        'uses = "t.echo"\n'  # 5
        'retries = "two"\n'  # 6
        "continue_on_error = 1\n"  # 7
        'timeout = "soon"\n'  # 8
        'with = "x"\n'  # 9
    )
    assert problems_of(invoke, write, text) == [
        "plan.toml:3:8: plan.name: expected a string, got an integer 3",
        'plan.toml:6:11: steps.a.retries: expected an integer, got a string "two"',
        "plan.toml:7:21: steps.a.continue_on_error: expected a boolean (true or false), got an integer 1",
        "plan.toml:8:11: steps.a.timeout: expected a number of seconds greater than 0, or a duration "
        'such as "90s", "5m" or "1h"; got a string "soon"',
        'plan.toml:9:8: steps.a.with: expected a table, got a string "x"',
    ]


def test_unknown_keys_suggest_the_closest(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        "stepz = 1\n"  # 2
        "[steps.a]\n"  # 3
        'uses = "t.echo"\n'  # 4
        "retires = 2\n"  # 5
        "[output]\n"  # 6
        'folder = "out"\n'  # 7
    )
    assert problems_of(invoke, write, text) == [
        "plan.toml:2:1: stepz: unknown key 'stepz' (did you mean 'steps'?)",
        "plan.toml:5:1: steps.a.retires: unknown key 'retires' (did you mean 'retries'?)",
        "plan.toml:7:1: output.folder: unknown key 'folder' (expected one of: dir, formats)",
    ]


def test_missing_steps_and_uses(invoke: Invoke, write: Write) -> None:
    assert problems_of(invoke, write, HEAD + '[plan]\nname = "x"\n') == [
        "plan.toml:1:1: missing required key 'steps'"
    ]
    assert problems_of(invoke, write, HEAD + "[steps.a]\nretries = 1\n") == [
        "plan.toml:2:1: steps.a: missing required key 'uses'"
    ]


def test_unknown_uses_lists_the_closest_installed_types(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.ecko"\n[steps.b]\nuses = "zz.nothing_like_it"\n'
    assert problems_of(invoke, write, text) == [
        "plan.toml:3:8: steps.a.uses: unknown step type 't.ecko' (did you mean 't.echo' or 't.block'?)",
        "plan.toml:5:8: steps.b.uses: unknown step type 'zz.nothing_like_it' "
        "(`prepflow steps` lists the installed step types)",
    ]


def test_badly_formed_uses(invoke: Invoke, write: Write) -> None:
    [line] = problems_of(invoke, write, HEAD + '[steps.a]\nuses = "Echo"\n')
    assert line.startswith("plan.toml:3:8: steps.a.uses: 'Echo' is not a step type name")


def test_needs_a_missing_step(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        '[steps.research]\nuses = "t.echo"\n'  # 2-3
        '[steps.b]\nuses = "t.echo"\nneeds = ["reserch"]\n'  # 4-6
        '[steps.c]\nuses = "t.echo"\nneeds = "zzz"\n'  # 7-9
    )
    assert problems_of(invoke, write, text) == [
        "plan.toml:6:10: steps.b.needs[0]: needs 'reserch', but there is no such step "
        "(did you mean 'research'?)",
        "plan.toml:9:9: steps.c.needs: needs 'zzz', but there is no such step (steps: research, b, c)",
    ]


@pytest.mark.parametrize(
    ("needs", "shown"),
    [
        ('[["a"]]', '[["a"]]'),
        ("[1]", "[1]"),
        ('[{ step = "a" }]', '[{"step": "a"}]'),
        ('["a", "a"]', '["a", "a"]'),
    ],
)
def test_needs_of_the_wrong_shape(invoke: Invoke, write: Write, needs: str, shown: str) -> None:
    # one item that is not a name must not pass for one name
    text = HEAD + f'[steps.a]\nuses = "t.echo"\n[steps.b]\nuses = "t.echo"\nneeds = {needs}\n'
    assert problems_of(invoke, write, text) == [
        "plan.toml:6:9: steps.b.needs: expected a step id or an array of step ids, "
        f"each listed once; got an array {shown}"
    ]


def test_cycle_prints_its_path(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        '[steps.a]\nuses = "t.echo"\nneeds = ["c"]\n'  # 2-4
        '[steps.b]\nuses = "t.echo"\nneeds = ["a"]\n'  # 5-7
        '[steps.c]\nuses = "t.echo"\nneeds = ["b"]\n'  # 8-10
    )
    assert problems_of(invoke, write, text) == [
        "plan.toml:4:1: steps.a.needs: dependency cycle: a -> c -> b -> a; "
        "remove one of these needs or references",
    ]


def test_self_cycle(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.echo"\nneeds = ["a"]\n'
    assert problems_of(invoke, write, text) == [
        "plan.toml:4:1: steps.a.needs: dependency cycle: a -> a; remove one of these needs or references",
    ]


def test_cycle_through_references(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        '[steps.a]\nuses = "t.echo"\nwith.value = "${steps.b.outputs.value}"\n'  # 2-4
        '[steps.b]\nuses = "t.echo"\nif = "${steps.a.outputs.count} == 1"\n'  # 5-7
    )
    # no `needs` key to point at: the step's header is the place
    assert problems_of(invoke, write, text) == [
        "plan.toml:2:1: steps.a: dependency cycle: a -> b -> a; remove one of these needs or references",
    ]


def test_a_step_referring_to_its_own_outputs(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.echo"\nwith.value = "${steps.a.outputs.value}"\n'
    assert problems_of(invoke, write, text) == [
        "plan.toml:4:14: steps.a.with.value: ${steps.a.outputs.value}: "
        "a step cannot refer to its own outputs",
    ]


def test_unknown_references(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        '[inputs]\nlevel = "senior"\n'  # 2-3
        '[steps.a]\nuses = "t.echo"\n'  # 4-5
        "[steps.b]\n"  # 6
        'uses = "t.echo"\n'  # 7
        'with.value = "${inputs.levl}"\n'  # 8
        'with.label = "x ${steps.zzz.outputs.x} y"\n'  # 9
        "[steps.c]\n"  # 10
        'uses = "t.echo"\n'  # 11
        'with.value = ["${steps.a.outputs.valeu}", "${steps.a.outputs.nothing}"]\n'  # 12
        'with.label = "${steps.a.result}"\n'  # 13
        '[steps.d]\nuses = "t.any"\n'  # 14-15
        'with.x = "${secrets.token}"\n'  # 16
        'with.y = "${inputs..x}"\n'  # 17
        'if = "${steps.a.status.x} == 1"\n'  # 18
    )
    assert problems_of(invoke, write, text) == [
        "plan.toml:8:14: steps.b.with.value: ${inputs.levl}: no input named 'levl' (did you mean 'level'?)",
        "plan.toml:9:14: steps.b.with.label: ${steps.zzz.outputs.x}: no step named 'zzz'",
        "plan.toml:12:15: steps.c.with.value[0]: ${steps.a.outputs.valeu}: step type 't.echo' has no "
        "output 'valeu' (did you mean 'value'?)",
        "plan.toml:12:43: steps.c.with.value[1]: ${steps.a.outputs.nothing}: step type 't.echo' has no "
        "output 'nothing' (its outputs: count, value)",
        "plan.toml:13:14: steps.c.with.label: ${steps.a.result}: expected ${steps.ID.outputs.NAME} "
        "or ${steps.ID.status}",
        "plan.toml:16:10: steps.d.with.x: ${secrets.token}: unknown reference; expected ${inputs.NAME} "
        "or ${steps.ID.outputs.NAME}",
        "plan.toml:17:10: steps.d.with.y: cannot parse reference 'inputs..x' at '..x'",
        "plan.toml:18:6: steps.d.if: ${steps.a.status.x}: status is a string; nothing to take from it",
    ]


def test_reference_to_an_input_when_there_are_none(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.echo"\nwith.value = "${inputs.job}"\n'
    assert problems_of(invoke, write, text) == [
        "plan.toml:4:14: steps.a.with.value: ${inputs.job}: no input named 'job' (the plan has no [inputs])",
    ]


def test_missing_input_files_and_empty_globs(invoke: Invoke, write: Write, tmp_path: Path) -> None:
    (tmp_path / "company").mkdir()
    (tmp_path / "company" / "notes.txt").write_text("not markdown")
    text = HEAD + (
        "[inputs]\n"  # 2
        'job = { file = "job.md" }\n'  # 3
        'company = { files = ["company/*.md", "resume.md"] }\n'  # 4
        'folder = { file = "company" }\n'  # 5
        '[steps.a]\nuses = "t.echo"\n'  # 6-7
    )
    assert problems_of(invoke, write, text) == [
        f"plan.toml:3:16: inputs.job.file: file 'job.md' not found (paths are relative to the plan's "
        f"folder {tmp_path})",
        f"plan.toml:4:22: inputs.company.files[0]: 'company/*.md' matches no files (relative to {tmp_path})",
        f"plan.toml:4:38: inputs.company.files[1]: file 'resume.md' not found (paths are relative to "
        f"the plan's folder {tmp_path})",
        "plan.toml:5:19: inputs.folder.file: 'company' is a directory; "
        'use files = ["company/*"] for its files',
    ]


def test_missing_plugin_file(invoke: Invoke, write: Write) -> None:
    text = 'plugins = ["testkit.py", "nope.py"]\n[steps.a]\nuses = "t.echo"\n'
    assert problems_of(invoke, write, text) == [
        "plan.toml:1:26: plugins[1]: plugin file 'nope.py' not found (paths are relative to the plan)",
    ]


def test_bad_with_config_against_the_step_types_schema(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        "\n"  # 2
        "[plan]\n"  # 3
        'name = "Questions"\n'  # 4
        "\n"  # 5
        "[inputs]\n"  # 6
        'level = "senior"\n'  # 7
        "\n"  # 8
        "[steps.research]\n"  # 9
        'uses = "t.echo"\n'  # 10
        "\n"  # 11
        "[steps.questions]\n"  # 12
        'uses = "t.echo"\n'  # 13
        "\n"  # 14
        "[steps.questions.with]\n"  # 15
        "colour = 1\n"  # 16
        "count = -1\n"  # 17
    )
    # the example of the issue, to the column
    assert problems_of(invoke, write, text.replace("colour = 1\n", "")) == [
        "plan.toml:16:9: steps.questions.with.count: -1 is less than the minimum of 1",
    ]
    assert problems_of(invoke, write, text) == [
        "plan.toml:16:1: steps.questions.with.colour: unknown key 'colour' "
        "(expected one of: count, label, value)",
        "plan.toml:17:9: steps.questions.with.count: -1 is less than the minimum of 1",
    ]
    text = text.replace("colour = 1\ncount = -1", 'count = "3"\nlabel = 5')
    assert problems_of(invoke, write, text) == [
        'plan.toml:16:9: steps.questions.with.count: expected an integer, got a string "3"',
        "plan.toml:17:9: steps.questions.with.label: expected a string, got an integer 5",
    ]


def test_with_missing_required_option(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.read"\nwith = {}\n'
    assert problems_of(invoke, write, text) == ["plan.toml:4:1: steps.a.with: missing required key 'path'"]


def test_references_in_with_are_checked_after_resolution(invoke: Invoke, write: Write) -> None:
    # "${...}" is a string; count wants an integer, which the reference may well give
    text = HEAD + '[inputs]\nn = 3\n[steps.a]\nuses = "t.echo"\nwith.count = "${inputs.n}"\n'
    write("plan.toml", text)
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("${inputs.level} == ", "condition '${inputs.level} == ' ends too early"),
        ("${inputs.level} = 'x'", "cannot parse condition '${inputs.level} = 'x'' at '= 'x''"),
        ("(success()", "condition '(success()' ends too early"),
        ("(success() success())", "missing ')' in condition '(success() success())'"),
        ("succeeded()", "unknown function 'succeeded' in condition (known: always(), failure(), success())"),
        ("success() success()", "unexpected 'success' in condition 'success() success()'"),
        ("", "empty condition"),
        ("${inputs.lvl} == 'x'", "${inputs.lvl}: no input named 'lvl' (did you mean 'level'?)"),
        ("${}", "empty reference '${}'"),
        (
            '"\\q" == "a"',
            'bad string "\\q" in condition (Invalid \\escape); use JSON escapes, or single quotes',
        ),
        ('"a\tb" == "a"', "bad string"),
    ],
)
def test_bad_if_expressions(invoke: Invoke, write: Write, condition: str, message: str) -> None:
    text = HEAD + f"[inputs]\nlevel = 'senior'\n[steps.a]\nuses = \"t.echo\"\nif = {json.dumps(condition)}\n"
    lines = problems_of(invoke, write, text)
    assert len(lines) == 1
    assert lines[0].startswith("plan.toml:6:6: steps.a.if: ")
    assert message in lines[0]


def test_bad_output_formats(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.echo"\n[output]\nformats = ["txt", "text", "pdf", "txt"]\n'
    assert problems_of(invoke, write, text) == [
        'plan.toml:5:11: output.formats: ["txt", "text", "pdf", "txt"] lists an item more than once; '
        "remove the repeats",
        "plan.toml:5:19: output.formats[1]: unknown format 'text' (did you mean 'txt'?)",
        "plan.toml:5:27: output.formats[2]: unknown format 'pdf' (installed: txt)",
    ]


def test_plan_that_is_not_utf8(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_bytes(b'[steps.a]\nuses = "t.echo"\nname = "caf\xe9"\n')
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "plan.toml:3:12: not UTF-8 text (byte 37); a plan must be a UTF-8 TOML file"
    )


def test_binary_garbage(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_bytes(bytes(range(256)) * 4)
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.startswith("plan.toml:2:118: not UTF-8 text (byte 128)")
    assert "Traceback" not in result.output and "internal error" not in result.output
    (tmp_path / "plan.toml").write_bytes(b"\x00\x01\x02 = 3\n")
    result = invoke("validate", "plan.toml")
    assert result.exit_code == 1
    assert result.stderr.startswith("plan.toml:1:1: invalid TOML: ")


def test_non_json_values_are_reported_not_crashed_on(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        '[steps.a]\nuses = "t.any"\n'  # 2-3
        "with.x = nan\n"  # 4
        '[steps.b]\nuses = "t.any"\n'  # 5-6
        "with.y = [1, -inf]\n"  # 7
        "retry_delay = nan\n"  # 8
        "timeout = nan\n"  # 9
        "retries = 2.0\n"  # 10: an integer, as JSON Schema sees it
    )
    found = problems_of(invoke, write, text)
    assert found[0].startswith("plan.toml:4:1: steps.a.with") and "nan" in found[0]
    assert found[1].startswith("plan.toml:7:1: steps.b.with") and "inf" in found[1]
    assert found[2:] == [
        "plan.toml:8:15: steps.b.retry_delay: nan is not a number of seconds; give one, e.g. 3",
        "plan.toml:9:11: steps.b.timeout: nan is not a number of seconds; give one, e.g. 3",
    ]


def test_float_retries_count(write: Write, testkit: prepflow.Plugins) -> None:
    plan = prepflow.load_plan(write("plan.toml", '[steps.a]\nuses = "t.echo"\nretries = 2.0\n'), testkit)
    assert plan.steps["a"].retries == 2


def test_a_step_that_is_not_a_table(invoke: Invoke, write: Write) -> None:
    text = HEAD + 'steps = { a = 5, b = { uses = "t.echo", needs = ["a"] } }\n'
    assert problems_of(invoke, write, text) == [
        "plan.toml:2:15: steps.a: expected a table, got an integer 5",
    ]


def test_deeply_nested_values(invoke: Invoke, write: Write) -> None:
    text = HEAD + '[steps.a]\nuses = "t.any"\nwith.x = ' + "[" * 5000 + "]" * 5000 + "\n"
    [line] = problems_of(invoke, write, text)
    assert line.startswith("plan.toml:4:")
    assert "nested too deeply" in line


def test_every_problem_at_once(invoke: Invoke, write: Write, tmp_path: Path) -> None:
    text = HEAD + (
        "stepz = 1\n"  # 2
        "\n"  # 3
        "[inputs]\n"  # 4
        'job = { file = "job.md" }\n'  # 5
        'level = "senior"\n'  # 6
        "\n"  # 7
        "[steps.a]\n"  # 8
        'uses = "t.ecko"\n'  # 9
        "retires = 2\n"  # 10
        "\n"  # 11
        "[steps.questions]\n"  # 12
        'uses = "t.echo"\n'  # 13
        'needs = ["nope"]\n'  # 14
        'if = "${inputs.level} == "\n'  # 15
        "[steps.questions.with]\n"  # 16
        "count = -1\n"  # 17
        'value = "${inputs.jobb}"\n'  # 18
        "\n"  # 19
        "[steps.c]\n"  # 20
        'uses = "t.echo"\n'  # 21
        'with.value = "${steps.questions.outputs.valeu}"\n'  # 22
        'needs = ["c"]\n'  # 23
        "\n"  # 24
        "[output]\n"  # 25
        'formats = ["txt", "pdf"]\n'  # 26
    )
    assert problems_of(invoke, write, text) == [
        "plan.toml:2:1: stepz: unknown key 'stepz' (did you mean 'steps'?)",
        f"plan.toml:5:16: inputs.job.file: file 'job.md' not found (paths are relative to the plan's "
        f"folder {tmp_path})",
        "plan.toml:9:8: steps.a.uses: unknown step type 't.ecko' (did you mean 't.echo' or 't.block'?)",
        "plan.toml:10:1: steps.a.retires: unknown key 'retires' (did you mean 'retries'?)",
        "plan.toml:14:10: steps.questions.needs[0]: needs 'nope', but there is no such step "
        "(steps: a, questions, c)",
        "plan.toml:15:6: steps.questions.if: condition '${inputs.level} == ' ends too early",
        "plan.toml:17:9: steps.questions.with.count: -1 is less than the minimum of 1",
        "plan.toml:18:9: steps.questions.with.value: ${inputs.jobb}: no input named 'jobb' "
        "(did you mean 'job'?)",
        "plan.toml:22:14: steps.c.with.value: ${steps.questions.outputs.valeu}: step type 't.echo' has "
        "no output 'valeu' (did you mean 'value'?)",
        "plan.toml:23:1: steps.c.needs: dependency cycle: c -> c; remove one of these needs or references",
        "plan.toml:26:19: output.formats[1]: unknown format 'pdf' (installed: txt)",
    ]


def test_usage_errors_exit_2(invoke: Invoke, write: Write) -> None:
    result = invoke("validate", "missing.toml")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    result = invoke("validate")
    assert result.exit_code == 2
    result = invoke("validate", ".")
    assert result.exit_code == 2
    result = invoke("frobnicate")
    assert result.exit_code == 2


def test_library_validate_and_load_plan(write: Write, testkit: prepflow.Plugins) -> None:
    good = write("good.toml", '[steps.a]\nuses = "t.echo"\n')
    bad = write("bad.toml", '[steps.a]\nuses = "t.echo"\nretries = -1\n[steps.b]\nuses = "t.nope"\n')
    assert prepflow.validate(good, testkit) == []
    found = prepflow.validate(bad, testkit)
    assert [str(d) for d in found] == [
        f"{bad}:3:11: steps.a.retries: -1 is less than the minimum of 0",
        f"{bad}:5:8: steps.b.uses: unknown step type 't.nope' "
        "(`prepflow steps` lists the installed step types)",
    ]
    assert (found[0].line, found[0].column, found[0].path) == (3, 11, "steps.a.retries")
    with pytest.raises(prepflow.PlanError) as caught:
        prepflow.load_plan(bad, testkit)
    assert caught.value.diagnostics == found
    plan = prepflow.load_plan(good, testkit)
    assert plan.order == ("a",)
    # loading twice with the same plugins works (the plan's plugin files are not loaded twice)
    assert prepflow.load_plan(good, testkit).order == ("a",)


def test_plugin_file_both_on_the_command_line_and_in_the_plan(invoke: Invoke, write: Write) -> None:
    write("plan.toml", HEAD + '[steps.a]\nuses = "t.echo"\n')
    result = invoke("validate", "--plugin", "testkit.py", "plan.toml")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_every_problem_is_one_line_even_with_line_breaks_in_the_plan(invoke: Invoke, write: Write) -> None:
    text = HEAD + (
        '[steps.a]\nuses = "t.echo"\n'  # 2-3
        'if = "x ==\\n"\n'  # 4
        '"bo\\ngus" = 1\n'  # 5
        'name = "\\u2028"\n'  # 6
        '[plan]\nname = ["\\u0085"]\n'  # 7-8
    )
    assert problems_of(invoke, write, text) == [
        "plan.toml:4:6: steps.a.if: condition 'x ==\\n' ends too early",
        "plan.toml:5:1: steps.a.bo\\ngus: unknown key 'bo\\ngus' (expected one of: continue_on_error, if, "
        "name, needs, retries, retry_delay, timeout, uses, with)",
        'plan.toml:8:8: plan.name: expected a string, got an array ["\\u0085"]',
    ]


def test_non_finite_retries_are_reported_not_crashed_on(invoke: Invoke, write: Write) -> None:
    found = problems_of(invoke, write, HEAD + '[steps.a]\nuses = "t.any"\nretries = nan\n')
    assert found == ["plan.toml:4:11: steps.a.retries: expected an integer, got a float NaN"]
    found = problems_of(invoke, write, HEAD + '[steps.a]\nuses = "t.any"\nretries = inf\n')
    assert "plan.toml:4:11: steps.a.retries: expected an integer, got a float Infinity" in found


def test_a_plain_step_has_every_option_at_its_default() -> None:
    from prepflow.model import Step

    plain = Step.plain("a", "t.any", {}, ("b",), True, "")
    named = Step(id="a", uses="t.any", config={}, needs=("b",), has_refs=True, config_digest="")
    assert plain.as_dict() == named.as_dict()


def test_the_loader_builds_steps_with_every_option(write: Write, testkit: prepflow.Plugins) -> None:
    text = (
        '[steps.a]\nuses = "t.any"\n'
        '[steps.b]\nuses = "t.any"\nneeds = "a"\nif = "success()"\nretries = 2\nretry_delay = 0.5\n'
        'timeout = "90s"\ncontinue_on_error = true\nname = "Bee"\n'
    )
    step = prepflow.load_plan(write("plan.toml", text), testkit).steps["b"]
    assert step.needs == ("a",)
    assert step.condition is not None and step.condition.source == "success()"
    assert (step.retries, step.retry_delay, step.timeout) == (2, 0.5, 90.0)
    assert step.continue_on_error is True
    assert step.title == "Bee"


def test_toml_dates_in_with_become_iso_strings(write: Write, testkit: prepflow.Plugins) -> None:
    text = (
        '[steps.a]\nuses = "t.any"\n'
        "with.day = 2026-01-15\n"
        "with.at = [2026-01-15T10:30:00Z, 10:30:00]\n"
        "with.nested.since = 2025-06-01\n"
    )
    plan = prepflow.load_plan(write("plan.toml", text), testkit)
    assert plan.steps["a"].config == {
        "day": "2026-01-15",
        "at": ["2026-01-15T10:30:00+00:00", "10:30:00"],
        "nested": {"since": "2025-06-01"},
    }
    # a date and a number JSON cannot hold, in one table: the number is reported
    bad = '[steps.b]\nuses = "t.any"\nwith.when = 2026-01-15\nwith.bad = inf\n'
    with pytest.raises(prepflow.PlanError, match="numbers must be finite"):
        prepflow.load_plan(write("plan.toml", bad), testkit)


def test_an_input_that_would_read_the_dossier_is_refused(invoke: Invoke, write: Write) -> None:
    """Issue 15: an output folder inside an input glob was accepted, and the second run read the first's."""
    write("notes/a.txt", "a note\n")
    problems = problems_of(
        invoke,
        write,
        HEAD
        + """
        [inputs]
        notes = { files = ["notes/*.txt", "**/*.txt"] }
        [steps.a]
        uses = "t.echo"
        [output]
        formats = ["txt"]
        """,
    )
    assert problems == [
        "plan.toml:4:43: inputs.notes.files[1]: '**/*.txt' matches the dossier's file 'out/dossier.txt' "
        "(the output folder, [output] dir, is inside it): each run would read the last one's dossier; "
        "narrow the pattern or set [output] dir to a folder outside it"
    ]
    # the dossier in another folder: the same pattern is fine
    write("plan.toml", Path("plan.toml").read_text() + 'dir = "../elsewhere"\n')
    assert invoke("validate", "plan.toml").exit_code == 0
