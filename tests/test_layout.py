"""The package's shape: imports run one way, and each vendor library has one owner.

Read off the source with `ast`, so an import inside a function or under `TYPE_CHECKING` counts
as much as one at the top: a cycle hidden either way still ties two modules together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "summarizer"

# Where each vendor library may be imported (folder or module paths inside summarizer/).
VENDOR_OWNERS = {
    "instructor": ("engine/endpoint/",),
    "tenacity": ("engine/endpoint/retry.py",),
    "llama_cpp": ("engine/local/",),
    # The contract's reply type is openai's ChatCompletion: the function engine builds one, and
    # the local engine's worker client rebuilds the one its worker process sent.
    "openai": ("engine/endpoint/", "engine/function.py", "engine/local/worker.py", "pipeline.py"),
    "scipy": ("eval/",),
    # The optional `ray` extra: only the Ray Data runner knows Ray and its Arrow tables.
    "ray": ("batch/ray_data.py", "batch/ray_run.py"),
    "pyarrow": ("batch/ray_data.py", "batch/ray_run.py"),
}
# Folders that are pure computation on text and schema: no engine, no I/O layer, no vendor.
PURE = ("schema/", "find/", "ground/", "prompt/", "reconciliation/")
PURE_MAY_IMPORT = tuple(
    f"summarizer.{name}"
    for name in ("schema", "find", "ground", "prompt", "reconciliation", "errors", "options")
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, name: str | None = None) -> Iterator[str]:
    """Every module `path` (module `name`) imports, wherever in the file the statement is."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in imported(path) if m in modules and m != name}
        for name, path in modules.items()
    }


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of modules, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for nxt in sorted(edges[node]):
            found = visit(nxt)
            if found:
                return found
        path.pop()
        done.add(node)
        return None

    for start in sorted(edges):
        found = visit(start)
        if found:
            return found
    return None


def test_no_module_imports_back_into_a_module_that_imports_it() -> None:
    edges = graph()
    assert len(edges) > 40  # the walk found the package
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_an_import_inside_a_function_or_type_checking_counts(tmp_path: Path) -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import summarizer.x\n"
    source += "def f():\n    from summarizer.y import z\n"
    probe = tmp_path / "probe.py"
    probe.write_text(source + "from . import sibling\n", "utf-8")
    found = set(imported(probe, "summarizer.ground.probe"))
    assert {"summarizer.x", "summarizer.y", "summarizer.y.z", "summarizer.ground.sibling"} <= found


@pytest.mark.parametrize("vendor", sorted(VENDOR_OWNERS))
def test_each_vendor_library_is_imported_only_by_its_owner(vendor: str) -> None:
    owners = VENDOR_OWNERS[vendor]
    trespassers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(m == vendor or m.startswith(f"{vendor}.") for m in imported(path))
        and not str(path.relative_to(PACKAGE)).startswith(owners)
    ]
    assert trespassers == []


def test_the_pure_folders_import_no_engine_store_or_batch() -> None:
    offending = {
        f"{path.relative_to(PACKAGE)} imports {m}"
        for path in PACKAGE.rglob("*.py")
        if str(path.relative_to(PACKAGE)).startswith(PURE)
        for m in imported(path)
        if m.startswith("summarizer.") and not m.startswith(PURE_MAY_IMPORT)
    }
    assert offending == set()


def test_no_module_imports_another_modules_private_names() -> None:
    offending = [
        f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("summarizer")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert offending == []


def test_the_environment_is_read_in_one_module() -> None:
    readers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
        and node.attr in {"environ", "getenv", "environb"}
    )
    assert readers == ["environment.py"]
