"""mkdocs-material 9.8.2 scripts (theme asset or built site) → same JS with the CJK-query, paste and tooltip fixes."""

from __future__ import annotations

import importlib.metadata
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


class SearchPatchError(PluginError):
    """Raised when the theme is not the one these patches were written for."""


@dataclass(frozen=True)
class Patch:
    """One exact, unique string replacement in one theme asset."""

    name: str
    asset: str
    old: str
    new: str


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
    # (search_hook.py), which is never shown, so the title and text got no
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
            'let x=this.table.get([c.location,l].join(":")),'
            "hz=Object.keys(f).filter(w=>f[w]&&/^\\p{sc=Han}+$/u.test(w)),"
            'hs=typeof c[l]=="string"&&hz.length>0;'
            "hs&&x.forEach((t,b)=>t.forEach((e,j)=>{let s=c[l].substr(e>>>12,e>>>2&1023);"
            "(e&3)===1&&hz.some(w=>s.includes(w)&&!s.startsWith(w))&&m.push(b<<20|j)}));"
            "if(!m.length)continue;let v=Array.isArray(c[l])?q:oe;"
            'c[l]=v(c[l],x,[...new Set(m)],l!=="text");'
            "hs&&(c[l]=c[l].replace(/<mark>([^<]*)<\\/mark>/g,(z,s)=>{let w=hz.find(w=>s.includes(w));"
            "return w?s.split(w).join(`<mark>${w}</mark>`):z}))}"
        ),
    ),
    # What a reader types is not always what the text says (query_hook.py writes the index's
    # `config.query`): a Traditional character becomes the Simplified one the index holds, and
    # another name of a glossary term is searched as the term. The search class (`U`) keeps the
    # rewrite built from the table (`this.fold`), and `search()` applies it before the query is
    # cut into words, so the highlighted words are the text's own. A number or Latin word typed
    # against Han text (13年, G20峰会) is split from it, as jieba split it in the index.
    Patch(
        name="query-folds-variants",
        asset=WORKER,
        old="constructor({config:e,docs:r,options:n}){let i=Oe(this.table=new Map);",
        new=(
            "constructor({config:e,docs:r,options:n}){let i=Oe(this.table=new Map);"
            'this.fold=($q=>{let $c=new Map,$s=[...($q.chars||"")];'
            "for(let $k=0;$k+1<$s.length;$k+=2)$c.set($s[$k],$s[$k+1]);"
            "let $n=$q.names||{},$a=Object.keys($n).sort((x,y)=>y.length-x.length)"
            '.map(w=>w.replace(/[.*+?^${}()|[\\]\\\\]/g,"\\\\$&")),'
            '$r=$a.length?new RegExp($a.join("|"),"g"):null;'
            'return s=>(s=[...s].map(c=>$c.get(c)||c).join(""),s=$r?s.replace($r,w=>$n[w]):s,'
            "s.replace(/(\\p{sc=Han})(?=[\\p{sc=Latin}0-9])|([\\p{sc=Latin}0-9%])(?=\\p{sc=Han})/gu,"
            '"$1$2 "))})(e.query||{});'
        ),
    ),
    Patch(
        name="query-folded-before-search",
        asset=WORKER,
        old='search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),',
        new='search(e){if(e=this.fold(e),e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),',
    ),
    Patch(
        name="query-listens-to-input",
        asset=BUNDLE,
        old='n=L(t.pipe(Re(zt)),h(e,"keyup"),o).pipe(m(()=>e.value),Y())',
        new='n=L(t.pipe(Re(zt)),h(e,"keyup"),h(e,"input"),o).pipe(m(()=>e.value),Y())',
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
    ),
    # The header's tooltips (`mountTooltip`, minified `ii`, for its elements with a title) set the
    # title as the tooltip's `innerHTML`; the titles there are the theme's own, but a title is
    # text all the same.
    Patch(
        name="header-tooltip-title-as-text",
        asset=BUNDLE,
        old='o=Dt(r,"inline"),n=j(".md-typeset",o);return n.innerHTML=t,',
        new='o=Dt(r,"inline"),n=j(".md-typeset",o);return n.textContent=t,',
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
    ),
    Patch(
        name="no-cdn-mermaid",
        asset=BUNDLE,
        old='_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")',
        new='_t("data:text/javascript,//mermaid")',
    ),
)


def _fail(patch: Patch, why: str) -> SearchPatchError:
    return SearchPatchError(
        f"searchpatch: patch {patch.name!r} for {patch.asset}: {why}. "
        f"It was written for mkdocs-material {THEME_VERSION}; re-derive it from "
        "the new release's source map, or drop it if fixed upstream."
    )


def check_theme_version() -> str:
    """Return the installed mkdocs-material version; raise unless it is THEME_VERSION."""
    installed = importlib.metadata.version("mkdocs-material")
    if installed != THEME_VERSION:
        raise SearchPatchError(
            f"searchpatch: written for mkdocs-material {THEME_VERSION}, "
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


# --- MkDocs hook events (`hooks: [build_scripts/searchpatch.py]`) -----------


def on_config(config: MkDocsConfig) -> None:
    """Abort the build early if the theme is not the pinned release."""
    check_theme_version()


def on_files(files: Files, config: MkDocsConfig) -> Files:
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
