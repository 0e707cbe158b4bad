"""External programs some tests drive (LibreOffice, Chromium)."""

import os
import shutil

import pytest


def require_program(*names: str) -> str:
    """Path of the first program found; skip locally when absent, fail under CI=true (CI installs them)."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    message = f"找不到程序 {' / '.join(names)}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "：CI 应由 .ci/run 安装")
    pytest.skip(message)
