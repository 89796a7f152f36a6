"""HTML fragments as a CMS or a Markdown renderer writes them (fixtures written here)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from prepflow.cli import cli

LOOSE_LIST = """<h2>Stock Controller</h2>
<h3>Requirements</h3>
<ul>
<li>
<p>Two years of stock control in a warehouse</p>
</li>
<li>
<p>A forklift licence is a plus</p>
</li>
<li>
<p><strong>Confident with Excel</strong></p>
</li>
<li>
<p>Able to lift 20 kg</p>
<p>Lifting aids are provided for heavier loads.</p>
</li>
</ul>
"""


def run(step: str, path: Path) -> dict:
    result = CliRunner().invoke(cli, ["step", "run", step, "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_list_items_first_paragraph_is_the_item(tmp_path: Path) -> None:
    path = tmp_path / "posting.html"
    path.write_text(LOOSE_LIST, encoding="utf-8")
    lines = [(line["kind"], line["text"]) for line in run("doc.load", path)["lines"]]
    assert lines[2:] == [
        ("bullet", "- Two years of stock control in a warehouse"),
        ("bullet", "- A forklift licence is a plus"),
        ("bullet", "- Confident with Excel"),
        ("bullet", "- Able to lift 20 kg"),
        ("text", "Lifting aids are provided for heavier loads."),
    ]
    requirements = [(r["priority"], r["text"]) for r in run("job.analyze", path)["requirements"]]
    assert requirements[:4] == [
        ("must", "Two years of stock control in a warehouse"),
        ("nice", "A forklift licence is a plus"),
        ("must", "Confident with Excel"),
        ("must", "Able to lift 20 kg"),
    ]
