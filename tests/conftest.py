import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from directory.models import Organization, Role
from tests.factories import member_of
from tests.scenarios.contests import scoring_contest
from tests.scenarios.exports import competition_results_world, export_world, user_maker
from tests.scenarios.organizations import org_tree as build_org_tree

SEED_PASSWORD = "pw-123456"

# Property tests measure correctness, not speed: a loaded CI machine must not fail them on time.
hypothesis_settings.register_profile(
    "jiangxin", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile("jiangxin")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # Tests create hundreds of users; PBKDF2's deliberate slowness is not what they test.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: test databases roll back, so ids and the change-history
    stamps of the public pages' cached parts (core.pagecache) come round again in the next test.
    Only the per-process memory cache: a shared Redis is never emptied by the tests."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture(scope="session")
def _seed_rows(django_db_setup, django_db_blocker) -> list[tuple[type, list, list]]:
    """The seed fixtures, parsed once per session: [(model, instances, m2m rows)] in file order.

    ``loaddata`` parses JSON and saves row by row (about two seconds); the parsed rows are inserted
    with one bulk insert per model run instead. Raw fixture rows skip ``save()`` either way.
    """
    files = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
    # A later file may save a row again (results on the events of an earlier file): the last one wins,
    # in the place of the first, as loaddata's save() would leave it.
    latest: dict[tuple[type, object], object] = {}
    with django_db_blocker.unblock():
        for path in files:
            for item in serializers.deserialize("json", path.read_text(encoding="utf-8")):
                latest[(type(item.object), item.object.pk)] = item
    runs: list[tuple[type, list, list]] = []
    for (model, pk), item in latest.items():
        if not runs or runs[-1][0] is not model:
            runs.append((model, [], []))
        runs[-1][1].append(item.object)
        for field_name, ids in (item.m2m_data or {}).items():
            runs[-1][2].append((field_name, pk, list(ids)))
    return runs


@pytest.fixture
def seed_data(db, _seed_rows):
    """The fixtures built from the seed documents, plus the demo accounts (password ``SEED_PASSWORD``)."""
    models = set()
    with connection.constraint_checks_disabled():
        for model, instances, m2m_rows in _seed_rows:
            model.objects.bulk_create([copy.copy(obj) for obj in instances])
            models.add(model)
            for field_name, pk, ids in m2m_rows:
                field = model._meta.get_field(field_name)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                through.objects.bulk_create([through(**{f"{source}_id": pk, f"{target}_id": i}) for i in ids])
    # loaddata does this too: on PostgreSQL the id sequences must follow the explicit pks.
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    call_command("setup_demo", verbosity=0, password=SEED_PASSWORD)


@pytest.fixture
def org_tree(db):
    """root ─ a ─ a1 ; root ─ b   (two sibling branches for scoping tests)"""
    return build_org_tree()


@pytest.fixture
def organizer_of(db):
    """organizer_of(org, role=组织者, username=None) → a user holding that role there."""

    def make(org: Organization, role=Role.ORGANIZER, username=None):
        return member_of(org, role=role, username=username)

    return make


@pytest.fixture
def contest(org_tree):
    """tests.scenarios.contests.scoring_contest: a judged contest organised by org_tree["a"]."""
    return scoring_contest(org_tree)


@pytest.fixture
def honours(db):
    """tests.scenarios.exports.export_world: honours, awards and nominations with hostile text."""
    return export_world()


@pytest.fixture
def competition_world(honours):
    """A competition with hostile names and computed results, for the competitions exporters."""
    return competition_results_world(honours)


@pytest.fixture
def user_with(db):
    """user_with((org, role), ...) → a user holding those memberships."""
    return user_maker()


def pytest_collection_modifyitems(config, items):
    # Under pytest-xdist (`make test` runs `-n 2 --dist loadgroup`) the browser tests share one worker,
    # so only one Chromium starts; the other worker takes the rest meanwhile.
    browser_group = pytest.mark.xdist_group("browser")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(browser_group)
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="需要 PostgreSQL：在 CI 的 PostgreSQL 轮次中运行")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)

