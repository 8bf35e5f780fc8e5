"""Python jieba's dictionary, which the search plugin segments the index with, loaded quietly and
in one piece (jieba imported without pkg_resources): by `python -m build_scripts site` while the
build script writes docs/, and by the preview (serve.py) before its first build.

jieba.initialize() reads its cache of the default dictionary with marshal.load() on the open file,
which takes two and a half times the CPU time of marshal.loads() on the file's bytes (about 0.7 s
against 0.3 s), and MkDocs waits for it. load_jieba() reads that cache
itself when jieba would read it, and leaves every other case to jieba.initialize(): the same
words and frequencies either way (tests/pages/test_matcher.py compares them).
"""

from __future__ import annotations

import logging
import marshal
import sys
import tempfile
from pathlib import Path
from types import ModuleType

CACHE = "jieba.cache"  # jieba's cache of its default dictionary, in its tmp_dir or the system's


def load_jieba() -> ModuleType | None:
    """Python jieba with its dictionary loaded, quietly (jieba logs its progress on stderr); None
    where it is not installed."""
    jieba = import_jieba()
    if jieba is None:
        return None
    level = jieba.default_logger.level
    jieba.setLogLevel(logging.WARNING)
    try:
        if not from_cache(jieba):
            jieba.initialize()
    finally:
        jieba.setLogLevel(level)
    module: ModuleType = jieba
    return module


def import_jieba() -> ModuleType | None:
    """Python jieba, imported (once) without pkg_resources, which jieba imports only to open its own
    data files and which costs a tenth of a second (it reads the metadata of every installed
    package): where it cannot import pkg_resources, jieba opens the same files from its folder.
    None where jieba is not installed."""
    blocked = "jieba" not in sys.modules and "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import's own "not importable" mark
    try:
        import jieba
    except ImportError:
        return None
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    module: ModuleType = jieba
    return module


def from_cache(jieba: ModuleType) -> bool:
    """jieba's default tokenizer given the dictionary of jieba's cache, as jieba.initialize() reads
    it; False (nothing done) where jieba would not read that cache: another dictionary or cache
    file set, no cache written yet (jieba.initialize() then builds and writes one), or a cache that
    cannot be read."""
    dt = jieba.dt
    with dt.lock:
        if dt.initialized:
            return True
        if dt.dictionary != jieba.DEFAULT_DICT or dt.cache_file:
            return False
        try:
            freq, total = marshal.loads(Path(dt.tmp_dir or tempfile.gettempdir(), CACHE).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return False
        if not isinstance(freq, dict) or not freq or not isinstance(total, int):
            return False
        dt.FREQ, dt.total, dt.initialized = freq, total, True
    return True
