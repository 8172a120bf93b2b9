"""How well the library's rule guesses what a number measures, against the hand-labelled figures.

Run: `python benchmarks/measure_guess.py [FIXTURES_DIR]` (default: evals/fixtures).

For every gold figure whose number the candidates find, it compares the gold measure with the
rules' guesses, using the eval's own similarity (token_sort_ratio): the number's clause without
the number (`summarizer.ground.citations.clause_of`, the rule before), the measure read off the
parse (`summarizer.find.measures`, its first reading), and the best of all its readings: the most
a chooser picking among them by id (the model, issue 31) could reach. It prints the mean
similarity, the share of guesses the eval would count as right (>= 0.7) and the share similar
enough for a figure to pair at all (>= 0.5).
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from summarizer.eval.scoring.match import ScoreSettings, text_similarity
from summarizer.find.candidates import find_candidates
from summarizer.ground.citations import clause_of, without_number

_ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print the rules' figures side by side."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else _ROOT / "evals" / "fixtures"
    scores: dict[str, list[float]] = {
        "clause without the number": [],
        "measure from the parse": [],
        "best of its readings": [],
    }
    for path in sorted(folder.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        text = fixture["article"]["text"]
        candidates = find_candidates(text)
        for gold in fixture["gold"]["figures"]:
            at = text.find(gold["number"])
            found = [
                n
                for n in candidates.numbers
                if n.start <= at < n.end or at <= n.start < at + len(gold["number"])
            ]
            if at < 0 or not found:
                continue
            number = found[0]
            clause = without_number(clause_of(candidates, number).text, number)
            guess = number.measure_guess or clause
            similar = [text_similarity(gold["measure"], g) or 0.0 for g in (clause, guess)]
            # What a chooser among the readings could reach at best (the clause stands in
            # when the parse has none).
            readings = number.measure_readings or (clause,)
            best = max(text_similarity(gold["measure"], r) or 0.0 for r in readings)
            for name, value in zip(scores, [*similar, best], strict=True):
                scores[name].append(value)
    settings = ScoreSettings()
    for name, values in scores.items():
        right = sum(v >= settings.figure_measure_match for v in values) / len(values)
        pairable = sum(v >= settings.figure_min_measure for v in values) / len(values)
        print(
            f"{name:28} {len(values)} figures: mean similarity {statistics.mean(values):.2f}, "
            f"right {right:.0%}, pairable {pairable:.0%}"
        )


if __name__ == "__main__":
    main()
