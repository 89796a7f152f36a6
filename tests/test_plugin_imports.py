"""Loading the first-party plugins stays cheap: the step packages never import their implementations.

Every command that loads plugins (`run`, `validate`, `plan`, `steps`, `plugins`)
imports every plugin module. The rules of each step (regular expressions, tables)
live in each step package's ``rules`` module, which its step type names by an
import string, so it is imported only when the step runs. Each check runs in a fresh
interpreter, where nothing else has imported them yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

#: The plugin package of each step, and the module that implements it.
THIN = {
    "prepflow_plugins.job": "prepflow_plugins.job.rules",
    "prepflow_plugins.resume": "prepflow_plugins.resume.rules",
    "prepflow_plugins.match": "prepflow_plugins.match.rules",
    "prepflow_plugins.focus": "prepflow_plugins.focus.rules",
    "prepflow_plugins.research": "prepflow_plugins.research.rules",
    "prepflow_plugins.questions": "prepflow_plugins.questions.rules",
    "prepflow_plugins.ideas": "prepflow_plugins.ideas.rules",
    "prepflow_plugins.stories": "prepflow_plugins.stories.rules",
    "prepflow_plugins.objections": "prepflow_plugins.objections.rules",
    "prepflow_plugins.posture": "prepflow_plugins.posture.rules",
}
#: Each step package's dossier section, named by import strings: imported only when a dossier is written.
SECTIONS = tuple(f"{package}.section" for package in THIN if package not in ("prepflow_plugins.resume",))
LIBRARIES = (
    *THIN.values(),
    *SECTIONS,
    "prepflow_plugins.dossier.view",
    "prepflow_plugins.dossier.layout",
    "prepflow_plugins.text",
    "prepflow_plugins.citing",
    "prepflow_plugins.prepdata",
)


def libraries_imported(code: str) -> list[str]:
    """The library modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = (
        "import json, sys\n"
        f"{code}\n"
        f"libraries = {LIBRARIES!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules"
        " if any(m == lib or m.startswith(lib + '.') for lib in libraries))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("module", sorted(THIN))
def test_a_step_module_registers_without_importing_its_implementation(module: str) -> None:
    imported = libraries_imported(
        f"import {module} as plugin\n"
        "registered = []\n"
        "plugin.register_step_types(registered.append)\n"
        "assert len(registered) == 1, registered\n"
    )
    assert THIN[module] not in imported
    assert imported == []


def test_loading_every_installed_plugin_imports_no_implementation() -> None:
    assert set(THIN) <= {ep.value for ep in entry_points(group="prepflow")}  # the entry points name them
    imported = libraries_imported(
        "from prepflow.plugins import Plugins\n"
        "plugins = Plugins()\n"
        "assert not plugins.failures, plugins.failures\n"
        "assert 'job.analyze' in plugins.step_types\n"
        "assert len(plugins.dossier_sections) >= 9\n"
    )
    assert imported == []


def test_rendering_a_section_imports_its_module() -> None:
    imported = libraries_imported(
        "from prepflow.plugins import Plugins\n"
        "section = next(s for s in Plugins().dossier_sections if s.name == 'questions')\n"
        "assert isinstance(section.markdown, str) and callable(section.renderer('md'))\n"
    )
    assert "prepflow_plugins.questions.section" in imported
    assert "prepflow_plugins.stories.section" not in imported


def test_running_a_step_imports_its_implementation() -> None:
    imported = libraries_imported(
        "import prepflow_plugins.focus as plugin\n"
        "class Ctx:\n"
        "    config = {'job': {}, 'match': {'requirements': []}}\n"
        "registered = []\n"
        "plugin.register_step_types(registered.append)\n"
        "registered[0].function()(Ctx())\n"
    )
    assert "prepflow_plugins.focus.rules" in imported


def test_reading_html_and_pdf_leaves_the_selector_engine_encoding_detector_and_metadata_unloaded(
    tmp_path: Path,
) -> None:
    from pdf_writer import Text, pdf

    page = tmp_path / "job.html"
    page.write_text("<html><body><h1>Engineer</h1><ul><li class='r'>Python</li></ul></body></html>")
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(
        pdf([[Text(72, 700, "Ada Lovelace"), Text(72, 680, "Built a payments API in Python")]])
    )
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "import prepflow\n"
        "from prepflow_plugins.documents import load_document\n"
        f"page, resume = Path({str(page)!r}), Path({str(resume)!r})\n"
        "ctx = prepflow.StepContext(step_id='t', config={}, needs={}, inputs={}, base_dir=page.parent)\n"
        "assert 'Python' in str(load_document(ctx, str(page)))\n"
        "assert 'payments' in str(load_document(ctx, str(resume)))\n"
        "assert 'soupsieve.css_parser' not in sys.modules\n"
        "assert 'charset_normalizer.api' not in sys.modules\n"
        "assert 'importlib.metadata' not in sys.modules\n"  # pdfminer's __init__ has not run
        "import pdfminer\n"
        "from pdfminer import settings\n"
        "assert settings.STRICT in (True, False) and 'importlib.metadata' not in sys.modules\n"
        "from importlib.metadata import version\n"
        "assert pdfminer.__version__ == version('pdfminer.six')\n"
        "import bs4\n"
        "soup = bs4.BeautifulSoup(page.read_text(), 'html.parser')\n"
        "assert [li.get_text() for li in soup.select('li.r')] == ['Python']\n"
        "import soupsieve\n"
        "assert soupsieve.match('li', soup.li)\n"
        "from pdfminer.utils import make_compat_str\n"
        "assert make_compat_str('café'.encode()) == 'café'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_package_deferred_runs_its_init_when_a_name_it_defines_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prepflow_plugins.documents.deferred import defer_package_init

    for name, init in (
        ("pf_lazyinit", "import sys\nRAN = sys.modules[__name__]\n"),
        ("pf_eager", "from . import part\n"),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(init)
        (tmp_path / name / "part.py").write_text("WORD = 'hi'\n")
        monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.delitem(sys.modules, f"{name}.part", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    defer_package_init("pf_lazyinit")
    defer_package_init("pf_eager")  # imports its own module: left alone
    assert "pf_eager" not in sys.modules
    from pf_lazyinit import part  # type: ignore[import-not-found]

    assert part.WORD == "hi"
    lazy = sys.modules["pf_lazyinit"]
    assert "RAN" not in vars(lazy)
    assert lazy.RAN is lazy  # the __init__ ran now, in the package itself
    with pytest.raises(AttributeError, match="module 'pf_lazyinit' has no attribute 'nothing'"):
        lazy.nothing  # noqa: B018


_REGISTRY = (
    "import bs4, bs4.builder as b\n"
    "r = b.builder_registry\n"
    "print([c.__name__ for c in r.builders], sorted((f, [c.__name__ for c in cs]) "
    "for f, cs in r.builders_for_feature.items()), sorted(b.__all__))\n"
)


@pytest.mark.parametrize(
    "first_use",
    [
        "bs4.BeautifulSoup('<p>x</p>')",
        "bs4.BeautifulSoup('<a/>', 'xml')",
        "bs4.builder.builder_registry.lookup('html', 'fast')",
        "bs4.builder.LXMLTreeBuilder",
        "__import__('bs4.builder', fromlist=['LXMLTreeBuilderForXML']).LXMLTreeBuilderForXML",
    ],
)
def test_reading_html_leaves_lxml_unloaded_until_a_builder_is_looked_up(
    tmp_path: Path, first_use: str
) -> None:
    """After the reader, bs4's registry (lxml's builders first) is what a plain `import bs4` makes."""
    page = tmp_path / "job.html"
    page.write_text("<html><body><h1>Engineer</h1><ul><li>Python</li></ul></body></html>")
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "import prepflow\n"
        "from prepflow_plugins.documents import load_document\n"
        "ctx = prepflow.StepContext(step_id='t', config={}, needs={}, inputs={}, base_dir=Path('.'))\n"
        f"assert 'Python' in str(load_document(ctx, {str(page)!r}))\n"
        "assert 'lxml' not in sys.modules and 'bs4.builder._lxml' not in sys.modules\n"
        "import bs4\n"
        f"{first_use}\n"
        "assert 'lxml.etree' in sys.modules\n" + _REGISTRY
    )
    lazy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    eager = subprocess.run([sys.executable, "-c", _REGISTRY], capture_output=True, text=True, check=False)
    assert lazy.returncode == 0, lazy.stderr
    assert lazy.stdout == eager.stdout
    assert "LXMLTreeBuilder" in eager.stdout
