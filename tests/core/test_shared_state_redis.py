"""With REDIS_URL the cache is Redis, so what one web machine counts another one sees: the objection
rate limit counted elsewhere refuses here. Redis db 8 (this work's own); skipped when Redis is absent."""

import hashlib
import socket

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from awards.models import Nomination, NominationStatus
from awards.views.public import OBJECTIONS_PER_HOUR

REDIS = "redis://127.0.0.1:6379/8"


def _redis_answers() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_answers(), reason="Redis is not running on 127.0.0.1:6379"),
]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "jx-test-shared-state",
        }
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_a_rate_limit_counted_by_another_machine_refuses_here(client, seed_data, redis_cache):
    import redis

    nomination = Nomination.objects.filter(status=NominationStatus.IN_NOTICE).select_related("campaign").first()
    address_hash = hashlib.sha256(f"{settings.SECRET_KEY}|127.0.0.1".encode()).hexdigest()
    # "another web machine": a separate Redis connection writing the counter under Django's key layout
    other = redis.Redis.from_url(REDIS)
    other.set(f"jx-test-shared-state:1:awards:objections:{address_hash}", OBJECTIONS_PER_HOUR, ex=3600)

    url = reverse("awards:objection_create", args=[nomination.campaign.pk, nomination.pk])
    response = client.post(url, {"name": "张三", "contact": "13900000000", "content": "事迹与实际不符"}, follow=True)
    assert "提交过于频繁" in response.content.decode()
    assert not nomination.objections.exists()
