"""Word documents that keep part of their text in text boxes, as many resume templates keep a
sidebar (fixtures built here with python-docx and a little XML, not eval texts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from prepflow.cli import cli

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _paras(lines: list[str]) -> str:
    out = ""
    for line in lines:
        bold = line.startswith("*")
        text = line.lstrip("*")
        props = "<w:rPr><w:b/></w:rPr>" if bold else ""
        out += f"<w:p><w:r>{props}<w:t>{text}</w:t></w:r></w:p>"
    return out


def _anchor_with_box(lines: list[str]) -> Any:
    """A paragraph holding a drawing with a text box, and the VML copy of it for old readers."""
    from lxml import etree

    content = _paras(lines)
    xml = (
        f'<w:p {NAMESPACES}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
        f"<w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    return etree.fromstring(xml)


def write(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Rosa Delgado", style="Title")
    body = document.element.body
    body.insert(
        len(body) - 1,
        _anchor_with_box(["*Contact", "rosa@example.org", "*Skills", "Bookkeeping", "QuickBooks", "Payroll"]),
    )
    document.add_heading("Experience", level=1)
    document.add_paragraph("Office Manager, Lakeview Dental, Mar 2019 – Present")
    document.add_paragraph("Ran the front desk and billing for a four-chair practice", style="List Bullet")
    document.save(str(path))


def run(step: str, path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["step", "run", step, "--with", f"source={path}", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_text_in_a_text_box_is_read_once_where_it_is_anchored(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    write(path)
    texts = [line["text"] for line in run("doc.load", path)["lines"]]
    assert texts[:7] == [
        "# Rosa Delgado",
        "## Contact",
        "rosa@example.org",
        "## Skills",
        "Bookkeeping",
        "QuickBooks",
        "Payroll",
    ]
    assert texts.count("Bookkeeping") == 1  # not again from the copy kept for old readers
    out = run("resume.analyze", path)
    assert [s["name"] for s in out["skills"]] == ["Bookkeeping", "QuickBooks", "Payroll"]
    assert [(r["title"], r["organisation"]) for r in out["roles"]] == [("Office Manager", "Lakeview Dental")]
