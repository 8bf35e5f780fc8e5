"""The orchestrator: source/ → read, validate, check fidelity, match, render → docs/. Only it knows every stage."""

from __future__ import annotations

import html
import multiprocessing
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from .edition import check_fidelity, parse_edition
from .glossary import Term, load_glossary
from .matcher import Match, Matcher
from .model import Article, BuildError, Page, Problem, Severity
from .render import render_site, section_path
from .write import WriteReport, plan, write

NAV_FILE = ".nav.yml"  # read by mkdocs.yml through INHERIT; dot-files are not published
USER_DICT = ".jieba_user.txt"  # the glossary as jieba's user dictionary, for the search index
# Frequency given to glossary forms in the search segmenter: high enough that jieba keeps every
# term whole (平安浙江, 三治合一) instead of splitting it into its common parts.
USER_DICT_FREQ = 100000


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    pages: tuple[Page, ...] = ()
    report: WriteReport | None = None
    articles: tuple[Article, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def read_source(root: Path) -> tuple[list[Article], list[Term], list[Problem]]:
    """Read every article and the glossary, collecting every problem instead of stopping at the first."""
    problems: list[Problem] = []
    articles: list[Article] = []
    paths = sorted((root / "source" / "articles").glob("*.md"))
    if not paths:
        problems.append(
            Problem(
                "source/articles/",
                None,
                "no article found",
                hint="import one: python -m build_scripts import source/raw/<file>.txt",
            )
        )
    for path in paths:
        try:
            article, found = parse_edition(path, root)
        except BuildError as exc:
            problems += exc.problems
            continue
        problems += found
        problems += check_fidelity(article, root)
        articles.append(article)
    terms: list[Term] = []
    gpath = root / "source" / "glossary.yaml"
    if gpath.exists():
        try:
            terms, found = load_glossary(gpath, root)
            problems += found
        except BuildError as exc:
            problems += exc.problems
    for a in articles:
        if a.slug in {"glossary", "concordance", "about", "index", "assets", "stylesheets", "javascripts"}:
            problems.append(
                Problem(
                    a.path.relative_to(root).as_posix(),
                    None,
                    f"article file name `{a.slug}` is reserved for the site",
                    hint="rename the file",
                )
            )
    return articles, terms, problems


# Below this much text (characters), starting worker processes costs more than matching saves.
PARALLEL_MIN_CHARS = 300_000

_matcher: Matcher | None = None  # the matcher of match_all's worker processes, inherited through fork


def _find(text: str) -> list[Match]:
    assert _matcher is not None
    return _matcher.find(text)


def workers() -> int:
    """How many processes may match at once: the CPUs this process may use, if it can fork safely."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process that runs threads (mkdocs serve) is unsafe
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def match_all(articles: list[Article], terms: list[Term], jobs: int | None = None) -> dict[str, list[Match]]:
    """Every paragraph's matches, by paragraph key (`slug/anchor`).

    Paragraphs are independent: a large corpus is matched by `jobs` processes (default: as many as
    there are CPUs, from PARALLEL_MIN_CHARS of text on), which inherit the matcher (and its
    tokenizer) by fork and return the matches in paragraph order, so the result is the same as
    matching one paragraph after another.
    """
    global _matcher
    matcher = Matcher((form, t.term) for t in terms for form in t.forms)
    keys = [f"{a.slug}/{p.anchor}" for a in articles for s in a.sections for p in s.paragraphs]
    texts = [p.text for a in articles for s in a.sections for p in s.paragraphs]
    if jobs is None:
        jobs = workers() if sum(map(len, texts)) >= PARALLEL_MIN_CHARS else 1
    if jobs > 1:
        _matcher = matcher
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                found = pool.map(_find, texts, chunksize=max(1, len(texts) // (jobs * 8)))
        finally:
            _matcher = None
    else:
        found = [matcher.find(t) for t in texts]
    return {key: ms for key, ms in zip(keys, found, strict=True) if ms}


def nav(articles: list[Article], has_glossary: bool) -> Page:
    # the theme prints navigation titles as HTML: content in them must be escaped
    items: list[object] = [{"首页 Home": "index.md"}]
    for a in articles:
        items.append({html.escape(a.title): [{html.escape(s.title): section_path(a, s)} for s in a.sections]})
    if has_glossary:
        items.append({"术语表 Glossary": "glossary.md"})
    items.append({"关于 About": "about.md"})
    text = "# Generated by `python -m build_scripts build`; mkdocs.yml reads it through INHERIT.\n"
    text += yaml.safe_dump({"nav": items}, allow_unicode=True, sort_keys=False)
    return Page(NAV_FILE, text, ("source/articles/",))


def user_dict(terms: list[Term]) -> Page:
    """jieba user dictionary: one `word freq` line per glossary form (space-free forms only)."""
    forms = sorted({f for t in terms for f in t.forms if " " not in f})
    return Page(USER_DICT, "".join(f"{f} {USER_DICT_FREQ}\n" for f in forms), ("source/glossary.yaml",))


def build(root: Path, *, strict: bool = False, force: bool = False, dry_run: bool = False) -> Result:
    articles, terms, problems = read_source(root)
    if any(p.severity is Severity.ERROR for p in problems):
        return Result(tuple(problems))
    matches = match_all(articles, terms)
    used = {m.term for ms in matches.values() for m in ms}
    for t in terms:
        if t.term not in used:
            problems.append(
                Problem(
                    "source/glossary.yaml",
                    t.line,
                    f"term `{t.term}` is found nowhere in the articles",
                    key=f"{t.term}",
                    hint="check its spelling and aliases, or remove the entry",
                    severity=Severity.WARNING,
                )
            )
    if strict:
        problems = [Problem(p.file, p.line, p.message, p.key, p.hint, Severity.ERROR) for p in problems]
    if any(p.severity is Severity.ERROR for p in problems):
        return Result(tuple(problems))
    pages = render_site(articles, terms, matches)
    pages.append(nav(articles, bool(terms)))
    pages.append(user_dict(terms))
    out = root / "docs"
    blocking = plan(pages, out, force=force)
    if blocking or dry_run:
        return Result(tuple(problems + blocking), tuple(pages), articles=tuple(articles))
    report = write(pages, out, force=force)
    return Result(tuple(problems), tuple(pages), report, tuple(articles))


def report(result: Result, out: TextIO = sys.stderr) -> int:
    """Print every problem in one place; return the exit code."""
    for p in result.problems:
        print(p, file=out)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = len(result.problems) - errors
    if errors:
        print(f"build failed: {errors} error(s), {warnings} warning(s); docs/ was not changed", file=out)
        return 1
    if result.report is None:
        print(
            f"checked {len(result.articles)} article(s), {len(result.pages)} page(s): no errors"
            + (f", {warnings} warning(s)" if warnings else "")
            + "; nothing written",
            file=out,
        )
    else:
        r = result.report
        print(
            f"built {len(result.pages)} pages: {len(r.written)} written, {len(r.unchanged)} unchanged, "
            f"{len(r.deleted)} deleted"
            + (f", {len(r.backups)} backed up" if r.backups else "")
            + (f"; {warnings} warning(s)" if warnings else ""),
            file=out,
        )
    return 0
