"""Measure prepflow's start-up time and per-step engine overhead; print the figures.

    python benchmarks/bench_engine.py [--repeat N] [--editable] [--instructions] [--compare-doit]
                                      [--doit-backend json|dbm] [--no-timings]

By default it measures a regular install of this checkout (what `pip install`
gives users), made in benchmarks/.work/venv. `--editable` measures the
development environment instead, whose import hook for the mapped `plugins/`
and `schemas/` folders adds several milliseconds to every start.

Figures (all whole processes):
- cold start of `prepflow --help`, next to `python -c pass` and a click-only CLI
  (medians of 3 × --repeat runs);
- the fixed cost of a whole run: a one-step `prepflow run` next to a one-task
  doit run (with --compare-doit), first runs;
- engine overhead per step, (t(1000 steps) - t(100 steps)) / 900, for plans of
  three shapes: no-op steps, independent and chained, and "distinct" steps that
  each have their own `with` table and an output schema (as in real plans);
  first run (empty workspace) and fully cached rerun (workspace primed once,
  then kept); parsing, validation, caching, output contracts and run records
  included (the dossier is not: its cost belongs to the renderers). CPU time
  (user + system) and wall-clock time;
- peak memory (max RSS) of the 1000-step runs.

Method. On a shared machine the time of one process swings 2-10× from run to
run, even its CPU time, so the difference of two separately taken medians is
mostly noise. Instead each of the --repeat (default 15) repetitions runs the
100-step and the 1000-step plan back to back, in alternating order, so both see
the same state of the machine; the difference is taken inside that pair and the
figure printed is the median over pairs.

`--instructions` also counts the instructions each process executes, under
valgrind's callgrind (needs `valgrind` on PATH; skipped with a note otherwise),
with PYTHONHASHSEED=0: the median of 3 runs of each cold-start command, and
prepflow's cost over the click-only CLI's; then one run per plan, first run and
cached rerun, and prints (Ir(1000) - Ir(100)) / 900 instructions per step.
Instruction counts do not depend on the load of the machine, so they repeat to
within a fraction of a percent where timings do not; they are the figures to
compare across commits.

`--compare-doit` measures doit, the task runner the issue names as a yardstick
(about 60 µs per task on the reference machine), the same way: dodo files of 100
and 1000 no-op Python-action tasks yielded by one task creator, independent and
chained (task_dep on the previous one); its version and dbm backend are printed,
as both change its speed (its json backend by default: the same on every Python;
--doit-backend dbm for the dbm one). The distinct shape's tasks each call their
action with their own arguments. doit reruns such tasks every time, so only its
first run (dep file removed) is measured. It then prints prepflow's figure over doit's: that ratio
is the machine-independent number (both engines are Python processes doing
similar work, so a faster or slower machine scales both), and ratio × 60 µs
estimates prepflow's overhead on the reference machine. The instruction-count
ratio is used when --instructions gave one (it is deterministic), else the
paired-CPU ratio. doit is downloaded from the package index into
benchmarks/.work/doit-venv on first use: a benchmark-only tool, never a
dependency of the project.

The independent no-op steps all have the same type, config and (no) upstream, so
the content-addressed cache computes the first and reuses it for the others; in
the chained plan every step has its own upstream and really runs. The chained
figure is the engine's cost per step that does work.

Nothing is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"

SHAPES = ("independent", "chained", "distinct")
SMALL, LARGE = 100, 1000
DOIT_US_PER_TASK = 60  # doit's overhead per task on the reference machine, from the issue

CLICK_ONLY = """
import click

@click.group()
def cli():
    "A click-only CLI."

@cli.command()
def run():
    "Run."

cli()
"""


@dataclass(frozen=True)
class Plan:
    """A benchmark command for one shape and size, and the state a first run starts without."""

    cmd: list[str]
    folder: Path
    state: tuple[str, ...]  # glob patterns, in folder, of the workspace a first run starts without

    def reset(self) -> None:
        for pattern in self.state:
            for path in self.folder.glob(pattern):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


Plans = dict[tuple[str, int], Plan]  # (shape, step count) -> plan


def regular_install() -> Path:
    """A venv with this checkout installed normally (not editable); its `prepflow`."""
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([*pip, str(ROOT)], check=True)
    else:
        subprocess.run([*pip, "--no-deps", "--force-reinstall", str(ROOT)], check=True)
    return venv / "bin" / "prepflow"


def doit_install() -> Path:
    """A venv with doit from the package index (benchmark-only, never a project dependency); its `doit`."""
    venv = WORK / "doit-venv"
    doit = venv / "bin" / "doit"
    if not doit.exists():
        print("installing doit into benchmarks/.work/doit-venv (once)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "doit"], check=True)
    return doit


def doit_version(doit: Path, backend: str) -> str:
    """doit's version and the backend of its dep file (doit's speed depends on it)."""
    probe = (
        "import dbm, importlib.metadata, os, tempfile\n"
        "with tempfile.TemporaryDirectory() as d:\n"
        "    dbm.open(os.path.join(d, 'db'), 'c').close()\n"
        "    print(importlib.metadata.version('doit'), dbm.whichdb(os.path.join(d, 'db')))\n"
    )
    out = subprocess.run([str(doit.parent / "python"), "-c", probe], capture_output=True, text=True)
    version, _, dbm = out.stdout.strip().partition(" ")
    if out.returncode != 0:
        return "doit"
    return f"doit {version} with its json backend" if backend == "json" else f"doit {version} with {dbm}"


def timed_cpu(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (user + system) and peak RSS (KiB) of one process."""
    # stderr goes to a file, read only on failure: a pipe nobody reads could fill up and block
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{errors.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def median_time(cmd: list[str], repeat: int, setup=None) -> tuple[float, int]:
    """Median seconds and peak RSS of ``repeat`` runs."""
    median, _, peak = measure(cmd, repeat, setup)
    return median, peak


def measure(cmd: list[str], repeat: int, setup=None) -> tuple[float, float, int]:
    """Median wall-clock and median CPU seconds, and peak RSS (KiB), of ``repeat`` runs."""
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        if setup:
            setup()
        wall, cpu, peak = timed_cpu(cmd)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def paired(small: Plan, large: Plan, repeat: int, first: bool) -> tuple[float, float, int]:
    """Median over ``repeat`` pairs of (t(large) - t(small)) / 900 in µs, CPU and wall; peak RSS (KiB).

    Each pair runs both plans back to back, alternating which goes first, so both see the same
    state of a noisy machine; the difference is taken inside the pair. With ``first`` every run
    starts from an empty workspace, else from the one the previous run left (prime it before).
    """
    cpus, walls, peak = [], [], 0
    for i in range(repeat):
        times = {}
        for size, plan in sorted({SMALL: small, LARGE: large}.items(), reverse=i % 2 == 1):
            if first:
                plan.reset()
            times[size] = timed_cpu(plan.cmd)
        (wall_s, cpu_s, _), (wall_l, cpu_l, peak_l) = times[SMALL], times[LARGE]
        walls.append((wall_l - wall_s) / (LARGE - SMALL) * 1e6)
        cpus.append((cpu_l - cpu_s) / (LARGE - SMALL) * 1e6)
        peak = max(peak, peak_l)
    return statistics.median(cpus), statistics.median(walls), peak


def instructions(cmd: list[str]) -> int:
    """Instructions one process executes, counted by callgrind (deterministic, unlike time)."""
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [*valgrind, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    found = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    if proc.returncode != 0 or not found:
        raise SystemExit(f"callgrind failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return int(found.group(1))


def runs_instructions(plan: Plan, runs: int) -> list[int]:
    """Instructions of ``runs`` successive runs from an empty workspace: first run, then reruns."""
    plan.reset()
    return [instructions(plan.cmd) for _ in range(runs)]


def count_instructions(plans: Plans, runs: int) -> dict[tuple[str, int], list[int]]:
    """runs_instructions of every plan, two valgrind processes at a time, largest plans first."""
    order = sorted(plans, key=lambda key: -key[1])
    with ThreadPoolExecutor(2) as pool:
        futures = {key: pool.submit(runs_instructions, plans[key], runs) for key in order}
        return {key: futures[key].result() for key in plans}


def per_step_instructions(counts: dict[tuple[str, int], list[int]], shape: str, run: int) -> float:
    """(Ir(1000) - Ir(100)) / 900 of one shape's ``run``-th run (0: first run, 1: cached rerun)."""
    return (counts[shape, LARGE][run] - counts[shape, SMALL][run]) / (LARGE - SMALL)


def write_plan(folder: Path, count: int, shape: str) -> Path:
    """A plan of ``count`` steps: no-op steps, independent or chained, or steps each with its own config."""
    folder.mkdir(parents=True, exist_ok=True)
    # no dossier formats: its cost depends on the renderers, not on the engine
    lines = ['[plan]\nname = "bench"\n\n[output]\nformats = []\n']
    for i in range(count):
        if shape == "distinct":  # as in real plans: every step has its own `with`
            lines.append(
                f'[steps.s{i}]\nuses = "bench.work"\n'
                f'with = {{ source = "notes/doc{i}.md", limit = {i + 1}, tags = ["t{i}", "all"] }}\n'
            )
            continue
        lines.append(f'[steps.s{i}]\nuses = "bench.noop"\n')
        if shape == "chained" and i:
            lines.append(f'needs = ["s{i - 1}"]\n')
    path = folder / "plan.toml"
    path.write_text("".join(lines))
    return path


def write_dodo(folder: Path, count: int, shape: str, backend: str = "json") -> Path:
    """A dodo.py of ``count`` no-op Python-action tasks t0, t1, ...; chained: each needs the previous;
    distinct: each calls its action with its own arguments.

    One task creator yields them all, the way doit's documentation writes many tasks: with one
    `task_` function per task, doit would also spend ~0.5M instructions per task reading each
    function's source (inspect.getsourcelines, to order them), a cost no real dodo file pays.
    """
    folder.mkdir(parents=True, exist_ok=True)
    config = {"dep_file": str(folder / ".doit.db"), "verbosity": 0, "backend": backend}
    needs = ", 'task_dep': [f't{i - 1}'] if i else []" if shape == "chained" else ""
    action = "(noop, [f'notes/doc{i}.md', i + 1])" if shape == "distinct" else "noop"
    path = folder / "dodo.py"
    path.write_text(
        f"DOIT_CONFIG = {config!r}\n\n\ndef noop(*args):\n    return True\n\n\n"
        f"def task_t():\n    for i in range({count}):\n"
        f"        yield {{'basename': f't{{i}}', 'actions': [{action}]{needs}}}\n"
    )
    return path


def prepflow_plans(
    prepflow: Path, tmp: Path, sizes: tuple[int, ...] = (SMALL, LARGE), shapes: tuple[str, ...] = SHAPES
) -> Plans:
    plans = {}
    for shape in shapes:
        for count in sizes:
            folder = tmp / f"prepflow-{shape}-{count}"
            plan = write_plan(folder, count, shape)
            cmd = [str(prepflow), "run", "-q", "--plugin", str(HERE / "noop_plugin.py"), str(plan)]
            plans[shape, count] = Plan(cmd, folder, (".prepflow", "out"))
    return plans


def doit_plans(
    doit: Path,
    tmp: Path,
    backend: str,
    sizes: tuple[int, ...] = (SMALL, LARGE),
    shapes: tuple[str, ...] = SHAPES,
) -> Plans:
    plans = {}
    for shape in shapes:
        for count in sizes:
            folder = tmp / f"doit-{shape}-{count}"
            dodo = write_dodo(folder, count, shape, backend)
            # with dbm.dumb the dep file is .doit.db.dat, .dir and .bak
            plans[shape, count] = Plan([str(doit), "-f", str(dodo)], folder, (".doit.db*",))
    return plans


def cold_start(prepflow: Path, repeat: int, tmp: Path, count: bool) -> None:
    """Time `python -c pass`, a click-only CLI's --help and `prepflow --help`; if ``count``, count too."""
    python = str(prepflow.parent / "python")
    click_cli = tmp / "click_cli.py"
    click_cli.write_text(CLICK_ONLY)
    baseline, _ = median_time([python, "-c", "pass"], repeat * 3)
    click_only, _ = median_time([python, str(click_cli), "--help"], repeat * 3)
    help_time, _ = median_time([str(prepflow), "--help"], repeat * 3)
    print(f"cold start, median of {repeat * 3} runs")
    print(f"  python -c pass        {baseline * 1000:7.1f} ms")
    print(f"  click-only CLI --help {click_only * 1000:7.1f} ms")
    print(f"  prepflow --help       {help_time * 1000:7.1f} ms  (target: ≤ 45 ms on the reference machine)")
    if not count:
        return
    # the median of 3 runs: now and then one counts a few hundred thousand more
    baseline = statistics.median(instructions([python, "-c", "pass"]) for _ in range(3))
    click_only = statistics.median(instructions([python, str(click_cli), "--help"]) for _ in range(3))
    help_ir = statistics.median(instructions([str(prepflow), "--help"]) for _ in range(3))
    print("cold start, instructions (callgrind, median of 3 runs)")
    print(f"  python -c pass        {baseline / 1e6:7.1f} M")
    print(f"  click-only CLI --help {click_only / 1e6:7.1f} M")
    over = help_ir / click_only - 1
    print(f"  prepflow --help       {help_ir / 1e6:7.1f} M  ({over:+.1%}; target: at most about +2%)")


def engine_timings(plans: Plans, repeat: int) -> dict[tuple[str, str], float]:
    """Paired per-step CPU µs of prepflow, keyed (shape, "first" or "cached"); prints the figures."""
    print(f"engine overhead per step, (t(1000) - t(100)) / 900, median of {repeat} paired runs")
    cpu = {}
    for shape in SHAPES:
        small, large = plans[shape, SMALL], plans[shape, LARGE]
        first_cpu, first_wall, peak_first = paired(small, large, repeat, first=True)
        for plan in (small, large):  # prime the workspaces: each cached rerun finds the previous run's
            plan.reset()
            timed_cpu(plan.cmd)
        cached_cpu, cached_wall, peak_cached = paired(small, large, repeat, first=False)
        cpu[shape, "first"], cpu[shape, "cached"] = first_cpu, cached_cpu
        print(
            f"  {shape:11}  first run {first_cpu:5.1f} µs/step CPU ({first_wall:5.1f} wall)"
            f"   cached rerun {cached_cpu:5.1f} µs/step CPU ({cached_wall:5.1f} wall)"
            f"   peak RSS {max(peak_first, peak_cached) / 1024:.1f} MB"
        )
    print("  targets: at most 20 µs/step on the reference machine; cached rerun cheaper; peak RSS ≤ 60 MB")
    return cpu


def engine_instructions(plans: Plans) -> dict[tuple[str, str], float]:
    """Per-step instructions of prepflow, keyed (shape, "first" or "cached"); prints the figures."""
    print("instructions per step, (Ir(1000) - Ir(100)) / 900, callgrind, one run each, PYTHONHASHSEED=0")
    counts = count_instructions(plans, runs=2)
    ir = {}
    for shape in SHAPES:
        ir[shape, "first"] = per_step_instructions(counts, shape, 0)
        ir[shape, "cached"] = per_step_instructions(counts, shape, 1)
        print(
            f"  {shape:11}  first run {ir[shape, 'first'] / 1000:6.1f}k instructions/step"
            f"   cached rerun {ir[shape, 'cached'] / 1000:6.1f}k instructions/step"
        )
    return ir


def doit_figures(
    plans: Plans, repeat: int, with_instructions: bool
) -> tuple[dict[str, float], dict[str, float]]:
    """doit's paired per-task CPU µs and (if asked) instructions per task, keyed by shape; prints them."""
    cpu: dict[str, float] = {}
    if repeat:
        print(f"doit overhead per task, first run (dep file removed), median of {repeat} paired runs")
    for shape in SHAPES if repeat else ():
        cpu[shape], wall, peak = paired(plans[shape, SMALL], plans[shape, LARGE], repeat, first=True)
        print(
            f"  {shape:11}  {cpu[shape]:5.1f} µs/task CPU ({wall:5.1f} wall)   peak RSS {peak / 1024:.1f} MB"
        )
    ir = {}
    if with_instructions:
        print("doit instructions per task, first run, (Ir(1000) - Ir(100)) / 900")
        counts = count_instructions(plans, runs=1)
        for shape in SHAPES:
            ir[shape] = per_step_instructions(counts, shape, 0)
            print(f"  {shape:11}  {ir[shape] / 1000:6.1f}k instructions/task (callgrind)")
    return cpu, ir


def compare(
    ours: dict[tuple[str, str], float], theirs: dict[str, float], unit: str, scale: float, method: str
) -> None:
    """prepflow's per-step figure over doit's per-task figure: the machine-independent ratio."""
    print(f"prepflow / doit, {method} (the ratio is the machine-independent figure)")
    for shape in SHAPES:
        for phase, label in (("first", "first run"), ("cached", "cached rerun")):
            ratio = ours[shape, phase] / theirs[shape]
            print(
                f"  {shape:11}  {label:12}  prepflow {ours[shape, phase] / scale:6.1f}{unit}"
                f"  doit {theirs[shape] / scale:6.1f}{unit}  ratio {ratio:4.2f}"
                f"  ≈ {ratio * DOIT_US_PER_TASK:5.1f} µs on the reference machine"
                f" (ratio × {DOIT_US_PER_TASK} µs, doit's figure there)"
            )
    print("  doit runs every task again on each run: its first-run figure is compared with both of ours")
    print(f"  target: at most 20 µs/step on the reference machine, i.e. ratio ≤ {20 / DOIT_US_PER_TASK:.2f}")


def one_step(prepflow: Path, doit: Path | None, tmp: Path, count: bool, repeat: int) -> None:
    """The fixed cost of a whole run: a one-step `prepflow run` next to a one-task doit run (first runs)."""
    plan = prepflow_plans(prepflow, tmp / "one", sizes=(1,), shapes=("independent",))["independent", 1]
    other = doit_plans(doit, tmp / "one", "json", sizes=(1,), shapes=("independent",)) if doit else {}
    task = other.get(("independent", 1))
    print("one-step run, first run (the fixed cost of a whole process)")
    for label, cmd in (("prepflow run", plan), ("doit (json)", task)):
        if cmd is None:
            continue
        wall, cpu, _ = measure(cmd.cmd, repeat, cmd.reset)
        print(f"  {label:13} {cpu * 1000:6.1f} ms CPU ({wall * 1000:5.1f} wall), median of {repeat}")
    if not count:
        return
    ours = statistics.median(runs_instructions(plan, 1)[0] for _ in range(3))
    print(f"  prepflow run  {ours / 1e6:6.1f} M instructions (callgrind, median of 3)")
    if task is not None:
        theirs = statistics.median(runs_instructions(task, 1)[0] for _ in range(3))
        ratio = ours / theirs
        print(f"  doit (json)   {theirs / 1e6:6.1f} M instructions   ratio {ratio:4.2f}  (target ≤ 1.0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="paired runs per figure (default 15)")
    parser.add_argument("--editable", action="store_true", help="measure this environment's prepflow")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions (cold start, per step) with valgrind",
    )
    parser.add_argument(
        "--compare-doit", action="store_true", help="also measure doit (installed into benchmarks/.work)"
    )
    parser.add_argument(
        "--doit-backend",
        choices=("json", "dbm"),
        default="json",
        help="doit's dep-file backend (default json: the same on every Python; dbm depends on the build)",
    )
    parser.add_argument(
        "--no-timings", action="store_true", help="skip the timed runs (with --instructions: counts only)"
    )
    args = parser.parse_args()
    repeat = args.repeat
    prepflow = Path(sys.executable).parent / "prepflow" if args.editable else regular_install()
    doit = doit_install() if args.compare_doit else None
    valgrind = bool(shutil.which("valgrind"))
    install = "editable install" if args.editable else "regular install"
    counting = args.instructions and valgrind

    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores, {install}\n")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if not args.no_timings or counting:
            cold_start(prepflow, 1 if args.no_timings else repeat, tmp, counting)
            print()
        one_step(prepflow, doit, tmp, counting, 1 if args.no_timings else repeat)
        print()
        plans = prepflow_plans(prepflow, tmp)
        cpu: dict[tuple[str, str], float] = {}
        if not args.no_timings:
            cpu = engine_timings(plans, repeat)
        ir: dict[tuple[str, str], float] = {}
        if counting:
            print()
            ir = engine_instructions(plans)
        elif args.instructions:
            print("\ninstructions per step: valgrind is not on PATH, skipped")
        if doit is None:
            return
        print(f"\n{doit_version(doit, args.doit_backend)}")
        doit_cpu, doit_ir = doit_figures(
            doit_plans(doit, tmp, args.doit_backend), 0 if args.no_timings else repeat, bool(ir)
        )
        print()
        if ir:
            compare(ir, doit_ir, "k instr", 1000, "instructions per step (deterministic)")
        elif cpu:
            compare(cpu, doit_cpu, " µs CPU", 1, f"median of {repeat} paired CPU runs (noisy)")


if __name__ == "__main__":
    main()
