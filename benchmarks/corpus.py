"""The real article and glossary → a synthetic corpus of any size, written as projects to build and time."""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_scripts.core.model import CONJECTURE_RE
from build_scripts.pipeline.build import edition_file
from build_scripts.read.glossary import CATEGORIES, slug
from tests.support.paths import ROOT
from tests.support.projects import copy_hand_written_docs, copy_site_files

REAL_ARTICLE = ROOT / "source" / "articles" / "pingan-zhejiang.md"
REAL_GLOSSARY = ROOT / "source" / "glossary.yaml"
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
SECTIONS = 5  # sections after the introduction, as in the real article
DATELINE = "6月23日讯"


@dataclass(frozen=True)
class Material:
    """What the synthetic corpus is made of: the real article's sentences, headings and glossary."""

    sentences: tuple[str, ...]
    phrases: tuple[str, ...]  # 4-character Han words and phrases, for headings
    glossary: tuple[dict[str, Any], ...]  # the real entries
    candidates: tuple[str, ...]  # Han strings of the text, most plausible terms first
    dictionary: tuple[str, ...]  # glossary-like words of jieba's dictionary, in a fixed random order


TEXT = "text"  # generated terms: Han strings of the text (a worst case for matching)
DICTIONARY = "dictionary"  # generated terms: words of jieba's dictionary (most absent from the text)
# Parts of speech of jieba's dictionary a glossary lists: nouns, proper nouns, organisations, set
# phrases, idioms, verbal nouns.
GLOSSARY_TAGS = {"n", "nz", "nt", "l", "i", "vn"}


def load_material() -> Material:
    article, _ = edition_file(REAL_ARTICLE, ROOT)
    sentences = tuple(s for sec in article.sections for p in sec.paragraphs for s in p.sentences)
    data = yaml.safe_load(REAL_GLOSSARY.read_text(encoding="utf-8"))
    glossary = tuple(data["terms"])
    real_forms = {str(f) for e in glossary for f in (e["term"], *(e.get("aliases") or []))}
    words, grams = _ngrams(sentences)
    headings = {part for sec in article.sections for part in sec.title.split() if len(part) == 4}
    phrases = tuple(sorted(headings | {w for w in words if len(w) == 4}))
    candidates = tuple(c for c in (*words, *grams) if c not in real_forms)
    return Material(sentences, phrases, glossary, candidates, _dictionary_words(real_forms))


def _dictionary_words(exclude: set[str]) -> tuple[str, ...]:
    """Words of 2–8 Han characters of jieba's dictionary with a glossary's parts of speech, shuffled
    with a fixed seed: a glossary written for a wider corpus than this one article."""
    import jieba

    words = []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, _, tag = line.split()
            if tag in GLOSSARY_TAGS and 2 <= len(word) <= 8 and HAN_RUN.fullmatch(word) and word not in exclude:
                words.append(word)
    random.Random(7).shuffle(words)
    return tuple(words)


def _ngrams(sentences: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Han strings of the text, most frequent first: runs of 1–3 jieba words (2–8 characters), then
    every other substring of 2–12 characters of a run of Han characters (10,000 distinct terms need
    them: the article has 2,956 characters)."""
    from build_scripts.text.segment import words as words_of

    runs = [run for s in sentences for run in HAN_RUN.findall(s)]
    words: Counter[str] = Counter()
    grams: Counter[str] = Counter()
    for run in runs:
        seg = words_of(run, False)
        for i in range(len(seg)):
            for k in range(1, 4):
                if i + k <= len(seg) and 2 <= len(w := "".join(seg[i : i + k])) <= 8:
                    words[w] += 1
        for n in range(2, 13):
            for i in range(len(run) - n + 1):
                grams[run[i : i + n]] += 1
    by_words = sorted(words, key=lambda w: (-words[w], -len(w), w))
    by_grams = sorted((g for g in grams if g not in words), key=lambda g: (-grams[g], len(g), g))
    return by_words, by_grams


def glossary_entries(material: Material, terms: int, kind: str = TEXT) -> list[dict[str, Any]]:
    """The real glossary (its first `terms` entries if it is larger), then generated entries up to `terms`:
    Han strings of the text (`kind` TEXT) or words of jieba's dictionary (DICTIONARY)."""
    real = [dict(e) for e in material.glossary[:terms]]
    kept = {e["term"] for e in real}
    for e in real:
        if "see_also" in e:
            e["see_also"] = [s for s in e["see_also"] if s in kept]
            if not e["see_also"]:
                del e["see_also"]
    generated = (material.candidates if kind == TEXT else material.dictionary)[: terms - len(real)]
    if len(real) + len(generated) < terms:
        raise SystemExit(f"only {len(real) + len(generated)} distinct terms can be made from the article")
    ids = {e.get("id") or slug(e["term"]) for e in real}
    cats = list(CATEGORIES)
    for n, term in enumerate(generated):
        entry = {"term": term}
        if (tid := slug(term)) in ids:  # a homophone: the build asks for an explicit id, as an editor would give
            tid = f"{tid}-{n + 1}"
            entry["id"] = tid
        ids.add(tid)
        entry |= {
            "en": f"synthetic term {n + 1}",
            "category": cats[n % len(cats)],
            "def_zh": f"合成术语“{term}”，仅用于性能测试。",
            "def_en": f"Synthetic glossary term {n + 1}; for benchmarking only.",
        }
        real.append(entry)
    return real


def glossary_yaml(entries: list[dict[str, Any]]) -> str:
    """Block-style YAML, one entry after another, as editors write source/glossary.yaml."""
    out = ["# Synthetic glossary for the benchmark (benchmarks/corpus.py).\n\nterms:\n"]
    for e in entries:
        out.append("\n")
        for i, (key, value) in enumerate(e.items()):
            lead = "  - " if i == 0 else "    "
            text = (
                "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
                if isinstance(value, list)
                else json.dumps(value, ensure_ascii=False)
            )
            out.append(f"{lead}{key}: {text}\n")
    return "".join(out)


@dataclass(frozen=True)
class SynthArticle:
    slug: str
    title: str
    sections: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]  # (id, title, paragraphs of sentences)


def synth_articles(material: Material, count: int, seed: int = 1) -> list[SynthArticle]:
    """`count` articles, each the real article's sentences reshuffled into paragraphs under other headings."""
    out = []
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        sentences = list(material.sentences)
        rng.shuffle(sentences)
        cuts = sorted(rng.sample(range(3, len(sentences) - 1), SECTIONS))
        sections = []
        for k, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(sentences)], strict=True)):
            chunk = sentences[a:b]
            paras: list[tuple[str, ...]] = []
            while chunk:
                n = rng.randint(1, 3)
                paras.append(tuple(chunk[:n]))
                chunk = chunk[n:]
            title = "导语" if k == 0 else " ".join(rng.sample(material.phrases, 2))
            sections.append(("intro" if k == 0 else f"s{k}", title, tuple(paras)))
        title = " ".join(rng.sample(material.phrases, 2)) + f" 之{i + 1}"
        out.append(SynthArticle(f"a{i + 1:04d}", title, tuple(sections)))
    return out


def edition_text(a: SynthArticle) -> str:
    lines = ["---", f"title: {a.title}", f"title_en: Synthetic article {a.slug}", f"dateline: {DATELINE}"]
    lines += [f"raw: source/raw/{a.slug}.txt", "---", ""]
    for sid, title, paras in a.sections:
        if sid != "intro":
            lines += [f'## {title} {{#{sid} en="Synthetic section {sid}"}}', ""]
        for p in paras:
            lines += [*p, ""]
    return "\n".join(lines)


def raw_text(a: SynthArticle) -> str:
    """The article as if scraped: title, then everything on one line with punctuation flattened; an
    editor's conjecture (〔…〕) is not in the raw text."""
    body = DATELINE + "".join(
        (title if sid != "intro" else "") + "".join(CONJECTURE_RE.sub("", s) for p in paras for s in p)
        for sid, title, paras in a.sections
    )
    return a.title + "\n" + re.sub(r"[，。、；：“”！？]", ".", body) + "\n"


def text_bytes(articles: Sequence[SynthArticle]) -> int:
    """UTF-8 bytes of the articles' sentences: the text a reader reads."""
    return sum(len(sent.encode("utf-8")) for a in articles for _, _, paras in a.sections for p in paras for sent in p)


def make_project(
    dest: Path, material: Material, articles: Sequence[SynthArticle], terms: int, kind: str = TEXT
) -> Path:
    """A project in `dest`: synthetic source/, the real mkdocs.yml, build_scripts, overrides and hand-written docs."""
    (dest / "source" / "articles").mkdir(parents=True)
    (dest / "source" / "raw").mkdir()
    for a in articles:
        (dest / "source" / "articles" / f"{a.slug}.md").write_text(edition_text(a), encoding="utf-8")
        (dest / "source" / "raw" / f"{a.slug}.txt").write_text(raw_text(a), encoding="utf-8")
    glossary = glossary_yaml(glossary_entries(material, terms, kind))
    (dest / "source" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    copy_site_files(dest)
    reset_docs(dest)
    return dest


TRASH = "trash"  # in the work folder: what the benchmark discards, deleted when it ends


def discard(path: Path) -> None:
    """Set `path` (a project of the work folder, or a folder in one) aside, to be deleted at the end.

    Deleting thousands of files just before a timed build would charge the deletion to the build:
    for a minute or more after, ext4 avoids reusing the freed inodes, and creating each new file
    costs a search (the kernel's `recently_deleted`), which doubled the system time of a large build.
    """
    if not path.exists():
        return
    project = path if (path / "mkdocs.yml").exists() else path.parent
    trash = project.parent / TRASH
    trash.mkdir(exist_ok=True)
    path.rename(Path(tempfile.mkdtemp(prefix=f"{project.name}-", dir=trash)) / path.name)


def reset_docs(project: Path) -> None:
    """docs/ as in a fresh checkout: only the hand-written files (the previous ones set aside: discard())."""
    discard(project / "docs")
    (project / "docs").mkdir()
    copy_hand_written_docs(project)


PLAIN_CONFIG = """\
# What a user would do without this project: plain Markdown, one page per section, the theme's
# default search, no plugin of this project, no glossary.
site_name: 合成文集 Plain edition
docs_dir: docs
site_dir: site
use_directory_urls: false
theme:
  name: material
  language: zh
plugins:
  - search
"""


def make_plain_project(dest: Path, articles: Sequence[SynthArticle]) -> Path:
    """The same articles as plain, unannotated Markdown pages: an index, then one page per section."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    index = ["# 合成文集 Plain edition", ""]
    for a in articles:
        index += [f"## {a.title}", ""]
        (docs / a.slug).mkdir()
        for sid, title, paras in a.sections:
            index.append(f"- [{title}]({a.slug}/{sid}.md)")
            body = "\n\n".join("".join(p) for p in paras)
            (docs / a.slug / f"{sid}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
        index.append("")
    (docs / "index.md").write_text("\n".join(index), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return dest
