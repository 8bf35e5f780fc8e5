"""Errors as data: every problem is described once in `core/problems.py`, which alone decides its
severity; stages report problems by code (read with ast, so a new hand-built problem fails here)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from build_scripts.core import problems
from build_scripts.core.model import BuildError, Severity
from tests.support.paths import ROOT

PACKAGE = ROOT / "build_scripts"
HOME = {PACKAGE / "core" / "problems.py", PACKAGE / "core" / "model.py"}
CODE = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$")
REPORTERS = {"problem", "fail", "add"}


def fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def reports(tree: ast.Module) -> list[ast.Call]:
    """Calls that report a problem by a literal code: problem("…"), fail("…"), found.add("…")."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        first = node.args[0]
        if name in REPORTERS and isinstance(first, ast.Constant) and CODE.match(str(first.value)):
            out.append(node)
    return out


def test_codes_are_ascii_and_every_template_is_well_formed() -> None:
    for code, kind in problems.KINDS.items():
        assert CODE.match(code), code
        assert kind.message, code
        for template in (kind.message, kind.hint, kind.key):
            fields(template)  # raises on an unbalanced brace


def test_every_report_names_a_described_problem_with_exactly_its_values() -> None:
    bad = []
    for path, tree in modules():
        for call in reports(tree):
            code = call.args[0].value  # type: ignore[attr-defined]
            where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
            if code not in problems.KINDS:
                bad.append(f"{where}: `{code}` is not in problems.KINDS")
                continue
            if any(k.arg is None for k in call.keywords):  # **values: checked when it runs
                continue
            kind = problems.KINDS[code]
            wanted = fields(kind.message) | fields(kind.hint) | fields(kind.key)
            given = {str(k.arg) for k in call.keywords} - {"column"}
            if given != wanted:
                bad.append(f"{where}: `{code}` takes {sorted(wanted)}, given {sorted(given)}")
    assert not bad, "\n".join(bad)


def test_every_described_problem_is_reported_somewhere() -> None:
    used = {
        node.value
        for path, tree in modules()
        if path not in HOME
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert sorted(set(problems.KINDS) - used) == []


def test_no_problem_is_built_by_hand_and_no_severity_is_decided_outside_the_table() -> None:
    bad = []
    for path, tree in modules():
        if path in HOME:
            continue
        for node in ast.walk(tree):
            name = ""
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "Problem":
                bad.append(f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}: Problem(…) built by hand")
            if isinstance(node, ast.Call) and any(k.arg == "severity" for k in node.keywords):
                bad.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: severity set outside the table")
            named = isinstance(node, ast.Attribute) and (
                node.attr == "severity" or (isinstance(node.value, ast.Name) and node.value.id == "Severity")
            )
            if named:
                bad.append(
                    f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}: severity read or set outside the table"
                )
    assert not bad, "\n".join(bad)


def test_a_contributors_braces_stay_text() -> None:
    p = problems.problem("text.look-alike", "source/x.md", 3, column=2, word="{0}{word}", char="Cyrillic е")
    assert p.message.startswith("`{0}{word}` mixes")
    assert str(p).startswith("source/x.md:3:2: warning: `{0}{word}`")
    assert p.code == "text.look-alike" and p.severity is Severity.WARNING


def test_the_collector_stops_only_on_an_error_and_keeps_everything_found() -> None:
    found = problems.Collector("source/glossary.yaml")
    found.add("text.look-alike", 4, column=1, word="Ｘi", char="full-width Ｘ")
    found.stop_if_errors()  # a warning does not stop
    found.add("text.invisible", 9, column=3, char="U+200B ZERO WIDTH SPACE")
    with pytest.raises(BuildError) as raised:
        found.stop_if_errors()
    assert [p.code for p in raised.value.problems] == ["text.look-alike", "text.invisible"]
    assert problems.errors(found) == [found.problems[1]] and problems.warnings(found) == [found.problems[0]]
    assert all(p.severity is Severity.ERROR for p in problems.strict(found))
