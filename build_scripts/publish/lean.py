"""MkDocs's files → only those a page loads (no source maps, only the search languages in use).

mkdocs-material ships, and MkDocs copies into every site, files no page of this site ever asks for:

- source maps (`*.map`, 1.3 MB), which only a browser's developer tools read, and only because the
  minified scripts end with a `//# sourceMappingURL=` comment; the comment is removed too, so a
  browser with its tools open does not ask for a file that is not there;
- the lunr language support for 27 languages, and two word cutters (wordcut.js for Thai and Hindi,
  677 KB; tinyseg.js for Japanese). The search worker (mkdocs-material 9.8.2,
  src/templates/assets/javascripts/integrations/search/worker/main/index.ts, `setupSearchLanguages`)
  loads with `importScripts` exactly: `lunr.stemmer.support.min.js` unless the only language is
  English, `lunr.<lang>.min.js` for each language but English, `lunr.multi.min.js` when there are
  several, `tinyseg.js` for `ja`, `wordcut.js` for `hi` and `th` (see `lunr_files()`).

They are taken out of MkDocs's file collection (plugin.py calls `lean_files` in `on_files`, after
theme_patches.py has swapped in its patched scripts, whose comments go too), so neither the site
nor the offline copy (`make offline`, built by the same MkDocs run) ever holds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

LUNR_DIR = "assets/javascripts/lunr/"
# The languages whose segmenter the worker loads before the language's own support.
_SEGMENTERS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}
# The last line of a minified script or stylesheet that names its source map.
_SOURCE_MAP_COMMENT = re.compile(r"\n?(?://[#@] sourceMappingURL=[^\n]*|/\*[#@] sourceMappingURL=[^*]*\*/)\s*$")


def lunr_files(langs: Iterable[str]) -> set[str]:
    """The files under LUNR_DIR that the search worker loads for the search languages `langs`."""
    langs = list(langs)
    scripts: set[str] = set()
    for lang in langs:
        if lang in _SEGMENTERS:
            scripts.add(_SEGMENTERS[lang])
        if lang != "en":
            scripts.add(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        scripts.add("min/lunr.multi.min.js")
    if scripts:
        scripts.add("min/lunr.stemmer.support.min.js")
    return {LUNR_DIR + name for name in scripts}


def search_langs(config: MkDocsConfig) -> list[str] | None:
    """The search plugin's languages once it is configured (it fills them from the theme's), or None."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    langs = getattr(getattr(plugin, "config", None), "lang", None)
    return list(langs) if langs else None


def without_source_map(text: str) -> str:
    """A script or stylesheet without its closing `sourceMappingURL` comment."""
    return _SOURCE_MAP_COMMENT.sub("", text)


def lean_files(files: Files, config: MkDocsConfig) -> Files:
    """Drop source maps and unused search languages; strip the comments that name the maps."""
    langs = search_langs(config)
    keep_lunr = lunr_files(langs) if langs is not None else None
    for file in list(files):
        uri = file.src_uri
        unused_lunr = keep_lunr is not None and uri.startswith(LUNR_DIR) and uri not in keep_lunr
        if uri.endswith(".map") or unused_lunr:
            files.remove(file)
        elif uri.endswith((".js", ".css")) and not file.is_documentation_page():
            text = file.content_string
            if "sourceMappingURL=" in text[-300:]:
                files.remove(file)
                files.append(File.generated(config, uri, content=without_source_map(text)))
    return files
