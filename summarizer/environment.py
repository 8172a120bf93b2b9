"""The process environment: the one place the library reads it (a test holds it to that).

A Summarizer takes one snapshot when it is made and resolves every option from it, so an option
cannot change under a Summarizer that is already running. Imports nothing: the command line's
`--help` reads its defaults through here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def environment() -> Mapping[str, str]:
    """A snapshot of the process environment."""
    return dict(os.environ)
