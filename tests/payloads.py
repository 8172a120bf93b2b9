"""Model outputs (drafts) for the seed articles, as an endpoint would return them.

Every evidence string is copied from the seed text, so a correct library verifies all of it.
"""

from __future__ import annotations

import copy
from typing import Any

TOLL_SENTENCE = "said 9,061 people have been killed in Gaza, including 3,760 who are under 18"

SEED_003_DRAFT: dict[str, Any] = {
    "headline": "Gaza's Health Ministry reports 9,061 dead as Israeli troops advance on Gaza City.",
    "summary": (
        "The Health Ministry in Gaza said 9,061 people have been killed, including 3,760 under 18. "
        "Israeli ground troops advanced toward Gaza City while diplomatic efforts sought a pause. "
        "Foreign passport holders and wounded Palestinians left Gaza through the Rafah crossing."
    ),
    "events": [
        {
            "actor": "Israel's ground troops",
            "action": "advanced toward Gaza City",
            "object": None,
            "location": "Gaza City",
            "time_text": "on Thursday",
            "date": "2023-11-02",
            "epistemic": "asserted",
            "source": None,
            "evidence": "Israel's ground troops advanced toward Gaza City on Thursday",
        },
        {
            "actor": "Jordan",
            "action": "recalled its ambassador from Israel",
            "object": "its ambassador",
            "location": None,
            "time_text": None,
            "date": None,
            "epistemic": "asserted",
            "source": None,
            "evidence": "Jordan recalled its ambassador from Israel",
        },
    ],
    "figures": [
        {
            "number": "9,061",
            "qualifier": "exact",
            "unit": "people",
            "measure": "people killed in Gaza since the war began",
            "as_of": "Thursday",
            "reported_by": "Dr. Ashraf al-Qudra",
            "evidence": TOLL_SENTENCE,
        },
        {
            "number": "3,760",
            "qualifier": "exact",
            "unit": "people",
            "measure": "people under 18 killed in Gaza",
            "as_of": "Thursday",
            "reported_by": "Dr. Ashraf al-Qudra",
            "evidence": TOLL_SENTENCE,
        },
        {
            "number": "More than 1,400",
            "qualifier": "more_than",
            "unit": "people",
            "measure": "people killed on the Israeli side",
            "as_of": None,
            "reported_by": None,
            "evidence": "More than 1,400 people have been killed on the Israeli side",
        },
    ],
    "attributions": [
        {
            "speaker": "Dr. Ashraf al-Qudra",
            "role": "ministry spokesperson",
            "claim": "9,061 people have been killed in Gaza, including 3,760 under 18",
            "quote_type": "indirect",
            "quote": None,
            "cue": "said",
            "evidence": (
                "Dr. Ashraf al-Qudra, a ministry spokesperson, said 9,061 people have been "
                "killed in Gaza"
            ),
        },
        {
            "speaker": "Jordan",
            "role": None,
            "claim": "Israel's envoy must stay out until the war and its catastrophe stop",
            "quote_type": "direct",
            "quote": "humanitarian catastrophe",
            "cue": "told",
            "evidence": (
                "told Israel's envoy to remain out of the country until there's a halt to the war "
                "and the “humanitarian catastrophe” it is causing"
            ),
        },
    ],
}

SEED_000_DRAFT: dict[str, Any] = {
    "headline": "Israeli airstrikes hit the Jabaliya refugee camp for a second day.",
    "summary": (
        "Heavy airstrikes targeted the Jabaliya refugee camp near Gaza City as Israeli forces "
        "advanced. Over 8,800 Palestinians have died according to the Palestinian Health Ministry."
    ),
    "events": [
        {
            "actor": "Israeli forces",
            "action": "advancing towards the city's residential areas",
            "object": None,
            "location": "Gaza City",
            "time_text": "on Wednesday",
            "date": None,
            "epistemic": "asserted",
            "source": None,
            "evidence": "with Israeli forces advancing towards the city's residential areas",
        }
    ],
    "figures": [
        {
            "number": "over 8,800",
            "qualifier": "more_than",
            "unit": "people",
            "measure": "Palestinians who have died",
            "as_of": None,
            "reported_by": "the Palestinian Health Ministry",
            "evidence": (
                "According to the Palestinian Health Ministry, over 8,800 Palestinians have died"
            ),
        },
        {
            "number": "335",
            "qualifier": "exact",
            "unit": "people",
            "measure": "foreign passport holders who left Gaza via Rafah by mid-Wednesday",
            "as_of": "mid-Wednesday",
            "reported_by": None,
            "evidence": "By mid-Wednesday, 335 foreign passport holders had left Gaza",
        },
    ],
    "attributions": [
        {
            "speaker": "President Joe Biden",
            "role": "US President",
            "claim": "called for a humanitarian pause in the Israel-Hamas conflict",
            "quote_type": "direct",
            "quote": "pause",
            "cue": "called for",
            "evidence": (
                'President Joe Biden on Wednesday called for a humanitarian "pause" in the '
                "Israel-Hamas conflict"
            ),
        }
    ],
}


def draft(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `base` with top-level keys replaced."""
    copied = copy.deepcopy(base)
    copied.update(changes)
    return copied


def with_item(base: dict[str, Any], kind: str, index: int, **changes: Any) -> dict[str, Any]:
    """A deep copy of `base` with fields of one item replaced."""
    copied = copy.deepcopy(base)
    copied[kind][index].update(changes)
    return copied
