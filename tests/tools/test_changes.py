"""`changes <base>`: the report a pull request's reviewers read, from a real git history in a temporary repository."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from build_scripts.pipeline.build import edition_file, read_source
from build_scripts.read.edition import WORDING, wording
from build_scripts.text.textio import MAX_BYTES
from build_scripts.tools.suggest import suggest_terms
from tests.support.paths import FIXTURES, OUTPUT, ROOT
from tests.support.projects import ARTICLE, build_script, git, make_project, repo, report

GLOSSARY = "source/glossary.yaml"


def blocks(lines: list[str], start: int) -> list[list[int]]:
    """The paragraphs of an edition or translation body from line `start`: lists of line indexes."""
    found: list[list[int]] = [[]]
    for i in range(start, len(lines)):
        if not lines[i].strip() or lines[i].startswith("#"):
            if found[-1]:
                found.append([])
        else:
            found[-1].append(i)
    return [b for b in found if b]


def drop_translation_line(root: Path, edition_lines: list[str], i: int) -> None:
    """Remove from the article's translation, if it has one, the English line aligned with edition line i."""
    path = root / ARTICLE.replace(".md", ".en.md")
    if not path.exists():
        return
    paragraphs = blocks(edition_lines, edition_lines.index("---", 1) + 1)
    k, n = next((k, b.index(i)) for k, b in enumerate(paragraphs) if i in b)
    english = path.read_text(encoding="utf-8").split("\n")
    start = english.index("---", 1) + 1 if english[0] == "---" else 0
    del english[blocks(english, start)[k][n]]
    path.write_text("\n".join(english), encoding="utf-8")


def body_lines(text: str) -> list[tuple[int, str]]:
    """(0-based index, line) of every sentence of an edition file: after the front matter, not headings."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    return [(i, line) for i, line in enumerate(lines) if i > end and line.strip() and not line.startswith("#")]


def anchor_of(root: Path, lineno: int) -> tuple[str, str]:
    """(paragraph anchor, section title) of the sentence at 1-based `lineno`, as the project parses it."""
    article, _ = edition_file(root / ARTICLE, root)
    for s in article.sections:
        for p in s.paragraphs:
            if p.line <= lineno < p.line + len(p.sentences):
                return p.anchor, s.title
    raise AssertionError(lineno)


def raw_text(root: Path) -> str:
    front = yaml.safe_load((root / ARTICLE).read_text(encoding="utf-8").split("---")[1])
    return (root / str(front["raw"])).read_text(encoding="utf-8")


def set_front_errata(text: str, entry: str) -> str:
    """The edition with one more erratum at the end of its front matter's errata list."""
    head, front, rest = text.split("---\n", 2)
    return f"{head}---\n{front}{entry}---\n{rest}"


def esc(s: str) -> str:
    """Text as the report's <pre> blocks hold it."""
    return html.escape(s, quote=False)


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class SamplePR:
    """One punctuation fix, one wording change recorded as an erratum, one new glossary term."""

    def __init__(self, root: Path) -> None:
        text = (root / ARTICLE).read_text(encoding="utf-8")
        lines = text.split("\n")
        raw = raw_text(root)
        sentences = body_lines(text)
        # the punctuation fix: a comma that becomes a semicolon, in the first sentence that has one
        self.punct_index, line = next((i, s) for i, s in sentences if "，" in s)
        self.punct_before = line
        self.punct_after = line.replace("，", "；", 1)
        lines[self.punct_index] = self.punct_after
        # the erratum: one character of a passage found once in the raw text, changed
        body = "".join(s for _, s in sentences)
        for i, s in sentences[len(sentences) // 2 :]:
            run = next((m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{8,}", s)), None)
            if run and raw.count(run[:8]) == 1 and body.count(run[:8]) == 1 and i != self.punct_index:
                break
        else:
            raise AssertionError("no passage for an erratum")
        self.err_index = i
        self.err_raw = run[:8]
        self.err_edition = run[:4] + ("新" if run[4] != "新" else "旧") + run[5:8]
        self.err_before = lines[i]
        self.err_after = lines[i].replace(self.err_raw, self.err_edition, 1)
        lines[i] = self.err_after
        self.note = "测试用的勘误 / A test erratum"
        entry = f"  - raw: {q(self.err_raw)}\n    edition: {q(self.err_edition)}\n    note: {q(self.note)}\n"
        text = set_front_errata("\n".join(lines), entry)
        # the erratum's lines come before the body: the changed sentences' indexes in the file as it now is
        self.punct_index += entry.count("\n")
        self.err_index += entry.count("\n")
        (root / ARTICLE).write_text(text, encoding="utf-8")
        # the new term: the most frequent phrase not yet in the glossary
        articles, terms, _ = read_source(root)
        self.term = suggest_terms(articles, terms)[0].text
        self.term_en = "a test entry"
        with (root / GLOSSARY).open("a", encoding="utf-8") as f:
            f.write(
                f"\n  - term: {self.term}\n    en: {self.term_en}\n    category: concept\n"
                f"    def_zh: 测试用的新词条。\n    def_en: An entry added by a test.\n"
            )


def test_sample_pull_request_reads_clearly(tmp_path: Path) -> None:
    root = repo(tmp_path)
    pr = SamplePR(root)
    build_script(root, "check")  # the sample is a pull request that passes CI
    git(root, "commit", "-q", "-am", "sample pull request")
    out = tmp_path / "changes.md"
    proc = report(root, "HEAD~1", "HEAD", "--output", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    text = out.read_text(encoding="utf-8")
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "changes-sample.md").write_text(text, encoding="utf-8")
    # the punctuation fix: where it is, labelled, with its character diff
    anchor, title = anchor_of(root, pr.punct_index + 1)
    head, _, quote = text.partition(f"- `{anchor}` · `{ARTICLE}:{pr.punct_index + 1}` · changed, punctuation only")
    assert quote, text
    assert head.rindex(f"`{title}`") > head.rindex("#### ")  # under its section's heading
    before, _, after = map(esc, pr.punct_before.partition("，"))
    assert quote.startswith(": `，` → `；`\n\n" + f"<pre>{before}<del>，</del><ins>；</ins>{after}</pre>\n")
    # the erratum: the wording change in its sentence, and the erratum itself
    anchor, _ = anchor_of(root, pr.err_index + 1)
    changed = [k for k in range(8) if pr.err_raw[k] != pr.err_edition[k]]
    k = changed[0]
    expected = f"{pr.err_raw[:k]}<del>{pr.err_raw[k]}</del><ins>{pr.err_edition[k]}</ins>{pr.err_raw[k + 1 :]}"
    erratum_line = (root / ARTICLE).read_text(encoding="utf-8").split("\n").index(f"  - raw: {q(pr.err_raw)}") + 1
    assert (
        f"- `{anchor}` · `{ARTICLE}:{pr.err_index + 1}` · changed, wording (erratum at line {erratum_line})\n" in text
    )
    assert f"<pre>{esc(pr.err_before.split(pr.err_raw)[0])}{expected}" in text
    assert (
        f"- added · `{ARTICLE}:{erratum_line}` · raw → edition:\n\n<pre>{expected}</pre>\n\n  - note: `{pr.note}`"
        in text
    )
    # the new term, with every field
    assert f"- `{pr.term}` (`" in text and "· added" in text
    assert f"  - en: `{pr.term_en}`" in text and "  - def_zh: `测试用的新词条。`" in text
    # nothing else is reported as changed
    assert text.count("· changed, ") == 2 and "removed" not in text.split("## Generated pages")[0]
    # the pages that change, from two real builds: the sections of the two sentences, the glossary
    pages = dict(re.findall(r"^- `docs/([^`]+)` · (?:.+ · )?(added|removed|\+\d+ −\d+ lines)$", text, flags=re.M))
    assert "glossary.md" in pages
    for index in (pr.punct_index, pr.err_index):
        anchor, _ = anchor_of(root, index + 1)
        assert f"pingan-zhejiang/{anchor.split('-p')[0]}.md" in pages
    assert "about.md" in pages  # the errata table
    assert (
        "1 article" not in text and f"- `{ARTICLE}`: 2 sentences changed (1 punctuation only), 1 erratum added" in text
    )


def test_working_tree_is_the_default_head_and_stdout_the_default_output(tmp_path: Path) -> None:
    root = repo(tmp_path)
    pr = SamplePR(root)
    proc = report(root, "HEAD")
    assert proc.returncode == 0
    assert "head: the working tree" in proc.stdout
    assert "<del>，</del><ins>；</ins>" in proc.stdout and pr.term in proc.stdout
    assert report(root, "HEAD", "HEAD").stdout.count("No change to `source/`") == 1


def test_removed_term_changed_definition_added_article_removed_sentence(tmp_path: Path) -> None:
    root = repo(tmp_path)
    glossary = yaml.safe_load((root / GLOSSARY).read_text(encoding="utf-8"))["terms"]
    referred = {x for t in glossary for x in t.get("see_also", [])}
    gone = next(t for t in glossary if t["term"] not in referred)
    edited = next(t for t in glossary if t is not gone)
    text = (root / GLOSSARY).read_text(encoding="utf-8")
    # remove one entry (its block up to the next `- term:`), and add a sentence to another's definition
    start = text.index(f"  - term: {gone['term']}\n")
    stop = text.find("\n  - term:", start + 1)
    text = text[:start] + (text[stop + 1 :] if stop >= 0 else "")
    old_def = edited["def_zh"]
    new_def = old_def + "此句为新增。"
    assert text.count(old_def) == 1
    text = text.replace(old_def, new_def)
    (root / GLOSSARY).write_text(text, encoding="utf-8")
    # remove a sentence that is not the first of its paragraph, recording it as an erratum
    edition = (root / ARTICLE).read_text(encoding="utf-8")
    lines = edition.split("\n")
    sentences = body_lines(edition)
    raw = raw_text(root)
    for (i, s), (j, _) in zip(sentences[len(sentences) // 2 :], sentences[len(sentences) // 2 + 1 :], strict=False):
        pattern = f"[^{WORDING}]*".join(map(re.escape, wording(s)))
        spans = re.findall(pattern, raw)
        if j == i + 1 and lines[i - 1].strip() and len(spans) == 1 and not lines[i - 1].startswith("#"):
            break
    else:
        raise AssertionError("no sentence to remove")
    removed, removed_line = s, i + 1
    anchor, _ = anchor_of(root, removed_line)
    drop_translation_line(root, lines, i)  # the translation keeps step with the edition
    del lines[i]
    entry = f'  - raw: {q(spans[0])}\n    edition: ""\n    note: "删去一句 / Removed a sentence"\n'
    (root / ARTICLE).write_text(set_front_errata("\n".join(lines), entry), encoding="utf-8")
    # add an article
    small = FIXTURES / "site-small" / "source"
    new = next((small / "articles").glob("*.md"))
    shutil.copy(new, root / "source" / "articles" / new.name)
    edit(
        root,
        f"source/articles/{new.name}",
        "\nraw: ",
        "\nsource:\n  outlet: 钱江晚报\n  url: https://example.org/hehu\nraw: ",
    )
    for raw_file in (small / "raw").iterdir():
        shutil.copy(raw_file, root / "source" / "raw" / raw_file.name)
    build_script(root, "check")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "second pull request")
    text = report(root, "HEAD~1", "HEAD").stdout
    assert f"- `{anchor}` · `{ARTICLE}:{removed_line}` (base) · removed\n\n<pre><del>{esc(removed)}</del></pre>" in text
    assert f"- `{gone['term']}` (`" in text and "(base) · removed" in text
    assert f"  - `def_zh` changed:\n\n<pre>{esc(old_def)}<ins>此句为新增。</ins></pre>" in text
    assert f"`source/articles/{new.name}` · added" in text
    added = text.split(f"`source/articles/{new.name}` · added", 1)[1]  # where a new article comes from, in full
    assert (
        "- `source.outlet` added: `钱江晚报`" in added and "- `source.url` added: `https://example.org/hehu`" in added
    )
    assert f"- `docs/{new.stem}/intro.md` · `" in text and "· added\n" in text


def test_bad_ref_and_non_git_folder_are_clear_errors(tmp_path: Path) -> None:
    """As the shell sees it (a real process: its exit status, no traceback), where the other tests run
    the report through the command line's entry point."""
    root = repo(tmp_path)
    proc = build_script(root, "changes", "origin/no-such-branch", check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "`origin/no-such-branch` is not a commit of this repository" in proc.stderr
    assert "fix:" in proc.stderr and "Traceback" not in proc.stderr
    plain = make_project(tmp_path / "plain")
    proc = build_script(plain, "changes", "HEAD", check=False)
    assert proc.returncode == 1 and "not inside a git repository" in proc.stderr and "Traceback" not in proc.stderr


def test_base_that_does_not_parse_is_reported_and_the_rest_compared(tmp_path: Path) -> None:
    root = repo(tmp_path)
    good_article = (root / ARTICLE).read_text(encoding="utf-8")
    good_glossary = (root / GLOSSARY).read_text(encoding="utf-8")
    (root / ARTICLE).write_text(good_article.replace("---\n", "", 1), encoding="utf-8")  # no front matter
    entries = yaml.safe_load(good_glossary)["terms"]
    broken = next(t for t in entries if t["category"] != "place")  # an entry with an error in the base
    bad = good_glossary.replace(f"category: {broken['category']}", "category: nonsense", 1)
    assert bad.index("category: nonsense") > good_glossary.index(f"term: {broken['term']}\n")
    (root / GLOSSARY).write_text(bad, encoding="utf-8")
    git(root, "commit", "-q", "-am", "broken base")
    (root / ARTICLE).write_text(good_article, encoding="utf-8")
    (root / GLOSSARY).write_text(good_glossary.replace("category: place", "category: concept", 1), encoding="utf-8")
    out = tmp_path / "r.md"
    proc = report(root, "HEAD", "--output", str(out), check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{ARTICLE}:1: missing front matter" in proc.stderr and "incomplete" in proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "## Not compared" in text and f"{ARTICLE}:1: missing front matter" in text
    assert "- `category` changed:\n\n<pre><del>place</del><ins>concept</ins></pre>" in text  # the rest is compared
    assert f"`{ARTICLE}` · added" not in text  # an unreadable edition is not reported as new
    assert "unknown category `nonsense`" in text
    assert f"`{broken['term']}` (" not in text  # nor an entry that could not be read


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HOSTILE = "<img src=x onerror=alert(1)>*星*_线_`码`[点](javascript:alert(2))|竖|~~删~~"


def test_contributor_text_stays_text(tmp_path: Path) -> None:
    root = repo(tmp_path)
    text = (root / ARTICLE).read_text(encoding="utf-8")
    i, line = body_lines(text)[3]
    lines = text.split("\n")
    lines[i] = "1. " + line + HOSTILE  # also a would-be list
    (root / ARTICLE).write_text("\n".join(lines), encoding="utf-8")
    with (root / GLOSSARY).open("a", encoding="utf-8") as f:
        f.write(
            f"\n  - term: 恶意\n    en: {q(HOSTILE)}\n    category: concept\n    def_zh: {q(HOSTILE)}\n    def_en: x\n"
        )
    out = tmp_path / "r.md"
    report(root, "HEAD", "--output", str(out), check=False)
    page: str = markdown.markdown(out.read_text(encoding="utf-8"), extensions=["tables"])
    parser = Tags()
    parser.feed(page)
    allowed = {"h1", "h2", "h3", "h4", "p", "ul", "li", "blockquote", "code", "del", "ins", "strong", "pre"}
    allowed |= {"table", "thead", "tbody", "tr", "th", "td", "details", "summary"}
    assert {t for t, _ in parser.tags} <= allowed
    assert all(not attrs for t, attrs in parser.tags if t not in ("th", "td"))
    assert "".join(parser.text).count(HOSTILE) >= 2


def test_paragraph_split_added_sentence_and_heading(tmp_path: Path) -> None:
    root = repo(tmp_path)
    article, _ = edition_file(root / ARTICLE, root)
    section, k, para = next(
        (s, k, p)
        for s in article.sections
        if s.original_heading
        for k, p in enumerate(s.paragraphs[:-1])
        if len(p.sentences) >= 2
    )
    following = section.paragraphs[k + 1 :]
    lines = (root / ARTICLE).read_text(encoding="utf-8").split("\n")
    lines.insert(para.line, "")  # a paragraph break after the paragraph's first sentence
    added = "这是新增的一句。"
    lines.insert(following[0].line + 1, added)  # after the first sentence of the next paragraph
    heading = lines[section.line - 1]
    new_en = "A New English Title"
    lines[section.line - 1] = re.sub(r'en="[^"]*"', f'en="{new_en}"', heading)
    (root / ARTICLE).write_text("\n".join(lines), encoding="utf-8")
    proc = report(root, "HEAD", check=False)
    text = proc.stdout
    assert proc.returncode == 1 and "The head does not build" in text  # the added sentence needs an erratum
    old_en = re.search(r'en="([^"]*)"', heading)
    assert old_en
    assert "- `English title` changed:" in text and f"  - before: `{old_en.group(1)}`\n  - after: `{new_en}`" in text
    split = para.line + 2  # the paragraph's second sentence, after the blank line
    assert f"- paragraph break added before line {split}: `{section.id}-p{k + 2}` begins there" in text
    moves = ", ".join(f"`{p.anchor}` → `{section.id}-p{int(p.anchor.split('-p')[1]) + 1}`" for p in following)
    assert f"- paragraph anchors renumbered (links to them change): {moves}\n" in text
    new_line = following[0].line + 2
    assert f"· `{ARTICLE}:{new_line}` · added\n\n<pre><ins>{added}</ins></pre>" in text


def test_errata_changed_and_removed(tmp_path: Path) -> None:
    root = repo(tmp_path)
    article, _ = edition_file(root / ARTICLE, root)
    text = (root / ARTICLE).read_text(encoding="utf-8")
    end = text.index("\n---\n", 3) + 1
    front, body = text[:end], text[end:]
    # the last erratum whose edition text is found once in the body goes, and the body takes the raw reading
    gone = next(e for e in reversed(article.errata) if e.edition and body.count(e.edition) == 1)
    kept = next(e for e in article.errata if e.line < gone.line)
    block = f"  - raw: {q(gone.raw)}\n    edition: {q(gone.edition)}\n    note: {q(gone.note)}\n"
    assert front.count(block) == 1 and front.count(q(kept.note)) == 1
    front = front.replace(block, "").replace(q(kept.note), q(kept.note + "（修订）"))
    (root / ARTICLE).write_text(front + body.replace(gone.edition, gone.raw), encoding="utf-8")
    # an editorial note anchored on the reverted words follows them, as the editor must make it
    notes = root / ARTICLE.replace(".md", ".notes.yaml")
    if notes.exists():
        lines = notes.read_text(encoding="utf-8").split("\n")
        lines = [x.replace(gone.edition, gone.raw) if x.lstrip().startswith("phrase:") else x for x in lines]
        notes.write_text("\n".join(lines), encoding="utf-8")
    build_script(root, "check")
    text = report(root, "HEAD").stdout
    assert f"- removed · `{ARTICLE}:{gone.line}` (base) · raw → edition" in text
    assert f"  - note: `{gone.note}`" in text
    assert f"- changed · `{ARTICLE}:{kept.line}` · " in text
    assert f"  - note: `{kept.note}（修订）`\n  - note was: `{kept.note}`" in text
    assert "1 erratum changed, 1 erratum removed" in text


# --- what a hostile pull request does to the report itself ------------------------------------------


def run_report(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`changes` with extra environment variables (TMPDIR: where its temporary copies go)."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", "changes", *args],
        cwd=root,
        env=full,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def commit_tree_with(root: Path, entries: str, message: str) -> str:
    """A commit on HEAD whose source/ tree also holds `entries` (lines of `git mktree` input)."""
    source = git(root, "ls-tree", "HEAD:source")
    tree = git_input(root, source + entries, "mktree").strip()
    top = "".join(
        (line if not line.endswith("\tsource") else f"040000 tree {tree}\tsource") + "\n"
        for line in git(root, "ls-tree", "HEAD").splitlines()
    )
    top_tree = git_input(root, top, "mktree").strip()
    return git(root, "commit-tree", top_tree, "-p", "HEAD", "-m", message).strip()


def git_input(root: Path, text: str, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, input=text, capture_output=True, text=True, check=True).stdout


def test_a_tree_entry_named_dotdot_is_refused_and_written_nowhere(tmp_path: Path) -> None:
    root = repo(tmp_path)
    blob = git_input(root, "越界写入的文件\n", "hash-object", "-w", "--stdin").strip()
    # source/../../../../escaped.txt: from <tmp>/changes-*/base/source, four levels up is tmp_path
    tree = git_input(root, f"100644 blob {blob}\tescaped.txt\n", "mktree").strip()
    for _ in range(3):
        tree = git_input(root, f"040000 tree {tree}\t..\n", "mktree").strip()
    link = git_input(root, "/etc/passwd", "hash-object", "-w", "--stdin").strip()
    large = git_input(root, "大" * (MAX_BYTES // 3 + 1), "hash-object", "-w", "--stdin").strip()
    entries = f"040000 tree {tree}\t..\n120000 blob {link}\tpasswd.md\n100644 blob {large}\tlarge.md\n"
    head = commit_tree_with(root, entries, "hostile tree")
    temp = tmp_path / "t"
    temp.mkdir()
    out = tmp_path / "r.md"
    proc = run_report(root, "HEAD", head, "--output", str(out), env={"TMPDIR": str(temp)})
    assert not (tmp_path / "escaped.txt").exists() and not list(temp.iterdir())
    assert not [p for p in tmp_path.rglob("escaped.txt")]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "No change to `source/`" not in text
    review = text.split("## Needs a maintainer's review", 1)[1].split("\n## ", 1)[0]
    assert "source/../../../../escaped.txt" in review and "refused: a path with a" in review
    assert "source/passwd.md" in review and "symbolic link" in review and "/etc/passwd" in review
    assert "- head: `source/large.md` · `refused: a file of 20,000,00" in review  # never read
    assert text.index("## Needs a maintainer's review") < text.index("- generated pages")  # first of all
    assert "refused" in proc.stderr and "source/../../../../escaped.txt" in proc.stderr


def test_links_in_the_working_tree_are_named_never_followed(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "source" / "raw" / "notes.txt").symlink_to("/proc/self/environ")
    (root / "source" / "raw" / "loop").symlink_to("..")
    secret = "SECRET_VALUE_0123456789"
    out = tmp_path / "r.md"
    proc = run_report(root, "HEAD", "--output", str(out), env={"CHANGES_TEST_SECRET": secret})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert secret not in text and secret not in proc.stderr
    review = text.split("## Needs a maintainer's review", 1)[1].split("\n## ", 1)[0]
    for name, target in (("notes.txt", "/proc/self/environ"), ("loop", "..")):
        line = next(x for x in review.splitlines() if f"source/raw/{name}`" in x)
        assert "a symbolic link" in line and repr(target) in line
    assert "No change to `source/`" not in text


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_killed_report_leaves_no_temporary_copy(tmp_path: Path, sig: signal.Signals) -> None:
    root = repo(tmp_path)
    SamplePR(root)
    git(root, "commit", "-q", "-am", "pull request")
    temp = tmp_path / "t"
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "build_scripts", "changes", "HEAD~1", "HEAD"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    # killed while both copies are there: reading and building them takes seconds
    while not list(temp.glob("changes-*/head/source/glossary.yaml")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.005)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, (proc.returncode, stderr)
    assert list(temp.iterdir()) == [], "the temporary copies are left behind"
    assert "Traceback" not in stderr and f"stopped by {sig.name}" in stderr
    assert stdout == ""


# --- every kind of file under source/ has its section ------------------------------------------------

NOTES = ARTICLE.replace(".md", ".notes.yaml")
ENGLISH = ARTICLE.replace(".md", ".en.md")
COLLECTION = "source/collection.yaml"
EVIL_URL = "https://evil.example/login?next=www.example.com"


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert text.count(old) >= 1, (path, old)
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def change_note(root: Path) -> list[str]:
    note = yaml.safe_load((root / NOTES).read_text(encoding="utf-8"))["notes"][1]
    added = "此句为新增的说明。"
    edit(root, NOTES, note["zh"], note["zh"] + added)
    line = (root / NOTES).read_text(encoding="utf-8").split("\n").index(f"  - at: {note['at']}") + 1
    return [
        "#### Notes",
        f"- changed · `{NOTES}:{line}` · at `{note['at']}`, after the phrase `{note['phrase']}` · `{note['kind']}`",
        f"<ins>{added}</ins></pre>",
        f"  - after: `{note['zh']}{added}`" if len(note["zh"] + added) <= 160 else "  - after:",
    ]


def remove_note(root: Path) -> list[str]:
    text = (root / NOTES).read_text(encoding="utf-8")
    note = yaml.safe_load(text)["notes"][-1]
    start = text.index(f"  - at: {note['at']}\n    phrase: {note['phrase']}")
    line = text[:start].count("\n") + 1
    (root / NOTES).write_text(text[:start], encoding="utf-8")  # the last entry, to the end of the file
    return [
        "#### Notes",
        f"- removed · `{NOTES}:{line}` (base) · at `{note['at']}`, after the phrase `{note['phrase']}`",
    ]


def change_translation_front(root: Path) -> list[str]:
    front = yaml.safe_load((root / ENGLISH).read_text(encoding="utf-8").split("---")[1])
    key, value = next(iter(front.items()))
    edit(root, ENGLISH, f"{key}: ", f"{key}: {q('www.example.com')}\nx{key}: ")
    edit(root, ENGLISH, f"x{key}: {q(value)}\n", "")
    return ["#### Translation", f"- `{key}` changed:", "  - after: `www.example.com`"]


def change_translation_line(root: Path) -> list[str]:
    article, _ = edition_file(root / ARTICLE, root)
    paragraph = article.sections[0].paragraphs[0]
    lines = (root / ENGLISH).read_text(encoding="utf-8").split("\n")
    first = next(i for i in range(lines.index("---", 1) + 1, len(lines)) if lines[i].strip())
    old, new = lines[first], "An English line rewritten to say something else."
    lines[first] = new
    (root / ENGLISH).write_text("\n".join(lines), encoding="utf-8")
    return [
        "#### Translation",
        f"- `{paragraph.anchor}`, sentence 1 · changed",
        f"  - Chinese: `{paragraph.sentences[0]}`",
        f"  - English before: `{old}`" if len(old) <= 160 else "  - English before:",
        f"  - English after: `{new}`",
    ]


def change_source_url(root: Path) -> list[str]:
    edit(root, ARTICLE, "  url: null\n", f'  url: "{EVIL_URL}"\n')
    return ["#### Source", f"- `source.url` added: `{EVIL_URL}`", "  - the address's host: `evil.example`"]


def change_outlet(root: Path) -> list[str]:
    edit(root, ARTICLE, "  outlet: null\n", "  outlet: 浙江日报\n")
    return ["#### Source", "- `source.outlet` added: `浙江日报`"]


def change_collection(root: Path) -> list[str]:
    old = yaml.safe_load((root / COLLECTION).read_text(encoding="utf-8"))["description"]
    edit(root, COLLECTION, f"description: {old}", f"description: {old}（修订版）")
    return ["## Collection", "- `description` changed:", f"  - after: `{old}（修订版）`"]


def change_also(root: Path) -> list[str]:
    entry = yaml.safe_load((root / GLOSSARY).read_text(encoding="utf-8"))["terms"][0]
    edit(root, GLOSSARY, f"  - term: {entry['term']}\n", f"  - term: {entry['term']}\n    also: [平安之省]\n")
    return ["## Glossary", f"- `{entry['term']}` (`", "  - `also` added: `平安之省`"]


@pytest.mark.parametrize(
    "change",
    [
        change_note,
        remove_note,
        change_translation_line,
        change_translation_front,
        change_source_url,
        change_outlet,
        change_collection,
        change_also,
    ],
    ids=lambda f: f.__name__,
)
def test_each_kind_of_scholarly_file_is_shown(tmp_path: Path, change: Callable[[Path], list[str]]) -> None:
    root = repo(tmp_path)
    expected = change(root)
    build_script(root, "check")  # a pull request that passes CI
    proc = report(root, "HEAD")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "No change to `source/`" not in text and "Needs a maintainer's review" not in text
    missing = [x for x in expected if x not in text]
    assert not missing, text
    assert text.index(expected[0]) < text.index(expected[1])  # under its heading


def test_changes_outside_source_and_to_raw_files_need_a_maintainer(tmp_path: Path) -> None:
    root = repo(tmp_path)
    with (root / "build_scripts" / "pages" / "render.py").open("a", encoding="utf-8") as f:
        f.write("\nEXTRA = 1\n")
    (root / "docs" / "evil.html").write_text("<script>alert(document.cookie)</script>\n", encoding="utf-8")
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "x.yml").write_text("on: push\n", encoding="utf-8")
    (root / "tool.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    (root / "tool.sh").chmod(0o755)
    edit(root, "mkdocs.yml", "site_name", "extra_css: [https://evil.example/x.css]\nsite_name")
    raw = sorted((root / "source" / "raw").iterdir())[0]
    raw.write_text(raw.read_text(encoding="utf-8") + "\n补记一句。\n", encoding="utf-8")
    (root / "source" / "stray.html").write_text("<p>x</p>\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "pull request")
    proc = report(root, "HEAD~1", "HEAD", check=False)
    text = proc.stdout
    assert "No change to `source/`" not in text
    review = text.split("## Needs a maintainer's review\n", 1)[1].split("\n## ", 1)[0]
    assert text.index("## Needs a maintainer's review") < text.index("- **needs a maintainer")  # first of all
    rel = raw.relative_to(root).as_posix()
    for line in (
        "- `build_scripts/pages/render.py` · modified · +2 −0 lines",
        "- `docs/evil.html` · added · +1 −0 lines",
        "- `.github/workflows/x.yml` · added · +1 −0 lines",
        "- `tool.sh` · added · +1 −0 lines, executable",
        "- `mkdocs.yml` · modified · +2 −1 lines",
        f"- `{rel}` · raw file changed",
        "- `source/stray.html` · added",
    ):
        assert line in review, (line, review)
    raws = text.split("## Raw files\n", 1)[1]
    # the line added, inserted after the raw file's last line, whether that line ends with a line break or not
    assert f"- **raw file changed**: `{rel}` · changed, from line " in raws
    assert re.search(r"<ins>\n+补记一句。\n?</ins>", raws), raws


def test_docs_files_the_build_does_not_write_are_listed_from_the_working_tree(tmp_path: Path) -> None:
    root = repo(tmp_path)
    build_script(root, "build")  # the generated pages, which git ignores
    (root / "docs" / "evil.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    slug = Path(ARTICLE).stem
    (root / "docs" / slug / "extra.md").write_text("# 假页面\n", encoding="utf-8")  # ignored like the pages
    text = report(root, "HEAD", check=False).stdout
    review = text.split("## Needs a maintainer's review\n", 1)[1].split("\n## ", 1)[0]
    assert "- `docs/evil.html` · added · not yet committed" in review
    assert f"- `docs/{slug}/extra.md` · added · in docs/, not written by the build" in review
    assert f"docs/{slug}/intro.md" not in review and "docs/glossary.md" not in review


# --- contributor text is shown, never rendered ---------------------------------------------------------

# What GitHub's Markdown would turn into something else: bare addresses it links, a mention, an issue
# reference, HTML, emphasis, a link, an emoji code, strike-through, a code span.
PROBE = (
    "见www.example.com与https://evil.example/x @octocat #123 <script>alert(1)</script> "
    "*星* [点](javascript:x) :smile: ~~删~~ `码`"
)
# The markers of PROBE that must never be outside literal text.
MARKERS = ("example", "octocat", "#123", "alert(1)", "星", "javascript", "smile", "删", "码")


def prose(report: str) -> str:
    """The report without what GitHub shows as literal text, linking and rendering nothing in it:
    fenced blocks, <pre> blocks (raw HTML blocks: Markdown leaves them alone) and code spans."""
    kept: list[str] = []
    lines = report.split("\n")
    i = 0
    while i < len(lines):
        fence = re.match(r"^(`{3,})", lines[i])
        if fence:
            i += 1
            while i < len(lines) and not re.fullmatch(f"{fence.group(1)}`*", lines[i]):
                i += 1
        elif lines[i].startswith("<pre>"):
            while i < len(lines) and "</pre>" not in lines[i]:
                i += 1
        else:
            kept.append(lines[i])
        i += 1
    text, out, k = "\n".join(kept), [], 0
    while (m := re.compile("`+").search(text, k)) is not None:
        out.append(text[k : m.start()])
        close = next((c for c in re.finditer("`+", text[m.end() :]) if len(c.group(0)) == len(m.group(0))), None)
        if close is None:
            out.append(m.group(0))
            k = m.end()
        else:
            k = m.end() + close.end()
    return "".join(out) + text[k:]


def test_contributor_text_is_literal_everywhere(tmp_path: Path) -> None:
    root = repo(tmp_path)
    text = (root / ARTICLE).read_text(encoding="utf-8")
    i, line = body_lines(text)[3]
    lines = text.split("\n")
    lines[i] = "1. " + line + PROBE  # also a would-be list
    (root / ARTICLE).write_text("\n".join(lines), encoding="utf-8")
    edit(root, ARTICLE, "  outlet: null\n", f"  outlet: {q(PROBE)}\n")
    edit(root, ARTICLE, '    note: "恢复大写', f'    note: {q(PROBE)}\n    x: "恢复大写')  # an erratum's note
    edit(root, ARTICLE, '    x: "恢复大写', "#")
    note = yaml.safe_load((root / NOTES).read_text(encoding="utf-8"))["notes"][1]
    edit(root, NOTES, q(note["zh"]), q(PROBE))
    english = (root / ENGLISH).read_text(encoding="utf-8").split("\n")
    first = next(k for k in range(english.index("---", 1) + 1, len(english)) if english[k].strip())
    english[first] = PROBE
    (root / ENGLISH).write_text("\n".join(english), encoding="utf-8")
    with (root / GLOSSARY).open("a", encoding="utf-8") as f:
        f.write(f"\n  - term: 恶意\n    en: {q(PROBE)}\n    category: concept\n    def_zh: {q(PROBE)}\n    def_en: x\n")
    edit(root, COLLECTION, "description: ", "description: www.example.com @octocat #123 *星* ")
    raw = next((root / "source" / "raw").iterdir())
    raw.write_text(raw.read_text(encoding="utf-8") + PROBE + "\n", encoding="utf-8")
    (root / "docs" / "www.example.com @octocat #123 `码`.html").write_text("x\n", encoding="utf-8")
    out = tmp_path / "r.md"
    report(root, "HEAD", "--output", str(out), check=False)
    text = out.read_text(encoding="utf-8")
    for section in ("Notes", "Translation", "Source", "Errata"):
        assert f"#### {section}" in text
    for section in ("Collection", "Glossary", "Raw files", "Needs a maintainer's review"):
        assert f"## {section}" in text
    outside = prose(text)
    assert [m for m in MARKERS if m in outside] == [], outside
    assert re.search(r"^ {4,}\S", outside, flags=re.M) is None  # no item that Markdown reads as code
    # and what the literal text shows is exactly what the contributor wrote
    page: str = markdown.markdown(text, extensions=["tables"])
    parser = Tags()
    parser.feed(page)
    allowed = {"h1", "h2", "h3", "h4", "p", "ul", "li", "code", "del", "ins", "strong", "pre", "details", "summary"}
    assert {t for t, _ in parser.tags} <= allowed
    assert all(not attrs for _, attrs in parser.tags)
    assert "".join(parser.text).count(PROBE) >= 7  # sentence, outlet, erratum, note, English, en, def_zh


def test_page_titles_are_text(tmp_path: Path) -> None:
    root = repo(tmp_path)
    article, _ = edition_file(root / ARTICLE, root)
    ids = {s.id: s for s in article.sections}
    notes = yaml.safe_load((root / NOTES).read_text(encoding="utf-8"))["notes"]
    section = next((ids[n["at"]] for n in notes if n["at"] in ids), None)
    if section is None:  # a note called from a section's heading, as the edition may have
        section = article.sections[-1]
        with (root / NOTES).open("a", encoding="utf-8") as f:
            f.write(
                f"  - at: {section.id}\n    phrase: {q(section.title[:2])}\n    kind: explanatory\n"
                '    zh: "标题的注释。"\n    en: "A note on the heading."\n'
            )
        git(root, "commit", "-q", "-am", "a note on a heading")
    para = section.paragraphs[0]
    lines = (root / ARTICLE).read_text(encoding="utf-8").split("\n")
    assert "，" in lines[para.line - 1]
    lines[para.line - 1] = lines[para.line - 1].replace("，", "；", 1)
    (root / ARTICLE).write_text("\n".join(lines), encoding="utf-8")
    text = report(root, "HEAD").stdout
    page = f"docs/{article.slug}/{section.id}.md"
    assert re.search(rf"^- `{re.escape(page)}` · `{re.escape(section.title)}` · \+\d+ −\d+ lines$", text, re.M), text
    assert "<sup" not in text and "note-call" not in text


# --- work that grows with the change, not with the square of the article ------------------------------

REPEATED = "平安浙江建设取得显著成效。"


def test_repeated_sentences_are_matched_with_work_linear_in_their_number() -> None:
    from build_scripts.text.sequences import Counter
    from build_scripts.tools.changes import Line, align

    n = 32_000
    same = [Line(f"s1-p{k + 1}", k + 1, REPEATED, True) for k in range(n)]
    changed = Line("s1-p16001", 16_001, REPEATED.replace("。", "！"), True)
    # a change at each end and one in the middle: no common beginning or end, no sentence found once
    after = [
        Line("s1-p0", 0, "新的开头。", True),
        *same[: n // 2],
        changed,
        *same[n // 2 + 1 :],
        Line("z", 0, "结尾。", True),
    ]
    counter = Counter()
    pairs = align(same, after, counter)
    assert counter.n <= 10 * (len(same) + len(after)), counter.n  # difflib made about n² / 2
    # a shortest difference: three sentences added, one of the identical ones removed (which one is moot)
    added = [a.text for b, a in pairs if b is None and a is not None]
    removed = [b.text for b, a in pairs if a is None and b is not None]
    replaced = [(b.text, a.text) for b, a in pairs if a is not None and b is not None and a.text != b.text]
    assert len(pairs) == n + 3 and len(added) + len(replaced) == 3 and len(removed) + len(replaced) == 1
    assert sorted(added + [a for _, a in replaced]) == sorted(x.text for x in (after[0], changed, after[-1]))
    assert removed + [b for b, _ in replaced] == [REPEATED]


@given(
    st.lists(st.sampled_from("甲乙丙丁"), max_size=30),
    st.lists(st.sampled_from("甲乙丙丁"), max_size=30),
)
def test_opcodes_describe_one_version_in_terms_of_the_other(a: list[str], b: list[str]) -> None:
    from build_scripts.text.sequences import opcodes

    built: list[str] = []
    at = [0, 0]
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        assert [i1, j1] == at and tag in ("equal", "replace", "delete", "insert")
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        built += b[j1:j2]
        at = [i2, j2]
    assert at == [len(a), len(b)] and built == b


@pytest.mark.slow
def test_a_report_on_32000_repeated_sentences_finishes(tmp_path: Path) -> None:
    """The same, end to end: both versions read and built, their pages compared (about a minute;
    the quadratic matching took more than five)."""
    root = make_project(tmp_path / "repo")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    (root / ENGLISH).unlink()  # the translation would have to grow with the edition
    n = 32_000
    with (root / ARTICLE).open("a", encoding="utf-8") as f:
        f.write("\n" + "\n".join([REPEATED] * n) + "\n")
    raw = root / str(yaml.safe_load((root / ARTICLE).read_text(encoding="utf-8").split("---")[1])["raw"])
    raw.write_text(raw.read_text(encoding="utf-8").rstrip("\n") + REPEATED * n + "\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    lines = (root / ARTICLE).read_text(encoding="utf-8").split("\n")
    middle = len(lines) - 1 - n // 2
    assert lines[middle] == REPEATED
    lines[middle] = REPEATED.replace("。", "！")
    (root / ARTICLE).write_text("\n".join(lines), encoding="utf-8")
    proc = run_report(root, "HEAD", timeout=240)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.count("· changed, punctuation only: `。` → `！`") == 1


def test_a_note_s_marked_claims_are_shown_when_added_or_changed() -> None:
    """`claims:` is a field of a note like `sources:`: a change to it alone is a change of the note."""
    import dataclasses

    from build_scripts.core.model import Note
    from build_scripts.tools import changes

    before = Note("s1-p1", "源头", "explanatory", "河长制始于2003年。", "It began in 2003.", ("《治水日报》",), 3)
    after = dataclasses.replace(before, claims=("河长制始于2003年",))
    (changed,) = changes.compare_notes((before,), (after,))
    assert changed.kind == "changed" and [(f.name, f.before, f.after) for f in changed.fields] == [
        ("claims", "", "河长制始于2003年")
    ]
    (added,) = changes.compare_notes((), (after,))
    assert "河长制始于2003年" in "\n".join(changes._note(added, "source/articles/hehu.notes.yaml")).split("claim")[-1]
