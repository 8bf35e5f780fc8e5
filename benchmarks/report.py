"""Measurements → the Markdown report (BENCHMARKS.md), rendered from BENCHMARKS.md.j2."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from pathlib import Path

from .builds import SCRIPT_ARTICLES, SCRIPT_TERMS, Results, ScriptResult, SiteResult, built
from .corpus import DICTIONARY
from .stages import MATCHING

TARGET_SHARE = 0.10  # build script / (build script + mkdocs)
TARGET_PAGE_RATIO = 1.25  # MkDocs cost of an annotated page / of a plain page
TARGET_LARGEST_SECONDS = 10.0  # 1,000 articles × 10,000 terms through the build script


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _n(n: int) -> str:
    return f"{n:,}"


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


TEMPLATE = "BENCHMARKS.md.j2"  # beside this file


def report(r: Results) -> str:
    """The report of one run, from the template (its prose and tables) and the figures below."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, written for this repository; the names in it are the benchmark's own
    )
    env.filters |= {"s": _s, "ms": _ms, "kb": _kb, "n": _n, "f": format, "code_list": _code_list}
    text = env.get_template(TEMPLATE).render(
        r=r,
        growth=growth,
        per_entry=per_entry,
        profile_table=profile_table,
        targets=targets,
        share=share,
        share_cpu=share_cpu,
        share_apart=share_apart,
        page_ratio=page_ratio,
        text_wall=text_wall,
        stage_names=stage_names,
        added_page=added_page,
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _code_list(paths: Sequence[str]) -> str:
    return ", ".join(f"`{p}`" for p in paths)


def text_wall(r: Results, x: ScriptResult) -> float | None:
    """Wall time of the build with terms from the text of the same size as `x`, if measured."""
    return next((y.timing.wall for y in r.scripts if (y.articles, y.terms) == (x.articles, x.terms)), None)


def stage_names(r: Results) -> list[str]:
    """Every stage of the stage table, in the order the runs met them."""
    return list(dict.fromkeys(s for times in r.stages.values() for s in times))


def added_page(a: SiteResult, b: SiteResult) -> tuple[float, float]:
    """Seconds MkDocs takes per page added from site `a` to the larger site `b`: (annotated, plain)."""
    ann = (b.mkdocs.wall - a.mkdocs.wall) / max(1, b.pages - a.pages)
    pla = (b.plain.wall - a.plain.wall) / max(1, b.plain_pages - a.plain_pages)
    return ann, pla


def per_page(r: Results) -> dict[str, tuple[float, float]] | None:
    """Estimated seconds per page of each part of MkDocs's work: (annotated, plain), from the profile."""
    p = r.profile
    site = next((x for x in r.sites if p and x.articles == p.articles), None)
    if not p or not site:
        return None
    return {
        part: (
            p.annotated[part] * site.mkdocs.wall / site.pages,
            p.plain.get(part, 0.0) * site.plain.wall / site.plain_pages,
        )
        for part in p.annotated
    }


def profile_table(r: Results) -> list[str]:
    parts = per_page(r)
    if not r.profile or parts is None:
        return []
    p = r.profile
    lines = [
        f"### Where MkDocs's time goes ({_n(p.articles)} article(s))\n",
        "One run of each build under cProfile. Shares are of the profiled run; milliseconds per page apply them "
        "to the unprofiled median wall time in the table above (estimates: profiling slows Python code more "
        "than C code).\n",
        "| part of `mkdocs build` | annotated: share | ms per page | plain: share | ms per page |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for part, (ann, pla) in parts.items():
        lines.append(
            f"| {part} | {100 * p.annotated[part]:.0f}% | {ann * 1000:.1f} | {100 * p.plain.get(part, 0.0):.0f}% "
            f"| {pla * 1000:.1f} |"
        )
    lines.append("")
    return lines


def beyond(x: SiteResult) -> float:
    """Seconds `make site` takes beyond MkDocs alone: the median of the rounds' differences."""
    return statistics.median(max(0.0, w.wall - m.wall) for w, m in zip(x.whole.samples, x.mkdocs.samples, strict=True))


def share(x: SiteResult) -> float:
    """The build script's share of `make site` in wall time: what `site` takes beyond MkDocs alone in
    each round (the two run one after the other in every round), the median of the rounds."""
    return statistics.median(
        max(0.0, w.wall - m.wall) / w.wall for w, m in zip(x.whole.samples, x.mkdocs.samples, strict=True)
    )


def share_cpu(x: SiteResult) -> float:
    """The same in CPU time: what the share would be on one CPU, where nothing runs side by side."""
    return statistics.median(
        max(0.0, w.cpu - m.cpu) / w.cpu for w, m in zip(x.whole.samples, x.mkdocs.samples, strict=True)
    )


def share_apart(x: SiteResult) -> float:
    """The build script's share when it runs as a process of its own before `mkdocs build`."""
    return x.script.wall / (x.script.wall + x.mkdocs.wall)


def page_ratio(x: SiteResult) -> float:
    return (x.mkdocs.wall / x.pages) / (x.plain.wall / x.plain_pages)


def growth(scripts: list[ScriptResult]) -> str:
    """Wall times as a grid of articles × terms, with growth along each axis."""
    grid = {(x.articles, x.terms): x.timing.wall for x in scripts}
    arts = sorted({x.articles for x in scripts})
    terms = sorted({x.terms for x in scripts})
    lines = ["### How the cost grows\n", "Wall time (median), articles down, terms across:\n"]
    head = "| articles \\ terms | " + " | ".join(_n(t) for t in terms)
    head += f" | {_n(terms[-1])} / {_n(terms[0])} terms |" if len(terms) > 1 else " |"
    lines += [head, "| ---: |" + " ---: |" * (len(terms) + (len(terms) > 1))]
    for a in arts:
        row = f"| {_n(a)} | " + " | ".join(_s(grid[a, t]) if (a, t) in grid else "" for t in terms)
        if len(terms) > 1 and (a, terms[0]) in grid and (a, terms[-1]) in grid:
            row += f" | ×{grid[a, terms[-1]] / grid[a, terms[0]]:.2f}"
        lines.append(row + " |")
    for lo, hi in itertools.pairwise(arts):
        row = f"| ×{hi // lo} articles ({_n(lo)} → {_n(hi)}) | " + " | ".join(
            f"×{grid[hi, t] / grid[lo, t]:.1f}" if (lo, t) in grid and (hi, t) in grid else "" for t in terms
        )
        lines.append(row + (" | |" if len(terms) > 1 else " |"))
    if len(arts) > 1:
        lo, hi = arts[-2], arts[-1]
        lines.append(
            f"| per added article ({_n(lo)} → {_n(hi)}) | "
            + " | ".join(
                _ms((grid[hi, t] - grid[lo, t]) / (hi - lo)) if (lo, t) in grid and (hi, t) in grid else ""
                for t in terms
            )
            + (" | |" if len(terms) > 1 else " |")
        )
    lines.append("")
    return "\n".join(lines) + "\n"


def per_entry(r: Results) -> str:
    """What a glossary's size costs: per entry, measured at the fewest articles; and, at the most,
    what terms found in the text add (the uses they find make the pages larger)."""
    grid = {(x.articles, x.terms): x for x in r.scripts}
    arts = sorted({x.articles for x in r.scripts})
    terms = sorted({x.terms for x in r.scripts})
    if len(terms) < 2 or (arts[0], terms[0]) not in grid or (arts[0], terms[-1]) not in grid:
        return ""
    few, many = grid[arts[0], terms[0]], grid[arts[0], terms[-1]]
    extra = many.timing.wall - few.timing.wall
    text = (
        f"A glossary costs per entry: from {_n(few.terms)} to {_n(many.terms)} terms, the {_n(arts[0])}-article "
        f"build takes {_s(extra)} more, {_ms(extra / (many.terms - few.terms))} per entry (reading and checking "
        "it, deriving its pinyin, adding it to the matcher, its entry on the glossary page)."
    )
    matching = {
        label: r.stages[key][MATCHING]
        for label, key in (
            (f"{_n(terms[0])} terms", f"{_n(arts[-1])} × {_n(terms[0])}"),
            (f"{_n(terms[-1])} dictionary words", f"{_n(arts[-1])} × {_n(terms[-1])} ({DICTIONARY})"),
            (f"{_n(terms[-1])} terms from the text", f"{_n(arts[-1])} × {_n(terms[-1])}"),
        )
        if MATCHING in r.stages.get(key, {})
    }
    if len(matching) > 1:
        text += (
            f" Matching {_n(arts[-1])} articles (the stage table, its segmenter and automaton included) takes "
            + ", ".join(f"{_s(sec)} with {label}" for label, sec in matching.items())
            + ": one automaton pass per paragraph, and jieba only for paragraphs where a term is found."
        )
    small, big = grid.get((arts[-1], terms[0])), grid.get((arts[-1], terms[-1]))
    words = next((x for x in r.dictionary if (x.articles, x.terms) == (arts[-1], terms[-1])), None)
    if small and big and words and arts[-1] > arts[0]:
        text += (
            f" Terms drawn from the text cost more because they are used more: at {_n(arts[-1])} articles, "
            f"{_n(small.terms)} terms write "
            f"{_kb(small.output)} of pages in {_s(small.timing.wall)}; {_n(big.terms)} terms drawn from the text, "
            f"which find many more uses (a link, a concordance line and a term box for each), write "
            f"{_kb(big.output)} in {_s(big.timing.wall)}; {_n(words.terms)} dictionary words, "
            f"{_n(words.used)} of them used, write {_kb(words.output)} in {_s(words.timing.wall)}."
        )
    return text + "\n"


def targets(r: Results) -> list[str]:
    out: list[str] = []
    largest = max(r.scripts, key=lambda x: (x.articles, x.terms), default=None)
    big = r.stages.get(f"{_n(largest.articles)} × {_n(largest.terms)}", {}) if largest else {}
    if r.sites:
        worst = max(r.sites, key=share)
        ok = all(share(x) <= TARGET_SHARE for x in r.sites)
        line = (
            f"- Build script ≤ {TARGET_SHARE:.0%} of the whole build (`make site`) at every size, in wall time: "
            f"{_verdict(ok)}. Shares: "
            + ", ".join(
                f"{_n(x.articles)} article(s) {100 * share(x):.0f}% ({_s(beyond(x))} "
                f"beyond MkDocs's {_s(x.mkdocs.wall)})"
                for x in r.sites
            )
            + "; run as a process of its own before MkDocs: "
            + ", ".join(f"{100 * share_apart(x):.0f}%" for x in r.sites)
            + "."
        )
        if not ok:
            line += (
                f" Worst at {_n(worst.articles)} article(s): {100 * share(worst):.0f}%, "
                f"{100 * (share(worst) - TARGET_SHARE):.0f} points over."
            )
        cpu_ok = all(share_cpu(x) <= TARGET_SHARE for x in r.sites)
        line += (
            f" In CPU time (what the share would be on one CPU, where the build script cannot run beside "
            f"MkDocs's start-up): {_verdict(cpu_ok)}, "
            + ", ".join(f"{100 * share_cpu(x):.0f}%" for x in r.sites)
            + (
                "."
                if cpu_ok
                else "; what it takes is the build script's imports (pypinyin's phrase dictionary, "
                "jieba's dictionary for the matcher) and its stages (see the stage table)."
            )
        )
        out.append(line)
        ratios = [page_ratio(x) for x in r.sites]
        ok = all(q <= TARGET_PAGE_RATIO for q in ratios)
        line = (
            f"- An annotated page costs MkDocs ≤ {TARGET_PAGE_RATIO}× a plain page: {_verdict(ok)}. "
            + ", ".join(f"{_n(x.articles)} article(s) {page_ratio(x):.2f}×" for x in r.sites)
            + "."
        )
        if len(r.sites) > 1:
            a, b = r.sites[-2], r.sites[-1]
            ann, pla = added_page(a, b)
            line += f" Per added page from {_n(a.articles)} to {_n(b.articles)} articles: {ann / pla:.2f}×."
        parts = per_page(r)
        if not ok and parts and r.profile:
            extra = sorted(((a - p, part) for part, (a, p) in parts.items()), reverse=True)
            line += (
                f" Where the extra time goes ({_n(r.profile.articles)} article(s), profiled): "
                + "; ".join(
                    f"{part}: {parts[part][0] * 1000:.1f} ms per annotated page against {parts[part][1] * 1000:.1f} ms"
                    for d, part in extra[:3]
                    if d > 0
                )
                + ". An annotated page carries more HTML than a plain one (a link with a tooltip for each term's "
                "first use, a permalink per paragraph, lists of the section's terms and related sections), written "
                "by the build script as raw HTML that Markdown passes through; the search plugin still parses all "
                "of it, and the plugin adds paragraph entries and a sub-word field to the search index."
            )
        out.append(line)
    if largest:
        ok = largest.timing.wall < TARGET_LARGEST_SECONDS
        words = next((x for x in r.dictionary if (x.articles, x.terms) == (largest.articles, largest.terms)), None)
        line = (
            f"- {_n(largest.articles)} articles × {_n(largest.terms)} terms through the build script in "
            f"< {TARGET_LARGEST_SECONDS:.0f} s{' with terms from the text (the worst case)' if words else ''}: "
            f"{_verdict(ok)}: {_s(largest.timing.wall)} (CPU {_s(largest.timing.cpu)})."
        )
        if (largest.articles, largest.terms) != (SCRIPT_ARTICLES[-1], SCRIPT_TERMS[-1]):
            line += f" (The target is for {_n(SCRIPT_ARTICLES[-1])} × {_n(SCRIPT_TERMS[-1])}: not measured this run.)"
        if not ok and big:
            top = sorted(big.items(), key=lambda kv: -kv[1])[:4]
            line += (
                f" {_s(largest.timing.wall - TARGET_LARGEST_SECONDS)} over. Largest stages: "
                + ", ".join(f"{k} {v:.1f} s" for k, v in top)
                + " (see the stage table)."
            )
        if words:
            line += (
                f" With a glossary of dictionary words ({_n(words.used)} of them used): "
                f"{_verdict(words.timing.wall < TARGET_LARGEST_SECONDS)}: {_s(words.timing.wall)} "
                f"(CPU {_s(words.timing.cpu)})."
            )
        out.append(line)
    if r.edit:
        e = r.edit
        ok = set(e.changed) <= set(e.expected) and e.written == len(e.changed) and e.noop_written == 0
        out.append(
            f"- A one-sentence edit rewrites only the affected pages: {_verdict(ok)}: {e.written} page(s) "
            f"rewritten ({', '.join(f'`{c}`' for c in e.changed)}) of {_n(built(e.edit)[0])}; an unchanged "
            f"rebuild rewrites {e.noop_written}."
        )
    return out
