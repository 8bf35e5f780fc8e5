"""The orchestrator: source/ → read, validate, check fidelity, match, render → docs/. Only it knows every stage."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import html
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from . import cite, names, notes, translation
from .collection import Collection, named_after, read_collection
from .edition import check_fidelity, parse_edition
from .glossary import Term, load_glossary
from .matcher import Match, Matcher
from .model import RESERVED_SLUGS, Article, BuildError, Page, Problem, Severity
from .parallel import Background, chunks, fork_map, jobs_for
from .render import landing_path, layout, make_site, render_site, section_path
from .textio import invisible_problems, outside, read_text
from .write import BACKUPS, Placed, WriteFailed, Writer, WriteReport, links, locked, plan

NAV_FILE = ".nav.yml"  # read by mkdocs.yml through INHERIT; dot-files are not published
USER_DICT = ".jieba_user.txt"  # the glossary as jieba's user dictionary, for the search index
# Frequency given to glossary forms in the search segmenter: high enough that jieba keeps every
# term whole (平安浙江, 三治合一) instead of splitting it into its common parts.
USER_DICT_FREQ = 100000


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    pages: tuple[Page, ...] = ()  # a dry run's pages (a build's are written as they are rendered: see report)
    report: WriteReport | None = None
    articles: tuple[Article, ...] = field(default=())
    partial: bool = False  # a write failed part of the way: docs/ holds part of this build

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def read_article(root: Path, path: Path) -> tuple[Article | None, list[Problem]]:
    """One edition, parsed and checked against its raw file, with its notes and translation if any."""
    try:
        article, found = parse_edition(path, root)
    except BuildError as exc:
        return None, list(exc.problems)
    found += check_fidelity(article, root)
    return read_apparatus(root, article, found)


def read_apparatus(root: Path, article: Article, found: list[Problem]) -> tuple[Article, list[Problem]]:
    """The article with what lies beside it: <slug>.notes.yaml, <slug>.en.md, mkdocs.yml's site_url."""
    mkdocs = root / "mkdocs.yml"
    site = cite.site_url(mkdocs.read_text(encoding="utf-8", errors="replace")) if mkdocs.is_file() else ""
    article = dataclasses.replace(article, site_url=site)
    text, name = _beside(root, article, names.NOTES_SUFFIX, found)
    if text is not None:
        read, more = notes.read_notes(text, name, article)
        found += more
        article = dataclasses.replace(article, notes=read)
    text, name = _beside(root, article, names.TRANSLATION_SUFFIX, found)
    if text is not None:
        english, more = translation.read_translation(text, name, article)
        found += more
        article = dataclasses.replace(article, english=english)
    return article, found


def _beside(root: Path, article: Article, suffix: str, found: list[Problem]) -> tuple[str | None, str]:
    """The text of the file `<slug><suffix>` beside the edition (None if there is none, or it cannot
    be read: `found` then says why), and its name as an editor sees it."""
    path = article.path.parent / f"{article.slug}{suffix}"
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.exists():
        return None, name
    text, problems = read_text(path, display=name)
    problems += outside(path, root, name) + invisible_problems(text, name)
    found += problems
    return (None if any(p.severity is Severity.ERROR for p in problems) else text), name


def read_glossary(root: Path) -> tuple[list[Term], list[Problem]]:
    """source/glossary.yaml's terms and problems; no terms and no problem if there is no glossary."""
    path = root / "source" / "glossary.yaml"
    if not path.exists():
        return [], []
    try:
        return load_glossary(path, root)
    except BuildError as exc:
        return [], list(exc.problems)


def read_source(root: Path, jobs: int | None = None) -> tuple[list[Article], list[Term], list[Problem]]:
    """Read every article and the glossary, collecting every problem instead of stopping at the first.

    Articles are read by `jobs` processes (default: as many as there are CPUs for a large corpus);
    meanwhile, with several CPUs, the glossary is read by a process of its own (parallel.Background).
    """
    problems: list[Problem] = []
    articles: list[Article] = []
    # <slug>.en.md is a translation, not an article: slugs have no dot
    paths = sorted(p for p in (root / "source" / "articles").glob("*.md") if "." not in p.stem)
    if not paths:
        problems.append(
            Problem(
                "source/articles/",
                None,
                "no article found",
                hint="import one: python -m build_scripts import source/raw/<file>.txt",
            )
        )
    # the glossary is read by a process of its own (when there are several CPUs) while the articles are
    with Background(functools.partial(read_glossary, root)) as glossary:
        if jobs is None:  # about 3 bytes of UTF-8 per character of Chinese text
            jobs = jobs_for(sum(p.stat().st_size for p in paths) // 3)
        for article, found in fork_map(functools.partial(read_article, root), paths, jobs):
            problems += found
            if article is not None:
                articles.append(article)
        terms, found = glossary.result()
    problems += found
    for a in articles:
        if a.slug in RESERVED_SLUGS:
            problems.append(
                Problem(
                    a.path.relative_to(root).as_posix(),
                    None,
                    f"article file name `{a.slug}` is reserved for the site",
                    hint="rename the file",
                )
            )
    return articles, terms, problems


def match_all(articles: list[Article], terms: list[Term], jobs: int | None = None) -> dict[str, list[Match]]:
    """Every paragraph's matches, by paragraph key (`slug/anchor`).

    Paragraphs are independent: a large corpus is matched by `jobs` processes (default: as many as
    there are CPUs, from PARALLEL_MIN_CHARS of text on), which inherit the matcher (and its
    tokenizer, and the paragraphs' text) by fork, take shares of the paragraphs by position, and
    return the spans of the matches in paragraph order, so the result is the same as matching one
    paragraph after another.
    """
    matcher = Matcher((form, t.term) for t in terms for form in t.forms)
    keys = [f"{a.slug}/{p.anchor}" for a in articles for s in a.sections for p in s.paragraphs]
    texts = [p.text for a in articles for s in a.sections for p in s.paragraphs]
    if jobs is None:
        jobs = jobs_for(sum(map(len, texts)))
    parts = fork_map(lambda span: [matcher.spans(texts[i]) for i in span], chunks(len(texts), jobs), jobs)
    spans = (s for part in parts for s in part)
    return {key: matcher.matches(text, s) for key, text, s in zip(keys, texts, spans, strict=True) if s}


def nav(articles: list[Article], has_glossary: bool, collection: Collection | None = None) -> Page:
    """The navigation, and the site's name and description (MkDocs reads them from this file).

    On a site of several articles each article's group opens with its landing page
    (mkdocs-material's navigation.indexes).
    """
    if collection is None:
        collection = named_after(articles[0])
    several = len(articles) > 1
    # the theme prints navigation titles as HTML: content in them must be escaped
    items: list[object] = [{"首页 Home": "index.md"}]
    for a in articles:
        pages: list[object] = [landing_path(a)] if several else []
        pages += [{html.escape(s.title): section_path(a, s)} for s in a.sections]
        items.append({html.escape(a.title): pages})
    if has_glossary:
        items.append({"术语表 Glossary": "glossary.md"})
    items.append({"关于 About": "about.md"})
    text = "# Generated by `python -m build_scripts build`; mkdocs.yml reads it through INHERIT.\n"
    text += f"# site_name and site_description come from {collection.source or articles[0].source}.\n"
    # the theme prints the name and description as HTML too: the collection file refuses markup in
    # them, and a name taken from an article's title is escaped
    config: dict[str, object] = {"site_name": html.escape(collection.name)}
    if collection.site_description:
        config["site_description"] = html.escape(collection.site_description)
    config["nav"] = items
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's when PyYAML has it: the same text, faster
    text += yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False)
    sources = ("source/articles/", collection.source) if collection.source else ("source/articles/",)
    return Page(NAV_FILE, text, sources)


def user_dict(terms: list[Term]) -> Page:
    """jieba user dictionary: one `word freq` line per glossary form (space-free forms only)."""
    forms = sorted({f for t in terms for f in t.forms if " " not in f})
    return Page(USER_DICT, "".join(f"{f} {USER_DICT_FREQ}\n" for f in forms), ("source/glossary.yaml",))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for a while, as before if it was on.

    A large build creates millions of small objects that live until it ends (matches, pages);
    the collector would walk all of them again and again (a quarter of a large build's time),
    and would find little: the stages make few reference cycles.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build(
    root: Path, *, strict: bool = False, force: bool = False, dry_run: bool = False, held: bool = False
) -> Result:
    """`held`: the caller holds docs/'s lock (write.locked) for this build, as `site` does until
    MkDocs has read docs/; taking it again from a forked process would be refused."""
    with gc_paused():
        return _build(root, strict=strict, force=force, dry_run=dry_run, held=held)


def _build(root: Path, *, strict: bool, force: bool, dry_run: bool, held: bool) -> Result:
    articles, terms, problems = read_source(root)
    problems += links(root / "docs")  # before anything reads docs/ or writes there
    collection, found = read_collection(root, articles)
    problems += found
    if any(p.severity is Severity.ERROR for p in problems) or collection is None:
        return Result(tuple(problems))
    jobs = jobs_for(sum(len(p.text) for a in articles for s in a.sections for p in s.paragraphs))
    matches = match_all(articles, terms, jobs)
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
        problems = [dataclasses.replace(p, severity=Severity.ERROR) for p in problems]
    if any(p.severity is Severity.ERROR for p in problems):
        return Result(tuple(problems))
    extra = [nav(articles, bool(terms), collection), user_dict(terms)]
    slots: list[Placed] = [*layout(articles, terms, matches, collection), *extra]
    out = root / "docs"
    started = False
    try:
        if dry_run:
            problems += plan(slots, out, force=force)
            if any(p.severity is Severity.ERROR for p in problems):
                return Result(tuple(problems), articles=tuple(articles))
            pages = render_site(articles, terms, matches, jobs=jobs, collection=collection) + extra
            return Result(tuple(problems), tuple(pages), articles=tuple(articles))
        with contextlib.nullcontext() if held else locked(out):  # one build at a time, from the checks to the manifest
            problems += plan(slots, out, force=force)  # nothing is written unless every page may be
            if any(p.severity is Severity.ERROR for p in problems):
                return Result(tuple(problems), articles=tuple(articles))
            # each page is written by the process that renders it (render.make_site)
            writer = Writer(out, force=force, planned=[s.path for s in slots])
            started = True
            outcomes = make_site(articles, terms, matches, writer.put, jobs=jobs, collection=collection) + writer.put(
                extra
            )
            return Result(tuple(problems), report=writer.finish(outcomes), articles=tuple(articles))
    except WriteFailed as exc:
        return Result(tuple([*problems, exc.problem]), articles=tuple(articles), partial=started)


def report(result: Result, out: TextIO = sys.stderr, *, checking: bool = False) -> int:
    """Print every problem in one place; return the exit code. `checking`: a check, which writes nothing."""
    for p in result.problems:
        print(p, file=out)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = len(result.problems) - errors
    if errors:
        changed = (
            "docs/ holds part of this build; the next build completes it" if result.partial else "docs/ was not changed"
        )
        if checking:
            print(f"check failed: {errors} error(s), {warnings} warning(s); nothing written", file=out)
        else:
            print(f"build failed: {errors} error(s), {warnings} warning(s); {changed}", file=out)
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
            f"built {len(r.written) + len(r.unchanged)} pages: {len(r.written)} written, {len(r.unchanged)} unchanged, "
            f"{len(r.deleted)} deleted"
            + (f", {len(r.backups)} backed up in {BACKUPS}/{r.backups[0].split('/')[1]}/" if r.backups else "")
            + (f"; {warnings} warning(s)" if warnings else ""),
            file=out,
        )
    return 0
