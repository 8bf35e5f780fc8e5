"""The build's stages are pure functions over values: no stage module imports another stage, the
orchestrator, the writer or the process pool, and none reads or writes a file (imports parsed with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "build_scripts"
# Text in, values and Problems out.
STAGES = ("edition", "glossary", "collection", "matcher", "render", "navigation", "notes", "translation")
# What a stage may import from the package: the shared values and names, and small pure helpers
# (yamlpos: YAML text → values and lines; textio.invisible_problems; segment: jieba's cuts; pinyin:
# text → pinyin by GB/T 16159; cite: a source and a paragraph → citations; scholarly: the apparatus's
# HTML; markup: the one escape of text into HTML).
SUPPORT = frozenset(
    {"model", "names", "chars", "yamlpos", "textio", "segment", "pinyin", "cite", "scholarly", "markup"}
)
# Standard modules that start processes or threads, or touch files.
FORBIDDEN_MODULES = frozenset(
    {"multiprocessing", "subprocess", "concurrent", "threading", "os", "shutil", "tempfile", "io", "glob"}
)
# Calls that read or write a file: builtins, pathlib's, and textio's reader.
FORBIDDEN_CALLS = frozenset(
    {"open", "read_text", "write_text", "read_bytes", "write_bytes", "fork_map", "Background", "mkdir", "unlink"}
)


def violations(source: str, module: str) -> list[str]:
    """What in a stage module's source breaks the rules, one line each."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        imported: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:  # from .x import y
                imported.append(node.module.split(".")[0])
            elif node.level == 1:  # from . import x, y
                imported += [a.name for a in node.names]
            elif node.module and node.module.startswith("build_scripts"):
                parts = node.module.split(".")
                imported += [parts[1]] if len(parts) > 1 else [a.name for a in node.names]
            elif node.module and node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{module}:{node.lineno}: imports {node.module}")
        elif isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")[0]
                if top in FORBIDDEN_MODULES:
                    found.append(f"{module}:{node.lineno}: imports {a.name}")
                elif top == "build_scripts":
                    imported += a.name.split(".")[1:2]
        elif isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            if name in FORBIDDEN_CALLS:
                found.append(f"{module}:{node.lineno}: calls {name}()")
        line = getattr(node, "lineno", 0)
        found += [f"{module}:{line}: imports build_scripts.{m}" for m in imported if m not in SUPPORT]
    return found


@pytest.mark.parametrize("module", STAGES)
def test_a_stage_imports_only_shared_values_and_does_no_io(module: str) -> None:
    path = PACKAGE / f"{module}.py"
    assert violations(path.read_text(encoding="utf-8"), module) == []


def test_support_modules_import_no_stage() -> None:
    for module in sorted(SUPPORT - {"textio"}):  # textio's reader is the orchestrator's (sources.py)
        path = PACKAGE / f"{module}.py"
        assert violations(path.read_text(encoding="utf-8"), module) == []


@pytest.mark.parametrize(
    "line",
    [
        "from .write import Writer",
        "from .build import read_source",
        "from . import parallel",
        "from .parallel import fork_map",
        "from .glossary import Term",
        "from build_scripts.sources import read_sources",
        "import build_scripts.write",
        "import multiprocessing",
        "from concurrent.futures import ProcessPoolExecutor",
        "text = open('source/glossary.yaml').read()",
        "text = path.read_text(encoding='utf-8')",
        "path.write_text('x')",
        "text, _ = read_text(path)",
    ],
)
def test_the_check_catches_what_a_stage_must_not_do(line: str) -> None:
    base = (PACKAGE / "edition.py").read_text(encoding="utf-8")
    assert violations(base, "edition") == []
    assert violations(base + "\n" + line + "\n", "edition") != []


def test_every_stage_module_is_checked() -> None:
    """A new module that imports model and is imported by the orchestrator alone is a stage: list it."""
    build = (PACKAGE / "build.py").read_text(encoding="utf-8")
    used = {
        node.module
        for node in ast.walk(ast.parse(build))
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }
    orchestration = {"model", "parallel", "write", "sources"}
    assert used - orchestration - SUPPORT <= set(STAGES), used
