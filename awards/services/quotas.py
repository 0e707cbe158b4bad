"""Places (名额) and composition rules (比例要求) of a campaign, and reasoned overrides of a rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from core.errors import DomainError
from core.history import audited
from directory.models import Organization

from ..models import CAMPAIGN_EDITABLE, Campaign, CompositionOverride, CompositionRule, HonorType, Quota
from ..rules import composition as rule_comp
from ..selectors.checks import STAGE_LABELS
from .common import REASON_MAX_CHARS, require_manager


@dataclass(frozen=True)
class QuotaSpec:
    nominating_org: Organization
    honor_type: HonorType
    places: int


@audited
def campaign_set_quotas(*, campaign: Campaign, by, quotas: Sequence[QuotaSpec]) -> list[Quota]:
    """Replace the campaign's places (名额) with ``quotas``."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        require_manager(by, locked)
        if locked.status not in CAMPAIGN_EDITABLE:
            raise DomainError("公示开始后不能修改名额")
        honour_ids = set(locked.honor_types.values_list("pk", flat=True))
        seen = set()
        for q in quotas:
            if q.honor_type.pk not in honour_ids:
                raise DomainError(f"“{q.honor_type.name}”不在本次评选的荣誉中")
            if not q.nominating_org.is_in_subtree_of(locked.conferring_org):
                raise DomainError(f"{q.nominating_org.name}不在{locked.conferring_org.name}的范围内")
            if q.places < 0:
                raise DomainError("名额不能为负数")
            key = (q.nominating_org.pk, q.honor_type.pk)
            if key in seen:
                raise DomainError(f"{q.nominating_org.name}的“{q.honor_type.name}”名额重复填写")
            seen.add(key)
        Quota.objects.filter(campaign=locked).delete()
        return Quota.objects.bulk_create(
            [
                Quota(campaign=locked, nominating_org=q.nominating_org, honor_type=q.honor_type, places=q.places)
                for q in quotas
            ]
        )


@dataclass(frozen=True)
class RuleSpec:
    flag: str
    min_share: Decimal | None = None
    max_share: Decimal | None = None
    hard: bool = True
    label: str = ""
    honor_type: HonorType | None = None


@audited
def campaign_set_rules(*, campaign: Campaign, by, rules: Sequence[RuleSpec]) -> list[CompositionRule]:
    """Replace the campaign's composition rules (比例要求)."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        require_manager(by, locked)
        if locked.status not in CAMPAIGN_EDITABLE:
            raise DomainError("公示开始后不能修改比例要求")
        honour_ids = set(locked.honor_types.values_list("pk", flat=True))
        for r in rules:
            # The pure rule validates the bounds (0–1, at least one, min ≤ max) with Chinese messages.
            try:
                rule_comp.CompositionRule(
                    key="x", label=r.label or r.flag, flag=r.flag, min_share=r.min_share, max_share=r.max_share
                )
            except ValueError as exc:
                raise DomainError(str(exc)) from exc
            if r.honor_type is not None and r.honor_type.pk not in honour_ids:
                raise DomainError(f"“{r.honor_type.name}”不在本次评选的荣誉中")
        # Overrides point at rules; keep the reasons (rule becomes NULL) rather than lose them.
        CompositionRule.objects.filter(campaign=locked).delete()
        return CompositionRule.objects.bulk_create(
            [
                CompositionRule(
                    campaign=locked,
                    honor_type=r.honor_type,
                    flag=r.flag,
                    label=r.label.strip(),
                    min_share=r.min_share,
                    max_share=r.max_share,
                    hard=r.hard,
                )
                for r in rules
            ]
        )


@audited
def campaign_apply_national_2024_rules(
    *, campaign: Campaign, by, honor_type: HonorType | None = None
) -> list[CompositionRule]:
    """Add the 2024 全国五一劳动奖章 composition rules (DESIGN.md §4) to the campaign's own."""
    existing = [
        RuleSpec(r.flag, r.min_share, r.max_share, r.hard, r.label, r.honor_type)
        for r in campaign.composition_rules.select_related("honor_type")
    ]
    preset = [
        RuleSpec(r.flag, r.min_share, r.max_share, r.hard, r.label, honor_type)
        for r in rule_comp.national_medal_2024_rules()
    ]
    return campaign_set_rules(campaign=campaign, by=by, rules=existing + preset)


@audited
def composition_override(
    *, campaign: Campaign, by, rule: CompositionRule, stage: str, reason: str
) -> CompositionOverride:
    """The conferring organisation goes ahead despite a failing hard rule; the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(f"豁免“{rule.display_label}”须填写理由")
    if len(reason) > REASON_MAX_CHARS:
        raise DomainError(f"理由不能超过{REASON_MAX_CHARS}字")
    if stage not in STAGE_LABELS:
        raise ValueError(stage)
    if rule.campaign_id != campaign.pk:
        raise DomainError("该规则不属于本次评选")
    require_manager(by, campaign)
    return CompositionOverride.objects.create(campaign=campaign, rule=rule, stage=stage, reason=reason, by=by)
