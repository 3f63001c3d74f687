"""Adding a user's documents to the corpus from the web chat.

Each file is checked before anything is kept: the name it was uploaded under (a plain
file name: no folders, no ``..``, not hidden, no control characters, a supported type),
its size (``max_upload_mb``) and its content (it must load as text: an empty file, a
scanned or encrypted PDF, binary data under a ``.txt`` name are refused with the loader's
reason). A file that passes is written into ``<data_dir>/documents/.incoming`` first and
moved into ``<data_dir>/documents`` with one rename, so a half-written file is never
indexed; the target path is checked to be inside that folder. Nothing is written anywhere
else. The caller rebuilds the index afterwards (``Runtime.reload``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.loaders import SUPPORTED_SUFFIXES, DocumentLoadError, discover, load_document
from retrieval.settings import Settings

MAX_NAME_CHARS = 150
INCOMING = ".incoming"


class UploadRejected(ValueError):
    """A file that is not added; ``str()`` is the reason, fit to show."""


@dataclass
class UploadReport:
    added: list[str] = field(default_factory=list)  # file names as stored in the documents folder
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name as uploaded, reason)

    def as_dict(self) -> dict[str, object]:
        return {
            "added": list(self.added),
            "rejected": [{"name": n, "reason": r} for n, r in self.rejected],
        }


def check_name(name: str) -> str:
    """The uploaded file's name if it is a plain, supported file name; else :class:`UploadRejected`."""
    if not name or not name.strip():
        raise UploadRejected("the file has no name")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise UploadRejected("the name must be a plain file name, without folders or '..'")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise UploadRejected("the name contains control characters")
    if name.startswith((".", "~$")) or name != name.strip():
        raise UploadRejected("hidden, temporary or space-padded file names are not accepted")
    if len(name) > MAX_NAME_CHARS:
        raise UploadRejected(f"the name is longer than {MAX_NAME_CHARS} characters")
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}' files are" if suffix else "files without an extension are"
        raise UploadRejected(f"{kind} not supported (use {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    return name


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def known_hashes(settings: Settings) -> dict[str, str]:
    """sha256 -> file name of every document already in the corpus folders."""
    roots = [p for p in (settings.seeds_dir, settings.uploads_dir) if p.exists()]
    out: dict[str, str] = {}
    for path in discover(roots):
        with contextlib.suppress(OSError):
            out.setdefault(sha256_of(path), path.name)
    return out


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3`` … when that is taken."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    return target


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def add_uploads(settings: Settings, files: list[tuple[Path, str]]) -> UploadReport:
    """Check each ``(path on disk, name it was uploaded under)`` and move the good ones into
    the documents folder. Returns what was added and what was refused, with reasons."""
    report = UploadReport()
    folder = settings.uploads_dir
    max_bytes = settings.max_upload_mb * 1024 * 1024
    known: dict[str, str] | None = None
    for source, name in files:
        shown = name or Path(source).name
        staging: Path | None = None
        try:
            check_name(name)
            try:
                info = os.lstat(source)
            except OSError:
                raise UploadRejected("the upload did not arrive (no file on the server)") from None
            if not stat.S_ISREG(info.st_mode):
                raise UploadRejected("not a regular file")
            if info.st_size == 0:
                raise UploadRejected("the file is empty")
            if info.st_size > max_bytes:
                raise UploadRejected(
                    f"the file is {info.st_size / 1048576:.1f} MB, larger than the limit of {settings.max_upload_mb} MB"
                )
            folder.mkdir(parents=True, exist_ok=True)
            staging = folder / INCOMING / uuid.uuid4().hex / name
            if not inside(staging, folder):
                raise UploadRejected("the name must be a plain file name")
            staging.parent.mkdir(parents=True)
            shutil.copyfile(source, staging)
            try:
                loaded = load_document(staging, max_bytes=max_bytes)
            except DocumentLoadError as exc:
                raise UploadRejected(exc.reason) from None
            if known is None:
                known = known_hashes(settings)
            if loaded.sha256 in known:
                raise UploadRejected(f"the same document is already in the corpus ({known[loaded.sha256]})")
            target = free_name(folder, name)
            if not inside(target, folder) or target.parent.resolve() != folder.resolve():
                raise UploadRejected("the name must be a plain file name")
            os.replace(staging, target)
            known[loaded.sha256] = target.name
            report.added.append(target.name)
        except UploadRejected as exc:
            report.rejected.append((shown, str(exc)))
        except OSError as exc:
            report.rejected.append((shown, f"the file could not be stored ({exc.strerror or exc})"))
        finally:
            if staging is not None:
                shutil.rmtree(staging.parent, ignore_errors=True)
    with contextlib.suppress(OSError):
        (folder / INCOMING).rmdir()
    return report
