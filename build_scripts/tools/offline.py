"""A built offline site directory → a zip with sorted entries and fixed timestamps (same input, same bytes)."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path


def zip_dir(src: Path, dest: Path, prefix: str) -> int:
    """Zip every file under `src` into `dest`, under the folder `prefix`; return the number of files."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01: the earliest zip date
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    files = sorted(p for p in src.rglob("*") if p.is_file())
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(src).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    tmp.replace(dest)
    return len(files)
