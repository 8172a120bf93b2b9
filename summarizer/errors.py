"""The exceptions summarizer raises.

Every error derives from one root, so `except SummarizerError` catches all of them::

    SummarizerError
    ├── ConfigurationError       no endpoint configured, unknown mode, bad option value
    ├── PromptError              a prompt template is missing or needs a variable it was not given
    ├── InputError               the article itself is unusable
    │   ├── EmptyArticleError        empty or whitespace-only text
    │   ├── NotTextError             not a str / Article (bytes, None, numbers, ...)
    │   ├── ArticleTooLongError      over budget with splitting disabled, or over the hard cap
    │   └── ReconcileInputError      briefings that cannot be reconciled (too few, no figure)
    ├── ProviderError            the endpoint kept failing (429, 5xx, timeouts, resets)
    ├── GenerationStoppedError   the local model was closed, or its caller left, mid-generation
    ├── EngineCrashedError       the local engine's worker process died (a native crash)
    └── ExtractionError          the model never produced a valid Briefing within the attempt budget
        ├── OutputTruncatedError     the model ran out of output tokens (finish_reason=length)
        └── RefusalError             the model refused the task

Errors about one article name it (`article_id`) so a batch log points at the right input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.schema.briefing import Usage


class SummarizerError(Exception):
    """Root of every error this library raises."""

    def __init__(self, message: str, *, article_id: str | None = None) -> None:
        """Keep the article id beside the message so batch records can name the input."""
        self.article_id = article_id
        prefix = f"article {article_id!r}: " if article_id else ""
        super().__init__(prefix + message)


class ConfigurationError(SummarizerError):
    """The library is not configured well enough to run (no endpoint, bad option)."""


class PromptError(SummarizerError):
    """A prompt template is missing, or rendering it needed a variable that was not given."""


class InputError(SummarizerError):
    """The article is unusable as given."""


class EmptyArticleError(InputError):
    """The article text is empty or whitespace only."""


class NotTextError(InputError):
    """The article is not text."""


class ArticleTooLongError(InputError):
    """The article exceeds the input budget and may not be split, or exceeds the hard size cap."""


class ReconcileInputError(InputError):
    """Briefings that cannot be reconciled.

    Not Result lines or Briefings, fewer than two articles with a briefing, or no figure in any.
    """


class ProviderError(SummarizerError):
    """The endpoint kept failing at the transport level (after every retry).

    Attributes:
        status_code: The last HTTP status, when there was a response at all.
        attempts: How many HTTP requests were made for the failing call.
        usage: Tokens already spent on this article before the fault (earlier parts or attempts).
    """

    def __init__(
        self,
        message: str,
        *,
        article_id: str | None = None,
        status_code: int | None = None,
        attempts: int = 0,
        usage: Usage | None = None,
    ) -> None:
        """Record the status and attempt count with the message."""
        super().__init__(message, article_id=article_id)
        self.status_code = status_code
        self.attempts = attempts
        self.usage = usage


class GenerationStoppedError(SummarizerError):
    """A local generation stopped early: its model was closed, or its caller stopped waiting."""


class EngineCrashedError(SummarizerError):
    """The local engine's worker process died while serving this article (a native crash).

    The model runs in a worker process of its own so that a crash in llama.cpp (a segmentation
    fault, an abort) costs one article, not the run; the next article starts a new worker.

    Attributes:
        signal: The signal that killed the worker (11 for SIGSEGV), None when it exited instead.
        exit_status: The worker's exit status when it exited without a signal.
        log: The worker's log file (native messages, the Python stack at the crash), kept for a
            bug report; None when it could not be kept.
    """

    def __init__(
        self,
        message: str,
        *,
        article_id: str | None = None,
        signal: int | None = None,
        exit_status: int | None = None,
        log: str | None = None,
    ) -> None:
        """Record how the worker died beside the message."""
        super().__init__(message, article_id=article_id)
        self.message = message
        self.signal = signal
        self.exit_status = exit_status
        self.log = log

    def for_article(self, article_id: str) -> EngineCrashedError:
        """The same error, naming the article that was being summarised."""
        return EngineCrashedError(
            self.message,
            article_id=article_id,
            signal=self.signal,
            exit_status=self.exit_status,
            log=self.log,
        )


class ExtractionError(SummarizerError):
    """The model did not produce a valid Briefing within the attempt budget.

    Attributes:
        attempts: Model calls made for this article (each re-ask is one).
        last_error: What was wrong with the last output.
        raw_output: The last raw model output, verbatim (may be None if the model sent nothing).
        usage: Tokens spent over every attempt.
    """

    def __init__(
        self,
        message: str,
        *,
        article_id: str | None = None,
        attempts: int = 0,
        last_error: str | None = None,
        raw_output: str | None = None,
        usage: Usage | None = None,
    ) -> None:
        """Carry what a user needs to debug the failure: attempts, last error, output, usage."""
        super().__init__(message, article_id=article_id)
        self.attempts = attempts
        self.last_error = last_error
        self.raw_output = raw_output
        self.usage = usage


class OutputTruncatedError(ExtractionError):
    """The model stopped at its output-token limit, so the JSON it sent is incomplete."""


class RefusalError(ExtractionError):
    """The model refused to produce the briefing."""


# Tracebacks and reprs name the public path (`summarizer.ProviderError`), as httpx's do; pickle
# finds the classes there too (the package loads them on first use).
for _error in (
    SummarizerError,
    ConfigurationError,
    PromptError,
    InputError,
    EmptyArticleError,
    NotTextError,
    ArticleTooLongError,
    ReconcileInputError,
    ProviderError,
    GenerationStoppedError,
    EngineCrashedError,
    ExtractionError,
    OutputTruncatedError,
    RefusalError,
):
    _error.__module__ = "summarizer"
