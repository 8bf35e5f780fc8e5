"""Command line: `python -m build_scripts import|build|check|site|suggest-terms|zip|pdf|epub|changes`."""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import shutil
import sys
import textwrap
import traceback
from pathlib import Path
from typing import NoReturn

# Each command imports the modules it needs when it runs: `site` starts loading MkDocs while the
# build script runs (cmd_site), and whatever it imports first delays both.
from .pipeline.parallel import workers

# What `mkdocs build` loads before it reads docs/, loaded while the build script writes docs/ (see
# cmd_site). The search plugin segments Chinese with Python jieba, whose dictionary takes about a
# second to load as jieba loads it, and a third of that as publish/dictionary.py does: about what
# the build script of a small site takes.
MKDOCS_MODULES = ("mkdocs.__main__", "mkdocs.commands.build", "material.plugins.search.plugin")
# What it loads next, once it reads mkdocs.yml: the other plugins and the Markdown extensions that
# mkdocs.yml names (and those they load), this project's plugin (build_scripts/publish/) with them.
# Loaded here too, they cost MkDocs nothing once docs/ is written: a sixth of its own work.
SITE_MODULES = (
    "mkdocs.config.defaults",
    "material.plugins.offline.plugin",
    "build_scripts.publish.plugin",
    "markdown.extensions.attr_list",
    "markdown.extensions.md_in_html",
    "markdown.extensions.admonition",
    "markdown.extensions.tables",
    "markdown.extensions.codehilite",
    "markdown.extensions.fenced_code",
    "pymdownx.details",
    "pymdownx.saneheaders",
    "material.templates",
)
EPILOG = """\
Run a command with the project's Python, .venv/bin/python, which `make` sets up:
  .venv/bin/python -m build_scripts check --strict
or with make, which sets .venv up and uses it (`make help` lists every target):
  make check      make build      make import RAW=path/to/file.txt SLUG=my-slug      make suggest-terms
`python -m build_scripts COMMAND --help` says what a command does, with an example."""


def _root() -> Path:
    return Path.cwd()


def cmd_import(args: argparse.Namespace) -> int:
    from .core.model import BuildError
    from .core.problems import has_errors
    from .text.textio import read_text
    from .tools.importer import edition_in_the_way, existing_slugs, import_raw, place_raw, slug_problems, title_slug

    root = _root()
    raw = Path(args.raw)
    try:
        text, notices = read_text(raw)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    articles = root / "source" / "articles"
    taken = existing_slugs(articles)
    derived = title_slug(text, taken)  # never an existing article's slug
    slug = derived if args.slug is None else args.slug
    place, problems = place_raw(raw, root)
    problems = slug_problems(slug, str(raw), taken, derived) + problems
    if place is None or problems:
        for p in problems:
            print(p, file=sys.stderr)
        print("import failed; nothing written", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else articles / f"{slug}.md"
    imported = import_raw(text, str(raw), place.ref, keep_lower=args.keep_lower)
    edition, problems = imported.edition, list(imported.problems)
    if imported.form:
        print(f"{raw}: form: {imported.form}", file=sys.stderr)
    for p in notices + problems:
        print(p, file=sys.stderr)
    if has_errors(problems):
        print("import failed; nothing written", file=sys.stderr)
        return 1
    if args.slug is None and not args.out:
        again = articles / f"{title_slug(text, ())}.md"  # this article's draft, imported before and not edited
        out = again if again.exists() and edition_in_the_way(again, edition, derived, root) is None else out
        slug = out.name.removesuffix(".md")
    if in_the_way := edition_in_the_way(out, edition, derived, root):
        print(in_the_way, file=sys.stderr)
        print("import failed; nothing written", file=sys.stderr)
        return 1
    if args.slug is None and not args.out:
        print(f"slug: {slug} (the title in pinyin; --slug, or SLUG= with make, picks another)", file=sys.stderr)
    if place.copy:
        place.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw, place.path)
        print(f"copied {raw} to {place.ref}: the edition's raw text, never to be edited", file=sys.stderr)
    if out.exists():  # the same draft, not edited since it was written: nothing to write
        print(f"{out}: unchanged, the draft as imported before", file=sys.stderr)
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(edition, encoding="utf-8")
    print(
        f"wrote {out}: a draft; check punctuation, paragraphs, English titles and errata, then build", file=sys.stderr
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    return run_build(strict=args.strict, force=args.force, dry_run=args.check)


def run_build(*, strict: bool, force: bool = False, dry_run: bool = False, held: bool = False) -> int:
    """The build script in this process; its exit code. `held`: this process holds docs/'s lock."""
    from .pipeline.build import build, report

    return report(build(_root(), strict=strict, force=force, dry_run=dry_run, held=held), checking=dry_run)


def cmd_site(args: argparse.Namespace) -> int:
    """The build script, then `mkdocs build --strict`, in one command.

    With several CPUs the build script runs in a forked process while this one loads what MkDocs
    loads first (load_mkdocs()); MkDocs starts once docs/ is written, and only if the build
    succeeded. With one CPU the build runs first, in this process. Either way the result is the
    same as running the two commands one after the other.

    docs/'s lock is held from before the build script starts until MkDocs has read docs/: another
    build or site is refused meanwhile, rather than rewrite docs/ under MkDocs. The forked build
    shares this process's lock and does not take it again.
    """
    from .pipeline.write import WriteFailed, locked  # light: what the build needs is loaded by the build

    try:
        with locked(_root() / "docs"):
            return _site(args)
    except WriteFailed as exc:
        from .pipeline.build import Result, report

        return report(Result((exc.problem,)))


def _site(args: argparse.Namespace) -> int:
    if workers() < 2:
        code = run_build(strict=args.strict, held=True)
    else:
        pid = os.fork()
        if pid == 0:  # the build script
            code = 1
            try:
                code = run_build(strict=args.strict, held=True)
            except BaseException:  # as an uncaught exception would end the command: a traceback, exit 1
                traceback.print_exc()
            finally:
                hard_exit(code)
        load_mkdocs()
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        code = code if code >= 0 else 1  # killed by a signal
    if code:
        return code
    from mkdocs.__main__ import cli

    try:
        cli.main(["build", "--strict", *args.mkdocs_args], prog_name="mkdocs")
    except SystemExit as exc:  # click ends every command this way
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def load_mkdocs() -> None:
    """Load Python jieba's dictionary, quietly, and import MKDOCS_MODULES, as `mkdocs build` would;
    then import SITE_MODULES and read the tables of the search's Traditional fold (text/script.py),
    which this project's plugin reads when MkDocs has written the search index.

    The search plugin adds the glossary (docs/.jieba_user.txt) to that dictionary when MkDocs
    loads its configuration, after the build script has written it, as without this step.
    A module that cannot be imported, or missing tables, are left for MkDocs to report.
    """
    from .publish.dictionary import load_jieba

    load_jieba()  # first: the search plugin imports jieba, which this imports more cheaply
    for name in MKDOCS_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            return
    for name in SITE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            return
    from .text import script

    try:
        script.fold("")
    except script.MissingTables:
        return


def cmd_suggest(args: argparse.Namespace) -> int:
    from .core.problems import errors
    from .pipeline.build import read_source
    from .tools.suggest import print_table, suggest_terms

    articles, terms, problems = read_source(_root())
    stopping = errors(problems)
    for p in stopping:
        print(p, file=sys.stderr)
    if stopping:
        return 1
    return print_table(suggest_terms(articles, terms, minimum=args.min)[: args.top])


def cmd_zip(args: argparse.Namespace) -> int:
    from .tools.offline import zip_dir

    src, dest = Path(args.site_dir), Path(args.zip)
    if not (src / "index.html").is_file():
        print(f"{src}: no index.html; build the offline site first (make offline)", file=sys.stderr)
        return 1
    count = zip_dir(src, dest, args.prefix or dest.stem)
    print(f"wrote {dest}: {count} files; unzip it and open {args.prefix or dest.stem}/index.html", file=sys.stderr)
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .tools.pdf import PdfError, write_pdfs

    try:
        written = write_pdfs(_root(), Path(args.site_dir), Path(args.out), args.lang)
    except PdfError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_epub(args: argparse.Namespace) -> int:
    import datetime

    from .tools.epub import EpubError, write_epubs

    # the build's date, as MkDocs stamps the sitemap: two builds of one commit are byte-identical
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch.isdigit()
        else datetime.datetime.now(datetime.UTC)
    )
    try:
        written = write_epubs(_root(), Path(args.site_dir), Path(args.out), when)
    except EpubError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _wrap(text: str) -> str:
    """A description as the default help formatter would wrap it (the subcommands keep their
    examples' lines as written, so their help formatter wraps nothing)."""
    return textwrap.fill(text, width=min(100, shutil.get_terminal_size().columns - 2))


def cmd_changes(args: argparse.Namespace) -> int:
    from .tools.changes import ChangesError, Interrupted, changes, render

    try:
        found = changes(_root(), args.base, args.head)
    except ChangesError as exc:
        print(exc.problem, file=sys.stderr)
        return 1
    except Interrupted as exc:  # the temporary copies are removed by then
        print(f"changes: stopped by {exc}; no report written, the temporary copies removed", file=sys.stderr)
        return 128 + exc.signum
    text = render(found)
    if args.output:
        out = Path(args.output)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"{out}: cannot write the report: {exc.strerror}\n    fix: choose another --output", file=sys.stderr)
            return 1
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
    if not found.complete:
        for role, snapshot in (("base", found.base), ("head", found.head)):
            for p in (*snapshot.refused, *snapshot.problems):
                print(f"{role}: {p}", file=sys.stderr)
        for role, problems in found.pages.failed:
            print(f"{role}: does not build, so its pages could not be compared", file=sys.stderr)
            for p in problems:
                print(f"{role}: {p}", file=sys.stderr)
        print("the report is incomplete: part of a version could not be read (see above)", file=sys.stderr)
        return 1
    return 0


def package_version() -> str:
    """The installed distribution's version; a checkout that was never installed says so."""
    try:
        return importlib.metadata.version("pingan-reading-edition")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed: run `make` or `pip install .`)"


def main(argv: list[str] | None = None, prog: str = "python -m build_scripts") -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=_wrap(
            "The reading edition's build script: import raw articles, check and build source/ into docs/."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    p = sub.add_parser(
        "import",
        help="raw scraped article → draft edition in source/articles/",
        description=_wrap(
            "Draft an edition from a raw article, and say which form it came in: a flattened scrape (its"
            " punctuation restored, a duplicated lede removed, glued headings found) or punctuated text (its"
            " marks kept), with or without line breaks; subheads on short lines become headings; a byline,"
            " subtitle and photo credits go to the front matter, page-jump markers out of the text (each"
            " recorded as an erratum); a last sentence cut off is flagged. One sentence per line."
            " A file from outside source/raw/ is copied there first (the edition's `raw:` names it there)."
            " Warns about spots that look damaged: lower-cased acronyms and models (g20, 5g, ppp), lost % signs."
        ),
        epilog="example:\n  python -m build_scripts import source/raw/new-article.txt --slug new-article\n"
        "  (the same: make import RAW=source/raw/new-article.txt SLUG=new-article)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("raw", help="the raw text file (line 1 title, line 2 body)")
    p.add_argument("--slug", help="ASCII name of the article's pages (default: the title in pinyin)")
    p.add_argument(
        "--out", help="where to write the edition (default: source/articles/<slug>.md); never over an existing one"
    )
    p.add_argument(
        "--keep-lower",
        action="append",
        default=[],
        metavar="WORD",
        help="a lower-case word that is right as it is (pinyin, English, a unit): no warning (repeatable)",
    )
    p.set_defaults(func=cmd_import)
    for name, check in (("build", False), ("check", True)):
        p = sub.add_parser(
            name,
            help="validate source/ and write docs/" if not check else "validate source/ and report, writing nothing",
            description=_wrap(
                "Read source/ (articles, raw texts, glossary), check each edition against its raw text,"
                " link glossary terms and write the pages to docs/, only those that changed."
                if not check
                else "Read and validate source/ as `build` does and report every problem (file:line, key, fix),"
                " writing nothing. Exit 1 on an error; with --strict, on a warning too."
            ),
            epilog=f"example:\n  python -m build_scripts {name}{' --strict' if check else ''}\n"
            f"  (the same: make {name})",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.add_argument("--force", action="store_true", help="overwrite hand-edited generated pages (backups kept)")
        p.set_defaults(func=cmd_build, check=check)
    p = sub.add_parser(
        "site",
        help="build docs/, then the site with `mkdocs build --strict`, in one command",
        description=_wrap(
            "The build script, then `mkdocs build --strict` into site/, in one command; MkDocs does not run"
            " after a failed build. Any other option is passed on to `mkdocs build` (e.g. --site-dir DIR, -q)."
        ),
        epilog="example:\n  python -m build_scripts site\n  (the same: make site)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--strict", action="store_true", help="treat the build script's warnings as errors")
    p.set_defaults(func=cmd_site)
    p = sub.add_parser(
        "suggest-terms",
        help="frequent words and phrases not yet in the glossary",
        description=_wrap(
            "List the words and phrases used most often in the articles that source/glossary.yaml does"
            " not have yet: candidates for new glossary entries."
        ),
        epilog="example:\n  python -m build_scripts suggest-terms --min 3 --top 20\n  (the same: make suggest-terms)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--min", type=int, default=2, help="minimum count (default 2)")
    p.add_argument("--top", type=int, default=40, help="how many to list (default 40)")
    p.set_defaults(func=cmd_suggest)
    p = sub.add_parser(
        "zip",
        help="zip a built offline site reproducibly",
        description=_wrap("Zip a built offline site, byte for byte the same on every run, under one folder."),
        epilog="example:\n  python -m build_scripts zip dist/pingan-zhejiang-offline dist/pingan-zhejiang-offline.zip\n"
        "  (make offline builds the offline site and zips it)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("site_dir", help="the built offline site (it has an index.html)")
    p.add_argument("zip", help="the zip file to write")
    p.add_argument("--prefix", help="folder name inside the zip (default: the zip's name)")
    p.set_defaults(func=cmd_zip)

    p = sub.add_parser(
        "pdf",
        help="print each article of the built site to dist/<slug>.pdf",
        description=_wrap(
            "Print each article of the built site (make site) to a PDF: a title page, its sections, the "
            "glossary entries it uses as an appendix, page numbers; notes and term definitions as footnotes; "
            "CJK fonts embedded (WeasyPrint). --lang en prints the English translation to dist/<slug>.en.pdf, "
            "--lang both each Chinese paragraph with its English one to dist/<slug>.zh-en.pdf."
        ),
        epilog="example:\n  python -m build_scripts pdf --lang both\n"
        "  (after python -m build_scripts site; the same: make pdf LANG=both)\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--site-dir", default="site", help="the built site (default: site)")
    p.add_argument("--out", default="dist", help="where the PDFs go (default: dist)")
    p.add_argument(
        "--lang",
        choices=("zh", "en", "both"),
        default="zh",
        help="the text printed: zh the Chinese (default), en the English translation, both side by side",
    )
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser(
        "epub",
        help="each article of the built site as an e-book, dist/<slug>.epub",
        description=_wrap(
            "Make each article of the built site (make site) an EPUB 3 e-book that a reader app opens "
            "offline: a title page, its sections with each paragraph's translation and the notes, the "
            "glossary entries it uses; no script, nothing fetched."
        ),
        epilog="example:\n  python -m build_scripts epub\n"
        "  (after python -m build_scripts site; the same: make epub)\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--site-dir", default="site", help="the built site (default: site)")
    p.add_argument("--out", default="dist", help="where the e-books go (default: dist)")
    p.set_defaults(func=cmd_epub)
    p = sub.add_parser(
        "changes",
        help="a Markdown report of what source/ changes since a commit, for reviewers",
        description=_wrap(
            "Compare source/ at a commit with the working tree (or another commit) and write a Markdown report "
            "for reviewers: each changed sentence as a character-level diff, errata and glossary entries added, "
            "changed or removed, and the generated pages that change."
        ),
        epilog="example:\n  python -m build_scripts changes origin/main --output dist/changes.md\n"
        "  (make changes BASE=origin/main does the same)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("base", help="the commit to compare with (a branch, tag or commit: origin/main)")
    p.add_argument("head", nargs="?", help="the changed commit (default: the working tree)")
    p.add_argument("--output", help="write the report to this file (default: standard output)")
    p.set_defaults(func=cmd_changes)
    args, extra = parser.parse_known_args(argv)
    if args.command is None:
        # Nothing was asked, so nothing was done: the usage, with exit 2 as for any other mistake in
        # the command line, so a script that forgot the command fails. `--help` asks for it: exit 0.
        parser.print_help(sys.stderr)
        return 2
    if args.command == "site":
        args.mkdocs_args = extra
    elif args.command == "import" and "--force" in extra:
        print(
            f"{prog} import: there is no --force: an import never overwrites an edition, its notes or translation\n"
            '    fix: pass another --slug, or remove the article first (CONTRIBUTING.md, "Remove an article")',
            file=sys.stderr,
        )
        return 2
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.func(args))
    except ModuleNotFoundError as exc:
        print(
            f"python -m build_scripts {args.command}: module `{exc.name}` not found: this Python"
            f" ({sys.executable}) lacks the project's packages\n"
            f"    fix: run it with .venv/bin/python -m build_scripts {args.command} …, or through make, which sets"
            " .venv up (`make help`)",
            file=sys.stderr,
        )
        return 1


def hard_exit(code: int) -> NoReturn:
    """Exit without freeing every object one by one, which takes a large build about a second:
    the output is flushed and every file written is already closed."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def entry_point() -> NoReturn:
    """The installed command, `reading-edition` (pyproject.toml): the same as `python -m build_scripts`."""
    hard_exit(main(prog="reading-edition"))


if __name__ == "__main__":
    hard_exit(main())
