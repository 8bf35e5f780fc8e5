"""YAML text → plain Python values plus the line of every key path (`terms[3].aliases` → 17)."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..core import chars
from ..core.model import BuildError, Problem

# Tags a value may carry: the plain kinds of YAML (a date is read as one, and refused where text is
# expected). Others name Python objects or odd kinds (!!python/name:, !!binary, !!set) and are refused.
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
HINT = "write plain `key: value` lines, lists and quoted text"
GENERIC_HINT = "check indentation, quoting and the `key: value` form on this line"
# PyYAML's contexts for a key, a quoted value or a bracket it read to where it gave up: the mistake
# is where that began (see _diagnose()).
STARTED_AT_CONTEXT = ("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow")
# A `key: value` line (in a list item or not): its indentation and dash, its key, its value.
KEY_VALUE_RE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>\S.*)$")
# libyaml builds nested lists and mappings by recursion in C: some ten thousand levels overflow its
# stack and end the process. Text that could nest deeper than SAFE_DEPTH is measured before it is
# built, and refused from MAX_DEPTH levels on (an entry of the glossary is three deep).
SAFE_DEPTH = 2000
MAX_DEPTH = 100
# Block nesting moves each level at least a column to the right: a line's run of indentation and
# indicators bounds how deep its block can be. Flow nesting ([ {) is bounded by how many open.
_DEEP_BLOCK_RE = re.compile(rf"^[ ?:-]{{{SAFE_DEPTH},}}", re.M)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of silently keeping the last one."""


def load(text: str, file: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse YAML; return (value, {key path: 1-based line}). Errors become a BuildError.

    Anchors and aliases (&a, *a) are refused: a few hundred bytes of them expand to gigabytes.
    """
    offset = first_line - 1
    if (line := _too_deep(text)) is not None:
        raise BuildError(
            [Problem(file, line + offset, f"lists and mappings nested more than {MAX_DEPTH} levels deep", hint=HINT)]
        )
    try:
        # libyaml's parser when PyYAML has it (its wheels do): same nodes and marks, several times faster
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", _Loader))
    except yaml.MarkedYAMLError as exc:
        line, hint = _diagnose(exc, text)
        raise BuildError(
            [
                Problem(
                    file,
                    None if line is None else line + 1 + offset,
                    f"malformed YAML: {exc.problem or exc.context}",
                    hint=hint,
                )
            ]
        ) from exc
    except (yaml.YAMLError, RecursionError, MemoryError) as exc:  # a character the reader refuses; too deep
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 + offset if isinstance(position, int) else None
        what = "nested too deeply" if isinstance(exc, RecursionError | MemoryError) else str(exc).split(":")[0]
        raise BuildError([Problem(file, line, f"malformed YAML: {what}", hint=HINT)]) from None
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    if node is None:
        return None, lines
    constructor = _Loader("")  # one for the whole walk: a loader costs far more to make than a scalar
    seen: set[int] = set()  # lists and mappings walked: one met again is an alias

    def refuse(n: yaml.Node, message: str, hint: str = HINT) -> None:
        problems.append(Problem(file, n.start_mark.line + 1 + offset, message, hint=hint))

    def walk(n: yaml.Node, path: str) -> Any:
        lines[path] = n.start_mark.line + 1 + offset
        if n.tag not in ALLOWED_TAGS:
            refuse(n, f"the tag `{n.tag}` is not allowed here", hint="remove the tag; quote the value if it is text")
            return None
        if isinstance(n, yaml.MappingNode | yaml.SequenceNode):
            if id(n) in seen:
                raise _Alias
            seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for k, v in n.value:
                if k.tag == "tag:yaml.org,2002:merge":
                    refuse(k, "merge keys (`<<`) are not allowed", hint="write each value out in full")
                    continue
                if not isinstance(k, yaml.ScalarNode) or k.tag not in ALLOWED_TAGS:
                    refuse(k, "a key must be plain text", hint="write `key: value`, with a word as the key")
                    continue
                key = k.value
                sub = f"{path}.{key}" if path else str(key)
                if key in out:
                    problems.append(
                        Problem(
                            file,
                            k.start_mark.line + 1 + offset,
                            f"key `{key}` appears twice in this mapping (first at line {lines[sub]})",
                            key=sub,
                            hint="keep one of the two",
                        )
                    )
                lines[sub] = k.start_mark.line + 1 + offset
                out[key] = walk(v, sub)
                lines[sub] = k.start_mark.line + 1 + offset
            return out
        if isinstance(n, yaml.SequenceNode):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(n.value)]
        if isinstance(n, yaml.ScalarNode) and n.style == '"' and (hidden := chars.INVISIBLE_RE.search(n.value)):
            # an escape (`"\u202e"`) writes what the file's own check for such characters cannot see
            refuse(
                n,
                f"`{path}` holds {chars.describe(hidden.group(0))}, written as an escape",
                hint="remove it: source files hold visible text only",
            )
            return None
        try:
            return constructor.construct_object(n, deep=True)
        except Exception as exc:  # !!int "abc", a bad date: PyYAML's constructors fail in many ways
            refuse(n, f"cannot read `{_clip(str(n.value))}` as {n.tag.rsplit(':', 1)[-1]}: {_reason(exc)}")
            return None

    try:
        value = walk(node, "")
    except _Alias:
        raise BuildError([_alias_problem(text, file, offset)]) from None
    except RecursionError:
        raise BuildError([Problem(file, None, "malformed YAML: nested too deeply", hint=HINT)]) from None
    if problems:
        raise BuildError(problems)
    return value, lines


def _diagnose(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line of the mistake (0-based, as PyYAML's marks count) and how to fix it.

    PyYAML marks where it gave up: for a key without its colon, a quote or a bracket never closed,
    that is the next line or the end of the file, and its context mark is where the key, quote or
    bracket starts, the line to fix. Otherwise the problem mark is on the line to fix."""
    context, problem = exc.context or "", exc.problem or ""
    started = context.startswith(STARTED_AT_CONTEXT) and exc.context_mark is not None
    mark = exc.context_mark if started else exc.problem_mark or exc.context_mark
    if mark is None:
        return None, GENERIC_HINT
    line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
    pair = KEY_VALUE_RE.match(line)
    if "mapping values are not allowed" in problem:
        if pair and pair.end("key") == mark.column:  # the line's own key: where YAML expected more of the value above
            return (
                mark.line,
                "this key is indented more than the key above it, so YAML reads it as part of that value:"
                " line it up with the keys above",
            )
        return (
            mark.line,
            "a value holding `: ` (a colon and a space) must be quoted, or YAML reads a new key there: " + _quote(pair),
        )
    if context.startswith("while scanning a quoted scalar"):
        quote = line[mark.column : mark.column + 1] or '"'
        inside = '\\"' if quote == '"' else "''"
        return (
            mark.line,
            f"the value opened with {quote} on this line is never closed: close it on the same line"
            f" (a {quote} inside it is written {inside})",
        )
    if context.startswith("while scanning a simple key"):
        return mark.line, "this line has no `key: value` colon: write `key: value` (a colon and a space after the key)"
    if context.startswith("while parsing a flow"):
        return (
            mark.line,
            'the [ or { opened on this line is never closed: close it on the same line, e.g. `sources: ["…", "…"]`',
        )
    if "tab" in problem or "\\t" in problem:
        return mark.line, "YAML indents with spaces only: replace the tab with spaces"
    if (
        problem.startswith(("did not find expected key", "expected <block end>"))
        and pair
        and pair["value"][:1] in "\"'"
    ):
        return mark.line, "text follows the value's closing quote: " + _quote(pair)
    return mark.line, GENERIC_HINT


def _quote(pair: re.Match[str] | None) -> str:
    """How to quote the value of a `key: value` line: the line as it should read."""
    if pair is None:
        return 'put the whole value in double quotes (`key: "…"`; a " inside it written \\")'
    quoted = json.dumps(pair["value"].rstrip(), ensure_ascii=False)  # a JSON string is a YAML string
    example = f"{pair['lead'].lstrip()}{pair['key']}: {quoted}"  # the dash of a list item kept
    return f'put the whole value in double quotes (a " inside it written \\"):\n        {example}'


def _too_deep(text: str) -> int | None:
    """The line where nesting passes MAX_DEPTH, if it does; None if it does not."""
    if text.count("[") + text.count("{") <= SAFE_DEPTH and not _DEEP_BLOCK_RE.search(text):
        return None  # cannot be deeper than libyaml copes with: the walk's own limit applies
    depth = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", _Loader)):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose reports it, with its position
    return None


class _Alias(Exception):
    """A list or mapping reached a second time: the text refers to it with an alias."""


def _alias_problem(text: str, file: str, offset: int) -> Problem:
    """Where the first alias is (only worked out once one was found: the tokens are read again)."""
    line = None
    for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", _Loader)):
        if isinstance(token, yaml.AliasToken):
            line = token.start_mark.line + 1 + offset
            break
    return Problem(
        file,
        line,
        "anchors and aliases (`&name`, `*name`) are not allowed",
        hint="write each value out in full",
    )


def _reason(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    return str(problem or exc).splitlines()[0][:80]


def _clip(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"
