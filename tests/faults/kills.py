"""Kill ``prepflow run`` with SIGKILL at random moments, then check what the next run makes of it.

Each case copies the example plan into a fresh folder, starts from nothing
(``fresh``) or from a finished run whose posting was then edited (``edited``:
the old dossier is there, so the kill can land while it is being replaced),
kills one to three runs in a row at random moments (``--jobs`` 1 or 2), and
recovers with ``run --resume`` or a plain ``run``. What must hold:

* the recovery succeeds (``--resume`` may say "nothing to resume" only when the
  killed run had already written the whole dossier, or had not started a record);
* the dossier is byte-identical to a clean run's of the same inputs;
* no stored artifact fails its hash check, after a kill or after the recovery;
* no output on the way is a traceback; nothing is left behind (``litter``).

The moments are drawn from ``random.Random(seed)``, between the start of the
process and the time a clean run takes, so the same seed kills at the same
(nominal) moments.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from faultlib import (
    Outcome,
    artifact_count,
    copy_example,
    corrupt_artifacts,
    dossier_files,
    litter,
    output_problems,
    run_prepflow,
)

RESUME_REFUSED = "--resume refused though the dossier was not complete"
"""Finding 4 of issue 15: ``run.json`` says success before the dossier is written."""
KNOWN = {
    RESUME_REFUSED: "finding 4: run.json says success before the dossier is written; --resume refuses",
    "exists and was not written by prepflow": "finding 4: a kill between dossier writes blocks the next run",
    "left behind": "finding 9: temp-file litter and record folders after kills",
}
"""Notes a case can carry, and the finding of issue 15 each belongs to."""


def known_finding(notes: list[str]) -> str | None:
    """The finding a failing case's notes point to, if it is a known one."""
    found = [finding for note in notes for text, finding in KNOWN.items() if text in note]
    return "; ".join(dict.fromkeys(found)) or None


EDIT = "- Experience with Rust services is a plus\n"
"""The change to the posting between the finished run and the killed one (``edited``)."""


@dataclass(frozen=True)
class KillCase:
    name: str
    scenario: str
    """``fresh`` (no workspace, no dossier) or ``edited`` (a finished run, then the posting edited)."""
    jobs: int
    delays: tuple[float, ...]
    """Fractions of a clean run's time at which each killed run is killed (one per kill)."""
    recovery: str
    """``resume`` or ``plain``."""


def draw(count: int, seed: int) -> list[KillCase]:
    """``count`` cases drawn from ``seed``."""
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        scenario = rng.choice(("fresh", "edited"))
        jobs = rng.choice((1, 2))
        kills = rng.choice((1, 1, 1, 2, 3))
        # half the kills land late, where the dossier is written (over its old files, when edited)
        delays = tuple(round(rng.uniform(rng.choice((0.1, 0.7)), 1.05), 3) for _ in range(kills))
        recovery = rng.choice(("resume", "plain"))
        cases.append(KillCase(f"kill-{seed}-{n:03d}", scenario, jobs, delays, recovery))
    return cases


@dataclass
class Reference:
    """The clean runs a killed run is compared with: dossiers and times, per scenario."""

    finished: Path
    """A folder holding a finished run of the example (the ``edited`` cases start from a copy)."""
    dossier: dict[str, dict[str, bytes]]
    seconds: dict[str, float]


def edit(plan_dir: Path) -> None:
    with open(plan_dir / "inputs" / "job.md", "a", encoding="utf-8") as f:
        f.write(EDIT)


def _clean_run(folder: Path) -> Outcome:
    outcome = run_prepflow(["run", "plan.toml", "-q"], cwd=folder)
    if outcome.returncode != 0:
        raise RuntimeError(f"the clean run of the example failed: {outcome}")
    return outcome


def prepare(root: Path) -> Reference:
    """The reference runs, under ``root``."""
    finished = root / "finished"
    copy_example(finished)
    fresh = _clean_run(finished)
    edited = root / "edited"
    shutil.copytree(finished, edited)
    edit(edited)
    again = _clean_run(edited)
    return Reference(
        finished,
        {"fresh": dossier_files(finished), "edited": dossier_files(edited)},
        {"fresh": fresh.seconds, "edited": again.seconds},
    )


def run_case(
    case: KillCase, ref: Reference, root: Path
) -> tuple[list[str], list[str], Outcome | None, dict[str, int]]:
    """One case: its kinds of failure, notes saying what happened, the last run, and counts
    (``kills``: runs killed mid-way; ``artifacts``: stored artifacts hash-checked; ``resumed``)."""
    folder = root / case.name
    if case.scenario == "fresh":
        copy_example(folder)
    else:
        shutil.copytree(ref.finished, folder)
        edit(folder)
    kinds: list[str] = []
    notes: list[str] = []
    counts = {"kills": 0, "artifacts": 0, "resumed": 0}
    resume = ["--resume"] if case.recovery == "resume" else []
    for n, fraction in enumerate(case.delays):
        args = ["run", "plan.toml", "-q", "--jobs", str(case.jobs), *(resume if n else [])]
        killed = run_prepflow(args, cwd=folder, kill_after=fraction * ref.seconds[case.scenario])
        ended = "killed" if killed.returncode == -9 else f"exit {killed.returncode} before the kill"
        notes.append(f"run {n + 1} ({' '.join(args[2:])}) {ended} at {killed.seconds:.2f} s")
        if killed.returncode != -9:
            kinds += output_problems(killed)
        counts["kills"] += killed.returncode == -9
        counts["artifacts"] += artifact_count(folder)
        bad = corrupt_artifacts(folder)
        if bad:
            kinds.append("corrupt artifact")
            notes.append(f"after kill {n + 1}: corrupt artifacts {bad[:3]}")
    want = ref.dossier[case.scenario]
    last = run_prepflow(["run", "plan.toml", "-q", *resume], cwd=folder)
    if resume and last.returncode == 1 and "nothing to resume" in last.err:
        if dossier_files(folder) != want and "never run" not in last.err:
            kinds.append("failed")
            notes.append(f"{RESUME_REFUSED}: {last.err.strip()}")
        last = run_prepflow(["run", "plan.toml", "-q"], cwd=folder)
    elif resume and last.returncode == 0:
        counts["resumed"] += 1
    kinds += output_problems(last)
    if last.returncode != 0:
        kinds.append("failed")
        notes.append(f"the recovery failed: {last.err.strip()}")
    elif dossier_files(folder) != want:
        kinds.append("data lost")
        got = dossier_files(folder)
        notes.append(
            f"the dossier differs from a clean run's: {sorted(n for n in want if got.get(n) != want[n])}"
        )
    counts["artifacts"] += artifact_count(folder)
    bad = corrupt_artifacts(folder)
    if bad:
        kinds.append("corrupt artifact")
        notes.append(f"after the recovery: corrupt artifacts {bad[:3]}")
    left = litter(folder)
    if left:
        kinds.append("litter")
        notes.append(f"left behind: {left[:5]}")
    return list(dict.fromkeys(kinds)), notes, last, counts


LOCKED = "another prepflow run is using this workspace"


def double_start(name: str, ref: Reference, root: Path) -> tuple[list[str], list[str]]:
    """Two runs of one plan started at once: each succeeds or stops on the lock, and a run after
    them gives the clean run's dossier."""
    from concurrent.futures import ThreadPoolExecutor

    folder = root / name
    copy_example(folder)
    with ThreadPoolExecutor(max_workers=2) as pool:
        both = list(pool.map(lambda _: run_prepflow(["run", "plan.toml", "-q"], cwd=folder), range(2)))
    kinds: list[str] = []
    notes = [f"the two runs: exit {both[0].returncode} and exit {both[1].returncode}"]
    for outcome in both:
        kinds += output_problems(outcome)
        if outcome.returncode != 0 and not (outcome.returncode == 1 and LOCKED in outcome.err):
            kinds.append("failed")
            notes.append(f"a run neither succeeded nor stopped on the lock: {outcome}")
    after = run_prepflow(["run", "plan.toml", "-q"], cwd=folder)
    kinds += output_problems(after)
    if after.returncode != 0:
        kinds.append("failed")
        notes.append(f"the run after them failed: {after}")
    elif dossier_files(folder) != ref.dossier["fresh"]:
        kinds.append("data lost")
    if corrupt_artifacts(folder):
        kinds.append("corrupt artifact")
    if litter(folder):
        kinds.append("litter")
        notes.append(f"left behind: {litter(folder)[:5]}")
    return list(dict.fromkeys(kinds)), notes
