"""Campaigns (评选批次) a user sees, and where the user may nominate from in one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, IntegerField, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from core.pagecache import with_last_changes
from directory.models import Organization
from directory.selectors import membership_roots, scope_q

from ..models import (
    Campaign,
    CampaignStatusChange,
    CompositionOverride,
    CompositionRule,
    HonorType,
    NominationStatus,
    Quota,
)
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


def campaign_get_visible(user, pk, *, stamps_of: tuple = ()) -> Campaign:
    """The campaign, if the user may see it (404 otherwise); ``stamps_of``: models whose
    ``core.pagecache`` stamps are read with it (``row_stamps(campaign, stamps_of)``)."""
    qs = campaign_list_visible(user)
    if stamps_of:
        qs = with_last_changes(qs, *stamps_of)
    return get_object_or_404(qs, pk=pk)


def nominating_orgs_for(
    user, campaign: Campaign, honor_type: HonorType | None = None, quotas: list[Quota] | None = None
) -> list[Organization]:
    """Where the user may nominate from in this campaign.

    With places allocated (for ``honor_type``, or for any honour of the campaign): the organisations
    holding places that the user organises. Without: the organisations the user organises inside the
    conferring organisation's subtree, or the conferring organisation itself for those above it.
    ``quotas``: the campaign's places when already read (``selectors.checks.campaign_quotas``).
    """
    if quotas is None:
        quotas = Quota.objects.filter(campaign=campaign).select_related("nominating_org")
        if honor_type is not None:
            quotas = quotas.filter(honor_type=honor_type)
    elif honor_type is not None:
        quotas = [q for q in quotas if q.honor_type_id == honor_type.pk]
    if quotas:
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


_USER_FIELDS = ("id", "username", "first_name", "last_name")


def campaign_records(campaign: Campaign) -> tuple[list[CampaignStatusChange], list[CompositionOverride]]:
    """The campaign's 流程记录 (stage changes) and 豁免记录 (composition overrides), oldest first,
    in one query (UNION ALL of the two small tables): the records carry who made them (name fields
    only) and the overridden rule's label, all that the page shows of them."""
    user = {f"u_{f}": F(f"by__{f}") for f in _USER_FIELDS}
    changes = CampaignStatusChange.objects.filter(campaign=campaign).values(
        kind=Value("change"),
        rid=F("id"),
        rat=F("at"),
        a=F("from_status"),
        b=F("to_status"),
        text=F("comment"),
        rule_pk=Value(None, output_field=IntegerField()),
        rule_flag=Value("", output_field=CharField()),
        rule_label=Value("", output_field=CharField()),
        **user,
    )
    overrides = CompositionOverride.objects.filter(campaign=campaign).values(
        kind=Value("override"),
        rid=F("id"),
        rat=F("at"),
        a=F("stage"),
        b=Value("", output_field=CharField()),
        text=F("reason"),
        rule_pk=F("rule_id"),
        rule_flag=F("rule__flag"),
        rule_label=F("rule__label"),
        **user,
    )
    status_changes, override_list = [], []
    for r in changes.order_by().union(overrides.order_by(), all=True):
        by = None
        if r["u_id"] is not None:
            by = get_user_model().from_db(None, list(_USER_FIELDS), [r[f"u_{f}"] for f in _USER_FIELDS])
        if r["kind"] == "change":
            status_changes.append(
                CampaignStatusChange(
                    id=r["rid"],
                    campaign=campaign,
                    from_status=r["a"],
                    to_status=r["b"],
                    by=by,
                    at=r["rat"],
                    comment=r["text"],
                )
            )
        else:
            rule = None
            if r["rule_pk"] is not None:
                rule = CompositionRule.from_db(
                    None, ["id", "flag", "label"], [r["rule_pk"], r["rule_flag"], r["rule_label"]]
                )
            override_list.append(
                CompositionOverride(
                    id=r["rid"], campaign=campaign, rule=rule, stage=r["a"], reason=r["text"], by=by, at=r["rat"]
                )
            )
    status_changes.sort(key=lambda s: (s.at, s.pk))
    override_list.sort(key=lambda o: (o.at, o.pk))
    return status_changes, override_list
