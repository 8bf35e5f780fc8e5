"""YAML text → plain Python values plus the line of every key path (`terms[3].aliases` → 17)."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..core import chars
from ..core.model import BuildError, Problem
from ..core.problems import Collector, fail, problem

# Tags a value may carry: the plain kinds of YAML (a date is read as one, and refused where text is
# expected). Others name Python objects or odd kinds (!!python/name:, !!binary, !!set) and are refused.
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
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
        fail("yaml.too-deep", file, line + offset, limit=MAX_DEPTH)
    try:
        # libyaml's parser when PyYAML has it (its wheels do): same nodes and marks, several times faster
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", _Loader))
    except yaml.MarkedYAMLError as exc:
        raise BuildError([_diagnose(exc, text, file, offset)]) from exc
    except (yaml.YAMLError, RecursionError, MemoryError) as exc:  # a character the reader refuses; too deep
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 + offset if isinstance(position, int) else None
        what = "nested too deeply" if isinstance(exc, RecursionError | MemoryError) else str(exc).split(":")[0]
        fail("yaml.unreadable", file, line, what=what)
    lines: dict[str, int] = {}
    found = Collector(file)
    if node is None:
        return None, lines
    constructor = _Loader("")  # one for the whole walk: a loader costs far more to make than a scalar
    seen: set[int] = set()  # lists and mappings walked: one met again is an alias

    def at(n: yaml.Node) -> int:
        return n.start_mark.line + 1 + offset

    def walk(n: yaml.Node, path: str) -> Any:
        lines[path] = at(n)
        if n.tag not in ALLOWED_TAGS:
            found.add("yaml.tag", at(n), tag=n.tag)
            return None
        if isinstance(n, yaml.MappingNode | yaml.SequenceNode):
            if id(n) in seen:
                raise _Alias
            seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for k, v in n.value:
                if k.tag == "tag:yaml.org,2002:merge":
                    found.add("yaml.merge-key", at(k))
                    continue
                if not isinstance(k, yaml.ScalarNode) or k.tag not in ALLOWED_TAGS:
                    found.add("yaml.key-not-text", at(k))
                    continue
                key = k.value
                sub = f"{path}.{key}" if path else str(key)
                if key in out:
                    found.add("yaml.duplicate-key", at(k), key=key, path=sub, first=lines[sub])
                lines[sub] = at(k)
                out[key] = walk(v, sub)
                lines[sub] = at(k)
            return out
        if isinstance(n, yaml.SequenceNode):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(n.value)]
        if isinstance(n, yaml.ScalarNode) and n.style == '"' and (hidden := chars.INVISIBLE_RE.search(n.value)):
            # an escape (`"\u202e"`) writes what the file's own check for such characters cannot see
            found.add("yaml.escaped-invisible", at(n), path=path, char=chars.describe(hidden.group(0)))
            return None
        try:
            return constructor.construct_object(n, deep=True)
        except Exception as exc:  # !!int "abc", a bad date: PyYAML's constructors fail in many ways
            kind = n.tag.rsplit(":", 1)[-1]
            found.add("yaml.bad-value", at(n), value=_clip(str(n.value)), kind=kind, reason=_reason(exc))
            return None

    try:
        value = walk(node, "")
    except _Alias:
        fail("yaml.alias", file, _alias_line(text, offset))
    except RecursionError:
        fail("yaml.unreadable", file, what="nested too deeply")
    found.stop_if_errors()
    return value, lines


def _diagnose(exc: yaml.MarkedYAMLError, text: str, file: str, offset: int) -> Problem:
    """The mistake PyYAML gave up on, at its line, with how to fix it.

    PyYAML marks where it gave up: for a key without its colon, a quote or a bracket never closed,
    that is the next line or the end of the file, and its context mark is where the key, quote or
    bracket starts, the line to fix. Otherwise the problem mark is on the line to fix."""
    context, said = exc.context or "", exc.problem or ""
    what = exc.problem or exc.context
    started = context.startswith(STARTED_AT_CONTEXT) and exc.context_mark is not None
    mark = exc.context_mark if started else exc.problem_mark or exc.context_mark
    if mark is None:
        return problem("yaml.malformed", file, what=what)
    at = mark.line + 1 + offset
    line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
    pair = KEY_VALUE_RE.match(line)
    if "mapping values are not allowed" in said:
        if pair and pair.end("key") == mark.column:  # the line's own key: where YAML expected more of the value above
            return problem("yaml.malformed-indented-key", file, at, what=what)
        return problem("yaml.malformed-colon-in-value", file, at, what=what, fix=_quote(pair))
    if context.startswith("while scanning a quoted scalar"):
        quote = line[mark.column : mark.column + 1] or '"'
        inside = '\\"' if quote == '"' else "''"
        return problem("yaml.malformed-unclosed-quote", file, at, what=what, quote=quote, inside=inside)
    if context.startswith("while scanning a simple key"):
        return problem("yaml.malformed-no-colon", file, at, what=what)
    if context.startswith("while parsing a flow"):
        return problem("yaml.malformed-unclosed-bracket", file, at, what=what)
    if "tab" in said or "\\t" in said:
        return problem("yaml.malformed-tab", file, at, what=what)
    if said.startswith(("did not find expected key", "expected <block end>")) and pair and pair["value"][:1] in "\"'":
        return problem("yaml.malformed-after-quote", file, at, what=what, fix=_quote(pair))
    return problem("yaml.malformed", file, at, what=what)


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


def _alias_line(text: str, offset: int) -> int | None:
    """The line of the first alias (only worked out once one was found: the tokens are read again)."""
    for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", _Loader)):
        if isinstance(token, yaml.AliasToken):
            return int(token.start_mark.line) + 1 + offset
    return None


def _reason(exc: Exception) -> str:
    said = getattr(exc, "problem", None)
    return str(said or exc).splitlines()[0][:80]


def _clip(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"
