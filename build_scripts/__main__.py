"""Command line: `python -m build_scripts import|build|check|site|suggest-terms|zip`."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn

# Each command imports the modules it needs when it runs: `site` starts loading MkDocs while the
# build script runs (cmd_site), and whatever it imports first delays both.
from .parallel import workers

# What `mkdocs build` loads before it reads docs/, loaded while the build script writes docs/ (see
# cmd_site). The search plugin segments Chinese with Python jieba, whose dictionary takes about a
# second to load: more than the build script of a small site takes.
MKDOCS_MODULES = ("mkdocs.__main__", "mkdocs.commands.build", "material.plugins.search.plugin")


def _root() -> Path:
    return Path.cwd()


def cmd_import(args: argparse.Namespace) -> int:
    from .edition import SLUG_RE
    from .importer import draft_edition
    from .model import BuildError, Severity
    from .textio import read_text

    root = _root()
    raw = Path(args.raw)
    try:
        text, notices = read_text(raw)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    slug = args.slug or raw.stem.lower().replace("_", "-")
    if not SLUG_RE.match(slug):
        print(
            f"{raw}: `{slug}` is not an ASCII slug for the article's pages\n"
            f"    fix: pass --slug with lower-case ASCII letters, digits and hyphens, e.g. --slug pingan-zhejiang",
            file=sys.stderr,
        )
        return 1
    out = Path(args.out) if args.out else root / "source" / "articles" / f"{slug}.md"
    try:
        raw_ref = raw.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raw_ref = str(raw)
    edition, problems = draft_edition(text, str(raw), raw_ref)
    for p in notices + problems:
        print(p, file=sys.stderr)
    if any(p.severity is Severity.ERROR for p in problems):
        print("import failed; nothing written", file=sys.stderr)
        return 1
    if out.exists() and not args.force:
        print(
            f"{out}: exists; refusing to overwrite an edition editors may have refined\n"
            f"    fix: choose another --slug or --out, or pass --force",
            file=sys.stderr,
        )
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(edition, encoding="utf-8")
    print(
        f"wrote {out}: a draft; check punctuation, paragraphs, English titles and errata, then build", file=sys.stderr
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    return run_build(strict=args.strict, force=args.force, dry_run=args.check)


def run_build(*, strict: bool, force: bool = False, dry_run: bool = False) -> int:
    """The build script in this process; its exit code."""
    from .build import build, report

    return report(build(_root(), strict=strict, force=force, dry_run=dry_run))


def cmd_site(args: argparse.Namespace) -> int:
    """The build script, then `mkdocs build --strict`, in one command.

    With several CPUs the build script runs in a forked process while this one loads what MkDocs
    loads first (load_mkdocs()); MkDocs starts once docs/ is written, and only if the build
    succeeded. With one CPU the build runs first, in this process. Either way the result is the
    same as running the two commands one after the other.
    """
    if workers() < 2:
        code = run_build(strict=args.strict)
    else:
        pid = os.fork()
        if pid == 0:  # the build script
            code = 1
            try:
                code = run_build(strict=args.strict)
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
    """Import MKDOCS_MODULES and load Python jieba's dictionary, quietly, as `mkdocs build` would.

    The search plugin adds the glossary (docs/.jieba_user.txt) to that dictionary when MkDocs
    loads its configuration, after the build script has written it, as without this step.
    A module that cannot be imported is left for MkDocs to report.
    """
    for name in MKDOCS_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            return
    try:
        import jieba
    except ImportError:
        return
    level = jieba.default_logger.level
    jieba.setLogLevel(logging.WARNING)  # jieba logs its progress on stderr
    try:
        jieba.initialize()
    finally:
        jieba.setLogLevel(level)


def cmd_suggest(args: argparse.Namespace) -> int:
    from .build import read_source
    from .model import Severity
    from .suggest import print_table, suggest_terms

    articles, terms, problems = read_source(_root())
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for p in errors:
        print(p, file=sys.stderr)
    if errors:
        return 1
    return print_table(suggest_terms(articles, terms, minimum=args.min)[: args.top])


def cmd_zip(args: argparse.Namespace) -> int:
    from .offline import zip_dir

    src, dest = Path(args.site_dir), Path(args.zip)
    if not (src / "index.html").is_file():
        print(f"{src}: no index.html; build the offline site first (make offline)", file=sys.stderr)
        return 1
    count = zip_dir(src, dest, args.prefix or dest.stem)
    print(f"wrote {dest}: {count} files; unzip it and open {args.prefix or dest.stem}/index.html", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("import", help="raw scraped article → draft edition in source/articles/")
    p.add_argument("raw", help="the raw text file (line 1 title, line 2 body)")
    p.add_argument("--slug", help="ASCII name of the article (default: from the file name)")
    p.add_argument("--out", help="where to write the edition (default: source/articles/<slug>.md)")
    p.add_argument("--force", action="store_true", help="overwrite an existing edition")
    p.set_defaults(func=cmd_import)
    for name, check in (("build", False), ("check", True)):
        p = sub.add_parser(
            name,
            help="validate source/ and write docs/" if not check else "validate source/ and report, writing nothing",
        )
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.add_argument("--force", action="store_true", help="overwrite hand-edited generated pages (backups kept)")
        p.set_defaults(func=cmd_build, check=check)
    p = sub.add_parser("site", help="build docs/, then the site with `mkdocs build --strict`, in one command")
    p.add_argument("--strict", action="store_true", help="treat the build script's warnings as errors")
    p.epilog = "Any other option is passed on to `mkdocs build` (e.g. --site-dir DIR, -q)."
    p.set_defaults(func=cmd_site)
    p = sub.add_parser("suggest-terms", help="frequent words and phrases not yet in the glossary")
    p.add_argument("--min", type=int, default=2, help="minimum count (default 2)")
    p.add_argument("--top", type=int, default=40, help="how many to list (default 40)")
    p.set_defaults(func=cmd_suggest)
    p = sub.add_parser("zip", help="zip a built offline site reproducibly")
    p.add_argument("site_dir")
    p.add_argument("zip")
    p.add_argument("--prefix", help="folder name inside the zip (default: the zip's name)")
    p.set_defaults(func=cmd_zip)
    args, extra = parser.parse_known_args(argv)
    if args.command == "site":
        args.mkdocs_args = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return int(args.func(args))


def hard_exit(code: int) -> NoReturn:
    """Exit without freeing every object one by one, which takes a large build about a second:
    the output is flushed and every file written is already closed."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    hard_exit(main())
