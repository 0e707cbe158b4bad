"""The 公示 (public notice): the public pages and the 公示名单 spreadsheet, in one order."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from core.pagecache import last_changes
from directory.models import Organization, Person

from ..models import NOMINATION_PUBLISHED, Campaign, CampaignStatus, HonorType, Nomination, Objection
from ..rules.receipts import normalise_receipt
from .nominations import campaign_nominations
from .sections import ITERATOR_CHUNK, HonourSection, honour_sections, nominee_order


def objection_by_receipt(text: str) -> Objection | None:
    """The objection with this 回执号 (as typed: case, spaces and dashes do not matter), or None.

    Public: the page built from it shows the nominee, the honour, the status and the answer —
    never the objector's name or contact, nor who answered."""
    receipt = normalise_receipt(text)
    if not receipt:
        return None
    return (
        Objection.objects.filter(receipt=receipt)
        .select_related("nomination__campaign__conferring_org", "nomination__honor_type", "nomination__person",
                        "nomination__organization")
        .defer("name", "contact", "client_hash", "answered_by")
        .first()
    )


def public_notice_list() -> QuerySet:
    """Campaigns whose 公示 has started (including those since conferred): public, no login."""
    return (
        Campaign.objects.filter(notice_start__isnull=False)
        .filter(status__in=[CampaignStatus.NOTICE, CampaignStatus.CONFERRED])
        .select_related("conferring_org")
        .order_by("-notice_start", "-id")
    )


def public_notice_entries(campaign: Campaign) -> list[Nomination]:
    """Nominees of a notice in the one notice order (``sections.nominee_order``), as the export has them.

    Only fields that may be published are used by the template: 姓名 (with 女), 单位及职务, 荣誉.
    """
    qs = (
        campaign_nominations(campaign, statuses=NOMINATION_PUBLISHED)
        .select_related("honor_type", "person", "organization")
        .only(
            "id",
            "status",
            "unit_and_title",
            "honor_type__name",
            "honor_type__precedence",
            "person__name",
            "person__gender",
            "person__stroke_key",
            "organization__name",
            "organization__stroke_key",
        )
    )
    return list(nominee_order(qs))


def public_notice_stamps(campaign: Campaign, today) -> tuple:
    """Stamps of everything the public notice of ``campaign`` shows on ``today`` (``core.pagecache``):
    the campaign's row (status, notice period, edits; read with it), the day (objections open and
    close with the notice period), and the newest change of every model its list comes from."""
    return (
        campaign.pk,
        campaign.status,
        campaign.notice_start,
        campaign.notice_end,
        campaign.updated_at,
        today,
        *last_changes(Campaign, Nomination, Person, Organization, HonorType),
    )


def notice_sections(qs: QuerySet) -> list[HonourSection]:
    return honour_sections(qs)


def notice_rows(qs: QuerySet, rule: str = "surname") -> Iterator[tuple]:
    """(honor_type_id, person name, gender, collective name, unit_and_title, employer, job title,
    ethnicity) in the one notice order (``sections.nominee_order``, as on the public page; 姓名笔画
    with ``rule="fullname"``).

    Only what a public notice may show: never the ID number, phone or birth date.
    """
    return (
        nominee_order(qs, rule)
        .values_list(
            "honor_type_id",
            "person__name",
            "person__gender",
            "organization__name",
            "unit_and_title",
            "person__employer__name",
            "person__job_title",
            "person__ethnicity",
        )
        .iterator(chunk_size=ITERATOR_CHUNK)
    )
