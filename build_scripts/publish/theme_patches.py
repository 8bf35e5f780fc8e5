"""mkdocs-material 9.8.2 scripts → the same scripts with named patches: Chinese search, tooltips as text, no CDN.

Each patch is one exact string replacement in one minified asset of that exact release, and names
the upstream issue it works around (or the report drafted in upstream.md, or why none can be filed)
and when it can go. The build
refuses another release (check_theme_version); `python -m build_scripts.publish.theme_patches
--check` tries every patch against the installed theme, whatever its release, and says per patch
whether it still applies and whether the flaw it fixes is still there (.github/workflows/upstream.yml
runs it weekly against the newest mkdocs-material).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# The patches below are literal excerpts of this exact release's minified
# bundles; any other version must be re-checked by hand, so we refuse it.
THEME_VERSION = "9.8.2"

# Asset paths as they appear in the theme dir and in site_dir. The content
# hash in the name changes with every release, which is a second tripwire.
WORKER = "assets/javascripts/workers/search.a7633da7.min.js"
BUNDLE = "assets/javascripts/bundle.a5f9d56c.min.js"


# The same assets in any release, for --check: the hash in the name changes with every release.
ASSET_PATTERNS = {WORKER: "assets/javascripts/workers/search.*.min.js", BUNDLE: "assets/javascripts/bundle.*.min.js"}


class ThemePatchError(PluginError):
    """Raised when the theme is not the one these patches were written for."""


# New code longer than a line lives in js/ beside this file, as one function expression each: a
# file JavaScript tools read (node --check in the tests), inserted whole where the patch calls it.
SCRIPTS = Path(__file__).parent / "js"


def script(name: str) -> str:
    """The function expression of js/<name>, its comments kept (the bundle keeps its line breaks)."""
    return (SCRIPTS / name).read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class Patch:
    """One exact, unique string replacement in one theme asset, and why it is there."""

    name: str
    asset: str
    old: str
    new: str
    # The upstream report of the flaw, a report drafted in upstream.md and not yet filed, or why none
    # can be (a feature, which the theme no longer takes); and when the patch can go.
    upstream: str
    retire: str
    # A regular expression that finds the flawed code in any release, whatever the minifier named
    # its variables: while it matches, the flaw is there (--check).
    flaw: str


# Why a feature is not reported: mkdocs-material has been in maintenance mode since November 2025.
NO_FEATURES = " (the theme takes no new features: https://github.com/squidfunk/mkdocs-material/issues/8523)"

PATCHES: tuple[Patch, ...] = (
    # Problem 1. `segment()` (src/.../search/query/segment/index.ts, minified
    # as `fe`) re-cuts a Han query against the index keys. Its inner loop ran
    # `j < query.length`, so a word ending at the last character was never
    # seen (平安浙江 -> 平安, 村规民约 -> 村). Fix: `j <= query.length`. Once
    # that is fixed, `q < query.length - 1` would still drop a one-character
    # final word (浙江省 -> 浙江), so it becomes `q < query.length`; before the
    # fix that guard could never matter, since the last cut was always 0.
    Patch(
        name="segment-includes-last-char",
        asset=WORKER,
        old=(
            "function fe(t,e){let r=new Set,n=new Uint16Array(t.length);"
            "for(let s=0;s<t.length;s++)for(let o=s+1;o<t.length;o++)"
            "t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.length;s>0;)"
            "{let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&"
            "(r.add(t.slice(o,o+u)),i[s++]=o+u);let a=o+n[o];"
            "n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}"
            'return r.has("")?new Set([t]):r}'
        ),
        new=(
            "function fe(t,e){let r=new Set,n=new Uint16Array(t.length);"
            "for(let s=0;s<t.length;s++)for(let o=s+1;o<=t.length;o++)"
            "t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.length;s>0;)"
            "{let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&"
            "(r.add(t.slice(o,o+u)),i[s++]=o+u);let a=o+n[o];"
            "n[a]&&a<t.length&&(i[s++]=a),r.add(t.slice(o,a))}"
            'return r.has("")?new Set([t]):r}'
        ),
        upstream=(
            "drafted, not filed: upstream.md#segment-includes-last-char; segment() came with "
            "https://github.com/squidfunk/mkdocs-material/issues/3915 (Chinese query segmentation)"
        ),
        retire="when segment()'s inner loop runs to `query.length` inclusive (the flaw no longer matches)",
        flaw=r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ",
    ),
    # Problem 3. `watchSearchQuery()` (src/.../components/search/query) only
    # re-reads the input on keyup (and focus), so text pasted with the mouse,
    # dropped, or committed by an IME without a key event starts no search.
    # Also listening to `input` is safe: `distinctUntilChanged` (`Y()`)
    # swallows the duplicate value when both events fire.
    # Problem 4. The result list highlights by token position: the worker's
    # `search()` (src/.../search/_/index.ts) collects, per field, the
    # positions lunr matched and wraps those whole tokens in <mark>
    # (`highlight`, minified `oe`). A Han word found only inside a longer
    # jieba word (正义 in 公平正义) matched the hidden `subwords` field
    # (search.py), which is never shown, so the title and text got no
    # position and no <mark>. (The regex highlighter in the bundle is only for
    # the page opened from a result, `?h=`; its `(^|separator|)` already
    # allows a match anywhere, so the page itself was always highlighted.)
    # Fix, per shown field: a matched query term made only of Han characters
    # also claims every text token that contains it (not at its start: lunr's
    # prefix match already found those), so the right paragraphs are picked
    # as the teaser; then every <mark> around a token that contains such a
    # term is narrowed to the term itself: 公平<mark>正义</mark>,
    # <mark>平安</mark>浙江 for 平安. Latin terms are left as they were.
    Patch(
        name="highlight-han-inside-words",
        asset=WORKER,
        old=(
            'if(!m.length)continue;let x=this.table.get([c.location,l].join(":")),'
            'v=Array.isArray(c[l])?q:oe;c[l]=v(c[l],x,m,l!=="text")}'
        ),
        new=(
            'let x=this.table.get([c.location,l].join(":"));'
            f"({script('han_claim.js')})(c[l],x,m,f,this.fold&&this.fold.chars);"
            "if(!m.length)continue;let v=Array.isArray(c[l])?q:oe;"
            'c[l]=v(c[l],x,m,l!=="text");'
            f"c[l]=({script('han_narrow.js')})(c[l],f,this.fold&&this.fold.chars)}}"
        ),
        upstream=(
            "drafted, not filed: upstream.md#highlight-han-inside-words; the same symptom with the older "
            "regex highlighter: https://github.com/squidfunk/mkdocs-material/issues/3990"
        ),
        retire="when the theme marks a Han query inside a longer indexed word in results, or search.py's subwords go",
        flaw=r"if\(!\w+\.length\)continue;let \w+=this\.table\.get\(",
    ),
    # What a reader types is not always what the text says (query.py writes the index's
    # `config.query`): a Traditional character becomes the Simplified one the index holds, and
    # another name of a glossary term is searched as the term. The search class (`U`) keeps the
    # rewrite built from the table (`this.fold`), and `search()` applies it before the query is
    # cut into words, so the highlighted words are the text's own. A number or Latin word typed
    # against Han text (13年, G20峰会) is split from it, as jieba split it in the index.
    Patch(
        name="query-folds-variants",
        asset=WORKER,
        # the statement after the insertion is part of `old`, so that `new` does not hold `old`
        old="constructor({config:e,docs:r,options:n}){let i=Oe(this.table=new Map);this.map=ie(r),",
        new=(
            "constructor({config:e,docs:r,options:n}){let i=Oe(this.table=new Map);"
            f"this.query=e.query||{{}};this.fold=({script('query_fold.js')})(this.query);this.map=ie(r),"
        ),
        upstream="not reportable: a feature (Traditional/Simplified folding, synonyms)" + NO_FEATURES,
        retire="when the worker's search class rewrites queries from a table in the index (the flaw no longer matches)",
        flaw=(
            r"constructor\(\{config:\w+,docs:\w+,options:\w+\}\)\{let \w+=\w+\(this\.table=new Map\);"
            r"(?!this\.(?:fold|query))"
        ),
    ),
    Patch(
        name="query-folded-before-search",
        asset=WORKER,
        old='search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),',
        new='search(e){if(e=this.fold(e),e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),',
        upstream="not reportable: a feature (see query-folds-variants)" + NO_FEATURES,
        retire="when search() rewrites the query before it cuts Han runs into words (the flaw no longer matches)",
        flaw=r'search\((\w+)\)\{if\(\1=\1\.replace\(new RegExp\("\\\\p\{sc=Han\}\+"',
    ),
    # A name of a term that the text uses is searched with its term (query.py: `alias term`), and
    # the result list struck through under "缺少" (missing) whichever of the two a result did not
    # hold: the word the reader typed, or one the reader never typed. The worker's search()
    # (src/.../search/_/index.ts) records per result which query words it found (minified `f`,
    # from `he`); a result that found either word of such a pair found both (js/terms_found.js,
    # with the table the constructor keeps, query-folds-variants).
    Patch(
        name="other-name-found",
        asset=WORKER,
        old="let f=he(r,Object.keys(u.metadata));",
        new=f"let f=({script('terms_found.js')})(this.query,he(r,Object.keys(u.metadata)));",
        upstream="not reportable: a feature (query rewriting, see query-folds-variants)" + NO_FEATURES,
        retire="when the theme rewrites queries itself and lists missing words of what was typed",
        flaw=r"let \w+=\w+\(\w+,Object\.keys\(\w+\.metadata\)\);",
    ),
    # The result list marks every word lunr matched, and the page a result opens highlights every
    # query word the result found (its link's `?h=`, renderSearchDocument): `rule of law` marked
    # each "of" in both, and listed "of" as missing where a result lacked it. Before search() marks
    # a result's fields (for each field: the call does nothing the second time), English stop words
    # leave what it found (js/stop_words.js), unless the query holds nothing else.
    Patch(
        name="no-stop-word-marks",
        asset=WORKER,
        old="let m=[];for(let d of Object.values(u.metadata))",
        new=f"let m=[];for(let d of Object.values(({script('stop_words.js')})(f,u.metadata)))",
        upstream="not reportable: a feature (a stop-word filter for `zh`)" + NO_FEATURES,
        retire="when the worker marks no English stop word of a mixed query",
        flaw=r"let \w+=\[\];for\(let \w+ of Object\.values\(\w+\.metadata\)\)",
    ),
    # A result item's page link (its title) names the page; when the page's own entry did not
    # match, search() added it with no words (`terms:{}`), so the page it opened (`?h=`)
    # highlighted nothing. It takes every word its sections found (js/page_terms.js).
    Patch(
        name="page-link-highlights-found",
        asset=WORKER,
        old="o.push(B(_({},a),{score:0,terms:{}}))",
        new=f"o.push(B(_({{}},a),{{score:0,terms:({script('page_terms.js')})(o)}}))",
        upstream="drafted, not filed: upstream.md#page-link-highlights-found",
        retire="when search() gives a page added to its item the words its sections found",
        flaw=r"\w+\.push\(\w+\(\w+\(\{\},\w+\),\{score:0,terms:\{\}\}\)\)",
    ),
    # The page a result opens highlights the words in its link's `?h=` (`mountSearchHiglight`, its
    # pattern made by `setupSearchHighlighter`, minified `xi`): the index's words, Simplified, which a
    # Traditional edition's page does not hold as written, so it highlighted nothing there. Each
    # character with a Traditional form in the index's query table matches either
    # (js/highlight_variants.js).
    Patch(
        name="highlight-either-script",
        asset=BUNDLE,
        old=r'(${n.replace(/[|\\{}()[\]^$+*?.-]/g,"\\$&").replace(r,"|")})`,"img")',
        new=(
            f"(${{({script('highlight_variants.js')})(e.query||{{}})"
            r'(n.replace(/[|\\{}()[\]^$+*?.-]/g,"\\$&").replace(r,"|"))})`,"img")'
        ),
        upstream="not reportable: a feature (Traditional/Simplified folding, see query-folds-variants)" + NO_FEATURES,
        retire="when the page highlighter matches a word in either script",
        flaw=r"\(\$\{\w+\.replace\(/\[\|\\\\\{\}\(\)\[\\\]\^\$\+\*\?\.-\]/g,",
    ),
    Patch(
        name="query-listens-to-input",
        asset=BUNDLE,
        old='n=L(t.pipe(Re(zt)),h(e,"keyup"),o).pipe(m(()=>e.value),Y())',
        new='n=L(t.pipe(Re(zt)),h(e,"keyup"),h(e,"input"),o).pipe(m(()=>e.value),Y())',
        upstream=(
            "drafted, not filed: upstream.md#query-listens-to-input; the nearest is IME input in the "
            "search box, https://github.com/squidfunk/mkdocs-material/issues/3975"
        ),
        retire="when watchSearchQuery() listens to `input` events",
        flaw=r'\(\w+\.pipe\(\w+\(\w+\)\),\w+\(\w+,"keyup"\),\w+\)\.pipe\(\w+\(\(\)=>\w+\.value\)',
    ),
    # The search index (125 KB for one article, most of a page's weight) was fetched by every page
    # over http as it loaded: the worker's setup (`setupSearchWorker`, minified `Ei`) waited for the
    # search to open only from file://, and the highlighter of the page opened from a result
    # (`mountSearchHiglight`, minified `Ai`) subscribed to the index on every page, `?h=` or not (from
    # file:// it loaded search_index.js). Now the index is loaded when the search opens (a tap or
    # click on the box or its button, or the keyboard shortcut), once (the theme's request is shared),
    # and by the highlighter only on a page opened with `?h=`.
    Patch(
        name="index-loads-when-search-opens",
        asset=BUNDLE,
        old='L($(location.protocol!=="file:"),Je("search")).pipe(Re(o=>o),b(()=>t))',
        new='Je("search").pipe(Re(o=>o),b(()=>t))',
        upstream="not reportable: the index is loaded up front over http by design" + NO_FEATURES,
        retire="when setupSearchWorker waits for the search to open, over http too",
        flaw=r'\w+\(\$\(location\.protocol!=="file:"\),\w+\("search"\)\)',
    ),
    # The search worker was made as every page loaded (`setupSearchWorker` calls `new Worker` at
    # once, minified `Mn`), so every page fetched its script; it now starts with the first message
    # sent to it, the index, when the search opens (js/lazy_worker.js).
    Patch(
        name="worker-starts-when-search-opens",
        asset=BUNDLE,
        old="function Mn(e,t=new Worker(e)){",
        new=f"function Mn(e,t=({script('lazy_worker.js')})(e)){{",
        upstream="not reportable: a feature (a worker started on first use)" + NO_FEATURES,
        retire="when the theme starts its search worker only once the search is used",
        flaw=r"function \w+\((\w+),\w+=new Worker\(\1\)\)\{",
    ),
    Patch(
        name="highlight-loads-index-only-with-h",
        asset=BUNDLE,
        old='z([t,r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")))])',
        new='r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")),b(n=>t.pipe(m(o=>[o,n]))))',
        upstream="not reportable: a feature (the index loaded only for `?h=`)" + NO_FEATURES,
        retire="when the page highlighter subscribes to the index only for a page opened with `?h=`",
        flaw=r'\w+\(\[\w+,\w+\.pipe\(\w+\(\w+\(\)\),\w+\(\w+=>!!\w+\.searchParams\.get\("h"\)\)\)\]\)',
    ),
    # A title attribute is text, but the theme shows it as HTML. With `content.tooltips`, hovering
    # an element with a title opens a tooltip made by `mountTooltip2` (src/.../tooltip2, minified
    # `Xe`): it passes `el.title`, a string, to the JSX factory (`x`), whose `appendChild` helper
    # (`sn`) adds strings with `innerHTML +=`. A glossary link's title (render.tooltip: the term,
    # its pinyin, English and first sentence) was parsed as markup when the tooltip opened, and ran
    # any script in it; the same helper shows a truncated navigation title (its `innerText`, put
    # into a title) this way. Fix: the title goes in as a text node, which `x` appends as it is.
    Patch(
        name="tooltip-title-as-text",
        asset=BUNDLE,
        old="content$:new F(o=>{let n=e.title,i=Cn(n);",
        new="content$:new F(o=>{let n=e.title,i=Cn(document.createTextNode(n));",
        upstream=(
            "drafted, not filed: upstream.md#tooltip-title-as-text; upstream treats a title's markup as a "
            "feature (https://github.com/squidfunk/mkdocs-material/issues/8568 asks for more of it)"
        ),
        retire="when mountTooltip2 inserts a title as text; else keep it as long as titles carry editors' text",
        flaw=r"content\$:new \w+\(\w+=>\{let (\w+)=\w+\.title,\w+=\w+\(\1\);",
    ),
    # The header's tooltips (`mountTooltip`, minified `ii`, for its elements with a title) set the
    # title as the tooltip's `innerHTML`; the titles there are the theme's own, but a title is
    # text all the same.
    Patch(
        name="header-tooltip-title-as-text",
        asset=BUNDLE,
        old='o=Dt(r,"inline"),n=j(".md-typeset",o);return n.innerHTML=t,',
        new='o=Dt(r,"inline"),n=j(".md-typeset",o);return n.textContent=t,',
        upstream="drafted, not filed: upstream.md#tooltip-title-as-text (the header's tooltips, in the same report)",
        retire="when mountTooltip sets the tooltip's text rather than its innerHTML",
        flaw=r'\("\.md-typeset",\w+\);return \w+\.innerHTML=\w+,',
    ),
    # No CDN in the published scripts. The bundle would fetch a ResizeObserver polyfill (only for
    # browsers without ResizeObserver, which every supported browser has) and Mermaid (only for
    # pages with Mermaid diagrams, which this site has none of) from unpkg. Both become an empty
    # inline script, so neither a hosted page nor the offline copy can ever call out.
    Patch(
        name="no-cdn-resize-observer",
        asset=BUNDLE,
        old='_t("https://unpkg.com/resize-observer-polyfill")',
        new='_t("data:text/javascript,//resize-observer-polyfill")',
        upstream=(
            "https://github.com/squidfunk/mkdocs-material/issues/7965 (scripts hard-coded to unpkg.com); "
            "https://github.com/squidfunk/mkdocs-material/pull/5684 made other polyfills opt-in"
        ),
        retire="when the bundle names no unpkg.com URL for the polyfill",
        flaw=r"https://unpkg\.com/resize-observer-polyfill",
    ),
    Patch(
        name="no-cdn-mermaid",
        asset=BUNDLE,
        old='_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")',
        new='_t("data:text/javascript,//mermaid")',
        upstream="https://github.com/squidfunk/mkdocs-material/issues/7965 (Mermaid loaded from unpkg.com)",
        retire="when the bundle can load Mermaid from the site itself, or names no unpkg.com URL for it",
        flaw=r"https://unpkg\.com/mermaid",
    ),
)


def _fail(patch: Patch, why: str) -> ThemePatchError:
    return ThemePatchError(
        f"theme_patches: patch {patch.name!r} for {patch.asset}: {why}. "
        f"It was written for mkdocs-material {THEME_VERSION}; re-derive it from "
        "the new release's source map, or drop it if fixed upstream."
    )


def check_theme_version() -> str:
    """Return the installed mkdocs-material version; raise unless it is THEME_VERSION."""
    installed = importlib.metadata.version("mkdocs-material")
    if installed != THEME_VERSION:
        raise ThemePatchError(
            f"theme_patches: written for mkdocs-material {THEME_VERSION}, "
            f"but {installed} is installed; re-check every patch in "
            f"{Path(__file__).name} before changing THEME_VERSION."
        )
    return installed


def apply_patches(asset: str, text: str) -> str:
    """Return `text` (the content of theme asset `asset`) with its patches applied.

    Already-patched text is returned unchanged, so patching one site_dir twice
    (or a dirty rebuild that kept the patched copy) is not an error.
    """
    for patch in PATCHES:
        if patch.asset != asset:
            continue
        old_hits, new_hits = text.count(patch.old), text.count(patch.new)
        if old_hits == 1:
            text = text.replace(patch.old, patch.new)
        elif not (old_hits == 0 and new_hits == 1):
            raise _fail(patch, f"expected code found {old_hits} times, not once")
    return text


def patch_files(files: Files, config: MkDocsConfig) -> Files:
    """Swap the theme's worker and bundle for patched in-memory copies.

    Done here rather than with a copy under `theme.custom_dir`: a committed
    copy would silently stop being used when a theme bump renames the file,
    while this fails the build instead.
    """
    for asset in sorted({patch.asset for patch in PATCHES}):
        original = files.get_file_from_path(asset)
        if original is None or original.abs_src_path is None:
            raise _fail(
                next(p for p in PATCHES if p.asset == asset),
                "the theme asset is not among the build's files",
            )
        text = Path(original.abs_src_path).read_text(encoding="utf-8")
        # The .map next to it is left as is: the patches shift later code on
        # the same minified line (by 13 columns in the bundle, about 420 in
        # the worker), which only skews devtools positions.
        files.remove(original)
        files.append(File.generated(config, asset, content=apply_patches(asset, text)))
    return files


# --- the check against another release (`--check`) ------------------------------------------------


def theme_dir() -> Path:
    """The installed mkdocs-material's theme folder (where its assets are)."""
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None, "mkdocs-material is not installed"
    return Path(spec.origin).parent / "templates"


def find_asset(theme: Path, asset: str) -> Path | None:
    """The theme's file for `asset`: the same path, or the one file of its kind in another release."""
    if (theme / asset).is_file():
        return theme / asset
    found = sorted(theme.glob(ASSET_PATTERNS[asset]))
    return found[0] if len(found) == 1 else None


def check(patch: Patch, theme: Path) -> tuple[bool, str]:
    """Whether `patch` applies to the theme in `theme` as it is, and a line saying what to do."""
    path = find_asset(theme, patch.asset)
    if path is None:
        return False, f"{patch.name}: no single file like {ASSET_PATTERNS[patch.asset]}: re-derive or retire it"
    text = path.read_text(encoding="utf-8")
    applies = text.count(patch.old) == 1
    flawed = re.search(patch.flaw, text) is not None
    where = path.relative_to(theme).as_posix()
    if applies and flawed:
        return True, f"{patch.name}: applies ({where}); the flaw is still there"
    if applies:
        return True, f"{patch.name}: applies ({where}), but its flaw no longer matches: check the patch by hand"
    if flawed:
        return False, f"{patch.name}: does not apply ({where}), the flaw is still there: re-derive it from the source"
    return False, (
        f"{patch.name}: does not apply ({where}) and the flaw is gone: if fixed upstream ({patch.upstream}), "
        f"retire it ({patch.retire})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m build_scripts.publish.theme_patches",
        description="Try every theme patch against an mkdocs-material theme; exit 1 if any needs work.",
    )
    parser.add_argument("--check", action="store_true", required=True, help="try every patch; print one line each")
    parser.add_argument("--theme-dir", type=Path, help="the theme's folder (default: the installed mkdocs-material's)")
    args = parser.parse_args(argv)
    theme = args.theme_dir or theme_dir()
    installed = importlib.metadata.version("mkdocs-material")
    print(f"mkdocs-material {installed} ({theme}); the patches are for {THEME_VERSION}")
    results = [check(patch, theme) for patch in PATCHES]
    for _, line in results:
        print(line)
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
