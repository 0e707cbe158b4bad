"""Campaigns: create, edit, and the stages 筹备 → 推荐中 → 审核中 → 公示中 → 已表彰.

Every stage change goes through ``_campaign_step`` (lock, conditional UPDATE, CampaignStatusChange
with who and why); 公示 and 表彰 move every nomination of the campaign at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from core.history import audited, record_pks
from directory.models import Organization

from ..models import (
    CAMPAIGN_EDITABLE,
    Award,
    Campaign,
    CampaignStatus,
    CampaignStatusChange,
    HonorType,
    Nomination,
    NominationStatus,
)
from ..rules.workdays import CalendarUnknownYear
from ..selectors.campaigns import notice_warnings
from ..selectors.checks import STAGE_NOTICE, campaign_check
from ..selectors.holidays import workday_calendar
from ..selectors.nominations import confer_candidates
from ..selectors.roles import can_manage
from .common import REASON_MAX_CHARS, require_manager, today_or
from .nominations import nomination_apply
from .quotas import composition_override

S = NominationStatus
C = CampaignStatus

# Campaign stages: (from, to, label). Only forward, one step at a time (推荐中 may go straight to 公示).
CAMPAIGN_FLOW: dict[str, tuple[tuple[str, ...], str, str]] = {
    "open": ((C.PREPARING,), C.NOMINATING, "开始推荐"),
    "close": ((C.NOMINATING,), C.REVIEWING, "截止推荐、进入审核"),
    "notice": ((C.NOMINATING, C.REVIEWING), C.NOTICE, "开始公示"),
    "confer": ((C.NOTICE,), C.CONFERRED, "表彰"),
}


def _campaign_step(*, campaign: Campaign, step: str, by, comment="", check=None, **fields) -> Campaign:
    """One stage forward. ``comment`` is the text recorded, or a function of the locked campaign
    giving it once ``check`` has passed (what the check found belongs in the record)."""
    sources, target, label = CAMPAIGN_FLOW[step]
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        require_manager(by, locked)
        if locked.status not in sources:
            if locked.status == target:
                raise DomainError(f"本次评选已经是“{locked.get_status_display()}”阶段，不能重复{label}")
            raise DomainError(f"本次评选当前为“{locked.get_status_display()}”阶段，不能{label}")
        if check is not None:
            check(locked)
        updated = Campaign.objects.filter(pk=locked.pk, status=locked.status).update(
            status=target, updated_at=timezone.now(), **fields
        )
        if updated != 1:  # pragma: no cover - guarded by the lock
            raise DomainError("本次评选已被他人处理，请刷新页面后再试")
        record_pks(Campaign, [locked.pk])
        CampaignStatusChange.objects.create(
            campaign=locked,
            from_status=locked.status,
            to_status=target,
            by=by,
            comment=comment(locked) if callable(comment) else comment,
        )
        locked.refresh_from_db()
    return locked


@audited
def campaign_create(
    *,
    by,
    name: str,
    conferring_org: Organization,
    year: int,
    honor_types: Iterable[HonorType],
    nomination_deadline: dt.date | None = None,
    citation_max_chars: int = 2000,
    notice_working_days: int = 5,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    source: str = "",
    is_demo: bool = False,
) -> Campaign:
    if not can_manage(by, conferring_org):
        raise NotAllowed(f"只有{conferring_org.name}的组织者可以创建该单位的评选")
    honor_types = list(honor_types)
    if not honor_types:
        raise DomainError("请至少选择一个荣誉称号")
    if notice_working_days < 5:
        raise DomainError("公示期不得少于5个工作日")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name.strip(),
            conferring_org=conferring_org,
            year=year,
            nomination_deadline=nomination_deadline,
            citation_max_chars=citation_max_chars,
            notice_working_days=notice_working_days,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            source=source,
            is_demo=is_demo,
        )
        campaign.honor_types.set(honor_types)
    return campaign


@audited
def campaign_update(*, campaign: Campaign, by, honor_types: Iterable[HonorType] | None = None, **fields) -> Campaign:
    allowed = {
        "name",
        "year",
        "nomination_deadline",
        "citation_max_chars",
        "notice_working_days",
        "decision_number",
        "decision_date",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"campaign_update: unknown fields {sorted(unknown)}")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        require_manager(by, locked)
        if locked.status not in CAMPAIGN_EDITABLE and set(fields) - {"decision_number", "decision_date"}:
            raise DomainError(f"本次评选为“{locked.get_status_display()}”阶段，只能修改表彰文号和日期")
        if fields.get("notice_working_days") is not None and fields["notice_working_days"] < 5:
            raise DomainError("公示期不得少于5个工作日")
        for key, value in fields.items():
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
        locked.save()
        if honor_types is not None:
            honor_types = list(honor_types)
            if not honor_types:
                raise DomainError("请至少选择一个荣誉称号")
            in_use = set(
                locked.nominations.exclude(honor_type__in=honor_types).values_list("honor_type__name", flat=True)
            )
            if in_use:
                raise DomainError(f"已有推荐使用“{'、'.join(sorted(in_use))}”，不能从本次评选中去掉")
            locked.honor_types.set(honor_types)
    return locked


@audited
def campaign_open(*, campaign: Campaign, by, comment: str = "") -> Campaign:
    """筹备 → 推荐中: nominating units may now submit."""

    def check(locked: Campaign) -> None:
        if not locked.honor_types.exists():
            raise DomainError("请先选择本次评选的荣誉称号")

    return _campaign_step(campaign=campaign, step="open", by=by, comment=comment, check=check)


@audited
def campaign_close_nominations(*, campaign: Campaign, by, comment: str = "") -> Campaign:
    """推荐中 → 审核中: no more new submissions (returned ones may still be resubmitted)."""
    return _campaign_step(campaign=campaign, step="close", by=by, comment=comment)


def notice_end_date(campaign: Campaign, start: dt.date) -> dt.date:
    """The last day of a 公示 starting on ``start``: ``notice_working_days`` Chinese working days."""
    try:
        return workday_calendar().add_working_days(start, campaign.notice_working_days)
    except CalendarUnknownYear as exc:
        raise DomainError(str(exc)) from exc


@audited
def campaign_start_notice(
    *,
    campaign: Campaign,
    by,
    start: dt.date,
    overrides: dict[int, str] | None = None,
    reason: str = "",
    comment: str = "",
) -> Campaign:
    """审核通过 → 公示中 for every approved nomination; the end date is counted in working days.

    Refused while nominations wait for review, with places exceeded, or with a failing hard
    composition rule that has no override reason in ``overrides`` ({rule pk: reason}). Premature
    (``notice_warnings``: before the nomination deadline, units with places that nominated nobody)
    only with a ``reason``, recorded with the step together with what it overrode.
    """
    overrides = {int(k): v for k, v in (overrides or {}).items() if (v or "").strip()}
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_CHARS:
        raise DomainError(f"理由不能超过{REASON_MAX_CHARS}字")
    end = notice_end_date(campaign, start)
    warned: list[str] = []

    def check(locked: Campaign) -> None:
        waiting = locked.nominations.filter(status=S.SUBMITTED).count()
        if waiting:
            raise DomainError(f"尚有{waiting}条推荐未审核，请先审核通过、退回或不予通过")
        if not locked.nominations.filter(status=S.APPROVED).exists():
            raise DomainError("没有审核通过的推荐，不能开始公示")
        result = campaign_check(locked, stage=STAGE_NOTICE)
        if result.quota_problems:
            details = [
                f"{q.org.name}“{q.honor.name}”审核通过{q.used}名，名额{q.places}名" for q in result.quota_problems
            ]
            raise DomainError("审核通过的人数超出名额：" + "；".join(details), details=details[1:])
        missing = [rc for rc in result.blocking_rules if rc.rule.pk not in overrides]
        if missing:
            details = [rc.result.message for rc in missing]
            raise DomainError(
                "以下强制比例要求未达到，须调整人选或填写豁免理由：" + "；".join(details), details=details[1:]
            )
        warned[:] = notice_warnings(locked, start)
        if warned and not reason:
            raise DomainError(
                "现在开始公示为时过早：" + "；".join(warned) + "。如确需开始，请填写理由（将记录在案）",
                details=warned[1:],
            )
        for rc in result.blocking_rules:
            composition_override(campaign=locked, by=by, rule=rc.rule, stage=STAGE_NOTICE, reason=overrides[rc.rule.pk])

    def step_comment(locked: Campaign) -> str:
        text = comment or f"公示期{start:%Y-%m-%d}至{end:%Y-%m-%d}（{campaign.notice_working_days}个工作日）"
        if warned:
            text += "。提前公示：" + "；".join(warned) + f"。理由：{reason}"
        return text

    with transaction.atomic():
        locked = _campaign_step(
            campaign=campaign,
            step="notice",
            by=by,
            comment=step_comment,
            check=check,
            notice_start=start,
            notice_end=end,
        )
        for n in locked.nominations.filter(status=S.APPROVED):
            nomination_apply(nomination=n, action="publish", by=by, comment=f"公示期{start:%Y-%m-%d}至{end:%Y-%m-%d}")
    return locked


@dataclass
class ConferOutcome:
    campaign: Campaign
    awards: list[Award]
    held_back: list[Nomination]  # with open objections: stay 公示中


@audited
def campaign_confer(
    *,
    campaign: Campaign,
    by,
    decision_number: str,
    decision_date: dt.date,
    today: dt.date | None = None,
) -> ConferOutcome:
    """公示中 → 已表彰 for every nomination without an open objection, in one step.

    Creates the Award records (snapshots of name, gender, 单位及职务) with the decision number and
    date. Nominations with open objections stay in notice; the campaign is 已表彰 once none remain,
    and this step may be repeated for them after the objections are answered.
    """
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise DomainError("请填写表彰文号")
    if decision_date is None:
        raise DomainError("请填写表彰日期")
    today = today_or(today)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        require_manager(by, locked)
        if locked.status != C.NOTICE:
            if locked.status == C.CONFERRED:
                raise DomainError("本次评选已经表彰，不能重复表彰")
            raise DomainError(f"本次评选当前为“{locked.get_status_display()}”阶段，须公示期满后才能表彰")
        if locked.notice_end is None or today <= locked.notice_end:
            raise DomainError(f"公示期至{locked.notice_end:%Y年%m月%d日}，期满后才能表彰")
        if decision_date < locked.notice_end:
            raise DomainError("表彰日期不能早于公示结束日期")
        ready, held_back = confer_candidates(locked)
        if not ready:
            raise DomainError("没有可以表彰的推荐（尚有异议未答复的推荐须先答复）")
        awards = []
        for n in ready:
            nomination_apply(
                nomination=n, action="confer", by=by, comment=f"{decision_number}（{decision_date:%Y-%m-%d}）"
            )
            try:
                with transaction.atomic():
                    awards.append(
                        Award.objects.create(
                            honor_type=n.honor_type,
                            year=locked.year,
                            person=n.person,
                            organization=n.organization,
                            recipient_name=n.recipient_name,
                            gender=n.person.gender if n.person_id else "",
                            unit_and_title=n.unit_and_title,
                            conferring_org=locked.conferring_org,
                            decision_number=decision_number,
                            decision_date=decision_date,
                            campaign=locked,
                            nomination=n,
                            source=locked.name,
                            is_demo=locked.is_demo,
                        )
                    )
            except IntegrityError as exc:
                raise DomainError(
                    f"{n.recipient_name}已有{locked.year}年“{n.honor_type.name}”的表彰记录，不能重复表彰"
                ) from exc
        Campaign.objects.filter(pk=locked.pk).update(decision_number=decision_number, decision_date=decision_date)
        record_pks(Campaign, [locked.pk])
        if not held_back:
            _campaign_step(campaign=locked, step="confer", by=by, comment=f"{decision_number}，表彰{len(awards)}个对象")
        else:
            CampaignStatusChange.objects.create(
                campaign=locked,
                from_status=C.NOTICE,
                to_status=C.NOTICE,
                by=by,
                comment=f"{decision_number}：表彰{len(awards)}个对象，{len(held_back)}个对象尚有异议待答复",
            )
        locked.refresh_from_db()
    return ConferOutcome(campaign=locked, awards=awards, held_back=held_back)
