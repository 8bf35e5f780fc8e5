"""`mkdocs serve` only: a save under source/ → build script, one rebuild; its problems → a banner on pages.

Only the live preview needs this; `make site` runs the build script itself, so a plain `mkdocs build`
(or another tool reading mkdocs.yml) works from docs/ alone, and the preview then does nothing.

How a save becomes one rebuild:

- source/ is watched by the operating system's file notifications (inotify on Linux), not by
  MkDocs's polling every half second; a save asks MkDocs for a rebuild at once;
- each rebuild of the preview runs the build script first (on_pre_build), in MkDocs's build
  thread, so a page is never served while docs/ is half written; the navigation and the site's
  name it writes (docs/.nav.yml) go into that rebuild's configuration, which MkDocs read before;
- MkDocs's own watch on docs/ is replaced by one that ignores what the build script writes
  there (its pages as the manifest records them, its hidden files): those writes used to start a
  second rebuild. A hand-written file under docs/ (stylesheets, assets) still starts one;
- a rebuild after a save renders only the pages the save reached: those the build script has just
  rewritten (MkDocs's own `dirty` build, which renders a page whose file is newer than its HTML),
  when the navigation, the glossary's dictionaries, the files under docs/ and MkDocs's
  configuration are as the last rebuild left them; otherwise every page (Preview.incremental). The
  pages it does not render keep what the last build read of them (their titles, for the
  navigation; their search entries, search.py), so the site served is the one a build of every
  page gives;
- between rebuilds the build script keeps its compiled templates and its segmenter, and MkDocs the
  theme's compiled templates (Preview.start, _Compiled); Python jieba's dictionary, to which the search
  plugin adds the glossary on every rebuild, is put back as it was after each (keep_search_dictionary).

The build script's problems never go through MkDocs's logger: under `--strict` (mkdocs.yml sets it)
MkDocs would count them as warnings and abort the rebuild, and an aborted rebuild leaves the server
waiting for a good one before it answers any request. Instead the last run's problems are printed
and shown on every page served until a build succeeds; docs/ keeps the last good build's pages.

All of it is the state of one Preview, which lives as long as the server (plugin.py). The build
script's modules are imported only when the preview starts: a plain `mkdocs build` never loads the
build script's dependencies.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import html
import io
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import watchdog.events
import yaml

from ..core.names import DOCS_DIR, NAV_FILE, SOURCE_DIR
from ..core.ports import busy, free

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.serve")  # information only: a warning would abort a --strict rebuild
# Files under source/ the build script reads; an editor's swap and backup files start no rebuild.
SOURCE_SUFFIXES = (".md", ".yaml", ".yml", ".txt")
BANNER_ID = "build-problems"

# What the build script writes into docs/.nav.yml, which mkdocs.yml reads through INHERIT.
GENERATED_KEYS = ("nav", "site_name", "site_description")
# What MkDocs reads of a page (Page.read_source, render): kept for a rebuild that does not read it.
PAGE_READ = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")


def bind_or_exit(server: LiveReloadServer) -> None:
    """Take the preview's address now, before the preview starts watching: a busy port ends the
    command with busy()'s line and status 1, instead of the traceback MkDocs's server.serve() ends
    in (it binds there; it is told not to bind again)."""
    try:
        server.server_bind()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        host, port = server.server_address[:2]
        print(busy(str(host), int(port)), file=sys.stderr)
        raise SystemExit(1) from None
    server.server_bind = lambda: None  # type: ignore[method-assign]


def check_address(address: str) -> int:
    """`make serve`'s check before it builds anything: 0 if `host:port` is free, else 1 and busy()'s line."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if free(host, int(port)):
        return 0
    print(busy(host, int(port)), file=sys.stderr)
    return 1


class _Compiled(jinja2.BytecodeCache):
    """The theme's templates compiled, kept in memory from one rebuild to the next (MkDocs makes a
    new Jinja environment for each): a third of a rebuild's CPU time. Jinja checks each entry
    against its template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _OnDisk(jinja2.FileSystemBytecodeCache):
    """The theme's templates compiled, kept from one `mkdocs build` to the next in this package's
    `__pycache__/` (where Python keeps its bytecode; nothing is left in the temporary folder):
    compiling them is a sixth of a one-article build. Jinja checks each entry against its
    template's source. A folder that cannot be written leaves them compiled on every build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def on_disk() -> jinja2.BytecodeCache | None:
    """_OnDisk, or None where its folder cannot be made (an installation that cannot be written)."""
    folder = Path(__file__).parent / "__pycache__" / "theme-templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _OnDisk(str(folder))


class Preview:
    """The live preview's state, from one rebuild to the next; inert unless `mkdocs serve` runs."""

    def __init__(self) -> None:
        self.serving = False  # `mkdocs serve`: from on_startup, or from on_serve under `--clean`
        self.lock = threading.Lock()  # held while the build script writes docs/
        self.problems: list[str] = []  # the last run's problems, as printed
        self.failed = False  # the last run stopped with an error: docs/ holds the last good build
        self.deleted: frozenset[str] = frozenset()  # pages the last run deleted, relative to docs/
        self.observer: Any = None  # the source/ watch, stopped on shutdown
        self.compiled = _Compiled()
        # jieba's file, words and total before any rebuild
        self.dictionary: tuple[str, dict[str, int], int] | None = None
        self.ran = False  # the build script has run for the rebuild under way (build_site)
        self.written: frozenset[str] | None = None  # what its last run wrote into docs/ (None: unknown)
        self.incremental = False  # the rebuild under way renders only the pages a save reached
        self.read: dict[str, dict[str, Any]] = {}  # what the last builds read of each page, by file
        self.seen: tuple[Any, ...] | None = None  # the configuration and docs/'s files at the last rebuild

    def start(self) -> None:
        """The preview begins: load the build script now (a broken import shows before the server
        starts, not on the first save) and keep what it builds slowly between its runs."""
        if self.serving:
            return
        self.serving = True
        # Its Jinja templates (render.environment) and its segmenter for an unchanged glossary
        # (segment.tokenizer) are kept by the build script itself from one run to the next.
        from ..pipeline import build  # noqa: F401

        self.keep_search_dictionary()

    def keep_search_dictionary(self) -> None:
        """Each rebuild loads the configuration again, and with it the search plugin adds the glossary
        (docs/.jieba_user.txt) to Python jieba's dictionary again: jieba adds each word's frequency to
        its total every time. After a few saves the preview's search index was cut into other words
        than the site's. jieba's dictionary is kept as it is before any user word, and put back after
        each build (restore_search_dictionary), so each rebuild adds the glossary once, as `mkdocs
        build` does."""
        from .dictionary import load_jieba

        jieba = load_jieba()
        if jieba is None:
            return
        self.dictionary = (jieba.dt.dictionary, dict(jieba.dt.FREQ), jieba.dt.total)

    def restore_search_dictionary(self) -> None:
        if self.dictionary is None:
            return
        import jieba

        # only over the dictionary it was taken from (the search plugin's `jieba_dict` replaces it)
        if jieba.dt.dictionary == self.dictionary[0]:
            jieba.dt.FREQ, jieba.dt.total = dict(self.dictionary[1]), self.dictionary[2]

    def on_startup(self, command: str) -> None:
        # `mkdocs serve --clean` says "build" here, as `mkdocs build` does: on_serve tells them apart
        if command == "serve":
            self.start()

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.serving and not self.ran:  # the first build (build_site runs it for the others)
            root = Path(os.path.abspath(config.config_file_path)).parent
            self.run_build(root)
            take_generated_config(config, root)
            self.seen = self.configuration(config)
        self.ran = False

    def build_site(
        self, full: Callable[..., None], config: MkDocsConfig, *, serve_url: Any = None, dirty: bool = False
    ) -> None:
        """A rebuild of the preview (MkDocs's serve calls it as its `build`): the build script, then
        MkDocs, over the pages the build script rewrote when nothing else changed (unchanged_but_pages)."""
        root = Path(os.path.abspath(config.config_file_path)).parent
        self.run_build(root)
        self.ran = True
        take_generated_config(config, root)
        self.incremental = not dirty and self.unchanged_but_pages(config)
        if self.incremental:
            pages = ", ".join(sorted(self.written or ())) or "none"
            log.info("Rendering only the pages the build script rewrote: %s", pages)
        try:
            full(config, serve_url=serve_url, dirty=dirty or self.incremental)
        finally:
            self.incremental = False

    def unchanged_but_pages(self, config: MkDocsConfig) -> bool:
        """Whether the build script's last run changed pages only, and nothing else changed since the
        last rebuild: the navigation, the glossary's dictionaries (every page's search entries),
        the set of files under docs/, mkdocs.yml and what MkDocs watches besides."""
        seen, self.seen = self.seen, self.configuration(config)
        if seen is None or seen != self.seen or self.written is None or not self.read:
            return False
        from ..pipeline.write import MANIFEST

        return not any(p.startswith(".") and p != MANIFEST for p in self.written)

    @staticmethod
    def configuration(config: MkDocsConfig) -> tuple[Any, ...]:
        """What a rebuild of some pages assumes unchanged: mkdocs.yml and each watched file's time,
        docs/'s file names."""
        docs = Path(os.path.abspath(config.docs_dir))
        source = Path(os.path.abspath(config.config_file_path or ".")).parent / SOURCE_DIR
        watched: list[tuple[str, int]] = []
        for item in [config.config_file_path or "", *config.watch]:
            path = Path(os.path.abspath(item))
            if path in (source, docs):  # the build script's input, and its output: the pages tell
                continue
            for f in [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []:
                with contextlib.suppress(OSError):
                    watched.append((str(f), f.stat().st_mtime_ns))
        names = sorted(str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_file())
        return tuple(watched), tuple(names)

    def on_env(self, env: jinja2.Environment, files: Files) -> jinja2.Environment:
        if self.serving:
            env.bytecode_cache = self.compiled
            self.keep_pages(files)
        elif env.bytecode_cache is None:
            env.bytecode_cache = on_disk()
        return env

    def keep_pages(self, files: Files) -> None:
        """Give each page this rebuild does not read (`incremental`) what the last build read of it,
        and keep what this one read: the navigation of the pages it renders shows their titles."""
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            if page.markdown is None and self.incremental and file.src_uri in self.read:
                for name, value in self.read[file.src_uri].items():
                    setattr(page, name, value)
            elif page.markdown is not None:
                self.read[file.src_uri] = {name: getattr(page, name) for name in PAGE_READ}

    def on_build_error(self) -> None:
        """A rebuild that failed part of the way: the next renders every page."""
        self.read, self.seen = {}, None

    def on_shutdown(self) -> None:
        if self.observer is not None:
            self.observer.stop()

    def run_build(self, root: Path) -> None:
        """The build script over `root`: docs/ rewritten, or its problems kept for the banner; both printed."""
        from ..pipeline import build

        out = io.StringIO()
        started = time.perf_counter()
        with self.lock:
            try:
                result = build.build(root)
            except Exception:  # a bug in the build script must not stop the preview
                self.written = None
                self.failed, self.problems = True, [f"the build script failed:\n{traceback.format_exc()}"]
                print(self.problems[0], file=sys.stderr)
                return
            code = build.report(result, out)
            self.failed = code != 0
            self.problems = [str(p) for p in result.problems]
            self.deleted = frozenset(result.report.deleted if result.report else ())
            self.written = written(result.report) if not self.failed else frozenset()
        text = out.getvalue()
        print(f"{text.rstrip()} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
        bind_or_exit(server)
        self.start()  # `mkdocs serve --clean`: the first build ran without the build script
        # absolute as MkDocs makes the paths it watches (os.path.abspath: symbolic links kept)
        root = Path(os.path.abspath(config.config_file_path)).parent
        source = root / SOURCE_DIR
        # source/ is ours: a second watch on it (polled by MkDocs) would start a second rebuild
        config.watch[:] = [w for w in config.watch if Path(os.path.abspath(w)) != source]
        docs = Path(os.path.abspath(config.docs_dir))
        server.unwatch(str(docs))
        handler = _Handler(lambda paths: self.docs_changed(docs, paths), server)
        server.observer.schedule(handler, str(docs), recursive=True)
        if source.is_dir():
            self.watch_source(source, server)
        app = server.get_app()
        assert app is not None
        server.set_app(self.with_banner(app))
        self.take_over_rebuilds()
        log.info("Watching source/ (the build script's input) and docs/ (files not written by the build script)")
        return server

    def take_over_rebuilds(self) -> None:
        """MkDocs's serve rebuilds by calling its module's `build` (mkdocs.commands.serve, 1.6): from
        now on build_site, which calls MkDocs's build in turn; and the warning of MkDocs's `dirty`
        build, which `--strict` would count, is not logged for the preview's own rebuilds of some pages."""
        import mkdocs.commands.serve as serving

        full = serving.build  # type: ignore[attr-defined]  # imported there from mkdocs.commands.build
        serving.build = functools.partial(self.build_site, full)  # type: ignore[attr-defined]
        logging.getLogger("mkdocs.commands.build").addFilter(self.quiet_dirty)

    def quiet_dirty(self, record: logging.LogRecord) -> bool:
        return not (self.incremental and str(record.msg).startswith("A 'dirty' build is being performed"))

    def watch_source(self, source: Path, server: LiveReloadServer) -> None:
        def wanted(paths: list[str]) -> bool:
            below = [(p, _parts(p, source)) for p in paths]
            return any(
                parts and p.endswith(SOURCE_SUFFIXES) and not any(part.startswith(".") for part in parts)
                for p, parts in below
            )

        from watchdog.observers import Observer

        handler = _Handler(wanted, server)
        try:
            observer = Observer()
            observer.schedule(handler, str(source), recursive=True)
            observer.daemon = True
            observer.start()
        except OSError:  # no file notifications here (or too many watches): MkDocs's polling
            server.observer.schedule(handler, str(source), recursive=True)
            return
        self.observer = observer

    def docs_changed(self, docs: Path, paths: Iterable[str]) -> bool:
        """Whether a change under docs/ is someone else's than the build script's.

        Ours: a hidden file (the manifest, the navigation, temporary files), a page whose bytes are those
        the manifest records, a page the last run deleted. Waits for a running build script to finish,
        so its pages are judged against the manifest it writes last.
        """
        with self.lock:
            # the digests the build script wrote at each path (its manifest, and the journal of a build
            # that did not finish); a damaged manifest is empty here and reported by the next build
            from ..pipeline.write import read_previous

            known: dict[str, frozenset[str]] = read_previous(docs).known
            for path in map(Path, paths):
                parts = _parts(str(path), docs)
                if parts is None:
                    return True
                if any(part.startswith(".") for part in parts):
                    continue
                key = "/".join(parts)
                if not path.exists():
                    if key in self.deleted:
                        continue
                    return True
                digests = known.get(key)
                try:
                    if digests and hashlib.sha256(path.read_bytes()).hexdigest() in digests:
                        continue
                except OSError:
                    pass
                return True
        return False

    def with_banner(self, app: WSGIApplication) -> WSGIApplication:
        """The server's application, with the banner put into each HTML page it serves."""

        def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            answer: list[Any] = []

            def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
                answer[:] = [status, headers]
                return lambda data: None

            # MkDocs answers a page only once its rebuild is done: the problems read after it are current
            body = app(environ, keep)
            status, headers = answer
            block = banner(self.problems, self.failed)
            kind = next((v for k, v in headers if k.lower() == "content-type"), "")
            if not block or not kind.startswith("text/html"):
                start_response(status, headers)
                return body
            try:
                page = b"".join(body)
            finally:
                close = getattr(body, "close", None)
                if close is not None:
                    close()
            page = inject(page, block)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            start_response(status, [*headers, ("Content-Length", str(len(page)))])
            return [page]

        return serve


def written(report: Any) -> frozenset[str] | None:
    """The pages a build wrote (a write.WriteReport); None when it did more than write pages."""
    if report is None or report.deleted or report.backups:
        return None
    return frozenset(report.written)


def take_generated_config(config: MkDocsConfig, root: Path) -> None:
    """Give this rebuild the navigation and the site's name the build script has just written.

    MkDocs read docs/.nav.yml with mkdocs.yml before this rebuild began, before the build script
    rewrote it: without this the preview would run one save behind, and an article added or removed
    would leave a navigation naming pages that do not exist (under `--strict` the rebuild aborts and
    the server stops answering).
    """
    try:
        generated = yaml.safe_load((root / DOCS_DIR / NAV_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return  # the build script failed before writing it: the last good build's stays
    if isinstance(generated, dict):
        for key in GENERATED_KEYS:
            if key in generated:
                config[key] = generated[key]


def request_rebuild(server: LiveReloadServer) -> None:
    """What MkDocs's own watch does on a change (mkdocs.livereload, 1.6): wake its build loop."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


class _Handler(watchdog.events.FileSystemEventHandler):
    """A watchdog handler: `wanted(paths)` says whether an event's files need a rebuild."""

    def __init__(self, wanted: Callable[[list[str]], bool], server: LiveReloadServer) -> None:
        super().__init__()
        self.wanted = wanted
        self.server = server

    def dispatch(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed", "closed_no_write"):
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        try:
            wanted = self.wanted([os.fsdecode(p) for p in paths])
        except Exception:  # an error here would end the watch's thread: rebuild rather than guess
            log.exception("could not tell whether a change needs a rebuild")
            wanted = True
        if wanted:
            request_rebuild(self.server)


def _parts(path: str, folder: Path) -> tuple[str, ...] | None:
    """The parts of `path` below `folder`, or None if it is not below it."""
    try:
        return Path(path).relative_to(folder).parts
    except ValueError:
        return None


def banner(problems: list[str], failed: bool) -> bytes:
    """The problems of the build script's last run as an HTML block, escaped; empty when there are none."""
    if not problems:
        return b""
    head = (
        "The build script stopped; the pages below are from the last good build. Fix source/ and save."
        if failed
        else "The build script warns:"
    )
    items = "".join(
        f'<pre style="white-space:pre-wrap;margin:.4em 0;font:inherit">{html.escape(p)}</pre>' for p in problems
    )
    style = "position:relative;z-index:1000;padding:.8em 1.2em;font:14px/1.5 monospace;" + (
        "background:#b71c1c;color:#fff" if failed else "background:#fff3cd;color:#3d2e00"
    )
    return (
        f'<div id="{BANNER_ID}" role="alert" style="{style}"><strong>{html.escape(head)}</strong>{items}</div>'.encode()
    )


def inject(page: bytes, block: bytes) -> bytes:
    """`block` as the first thing in the page's body."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + block + page[end:]


if __name__ == "__main__":  # python -m build_scripts.publish.serve HOST:PORT (the Makefile's serve target)
    sys.exit(check_address(sys.argv[1]))
