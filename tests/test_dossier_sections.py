"""Dossier sections as a hook: any plugin's step shows in dossier.md and dossier.html, escaped like the rest.

A plugin registers a step type and a ``prepflow.Section``; the section appears
in all three formats, in a stable order, its HTML escaped unless it comes from
``ctx.html``. The first-party sections are registered through the same hook. A
broken section stops the dossier with one line naming the plugin and section.
A pack's ``[report] template`` extends the page in Jinja2's sandbox.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dossier_fixtures import full

import prepflow
from prepflow.cli import cli
from prepflow.testing import PlanRun

Register = Callable[..., Any]
Run = Callable[..., PlanRun]

SCRIPT = "<script>window.__xss = 1</script>"
PLAN = """
[plan]
name = "My interview"

[steps.tip]
uses = "acme.tip"
with.text = "Open with their <b>hot button</b> <script>window.__xss = 1</script>"
"""


def _tip(ctx: prepflow.StepContext) -> dict[str, Any]:
    return {
        "tip": ctx.config["text"],
        "cites": [{"file": "job.md", "start": 3, "end": 3, "quote": "hot button"}],
    }


def tip_markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    notes = ctx.cite(outputs["cites"])
    return f"## {ctx.escape(ctx.section.title)}\n\n- {ctx.escape(outputs['tip'])}{ctx.refs(notes)}\n"


def tip_html(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> Any:
    notes = ctx.cite(outputs["cites"])
    return ctx.html(
        '<section id="{{ anchor }}"><h2>{{ title }}</h2>'
        '<p class="tip">{{ tip }}{{ cites(notes) }}</p></section>\n',
        tip=outputs["tip"],
        notes=notes,
    )


class TipPlugin:
    """A third-party plugin: one step type and its dossier section."""

    def __init__(self, **section: Any) -> None:
        self.section = {"markdown": tip_markdown, "html": tip_html, **section}

    @prepflow.hookimpl
    def register_step_types(self, register: Any) -> None:
        register(
            prepflow.StepType(name="acme.tip", run=_tip, summary="A tip.", config_schema={"type": "object"})
        )

    @prepflow.hookimpl
    def register_dossier_sections(self, register: Any) -> None:
        register(prepflow.Section("acme.tip", "acme.tip", "Acme tip", **self.section))


def _run(register_plugin: Register, prepflow_run: Run, plugin: Any) -> PlanRun:
    register_plugin("dossier")
    register_plugin(plugin, name="acme")
    return prepflow_run(PLAN, formats=["json", "md", "html"])


def test_hook_register_dossier_sections(register_plugin: Register, prepflow_run: Run) -> None:
    result = _run(register_plugin, prepflow_run, TipPlugin())
    assert result.ok, result.errors
    assert "Open with their" in result.read("out/dossier.json")
    md = result.read("out/dossier.md")
    assert "## Acme tip\n\n- Open with their \\<b\\>hot button\\</b\\> \\<script\\>" in md
    assert "[job.md:3]" in md
    html = result.read("out/dossier.html")
    assert '<p class="tip">Open with their &lt;b&gt;hot button&lt;/b&gt; &lt;script&gt;' in html
    assert SCRIPT not in html and "<b>hot" not in html
    assert '<a href="#acme.tip">Acme tip</a>' in html  # the table of contents links to it
    assert '<li id="src-1"><code>job.md:3</code> “hot button”</li>' in html  # its citation is a source


def _raw(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    return f"<em>{outputs['tip']}</em>"


def _forged(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> Any:
    from markupsafe import Markup

    return Markup(f"<em>{outputs['tip']}</em>")  # marked safe by the plugin, not by ctx.html


@pytest.mark.parametrize("renderer", [_raw, _forged])
def test_html_not_made_by_ctx_html_is_escaped_under_the_title(
    renderer: Any, register_plugin: Register, prepflow_run: Run
) -> None:
    result = _run(register_plugin, prepflow_run, TipPlugin(html=renderer))
    html = result.read("out/dossier.html")
    assert '<h2 id="acme.tip-h">Acme tip</h2>\n  <p>&lt;em&gt;Open with' in html
    assert SCRIPT not in html and "<em>" not in html


def test_a_section_for_one_format_only(register_plugin: Register, prepflow_run: Run) -> None:
    result = _run(register_plugin, prepflow_run, TipPlugin(html=None))
    assert "## Acme tip" in result.read("out/dossier.md")
    assert "Acme tip" not in result.read("out/dossier.html")


def test_a_broken_section_names_its_plugin_and_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tips.py").write_text(
        "import prepflow\n"
        "def run(ctx):\n"
        "    return {'tip': 'x'}\n"
        "def broken(outputs, ctx):\n"
        "    return outputs['missing']\n"
        "@prepflow.hookimpl\n"
        "def register_step_types(register):\n"
        "    register(prepflow.StepType(name='acme.tip', run=run, summary='A tip.'))\n"
        "@prepflow.hookimpl\n"
        "def register_dossier_sections(register):\n"
        "    register(prepflow.Section('acme.tip', 'acme.tip', 'Tip', markdown=broken))\n"
    )
    (tmp_path / "plan.toml").write_text('plugins = ["tips.py"]\n[steps.tip]\nuses = "acme.tip"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "dossier")
    result = CliRunner().invoke(cli, ["run", "plan.toml", "--format", "md"])
    assert result.exit_code != 0
    assert (
        "dossier section 'acme.tip' of plugin 'tips' failed in its Markdown renderer: KeyError: 'missing'"
        in result.output
    )
    assert "Traceback" not in result.output


TIPS_BY_NAME = (
    "import prepflow\n"
    "def run(ctx):\n"
    "    return {'tip': 'Ask about <the> roadmap'}\n"
    "@prepflow.hookimpl\n"
    "def register_step_types(register):\n"
    "    register(prepflow.StepType(name='acme.tip', run=run, summary='A tip.'))\n"
    "@prepflow.hookimpl\n"
    "def register_dossier_sections(register):\n"
    "    register(prepflow.Section('acme.tip', 'acme.tip', 'Tip', markdown=MARKDOWN, html=HTML))\n"
)


def _run_tips_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, markdown: str, html: str) -> Any:
    (tmp_path / "acme_tip_section.py").write_text(
        "def markdown(outputs, ctx):\n"
        "    return '## Tip\\n\\n' + ctx.escape(outputs['tip']) + '\\n'\n"
        "def html(outputs, ctx):\n"
        '    page = \'<section id="{{ anchor }}"><p class="tip">{{ tip }}</p></section>\'\n'
        "    return ctx.html(page, tip=outputs['tip'])\n"
    )
    (tmp_path / "tips.py").write_text(f"MARKDOWN = {markdown!r}\nHTML = {html!r}\n" + TIPS_BY_NAME)
    (tmp_path / "plan.toml").write_text('plugins = ["tips.py"]\n[steps.tip]\nuses = "acme.tip"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PREPFLOW_LOAD_PLUGINS", "dossier")
    return CliRunner().invoke(cli, ["run", "plan.toml", "--format", "md", "--format", "html"])


def test_a_section_may_name_its_renderers_by_import_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run_tips_by_name(tmp_path, monkeypatch, "acme_tip_section:markdown", "acme_tip_section:html")
    assert result.exit_code == 0, result.output
    assert "## Tip\n\nAsk about \\<the\\> roadmap" in (tmp_path / "out" / "dossier.md").read_text()
    assert (
        '<p class="tip">Ask about &lt;the&gt; roadmap</p>' in (tmp_path / "out" / "dossier.html").read_text()
    )


def test_a_section_import_string_that_names_nothing_is_one_line_naming_the_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run_tips_by_name(tmp_path, monkeypatch, "acme_tip_section:nothing", "acme_tip_section:html")
    assert result.exit_code != 0
    assert (
        "section 'acme.tip': 'acme_tip_section:nothing' names no attribute 'nothing' "
        "of module 'acme_tip_section'"
    ) in result.output
    assert "Traceback" not in result.output
    result = _run_tips_by_name(tmp_path, monkeypatch, "no_such_module_here:markdown", "acme_tip_section:html")
    assert "section 'acme.tip': cannot import 'no_such_module_here:markdown'" in result.output


def test_sections_come_in_order_then_by_name(prepflow_plugins: prepflow.Plugins) -> None:
    def md(name: str) -> Any:
        return lambda outputs, ctx: f"## {name}\n"

    class Sections:
        @prepflow.hookimpl
        def register_dossier_sections(self, register: Any) -> None:
            for name, order in (("zeta", 5), ("beta", 5), ("alpha", 9), ("gamma", 1)):
                register(prepflow.Section(name, "job.analyze", name.title(), markdown=md(name), order=order))

    prepflow_plugins.register(Sections(), name="sections")
    assert [s.name for s in prepflow_plugins.dossier_sections] == ["gamma", "beta", "zeta", "alpha"]
    prepflow_plugins.register(__import__("prepflow_plugins.dossier", fromlist=["x"]), name="dossier")
    text = prepflow_plugins.renderers["md"].render(full())
    assert [text.index(f"## {n}\n") for n in ("gamma", "beta", "zeta", "alpha")] == sorted(
        text.index(f"## {n}\n") for n in ("gamma", "beta", "zeta", "alpha")
    )


def test_the_first_party_sections_are_registered_through_the_hook() -> None:
    sections = prepflow.Plugins().dossier_sections
    first_party = [(s.name, s.plugin, s.order) for s in sections if s.plugin != "acme"]
    assert first_party == [
        ("research", "research", 100),
        ("themes", "job", 150),
        ("questions", "questions", 200),
        ("ideas", "ideas", 300),
        ("objections", "objections", 400),
        ("stories", "stories", 500),
        ("match", "match", 600),
        ("focus", "focus", 700),
        ("posture", "posture", 800),
    ]


def test_section_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="lowercase"):
        prepflow.Section("Bad Name", "job.analyze", "Bad")
    with pytest.raises(ValueError, match="at least one step type"):
        prepflow.Section("ok", (), "Ok")
    with pytest.raises(ValueError, match="finite number"):
        prepflow.Section("ok", "job.analyze", "Ok", order=float("nan"))
    with pytest.raises(ValueError, match="import string 'module:function'"):
        prepflow.Section("ok", "job.analyze", "Ok", markdown="not an import string")
    with pytest.raises(ValueError, match="html renderer must be a function"):
        prepflow.Section("ok", "job.analyze", "Ok", html=42)  # type: ignore[arg-type]


def test_a_section_name_registered_twice_is_a_clash(prepflow_plugins: prepflow.Plugins) -> None:
    class One:
        @prepflow.hookimpl
        def register_dossier_sections(self, register: Any) -> None:
            register(prepflow.Section("tip", "job.analyze", "Tip"))

    prepflow_plugins.strict = False
    prepflow_plugins.register(One(), name="one")
    prepflow_plugins.register(One(), name="two")
    assert len(prepflow_plugins.dossier_sections) == 1
    assert any("dossier section 'tip' is registered by both" in str(f) for f in prepflow_plugins.failures)


# -- the page around the sections -------------------------------------------------------------------


def _html(dossier: dict[str, Any]) -> str:
    return str(prepflow.Plugins().renderers["html"].render(dossier))


def test_the_masthead_names_the_role_and_company_from_the_reading() -> None:
    dossier = full()
    dossier["plan"]["name"] = "My interview"
    job = next(s for s in dossier["steps"].values() if s["uses"] == "job.analyze")["outputs"]
    job["role"] = {"text": "Staff Engineer", "source": {"file": "job.md", "start": 1, "end": 1}}
    job["company"] = {"text": "Tidewater", "source": {"file": "job.md", "start": 2, "end": 2}}
    html = _html(dossier)
    assert "<h1>Staff Engineer at Tidewater</h1>" in html
    assert "<title>Staff Engineer at Tidewater · interview dossier</title>" in html
    assert "My interview" not in html.split("</header>")[0]


def test_an_empty_cheat_card_asks_for_a_step_only_when_the_plan_lacks_it() -> None:
    dossier = full()
    focus = next(s for s in dossier["steps"].values() if s["uses"] == "focus.competencies")
    focus["outputs"] = {"competencies": []}
    html = _html(dossier)
    assert "add a <code>focus.competencies</code> step" not in html
    assert "No competencies: the <code>focus.competencies</code> step found none in this material." in html
    focus["status"], focus["outputs"] = "failed", None
    assert "No competencies: the <code>focus.competencies</code> step failed" in _html(dossier)
    dossier["steps"] = {k: s for k, s in dossier["steps"].items() if s["uses"] != "focus.competencies"}
    assert "No competencies yet: add a <code>focus.competencies</code> step." in _html(dossier)


def test_the_cheat_sheet_leaves_out_unscored_conditions() -> None:
    dossier = full()
    steps = {s["uses"]: s["outputs"] for s in dossier["steps"].values()}
    objection = steps["objections.rehearse"]["objections"][0]
    cited = objection["cites"][0]
    steps["match.evidence"]["requirements"].append(
        {
            "requirement": "US citizenship",
            "priority": "must",
            "status": "gap",
            "counted": False,
            "source": {"file": cited["file"], "start": cited["start"], "end": cited["end"]},
        }
    )
    html = _html(dossier)
    cheat = html[
        html.index('<section id="cheat"') : html.index("</section>", html.index('<section id="cheat"'))
    ]
    assert objection["phrasing"][:40] not in cheat.replace("&#39;", "'")
    assert objection["phrasing"][:40] in html.replace("&#39;", "'")  # still rehearsed in its own section


def test_a_one_line_answer_does_not_open_with_then() -> None:
    """The reframe follows the acknowledgement ("Then show how fast …"); on its own line it stands alone."""
    dossier = full()
    steps = {s["uses"]: s["outputs"] for s in dossier["steps"].values()}
    response = steps["objections.rehearse"]["objections"][0]["response"]
    response["reframe"] = "Then show how fast you would close it: what you would do in your first weeks."
    html = _html(dossier)
    cheat = html[
        html.index('<section id="cheat"') : html.index("</section>", html.index('<section id="cheat"'))
    ]
    assert "Show how fast you would close it" in cheat
    assert "Then show how fast" not in cheat


# -- a pack's page template -------------------------------------------------------------------------

PACK_PAGE = """{#- Acme's page -#}
{% extends "dossier.html.j2" %}
{% block title %}Acme · {{ v.heading }}{% endblock %}
{% block footer %}<p class="acme">Prepared with the Acme method.</p>{{ super() }}{% endblock %}
"""


def _branded(template: str) -> dict[str, Any]:
    dossier = full()
    dossier["branding"] = {"pack": "acme-coaching", "title": "Acme", "template": template}
    return dossier


def test_a_pack_template_extends_the_page_around_every_section() -> None:
    html = _html(_branded(PACK_PAGE))
    plain = _html(full())
    assert html.startswith(plain[: plain.index("<title>")])  # the same head: the CSP is kept
    assert "<title>Acme · " in html and '<p class="acme">Prepared with the Acme method.</p>' in html
    for section in ("cheat", "research", "questions", "match", "posture", "sources"):
        assert f'<section id="{section}"' in html


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("<html><body>{{ v.heading }}</body></html>", 'must begin with {% extends "dossier.html.j2" %}'),
        ('<meta x>{% extends "dossier.html.j2" %}', 'must begin with {% extends "dossier.html.j2" %}'),
        ('{% extends "dossier.html.j2" %}{% block title %}{{ x ', "line 1: "),
        (
            '{% extends "dossier.html.j2" %}{% block title %}{{ "".__class__.__mro__ }}{% endblock %}',
            "SecurityError",
        ),
    ],
)
def test_a_bad_pack_template_is_one_line_naming_the_pack(template: str, message: str) -> None:
    with pytest.raises(prepflow.PluginError, match=r"pack 'acme-coaching': \[report\] template") as caught:
        _html(_branded(template))
    assert message in str(caught.value)


def test_sections_do_not_change_the_dossier_data() -> None:
    dossier = full()
    before = copy.deepcopy(dossier)
    _html(dossier)
    assert dossier == before


def test_the_masthead_names_the_role_and_company_never_inits_placeholders(tmp_path, monkeypatch) -> None:
    """A plan `prepflow init` wrote keeps its placeholder name and description until the user edits
    them: the dossier's title is then the role and company the reading found."""
    from prepflow.cli import cli

    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", "prep"]).exit_code == 0
    fixtures = Path(__file__).parent / "fixtures" / "company"
    shutil.copy(fixtures / "job.md", tmp_path / "prep" / "job.md")
    shutil.copy(fixtures / "about.md", tmp_path / "prep" / "company" / "about.md")
    shutil.copy(
        Path(__file__).parent / "fixtures" / "objections" / "resume_director.md",
        tmp_path / "prep" / "resume.md",
    )
    ran = CliRunner().invoke(cli, ["run", "prep/plan.toml"])
    assert ran.exit_code == 0, ran.output
    markdown = (tmp_path / "prep" / "out" / "dossier.md").read_text(encoding="utf-8")
    html = (tmp_path / "prep" / "out" / "dossier.html").read_text(encoding="utf-8")
    role = "Product Designer — Lantern Library Co-op (invented)"  # the posting's title line names both
    assert markdown.startswith(f"# {role}\n")
    for page in (markdown, html):
        assert "My interview" not in page and "Edit this line" not in page
    assert f"<h1>{role}</h1>" in html
