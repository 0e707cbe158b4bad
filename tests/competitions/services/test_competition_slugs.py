"""A competition created without a slug gets a readable pinyin one, unique among competitions."""

import pytest

from competitions.services.competitions import competition_create, pinyin_slug
from core.errors import DomainError
from tests.factories import CompetitionFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_pinyin_slug_reads_the_name_with_the_year_first():
    assert pinyin_slug("2025年焊工大赛", 2025) == "2025-han-gong-da-sai"
    assert pinyin_slug("“海河工匠杯”焊工大赛", 2026) == "2026-hai-he-gong-jiang-bei-han-gong-da-sai"
    assert pinyin_slug("Skills Cup", 2026) == "2026-skills-cup"


def test_pinyin_slug_is_cut_at_a_syllable_within_fifty_characters():
    slug = pinyin_slug("2026年“海河工匠杯”职工职业技能大赛暨全市职工技术比武", 2026)
    assert len(slug) <= 50
    assert slug.startswith("2026-hai-he-gong-jiang-bei-zhi-gong")
    assert not slug.endswith("-")
    assert pinyin_slug("（）", 2026) == "2026"


def test_a_second_competition_of_the_same_name_gets_a_numbered_slug():
    root = OrganizationFactory(name="某市总工会")
    first = competition_create(by=None, name="2026年焊工大赛", year=2026, organizer=root)
    second = competition_create(by=None, name="2026年焊工大赛", year=2026, organizer=root)
    third = competition_create(by=None, name="2026年焊工大赛", year=2026, organizer=root)
    assert (first.slug, second.slug, third.slug) == (
        "2026-han-gong-da-sai",
        "2026-han-gong-da-sai-2",
        "2026-han-gong-da-sai-3",
    )


def test_the_organisers_own_slug_is_kept():
    root = OrganizationFactory(name="某市总工会")
    CompetitionFactory(slug="2026-han-gong-da-sai")
    chosen = competition_create(by=None, name="2026年焊工大赛", year=2026, organizer=root, slug="weld-2026")
    assert chosen.slug == "weld-2026"


def test_a_slug_already_taken_is_refused_beside_the_field():
    root = OrganizationFactory(name="某市总工会")
    CompetitionFactory(slug="weld-2026")
    with pytest.raises(DomainError) as caught:
        competition_create(by=None, name="2026年焊工大赛", year=2026, organizer=root, slug="weld-2026")
    assert "slug" in caught.value.fields
