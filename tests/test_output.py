"""Writing the dossier: renderers run only when what they render from has changed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import prepflow

CALLS: list[str] = []


def _echo(ctx: prepflow.StepContext) -> dict[str, Any]:
    return {"value": ctx.config.get("value")}


def _render(dossier: Mapping[str, Any]) -> str:
    CALLS.append("render")
    return f"value: {dossier['steps']['a']['outputs']['value']}\n"


class _Plugin:
    @prepflow.hookimpl
    def register_step_types(self, register: Any) -> None:
        register(
            prepflow.StepType(name="t.echo", run=_echo, summary="echo", config_schema={"type": "object"})
        )

    @prepflow.hookimpl
    def register_renderers(self, register: Any) -> None:
        register(prepflow.Renderer("txt", "dossier.txt", _render))


def _run(plan: Path) -> prepflow.RunResult:
    plugins = prepflow.Plugins(entry_points=False)
    plugins.register(_Plugin(), name="t")
    return prepflow.run_plan(prepflow.load_plan(plan, plugins), plugins)


def test_unchanged_dossier_is_not_rendered_again(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[steps.a]\nuses = "t.echo"\nwith.value = 1\n[output]\nformats = ["txt"]\n')
    CALLS.clear()
    _run(plan)
    assert CALLS == ["render"]
    assert (tmp_path / "out" / "dossier.txt").read_text() == "value: 1\n"
    _run(plan)
    assert CALLS == ["render"], "a fully cached run must not render again"

    (tmp_path / "out" / "dossier.txt").unlink()  # a missing file is rendered again
    _run(plan)
    assert CALLS == ["render", "render"]
    assert (tmp_path / "out" / "dossier.txt").read_text() == "value: 1\n"

    plan.write_text(plan.read_text().replace("value = 1", "value = 2"))  # new outputs, new dossier
    _run(plan)
    assert CALLS == ["render", "render", "render"]
    assert (tmp_path / "out" / "dossier.txt").read_text() == "value: 2\n"


def test_a_first_format_manifest_still_protects_and_permits(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[steps.a]\nuses = "t.echo"\nwith.value = 1\n[output]\nformats = ["txt"]\n')
    _run(plan)
    out = tmp_path / "out"
    import hashlib
    import json

    digest = hashlib.sha256((out / "dossier.txt").read_bytes()).hexdigest()
    (out / ".prepflow-output.json").write_text(json.dumps({"dossier.txt": digest}))
    plan.write_text(plan.read_text().replace("value = 1", "value = 3"))
    _run(plan)  # our own file, listed in the old manifest: rewritten
    assert (out / "dossier.txt").read_text() == "value: 3\n"


def _broken(dossier: Mapping[str, Any]) -> str:
    raise RuntimeError("the layout broke")


class _BrokenRenderer:
    @prepflow.hookimpl
    def register_renderers(self, register: Any) -> None:
        register(prepflow.Renderer("boom", "dossier.boom", _broken))


def test_a_renderer_that_raises_costs_only_its_own_format(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[steps.a]\nuses = "t.echo"\nwith.value = 1\n[output]\nformats = ["boom", "txt"]\n')
    plugins = prepflow.Plugins(entry_points=False)
    plugins.register(_Plugin(), name="t")
    plugins.register(_BrokenRenderer(), name="broken")
    try:
        prepflow.run_plan(prepflow.load_plan(plan, plugins), plugins)
    except prepflow.PrepflowError as e:
        message = str(e)
    else:
        raise AssertionError("a renderer that raised must fail the run")
    assert message == "renderer 'boom' failed: RuntimeError: the layout broke (dossier.txt written)"
    assert (tmp_path / "out" / "dossier.txt").read_text() == "value: 1\n"
    assert not (tmp_path / "out" / "dossier.boom").exists()
