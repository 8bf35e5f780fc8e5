"""A live preview on Zensical: `make serve ENGINE=zensical` (`python -m build_scripts.zensical.serve ADDR`).

`zensical serve` rebuilds when docs/ changes, but runs neither the build script (source/ → docs/)
nor what `make site ENGINE=zensical` does to the built site after Zensical (site.zensical_build:
the index rewrite and query table, the worker's and the bundle's patches, among them the tooltip
fix that keeps titles text). So this preview does not hand the site to `zensical serve`: it
builds the site as `make site ENGINE=zensical` does, serves site/ over http, and watches the
project; on a save under source/, docs/, overrides/ or mkdocs.yml it runs the same build again
and the open pages reload (a small script the server adds to each page asks for the build's
number every second). A build that fails (a problem in source/, printed as `make build` prints
it) leaves the last good site served.
"""

from __future__ import annotations

import argparse
import errno
import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..core import names
from ..core.ports import busy
from .site import configured_site_dir, zensical_build

WATCHED = (names.SOURCE_DIR, names.DOCS_DIR, "overrides", "mkdocs.yml")
POLL_SECONDS = 0.3
GENERATION = "/.preview-build"  # the build's number, which the pages' script compares
RELOAD = (
    "<script>(()=>{let seen=null;setInterval(async()=>{try{const r=await fetch("
    f'"{GENERATION}",{{cache:"no-store"}});const now=await r.text();'
    "if(seen!==null&&now!==seen)location.reload();seen=now}catch(e){}},1000)})()</script>"
)


def snapshot(root: Path, parts: tuple[str, ...] = WATCHED) -> dict[str, float]:
    """Each watched file → its modification time (what changed since the last look)."""
    found: dict[str, float] = {}
    for part in parts:
        top = root / part
        paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in paths:
            try:
                found[str(path)] = path.stat().st_mtime
            except OSError:
                continue  # removed meanwhile: the next look sees it gone
    return found


class Site:
    """The built site's folder and its build number, shared by the watcher and the server."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / configured_site_dir(root)
        self.number = 0
        self.lock = threading.Lock()

    def build(self) -> bool:
        """The build script, then Zensical and its changes; True when both succeeded."""
        started = time.monotonic()
        script = subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=self.root, check=False)
        if script.returncode != 0:
            print("preview: the build script found problems (above); the last good site is served", file=sys.stderr)
            return False
        with self.lock:
            if zensical_build(self.root) != 0:
                print("preview: Zensical's build failed (above); the last good site is served", file=sys.stderr)
                return False
            self.number += 1
        print(f"preview: built in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        return True


def handler(site: Site) -> type[http.server.SimpleHTTPRequestHandler]:
    """Requests answered from the site's folder; pages get the reload script, GENERATION the number."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(site.folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:  # the base's name
            pass  # a line per request would bury the build's own output

        def do_GET(self) -> None:  # the base's name
            path = self.path.split("?", 1)[0]
            if path == GENERATION:
                return self.reply(str(site.number).encode(), "text/plain")
            with site.lock:  # never a half-built site
                file = Path(self.translate_path(path))
                if file.is_dir():
                    file = file / "index.html"
                if file.suffix == ".html" and file.is_file():
                    page = file.read_bytes().replace(b"</body>", RELOAD.encode() + b"</body>", 1)
                    return self.reply(page, "text/html; charset=utf-8")
                return super().do_GET()

        def reply(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def watch(site: Site) -> None:
    """Build again after each save, until the process ends."""
    seen = snapshot(site.root)
    while True:
        time.sleep(POLL_SECONDS)
        now = snapshot(site.root)
        if now == seen:
            continue
        time.sleep(POLL_SECONDS)  # an editor's save is often several writes
        seen = snapshot(site.root)
        site.build()
        # the build's own writes to docs/ are not a save
        seen.update(snapshot(site.root, (names.DOCS_DIR,)))
        for gone in [k for k in seen if k not in now and not Path(k).exists()]:
            del seen[gone]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m build_scripts.zensical.serve",
        description="Live preview on Zensical: build as `make site ENGINE=zensical`, serve, rebuild on a save.",
        epilog="example:\n  python -m build_scripts.zensical.serve 127.0.0.1:8000\n"
        "  (the same: make serve ENGINE=zensical)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="HOST:PORT (default 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    host, _, port = args.address.rpartition(":")
    if not port.isdigit():
        print(f"preview: {args.address!r} is not HOST:PORT, e.g. 127.0.0.1:8000", file=sys.stderr)
        return 2
    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file() or not (root / names.SOURCE_DIR).is_dir():
        print(f"{root}: no mkdocs.yml and source/ here; run from the project's folder", file=sys.stderr)
        return 1
    site = Site(root)
    host = host.strip("[]") or "127.0.0.1"
    try:
        server = http.server.ThreadingHTTPServer((host, int(port)), handler(site))
    except OSError as err:
        # taken since `make serve` checked it (or never checked: the module run by hand): busy()'s line,
        # as the MkDocs preview says it, with a free port to pass
        if err.errno == errno.EADDRINUSE:
            print(busy(host, int(port)), file=sys.stderr)
        else:
            print(f"preview: cannot serve on {host}:{port}: {err.strerror}", file=sys.stderr)
        return 1
    if not site.build() and not (site.folder / "index.html").is_file():
        return 1
    threading.Thread(target=functools.partial(watch, site), daemon=True).start()
    print(f"preview: serving http://{host}:{port}/ (Zensical); Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    sys.exit(main())
