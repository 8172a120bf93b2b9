"""Prompt templates: files in `prompts/`, rendered by one strict Jinja environment.

The templates ship inside the wheel as `summarizer/prompt/templates/` (hatch force-include); in a
source checkout or editable install they are read from the repository's top-level `prompts/` folder.
`manifest.json` beside them records the prompt version and a sha256 per template, so a wording
change without a version bump fails the test suite.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2

from summarizer.errors import PromptError
from summarizer.find.candidates import Candidates
from summarizer.prompt.numbered_article import name_list, numbered_article
from summarizer.schema.briefing import CiteLabels, ItemLimits

OPEN_MARKER = "<<<ARTICLE>>>"
CLOSE_MARKER = "<<<END ARTICLE>>>"
SYSTEM_TEMPLATE = "briefing_system.j2"
USER_TEMPLATE = "briefing_user.j2"
CITE_SYSTEM_TEMPLATE = "cite_system.j2"
CITE_USER_TEMPLATE = "cite_user.j2"
JUDGE_SYSTEM_TEMPLATE = "judge_system.j2"
JUDGE_USER_TEMPLATE = "judge_user.j2"
JUDGED_FIELDS = ("number", "unit", "measure", "source", "evidence")
"""What the reconcile judge is shown of each figure."""
MANIFEST = "manifest.json"

# Three or more angle brackets in untrusted text could imitate our markers. They are matched as
# NFKC would read them, with invisible characters ignored: the fullwidth and small forms
# (U+FF1C U+FE64, U+FF1E U+FE65: the only characters whose NFKC form is < or >) count as
# brackets, and format characters (Unicode category Cf: zero-width spaces and joiners, direction
# marks, the BOM, the soft hyphen) between them do not break a run. Each run is replaced,
# character for character, with look-alike guillemets: the article keeps its length and cannot
# close its own data block.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_OPEN, _CLOSE = "<\ufe64\uff1c", ">\ufe65\uff1e"
_MARKER_LOOKALIKE = re.compile(
    rf"[{_OPEN}](?:[{_INVISIBLE}]*[{_OPEN}]){{2,}}|[{_CLOSE}](?:[{_INVISIBLE}]*[{_CLOSE}]){{2,}}"
)


def neutralise(untrusted: str) -> str:
    """Make untrusted text unable to imitate the article delimiters (its length is kept)."""
    return _MARKER_LOOKALIKE.sub(
        lambda m: ("‹" if m.group()[0] in _OPEN else "›") * len(m.group()), untrusted
    )


def default_prompts_dir() -> Path:
    """The installed templates, or the repository's `prompts/` in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parents[1] / "prompts"


def template_digest(path: Path) -> str:
    """sha256 of a template file, as recorded in the manifest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class RenderedPrompt:
    """The chat messages for one article (or one part of it)."""

    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        """OpenAI chat messages: instructions in the system turn, the article in the user turn."""
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user},
        ]


class PromptSet:
    """The briefing templates of one folder, with their version."""

    def __init__(self, directory: Path | None = None) -> None:
        """Read templates from `directory` (default: the bundled ones)."""
        self.directory = directory or default_prompts_dir()
        if not (self.directory / MANIFEST).is_file():
            msg = f"no prompt manifest at {self.directory / MANIFEST}"
            raise PromptError(msg)
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.directory),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # noqa: S701 - chat messages are plain text, never HTML
            keep_trailing_newline=False,
        )

    @cached_property
    def manifest(self) -> dict[str, object]:
        """The parsed manifest.json."""
        loaded: dict[str, object] = json.loads((self.directory / MANIFEST).read_text("utf-8"))
        return loaded

    @property
    def version(self) -> str:
        """The prompt version stamped on every briefing."""
        return str(self.manifest["version"])

    def render(self, name: str, **variables: object) -> str:
        """Render one template; a missing variable or template is a PromptError."""
        try:
            return self._env.get_template(name).render(**variables).strip()
        except jinja2.UndefinedError as exc:
            msg = f"template {name!r} needs a variable that was not given: {exc.message}"
            raise PromptError(msg) from exc
        except jinja2.TemplateError as exc:
            msg = f"template {name!r} cannot be rendered: {exc}"
            raise PromptError(msg) from exc

    def briefing(
        self,
        *,
        text: str,
        title: str | None,
        outlet: str | None,
        published: str | None,
        url: str | None,
        part_number: int = 1,
        part_count: int = 1,
        limits: ItemLimits | None = None,
    ) -> RenderedPrompt:
        """The messages asking for the briefing of `text`; all article fields are neutralised."""
        markers = {"open_marker": OPEN_MARKER, "close_marker": CLOSE_MARKER}
        chosen = limits or ItemLimits()
        system = self.render(
            SYSTEM_TEMPLATE,
            **markers,
            max_events=chosen.events,
            max_figures=chosen.figures,
            max_attributions=chosen.attributions,
        )
        user = self.render(
            USER_TEMPLATE,
            **markers,
            text=neutralise(text),
            title=neutralise(title or "unknown"),
            outlet=neutralise(outlet or "unknown"),
            published=neutralise(published or "unknown"),
            url=neutralise(url or "unknown"),
            part_number=part_number,
            part_count=part_count,
        )
        return RenderedPrompt(system=system, user=user)

    def cited_briefing(
        self,
        *,
        candidates: Candidates,
        title: str | None,
        outlet: str | None,
        published: str | None,
        part_number: int = 1,
        part_count: int = 1,
        limits: ItemLimits | None = None,
        labels: CiteLabels = "model",
    ) -> RenderedPrompt:
        """The cite strategy's messages: the article as tagged sentences, then its names.

        With `labels="rules"` the model is asked for the headline and summary only.
        """
        markers = {"open_marker": OPEN_MARKER, "close_marker": CLOSE_MARKER}
        chosen = limits or ItemLimits()
        system = self.render(
            CITE_SYSTEM_TEMPLATE,
            **markers,
            max_events=chosen.events,
            max_figures=chosen.figures,
            max_attributions=chosen.attributions,
            labels=labels,
        )
        user = self.render(
            CITE_USER_TEMPLATE,
            **markers,
            sentences=numbered_article(candidates, neutralise),
            names=name_list(candidates, neutralise),
            title=neutralise(title or "unknown"),
            outlet=neutralise(outlet or "unknown"),
            published=neutralise(published or "unknown"),
            part_number=part_number,
            part_count=part_count,
        )
        return RenderedPrompt(system=system, user=user)

    @property
    def judge_version(self) -> str:
        """The reconcile judge's template version, kept apart from the briefing version.

        A new judge prompt re-asks the judge and leaves every cached briefing valid.
        """
        return str(self.manifest.get("judge_version", self.version))

    def link_judgement(self, a: dict[str, str | None], b: dict[str, str | None]) -> RenderedPrompt:
        """The messages asking whether two figures are one quantity; every field is neutralised.

        Args:
            a: The first figure's `JUDGED_FIELDS` (number, unit, measure, source, evidence).
            b: The second figure's.
        """
        markers = {"open_marker": OPEN_MARKER, "close_marker": CLOSE_MARKER}
        fields = {
            f"{side}_{name}": neutralise(values.get(name) or "unknown")
            for side, values in (("a", a), ("b", b))
            for name in JUDGED_FIELDS
        }
        return RenderedPrompt(
            system=self.render(JUDGE_SYSTEM_TEMPLATE, **markers),
            user=self.render(JUDGE_USER_TEMPLATE, **markers, **fields),
        )
