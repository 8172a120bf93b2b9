r"""What every HTML page shares: one Jinja environment, inline assets, the CSP, highlighted text.

A page is one file that must open offline, and everything it shows came from outside: article
words, model output, ids, model names. The discipline mirrors `summarizer show`:

- Templates autoescape, and no data is ever marked safe. The only Markup built in Python is the
  highlighted article text, assembled here from escaped pieces (whitespace there is significant).
- Control characters, bidi overrides (which reorder what is displayed) and lone surrogates are
  shown as visible escapes such as ``\x1b``.
- The Content-Security-Policy is `default-src 'none'`: the page's one stylesheet and one script are
  allowed by their sha256 hashes, nothing else. So no injected inline handler, `<script>` or
  `javascript:` URL can run, no style attribute applies, and nothing is fetched from anywhere.
- Data reaches the script only through the DOM (escaped text, and attributes holding ids made
  here), never as script source, so there is no JSON-in-script to break out of.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from summarizer.ground.assemble import library_version
from summarizer.schema.briefing import GroundingStatus

Kind = Literal["event", "figure", "attribution"]
Layer = Literal["briefing", "gold", "pred"]
"""Whose span: a briefing's own (view pages), or the gold or predicted side (eval report)."""

# As in `summarizer.cli.show`: C0, DEL, C1 and the bidi embeddings, overrides and isolates; plus
# lone surrogates, which a UTF-8 page cannot even encode. Tab, newline and carriage return are
# left alone: a browser lays them out as whitespace (and CRLF articles exist).
_INVISIBLE = re.compile(
    "([\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]+)"
)
_STATUS_RANK: Final[dict[GroundingStatus, int]] = {"verified": 0, "repaired": 1, "unverified": 2}
_ASSETS: Final = ("pages.css", "pages.js")


def _escaped_controls(run: str) -> str:
    # ascii() spells each one as Python would ("\\x1b", "\\u202e"); the quotes are cut off.
    return "".join(ascii(c)[1:-1] for c in run)


def plain(value: object) -> str:
    """Untrusted data as text for places markup cannot go (titles, tooltips), controls spelt out."""
    text = "" if value is None else str(value)
    return _INVISIBLE.sub(lambda found: _escaped_controls(found.group()), text)


def visible(value: object) -> Markup:
    """Untrusted data as inert HTML text, with invisible and reordering characters spelt out."""
    parts = []
    for index, piece in enumerate(_INVISIBLE.split("" if value is None else str(value))):
        # re.split with one capture group puts the matched runs at the odd indices.
        if index % 2:
            parts.append(Markup('<span class="ctl">{}</span>').format(_escaped_controls(piece)))
        elif piece:
            parts.append(escape(piece))
    return Markup("").join(parts)


def http_url(value: object) -> str | None:
    """The value when it is an http(s) URL fit to be a link; None otherwise (say `javascript:`)."""
    if not isinstance(value, str) or _INVISIBLE.search(value) or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in {"http", "https"} and parts.netloc else None


def number(value: float | None) -> str:
    """A figure's value for people: 9061.0 as "9,061", 2.5 as "2.5"."""
    if value is None:
        return ""
    if not math.isfinite(value):
        return str(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def usd(value: float | None) -> str:
    """A cost: "unknown" when None, and never a tiny cost shown as "$0.0000"."""
    if value is None:
        return "unknown"
    smallest = 0.0001
    return f"<${smallest}" if 0 < value < smallest else f"${value:.4f}"


@dataclass(frozen=True, slots=True)
class Span:
    """One item's evidence as a range of the article text."""

    start: int
    end: int
    item: str
    """The item's page-unique id (made here, never from data: it goes into attributes)."""
    kind: Kind
    status: GroundingStatus
    label: str
    """What hovering shows: the item in one line."""
    layer: Layer = "briefing"


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text covered by the same spans throughout."""

    text: str
    spans: tuple[Span, ...]
    """The spans covering it, innermost (shortest) first."""
    starts: tuple[Span, ...]
    """The spans that begin here: each span begins in exactly one segment."""


def usable(spans: Iterable[Span], length: int) -> list[Span]:
    """The spans that are non-empty ranges of a text of this length (the others are not shown)."""
    return [s for s in spans if 0 <= s.start < s.end <= length]


def split_segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut the text at every span boundary, so overlapping and nested spans both render.

    Args:
        text: The article text the offsets refer to.
        spans: Evidence spans; those outside the text or empty are left out (see `usable`).

    Returns:
        Consecutive segments that together are exactly `text`.
    """
    kept = usable(spans, len(text))
    cuts = sorted({0, len(text)} | {s.start for s in kept} | {s.end for s in kept})
    segments = []
    for begin, finish in itertools.pairwise(cuts):
        covering = sorted(
            (s for s in kept if s.start <= begin and finish <= s.end),
            key=lambda s: (s.end - s.start, s.item),
        )
        starts = tuple(s for s in covering if s.start == begin)
        segments.append(Segment(text[begin:finish], tuple(covering), starts))
    return segments


def _mark_classes(spans: Sequence[Span]) -> list[str]:
    classes = ["hl"]
    own = [s for s in spans if s.layer != "gold"]
    if own:
        classes.append(f"k-{own[0].kind}")
        worst = max((s.status for s in own), key=_STATUS_RANK.__getitem__)
        classes.append(f"st-{worst}")
    if len(own) > 1:
        classes.append("nested")
    if any(s.layer == "gold" for s in spans):
        classes.append("gold")
    return classes


def highlighted(text: str, spans: Sequence[Span]) -> Markup:
    """The article as HTML with a `<mark>` per segment covered by spans.

    Each mark lists the ids of the items covering it (`data-items`) and of those starting in it
    (`data-starts`): one highlight per item, however many segments overlaps cut it into.
    """
    parts = []
    for segment in split_segments(text, spans):
        if not segment.spans:
            parts.append(visible(segment.text))
            continue
        attributes = Markup(' class="{}" data-items="{}" title="{}"').format(
            " ".join(_mark_classes(segment.spans)),
            " ".join(s.item for s in segment.spans),
            "\n".join(s.label for s in segment.spans),
        )
        if segment.starts:
            starts = " ".join(s.item for s in segment.starts)
            attributes += Markup(' data-starts="{}" tabindex="0"').format(starts)
        parts.append(Markup("<mark{}>{}</mark>").format(attributes, visible(segment.text)))
    return Markup("").join(parts)


def _sha256_source(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str) -> str:
    """No network and nothing inline but the page's own stylesheet and script, by hash."""
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {_sha256_source(style)}",
            f"script-src {_sha256_source(script)}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def environment() -> jinja2.Environment:
    """The Jinja environment of the page templates shipped in `summarizer/pages/templates`."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.pages", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(visible=visible, plain=plain, number=number, usd=usd, http_url=http_url)
    return env


def render_page(env: jinja2.Environment, template: str, **context: Any) -> str:  # noqa: ANN401
    """Render a page template with the shared stylesheet and script inlined under the CSP."""
    root = files("summarizer.pages") / "templates"
    style, script = (root.joinpath(name).read_text("utf-8") for name in _ASSETS)
    # The two assets are this package's own files, never data: they alone go in unescaped.
    return env.get_template(template).render(
        style=Markup(style),  # noqa: S704
        script=Markup(script),  # noqa: S704
        csp=content_security_policy(style, script),
        library_version=library_version(),
        **context,
    )


def write_page(page: str, path: Path) -> None:
    """Write a page, its folder created if needed.

    Encoded with "replace": a lone surrogate in the data (shown as an escape already) cannot
    abort the write.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page.encode("utf-8", "replace"))
