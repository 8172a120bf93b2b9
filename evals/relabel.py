"""Relabel every hand-written draft in `evals/fixtures/src/` into `evals/fixtures/`.

`python evals/relabel.py` rewrites each fixture from its draft with `label()`: offsets, values and
grounding come from the library, and a draft whose evidence is not verbatim in its article stops
the run with the reasons. `python evals/relabel.py --check` writes nothing and exits 1 when a
fixture differs from what its draft gives (the tests run the same comparison). Review the diff of
`evals/fixtures/` before committing; see `evals/LABELLING.md`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from summarizer.eval.scoring.fixtures import Fixture, LabellingError, label, write_fixture

EVALS = Path(__file__).resolve().parent
FIXTURES = EVALS / "fixtures"
SOURCES = FIXTURES / "src"


def relabel(source: Path) -> Fixture:
    """Label one draft; its file name must be the article id."""
    raw = json.loads(source.read_text("utf-8"))
    fixture = label(raw)
    if fixture.id != source.stem:
        msg = f"{source}: the file is named {source.stem!r} but holds article {fixture.id!r}"
        raise LabellingError(msg, article_id=fixture.id)
    return fixture


def rendered(fixture: Fixture) -> str:
    """The fixture exactly as `write_fixture` writes it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fixture.json"
        write_fixture(fixture, path)
        return path.read_text("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Relabel (or, with --check, compare) every draft; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a fixture is stale"
    )
    args = parser.parse_args(argv)
    sources = sorted(SOURCES.glob("*.json"))
    stale = []
    for source in sources:
        fixture = relabel(source)
        target = FIXTURES / f"{fixture.id}.json"
        text = rendered(fixture)
        current = target.read_text("utf-8") if target.exists() else None
        if text == current:
            continue
        stale.append(target.name)
        if not args.check:
            target.write_text(text, encoding="utf-8")
    orphans = sorted({p.stem for p in FIXTURES.glob("*.json")} - {p.stem for p in sources})
    for orphan in orphans:
        print(f"{orphan}.json has no draft in {SOURCES}", file=sys.stderr)
    verb = "stale" if args.check else "rewritten"
    print(f"{len(sources)} drafts, {len(stale)} fixtures {verb}: {', '.join(stale) or '-'}")
    return 1 if (args.check and stale) or orphans else 0


if __name__ == "__main__":
    sys.exit(main())
