"""Pair predicted items with gold items, list by list, and judge each pair.

Every list is matched the same way: a gold x predicted similarity matrix (values in [0, 1]), an
optimal one-to-one assignment (`scipy.optimize.linear_sum_assignment`, maximising the total
similarity of the combinations allowed to pair), then the nervaluate taxonomy: pairs are correct,
partial or incorrect; unpaired gold items are missed (optional ones skipped instead), unpaired
predictions spurious. A gold item's acceptable alternatives are tried too; the best one wins.

Text similarity is rapidfuzz on `default_process`-ed text (rapidfuzz does no preprocessing of its
own). Evidence overlap is the character IoU of the two evidence spans, used only when both have
offsets into the same text. A component unknown on both sides (no actor in either, no offsets) is
left out and the weights renormalised; unknown on one side only, it scores 0.

Events: action 0.40 (token_sort_ratio), actor 0.25 (token_set_ratio: one name's words being a
subset of the other's is fine for names), object 0.10 (token_sort_ratio), evidence IoU 0.25.
Paired from `min_similarity`, partial from `partial_threshold`, correct from `correct_threshold`.

Figures never pair on the number alone: measure similarity (token_sort_ratio) must reach
`figure_min_measure` and the weighted similarity `min_similarity`: measure 0.45, value 0.30 (1 when
the normalised values agree within `value_rel_tol`), unit 0.10, evidence IoU 0.15. Correct = value
agrees and measure similar (>= `figure_measure_match`); partial = one of the two; else incorrect.

Attributions are (speaker, claim) relations paired on the claim: the token F1 of the quoted words
when both are direct quotes, else 0.7 token_sort_ratio of the claims + 0.3 evidence IoU. Paired
when the claim similarity reaches `min_similarity`, ranked by 0.7 claim + 0.3 speaker match.
Correct = speaker matches and claim similar (>= `claim_match`); partial = one of the two.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeVar, cast

import numpy as np
from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

from summarizer.find.quantities import parse_number, values_match
from summarizer.schema.briefing import Attribution, Event, Evidence, Figure

NORMALISER_VERSION: Final = "3"
"""Version of the text and number normalisation the scorer relies on; part of the signature.
Bump it when `summarizer.find.quantities`, the unit table below or the text preprocessing changes
meaning."""

Verdict = Literal["correct", "partial", "incorrect", "missed", "spurious", "optional"]
"""What became of a gold or predicted item: "optional" is an unmatched optional gold item."""
PairVerdict = Literal["correct", "partial", "incorrect"]
Item = TypeVar("Item", bound=Event | Figure | Attribution)

_EVENT_WEIGHTS: Final = {"action": 0.40, "actor": 0.25, "object": 0.10, "evidence": 0.25}
_FIGURE_WEIGHTS: Final = {"measure": 0.45, "value": 0.30, "unit": 0.10, "evidence": 0.15}
_CLAIM_WEIGHTS: Final = {"claim": 0.7, "evidence": 0.3}
_RELATION_WEIGHTS: Final = {"claim": 0.7, "speaker": 0.3}
_MIN_SURNAME: Final = 4  # "the last token of a multi-word name, longer than 3 characters"
_UNIT_SYNONYMS: Final[dict[str, str]] = {
    "%": "percent", "per cent": "percent", "pct": "percent", "$": "usd", "dollars": "usd",
    "us dollars": "usd", "€": "eur", "euros": "eur", "£": "gbp", "pounds": "gbp",
    "person": "people", "persons": "people",
}  # fmt: skip


class ScoreSettings(BaseModel):
    """Every threshold of the scorer; `signature()` tells whether two scores are comparable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_similarity: float = 0.5
    """Pairs below this similarity are not pairs (events, figures; attributions: the claim)."""
    partial_threshold: float = 0.65
    """Events: a pair at or above this similarity (and below correct) is partial."""
    correct_threshold: float = 0.8
    """Events: a pair at or above this similarity is correct."""
    figure_min_measure: float = 0.5
    """Figures: measure similarity needed for a pair to exist at all."""
    figure_measure_match: float = 0.7
    """Figures: measure similarity at which the measure counts as right."""
    claim_match: float = 0.7
    """Attributions: claim similarity at which the claim counts as right (and misattribution)."""
    speaker_fuzzy: float = 90.0
    """Speaker match: rapidfuzz ratio (0-100) at which two names are the same."""
    grounding_speaker_threshold: float = 90.0
    """Grounding: `speaker_is_named` threshold."""
    value_rel_tol: float = 0.005
    """Figures: relative tolerance of a value match (0.005 = 0.5%)."""
    bootstrap_samples: int = 1000
    """Bootstrap resamples of the articles."""
    seed: int = 20231102
    """Seed of the bootstrap's random generator."""
    confidence: float = 0.95
    """Confidence level of the intervals."""
    normaliser_version: str = NORMALISER_VERSION
    """Version of the normalisation the scorer relies on."""

    def signature(self) -> str:
        """Short sha256 of the settings JSON: equal signatures mean comparable numbers."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class PairScore:
    """How one gold item compares with one predicted item."""

    similarity: float
    """In [0, 1]: what the assignment maximises."""
    pairable: bool
    verdict: PairVerdict
    """The verdict if the two are paired."""
    checks: Mapping[str, bool] = field(default_factory=dict)
    """Figures: value, unit, measure, reporter, qualifier; attributions: speaker, claim, quote
    type."""


@dataclass(frozen=True, slots=True)
class Pair:
    """One line of a list's verdicts: a pair, or a leftover gold or predicted item."""

    verdict: Verdict
    gold: int | None
    pred: int | None
    score: PairScore | None = None


@dataclass(frozen=True, slots=True)
class ListMatch:
    """The outcome of matching one list of one article."""

    pairs: list[Pair]
    scores: list[list[PairScore]]
    """Best score of every gold x predicted combination (for misattribution)."""


@dataclass(frozen=True, slots=True)
class Context:
    """What the comparisons need beyond the two items."""

    settings: ScoreSettings
    aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)
    offsets_comparable: bool = True
    """False when the prediction's offsets refer to another text than the fixture's."""


def text_similarity(a: str | None, b: str | None, *, token_set: bool = False) -> float | None:
    """Fuzzy similarity in [0, 1] (token_sort_ratio, or token_set_ratio for names).

    0 when one text is missing, None when both are (the component is then left out).
    """
    if not a and not b:
        return None
    if not a or not b:
        return 0.0
    scorer = fuzz.token_set_ratio if token_set else fuzz.token_sort_ratio
    return float(scorer(a, b, processor=default_process)) / 100.0


def span_iou(a: Evidence, b: Evidence) -> float | None:
    """Character IoU of two evidence spans, None unless both have offsets."""
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return None
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    union = (a.end - a.start) + (b.end - b.start) - inter
    return inter / union if union > 0 else 0.0


def quote_f1(a: str, b: str) -> float:
    """Token-level F1 of two quotes (multiset overlap of their processed words)."""
    ta, tb = Counter(default_process(a).split()), Counter(default_process(b).split())
    total = sum(ta.values()) + sum(tb.values())
    return 2 * sum((ta & tb).values()) / total if total else 0.0


def _weighted(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> float:
    known = {k: v for k, v in parts.items() if v is not None}
    total = sum(weights[k] for k in known)
    return sum(weights[k] * v for k, v in known.items()) / total if total else 0.0


def _name_tokens(name: str) -> list[str]:
    # Whitespace tokens keep "al-Qudra" whole, so its surname is "al-qudra", not "qudra".
    return [t.strip(".,;:'\"()").casefold() for t in name.split() if t.strip(".,;:'\"()")]


def _is_suffix(short: list[str], long: list[str]) -> bool:
    """Whether `short` ends `long` ("Joe Biden" of "President Joe Biden"), surname long enough."""
    fits = len(long) > 1 and len(long[-1]) >= _MIN_SURNAME and 0 < len(short) < len(long)
    return fits and long[-len(short) :] == short


def speakers_match(
    gold: str | None,
    pred: str | None,
    *,
    aliases: Sequence[str] = (),
    fuzzy_threshold: float = 90.0,
) -> bool:
    """Whether two speaker names denote the same source.

    Tried in order: exact (casefolded), the gold speaker's aliases, surname (one name ends with
    all of the other, the last token being longer than 3 characters), fuzzy ratio.

    Args:
        gold: The gold speaker (None: unknown).
        pred: The predicted speaker (None: unknown).
        aliases: Other names the article uses for the gold speaker.
        fuzzy_threshold: rapidfuzz ratio (0-100) at which two names match.

    Returns:
        True when they match; two unknown speakers match, one unknown never does.
    """
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = _name_tokens(gold), _name_tokens(pred)
    if g == p and g:
        return True
    alias_tokens = [_name_tokens(a) for a in aliases]
    if p in alias_tokens:
        return True
    if _is_suffix(p, g) or _is_suffix(g, p):
        return True
    names = [gold, *aliases]
    return any(fuzz.ratio(n, pred, processor=default_process) >= fuzzy_threshold for n in names)


def _speakers(gold: str | None, pred: str | None, ctx: Context) -> bool:
    aliases = ctx.aliases.get(gold, ()) if gold is not None else ()
    return speakers_match(gold, pred, aliases=aliases, fuzzy_threshold=ctx.settings.speaker_fuzzy)


def _evidence(gold: Evidence, pred: Evidence, ctx: Context) -> float | None:
    return span_iou(gold, pred) if ctx.offsets_comparable else None


def compare_events(gold: Event, pred: Event, ctx: Context) -> PairScore:
    """Score an event pair (weights in the module docstring)."""
    s = ctx.settings
    parts = {
        "action": text_similarity(gold.action, pred.action),
        "actor": text_similarity(gold.actor, pred.actor, token_set=True),
        "object": text_similarity(gold.object, pred.object),
        "evidence": _evidence(gold.evidence, pred.evidence, ctx),
    }
    sim = _weighted(parts, _EVENT_WEIGHTS)
    verdict: PairVerdict = "incorrect"
    if sim >= s.correct_threshold:
        verdict = "correct"
    elif sim >= s.partial_threshold:
        verdict = "partial"
    return PairScore(sim, sim >= s.min_similarity, verdict)


def figure_values(figure: Figure) -> list[float]:
    """The value a figure stands for: its normalised `value`, else the parse of its `number`."""
    if not math.isnan(figure.value):
        return [figure.value]
    parsed = parse_number(figure.number)
    return [parsed.value] if parsed is not None else []


def _values_agree(gold: Figure, pred: Figure, ctx: Context) -> bool:
    rel_tol = ctx.settings.value_rel_tol
    low = any(
        values_match(g, p, rel_tol=rel_tol)
        for g in figure_values(gold)
        for p in figure_values(pred)
    )
    if gold.value_max is None or pred.value_max is None:
        return low
    return low and values_match(gold.value_max, pred.value_max, rel_tol=rel_tol)


def unit_key(unit: str | None) -> str | None:
    """A unit in comparable form ("%" and "per cent" are "percent", "$" is "usd")."""
    if unit is None:
        return None
    folded = " ".join(unit.casefold().split())
    return _UNIT_SYNONYMS.get(folded, folded)


def compare_figures(gold: Figure, pred: Figure, ctx: Context) -> PairScore:
    """Score a figure pair: the measure gates the pair, the value decides correctness."""
    s = ctx.settings
    measure = text_similarity(gold.measure, pred.measure) or 0.0
    value_ok = _values_agree(gold, pred, ctx)
    unit_ok = unit_key(gold.unit) == unit_key(pred.unit)
    parts = {
        "measure": measure,
        "value": float(value_ok),
        "unit": float(unit_ok),
        "evidence": _evidence(gold.evidence, pred.evidence, ctx),
    }
    sim = _weighted(parts, _FIGURE_WEIGHTS)
    measure_ok = measure >= s.figure_measure_match
    checks = {
        "value": value_ok,
        "unit": unit_ok,
        "measure": measure_ok,
        "reporter": _speakers(gold.reported_by, pred.reported_by, ctx),
        # "more than 3,600" is not 3,600: the hedge is part of the figure.
        "qualifier": gold.qualifier == pred.qualifier,
    }
    pairable = measure >= s.figure_min_measure and sim >= s.min_similarity
    return PairScore(sim, pairable, _two_part_verdict(value_ok, measure_ok), checks)


def _two_part_verdict(first: bool, second: bool) -> PairVerdict:
    if first and second:
        return "correct"
    return "partial" if first or second else "incorrect"


def claim_similarity(gold: Attribution, pred: Attribution, ctx: Context) -> float:
    """Quote token F1 for two direct quotes; otherwise fuzzy claims plus evidence overlap."""
    if gold.quote_type == pred.quote_type == "direct" and gold.quote and pred.quote:
        return quote_f1(gold.quote, pred.quote)
    parts = {
        "claim": text_similarity(gold.claim, pred.claim),
        "evidence": _evidence(gold.evidence, pred.evidence, ctx),
    }
    return _weighted(parts, _CLAIM_WEIGHTS)


def compare_attributions(gold: Attribution, pred: Attribution, ctx: Context) -> PairScore:
    """Score an attribution pair: paired on the claim, judged on claim and speaker."""
    s = ctx.settings
    claim = claim_similarity(gold, pred, ctx)
    speaker_ok = _speakers(gold.speaker, pred.speaker, ctx)
    claim_ok = claim >= s.claim_match
    sim = _weighted({"claim": claim, "speaker": float(speaker_ok)}, _RELATION_WEIGHTS)
    checks = {
        "speaker": speaker_ok,
        "claim": claim_ok,
        "quote_type": gold.quote_type == pred.quote_type,
    }
    return PairScore(
        sim, claim >= s.min_similarity, _two_part_verdict(speaker_ok, claim_ok), checks
    )


def variants_of(item: Item, alternatives: Sequence[Mapping[str, Any]]) -> list[Item]:
    """The gold item and its acceptable alternatives (field overrides, validated)."""
    # Validating catches a misspelt field in a fixture instead of silently ignoring it.
    # mypy resolves pydantic's `Self` to the TypeVar's bound, hence the cast.
    return [
        item,
        *(cast(Item, item.model_validate(item.model_dump() | dict(alt))) for alt in alternatives),
    ]


def _best(
    variants: Sequence[Item],
    pred: Item,
    compare: Callable[[Item, Item, Context], PairScore],
    ctx: Context,
) -> PairScore:
    scores = [compare(v, pred, ctx) for v in variants]
    # A pairable score beats a higher unpairable one: the alternative exists to make a pair.
    return max(scores, key=lambda sc: (sc.pairable, sc.similarity))


def match_list(
    gold: Sequence[Sequence[Item]],
    pred: Sequence[Item],
    compare: Callable[[Item, Item, Context], PairScore],
    ctx: Context,
    *,
    optional: Collection[int] = (),
) -> ListMatch:
    """Pair one list's predicted items with its gold items.

    Args:
        gold: Per gold item, its variants (the item first, then its alternatives).
        pred: The predicted items.
        compare: The list's pair scorer.
        ctx: Settings, aliases and whether offsets are comparable.
        optional: Indices of gold items that may go unmatched without being missed.

    Returns:
        Every pair and leftover in order (pairs by gold index, then missed, then spurious), and
        the full score matrix.
    """
    scores = [[_best(variants, p, compare, ctx) for p in pred] for variants in gold]
    kept = _assign(scores, len(gold), len(pred))
    pairs = [Pair(scores[r][c].verdict, r, c, scores[r][c]) for r, c in kept]
    paired_gold, paired_pred = {r for r, _ in kept}, {c for _, c in kept}
    for i in sorted(set(range(len(gold))) - paired_gold):
        pairs.append(Pair("optional" if i in optional else "missed", i, None))
    pairs.extend(Pair("spurious", None, j) for j in sorted(set(range(len(pred))) - paired_pred))
    return ListMatch(pairs, scores)


def _assign(scores: list[list[PairScore]], n_gold: int, n_pred: int) -> list[tuple[int, int]]:
    """The optimal one-to-one pairs among the pairable combinations, by gold index."""
    if not n_gold or not n_pred:
        return []
    weights = np.zeros((n_gold, n_pred))
    for i, row in enumerate(scores):
        for j, sc in enumerate(row):
            if sc.pairable:
                # Never 0: a pairable combination must outweigh "no pair" in the assignment.
                weights[i, j] = max(sc.similarity, 1e-9)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    found = [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]
    return [(r, c) for r, c in found if weights[r, c] > 0]
