"""Check the reconcile fixtures in evals/reconcile/fixtures against the gold briefings.

Run from anywhere with ``python3 evals/reconcile/check_fixtures.py``; it uses the standard library
only. Every fixture must reference gold figures that exist (index and exact ``number``) in
fixtures under ``evals/fixtures``, every quantity must have at least two reports and an allowed
verdict, and ids must be unique. The exit status is 1 when any problem is found.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RECONCILE_DIR = HERE / "fixtures"
GOLD_DIR = HERE.parent / "fixtures"

FIXTURE_VERSION = 1
MIN_REPORTS = 2
VERDICTS = frozenset({"agree", "update", "conflict", "different_scope"})
TOP_KEYS = frozenset(
    {
        "fixture_version",
        "story",
        "description",
        "articles",
        "annotator",
        "quantities",
        "near_misses",
    }
)
QUANTITY_KEYS = frozenset({"id", "measure", "unit", "reports", "verdict", "explanation"})
REF_KEYS = frozenset({"article", "figure", "number"})


def load_gold_figures(
    article: str, cache: dict[str, list[dict[str, Any]] | None]
) -> list[dict[str, Any]] | None:
    """Return the gold figures of one article fixture, or None when there is no such fixture.

    Args:
        article: the fixture id, e.g. ``seed-000-jabaliya``.
        cache: figures already loaded, keyed by article id (None for a missing fixture).

    Returns:
        The list ``gold.figures`` of ``evals/fixtures/<article>.json``, or None if it is absent.
    """
    if article not in cache:
        path = GOLD_DIR / f"{article}.json"
        if path.is_file():
            cache[article] = json.loads(path.read_text(encoding="utf-8"))["gold"]["figures"]
        else:
            cache[article] = None
    return cache[article]


def check_ref(
    ref: object,
    where: str,
    articles: list[str],
    cache: dict[str, list[dict[str, Any]] | None],
) -> list[str]:
    """Check one reference to a gold figure.

    Args:
        ref: the ``{"article", "figure", "number"}`` object.
        where: a label for messages, e.g. ``Q1 report 2``.
        articles: the story's article list; the reference must point into it.
        cache: the gold-figure cache passed to :func:`load_gold_figures`.

    Returns:
        The problems found, as messages (empty when the reference is valid).
    """
    if not isinstance(ref, dict) or set(ref) != REF_KEYS:
        return [f"{where}: a reference needs exactly the keys {sorted(REF_KEYS)}"]
    article, index, number = ref["article"], ref["figure"], ref["number"]
    if article not in articles:
        return [f"{where}: article {article!r} is not in the story's articles"]
    figures = load_gold_figures(article, cache)
    if figures is None:
        return [f"{where}: no fixture evals/fixtures/{article}.json"]
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(figures):
        return [f"{where}: {article} has no figure {index!r} ({len(figures)} figures)"]
    gold = figures[index]["number"]
    if number != gold:
        return [f"{where}: {article} figure {index} number is {gold!r}, not {number!r}"]
    return []


def check_quantities(
    data: dict[str, Any], cache: dict[str, list[dict[str, Any]] | None]
) -> list[str]:
    """Check the ``quantities`` of one fixture.

    Args:
        data: the parsed reconcile fixture.
        cache: the gold-figure cache passed to :func:`load_gold_figures`.

    Returns:
        The problems found, as messages.
    """
    problems: list[str] = []
    articles = data["articles"]
    ids = Counter(q.get("id") for q in data["quantities"])
    problems += [f"quantity id {qid!r} is used {n} times" for qid, n in ids.items() if n > 1]
    owner: dict[tuple[str, int], str] = {}
    for quantity in data["quantities"]:
        qid = quantity.get("id")
        if set(quantity) != QUANTITY_KEYS:
            problems.append(f"{qid}: keys must be exactly {sorted(QUANTITY_KEYS)}")
            continue
        if quantity["verdict"] not in VERDICTS:
            problems.append(f"{qid}: verdict {quantity['verdict']!r} not in {sorted(VERDICTS)}")
        if not str(quantity["explanation"]).strip():
            problems.append(f"{qid}: empty explanation")
        reports = quantity["reports"]
        if len(reports) < MIN_REPORTS:
            problems.append(f"{qid}: {len(reports)} report(s), at least {MIN_REPORTS} needed")
        for n, ref in enumerate(reports, start=1):
            found = check_ref(ref, f"{qid} report {n}", articles, cache)
            problems += found
            if found:
                continue
            key = (ref["article"], ref["figure"])
            if key in owner:
                problems.append(f"{qid}: {key[0]} figure {key[1]} is already in {owner[key]}")
            owner[key] = str(qid)
    return problems + check_near_misses(data, owner, cache)


def check_near_misses(
    data: dict[str, Any],
    owner: dict[tuple[str, int], str],
    cache: dict[str, list[dict[str, Any]] | None],
) -> list[str]:
    """Check the ``near_misses`` of one fixture.

    A near miss must join two different figures that are not linked as one quantity.

    Args:
        data: the parsed reconcile fixture.
        owner: which quantity each linked ``(article, figure)`` belongs to.
        cache: the gold-figure cache passed to :func:`load_gold_figures`.

    Returns:
        The problems found, as messages.
    """
    problems: list[str] = []
    seen: set[frozenset[tuple[str, int]]] = set()
    for n, miss in enumerate(data["near_misses"], start=1):
        where = f"near miss {n}"
        if not isinstance(miss, dict) or set(miss) != {"a", "b", "why"}:
            problems.append(f"{where}: keys must be exactly ['a', 'b', 'why']")
            continue
        found = check_ref(miss["a"], f"{where} a", data["articles"], cache)
        found += check_ref(miss["b"], f"{where} b", data["articles"], cache)
        if not str(miss["why"]).strip():
            found.append(f"{where}: empty why")
        problems += found
        if found:
            continue
        a = (miss["a"]["article"], miss["a"]["figure"])
        b = (miss["b"]["article"], miss["b"]["figure"])
        pair = frozenset({a, b})
        if a == b:
            problems.append(f"{where}: a and b are the same figure")
        elif a in owner and owner.get(a) == owner.get(b):
            problems.append(f"{where}: a and b are both in {owner[a]}")
        if pair in seen:
            problems.append(f"{where}: the same pair is listed twice")
        seen.add(pair)
    return problems


def check_fixture(path: Path, cache: dict[str, list[dict[str, Any]] | None]) -> list[str]:
    """Check one reconcile fixture file.

    Args:
        path: the fixture, ``evals/reconcile/fixtures/<story-id>.json``.
        cache: the gold-figure cache passed to :func:`load_gold_figures`.

    Returns:
        The problems found, as messages.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return [f"not valid JSON: {error}"]
    if not isinstance(data, dict) or set(data) != TOP_KEYS:
        return [f"top-level keys must be exactly {sorted(TOP_KEYS)}"]
    problems: list[str] = []
    if data["fixture_version"] != FIXTURE_VERSION:
        problems.append(f"fixture_version must be {FIXTURE_VERSION}")
    if data["story"] != path.stem:
        problems.append(f"story {data['story']!r} does not match the file name {path.stem!r}")
    articles = data["articles"]
    if not articles or len(set(articles)) != len(articles):
        problems.append("articles must be a non-empty list without repeats")
    problems += [
        f"article {a!r}: no fixture evals/fixtures/{a}.json"
        for a in articles
        if load_gold_figures(a, cache) is None
    ]
    return problems + check_quantities(data, cache)


def main() -> int:
    """Check every reconcile fixture and print a summary.

    Returns:
        0 when all fixtures pass, 1 otherwise.
    """
    cache: dict[str, list[dict[str, Any]] | None] = {}
    paths = sorted(RECONCILE_DIR.glob("*.json"))
    if not paths:
        print(f"no fixtures in {RECONCILE_DIR}")
        return 1
    failed = 0
    owners: Counter[str] = Counter()
    for path in paths:
        problems = check_fixture(path, cache)
        if not problems:
            data = json.loads(path.read_text(encoding="utf-8"))
            owners.update(data["articles"])
            verdicts = Counter(q["verdict"] for q in data["quantities"])
            counts = ", ".join(f"{v} {verdicts[v]}" for v in sorted(verdicts)) or "none"
            print(
                f"ok   {path.stem}: {len(data['articles'])} articles, "
                f"{len(data['quantities'])} quantities ({counts}), "
                f"{len(data['near_misses'])} near misses"
            )
            continue
        failed += 1
        print(f"FAIL {path.stem}")
        for problem in problems:
            print(f"     - {problem}")
    shared = {article: n for article, n in sorted(owners.items()) if n > 1}
    for article, n in shared.items():
        print(f"FAIL article {article} is in {n} stories")
    print(f"{len(paths) - failed}/{len(paths)} fixtures ok")
    return 1 if failed or shared else 0


if __name__ == "__main__":
    sys.exit(main())
