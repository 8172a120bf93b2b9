"""Long articles: split on paragraph boundaries, extracted per part, merged without duplicates."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from summarizer.prompt.chunking import CHARS_PER_TOKEN, split_article
from summarizer.prompt.render import CLOSE_MARKER
from tests.conftest import SEED_003, Make, Waits, seed_article
from tests.fake_openai import Action, RecordedRequest, Reply, ScriptedOpenAIServer
from tests.payloads import SEED_003_DRAFT

paragraphs = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=0, max_size=300),
    min_size=1,
    max_size=30,
)


@given(paragraphs, st.integers(min_value=5, max_value=200))
def test_parts_cover_the_text_exactly(paras: list[str], budget: int) -> None:
    text = "\n\n".join(paras)
    parts = split_article(text, budget)
    assert "".join(p.text for p in parts) == text
    cursor = 0
    for part in parts:
        assert part.start == cursor
        assert text[part.start : part.end] == part.text
        assert len(part.text) <= budget * CHARS_PER_TOKEN
        cursor = part.end
    assert cursor == len(text)


def test_parts_end_on_paragraph_breaks() -> None:
    text = seed_article(SEED_003).text
    parts = split_article(text, 400)
    assert len(parts) > 1
    for part in parts[:-1]:
        assert part.text.endswith("\n")


def _part_text(request: RecordedRequest) -> str:
    user = str(request.messages[1]["content"])
    body = user.split("url: unknown\n\n", 1)[1]
    return body.rsplit(CLOSE_MARKER, 1)[0]


def _per_part_draft(request: RecordedRequest) -> Action:
    part = _part_text(request)
    first_sentence = re.split(r"(?<=\.)\s", part.strip(), maxsplit=1)[0]
    repeated = SEED_003_DRAFT["attributions"][0]  # every part reports the same attribution
    return Reply(
        {
            "headline": f"Part starting {part.split()[0]}",
            "summary": "A part of the article.",
            "events": [{"action": "reported", "evidence": first_sentence}],
            "figures": [],
            "attributions": [repeated],
        }
    )


def test_long_article_is_split_and_merged(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    article = seed_article(SEED_003)
    server.respond_with(_per_part_draft)
    briefing = make(max_input_tokens=400).summarize(article)

    expected_parts = split_article(article.text, 400)
    assert len(server.completions) == len(expected_parts) == briefing.provenance.parts
    for request, part in zip(server.completions, expected_parts, strict=True):
        assert _part_text(request).strip() == part.text.strip()
        user = request.messages[1]["content"]
        assert f"of {len(expected_parts)}" in user
    # One event per part, each anchored inside its own part of the whole article.
    assert len(briefing.events) == len(expected_parts)
    for event, part in zip(briefing.events, expected_parts, strict=True):
        assert event.grounding.status == "verified"
        assert event.evidence.start is not None
        assert part.start <= event.evidence.start < part.end
        assert article.text[event.evidence.start : event.evidence.end] == event.evidence.text
    # The attribution every part repeated is kept once.
    assert [a.speaker for a in briefing.attributions] == ["Dr. Ashraf al-Qudra"]
    assert briefing.headline == f"Part starting {article.text.split()[0]}"
    assert briefing.provenance.usage.attempts == len(expected_parts)
