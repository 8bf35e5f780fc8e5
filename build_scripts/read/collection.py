"""The collection file's text (source/collection.yaml) → the Collection (the site's name and description),
plus problems with file:line."""

from __future__ import annotations

from ..core import names
from ..core.markup import SPECIAL
from ..core.model import Article, BuildError, Collection, Problem, SourceFile, named_after
from ..core.problems import Collector, problem
from ..text import yamlpos
from ..text.textio import invisible_problems

__all__ = ["Collection", "named_after"]  # shared vocabulary, kept importable from here

SOURCE = names.COLLECTION_FILE
KEYS = ("name", "name_en", "description", "description_en")
REQUIRED = ("name",)
# The theme prints the site's name and description into HTML as they are in some places
# (mkdocs-material's header and <meta name="description">) and escapes the name once more in others
# (the logo's title): no one escaping shows it right in both, so the characters markup.html_text
# replaces are refused rather than escaped, and every place shows the same text.
MARKUP = {char for char, _ in SPECIAL}


def load_collection(source: SourceFile) -> tuple[Collection, list[Problem]]:
    """Validate the collection file. Raises BuildError if it cannot be used at all."""
    name = source.name
    found = Collector(name, source.problems)
    if source.text is None:
        raise BuildError(found.problems)
    # typed as they are (as in every other source file): a YAML escape of one is refused by yamlpos
    if invisible := invisible_problems(source.text, name):
        raise BuildError([*found, *invisible])
    data, marks = yamlpos.load(source.text, name)
    if not isinstance(data, dict):
        found.fail("collection.not-mapping", 1)
    values: dict[str, str] = {}
    for key, value in data.items():
        line = marks.get(str(key), 1)
        if key not in KEYS:
            found.add("collection.unknown-key", line, key=key, allowed=", ".join(KEYS))
        elif not isinstance(value, str):
            found.add("collection.not-text", line, key=key, got=repr(value))
        elif not value.strip():
            found.add("collection.empty", line, key=key)
        elif "\n" in value.strip():
            found.add("collection.not-one-line", line, key=key)
        elif markup := sorted(MARKUP & set(value)):
            found.add("collection.markup", line, key=key, chars=" ".join(markup))
        else:
            values[key] = value.strip()
    for key in REQUIRED:
        if key not in data:
            found.add("collection.missing-key", 1, key=key)
    found.stop_if_errors()
    return Collection(source=name, **values), found.problems


def name_site(source: SourceFile | None, articles: list[Article]) -> tuple[Collection | None, list[Problem]]:
    """The collection file's Collection (`source`: its text, None where there is none); without
    one, the only article names the site.

    Several articles without a collection file are a warning: the first article names the site.
    """
    if source is not None:
        try:
            collection, problems = load_collection(source)
        except BuildError as exc:
            return None, list(exc.problems)
        titles = {a.title for a in articles}
        if len(articles) > 1 and collection.name in titles:
            # the file was written for the first article: a second one makes the site a collection
            problems.append(
                problem("collection.named-after-article", SOURCE, count=len(articles), name=collection.name)
            )
        return collection, problems
    if not articles:
        return None, []
    if len(articles) == 1:
        return named_after(articles[0]), []
    return named_after(articles[0]), [problem("collection.no-file", SOURCE, count=len(articles))]
