"""The PDF's URL guard (pdf.site_file): a URL the print document asks for → a file inside the built site,
or refused; a real WeasyPrint run on a small site whose page names a file outside it stops with one line."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from build_scripts.tools import pdf
from tests.support.paths import SMALL
from tests.support.projects import build_script, make_project
from tests.support.sites import built_site

SECRET = "secret.png"  # beside the site's folder: what an escape would print


def png() -> bytes:
    """A 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """tmp/site with a stylesheet and a Chinese-named image; tmp/secret.png outside it; a link out."""
    site = tmp_path / "site"
    (site / "stylesheets").mkdir(parents=True)
    (site / "stylesheets" / "extra.css").write_text("p{}", encoding="utf-8")
    (site / "平安浙江.png").write_bytes(png())
    (tmp_path / SECRET).write_bytes(png())
    os.symlink(tmp_path, site / "out")
    return site


HOSTILE = [
    "{root}/%2e%2e/" + SECRET,
    "{root}/%2E%2E%2F" + SECRET,
    "{root}/%2e%2E/%2e%2e/%2e%2e/etc/passwd",
    "{root}/stylesheets/%2e%2e%2f%2e%2e%2f" + SECRET,
    "{root}/%252e%252e/" + SECRET,  # decoded twice, a dot
    "{root}/%25252e%25252e/" + SECRET,
    "{root}/..%5c" + SECRET,  # a backslash, a separator to some readers
    "{root}/..\\" + SECRET,
    "{root}/stylesheets\\..\\..\\" + SECRET,
    "{root}/../" + SECRET,
    "{root}/./stylesheets/extra.css",
    "{root}/%00.css",
    "{root}/out/" + SECRET,  # a symbolic link inside the site, to its parent
    "{root}" + "x/" + SECRET,  # a folder beside the site whose name starts as the site's
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "file://evil.example/share/" + SECRET,
    "file://localhost/etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://example.com/x.css",
    "data:image/png;base64,iVBORw0KGgo=",
    "ftp://example.com/x",
    "//example.com/x",
    "stylesheets/extra.css",  # relative: never given by WeasyPrint, never accepted
]


@pytest.mark.parametrize("url", HOSTILE)
def test_the_guard_refuses_a_url_out_of_the_site(site: Path, url: str) -> None:
    with pytest.raises(pdf.NotASiteFile) as refused:
        pdf.site_file(url.format(root=site.resolve().as_uri()), site)
    assert "\n" not in str(refused.value) and "is not a file of the site: " in str(refused.value)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("{root}/stylesheets/extra.css", "stylesheets/extra.css"),
        ("{root}/stylesheets/extra.css?v=1#x", "stylesheets/extra.css"),
        ("{root}/%E5%B9%B3%E5%AE%89%E6%B5%99%E6%B1%9F.png", "平安浙江.png"),
        ("file://localhost{path}/stylesheets/extra.css", "stylesheets/extra.css"),
    ],
)
def test_the_guard_lets_the_site_files_through(site: Path, url: str, path: str) -> None:
    given = url.format(root=site.resolve().as_uri(), path=site.resolve().as_posix())
    assert pdf.site_file(given, site) == site.resolve() / path


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(make_project(tmp_path_factory.mktemp("pdf-guard"), SMALL / "source"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "src",
    ["../%2e%2e/" + SECRET, "../%2E%2E%2F" + SECRET, "../%252e%252e/" + SECRET, "https://example.com/x.png"],
)
def test_a_page_naming_a_file_out_of_the_site_stops_the_pdf_with_one_line(
    small_site: Path, tmp_path: Path, src: str
) -> None:
    """`make pdf` on a site one of whose pages names a file outside it: exit 1, one line naming
    the URL, no PDF (not one silently without the picture, nor one with the file from outside)."""
    root = tmp_path / "project"
    shutil.copytree(small_site, root, symlinks=True)
    (root / SECRET).write_bytes(png())
    page = next(p for p in sorted((root / "site").glob("*/*.html")) if p.name != "index.html")
    text = page.read_text(encoding="utf-8")
    opening = '<article class="md-content__inner md-typeset">'
    assert opening in text
    page.write_text(text.replace(opening, f'{opening}<p><img src="{src}" alt="平安浙江"></p>', 1), "utf-8")
    proc = build_script(root, "pdf", check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("dist/") and "not written: `" in lines[0] and "is not a file of the site" in lines[0]
    assert not list((root / "dist").glob("*.pdf*")), "a PDF was written"
