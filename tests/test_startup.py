"""The command line and the package import nothing heavy until a command needs it.

Importing openai, instructor, scipy, trafilatura, jinja2 and spaCy took 1.8 s before every
command, `--help` included (`benchmarks/cli_startup.py` prints the times).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("openai", "instructor", "scipy", "trafilatura", "jinja2", "llama_cpp", "spacy", "httpx")


def modules_after(code: str) -> set[str]:
    """The top-level modules a fresh interpreter holds after running `code`."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


@pytest.mark.parametrize(
    "code",
    [
        "import summarizer",
        "import summarizer.cli.main",
        "from summarizer.cli.main import main\n"
        "try:\n    main(['run', '--help'])\nexcept SystemExit:\n    pass",
        "from summarizer.cli.main import main\n"
        "try:\n    main(['eval', 'score', '--help'])\nexcept SystemExit:\n    pass",
    ],
)
def test_help_imports_nothing_heavy(code: str) -> None:
    assert modules_after(code).isdisjoint(HEAVY)


def test_a_public_name_loads_its_module_on_first_use() -> None:
    loaded = modules_after("import summarizer\nsummarizer.SummarizerError")
    assert loaded.isdisjoint(HEAVY)
    assert "openai" in modules_after("from summarizer import Summarizer")


def test_an_unknown_name_is_an_attribute_error() -> None:
    import summarizer

    with pytest.raises(AttributeError, match="no attribute 'Summariser'"):
        _ = summarizer.Summariser
