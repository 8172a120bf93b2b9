"""Per-article wins and losses of two runs, on each list's per-article strict F1.

The totals (`WinLoss`, one per list) and the article-by-article outcomes (`ArticleOutcome`, what
the HTML comparison lists) come from the same arrays, so they can never disagree.

F1 is undefined only when an article has neither gold nor predictions in a list: nothing to find
and nothing claimed, which is perfect (1.0) against a run that predicted spurious items there
(0.0). An article undefined for both runs is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from summarizer.eval.scoring.metrics import Aggregator, FloatArray, article_f1

Winner = Literal["a", "b", "tie", "skipped"]


class WinLoss(BaseModel):
    """Articles on which B's per-article strict F1 beats A's, and the reverse."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    list: str
    b_wins: int
    a_wins: int
    ties: int
    skipped: int
    """Articles with neither gold nor predictions in the list for either run."""


class ArticleOutcome(BaseModel):
    """One article's per-article strict F1 in one list for both runs, and who won it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article_id: str
    list: str
    f1_a: float | None
    """None when the article is skipped (nothing to find, nothing predicted, in either run)."""
    f1_b: float | None
    winner: Winner


class _Paired(NamedTuple):
    f1_a: FloatArray
    f1_b: FloatArray
    counted: NDArray[np.bool_]
    tied: NDArray[np.bool_]


def _paired(ma: FloatArray, mb: FloatArray, columns: Sequence[str], name: str) -> _Paired:
    ones = np.ones(len(ma))
    fa, da = article_f1(Aggregator(ma, columns, ones), name, "strict")
    fb, db = article_f1(Aggregator(mb, columns, ones), name, "strict")
    fa, fb = np.where(da, fa, 1.0), np.where(db, fb, 1.0)
    return _Paired(fa, fb, da | db, np.isclose(fa, fb, rtol=0.0, atol=1e-9))


def win_loss(ma: FloatArray, mb: FloatArray, columns: Sequence[str], name: str) -> WinLoss:
    """Totals for one list, from the two runs' count matrices (rows in the same article order)."""
    p = _paired(ma, mb, columns, name)
    return WinLoss(
        list=name,
        b_wins=int(np.sum(p.counted & ~p.tied & (p.f1_b > p.f1_a))),
        a_wins=int(np.sum(p.counted & ~p.tied & (p.f1_a > p.f1_b))),
        ties=int(np.sum(p.counted & p.tied)),
        skipped=int(np.sum(~p.counted)),
    )


def article_outcomes(
    ids: Sequence[str], ma: FloatArray, mb: FloatArray, columns: Sequence[str], name: str
) -> list[ArticleOutcome]:
    """Each article's outcome in one list (`ids` in the matrices' row order)."""
    p = _paired(ma, mb, columns, name)
    outcomes = []
    for i, article_id in enumerate(ids):
        winner: Winner = "skipped"
        if p.counted[i]:
            winner = "tie" if p.tied[i] else ("b" if p.f1_b[i] > p.f1_a[i] else "a")
        counted = bool(p.counted[i])
        outcomes.append(
            ArticleOutcome(
                article_id=article_id,
                list=name,
                f1_a=float(p.f1_a[i]) if counted else None,
                f1_b=float(p.f1_b[i]) if counted else None,
                winner=winner,
            )
        )
    return outcomes
