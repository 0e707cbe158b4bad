"""Keeping an uploaded registration sheet between the web dry run and the confirmation.

The bytes go to a private temporary file named by a random token; the token is known only to the
uploader's session (with the competition, the user, the file's SHA-256 and the options), so nobody
else can confirm it, and confirming re-reads and re-validates the very same bytes. One pending file
per competition and session; files older than ``MAX_AGE_SECONDS`` are swept on every upload.
(Several web servers need this directory on shared storage: JIANGXIN_IMPORT_STASH_DIR.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "registration_import"
MAX_AGE_SECONDS = 6 * 3600


def stash_dir() -> Path:
    configured = getattr(settings, "JIANGXIN_IMPORT_STASH_DIR", None)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "jiangxin-import-stash"


@dataclass(frozen=True)
class Stashed:
    token: str
    data: bytes
    filename: str
    options: dict


def _path(token: str) -> Path:
    return stash_dir() / f"{token}.xlsx"


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    try:
        entries = list(os.scandir(stash_dir()))
    except FileNotFoundError:
        return
    for entry in entries:
        try:
            if entry.name.endswith(".xlsx") and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass


def stash_put(request, *, competition, data: bytes, filename: str, options: dict) -> str:
    _sweep()
    directory = stash_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    pending = dict(request.session.get(SESSION_KEY, {}))
    for old, info in list(pending.items()):
        if info.get("competition") == competition.pk:
            _remove(old)
            del pending[old]
    pending[token] = {
        "competition": competition.pk,
        "user": request.user.pk,
        "filename": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
        "created": time.time(),
        "options": options,
    }
    request.session[SESSION_KEY] = pending
    return token


def stash_get(request, *, competition, token: str) -> Stashed | None:
    """The stashed upload, if ``token`` belongs to this session, user and competition and is intact."""
    info = request.session.get(SESSION_KEY, {}).get(token)
    if not info or info.get("competition") != competition.pk or info.get("user") != request.user.pk:
        return None
    if time.time() - info.get("created", 0) > MAX_AGE_SECONDS:
        stash_discard(request, token)
        return None
    try:
        data = _path(token).read_bytes()
    except OSError:
        stash_discard(request, token)
        return None
    if hashlib.sha256(data).hexdigest() != info.get("sha256"):
        stash_discard(request, token)
        return None
    return Stashed(token=token, data=data, filename=info["filename"], options=info.get("options", {}))


def stash_discard(request, token: str) -> None:
    pending = dict(request.session.get(SESSION_KEY, {}))
    if token in pending:
        del pending[token]
        request.session[SESSION_KEY] = pending
        _remove(token)


def _remove(token: str) -> None:
    with contextlib.suppress(OSError):
        _path(token).unlink()
