"""A section of BENCHMARKS.md between two marker lines → kept by `make bench`, replaced by its own command."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    begin: str  # the marker lines, each a comment naming the command that writes the section
    end: str

    def kept(self, report: str, old: str) -> str:
        """`report` with this section of `old` (the BENCHMARKS.md it replaces) at its end, if it has one."""
        start, stop = old.find(self.begin), old.find(self.end)
        if start < 0 or stop < 0:
            return report
        return report.rstrip("\n") + "\n\n" + old[start : stop + len(self.end)] + "\n"

    def replaced(self, text: str, new: str) -> str:
        """`text` with this section replaced by `new`, or `new` appended when it has none."""
        new = new.rstrip("\n") + "\n"
        start, stop = text.find(self.begin), text.find(self.end)
        if start < 0 or stop < 0:
            return text.rstrip("\n") + "\n\n" + new
        rest = text[stop + len(self.end) :].lstrip("\n")
        return text[:start] + new + ("\n" + rest if rest else "")
