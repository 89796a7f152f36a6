"""The pytest plugin prepflow ships (prepflow.testing), tested as its users meet it: through pytester."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

PLUGIN = """
import prepflow

def top_words(ctx):
    words = ctx.read_text(ctx.config["source"]).lower().split()
    ctx.log.info("read %d words", len(words))
    if not words:
        raise prepflow.StepError(f"{ctx.config['source']}: empty")
    ranked = sorted(set(words), key=lambda w: (-words.count(w), w))
    return {"words": ranked[: ctx.config.get("top", 5)]}

@prepflow.hookimpl
def register_step_types(register):
    register(prepflow.StepType(
        name="acme.top_words",
        run=top_words,
        summary="The most frequent words.",
        config_schema={
            "type": "object",
            "additionalProperties": False,
            "required": ["source"],
            "properties": {"source": {"type": "string"}, "top": {"type": "integer", "minimum": 1}},
        },
        output_schema={"type": "object", "additionalProperties": False, "properties": {"words": {}}},
    ))

@prepflow.hookimpl
def register_renderers(register):
    register(prepflow.Renderer(
        name="txt", filename="dossier.txt", summary="Words.",
        render=lambda d: " ".join(d["steps"]["w"]["outputs"]["words"]) + "\\n",
    ))
"""

PLAN = """
    [steps.w]
    uses = "acme.top_words"
    with.source = "job.md"
    with.top = 2
"""


@pytest.fixture
def acme(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(acme=PLUGIN, plans=f'PLAN = """{PLAN}"""\n')
    pytester.syspathinsert()
    return pytester


def test_run_a_plan_and_assert_on_outputs_messages_and_cache(acme: pytest.Pytester) -> None:
    acme.makepyfile(
        test_it="""
        import acme
        from plans import PLAN

        def test_outputs(register_plugin, prepflow_run):
            assert register_plugin(acme) is acme
            result = prepflow_run(PLAN, files={"job.md": "go python python rust rust rust"})
            assert result.status == "success" and result.ok
            assert result.outputs("w") == {"words": ["rust", "python"]}
            assert result.messages == ["w: info: read 6 words"]
            assert "ran      w" in result.report
            assert result.statuses == {"w": "success"}
            again = prepflow_run(PLAN, files={"job.md": "go python python rust rust rust"})
            assert again.statuses == {"w": "cached"}
            assert again.outputs("w") == {"words": ["rust", "python"]}
            changed = prepflow_run(PLAN, files={"job.md": "go go"})
            assert changed.statuses == {"w": "success"} and changed.outputs("w") == {"words": ["go"]}

        def test_dossier(register_plugin, prepflow_run):
            register_plugin(acme, name="acme")
            result = prepflow_run(PLAN, files={"job.md": "a b b"}, formats=["txt"])
            assert [p.name for p in result.files] == ["dossier.txt"]
            assert result.read("out/dossier.txt") == "b a\\n"

        def test_registration_lasts_one_test(prepflow_plugins):
            assert dict(prepflow_plugins.step_types) == {}
        """
    )
    acme.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_invalid_plans_and_failed_steps(acme: pytest.Pytester) -> None:
    acme.makepyfile(
        test_it='''
        import pytest
        import acme
        from plans import PLAN

        def test_invalid(register_plugin, prepflow_run):
            register_plugin(acme)
            result = prepflow_run("""
                [steps.w]
                uses = "acme.top_word"
                [steps.x]
                uses = "acme.top_words"
                with.top = 0
            """)
            assert result.status == "invalid" and not result.ok and result.steps == {}
            found = [(d.line, d.path) for d in result.diagnostics]
            assert found == [(2, "steps.w.uses"), (5, "steps.x.with"), (5, "steps.x.with.top")]
            assert result.errors[0].startswith("plan.toml:2:")
            assert "did you mean 'acme.top_words'" in result.errors[0]
            with pytest.raises(AssertionError, match="the plan is invalid"):
                result.outputs("w")

        def test_failed_step(register_plugin, prepflow_run):
            register_plugin(acme)
            result = prepflow_run(PLAN, files={"job.md": ""})
            assert result.status == "failed"
            assert result.errors == ["w: job.md: empty"]
            assert result.step("w").status == "failed"
            with pytest.raises(AssertionError, match=r"no outputs: it failed \\(job.md: empty\\)"):
                result.outputs("w")
            with pytest.raises(AssertionError, match="no step 'nope'"):
                result.step("nope")
        '''
    )
    result = acme.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_register_plugin_is_strict_and_loads_installed_plugins(acme: pytest.Pytester) -> None:
    acme.makepyfile(
        test_it="""
        import pytest
        import prepflow
        import acme

        class Broken:
            @prepflow.hookimpl
            def register_step_types(self, register):
                register("not a step type")

        def test_broken(register_plugin):
            with pytest.raises(prepflow.PluginError, match="register\\\\(\\\\) expects a StepType"):
                register_plugin(Broken())

        def test_clash(register_plugin):
            register_plugin(acme)
            class Again:
                register_step_types = staticmethod(acme.register_step_types)
            with pytest.raises(prepflow.PluginError, match="'acme.top_words' is registered by both"):
                register_plugin(Again(), name="again")

        def test_installed(register_plugin, prepflow_plugins):
            register_plugin("documents")
            assert "doc.load" in prepflow_plugins.step_types
            with pytest.raises(LookupError, match="no installed prepflow plugin named 'nope'"):
                register_plugin("nope")
        """
    )
    acme.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_the_examples_in_writing_plugins_md_pass(pytester: pytest.Pytester) -> None:
    """The docs' one-file plugin (acme.py) and its tests from the Testing section, run as written."""
    import re
    from pathlib import Path

    docs = (Path(__file__).parent.parent / "docs" / "writing-plugins.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", docs, re.S)
    plugin = next(b for b in blocks if b.startswith("# acme.py"))
    tests = next(b for b in blocks if "def test_top_words(register_plugin, prepflow_run)" in b)
    pytester.makepyfile(acme=plugin, test_docs=tests)
    pytester.syspathinsert()
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_register_pack(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        **{
            "zz_pack/pack": """
            [pack]
            name = "zz-pack"
            namespace = "zz"
            version = "1.0"
            [data]
            tips = ["tips.toml"]
            [steps]
            module = "zz_pack.steps"
            """,
            "zz_pack/tips": 'tips = ["Smile."]\n',
        },
    )
    pytester.makepyfile(
        **{
            "zz_pack/__init__": "",
            "zz_pack/steps": """
            import prepflow

            @prepflow.hookimpl
            def register_step_types(register):
                register(prepflow.StepType(
                    name="zz.tips", run=lambda ctx: ctx.data("tips"), summary="Tips.",
                ))
            """,
            "test_it": """
            import pytest
            import prepflow

            PLAN = 'packs = ["zz-pack>=1"]\\n[steps.t]\\nuses = "zz.tips"\\n'

            def test_by_package_name(register_pack, prepflow_run):
                pack = register_pack("zz_pack")
                assert (pack.name, pack.namespace) == ("zz-pack", "zz")
                assert prepflow_run(PLAN).outputs("t") == {"tips": ["Smile."]}

            def test_by_folder(register_pack, prepflow_run, pytester_dir):
                register_pack(pytester_dir / "zz_pack")
                assert prepflow_run(PLAN).outputs("t") == {"tips": ["Smile."]}

            def test_unsatisfied_pin(register_pack, prepflow_run):
                register_pack("zz_pack")
                result = prepflow_run(PLAN.replace(">=1", ">=2"))
                assert result.status == "invalid"
                assert "does not satisfy 'zz-pack>=2'" in result.errors[0]

            def test_not_a_pack(register_pack):
                with pytest.raises(LookupError, match="no pack.toml found in package 'json'"):
                    register_pack("json")
            """,
        },
    )
    pytester.makeconftest(
        "import pytest\n\n@pytest.fixture\ndef pytester_dir(request):\n    return request.config.rootpath\n"
    )
    pytester.syspathinsert()
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)
