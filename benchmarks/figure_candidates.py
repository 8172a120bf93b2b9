"""How many of the numbers the library offers as figures are labelled figures.

Run: `python benchmarks/figure_candidates.py [FIXTURES_DIR]` (default: evals/fixtures).

A briefing holds at most 15 figures (`ItemLimits.figures`), and the rules fill them in article
order, so every candidate that is no figure by `evals/LABELLING.md` (a number in a name, "one"
as an article, a time that only places the story, a restatement in other units) can push a real
figure off the end. It prints, over the fixtures, the candidates, how many of them overlap a
labelled figure's number, how many labelled figures no candidate covers, and how many articles
have more candidates than places; with `-v`, every candidate that is no labelled figure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from summarizer.find.candidates import find_candidates
from summarizer.schema.briefing import ItemLimits

_ROOT = Path(__file__).resolve().parent.parent


def _gold_spans(fixture: dict[str, object], text: str) -> list[tuple[int, int]]:
    """Where each labelled figure's number is: in its evidence when given, else first found."""
    spans = []
    gold = fixture["gold"]
    assert isinstance(gold, dict)
    for figure in gold["figures"]:
        number = figure["number"]
        evidence = figure.get("evidence") or {}
        at = text.find(number, evidence.get("start") or 0)
        if at < 0:
            at = text.find(number)
        if at >= 0:
            spans.append((at, at + len(number)))
    return spans


def main() -> None:
    """Print the candidates' agreement with the labelled figures."""
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    folder = Path(args[0]) if args else _ROOT / "evals" / "fixtures"
    places = ItemLimits().figures
    total = labelled = missed = over = 0
    for path in sorted(folder.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        text = fixture["article"]["text"]
        numbers = find_candidates(text).numbers
        spans = _gold_spans(fixture, text)
        total += len(numbers)
        over += len(numbers) > places
        for number in numbers:
            if any(low < number.end and number.start < high for low, high in spans):
                labelled += 1
            elif verbose:
                print(f"{path.stem}: {number.quantity.text!r} -> {number.measure_guess!r}")
        missed += sum(
            not any(low < n.end and n.start < high for n in numbers) for low, high in spans
        )
    print(
        f"{total} candidates, {labelled} on a labelled figure, {total - labelled} not; "
        f"{missed} labelled figures no candidate covers; "
        f"{over} articles with more candidates than the {places} places"
    )


if __name__ == "__main__":
    main()
