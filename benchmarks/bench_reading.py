"""Measure what reading a real dossier's inputs costs; print the figures.

    python benchmarks/bench_reading.py [--eval DIR] [--cpu]

The input set is a saved-HTML-like posting, a two-page PDF resume (written with
tests/pdf_writer.py) and five company pages, all generated here into
benchmarks/.work/reading. With ``--eval DIR`` (default ``../shared/eval`` beside
the repository, when it exists) the posting, resume and company pages of the
``pm-18f`` triple are used instead, read in place (never copied).

Run ``python -m compileall -q src plugins`` first, as an installed copy has its bytecode. Before
measuring, one ``prepflow run`` of the plan in a scratch folder (not measured) writes what any
earlier run on the machine would have: the compiled-pattern store beside the bytecode
(:mod:`prepflow_plugins.text.regexstore`; written even when PYTHONDONTWRITEBYTECODE is set here).

Figures (whole processes, instructions counted by callgrind with PYTHONHASHSEED=0,
or CPU time when valgrind is not on PATH or ``--cpu`` is given):
- cold dossier: ``prepflow run`` of the plan ``prepflow init`` writes, on an empty
  workspace;
- floor: one process that imports the document readers, parses each input once
  and writes each as JSON (what any dossier has to do at least), and the ratio;
  then what the dossier costs beyond the floor (a faster reader lowers the floor
  and the dossier alike, and so raises the ratio);
- cached rerun: ``prepflow run`` again, everything cached; read-only floor: one
  process that reads and digests every input and every output; and the ratio;
- in-process: ``job.analyze`` plus ``resume.analyze`` called through the library
  in one process, their modules imported first: the first call's instructions
  (callgrind: a process that calls once, less one that only imports) and
  milliseconds of CPU time, the best of five fresh processes (load on a shared
  machine only adds time; the median is printed too), then a second call.

With ``--steps`` (callgrind only) it then prices each step of a cold dossier, and the renderers, in
one process each: the plan runs without its watching child process, and callgrind counts only
while the step's function runs (switched on and off with ``callgrind_control``; its own start-up
adds about a million instructions either side). A step's figure includes the parsing of any input it
is the first to read.

Nothing is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "reading"
EVAL = ROOT.parent / "shared" / "eval"
BIN = Path(sys.executable).parent

FLOOR = """
import json, sys
from pathlib import Path
import prepflow
from prepflow_plugins.documents import load_document
out = Path(sys.argv[1]); out.mkdir(exist_ok=True)
ctx = prepflow.StepContext(step_id="floor", config={}, needs={}, inputs={}, base_dir=Path.cwd())
for i, name in enumerate(sys.argv[2:]):
    (out / f"{i}.json").write_text(json.dumps(load_document(ctx, name)))
"""

READ_ONLY = """
import hashlib, sys
from pathlib import Path
for name in sys.argv[1:]:
    hashlib.sha256(Path(name).read_bytes()).hexdigest()
"""

#: What each step of the plan runs (``module:function``, looked up by name when the step runs).
STEP_CALLS = {
    **{
        step: f"prepflow_plugins.{step}.rules:{'analyze' if step in ('job', 'resume') else 'run'}"
        for step in ("job", "resume", "match", "focus", "research", "questions", "ideas")
    },
    **{step: f"prepflow_plugins.{step}.rules:run" for step in ("objections", "stories", "posture")},
    "renderers": ",".join(f"prepflow_plugins.dossier:render_{fmt}" for fmt in ("json", "markdown", "html")),
}

STEP_CHILD = """
import importlib, io, os, subprocess, sys
from pathlib import Path
plan, targets = Path(sys.argv[1]), sys.argv[2].split(",")
def control(flag):
    subprocess.run(["callgrind_control", "--instr=" + flag, str(os.getpid())], capture_output=True)
def counted(call):
    def wrapper(*args, **kwargs):
        control("on")
        try:
            return call(*args, **kwargs)
        finally:
            control("off")
    return wrapper
for target in targets:
    module, name = target.split(":")
    loaded = importlib.import_module(module)
    setattr(loaded, name, counted(getattr(loaded, name)))
from prepflow.cli import main
os.chdir(plan.parent)
sys.stdout = io.StringIO()  # not a terminal stream: the run stays in this process
sys.argv = ["prepflow", "run", plan.name]
try:
    main()
except SystemExit:
    pass
"""

_TEAMS = ("Payments", "Search", "Identity", "Reporting", "Mobile", "Platform")


def _posting() -> str:
    items = []
    for i, team in enumerate(_TEAMS):
        items.append(
            f"<li>{3 + i % 4}+ years building and operating {team.lower()} services in Python or Go, "
            f"with SQL databases and message queues</li>\n<li>Experience leading design reviews with "
            f"product managers and designers on the {team} team</li>"
        )
    nav = "".join(f'<li><a href="/{t.lower()}">{t}</a></li>' for t in _TEAMS)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Senior Backend Engineer - Acme</title>'
        "<script>window.dataLayer = [];</script><style>body { font-family: sans-serif }</style></head>"
        f"<body><header><nav><ul>{nav}</ul></nav></header><main><h1>Senior Backend Engineer</h1>"
        "<p>Acme builds software that helps small shops get paid. You will join a team of eight "
        "engineers who own the services behind checkout, refunds and payouts.</p>"
        "<h2>What you will do</h2><ul><li>Design, build and run APIs used by thousands of shops</li>"
        "<li>Mentor engineers and review their designs</li><li>Work with support to fix what breaks</li>"
        f"</ul><h2>What we look for</h2><ul>\n{''.join(items)}</ul><h2>Nice to have</h2><ul>"
        "<li>Kubernetes and Terraform</li><li>Experience with card networks</li></ul>"
        "<h2>Benefits</h2><p>Salary $150,000 - $180,000. Remote within the US.</p></main>"
        "<footer><p>Acme is an equal opportunity employer.</p></footer></body></html>\n"
    )


def _resume() -> bytes:
    sys.path.insert(0, str(ROOT / "tests"))
    from pdf_writer import Text, pdf

    pages: list[list[Text]] = []
    for page in range(2):
        y = 740.0
        texts: list[Text] = []
        if page == 0:
            texts += [
                Text(72, y, "Jordan Example", size=18, bold=True),
                Text(72, y - 20, "jordan@example.com"),
            ]
            y -= 50
        for job in range(3):
            n = page * 3 + job
            team = _TEAMS[n % len(_TEAMS)]
            texts.append(Text(72, y, "Experience" if job == 0 else f"{team} Co", size=13, bold=True))
            texts.append(Text(72, y - 16, f"Senior Engineer, {team} Co", bold=True))
            texts.append(Text(450, y - 16, f"20{10 + n} - 20{12 + n}"))
            y -= 34
            for k in range(5):
                texts.append(
                    Text(
                        84,
                        y,
                        f"- Built the {team.lower()} service {k} in Python, cutting latency by {10 + k}%",
                    )
                )
                y -= 14
            y -= 10
        pages.append(texts)
    return pdf(pages, title="Jordan Example")


def _company(i: int) -> str:
    team = _TEAMS[i]
    return (
        f"# Acme {team}\n\nAcme's {team.lower()} team ships every week. "
        "We value written design docs, small changes and on-call that sleeps at night.\n\n"
        + "\n".join(f"- {team} launch {k}: a new way for shops to get paid, in {2020 + k}" for k in range(12))
        + "\n"
    )


def inputs(eval_dir: Path | None) -> tuple[Path, Path, list[Path]]:
    """(posting, resume, company pages): from the eval folder in place, or generated here."""
    if eval_dir is not None:
        html = sorted((eval_dir / "postings_html").glob("*.html"))
        posting = html[0] if html else eval_dir / "postings" / "tts-18f-product-manager.md"
        resume = eval_dir / "resumes" / "rm-alfred_pennyworth_pm.pdf"
        company = sorted((eval_dir / "company").glob("tts-*.md"))[:5]
        return posting, resume, company
    src = WORK / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "job.html").write_text(_posting(), encoding="utf-8")
    (src / "resume.pdf").write_bytes(_resume())
    company = []
    for i in range(5):
        page = src / f"company-{i}.md"
        page.write_text(_company(i), encoding="utf-8")
        company.append(page)
    return src / "job.html", src / "resume.pdf", company


def make_plan(posting: Path, resume: Path, company: list[Path]) -> Path:
    """``prepflow init``'s plan, naming the inputs in place (absolute paths)."""
    plan_dir = WORK / "plan"
    shutil.rmtree(plan_dir, ignore_errors=True)
    subprocess.run([str(BIN / "prepflow"), "init", str(plan_dir)], check=True, capture_output=True)
    plan = plan_dir / "plan.toml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace('file = "job.md"', f'file = "{posting}"').replace(
        'file = "resume.md"', f'file = "{resume}"'
    )
    text = re.sub(r"files = \[[^\]]*\]", "files = [" + ", ".join(f'"{p}"' for p in company) + "]", text)
    plan.write_text(text, encoding="utf-8")
    return plan


def warm_up(plan: Path) -> None:
    """One run of ``plan`` in a scratch copy of its folder, writing the compiled-pattern store."""
    scratch = WORK / "warm-up"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(plan.parent, scratch, ignore=shutil.ignore_patterns(".prepflow", "out"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [str(BIN / "prepflow"), "run", str(scratch / plan.name)], check=True, capture_output=True, env=env
    )


def cost(cmd: list[str], cpu: bool, counted: bool = False) -> float:
    """Instructions (callgrind) or, with ``cpu``, CPU seconds of one process; with ``counted``, only
    the instructions the process asked callgrind to count (it starts with counting off)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if cpu:
        before = os.times()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        after = os.times()
        return (after.children_user - before.children_user) + (after.children_system - before.children_system)
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    if counted:
        valgrind.append("--instr-atstart=no")
    proc = subprocess.run(
        [*valgrind, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    found = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    if proc.returncode != 0 or not found:
        raise SystemExit(f"callgrind failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return float(found.group(1))


def step_costs(plan: Path) -> dict[str, float]:
    """Instructions of each step (and of the renderers) in a cold run of ``plan``, one process each."""
    costs = {}
    for step, targets in STEP_CALLS.items():
        for done in (".prepflow", "out"):
            shutil.rmtree(plan.parent / done, ignore_errors=True)
        costs[step] = cost([sys.executable, "-c", STEP_CHILD, str(plan), targets], False, counted=True)
    return costs


def analyze_in_process(posting: Path, resume: Path, calls: int) -> dict[str, float]:
    """Call job.analyze then resume.analyze ``calls`` times in this process, their modules imported first.

    Returns the milliseconds of each call, of CPU time (``cpu_1``...) and of the clock (``wall_1``...).
    """
    from prepflow_plugins.job import rules as job_rules
    from prepflow_plugins.resume import rules as resume_rules

    import prepflow

    times: dict[str, float] = {}
    for call in range(1, calls + 1):
        cpu, wall = time.process_time(), time.perf_counter()
        for run, source in ((job_rules.analyze, posting), (resume_rules.analyze, resume)):
            ctx = prepflow.StepContext(
                step_id="bench", config={"source": str(source)}, needs={}, inputs={}, base_dir=source.parent
            )
            run(ctx)
        times[f"cpu_{call}"] = (time.process_time() - cpu) * 1000
        times[f"wall_{call}"] = (time.perf_counter() - wall) * 1000
    return times


def in_process(
    posting: Path, resume: Path, cpu: bool, processes: int = 5
) -> tuple[dict[str, float], float | None]:
    """The in-process figures, each the best of ``processes`` fresh processes (a shared machine's load
    only ever adds time), with their median; and, unless ``cpu``, the first call's instructions (the
    callgrind count of a process that calls once, less one that only imports)."""
    child = [sys.executable, __file__, "--in-process", str(posting), str(resume)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    runs = [
        json.loads(subprocess.run([*child, "2"], check=True, capture_output=True, text=True, env=env).stdout)
        for _ in range(processes)
    ]
    figures = {}
    for key in runs[0]:
        values = sorted(r[key] for r in runs)
        figures[key], figures[f"{key}_median"] = values[0], values[len(values) // 2]
    instructions = None if cpu else cost([*child, "1"], cpu) - cost([*child, "0"], cpu)
    return figures, instructions


def main() -> None:
    if sys.argv[1:2] == ["--in-process"]:  # a child of in_process()
        posting, resume, calls = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
        print(json.dumps(analyze_in_process(posting, resume, calls)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=EVAL if EVAL.is_dir() else None, help="the eval folder")
    parser.add_argument(
        "--generated", action="store_true", help="use the generated inputs even beside ../shared/eval"
    )
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of callgrind instructions")
    parser.add_argument("--steps", action="store_true", help="also each step's instructions (callgrind)")
    args = parser.parse_args()
    cpu = args.cpu or shutil.which("valgrind") is None
    unit, scale = ("ms CPU", 1000.0) if cpu else ("G instructions", 1e-9)
    posting, resume, company = inputs(None if args.generated else args.eval)
    plan = make_plan(posting, resume, company)
    files = [str(p) for p in (posting, resume, *company)]
    print(f"inputs: {posting.name}, {resume.name}, {len(company)} company pages")

    run = [str(BIN / "prepflow"), "run", str(plan)]
    warm_up(plan)
    cold = cost(run, cpu)
    floor_out = WORK / "floor"
    shutil.rmtree(floor_out, ignore_errors=True)
    floor = cost([sys.executable, "-c", FLOOR, str(floor_out), *files], cpu)
    cached = cost(run, cpu)
    outputs = [str(p) for p in sorted((plan.parent / "out").rglob("*")) if p.is_file()]
    read_only = cost([sys.executable, "-c", READ_ONLY, *files, *outputs], cpu)
    figures, instructions = in_process(posting, resume, cpu)

    print(f"cold dossier      {cold * scale:8.2f} {unit}")
    print(f"floor (parse, write) {floor * scale:6.2f} {unit}   cold / floor = {cold / floor:.2f}x")
    goal = 1.5 * floor * scale
    print(f"beyond the floor  {(cold - floor) * scale:8.2f} {unit}   (2.5x the floor leaves {goal:.2f})")
    print(f"cached rerun      {cached * scale:8.2f} {unit}")
    print(
        f"read-only floor   {read_only * scale:8.2f} {unit}   cached / read-only = {cached / read_only:.2f}x"
    )
    counted = "" if instructions is None else f"{instructions * 1e-9:.2f} G instructions, "
    print(
        f"job.analyze + resume.analyze in-process, first call: {counted}{figures['cpu_1']:.0f} ms CPU "
        f"(best of 5 processes; median {figures['cpu_1_median']:.0f}; clock {figures['wall_1']:.0f}); "
        f"again: {figures['cpu_2']:.0f} ms CPU"
    )
    if args.steps and not cpu:
        steps = step_costs(plan)
        print("cold dossier, each step: " + ", ".join(f"{k} {v * 1e-9:.2f}" for k, v in steps.items()))


if __name__ == "__main__":
    main()
