"""Campaigns (评选批次) a user sees, and where the user may nominate from in one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from directory.models import Organization
from directory.selectors import membership_roots, scope_q

from ..models import Campaign, HonorType, NominationStatus, Quota
from .roles import NOMINATOR_ROLES, can_nominate_for


def ancestor_ids(orgs: Iterable[Organization]) -> set[int]:
    ids: set[int] = set()
    for org in orgs:
        ids.update(int(p) for p in org.path.strip("/").split("/") if p)
    return ids


def campaign_list_visible(user) -> QuerySet:
    """Campaigns the user sees: those of a conferring organisation in the user's subtrees, and those
    conferred by an ancestor of an organisation the user belongs to (the nominating side)."""
    qs = Campaign.objects.select_related("conferring_org").prefetch_related("honor_types")
    cond = scope_q(user, "conferring_org__")
    if cond is None:
        return qs
    roots = membership_roots(user)
    return qs.filter(cond | Q(conferring_org_id__in=ancestor_ids(roots)))


def campaign_get_visible(user, pk) -> Campaign:
    return get_object_or_404(campaign_list_visible(user), pk=pk)


def nominating_orgs_for(user, campaign: Campaign, honor_type: HonorType | None = None) -> list[Organization]:
    """Where the user may nominate from in this campaign.

    With places allocated (for ``honor_type``, or for any honour of the campaign): the organisations
    holding places that the user organises. Without: the organisations the user organises inside the
    conferring organisation's subtree, or the conferring organisation itself for those above it.
    """
    quotas = Quota.objects.filter(campaign=campaign).select_related("nominating_org")
    if honor_type is not None:
        quotas = quotas.filter(honor_type=honor_type)
    if quotas.exists():
        seen: dict[int, Organization] = {}
        for q in quotas:
            if q.nominating_org_id not in seen and can_nominate_for(user, q.nominating_org):
                seen[q.nominating_org_id] = q.nominating_org
        return sorted(seen.values(), key=lambda o: o.path)
    if user.is_superuser:
        return [campaign.conferring_org]
    result: dict[int, Organization] = {}
    conferring = campaign.conferring_org
    for root in membership_roots(user, NOMINATOR_ROLES):
        if root.path.startswith(conferring.path):
            result[root.pk] = root
        elif conferring.path.startswith(root.path):
            result[conferring.pk] = conferring
    return sorted(result.values(), key=lambda o: o.path)


def campaign_has_quotas(campaign: Campaign, honor_type: HonorType | None = None) -> bool:
    qs = Quota.objects.filter(campaign=campaign)
    if honor_type is not None:
        qs = qs.filter(honor_type=honor_type)
    return qs.exists()


def units_without_nominations(campaign: Campaign) -> list[Organization]:
    """Units given places (名额 > 0) that have put nobody forward: no nomination of theirs got past a
    draft, or all were withdrawn."""
    quota_orgs = (
        Organization.objects.filter(quotas__campaign=campaign, quotas__places__gt=0).distinct().order_by("path")
    )
    nominated = campaign.nominations.exclude(status__in=(NominationStatus.DRAFT, NominationStatus.WITHDRAWN)).values(
        "nominating_org_id"
    )
    return list(quota_orgs.exclude(pk__in=nominated))


def notice_warnings(campaign: Campaign, start: dt.date) -> list[str]:
    """What makes a 公示 starting on ``start`` premature: the nomination deadline not yet passed, units
    with places that nominated nobody. Starting anyway needs a reason, recorded with the step."""
    warnings = []
    if campaign.nomination_deadline is not None and start <= campaign.nomination_deadline:
        warnings.append(
            f"推荐截止日期为{campaign.nomination_deadline:%Y年%m月%d日}，公示开始日期{start:%Y年%m月%d日}"
            "尚未过推荐截止日期，此后报送的推荐将不能进入本次公示"
        )
    idle = units_without_nominations(campaign)
    if idle:
        warnings.append(f"{len(idle)}个有名额的推荐单位尚未报送任何推荐：{'、'.join(o.name for o in idle)}")
    return warnings
