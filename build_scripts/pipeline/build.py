"""The orchestrator: source/ → Sources (sources.py) → the stages of STAGES, in order → docs/.

Only it knows every stage, decides how many processes run each, and writes."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import jinja2

from ..core import names
from ..core.model import (
    RESERVED_SLUGS,
    Article,
    BuildError,
    Collection,
    Match,
    Page,
    Problem,
    SourceFile,
    Sources,
    Term,
    outside_conjectures,
)
from ..core.problems import errors, has_errors, problem, strict, warnings
from ..pages import render
from ..pages.matcher import Matcher
from ..pages.navigation import nav, user_dict
from ..pages.query import query_file
from ..pages.render import layout
from ..read import consistency, notes, translation
from ..read.collection import name_site
from ..read.edition import check_fidelity, named_raw, parse_edition
from ..read.glossary import PARALLEL_MIN_TERMS, finish_glossary, load_glossary, parse_glossary, readings
from ..read.sources import optional, read_file, read_raw, read_sources
from ..text.script import MissingTables
from ..text.textio import invisible_problems, mixed_script_problems
from .parallel import Background, chunks, fork_map, jobs_for
from .write import BACKUPS, Placed, WriteFailed, Writer, WriteReport, links, locked, plan

NAV_FILE = names.NAV_FILE  # read by mkdocs.yml through INHERIT (and by the preview, publish/serve.py)
USER_DICT = names.USER_DICT


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    pages: tuple[Page, ...] = ()  # a dry run's pages (a build's are written as they are rendered: see report)
    report: WriteReport | None = None
    articles: tuple[Article, ...] = field(default=())
    partial: bool = False  # a write failed part of the way: docs/ holds part of this build

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


# --- the stages, and how they are run ------------------------------------------------------------------


def _as_they_are(pages: list[Page]) -> list[Any]:
    return list(pages)


@dataclass(frozen=True)
class Run:
    """How the orchestrator runs the stages: in how many processes, and what becomes of each
    rendered page (`put`, called in the process that renders it: the build writes it there)."""

    jobs: int | None = None  # None: by the amount of work (parallel.jobs_for)
    put: Callable[[list[Page]], list[Any]] = _as_they_are
    strict: bool = False  # warnings are errors
    alongside: bool = True  # a stage marked so may run in a process of its own (parallel.Background)

    def processes(self, amount: int, minimum: int | None = None) -> int:
        if self.jobs is not None:
            return self.jobs
        return jobs_for(amount) if minimum is None else jobs_for(amount, minimum)


@dataclass(frozen=True)
class State:
    """What the stages have made of the sources so far; each stage returns a new one."""

    sources: Sources
    articles: tuple[Article, ...] = ()
    terms: tuple[Term, ...] = ()
    collection: Collection | None = None
    matches: Mapping[str, list[Match]] = field(default_factory=dict)
    extra: tuple[Page, ...] = ()  # pages made besides the rendered ones: navigation, user dictionary, query table
    kept: tuple[Any, ...] = ()  # what Run.put made of every page, in layout()'s order
    problems: tuple[Problem, ...] = ()

    @property
    def failed(self) -> bool:
        return has_errors(self.problems)

    def text_size(self) -> int:
        return sum(len(p.text) for a in self.articles for s in a.sections for p in s.paragraphs)


@dataclass(frozen=True)
class Stage:
    """One step of the build: a function of the state so far (and how to run) to the next state.

    `clean`: runs only when no error was found before it. `alongside`: may run in a process of its
    own while the stage before it runs (its problems are listed after that stage's all the same)."""

    name: str
    run: Callable[[State, Run], State]
    clean: bool = False
    alongside: bool = False


def article_stage(sources: Sources, i: int) -> tuple[Article | None, list[Problem]]:
    """One edition, parsed and checked against its raw file."""
    edition = sources.articles[i]
    try:
        article, found = parse_edition(edition, sources.raws)
    except BuildError as exc:
        return None, list(exc.problems)
    raw = sources.raws[article.raw_path.relative_to(sources.root).as_posix()]
    found += check_fidelity(article, edition, raw)
    return with_apparatus(sources, article, found)


def with_apparatus(sources: Sources, article: Article, found: list[Problem]) -> tuple[Article, list[Problem]]:
    """The article with what the build read beside it (<slug>.notes.yaml, <slug>.en.md) and the
    site's address, each file checked by its stage (notes.read_notes, translation.read_translation)."""
    article = dataclasses.replace(article, site_url=sources.site_url)
    text, name = _readable(sources.notes.get(article.slug), found)
    if text is not None:
        read, more = notes.read_notes(text, name, article)
        found += more
        article = dataclasses.replace(article, notes=read)
    text, name = _readable(sources.translations.get(article.slug), found)
    if text is not None:
        english, more = translation.read_translation(text, name, article)
        found += more
        article = dataclasses.replace(article, english=english)
    return article, found


def _readable(source: SourceFile | None, found: list[Problem]) -> tuple[str | None, str]:
    """A file's text (None if there is none, or it could not be read: `found` then says why), and its name."""
    if source is None:
        return None, ""
    problems = [*source.problems]
    if source.text is not None:
        problems += [*invisible_problems(source.text, source.name), *mixed_script_problems(source.text, source.name)]
    found += problems
    bad = source.text is None or has_errors(problems)
    return (None if bad else source.text), source.name


def read_editions(state: State, run: Run) -> State:
    """Every edition → Article, checked against its raw file; by several processes for a large corpus."""
    sources = state.sources
    problems: list[Problem] = []
    articles: list[Article] = []
    if not sources.articles:
        problems.append(problem("build.no-articles", f"{names.ARTICLES_DIR}/"))
    jobs = run.processes(sources.size)
    for article, found in fork_map(functools.partial(article_stage, sources), range(len(sources.articles)), jobs):
        problems += found
        if article is not None:
            articles.append(article)
    return dataclasses.replace(state, articles=tuple(articles), problems=(*state.problems, *problems))


def glossary_stage(source: SourceFile | None, run: Run) -> tuple[list[Term], list[Problem]]:
    """The glossary's terms and problems (none of either without a glossary); the pinyin of a large
    glossary is read by several processes (pypinyin takes ~0.1 ms a term)."""
    if source is None:
        return [], []
    try:
        draft = parse_glossary(source)
    except BuildError as exc:
        return [], list(exc.problems)
    items = draft.items
    read = fork_map(readings, items, run.processes(len(items), PARALLEL_MIN_TERMS))
    return finish_glossary(draft, read)


def read_terms(state: State, run: Run) -> State:
    terms, problems = glossary_stage(state.sources.glossary, run)
    return dataclasses.replace(state, terms=tuple(terms), problems=(*state.problems, *problems))


def validate(state: State, run: Run) -> State:
    """What no single file shows: an article's slug taken by one of the site's own pages; a file
    in source/articles/ that nothing reads (a translation or notes whose edition is gone)."""
    problems = [
        problem("build.reserved-slug", a.source, slug=a.slug) for a in state.articles if a.slug in RESERVED_SLUGS
    ]
    # the about page's own anchors: its conventions, and each article's errata (`<slug>-errata`)
    problems += [
        problem(
            "build.slug-of-conventions" if a.slug == "conventions" else "build.slug-of-errata", a.source, slug=a.slug
        )
        for a in state.articles
        if a.slug == "conventions" or a.slug.endswith("-errata")
    ]
    problems += [
        problem("build.stray-file", name, translation=names.TRANSLATION_SUFFIX, notes=names.NOTES_SUFFIX)
        for name in state.sources.strays
    ]
    return dataclasses.replace(state, problems=(*state.problems, *problems))


def name_the_site(state: State, run: Run) -> State:
    collection, problems = name_site(state.sources.collection, list(state.articles))
    return dataclasses.replace(state, collection=collection, problems=(*state.problems, *problems))


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
    found = {
        key: outside_conjectures(text, matcher.matches(text, s))
        for key, text, s in zip(keys, texts, spans, strict=True)
        if s
    }
    return {key: ms for key, ms in found.items() if ms}


def match_terms(state: State, run: Run) -> State:
    """Every paragraph's matches; a warning for each term found nowhere."""
    matches = match_all(list(state.articles), list(state.terms), run.processes(state.text_size()))
    used = {m.term for ms in matches.values() for m in ms}
    problems = [
        problem("build.unused-term", names.GLOSSARY_FILE, t.line, term=t.term)
        for t in state.terms
        if t.term not in used
    ]
    known = {t.term for t in state.terms} | {t.id for t in state.terms}
    for a in state.articles:
        if a.english:
            problems += translation.check_term_marks(a.english, known)
    return dataclasses.replace(state, matches=matches, problems=(*state.problems, *problems))


def cross_check(state: State, run: Run) -> State:
    """What an editor would check across files: each English sentence's numbers and linked terms
    against its Chinese sentence and the glossary; each term's pinyin wherever it is shown; each
    entry's count of uses against the text; each date or figure of a note against its sources."""
    problems = consistency.pinyin_problems(state.terms, names.GLOSSARY_FILE)
    problems += consistency.official_problems(state.terms, names.GLOSSARY_FILE)
    for a in state.articles:
        problems += consistency.number_problems(a)
        problems += consistency.term_problems(a, state.terms, state.matches)
        problems += consistency.conjecture_problems(a)
        problems += consistency.source_problems(a)
        problems += consistency.note_number_problems(a)
    problems += consistency.count_problems(state.articles, state.terms, state.matches)
    return dataclasses.replace(state, problems=(*state.problems, *problems))


def strict_warnings(state: State, run: Run) -> State:
    """With --strict, every warning so far is an error."""
    if not run.strict:
        return state
    return dataclasses.replace(state, problems=strict(state.problems))


def navigation(state: State, run: Run) -> State:
    page = nav(list(state.articles), bool(state.terms), state.collection)
    return dataclasses.replace(state, extra=(*state.extra, page))


def user_dictionary(state: State, run: Run) -> State:
    return dataclasses.replace(state, extra=(*state.extra, user_dict(list(state.terms))))


def query_names(state: State, run: Run) -> State:
    """The search's query table (pages/query.py), from the site's text and the glossary."""
    try:
        collection = state.sources.collection.text if state.sources.collection else None
        page = query_file(state.articles, state.terms, extra=(collection or "",))
    except MissingTables as err:
        missing = problem("build.missing-tables", names.QUERY_TABLE, reason=err)
        return dataclasses.replace(state, problems=(*state.problems, missing))
    return dataclasses.replace(state, extra=(*state.extra, page))


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """The templates compiled, kept beside them in `templates/__pycache__/` as Python keeps a
    module's bytecode: a build compiles a template again only when it changed, not on every run (a
    tenth of a one-article build's time). Nothing is left in the temporary folder; a folder that
    cannot be written leaves the templates compiled on each run."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates() -> None:
    """Give the templates' environment (render.environment) its CompiledTemplates, once; none where
    the folder cannot be made (an installation that cannot be written)."""
    env = render.environment()
    if env.bytecode_cache is not None:
        return
    folder = render.TEMPLATES / "__pycache__"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return
    env.bytecode_cache = CompiledTemplates(str(folder))


def render_pages(
    articles: list[Article],
    terms: list[Term],
    matches: Mapping[str, list[Match]],
    put: Callable[[list[Page]], list[Any]] = _as_they_are,
    *,
    jobs: int = 1,
    collection: Collection | None = None,
    repo_url: str = "",
) -> list[Any]:
    """Render every page and hand it to `put` in the process that rendered it; return what `put`
    returns, in the pages' order (render.layout()'s).

    Section pages, and each term's entry and concordance, are rendered by `jobs` processes
    (parallel.fork_map) when jobs > 1; the pages are the same. The build passes a writer
    (write.Writer.put) as `put`, so that pages are written by the processes that render them and
    only what was done with each comes back, not the pages themselves (hundreds of megabytes for a
    large corpus).
    """
    compiled_templates()
    site = render.prepare(articles, terms, dict(matches), collection, repo_url)
    kept = [
        k
        for part in fork_map(
            lambda span: put(render.section_pages(site, span)), chunks(len(site.everywhere), jobs), jobs
        )
        for k in part
    ]
    kept += put(render.front_pages(site))
    if terms:

        def entries(span: range) -> tuple[list[str], list[Any]]:
            texts, pages = render.glossary_entries(site, span)
            return texts, put(pages)

        parts = fork_map(entries, chunks(len(site.ordered), jobs), jobs)
        glossary = render.glossary_page(site, [text for texts, _ in parts for text in texts])
        kept += put([glossary]) + [k for _, done in parts for k in done]
    return kept


def render_all(state: State, run: Run) -> State:
    """Every page, then the pages made besides them, handed to run.put."""
    kept = render_pages(
        list(state.articles),
        list(state.terms),
        state.matches,
        run.put,
        jobs=run.processes(state.text_size()),
        collection=state.collection,
    )
    return dataclasses.replace(state, kept=(*kept, *run.put(list(state.extra))))


# The build, in order: build() runs SOURCE_STAGES, checks docs/, runs SITE_STAGES, checks where
# every page goes (write.plan) and runs RENDER_STAGE with a writer. A benchmark times each stage by
# running STAGES with run_stages' `timed`.
SOURCE_STAGES: tuple[Stage, ...] = (
    Stage("editions: parse, fidelity check (edition.py)", read_editions),
    Stage("glossary: YAML, checks, pinyin (glossary.py)", read_terms, alongside=True),
    Stage("validate: reserved slugs", validate),
)
SITE_STAGES: tuple[Stage, ...] = (
    Stage("collection: the site's name (collection.py)", name_the_site),
    Stage(
        "match: segmenter, automaton and matching (matcher.py, segment.py)",
        match_terms,
        clean=True,
    ),
    Stage("consistency: numbers, terms' English, pinyin, counts, sources (consistency.py)", cross_check, clean=True),
    Stage("strict: warnings become errors", strict_warnings, clean=True),
    Stage("nav: navigation (navigation.py)", navigation, clean=True),
    Stage("user dictionary (navigation.py)", user_dictionary, clean=True),
    Stage("query table: Traditional characters, other names (query.py)", query_names, clean=True),
)
RENDER_STAGE = Stage("render: pages, handed to the writer (render.py, templates)", render_all, clean=True)
STAGES: tuple[Stage, ...] = (*SOURCE_STAGES, *SITE_STAGES, RENDER_STAGE)


def _changes(base: State, done: State) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """What a stage changed in `base`: its fields, and the problems it added."""
    changed = {
        f.name: getattr(done, f.name)
        for f in dataclasses.fields(State)
        if f.name != "problems" and getattr(done, f.name) is not getattr(base, f.name)
    }
    return changed, done.problems[len(base.problems) :]


def _alongside(stage: Stage, base: State, run: Run) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """What `stage` changes in `base` (run by a process of its own: only that travels back)."""
    return _changes(base, stage.run(base, run))


def run_stages(
    state: State,
    stages: tuple[Stage, ...],
    run: Run,
    timed: Callable[[Stage], None] | None = None,
) -> State:
    """The stages in order, from `state`; stops before a `clean` stage once an error is found.

    `timed`, called after each stage, is for benchmarks: with it, no stage runs alongside another.
    """
    i = 0
    while i < len(stages):
        stage = stages[i]
        if stage.clean and state.failed:
            break
        after = stages[i + 1] if i + 1 < len(stages) else None
        if after is not None and after.alongside and run.alongside and timed is None and not after.clean:
            with Background(functools.partial(_alongside, after, state, run)) as job:
                state = stage.run(state, run)
                changed, problems = job.result()
            state = dataclasses.replace(state, problems=(*state.problems, *problems), **changed)
            i += 2
            continue
        state = stage.run(state, run)
        if timed is not None:
            timed(stage)
        i += 1
    return state


def read_source(root: Path, jobs: int | None = None) -> tuple[list[Article], list[Term], list[Problem]]:
    """Every article and the glossary, read and checked, with every problem instead of the first.

    Articles are read by `jobs` processes (default: as many as there are CPUs for a large corpus);
    meanwhile, with several CPUs, the glossary is read by a process of its own (parallel.Background).
    """
    state = run_stages(State(read_sources(root)), SOURCE_STAGES, Run(jobs=jobs))
    return list(state.articles), list(state.terms), list(state.problems)


def edition_file(path: Path, root: Path) -> tuple[Article, list[Problem]]:
    """One edition file, read and parsed (edition.parse_edition, which raises BuildError)."""
    edition = read_file(path, root)
    value = named_raw(edition.text) if edition.text is not None else None
    raws = {value: read_raw(value, root)} if value is not None else {}
    return parse_edition(edition, raws)


def fidelity_file(article: Article, root: Path) -> list[Problem]:
    """edition.check_fidelity of a parsed article, its edition and raw file read again."""
    raw = read_raw(article.raw_path.relative_to(root).as_posix(), root)
    return check_fidelity(article, read_file(article.path, root), raw)


def glossary_file(path: Path, root: Path) -> tuple[list[Term], list[Problem]]:
    """A glossary file, read and validated (glossary.load_glossary, which raises BuildError)."""
    return load_glossary(read_file(path, root))


def read_glossary(root: Path) -> tuple[list[Term], list[Problem]]:
    """source/glossary.yaml's terms and problems; no terms and no problem if there is no glossary."""
    return glossary_stage(optional(root / names.GLOSSARY_FILE, root), Run(jobs=1))


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
    root: Path,
    *,
    strict: bool = False,
    force: bool = False,
    dry_run: bool = False,
    held: bool = False,
    jobs: int | None = None,
) -> Result:
    """`held`: the caller holds docs/'s lock (write.locked) for this build, as `site` does until
    MkDocs has read docs/; taking it again from a forked process would be refused. `jobs`: how many
    processes run each stage (None: by the amount of work)."""
    with gc_paused():
        return _build(root, strict=strict, force=force, dry_run=dry_run, held=held, jobs=jobs)


def _build(root: Path, *, strict: bool, force: bool, dry_run: bool, held: bool, jobs: int | None) -> Result:
    sources = read_sources(root)
    docs = links(root / names.DOCS_DIR)  # before anything reads docs/ or writes there
    run = Run(jobs=jobs, strict=strict, alongside=jobs != 1)
    state = run_stages(State(sources), SOURCE_STAGES, run)
    state = dataclasses.replace(state, problems=(*state.problems, *docs))
    state = run_stages(state, SITE_STAGES, run)  # from matching on, only if no error was found
    if state.failed or state.collection is None:
        return Result(state.problems)
    problems = list(state.problems)
    articles = tuple(state.articles)
    slots: list[Placed] = [
        *layout(list(articles), list(state.terms), dict(state.matches), state.collection),
        *state.extra,
    ]
    out = root / names.DOCS_DIR
    started = False
    try:
        if dry_run:
            problems += plan(slots, out, force=force)
            if has_errors(problems):
                return Result(tuple(problems), articles=articles)
            state = run_stages(state, (RENDER_STAGE,), run)
            return Result(tuple(problems), tuple(state.kept), articles=articles)
        with contextlib.nullcontext() if held else locked(out):  # one build at a time, from the checks to the manifest
            problems += plan(slots, out, force=force)  # nothing is written unless every page may be
            if has_errors(problems):
                return Result(tuple(problems), articles=articles)
            # each page is written by the process that renders it (render_pages)
            writer = Writer(out, force=force, planned=[s.path for s in slots])
            started = True
            state = run_stages(state, (RENDER_STAGE,), dataclasses.replace(run, put=writer.put))
            return Result(tuple(problems), report=writer.finish(list(state.kept)), articles=articles)
    except WriteFailed as exc:
        return Result(tuple([*problems, exc.problem]), articles=articles, partial=started)


def report(result: Result, out: TextIO | None = None, *, checking: bool = False) -> int:
    """Print every problem in one place (on `out`, by default the standard error of the moment, wherever
    the caller has sent it); return the exit code. `checking`: a check, which writes nothing."""
    out = sys.stderr if out is None else out
    for p in result.problems:
        print(p, file=out)
    failed, warned = len(errors(result.problems)), len(warnings(result.problems))
    if failed:
        changed = (
            "docs/ holds part of this build; the next build completes it" if result.partial else "docs/ was not changed"
        )
        if checking:
            print(f"check failed: {failed} error(s), {warned} warning(s); nothing written", file=out)
        else:
            print(f"build failed: {failed} error(s), {warned} warning(s); {changed}", file=out)
        return 1
    if result.report is None:
        print(
            f"checked {len(result.articles)} article(s), {len(result.pages)} page(s): no errors"
            + (f", {warned} warning(s)" if warned else "")
            + "; nothing written",
            file=out,
        )
    else:
        r = result.report
        print(
            f"built {len(r.written) + len(r.unchanged)} pages: {len(r.written)} written, {len(r.unchanged)} unchanged, "
            f"{len(r.deleted)} deleted"
            + (f", {len(r.backups)} backed up in {BACKUPS}/{r.backups[0].split('/')[1]}/" if r.backups else "")
            + (f"; {warned} warning(s)" if warned else ""),
            file=out,
        )
    return 0
