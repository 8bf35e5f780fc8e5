"""`python -m build_scripts.publish.theme_patches --check` against the pinned theme and against made-up releases."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from build_scripts.publish.theme_patches import ASSET_PATTERNS, BUNDLE, PATCHES, WORKER, theme_dir
from tests.support.paths import ROOT
from tests.support.projects import run


def check(*args: str) -> tuple[int, dict[str, str]]:
    """The command's exit code and its line for each patch, by the patch's name."""
    proc = run([sys.executable, "-m", "build_scripts.publish.theme_patches", "--check", *args], ROOT, check=False)
    lines = {line.partition(":")[0]: line for line in proc.stdout.splitlines()[1:]}
    assert set(lines) == {p.name for p in PATCHES}, proc.stdout + proc.stderr
    return proc.returncode, lines


def test_every_patch_applies_to_the_pinned_theme_and_its_flaw_is_there() -> None:
    code, lines = check()
    assert code == 0
    assert all("applies" in line and "the flaw is still there" in line for line in lines.values()), lines


def release(tmp_path: Path, fixed: set[str], changed: dict[str, tuple[str, str]]) -> Path:
    """A made-up release: the pinned assets under new names, with the patches in `fixed` applied
    (upstream fixed them the same way) and the replacements in `changed` made (upstream rewrote the code)."""
    theme = tmp_path / "templates"
    for asset in (WORKER, BUNDLE):
        text = (theme_dir() / asset).read_text(encoding="utf-8")
        for patch in PATCHES:
            if patch.asset == asset and patch.name in fixed:
                text = text.replace(patch.old, patch.new)
        for old, new in changed.values():
            text = text.replace(old, new)
        dest = theme / ASSET_PATTERNS[asset].replace("*", "0123abcd")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    return theme


def test_a_patch_fixed_upstream_is_reported_for_retiring_and_a_rewritten_one_for_rederiving(tmp_path: Path) -> None:
    mermaid = 'https://unpkg.com/mermaid@11/dist/mermaid.min.js")'
    rewritten = {"no-cdn-mermaid": ('_t("' + mermaid, 'Xt("' + mermaid.replace("@11", "@12"))}
    theme = release(tmp_path, {p.name for p in PATCHES} - set(rewritten), rewritten)
    code, lines = check("--theme-dir", str(theme))
    assert code == 1
    assert "does not apply" in lines["no-cdn-mermaid"] and "the flaw is still there" in lines["no-cdn-mermaid"]
    for name, line in lines.items():
        if name not in rewritten:
            assert "does not apply" in line and "the flaw is gone" in line and "retire" in line, line


def test_every_patch_says_what_it_works_around_and_when_it_can_go() -> None:
    """Each patch names its upstream issue, or the report drafted for it in publish/upstream.md (a
    section of that name, which names the version and the fix), or why none can be filed."""
    drafts = (ROOT / "build_scripts" / "publish" / "upstream.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## ([a-z0-9-]+)\n(.*?)(?=^## |\Z)", drafts, re.MULTILINE | re.DOTALL))
    for patch in PATCHES:
        assert patch.upstream.startswith(("https://github.com/", "drafted, not filed: ", "not reportable: ")), (
            patch.name
        )
        if patch.upstream.startswith("drafted"):
            anchor = re.match(r"drafted, not filed: upstream\.md#([a-z0-9-]+)", patch.upstream)
            assert anchor and anchor[1] in sections, patch.name
            assert "9.8.2" in sections[anchor[1]] and "Fix applied here" in sections[anchor[1]], anchor[1]
        assert patch.retire.startswith("when "), patch.name
    assert len({p.name for p in PATCHES}) == len(PATCHES)
    assert set(sections) <= {p.name for p in PATCHES}


def test_the_patches_new_code_is_javascript_files_node_reads() -> None:
    """The code a patch adds lives in build_scripts/publish/js/, each file one function expression that
    Node.js parses (a syntax error there would otherwise surface only as a dead search box)."""
    import shutil
    import subprocess

    from build_scripts.publish.theme_patches import SCRIPTS, script

    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: `make test` installs it (make browser-deps)")
    files = sorted(SCRIPTS.glob("*.js"))
    assert files, SCRIPTS
    for path in files:
        proc = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        # used by a patch, whole, as an expression
        assert sum(f"({script(path.name)})(" in p.new for p in PATCHES) == 1, path.name
