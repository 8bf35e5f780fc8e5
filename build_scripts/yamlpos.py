"""YAML text → plain Python values plus the line of every key path (`terms[3].aliases` → 17)."""

from __future__ import annotations

from typing import Any

import yaml

from .model import BuildError, Problem


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of silently keeping the last one."""


def load(text: str, file: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse YAML; return (value, {key path: 1-based line}). Errors become a BuildError."""
    offset = first_line - 1
    try:
        # libyaml's parser when PyYAML has it (its wheels do): same nodes and marks, several times faster
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", _Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        raise BuildError(
            [
                Problem(
                    file,
                    line,
                    f"malformed YAML: {exc.problem or exc.context}",
                    hint="check indentation, quoting and the `key: value` form on this line",
                )
            ]
        ) from exc
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    if node is None:
        return None, lines
    constructor = _Loader("")  # one for the whole walk: a loader costs far more to make than a scalar

    def walk(n: yaml.Node, path: str) -> Any:
        lines[path] = n.start_mark.line + 1 + offset
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for k, v in n.value:
                key = constructor.construct_object(k) if not isinstance(k, yaml.ScalarNode) else k.value
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
        return constructor.construct_object(n, deep=True)

    value = walk(node, "")
    if problems:
        raise BuildError(problems)
    return value, lines
