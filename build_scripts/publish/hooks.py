"""The file mkdocs.yml's `hooks:` names: MkDocs's events → the one Publish of this process (plugin.py).

MkDocs loads a hook as a lone file under its path as a name, with the file's folder on sys.path
only while it runs the file's top level (mkdocs.config.config_options.Hooks._load_hook), and neither
`mkdocs build` run from a fresh clone nor `mkdocs serve` has the project on sys.path; the project is
not installed into the environment either. So the project's package is loaded here by its location,
after which its modules import as usual, through the package. MkDocs loads this file once per
process (it caches the hook), so the one Publish lives as long as `mkdocs serve` does.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _load_package() -> None:
    """Put the project's package (two folders up) into sys.modules, unless it is there already.

    A package of the same name loaded from elsewhere is replaced, with its modules, so MkDocs runs
    this project's code.
    """
    here = Path(__file__).resolve().parent.parent
    name = here.name
    loaded = sys.modules.get(name)
    if loaded is not None and Path(getattr(loaded, "__file__", None) or "").resolve().parent == here:
        return
    for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
        del sys.modules[key]
    spec = importlib.util.spec_from_file_location(name, here / "__init__.py", submodule_search_locations=[str(here)])
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)


_load_package()

from build_scripts.publish.plugin import Publish  # noqa: E402 (importable once the package is loaded)

_publish = Publish()

on_startup = _publish.on_startup
on_config = _publish.on_config
on_pre_build = _publish.on_pre_build
on_files = _publish.on_files
on_page_markdown = _publish.on_page_markdown
on_page_content = _publish.on_page_content
on_page_context = _publish.on_page_context
on_env = _publish.on_env
on_post_build = _publish.on_post_build
on_build_error = _publish.on_build_error
on_serve = _publish.on_serve
on_shutdown = _publish.on_shutdown
