"""One measured hot spot in instructor, taken out for the one response model we use.

instructor 1.17 checks that a response model has no async validators by walking every class in its
MRO and every nested field type, and does so six times per request (patch, retry, response model
preparation, parsing): ~1 ms each on BriefingDraft, about 40% of the library's CPU time per article
in a batch. Classes do not change after they are made, so the answer for our model is computed once
(by instructor's own check) and the repeats are skipped; any other model still gets the full check.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import instructor.v2.core.patch as _patch_module
import instructor.v2.validation.async_validators as _validators_module

_checked: set[type[Any]] = set()
_lock = threading.Lock()
_original: Callable[[object], None] = _validators_module.reject_async_validators


def _reject_async_validators_once(response_model: object) -> None:
    if response_model in _checked:
        return
    _original(response_model)


def skip_repeated_checks_for(model: type[Any]) -> None:
    """Check `model` once with instructor's own check; later checks of it return at once."""
    with _lock:
        _original(model)  # raises, as instructor would, if the model had async validators
        _checked.add(model)
        # Call sites import the function from its module at call time, except patch.py, which
        # bound it at import: both names are pointed at the wrapper.
        _validators_module.reject_async_validators = _reject_async_validators_once
        _patch_module.reject_async_validators = _reject_async_validators_once  # type: ignore[attr-defined]
