"""Which sentence splitter the cite strategy uses: spaCy's parser, pysbd, or a regex.

Run: `python benchmarks/sentence_split.py [CORPUS_DIR]` (default: ../shared/corpus/meantime).
pysbd is not a dependency: `pip install pysbd==0.3.4` first to include it.

There is no gold segmentation of the corpus, so the script counts the two errors a reader spots
at once, on every sentence of every article:

- a false break: a "sentence" ending in an abbreviation that does not end sentences ("Mr.",
  "Dr.", "U.S." followed by a lower-case word, "Inc." followed by a lower-case word), or starting
  with a lower-case letter (the previous one was cut mid-sentence);
- a missed break (run-on): a "sentence" holding a full word, a full stop and a capitalised word
  ("... said. The ...") inside it.

It prints sentences, both error counts and milliseconds per article for each splitter.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from summarizer.find.nlp import analyse
from summarizer.find.sentences import split_sentences

_TITLE_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|St|No)\.$")
_ABBREVIATION_BEFORE_LOWER = re.compile(r"\b(?:U\.S|U\.K|Inc|Corp|Co|Ltd|Jr|Sr)\.$")
_REGEX = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")
_INNER_BREAK = re.compile(r"[a-z]{3,}[.!?][\"'”’]?\s+[A-Z]")


def spacy_split(text: str) -> list[tuple[int, int]]:
    """The library's own segmentation (spaCy's parser, cut again at line breaks)."""
    return [(s.start, s.end) for s in split_sentences(analyse(text), text)]


def regex_split(text: str) -> list[tuple[int, int]]:
    """A naive split at . ! ? and line breaks."""
    return [(m.start(), m.end()) for m in _REGEX.finditer(text) if m.group().strip()]


def pysbd_split(text: str) -> list[tuple[int, int]]:
    """pysbd 0.3.4 with character spans."""
    import pysbd  # noqa: PLC0415 - optional

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return [(s.start, s.end) for s in segmenter.segment(text)]


def false_breaks(text: str, spans: list[tuple[int, int]]) -> int:
    """Sentences cut at an abbreviation or before a lower-case continuation."""
    count = 0
    for n, (start, end) in enumerate(spans):
        piece = text[start:end].strip()
        following = text[end : end + 3].strip()[:1]
        cut_at_title = bool(_TITLE_ABBREVIATION.search(piece))
        cut_at_abbreviation = bool(_ABBREVIATION_BEFORE_LOWER.search(piece)) and following.islower()
        cut_mid_sentence = n > 0 and piece[:1].islower()
        count += cut_at_title or cut_at_abbreviation or cut_mid_sentence
    return count


def missed_breaks(text: str, spans: list[tuple[int, int]]) -> int:
    """Sentences with an inner ". Capital" after a full word (a likely missed boundary)."""
    return sum(bool(_INNER_BREAK.search(text[s:e].strip()[:-1])) for s, e in spans)


def main() -> None:
    """Print the comparison table."""
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/meantime")
    texts = [json.loads(p.read_text("utf-8"))["text"] for p in sorted(corpus.glob("*.json"))]
    splitters: dict[str, Callable[[str], list[tuple[int, int]]]] = {
        "spacy (en_core_web_sm parser)": spacy_split,
        "regex": regex_split,
    }
    try:
        import pysbd  # noqa: F401, PLC0415

        splitters["pysbd 0.3.4"] = pysbd_split
    except ImportError:
        print("pysbd not installed: pip install pysbd==0.3.4 to compare it too")
    analyse("warm up the pipeline.")
    print(f"{len(texts)} articles from {corpus}")
    print(
        f"{'splitter':32} {'sentences':>9} {'false breaks':>12} {'run-ons':>8} {'ms/article':>10}"
    )
    for name, split in splitters.items():
        started = time.perf_counter()
        results = [(text, split(text)) for text in texts]
        elapsed = (time.perf_counter() - started) * 1000 / len(texts)
        sentences = sum(len(spans) for _, spans in results)
        wrong = sum(false_breaks(text, spans) for text, spans in results)
        runons = sum(missed_breaks(text, spans) for text, spans in results)
        print(f"{name:32} {sentences:>9} {wrong:>12} {runons:>8} {elapsed:>10.1f}")
    print("spacy's time includes tagging and entities, which the cite strategy needs anyway.")


if __name__ == "__main__":
    main()
