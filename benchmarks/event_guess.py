"""Events by rule against a model's events, on the hand-labelled fixtures.

For each choice of sentences, the events the library reads off the parse (`summarizer.find.events`)
are scored against the fixtures' gold events with the eval's own matcher; also printed: how many
chosen sentences hold a gold event. The choices: the body's first k sentences that report a
happening (what `cite_labels=rules` uses, k = 3), and, given a run's predictions, the sentences
that run's events cite, with the run's own events scored beside them.

Run: python benchmarks/event_guess.py [PREDICTIONS.jsonl] [--articles DIR]
  e.g. git show dc68df5:evals/predictions/qwen2.5-coder-1.5b/predictions.jsonl > /tmp/p.jsonl
  (the embedded model's last run that wrote its own events), then pass /tmp/p.jsonl.
  --articles DIR: also count, over DIR's *.json articles (a "text" field each, e.g. the
  MEANTIME corpus), those of 8 sentences or more given fewer than 3 events (issue 31: 3-5).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.eval.scoring.fixtures import Fixture, load_fixtures  # noqa: E402
from summarizer.eval.scoring.match import Context, ScoreSettings, compare_events  # noqa: E402
from summarizer.eval.scoring.metrics import _match, _tally  # noqa: E402
from summarizer.find.candidates import Candidates, find_candidates  # noqa: E402
from summarizer.find.sentences import sentence_at  # noqa: E402
from summarizer.ground.rule_labels import (  # noqa: E402
    COVERED,
    LEAD_EVENTS,
    MIN_EVENTS,
    rule_events,
)
from summarizer.schema.briefing import Event  # noqa: E402

Chooser = Callable[[Fixture, Candidates], list[Event]]


def as_events(candidates: Candidates, cited: list[dict[str, object]]) -> list[Event]:
    """Cited rule events as briefing events, their sentence as evidence."""
    events = []
    for item in cited:
        ids = item["sentences"]
        sentence = candidates.sentence(ids[0]) if isinstance(ids, list) else None
        if sentence is None:
            continue
        evidence = {"text": sentence.text, "start": sentence.start, "end": sentence.end}
        fields = {k: v for k, v in item.items() if k != "sentences"}
        grounding = {"status": "verified", "problems": []}
        drawn = {**fields, "evidence": evidence, "grounding": grounding}
        events.append(Event.model_validate(drawn))
    return events


def score(fixtures: Sequence[Fixture], choose: Chooser) -> tuple[str, int, int]:
    counts: Counter[str] = Counter()
    on_gold = chosen = 0
    for fixture in fixtures:
        candidates = find_candidates(fixture.article.text)
        gold = {
            found.id
            for e in fixture.gold.events
            if e.evidence.start is not None
            and (found := sentence_at(candidates.sentences, e.evidence.start)) is not None
        }
        events = choose(fixture, candidates)
        for event in events:
            chosen += 1
            at = sentence_at(candidates.sentences, event.evidence.start or 0)
            on_gold += at is not None and at.id in gold
        ctx = Context(ScoreSettings(), aliases=fixture.aliases)
        _tally(counts, "events", _match(fixture, "events", events, compare_events, ctx))
    correct, partial = counts["events.correct"], counts["events.partial"]
    predicted = correct + partial + counts["events.incorrect"] + counts["events.spurious"]
    labelled = correct + partial + counts["events.incorrect"] + counts["events.missed"]

    def f1(hits: int) -> float:
        return 2 * hits / (predicted + labelled) if predicted + labelled else 0.0

    return f"{f1(correct + partial):.3f} / {f1(correct):.3f}", on_gold, chosen


def lead(k: int) -> Chooser:
    return lambda _fixture, candidates: as_events(candidates, rule_events(candidates, k))


def coverage(directory: Path) -> tuple[int, int]:
    """Articles of `COVERED` sentences or more, and how many got fewer than `MIN_EVENTS`."""
    long, short = 0, 0
    for path in sorted(directory.glob("*.json")):
        candidates = find_candidates(json.loads(path.read_text("utf-8"))["text"])
        if len(candidates.sentences) >= COVERED:
            long += 1
            short += len(rule_events(candidates, LEAD_EVENTS)) < MIN_EVENTS
    return long, short


def main() -> None:
    fixtures = load_fixtures(ROOT / "evals" / "fixtures")
    rows: list[tuple[str, Chooser]] = [(f"rules, lead {k}", lead(k)) for k in (3, 4, 5)]
    args = sys.argv[1:]
    articles = None
    if "--articles" in args:
        at = args.index("--articles")
        articles = Path(args[at + 1])
        del args[at : at + 2]
    if args:
        lines = Path(args[0]).read_text("utf-8").splitlines()
        runs = {r["id"]: r.get("briefing") or {} for r in map(json.loads, lines)}

        def theirs(fixture: Fixture, _candidates: Candidates) -> list[Event]:
            return [Event.model_validate(e) for e in runs.get(fixture.id, {}).get("events", [])]

        def rules_on_theirs(fixture: Fixture, candidates: Candidates) -> list[Event]:
            wanted = {
                s.id
                for e in theirs(fixture, candidates)
                if (s := sentence_at(candidates.sentences, e.evidence.start or 0)) is not None
            }
            every = rule_events(candidates, len(candidates.sentences))
            return as_events(candidates, [e for e in every if e["sentences"][0] in wanted])

        rows.append(("the run's own events", theirs))
        rows.append(("rules on the run's sentences", rules_on_theirs))
    print(f"{len(fixtures)} fixtures")
    print("events from | F1 lenient / strict | chosen sentences holding a gold event")
    for name, choose in rows:
        f1, on_gold, chosen = score(fixtures, choose)
        print(f"{name} | {f1} | {on_gold} of {chosen}", flush=True)
    if articles is not None:
        long, short = coverage(articles)
        print(f"{articles}: {short} of {long} articles of {COVERED}+ sentences under {MIN_EVENTS}")


if __name__ == "__main__":
    main()
