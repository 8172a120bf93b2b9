"""Keep API keys out of every log line the command line prints, the vendors' debug lines included.

At `-vvv` the HTTP client logs response headers and the SDK logs tracebacks of HTTP errors: a
proxy or server that echoes the key (in a header, in an error body) would put it on stderr. The
filter sits on the handlers, so it sees every record that is printed, whichever logger made it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "[redacted]"
# Any bearer token, whatever its source: an Authorization header echoed back, or our own.
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\"\\,;)\]}]+")


class RedactSecrets(logging.Filter):
    """Replaces each secret, and any bearer token, in a record's message and traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        """`secrets`: the values never to print (empty ones are ignored)."""
        super().__init__()
        self._secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))

    def clean(self, text: str) -> str:
        """`text` with every secret and bearer token replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _BEARER.sub(rf"\g<1>{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drop it."""
        message = record.getMessage()
        record.msg, record.args = self.clean(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        return True


def redact_logs(secrets: Iterable[str]) -> None:
    """Put the filter on every handler of the root logger (call after configuring logging)."""
    redactor = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
