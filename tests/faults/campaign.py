"""The fault campaign (``make faults``): every case of every part, and a table of what broke.

    python tests/faults/campaign.py [--n 100] [--seed 15] [--jobs 2] [--cases]

Parts: ``--n`` kill-and-recover cases and ``n // 10`` double starts (``kills.py``), every hostile file
(``hostile.py``), every misbehaving plugin (``misbehaving.py``) and, when
Chromium is installed, the planted-script pages (``planted.py``). The table
gives the cases tried and failed per part, the failures by kind (see
``faultlib.KINDS``) and the worst case's CPU time and peak memory among the
hostile files. ``--cases`` also lists each failing case with what it tripped
on and the finding of issue 15 it is known by. Exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))  # tests/: the helpers shared with the suite
sys.path.insert(0, str(Path(__file__).parent))

import chromium
import faultlib
import hostile
import misbehaving
import planted
import runner
from faultlib import KINDS, LIMIT_MB, LIMIT_SECONDS


def run_planted(root: Path) -> dict[str, runner.Verdict]:
    """The planted-script pages in Chromium (none when it is not installed)."""
    if not chromium.HAVE_BROWSER:
        return {}
    verdicts = {}
    with planted.listening() as (url, asked):
        pages = planted.make_dossier(root / "plan", url)
        with chromium.browser(root / "profile") as driver:
            for name, page in pages.items():
                problems = planted.check_page(driver, page, url)
                verdicts[f"planted-{name}"] = runner.Verdict(
                    f"planted-{name}", ["script ran"] if problems else [], notes=problems
                )
            wide = planted.huge_word_dossier(root / "wide")
            driver.get(wide.resolve().as_uri())
            width, window = driver.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]"
            )
    if asked:
        verdicts["planted-requests"] = runner.Verdict("planted-requests", ["script ran"], notes=asked)
    verdicts["planted-huge-word-width"] = runner.Verdict(
        "planted-huge-word-width",
        ["data lost"] if width > 2 * window else [],
        notes=[f"a 20,000-character word: the page is {width} px wide in a {window} px window"],
        finding="finding 9: a 20,000-character word makes the HTML page wide",
    )
    return verdicts


def table(parts: dict[str, dict[str, runner.Verdict]], seconds: float) -> str:
    tally = faultlib.Tally()
    rows = ["part              cases  failed", "----------------  -----  ------"]
    for part, verdicts in parts.items():
        failed = sum(1 for v in verdicts.values() if v.kinds)
        rows.append(f"{part:<16}  {len(verdicts):>5}  {failed:>6}")
        for verdict in verdicts.values():
            if part == "hostile files":
                tally.add(verdict.case, verdict.kinds, verdict.outcome)
            else:
                tally.add(verdict.case, verdict.kinds)
    failed = sum(len(v) for v in tally.failures.values())
    rows.append(
        f"{'total':<16}  {tally.tried:>5}  {sum(1 for p in parts.values() for v in p.values() if v.kinds):>6}"
    )
    rows += ["", "failures by kind    cases", "------------------  -----"]
    for kind in KINDS:
        rows.append(f"{kind:<18}  {len(tally.failures.get(kind, [])):>5}")
    cpu, cpu_case = tally.worst_seconds
    mb, mb_case = tally.worst_mb
    killed = parts.get("kill -9", {}).values()
    landed, checked, resumed, double = (
        sum(v.counts.get(k, 0) for v in killed) for k in ("kills", "artifacts", "resumed", "double starts")
    )
    hung = [v.case for v in parts.get("hostile files", {}).values() if "hang" in v.kinds]
    rows += [
        "",
        f"kill -9: {landed} kills landed mid-run; {checked} stored artifacts hash-checked; "
        f"{resumed} recoveries by --resume; {double} double starts",
        f"worst hostile file: {cpu:.1f} s CPU ({cpu_case}; limit {LIMIT_SECONDS:g} s), "
        f"{mb:.0f} MB peak ({mb_case}; limit {LIMIT_MB:g} MB)",
        *(
            [
                f"  {len(hung)} hostile files were stopped at the {faultlib.hang_seconds():g} s bound: "
                + ", ".join(hung)
            ]
            if hung
            else []
        ),
        f"{failed} failures in {tally.tried} cases; the campaign took {seconds:.0f} s",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=faultlib.campaign_size(100), help="kill-and-recover cases")
    parser.add_argument("--seed", type=int, default=faultlib.campaign_seed())
    parser.add_argument("--jobs", type=int, default=runner.workers(), help="children at once")
    parser.add_argument("--cases", action="store_true", help="list each failing case")
    args = parser.parse_args(argv)
    os.environ["PREPFLOW_FAULTS_JOBS"] = str(args.jobs)
    started = time.monotonic()
    parts: dict[str, dict[str, runner.Verdict]] = {}
    with tempfile.TemporaryDirectory(prefix="prepflow-faults-") as folder:
        root = Path(folder)
        print(f"prepflow fault campaign: seed {args.seed}, {args.n} kills, {args.jobs} at once", flush=True)
        parts["kill -9"] = runner.run_kills(args.n, args.seed, root / "kills", double=max(1, args.n // 10))
        print(f"  kill -9: {len(parts['kill -9'])} cases", flush=True)
        parts["hostile files"] = runner.run_hostile(hostile.CASES, root / "hostile", quick=False)
        print(f"  hostile files: {len(parts['hostile files'])} cases", flush=True)
        parts["plugins"] = runner.run_plugins(misbehaving.CASES, root / "plugins", quick=False)
        print(f"  plugins: {len(parts['plugins'])} cases", flush=True)
        parts["planted script"] = run_planted(root / "planted")
        if not parts["planted script"]:
            print("  planted script: skipped, Chromium is not installed", flush=True)
    print()
    print(table(parts, time.monotonic() - started))
    failing = [v for verdicts in parts.values() for v in verdicts.values() if v.kinds]
    if args.cases and failing:
        print("\nfailing cases")
        for verdict in failing:
            known = f"  [{verdict.finding}]" if verdict.finding else "  [not a known finding]"
            print(f"  {verdict.case}: {', '.join(verdict.kinds)}{known}")
            if not verdict.finding:  # say what happened: nobody has filed it yet
                print("\n".join(f"      {line}" for line in verdict.explain().splitlines()[1:12]))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
