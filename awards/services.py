"""Writes about honours: one function per step of a campaign or a nomination, each in a transaction.

Every status change goes through the tables below (``NOMINATION_TRANSITIONS``, ``CAMPAIGN_FLOW``):
the row is locked (``select_for_update``) and then changed with a conditional UPDATE on the status
it was read with, so a double click or two reviewers at once can never apply a step twice; every
nomination step is recorded in NominationTransition (who, when, comment) and every campaign step
in CampaignStatusChange.

Errors are ``AwardsError`` with a Chinese message for the user; ``NotAllowed`` (a subclass) when
the user lacks the role the step needs. Views show the message and never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from directory.models import Gender, Organization, Person

from . import selectors
from .models import (
    Award,
    AwardStatus,
    Campaign,
    CampaignStatus,
    CampaignStatusChange,
    CompositionOverride,
    CompositionRule,
    HonorType,
    Nomination,
    NominationStatus,
    NominationTransition,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    Quota,
    RecipientKind,
)
from .rules import composition as rule_comp
from .rules.workdays import CalendarUnknownYear

S = NominationStatus
C = CampaignStatus

NOMINATOR = "nominator"  # organiser of the nominating organisation
REVIEWER = "reviewer"  # reviewer or organiser of the conferring organisation
CONFERRER = "conferrer"  # organiser of the conferring organisation
ACTOR_LABELS = {
    NOMINATOR: "推荐单位的组织者",
    REVIEWER: "授予单位的评审或组织者",
    CONFERRER: "授予单位的组织者",
}

OBJECTION_MAX_CHARS = 2000
ANSWER_MAX_CHARS = 2000
REASON_MAX_CHARS = 2000


class AwardsError(Exception):
    """A step that cannot be taken; ``message`` is shown to the user."""

    def __init__(self, message: str, *, details: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def __str__(self) -> str:
        return self.message


class NotAllowed(AwardsError):
    """The user does not hold the role this step needs."""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    actor: str
    label: str
    needs_comment: bool = False


# The only allowed nomination steps. 公示 and 表彰 are taken for a whole campaign at once
# (campaign_start_notice, campaign_confer); 撤销 after an upheld objection or with an award.
NOMINATION_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, NOMINATOR, "上报推荐"),
        Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED), S.WITHDRAWN, NOMINATOR, "撤回"),
        Transition("return", (S.SUBMITTED,), S.RETURNED, REVIEWER, "退回修改", needs_comment=True),
        Transition("approve", (S.SUBMITTED,), S.APPROVED, REVIEWER, "审核通过"),
        Transition("reject", (S.SUBMITTED,), S.REJECTED, REVIEWER, "不予通过", needs_comment=True),
        Transition("publish", (S.APPROVED,), S.IN_NOTICE, CONFERRER, "进入公示"),
        Transition("confer", (S.IN_NOTICE,), S.CONFERRED, CONFERRER, "表彰"),
        Transition("revoke", (S.IN_NOTICE, S.CONFERRED), S.REVOKED, CONFERRER, "撤销", needs_comment=True),
    )
}

# Campaign stages: (from, to, label). Only forward, one step at a time (推荐中 may go straight to 公示).
CAMPAIGN_FLOW: dict[str, tuple[tuple[str, ...], str, str]] = {
    "open": ((C.PREPARING,), C.NOMINATING, "开始推荐"),
    "close": ((C.NOMINATING,), C.REVIEWING, "截止推荐、进入审核"),
    "notice": ((C.NOMINATING, C.REVIEWING), C.NOTICE, "开始公示"),
    "confer": ((C.NOTICE,), C.CONFERRED, "表彰"),
}
EDITABLE_CAMPAIGN_STATUSES = (C.PREPARING, C.NOMINATING, C.REVIEWING)


def allowed_actions(user, nomination: Nomination) -> list[Transition]:
    """The steps this user may take on this nomination now (for buttons; the services re-check)."""
    return [
        t
        for t in NOMINATION_TRANSITIONS.values()
        if t.action in ("submit", "withdraw", "return", "approve", "reject")
        and nomination.status in t.sources
        and _has_actor(user, nomination, t.actor)
    ]


def _has_actor(user, nomination: Nomination, actor: str) -> bool:
    if actor == NOMINATOR:
        return selectors.can_nominate_for(user, nomination.nominating_org)
    if actor == REVIEWER:
        return selectors.can_review(user, nomination.campaign)
    return selectors.can_manage(user, nomination.campaign)


def _require_manager(user, campaign: Campaign) -> None:
    if not selectors.can_manage(user, campaign):
        raise NotAllowed(f"只有{campaign.conferring_org.name}的组织者可以进行此操作")


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- nomination steps ---------------------------------------------------------------------------


def _apply(*, nomination: Nomination, action: str, by, comment: str = "", check=None, notify_locked=None) -> Nomination:
    """Take one step of NOMINATION_TRANSITIONS on ``nomination`` (locks it, checks, records)."""
    t = NOMINATION_TRANSITIONS[action]
    comment = (comment or "").strip()
    if len(comment) > REASON_MAX_CHARS:
        raise AwardsError(f"意见不能超过{REASON_MAX_CHARS}字")
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related(
                "campaign__conferring_org", "honor_type", "nominating_org", "person__employer", "organization"
            )
            .get(pk=nomination.pk)
        )
        if locked.status not in t.sources:
            if locked.status == t.target:
                raise AwardsError(f"该推荐已经是“{locked.get_status_display()}”状态，不能重复{t.label}")
            raise AwardsError(f"该推荐当前为“{locked.get_status_display()}”，不能{t.label}")
        if not _has_actor(by, locked, t.actor):
            raise NotAllowed(f"只有{ACTOR_LABELS[t.actor]}可以{t.label}")
        if t.needs_comment and not comment:
            raise AwardsError(f"{t.label}须填写意见")
        if check is not None:
            check(locked)
        now = timezone.now()
        updated = Nomination.objects.filter(pk=locked.pk, status=locked.status).update(status=t.target, updated_at=now)
        if updated != 1:  # pragma: no cover - the lock makes this unreachable on PostgreSQL
            raise AwardsError("该推荐已被他人处理，请刷新页面后再试")
        NominationTransition.objects.create(
            nomination=locked, from_status=locked.status, to_status=t.target, by=by, comment=comment
        )
        locked.status = t.target
        locked.updated_at = now
    return locked


def _check_citation(campaign: Campaign, citation: str) -> None:
    if len(citation) > campaign.citation_max_chars:
        raise AwardsError(f"主要事迹不能超过{campaign.citation_max_chars}字（现为{len(citation)}字）")


def _check_recipient(
    *, campaign: Campaign, nominating_org: Organization, honor_type: HonorType, person, organization
) -> None:
    if not campaign.honor_types.filter(pk=honor_type.pk).exists():
        raise AwardsError(f"本次评选不包括“{honor_type.name}”")
    if (person is None) == (organization is None):
        raise AwardsError("推荐对象须为一名个人或一个集体")
    if honor_type.recipient_kind == RecipientKind.INDIVIDUAL and person is None:
        raise AwardsError(f"“{honor_type.name}”授予个人，请选择推荐的个人")
    if honor_type.recipient_kind == RecipientKind.COLLECTIVE and organization is None:
        raise AwardsError(f"“{honor_type.name}”授予集体，请选择推荐的集体")
    if not nominating_org.is_in_subtree_of(campaign.conferring_org):
        raise AwardsError(f"{nominating_org.name}不在{campaign.conferring_org.name}的范围内，不能在本次评选中推荐")
    if person is not None and (person.employer_id is None or not person.employer.is_in_subtree_of(nominating_org)):
        raise AwardsError(f"{person.name}的工作单位不在{nominating_org.name}及其下级单位中，不能由该单位推荐")
    if organization is not None and not organization.is_in_subtree_of(nominating_org):
        raise AwardsError(f"{organization.name}不在{nominating_org.name}及其下级单位中，不能由该单位推荐")


def _check_live_duplicate(*, campaign: Campaign, person, organization, exclude_pk=None) -> None:
    qs = Nomination.objects.filter(campaign=campaign).exclude(status__in=selectors.DEAD_STATUSES)
    qs = qs.filter(person=person) if person is not None else qs.filter(organization=organization)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    earlier = qs.select_related("honor_type", "nominating_org").first()
    if earlier is not None:
        who = person.name if person is not None else organization.name
        raise AwardsError(f"{who}已在本次评选中被推荐：{selectors.nomination_label(earlier)}，不得重复推荐")


PERSON_FLAG_FIELDS = tuple(sorted(rule_comp.PERSON_FLAGS))


def default_flags(person: Person | None) -> dict[str, bool]:
    """Categories taken from the person, and 非公有制 from the employer's ownership."""
    if person is None:
        return dict.fromkeys((*PERSON_FLAG_FIELDS, "non_public"), False)
    flags = {f: bool(getattr(person, f)) for f in PERSON_FLAG_FIELDS}
    flags["non_public"] = bool(person.employer_id and person.employer.is_non_public)
    return flags


def nomination_create(
    *,
    campaign: Campaign,
    by,
    nominating_org: Organization,
    honor_type: HonorType,
    person: Person | None = None,
    organization: Organization | None = None,
    citation: str = "",
    unit_and_title: str | None = None,
    flags: dict[str, bool] | None = None,
    result=None,
) -> Nomination:
    """A draft nomination (草稿) by ``nominating_org``, not yet counted anywhere."""
    if not selectors.can_nominate_for(by, nominating_org):
        raise NotAllowed(f"只有{nominating_org.name}的组织者可以以该单位名义推荐")
    if campaign.status not in (C.PREPARING, C.NOMINATING):
        raise AwardsError(f"本次评选为“{campaign.get_status_display()}”阶段，不能新建推荐")
    _check_recipient(
        campaign=campaign,
        nominating_org=nominating_org,
        honor_type=honor_type,
        person=person,
        organization=organization,
    )
    if (
        selectors.campaign_has_quotas(campaign, honor_type)
        and not Quota.objects.filter(campaign=campaign, honor_type=honor_type, nominating_org=nominating_org).exists()
    ):
        raise AwardsError(f"{nominating_org.name}在本次评选中没有“{honor_type.name}”的名额")
    citation = (citation or "").strip()
    _check_citation(campaign, citation)
    if result is not None and (person is None or result.entry.person_id != person.pk):
        raise AwardsError("所关联的竞赛成绩不是该推荐对象的成绩")
    values = default_flags(person)
    if flags and person is not None:
        values.update({k: bool(v) for k, v in flags.items() if k in values})
    if unit_and_title is None:
        unit_and_title = person.unit_and_title if person is not None else organization.name
    with transaction.atomic():
        # Lock the campaign row so two simultaneous creations cannot both pass the duplicate check.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        _check_live_duplicate(campaign=campaign, person=person, organization=organization)
        return Nomination.objects.create(
            campaign=campaign,
            honor_type=honor_type,
            nominating_org=nominating_org,
            person=person,
            organization=organization,
            unit_and_title=(unit_and_title or "").strip()[:300],
            citation=citation,
            result=result,
            created_by=by,
            **values,
        )


def nomination_update(
    *,
    nomination: Nomination,
    by,
    citation: str,
    unit_and_title: str,
    flags: dict[str, bool] | None = None,
    honor_type: HonorType | None = None,
    result=None,
) -> Nomination:
    """Edit a draft or a nomination returned for revision (only the nominating organisation)."""
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("campaign", "nominating_org")
            .get(pk=nomination.pk)
        )
        if locked.status not in (S.DRAFT, S.RETURNED):
            raise AwardsError(f"该推荐当前为“{locked.get_status_display()}”，不能修改")
        if not selectors.can_nominate_for(by, locked.nominating_org):
            raise NotAllowed("只有推荐单位的组织者可以修改推荐")
        citation = (citation or "").strip()
        _check_citation(locked.campaign, citation)
        if honor_type is not None and honor_type.pk != locked.honor_type_id:
            _check_recipient(
                campaign=locked.campaign,
                nominating_org=locked.nominating_org,
                honor_type=honor_type,
                person=locked.person,
                organization=locked.organization,
            )
            locked.honor_type = honor_type
        if result is not None and (locked.person_id is None or result.entry.person_id != locked.person_id):
            raise AwardsError("所关联的竞赛成绩不是该推荐对象的成绩")
        locked.result = result
        locked.citation = citation
        locked.unit_and_title = (unit_and_title or "").strip()[:300]
        if flags and locked.person_id:
            for key, value in flags.items():
                if key in (*PERSON_FLAG_FIELDS, "non_public"):
                    setattr(locked, key, bool(value))
        locked.save()
    return locked


def submission_problems(nomination: Nomination, *, today: dt.date | None = None) -> list[str]:
    """Everything that stops ``nomination`` from being submitted now (empty list: it may be)."""
    campaign = nomination.campaign
    problems: list[str] = []
    if nomination.status == S.DRAFT:
        if campaign.status != C.NOMINATING:
            problems.append(f"本次评选为“{campaign.get_status_display()}”阶段，不接受推荐上报")
        elif campaign.nomination_deadline and _today(today) > campaign.nomination_deadline:
            problems.append(f"推荐已于{campaign.nomination_deadline:%Y年%m月%d日}截止，不能再上报")
    elif campaign.status not in (C.NOMINATING, C.REVIEWING):
        problems.append(f"本次评选为“{campaign.get_status_display()}”阶段，不能再次上报")
    if not nomination.citation.strip():
        problems.append("请填写主要事迹")
    elif len(nomination.citation) > campaign.citation_max_chars:
        problems.append(f"主要事迹不能超过{campaign.citation_max_chars}字（现为{len(nomination.citation)}字）")

    findings = selectors.nominee_findings(nomination)
    problems += [f.message for f in findings if f.blocking]

    check = selectors.campaign_check(campaign, stage=selectors.STAGE_SUBMIT, adding=nomination)
    for row in check.quotas:
        if row.org.pk == nomination.nominating_org_id and row.honor.pk == nomination.honor_type_id and not row.ok:
            if row.places == 0:
                problems.append(f"{row.org.name}在本次评选中没有“{row.honor.name}”的名额")
            else:
                problems.append(
                    f"{row.org.name}的“{row.honor.name}”名额为{row.places}名，上报后将达到{row.used}名，超出名额"
                )
    for rc in check.rules:
        if rc.result.ok or not rc.rule.hard or rc.override is not None:
            continue
        if nomination.person_id is None:
            continue
        honour_ids = (
            {rc.rule.honor_type_id}
            if rc.rule.honor_type_id
            else {h.pk for h in campaign.honor_types.all() if h.recipient_kind == RecipientKind.INDIVIDUAL}
        )
        if nomination.honor_type_id not in honour_ids:
            continue
        remaining = selectors.remaining_places(campaign, honour_ids, check)
        if remaining is None:
            continue  # no places allocated: the shares are enforced before the 公示
        needed = rule_comp.additions_needed(rc.result)
        if needed is None or needed > remaining:
            problems.append(
                f"{rc.result.message}；上报后{rc.scope_label}只剩{remaining}个名额，"
                f"已无法达到“{rc.rule.display_label}”的强制比例要求"
            )
    return problems


def nomination_submit(*, nomination: Nomination, by, comment: str = "", today: dt.date | None = None) -> Nomination:
    """草稿/退回修改 → 已推荐. Checks deadline, citation, duplicates, prerequisites, places, shares."""

    def check(locked: Nomination) -> None:
        # The campaign row is locked too so that two units cannot both take the last place.
        Campaign.objects.select_for_update().filter(pk=locked.campaign_id).first()
        problems = submission_problems(locked, today=today)
        if problems:
            raise AwardsError("不能上报：" + problems[0], details=problems)

    return _apply(nomination=nomination, action="submit", by=by, comment=comment, check=check)


def nomination_withdraw(*, nomination: Nomination, by, comment: str = "") -> Nomination:
    def check(locked: Nomination) -> None:
        if locked.campaign.status in (C.NOTICE, C.CONFERRED) and locked.status == S.APPROVED:
            raise AwardsError("公示已开始，不能撤回")

    return _apply(nomination=nomination, action="withdraw", by=by, comment=comment, check=check)


def _review_check(locked: Nomination) -> None:
    if locked.campaign.status not in (C.NOMINATING, C.REVIEWING):
        raise AwardsError(f"本次评选为“{locked.campaign.get_status_display()}”阶段，不能审核")


def nomination_return(*, nomination: Nomination, by, comment: str) -> Nomination:
    return _apply(nomination=nomination, action="return", by=by, comment=comment, check=_review_check)


def nomination_approve(*, nomination: Nomination, by, comment: str = "") -> Nomination:
    return _apply(nomination=nomination, action="approve", by=by, comment=comment, check=_review_check)


def nomination_reject(*, nomination: Nomination, by, comment: str) -> Nomination:
    return _apply(nomination=nomination, action="reject", by=by, comment=comment, check=_review_check)


NOMINATION_ACTIONS = {
    "submit": nomination_submit,
    "withdraw": nomination_withdraw,
    "return": nomination_return,
    "approve": nomination_approve,
    "reject": nomination_reject,
}


# --- campaigns ----------------------------------------------------------------------------------


def _campaign_step(*, campaign: Campaign, step: str, by, comment: str = "", check=None, **fields) -> Campaign:
    sources, target, label = CAMPAIGN_FLOW[step]
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        _require_manager(by, locked)
        if locked.status not in sources:
            if locked.status == target:
                raise AwardsError(f"本次评选已经是“{locked.get_status_display()}”阶段，不能重复{label}")
            raise AwardsError(f"本次评选当前为“{locked.get_status_display()}”阶段，不能{label}")
        if check is not None:
            check(locked)
        updated = Campaign.objects.filter(pk=locked.pk, status=locked.status).update(
            status=target, updated_at=timezone.now(), **fields
        )
        if updated != 1:  # pragma: no cover - guarded by the lock
            raise AwardsError("本次评选已被他人处理，请刷新页面后再试")
        CampaignStatusChange.objects.create(
            campaign=locked, from_status=locked.status, to_status=target, by=by, comment=comment
        )
        locked.refresh_from_db()
    return locked


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
    if not selectors.can_manage(by, conferring_org):
        raise NotAllowed(f"只有{conferring_org.name}的组织者可以创建该单位的评选")
    honor_types = list(honor_types)
    if not honor_types:
        raise AwardsError("请至少选择一个荣誉称号")
    if notice_working_days < 5:
        raise AwardsError("公示期不得少于5个工作日")
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
        _require_manager(by, locked)
        if locked.status not in EDITABLE_CAMPAIGN_STATUSES and set(fields) - {"decision_number", "decision_date"}:
            raise AwardsError(f"本次评选为“{locked.get_status_display()}”阶段，只能修改表彰文号和日期")
        if fields.get("notice_working_days") is not None and fields["notice_working_days"] < 5:
            raise AwardsError("公示期不得少于5个工作日")
        for key, value in fields.items():
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
        locked.save()
        if honor_types is not None:
            honor_types = list(honor_types)
            if not honor_types:
                raise AwardsError("请至少选择一个荣誉称号")
            in_use = set(
                locked.nominations.exclude(honor_type__in=honor_types).values_list("honor_type__name", flat=True)
            )
            if in_use:
                raise AwardsError(f"已有推荐使用“{'、'.join(sorted(in_use))}”，不能从本次评选中去掉")
            locked.honor_types.set(honor_types)
    return locked


@dataclass(frozen=True)
class QuotaSpec:
    nominating_org: Organization
    honor_type: HonorType
    places: int


def campaign_set_quotas(*, campaign: Campaign, by, quotas: Sequence[QuotaSpec]) -> list[Quota]:
    """Replace the campaign's places (名额) with ``quotas``."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        _require_manager(by, locked)
        if locked.status not in EDITABLE_CAMPAIGN_STATUSES:
            raise AwardsError("公示开始后不能修改名额")
        honour_ids = set(locked.honor_types.values_list("pk", flat=True))
        seen = set()
        for q in quotas:
            if q.honor_type.pk not in honour_ids:
                raise AwardsError(f"“{q.honor_type.name}”不在本次评选的荣誉中")
            if not q.nominating_org.is_in_subtree_of(locked.conferring_org):
                raise AwardsError(f"{q.nominating_org.name}不在{locked.conferring_org.name}的范围内")
            if q.places < 0:
                raise AwardsError("名额不能为负数")
            key = (q.nominating_org.pk, q.honor_type.pk)
            if key in seen:
                raise AwardsError(f"{q.nominating_org.name}的“{q.honor_type.name}”名额重复填写")
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


def campaign_set_rules(*, campaign: Campaign, by, rules: Sequence[RuleSpec]) -> list[CompositionRule]:
    """Replace the campaign's composition rules (比例要求)."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        _require_manager(by, locked)
        if locked.status not in EDITABLE_CAMPAIGN_STATUSES:
            raise AwardsError("公示开始后不能修改比例要求")
        honour_ids = set(locked.honor_types.values_list("pk", flat=True))
        for r in rules:
            # The pure rule validates the bounds (0–1, at least one, min ≤ max) with Chinese messages.
            try:
                rule_comp.CompositionRule(
                    key="x", label=r.label or r.flag, flag=r.flag, min_share=r.min_share, max_share=r.max_share
                )
            except ValueError as exc:
                raise AwardsError(str(exc)) from exc
            if r.honor_type is not None and r.honor_type.pk not in honour_ids:
                raise AwardsError(f"“{r.honor_type.name}”不在本次评选的荣誉中")
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


def campaign_open(*, campaign: Campaign, by, comment: str = "") -> Campaign:
    """筹备 → 推荐中: nominating units may now submit."""

    def check(locked: Campaign) -> None:
        if not locked.honor_types.exists():
            raise AwardsError("请先选择本次评选的荣誉称号")

    return _campaign_step(campaign=campaign, step="open", by=by, comment=comment, check=check)


def campaign_close_nominations(*, campaign: Campaign, by, comment: str = "") -> Campaign:
    """推荐中 → 审核中: no more new submissions (returned ones may still be resubmitted)."""
    return _campaign_step(campaign=campaign, step="close", by=by, comment=comment)


def composition_override(
    *, campaign: Campaign, by, rule: CompositionRule, stage: str, reason: str
) -> CompositionOverride:
    """The conferring organisation goes ahead despite a failing hard rule; the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardsError(f"豁免“{rule.display_label}”须填写理由")
    if len(reason) > REASON_MAX_CHARS:
        raise AwardsError(f"理由不能超过{REASON_MAX_CHARS}字")
    if stage not in selectors.STAGE_LABELS:
        raise ValueError(stage)
    if rule.campaign_id != campaign.pk:
        raise AwardsError("该规则不属于本次评选")
    _require_manager(by, campaign)
    return CompositionOverride.objects.create(campaign=campaign, rule=rule, stage=stage, reason=reason, by=by)


def notice_end_date(campaign: Campaign, start: dt.date) -> dt.date:
    """The last day of a 公示 starting on ``start``: ``notice_working_days`` Chinese working days."""
    try:
        return selectors.workday_calendar().add_working_days(start, campaign.notice_working_days)
    except CalendarUnknownYear as exc:
        raise AwardsError(str(exc)) from exc


def campaign_start_notice(
    *, campaign: Campaign, by, start: dt.date, overrides: dict[int, str] | None = None, comment: str = ""
) -> Campaign:
    """审核通过 → 公示中 for every approved nomination; the end date is counted in working days.

    Refused while nominations wait for review, with places exceeded, or with a failing hard
    composition rule that has no override reason in ``overrides`` ({rule pk: reason}).
    """
    overrides = {int(k): v for k, v in (overrides or {}).items() if (v or "").strip()}
    end = notice_end_date(campaign, start)

    def check(locked: Campaign) -> None:
        waiting = locked.nominations.filter(status=S.SUBMITTED).count()
        if waiting:
            raise AwardsError(f"尚有{waiting}条推荐未审核，请先审核通过、退回或不予通过")
        if not locked.nominations.filter(status=S.APPROVED).exists():
            raise AwardsError("没有审核通过的推荐，不能开始公示")
        result = selectors.campaign_check(locked, stage=selectors.STAGE_NOTICE)
        if result.quota_problems:
            details = [
                f"{q.org.name}“{q.honor.name}”审核通过{q.used}名，名额{q.places}名" for q in result.quota_problems
            ]
            raise AwardsError("审核通过的人数超出名额：" + "；".join(details), details=details)
        missing = [rc for rc in result.blocking_rules if rc.rule.pk not in overrides]
        if missing:
            details = [rc.result.message for rc in missing]
            raise AwardsError(
                "以下强制比例要求未达到，须调整人选或填写豁免理由：" + "；".join(details), details=details
            )
        for rc in result.blocking_rules:
            composition_override(
                campaign=locked, by=by, rule=rc.rule, stage=selectors.STAGE_NOTICE, reason=overrides[rc.rule.pk]
            )

    with transaction.atomic():
        locked = _campaign_step(
            campaign=campaign,
            step="notice",
            by=by,
            comment=comment or f"公示期{start:%Y-%m-%d}至{end:%Y-%m-%d}（{campaign.notice_working_days}个工作日）",
            check=check,
            notice_start=start,
            notice_end=end,
        )
        for n in locked.nominations.filter(status=S.APPROVED):
            _apply(nomination=n, action="publish", by=by, comment=f"公示期{start:%Y-%m-%d}至{end:%Y-%m-%d}")
    return locked


@dataclass
class ConferOutcome:
    campaign: Campaign
    awards: list[Award]
    held_back: list[Nomination]  # with open objections: stay 公示中


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
        raise AwardsError("请填写表彰文号")
    if decision_date is None:
        raise AwardsError("请填写表彰日期")
    today = _today(today)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=campaign.pk)
        _require_manager(by, locked)
        if locked.status != C.NOTICE:
            if locked.status == C.CONFERRED:
                raise AwardsError("本次评选已经表彰，不能重复表彰")
            raise AwardsError(f"本次评选当前为“{locked.get_status_display()}”阶段，须公示期满后才能表彰")
        if locked.notice_end is None or today <= locked.notice_end:
            raise AwardsError(f"公示期至{locked.notice_end:%Y年%m月%d日}，期满后才能表彰")
        if decision_date < locked.notice_end:
            raise AwardsError("表彰日期不能早于公示结束日期")
        ready, held_back = [], []
        for n in locked.nominations.filter(status=S.IN_NOTICE).select_related(
            "person__employer", "organization", "honor_type"
        ):
            (held_back if n.objections.filter(status=ObjectionStatus.OPEN).exists() else ready).append(n)
        if not ready:
            raise AwardsError("没有可以表彰的推荐（尚有异议未答复的推荐须先答复）")
        awards = []
        for n in ready:
            _apply(nomination=n, action="confer", by=by, comment=f"{decision_number}（{decision_date:%Y-%m-%d}）")
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
                raise AwardsError(
                    f"{n.recipient_name}已有{locked.year}年“{n.honor_type.name}”的表彰记录，不能重复表彰"
                ) from exc
        Campaign.objects.filter(pk=locked.pk).update(decision_number=decision_number, decision_date=decision_date)
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


# --- objections ---------------------------------------------------------------------------------


def objection_lodge(
    *, nomination: Nomination, name: str, contact: str, content: str, client_hash: str = "", today=None
) -> Objection:
    """Anyone may object during the 公示; real name and contact are required."""
    name, contact, content = (name or "").strip(), (contact or "").strip(), (content or "").strip()
    if not name or not contact or not content:
        raise AwardsError("请填写真实姓名、联系方式和异议内容")
    if len(name) > 50 or len(contact) > 100 or len(content) > OBJECTION_MAX_CHARS:
        raise AwardsError(f"姓名不超过50字，联系方式不超过100字，异议内容不超过{OBJECTION_MAX_CHARS}字")
    today = _today(today)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=nomination.pk)
        campaign = locked.campaign
        if locked.status != S.IN_NOTICE or campaign.status != C.NOTICE:
            raise AwardsError("该对象不在公示期内，不能提出异议")
        if campaign.notice_start and today < campaign.notice_start:
            raise AwardsError("公示尚未开始")
        if campaign.notice_end and today > campaign.notice_end:
            raise AwardsError(f"公示已于{campaign.notice_end:%Y年%m月%d日}结束，不再受理异议")
        return Objection.objects.create(
            nomination=locked, name=name, contact=contact, content=content, client_hash=client_hash
        )


def objection_answer(*, objection: Objection, by, answer: str, outcome: str) -> Objection:
    """The conferring organisation answers; an upheld objection revokes (撤销) the nomination."""
    answer = (answer or "").strip()
    if not answer:
        raise AwardsError("请填写核查答复")
    if len(answer) > ANSWER_MAX_CHARS:
        raise AwardsError(f"核查答复不能超过{ANSWER_MAX_CHARS}字")
    if outcome not in ObjectionOutcome.values:
        raise AwardsError("请选择核查结论")
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("nomination__campaign__conferring_org")
            .get(pk=objection.pk)
        )
        _require_manager(by, locked.nomination.campaign)
        if locked.status != ObjectionStatus.OPEN:
            raise AwardsError("该异议已经答复，不能重复答复")
        now = timezone.now()
        updated = Objection.objects.filter(pk=locked.pk, status=ObjectionStatus.OPEN).update(
            status=ObjectionStatus.ANSWERED, answer=answer, outcome=outcome, answered_by=by, answered_at=now
        )
        if updated != 1:  # pragma: no cover - guarded by the lock
            raise AwardsError("该异议已被他人答复，请刷新页面")
        if outcome == ObjectionOutcome.UPHELD and locked.nomination.status == S.IN_NOTICE:
            _apply(nomination=locked.nomination, action="revoke", by=by, comment=f"异议属实：{answer}")
        locked.refresh_from_db()
    return locked


# --- awards -------------------------------------------------------------------------------------


def award_revoke(*, award: Award, by, reason: str) -> Award:
    """Revoke (撤销) an award: it stays on record, marked revoked with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardsError("撤销表彰须填写理由")
    if len(reason) > REASON_MAX_CHARS:
        raise AwardsError(f"理由不能超过{REASON_MAX_CHARS}字")
    with transaction.atomic():
        locked = Award.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=award.pk)
        if locked.conferring_org_id:
            if not selectors.can_manage(by, locked.conferring_org):
                raise NotAllowed(f"只有{locked.conferring_org.name}的组织者可以撤销该表彰")
        elif not getattr(by, "is_superuser", False):
            raise NotAllowed("该表彰记录没有授予单位，只有系统管理员可以撤销")
        now = timezone.now()
        updated = Award.objects.filter(pk=locked.pk, status=AwardStatus.ACTIVE).update(
            status=AwardStatus.REVOKED, revoked_reason=reason, revoked_at=now, updated_at=now
        )
        if updated != 1:
            raise AwardsError("该表彰已经撤销，不能重复撤销")
        if locked.nomination_id:
            _apply(nomination=locked.nomination, action="revoke", by=by, comment=reason)
        locked.refresh_from_db()
    return locked


# --- results → nominations ------------------------------------------------------------------------


@dataclass
class FromResultsOutcome:
    created: list[Nomination]
    skipped: list[tuple[str, str]]  # (who, why)


def nominations_from_results(
    *, campaign: Campaign, by, nominating_org: Organization, items: Sequence[tuple], citation: str = ""
) -> FromResultsOutcome:
    """Draft nominations, one per (result, honour), each linked to its result; all or none.

    A result that cannot be nominated (outside the unit's subtree, already nominated …) is skipped
    with the reason; the others are created together.
    """
    created, skipped = [], []
    with transaction.atomic():
        for result, honor_type in items:
            person = result.entry.person
            event = result.entry.event
            text = citation or f"在{event.competition.name}“{event.name}”赛项中获得第{result.rank}名。"
            try:
                with transaction.atomic():
                    created.append(
                        nomination_create(
                            campaign=campaign,
                            by=by,
                            nominating_org=nominating_org,
                            honor_type=honor_type,
                            person=person,
                            citation=text,
                            result=result,
                        )
                    )
            except AwardsError as exc:
                skipped.append((person.name, exc.message))
    return FromResultsOutcome(created=created, skipped=skipped)


def gender_label(gender: str) -> str:
    return Gender(gender).label if gender in Gender.values else ""
