"""Time the example plan (examples/plan.toml, every first-party step) end to end; print the figures.

    python benchmarks/bench_example.py [--repeat N] [--editable]

Two figures, each the median of --repeat whole `prepflow run` processes on a
copy of examples/: a fresh run (no workspace, no dossier) and a fully cached
rerun. Targets from the issue: at most 1 s fresh and 0.3 s cached. Nothing is
asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from bench_engine import ROOT, median_time, regular_install


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--editable", action="store_true", help="measure this environment's prepflow")
    args = parser.parse_args()
    prepflow = Path(sys.executable).parent / "prepflow" if args.editable else regular_install()
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "examples"
        shutil.copytree(
            ROOT / "examples", example, ignore=shutil.ignore_patterns(".prepflow", "out", "packs")
        )
        cmd = [str(prepflow), "run", "-q", str(example / "plan.toml")]

        def clean() -> None:
            shutil.rmtree(example / ".prepflow", ignore_errors=True)
            shutil.rmtree(example / "out", ignore_errors=True)

        fresh, peak_fresh = median_time(cmd, args.repeat, setup=clean)
        cached, peak_cached = median_time(cmd, args.repeat)
    install = "editable install" if args.editable else "regular install"
    print(f"example plan (10 steps, html + md + json), {install}, median of {args.repeat} runs")
    print(f"  fresh run     {fresh * 1000:7.0f} ms   (target ≤ 1000 ms; peak RSS {peak_fresh / 1024:.0f} MB)")
    print(
        f"  cached rerun  {cached * 1000:7.0f} ms   (target ≤  300 ms; peak RSS {peak_cached / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    main()
