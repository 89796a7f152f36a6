"""Measure prepflow's start-up time and per-step engine overhead; print the figures.

    python benchmarks/bench_engine.py [--repeat N] [--editable]

By default it measures a regular install of this checkout (what `pip install`
gives users), made in benchmarks/.work/venv. `--editable` measures the
development environment instead, whose import hook for the mapped `plugins/`
and `schemas/` folders adds several milliseconds to every start.

Figures (all whole processes, medians of --repeat runs):
- cold start of `prepflow --help`, next to `python -c pass` and a click-only CLI;
- engine overhead per step: (t(1000 steps) - t(100 steps)) / 900, in CPU time
  (user + system: steady on a busy machine) and wall-clock time, for plans of
  no-op steps, independent and chained, first run (empty workspace) and fully
  cached rerun; parsing, validation, caching and run records included (the
  dossier is not: its cost belongs to the renderers);
- peak memory (max RSS) of the 1000-step runs.

The independent no-op steps all have the same type, config and (no) upstream, so
the content-addressed cache computes the first and reuses it for the others; in
the chained plan every step has its own upstream and really runs. The chained
figure is the engine's cost per step that does work.

Nothing is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

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


def regular_install() -> Path:
    """A venv with this checkout installed normally (not editable); its `prepflow`."""
    venv = HERE / ".work" / "venv"
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([*pip, str(ROOT)], check=True)
    else:
        subprocess.run([*pip, "--no-deps", "--force-reinstall", str(ROOT)], check=True)
    return venv / "bin" / "prepflow"


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall-clock seconds and peak RSS (KiB) of one process."""
    seconds, _, peak = timed_cpu(cmd, env)
    return seconds, peak


def timed_cpu(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (user + system) and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{err}")
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


def write_plan(folder: Path, count: int, chained: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # no dossier formats: its cost depends on the renderers, not on the engine
    lines = ['[plan]\nname = "bench"\n\n[output]\nformats = []\n']
    for i in range(count):
        lines.append(f'[steps.s{i}]\nuses = "bench.noop"\n')
        if chained and i:
            lines.append(f'needs = ["s{i - 1}"]\n')
    path = folder / "plan.toml"
    path.write_text("".join(lines))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--editable", action="store_true", help="measure this environment's prepflow")
    args = parser.parse_args()
    repeat = args.repeat
    prepflow = Path(sys.executable).parent / "prepflow" if args.editable else regular_install()
    python = str(prepflow.parent / "python")
    install = "editable install" if args.editable else "regular install"

    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores, {install}, median of {repeat} runs\n")
    with tempfile.TemporaryDirectory() as tmp:
        click_cli = Path(tmp) / "click_cli.py"
        click_cli.write_text(CLICK_ONLY)
        baseline, _ = median_time([python, "-c", "pass"], repeat * 3)
        click_only, _ = median_time([python, str(click_cli), "--help"], repeat * 3)
        help_time, _ = median_time([str(prepflow), "--help"], repeat * 3)
        print("cold start")
        print(f"  python -c pass        {baseline * 1000:7.1f} ms")
        print(f"  click-only CLI --help {click_only * 1000:7.1f} ms")
        print(
            f"  prepflow --help       {help_time * 1000:7.1f} ms  (target: ≤ 45 ms on the reference machine)"
        )
        print()
        print(f"engine overhead per step, (t(1000) - t(100)) / 900, t = median of {repeat} runs")
        for chained in (False, True):
            shape = "chained    " if chained else "independent"
            first: dict[int, tuple[float, float]] = {}
            cached: dict[int, tuple[float, float]] = {}
            peak = 0
            for count in (100, 1000):
                folder = Path(tmp) / f"{shape.strip()}-{count}"
                plan = write_plan(folder, count, chained)
                cmd = [str(prepflow), "run", "-q", "--plugin", str(HERE / "noop_plugin.py"), str(plan)]

                def clean(folder: Path = folder) -> None:
                    shutil.rmtree(folder / ".prepflow", ignore_errors=True)
                    shutil.rmtree(folder / "out", ignore_errors=True)

                # both wall-clock and CPU time (user + system): on a shared or noisy machine
                # the wall-clock difference of two whole processes is mostly noise, CPU time much less
                *first[count], peak_first = measure(cmd, repeat, setup=clean)
                *cached[count], peak_cached = measure(cmd, repeat)
                peak = max(peak, peak_first, peak_cached)

            def per_step(t: dict[int, tuple[float, float]], i: int) -> float:
                return (t[1000][i] - t[100][i]) / 900 * 1e6

            print(
                f"  {shape}  first run {per_step(first, 1):5.1f} µs/step CPU ({per_step(first, 0):5.1f} wall)"
                f"   cached rerun {per_step(cached, 1):5.1f} µs/step CPU ({per_step(cached, 0):5.1f} wall)"
                f"   peak RSS {peak / 1024:.1f} MB"
            )
        print(
            "\n  targets: at most 20 µs/step on the reference machine; cached rerun cheaper; peak RSS ≤ 60 MB"
        )


if __name__ == "__main__":
    main()
