"""Library errors become one-line messages and exit codes on the command line, never tracebacks."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from summarizer.errors import SummarizerError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_USAGE, EXIT_INTERRUPTED, EXIT_INTERNAL = 2, 130, 70


def friendly(command: F) -> F:
    """Turn library errors into one-line messages and exit codes, never tracebacks."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - click passes anything
        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise
        except SummarizerError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("interrupted: run the same command again to resume", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except OSError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except Exception as exc:
            logging.getLogger("summarizer").debug("internal error", exc_info=True)
            click.echo(f"internal error: {type(exc).__name__}: {exc} (please report)", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]
