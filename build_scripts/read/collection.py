"""The collection file's text (source/collection.yaml) → the Collection (the site's name and description),
plus problems with file:line."""

from __future__ import annotations

from ..core import names
from ..core.markup import SPECIAL
from ..core.model import Article, BuildError, Collection, Problem, Severity, SourceFile, named_after
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
    problems = list(source.problems)
    if source.text is None:
        raise BuildError(problems)
    # typed as they are (as in every other source file): a YAML escape of one is refused by yamlpos
    if invisible := invisible_problems(source.text, name):
        raise BuildError([*problems, *invisible])
    data, marks = yamlpos.load(source.text, name)
    if not isinstance(data, dict):
        hint = "write at least `name: <the site's Chinese name>` (see the comment in source/collection.yaml)"
        raise BuildError(
            [*problems, Problem(name, 1, "the collection file must be a mapping of `key: value` lines", hint=hint)]
        )
    values: dict[str, str] = {}
    for key, value in data.items():
        line = marks.get(str(key), 1)
        if key not in KEYS:
            problems.append(
                Problem(name, line, f"unknown key `{key}`", key=str(key), hint=f"allowed keys: {', '.join(KEYS)}")
            )
        elif not isinstance(value, str):
            problems.append(Problem(name, line, f"expected a string, got {value!r}", key=key, hint="quote the value"))
        elif not value.strip():
            problems.append(Problem(name, line, "empty value", key=key, hint="fill it in or remove the key"))
        elif "\n" in value.strip():
            problems.append(Problem(name, line, "expected one line", key=key, hint="write the value on one line"))
        elif found := sorted(MARKUP & set(value)):
            problems.append(
                Problem(
                    name,
                    line,
                    f"contains {' '.join(found)}, which the theme would print as HTML",
                    key=key,
                    hint="use full-width quotes “ ” and 和 / and instead",
                )
            )
        else:
            values[key] = value.strip()
    for key in REQUIRED:
        if key not in data:
            problems.append(
                Problem(name, 1, f"missing required key `{key}`", key=key, hint=f"add `{key}: …` to the file")
            )
    if any(p.severity is Severity.ERROR for p in problems):
        raise BuildError(problems)
    return Collection(source=name, **values), problems


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
                Problem(
                    SOURCE,
                    None,
                    f"the site has {len(articles)} articles but is still named after one of them "
                    f"(《{collection.name}》)",
                    key="name",
                    hint="give the collection a name of its own (`name:`, and `name_en:`, `description:`)",
                    severity=Severity.WARNING,
                )
            )
        return collection, problems
    if not articles:
        return None, []
    if len(articles) == 1:
        return named_after(articles[0]), []
    return named_after(articles[0]), [
        Problem(
            SOURCE,
            None,
            f"the site has {len(articles)} articles but no collection file: it is named after the first",
            hint="create source/collection.yaml with `name:`, `name_en:`, `description:`, `description_en:`",
            severity=Severity.WARNING,
        )
    ]
