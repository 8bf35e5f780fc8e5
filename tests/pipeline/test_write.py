"""The writer's guarantees, through the build command: a manifest deletes nothing outside docs/, a
damaged one is an error with its fix, one build at a time, backups outside docs/, and a full disk
or a read-only docs/ become a message that the next build needs no --force to get past."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_scripts.pipeline import write
from build_scripts.pipeline.build import build
from tests.support.paths import ROOT, SMALL
from tests.support.projects import Ran, build_script, command_line, make_project, mkdocs_build

RECOVER = "python -m build_scripts build --force"


def command(root: Path, *args: str, check: bool = True) -> Ran | subprocess.CompletedProcess[str]:
    """`python -m build_scripts ARGS` in `root`, in this process through the command's entry point;
    `site`, whose build runs in a forked child that prints its own messages, as a process."""
    done = build_script(root, *args, check=False) if args[0] == "site" else command_line(root, *args)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def project(dest: Path) -> Path:
    shutil.copytree(SMALL / "source", dest / "source")
    return dest


def tree(root: Path) -> dict[str, bytes | None]:
    docs = root / "docs"
    return {p.relative_to(docs).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(docs.rglob("*"))}


def edit(root: Path) -> None:
    edition = root / "source" / "articles" / "hehu.md"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("及时交办。", "及时交办！").replace("{#s2 ", "{#s9 "), encoding="utf-8")


def clean(dest: Path, change: Callable[[Path], None] | None = None) -> dict[str, bytes | None]:
    root = project(dest)
    if change:
        change(root)
    command(root, "build")
    return tree(root)


def temporary_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(write.TMP_SUFFIX) or p.name.endswith(".tmp")]


def add_to_manifest(root: Path, rel: str, file: Path) -> None:
    manifest = root / "docs" / ".generated.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"][rel] = hashlib.sha256(file.read_bytes()).hexdigest()  # its real digest
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("where", ["parent", "absolute", "source", "symlink"])
def test_a_manifest_naming_a_file_outside_docs_never_deletes_it(tmp_path: Path, where: str) -> None:
    root = project(tmp_path / "project")
    command(root, "build")
    readme = root / "README.md"
    readme.write_text("# 说明\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere" / "notes.txt"  # alone in its folder: deleting it would empty the folder
    elsewhere.parent.mkdir()
    elsewhere.write_text("笔记\n", encoding="utf-8")
    glossary = root / "source" / "glossary.yaml"
    if where == "symlink":  # a link out of docs/ is refused before the manifest is read, even with --force
        (root / "docs" / "hehu" / "up").symlink_to(root)
        add_to_manifest(root, "hehu/up/README.md", readme)
        for args in (["build"], ["build", "--force"]):
            refused = command(root, *args, check=False)
            assert refused.returncode == 1 and "docs/hehu/up" in refused.stderr, refused.stderr
        assert readme.read_text(encoding="utf-8") == "# 说明\n"
        return
    rel, victim = {
        "parent": ("../README.md", readme),
        "absolute": (str(elsewhere), elsewhere),
        "source": ("../source/glossary.yaml", glossary),
        "symlink": ("hehu/up/README.md", readme),
    }[where]
    before = victim.read_bytes()
    add_to_manifest(root, rel, victim)
    # no page of this build is there: a stale page of the last build, as far as the manifest says
    plain = command(root, "build", check=False)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "docs/.generated.json" in plain.stderr and json.dumps(rel) in plain.stderr
    assert RECOVER in plain.stderr
    assert victim.read_bytes() == before
    forced = command(root, "build", "--force", check=False)
    assert forced.returncode == 0, forced.stderr
    assert victim.read_bytes() == before and elsewhere.parent.is_dir()
    assert rel not in json.loads((root / "docs" / ".generated.json").read_text(encoding="utf-8"))["files"]
    assert command(root, "build").returncode == 0
    assert victim.read_bytes() == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "",  # empty
        lambda text: "这不是 JSON",
        lambda text: json.dumps({"files": [1, 2]}),  # the wrong shape
        lambda text: json.dumps(["files"]),
    ],
    ids=["truncated", "empty", "not-json", "files-a-list", "a-list"],
)
def test_a_damaged_manifest_is_an_error_naming_it_and_force_rebuilds(
    tmp_path: Path, damage: Callable[[str], str]
) -> None:
    root = project(tmp_path)
    command(root, "build")
    before = tree(root)
    manifest = root / "docs" / ".generated.json"
    manifest.write_text(damage(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    damaged = tree(root)
    plain = command(root, "build", check=False)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "docs/.generated.json" in plain.stderr and RECOVER in plain.stderr
    assert tree(root) == damaged
    forced = command(root, "build", "--force", check=False)
    assert forced.returncode == 0 and "Traceback" not in forced.stderr
    assert tree(root) == before  # the same pages, a new manifest
    assert command(root, "build").returncode == 0


def stopped(pid: int) -> bool:
    with contextlib.suppress(FileNotFoundError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T"
    return False


def stops(proc: subprocess.Popen[str], seconds: float) -> bool:
    """Whether `proc` is stopped (SIGSTOP) within `seconds`, before it ends."""
    for _ in range(int(seconds * 100)):
        if stopped(proc.pid) or proc.poll() is not None:
            break
        time.sleep(0.01)
    return stopped(proc.pid)


def test_a_second_build_at_the_same_time_is_refused(tmp_path: Path) -> None:
    expected = clean(tmp_path / "clean", edit)
    root = project(tmp_path / "project")
    command(root, "build")
    edit(root)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "build_scripts", "build"]
    # the first build stopped while it writes its fourth page
    first = subprocess.Popen(
        argv, cwd=root, env={**env, "BUILD_SCRIPTS_FAULT": "stop:8"}, stderr=subprocess.PIPE, text=True
    )
    try:
        assert stops(first, 30), "the first build did not stop midway"
        during = tree(root)
        second = build_script(root, "build", check=False)
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert "another build is writing docs/" in second.stderr
        assert tree(root) == during
    finally:
        os.kill(first.pid, signal.SIGCONT)
    _, err = first.communicate()
    assert first.returncode == 0, err
    assert tree(root) == expected
    # two started at once: each either builds or is refused, and the result is a clean build's
    for _ in range(3):
        (root / "docs" / "hehu" / "s1.md").unlink()
        both = [subprocess.Popen(argv, cwd=root, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = [(p.wait(), p.communicate()[1]) for p in both]
        assert all("Traceback" not in err for _, err in outcomes), outcomes
        assert all(code == 0 or "another build is writing docs/" in err for code, err in outcomes), outcomes
        assert tree(root) == expected


@pytest.mark.slow
def test_force_keeps_backups_outside_docs_and_never_publishes_them(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    build_script(root, "build")
    page = root / "docs" / "pingan-zhejiang" / "intro.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n编者手改。\n", encoding="utf-8")
    edited = page.read_bytes()
    forced = build_script(root, "build", "--force")
    kept = list((root / ".build-backups").glob("*/pingan-zhejiang/intro.md"))
    assert len(kept) == 1 and kept[0].read_bytes() == edited
    assert f".build-backups/{kept[0].parent.parent.name}/" in forced.stderr  # the build says where
    assert not [p for p in (root / "docs").rglob("*") if p.name.startswith("intro.md.")]
    mkdocs_build(root)
    assert not [p for p in (root / "site").rglob("*") if p.is_file() and "编者手改".encode() in p.read_bytes()]
    assert ".build-backups/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` and everything in it read-only for this process, for real: a read-only bind mount
    as root (chmod does not stop root), else chmod."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p, mode in modes.items():
            p.chmod(mode & ~0o222)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    mount = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True, check=False)
    if mount.returncode != 0:
        pytest.skip(f"no read-only bind mount here: {mount.stderr.decode(errors='replace').strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_docs_is_a_message_and_the_next_build_completes(tmp_path: Path) -> None:
    expected = clean(tmp_path / "clean", edit)
    root = project(tmp_path / "project")
    command(root, "build")
    with read_only(root / "docs"):
        again = command(root, "build", check=False)  # nothing to change: nothing to write
        assert again.returncode == 0, again.stderr
        edit(root)
        before = tree(root)
        refused = command(root, "build", check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "docs/" in refused.stderr and "writable" in refused.stderr
        assert tree(root) == before and not temporary_files(root)
    done = command(root, "build", check=False)
    assert done.returncode == 0, done.stderr
    assert tree(root) == expected


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[None]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if mount.returncode != 0:
        pytest.skip(f"no tmpfs here: {mount.stderr.decode(errors='replace').strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path, leave: int) -> Path:
    """A file that takes all the space of `folder`'s disk but `leave` bytes."""
    filler = folder / "filler.bin"
    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as f:
        while True:
            f.write(b"\0" * 4096)
    with filler.open("r+b") as f:
        f.truncate(max(0, filler.stat().st_size - leave))
    return filler


def test_a_full_disk_is_a_message_and_the_next_build_completes(tmp_path: Path) -> None:
    expected = clean(tmp_path / "clean", edit)
    root = project(tmp_path / "project")
    with small_disk(root / "docs", "1m"):
        build_script(root, "build")
        edit(root)
        filler = fill(root / "docs", 8192)  # room for the journal and a page or two, not for the glossary
        full = build_script(root, "build", check=False)
        assert full.returncode == 1 and "Traceback" not in full.stderr
        assert "No space left on device" in full.stderr and "free some space" in full.stderr
        assert "docs/ holds part of this build" in full.stderr
        assert not temporary_files(root)
        filler.unlink()
        done = build_script(root, "build", check=False)  # no --force
        assert done.returncode == 0, done.stderr
        assert tree(root) == expected


@pytest.mark.parametrize("at", [1, 2, 3, 5, 8])
def test_a_write_refused_for_want_of_space_midway_leaves_nothing_in_the_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    # where no small disk can be mounted: the disk fills up at the `at`th write the build makes
    expected = clean(tmp_path / "clean", edit)
    root = project(tmp_path / "project")
    build_script(root, "build")
    edit(root)
    real_write, calls = os.write, [0]

    def write_until_full(fd: int, data: bytes) -> int:
        calls[0] += 1
        if calls[0] >= at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    with monkeypatch.context() as full:
        full.setattr(os, "write", write_until_full)
        result = build(root)
    assert not result.ok and calls[0] >= at
    assert [p.message for p in result.problems if p.hint.startswith("free some space")]
    assert not temporary_files(root)
    done = build_script(root, "build", check=False)
    assert done.returncode == 0, done.stderr
    assert tree(root) == expected


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root`, following no symbolic link."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if not path.is_symlink():
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


@pytest.mark.parametrize("to", ["project", "elsewhere"])
def test_a_docs_folder_that_is_a_symbolic_link_is_refused(tmp_path: Path, to: str) -> None:
    root = project(tmp_path / "project")
    (root / "README.md").write_text("# 说明\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if to == "project":  # its manifest names the project's own files as pages of the last build
        raw = next((root / "source" / "raw").glob("*.txt"))
        (root / ".generated.json").write_text(
            json.dumps(
                {
                    "files": {
                        rel: hashlib.sha256((root / rel).read_bytes()).hexdigest()
                        for rel in ["README.md", raw.relative_to(root).as_posix()]
                    }
                }
            ),
            encoding="utf-8",
        )
        (root / "docs").symlink_to(".")
    else:
        (root / "docs").symlink_to(elsewhere)
    before = files(root), files(elsewhere)
    for args in (["build", "--strict"], ["build", "--force"], ["check"], ["site"]):
        refused = command(root, *args, check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert "docs/: the output folder is a symbolic link" in refused.stderr
        assert "replace the link with a real folder" in refused.stderr
        assert (files(root), files(elsewhere)) == before, args


@pytest.mark.parametrize("name", [write.JOURNAL, write.LOCK, write.MANIFEST])
def test_the_builds_own_files_are_never_written_through_a_symbolic_link(tmp_path: Path, name: str) -> None:
    root = project(tmp_path / "project")
    command(root, "build")
    readme = root / "README.md"
    readme.write_text("# 说明\n", encoding="utf-8")
    own = root / "docs" / name
    saved = own.read_bytes() if own.exists() else None  # the manifest; a finished build leaves no journal
    own.unlink(missing_ok=True)
    # the lock's link points nowhere: opening it to write would create a file outside docs/
    target = "created-outside.txt" if name == write.LOCK else "README.md"
    own.symlink_to(Path("..") / target)
    edit(root)  # pages to write: the journal records them first
    before = files(root)
    for args in (["build"], ["build", "--force"], ["check"], ["site"]):
        refused = command(root, *args, check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert f"docs/{name}" in refused.stderr and "delete it" in refused.stderr, refused.stderr
        assert own.is_symlink() and files(root) == before, command
    assert not (root / "created-outside.txt").exists()
    own.unlink()
    if saved is not None:
        own.write_bytes(saved)
    assert command(root, "build").returncode == 0
    assert readme.read_text(encoding="utf-8") == "# 说明\n"


@pytest.mark.parametrize("kind", ["file", "folder", "inside-docs"])
def test_a_symbolic_link_under_docs_is_refused_and_never_published(tmp_path: Path, kind: str) -> None:
    root = make_project(tmp_path / "project", SMALL / "source")
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "口令.txt").write_text("机密口令\n", encoding="utf-8")
    assets = root / "docs" / "assets"
    assets.mkdir(exist_ok=True)
    link, to = {
        "file": (assets / "leak.txt", secrets / "口令.txt"),
        "folder": (assets / "leaks", secrets),
        # refused too: a link is a link wherever it points today (see write.links)
        "inside-docs": (assets / "copy.txt", Path("..") / "stylesheets"),
    }[kind]
    link.symlink_to(to)
    rel = link.relative_to(root).as_posix()
    for name in ("check", "build", "site"):
        refused = command(root, name, check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert f"{rel}: is a symbolic link" in refused.stderr, refused.stderr
        assert "replace it with a copy of what it points to, or delete it" in refused.stderr
    site = root / "site"
    assert not [p for p in site.rglob("*") if p.is_file() and "机密口令".encode() in p.read_bytes()]


@pytest.mark.slow
def test_site_holds_the_lock_until_mkdocs_has_read_docs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", SMALL / "source")
    # a hook that stops MkDocs as it starts reading docs/, until the test continues it
    (root / "stop_hook.py").write_text(
        "import os, signal\n\n\ndef on_pre_build(config, **kwargs):\n    os.kill(os.getpid(), signal.SIGSTOP)\n",
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nhooks:" not in text
    config.write_text(text + "\nhooks:\n  - stop_hook.py\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1498176000", "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen(
        [sys.executable, "-m", "build_scripts", "site"], cwd=root, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert stops(first, 60), "MkDocs did not stop as it started"
        during = tree(root)
        edit(root)  # a second command would now rewrite pages
        for command in ("build", "site"):
            second = build_script(root, command, check=False)
            assert second.returncode == 1 and "Traceback" not in second.stderr, second.stderr
            assert "another build is writing docs/" in second.stderr
            assert tree(root) == during
    finally:
        os.kill(first.pid, signal.SIGCONT)
    _, err = first.communicate()
    assert first.returncode == 0, err
    assert (root / "site" / "index.html").is_file()
    assert build_script(root, "build").returncode == 0  # the lock is released


@pytest.mark.parametrize("name", [write.JOURNAL, write.LOCK])
def test_a_link_placed_after_the_check_is_still_never_followed(tmp_path: Path, name: str) -> None:
    # a link made between the build's walk of docs/ and its writes: the writer opens its own
    # files without following one, and says which file to delete
    root = project(tmp_path)
    command(root, "build")
    readme = root / "README.md"
    readme.write_text("# 说明\n", encoding="utf-8")
    out = root / "docs"
    (out / name).unlink(missing_ok=True)  # the lock file stays after a build
    (out / name).symlink_to(Path("..") / "README.md")
    with pytest.raises(write.WriteFailed) as failed, write.locked(out):
        write.Writer(out)._record([("hehu/s1.md", "0" * 64)])
    assert failed.value.problem.file == f"docs/{name}"
    assert "symbolic link: delete it" in (failed.value.problem.hint or "")
    assert readme.read_text(encoding="utf-8") == "# 说明\n" and (out / name).is_symlink()
