"""The skipped repeat of instructor's async-validator check skips only what was already checked."""

from __future__ import annotations

import instructor.v2.core.patch as patch_module
import instructor.v2.validation.async_validators as validators
import pytest
from pydantic import BaseModel

from summarizer.engine.endpoint.calls import response_model


class _WithAsyncValidator(BaseModel):
    name: str

    @validators.async_field_validator("name")
    async def _check(self, value: str) -> str:
        return value


class _Plain(BaseModel):
    value: int


def test_other_models_still_get_instructors_full_check() -> None:
    response_model()  # installs the shortcut
    patch_check = patch_module.reject_async_validators  # type: ignore[attr-defined]
    for check in (validators.reject_async_validators, patch_check):
        with pytest.raises(ValueError, match="async validators are not supported"):
            check(_WithAsyncValidator)


def test_the_briefing_model_is_checked_once_not_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = response_model()
    walks: list[object] = []
    monkeypatch.setattr(validators, "get_origin", walks.append)
    validators.reject_async_validators(model)
    patch_module.reject_async_validators(model)  # type: ignore[attr-defined]
    assert walks == []
    validators.reject_async_validators(_Plain)  # not checked before: walked in full
    assert _Plain in walks
