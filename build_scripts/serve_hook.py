"""MkDocs hook for `mkdocs serve`: source/ changed → rerun the build script before MkDocs rebuilds docs/.

Only the live preview needs this; `make site` runs the build script itself, so a plain `mkdocs build`
(or another tool reading mkdocs.yml) works from docs/ alone.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

# MkDocs loads a hook as a lone file, not as part of its package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

log = logging.getLogger("mkdocs.hooks.build_scripts")
_command = ""


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(config: Any) -> None:
    if _command != "serve":
        return
    # imported here: a plain `mkdocs build` never loads the build script's dependencies
    from build_scripts.build import build
    from build_scripts.model import Severity

    root = Path(config["config_file_path"]).parent
    result = build(root)
    for p in result.problems:
        (log.error if p.severity is Severity.ERROR else log.warning)(str(p))
    if result.report and result.report.written:
        log.info(f"build script rewrote {len(result.report.written)} page(s): {', '.join(result.report.written)}")
