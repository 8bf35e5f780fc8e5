"""The search's query table as the build script writes it into docs/ (names.QUERY_TABLE) and both
engines read it: `chars`, Traditional and Simplified characters in pairs; `names`, another name of
a term → what to search instead; `headwords`, a glossary entry's heading → its term, phrase and
aliases, which its search entry holds (the MkDocs side; not sent to the browser). Made by
pages/query.py; read here, by the MkDocs side (publish/search.py) and Zensical's index rewrite
(zensical/search.py), which load nothing else of the build."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def read_query_file(text: str) -> dict[str, Any]:
    """names.QUERY_TABLE's text → the table (`chars`, a string of pairs; `names`, name → query);
    ValueError when it is not one."""
    table = json.loads(text)
    if not (
        isinstance(table, dict)
        and isinstance(table.get("chars"), str)
        and isinstance(table.get("names"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in table["names"].items())
        and isinstance(table.setdefault("headwords", {}), dict)
        and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(f, str) for f in v)
            for k, v in table["headwords"].items()
        )
    ):
        raise ValueError(
            "not a query table: an object with `chars` (a string), `names` (strings) and `headwords` (lists)"
        )
    return table


def held_only(table: Mapping[str, Any], held: set[str]) -> dict[str, Any]:
    """The table with only the character pairs an index needs: a Traditional character folded to a
    Simplified one the index holds (fold_chars, on the index's own characters). The Traditional one
    may be held too: a Traditional page carries its Simplified fold, so a query is always folded."""
    pairs = str(table.get("chars", ""))
    kept = "".join(pairs[k : k + 2] for k in range(0, len(pairs) - 1, 2) if pairs[k + 1] in held)
    return {"chars": kept, "names": table.get("names", {})}
