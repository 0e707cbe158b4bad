import pytest
from django.core.management import call_command

from directory.models import Organization, Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def seed_data(db):
    """The fixtures built from the seed documents, plus the demo accounts."""
    from pathlib import Path

    from django.conf import settings

    files = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
    call_command("loaddata", *files, verbosity=0)
    call_command("setup_demo", verbosity=0, password="pw-123456")


@pytest.fixture
def org_tree(db):
    """root ─ a ─ a1 ; root ─ b   (two sibling branches for scoping tests)"""
    root = OrganizationFactory(name="根工会")
    a = OrganizationFactory(name="甲工会", parent=root)
    a1 = OrganizationFactory(name="甲一公司", parent=a, kind="employer")
    b = OrganizationFactory(name="乙工会", parent=root)
    return {"root": root, "a": a, "a1": a1, "b": b}


@pytest.fixture
def organizer_of(db):
    def make(org: Organization, role=Role.ORGANIZER, username=None):
        user = UserFactory(username=username or f"u-{org.pk}-{role}")
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return make


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="需要 PostgreSQL：在 CI 的 PostgreSQL 轮次中运行")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


def require_program(*names: str) -> str:
    """Path of the first program found; skip locally when absent, fail under CI=true (CI installs them)."""
    import os
    import shutil

    for name in names:
        path = shutil.which(name)
        if path:
            return path
    message = f"找不到程序 {' / '.join(names)}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "：CI 应由 .ci/run 安装")
    pytest.skip(message)
