"""The wire format of one call: the request body the real-time path sends, and a reply parsed.

Shared by the real-time pipeline (which exposes the bodies as `Summarizer.request_bodies`) and
the provider's Batch API run, which sends the same bodies in a file and parses the replies the
same way; instructor's handlers for the mode build and parse both.
"""

from __future__ import annotations

from typing import Any, cast

from instructor.core.exceptions import InstructorError
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from summarizer.engine.endpoint import calls
from summarizer.engine.endpoint.calls import response_model
from summarizer.engine.endpoint.failures import describe_invalid
from summarizer.engine.endpoint.plan import CallPlan, Draft, Meter
from summarizer.errors import ExtractionError
from summarizer.ground.grounding import GroundingScope, grounding_scope
from summarizer.schema.briefing import Usage


def first_request(
    plan: CallPlan, messages: list[dict[str, str]], scope: GroundingScope
) -> dict[str, Any]:
    """The body the real-time path sends on its first attempt, built by the same pieces.

    `scope` is the part's: under the cite strategy its candidates enumerate the ids in the schema.
    """
    kwargs = calls.request_kwargs(plan, messages)
    model = prepare_response_model(kwargs.pop("response_model"))
    # instructor's create takes these as its own parameters: they never reach the request.
    kwargs.pop("max_retries")
    kwargs.pop("strict")
    handlers = mode_registry.get_handlers(Provider.OPENAI, calls.INSTRUCTOR_MODES[plan.mode])
    _, body = handlers.request_handler(response_model=model, kwargs=kwargs)
    if handlers.message_converter is not None:
        body["messages"] = handlers.message_converter(body["messages"], autodetect_images=False)
    # The real-time create adapts the request last (a schema for llama.cpp, the article's ids);
    # the meter it also touches is a throwaway here.
    return cast(dict[str, Any], calls.adapt_request(body, plan, Meter(), scope))


def parse_completion(
    plan: CallPlan, completion: ChatCompletion, scope: GroundingScope
) -> tuple[Draft, Usage]:
    """A draft from a batch completion, validated by instructor's parser for the mode.

    Grounding is enforced as on the real-time first attempt, which is not the last one unless no
    re-ask is allowed (then the grounding policy decides, as in real time).
    """
    spent = completion.usage
    usage = Usage(
        prompt_tokens=spent.prompt_tokens if spent else 0,
        completion_tokens=spent.completion_tokens if spent else 0,
        attempts=1,
        requests=1,
    )
    handlers = mode_registry.get_handlers(Provider.OPENAI, calls.INSTRUCTOR_MODES[plan.mode])
    scope.enforce = plan.max_reasks >= 1
    try:
        with grounding_scope(scope):
            draft = handlers.response_parser(
                response=completion,
                response_model=response_model(plan.draft_model),
                validation_context=None,
                strict=False,
                stream=False,
                is_async=False,
            )
    # instructor raises AssertionError for a refusal in tools mode.
    except (ValidationError, InstructorError, AssertionError) as exc:
        msg = f"the batch reply is not a valid briefing: {describe_invalid(exc)}"
        raise ExtractionError(msg, article_id=plan.article_id, attempts=1, usage=usage) from exc
    return calls.plain_draft(draft, plan), usage


def completion_from_body(body: Any) -> ChatCompletion:  # noqa: ANN401 - a reply's JSON
    """The chat completion in a batch reply's body; ValueError when it is not one."""
    return ChatCompletion.model_validate(body)
