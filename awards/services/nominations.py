"""Nominations: each step of a nomination, in a transaction, through NOMINATION_TRANSITIONS.

Every status change goes through ``nomination_apply``: the row is locked (``select_for_update``) and
then changed with a conditional UPDATE on the status it was read with, so a double click or two
reviewers at once can never apply a step twice; every step is recorded in NominationTransition
(who, when, comment). Errors are ``core.errors.DomainError`` with a Chinese message for the user;
``NotAllowed`` (403) when the user lacks the role the step needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from core.history import audited, record_pks
from directory.models import PERSON_CATEGORY_FLAGS, Organization, Person

from ..models import (
    CAMPAIGN_TAKES_NOMINATIONS,
    NOMINATION_DEAD,
    NOMINATION_FLAG_FIELDS,
    NOMINATION_PENDING,
    Campaign,
    CampaignStatus,
    HonorType,
    Nomination,
    NominationStatus,
    NominationTransition,
    Quota,
    RecipientKind,
)
from ..rules import composition as rule_comp
from ..selectors.campaigns import campaign_has_quotas
from ..selectors.checks import STAGE_SUBMIT, campaign_check, remaining_places
from ..selectors.nominations import nomination_label, nominee_findings
from ..selectors.roles import can_manage, can_nominate_for, can_review
from .common import REASON_MAX_CHARS, today_or

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
        return can_nominate_for(user, nomination.nominating_org)
    if actor == REVIEWER:
        return can_review(user, nomination.campaign)
    return can_manage(user, nomination.campaign)


@audited
def nomination_apply(
    *, nomination: Nomination, action: str, by, comment: str = "", check=None, notify_locked=None
) -> Nomination:
    """Take one step of NOMINATION_TRANSITIONS on ``nomination`` (locks it, checks, records)."""
    t = NOMINATION_TRANSITIONS[action]
    comment = (comment or "").strip()
    if len(comment) > REASON_MAX_CHARS:
        raise DomainError(f"意见不能超过{REASON_MAX_CHARS}字")
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
                raise DomainError(f"该推荐已经是“{locked.get_status_display()}”状态，不能重复{t.label}")
            raise DomainError(f"该推荐当前为“{locked.get_status_display()}”，不能{t.label}")
        if not _has_actor(by, locked, t.actor):
            raise NotAllowed(f"只有{ACTOR_LABELS[t.actor]}可以{t.label}")
        if t.needs_comment and not comment:
            raise DomainError(f"{t.label}须填写意见")
        if check is not None:
            check(locked)
        now = timezone.now()
        updated = Nomination.objects.filter(pk=locked.pk, status=locked.status).update(status=t.target, updated_at=now)
        if updated != 1:  # pragma: no cover - the lock makes this unreachable on PostgreSQL
            raise DomainError("该推荐已被他人处理，请刷新页面后再试")
        record_pks(Nomination, [locked.pk])
        NominationTransition.objects.create(
            nomination=locked, from_status=locked.status, to_status=t.target, by=by, comment=comment
        )
        locked.status = t.target
        locked.updated_at = now
    return locked


def _check_citation(campaign: Campaign, citation: str) -> None:
    if len(citation) > campaign.citation_max_chars:
        raise DomainError(f"主要事迹不能超过{campaign.citation_max_chars}字（现为{len(citation)}字）")


def _check_recipient(
    *, campaign: Campaign, nominating_org: Organization, honor_type: HonorType, person, organization
) -> None:
    if not campaign.honor_types.filter(pk=honor_type.pk).exists():
        raise DomainError(f"本次评选不包括“{honor_type.name}”")
    if (person is None) == (organization is None):
        raise DomainError("推荐对象须为一名个人或一个集体")
    if honor_type.recipient_kind == RecipientKind.INDIVIDUAL and person is None:
        raise DomainError(f"“{honor_type.name}”授予个人，请选择推荐的个人")
    if honor_type.recipient_kind == RecipientKind.COLLECTIVE and organization is None:
        raise DomainError(f"“{honor_type.name}”授予集体，请选择推荐的集体")
    if not nominating_org.is_in_subtree_of(campaign.conferring_org):
        raise DomainError(f"{nominating_org.name}不在{campaign.conferring_org.name}的范围内，不能在本次评选中推荐")
    if person is not None and (person.employer_id is None or not person.employer.is_in_subtree_of(nominating_org)):
        raise DomainError(f"{person.name}的工作单位不在{nominating_org.name}及其下级单位中，不能由该单位推荐")
    if organization is not None and not organization.is_in_subtree_of(nominating_org):
        raise DomainError(f"{organization.name}不在{nominating_org.name}及其下级单位中，不能由该单位推荐")


def _check_live_duplicate(*, campaign: Campaign, person, organization, exclude_pk=None) -> None:
    qs = Nomination.objects.filter(campaign=campaign).exclude(status__in=NOMINATION_DEAD)
    qs = qs.filter(person=person) if person is not None else qs.filter(organization=organization)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    earlier = qs.select_related("honor_type", "nominating_org").first()
    if earlier is not None:
        who = person.name if person is not None else organization.name
        raise DomainError(f"{who}已在本次评选中被推荐：{nomination_label(earlier)}，不得重复推荐")


def default_flags(person: Person | None) -> dict[str, bool]:
    """Categories taken from the person, and 非公有制 from the employer's ownership."""
    if person is None:
        return dict.fromkeys(NOMINATION_FLAG_FIELDS, False)
    flags = {f: bool(getattr(person, f)) for f in PERSON_CATEGORY_FLAGS}
    flags["non_public"] = bool(person.employer_id and person.employer.is_non_public)
    return flags


@audited
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
    if not can_nominate_for(by, nominating_org):
        raise NotAllowed(f"只有{nominating_org.name}的组织者可以以该单位名义推荐")
    if campaign.status not in CAMPAIGN_TAKES_NOMINATIONS:
        raise DomainError(f"本次评选为“{campaign.get_status_display()}”阶段，不能新建推荐")
    _check_recipient(
        campaign=campaign,
        nominating_org=nominating_org,
        honor_type=honor_type,
        person=person,
        organization=organization,
    )
    if (
        campaign_has_quotas(campaign, honor_type)
        and not Quota.objects.filter(campaign=campaign, honor_type=honor_type, nominating_org=nominating_org).exists()
    ):
        raise DomainError(f"{nominating_org.name}在本次评选中没有“{honor_type.name}”的名额")
    citation = (citation or "").strip()
    _check_citation(campaign, citation)
    if result is not None and (person is None or result.entry.person_id != person.pk):
        raise DomainError("所关联的竞赛成绩不是该推荐对象的成绩")
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


@audited
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
        if locked.status not in NOMINATION_PENDING:
            raise DomainError(f"该推荐当前为“{locked.get_status_display()}”，不能修改")
        if not can_nominate_for(by, locked.nominating_org):
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
            raise DomainError("所关联的竞赛成绩不是该推荐对象的成绩")
        locked.result = result
        locked.citation = citation
        locked.unit_and_title = (unit_and_title or "").strip()[:300]
        if flags and locked.person_id:
            for key, value in flags.items():
                if key in NOMINATION_FLAG_FIELDS:
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
        elif campaign.nomination_deadline and today_or(today) > campaign.nomination_deadline:
            problems.append(f"推荐已于{campaign.nomination_deadline:%Y年%m月%d日}截止，不能再上报")
    elif campaign.status not in (C.NOMINATING, C.REVIEWING):
        problems.append(f"本次评选为“{campaign.get_status_display()}”阶段，不能再次上报")
    if not nomination.citation.strip():
        problems.append("请填写主要事迹")
    elif len(nomination.citation) > campaign.citation_max_chars:
        problems.append(f"主要事迹不能超过{campaign.citation_max_chars}字（现为{len(nomination.citation)}字）")

    findings = nominee_findings(nomination)
    problems += [f.message for f in findings if f.blocking]

    check = campaign_check(campaign, stage=STAGE_SUBMIT, adding=nomination)
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
        remaining = remaining_places(campaign, honour_ids, check)
        if remaining is None:
            continue  # no places allocated: the shares are enforced before the 公示
        needed = rule_comp.additions_needed(rc.result)
        if needed is None or needed > remaining:
            problems.append(
                f"{rc.result.message}；上报后{rc.scope_label}只剩{remaining}个名额，"
                f"已无法达到“{rc.rule.display_label}”的强制比例要求"
            )
    return problems


@audited
def nomination_submit(*, nomination: Nomination, by, comment: str = "", today: dt.date | None = None) -> Nomination:
    """草稿/退回修改 → 已推荐. Checks deadline, citation, duplicates, prerequisites, places, shares."""

    def check(locked: Nomination) -> None:
        # The campaign row is locked too so that two units cannot both take the last place.
        Campaign.objects.select_for_update().filter(pk=locked.campaign_id).first()
        problems = submission_problems(locked, today=today)
        if problems:
            raise DomainError("不能上报：" + problems[0], details=problems[1:])

    return nomination_apply(nomination=nomination, action="submit", by=by, comment=comment, check=check)


@audited
def nomination_withdraw(*, nomination: Nomination, by, comment: str = "") -> Nomination:
    def check(locked: Nomination) -> None:
        if locked.campaign.status in (C.NOTICE, C.CONFERRED) and locked.status == S.APPROVED:
            raise DomainError("公示已开始，不能撤回")

    return nomination_apply(nomination=nomination, action="withdraw", by=by, comment=comment, check=check)


def _review_check(locked: Nomination) -> None:
    if locked.campaign.status not in (C.NOMINATING, C.REVIEWING):
        raise DomainError(f"本次评选为“{locked.campaign.get_status_display()}”阶段，不能审核")


@audited
def nomination_return(*, nomination: Nomination, by, comment: str) -> Nomination:
    return nomination_apply(nomination=nomination, action="return", by=by, comment=comment, check=_review_check)


@audited
def nomination_approve(*, nomination: Nomination, by, comment: str = "") -> Nomination:
    return nomination_apply(nomination=nomination, action="approve", by=by, comment=comment, check=_review_check)


@audited
def nomination_reject(*, nomination: Nomination, by, comment: str) -> Nomination:
    return nomination_apply(nomination=nomination, action="reject", by=by, comment=comment, check=_review_check)


NOMINATION_ACTIONS = {
    "submit": nomination_submit,
    "withdraw": nomination_withdraw,
    "return": nomination_return,
    "approve": nomination_approve,
    "reject": nomination_reject,
}


# --- many at once (批量审核) ---------------------------------------------------------------------

BULK_ACTIONS = ("approve", "return")


def nomination_bulk_problem(nomination: Nomination, action: str) -> str:
    """Why ``action`` cannot be taken on ``nomination`` now ("" when it can): for the confirmation
    page, which lists what will happen to each row before anything is changed."""
    t = NOMINATION_TRANSITIONS[action]
    if nomination.status not in t.sources:
        return f"当前为“{nomination.get_status_display()}”，不能{t.label}"
    if nomination.campaign.status not in (C.NOMINATING, C.REVIEWING):
        return f"本次评选为“{nomination.campaign.get_status_display()}”阶段，不能审核"
    return ""


def nominations_bulk_apply(*, nominations, action: str, by, comment: str = "") -> list[Nomination]:
    """审核通过 or 退回修改 for several nominations at once, all or none: each step goes through
    ``nomination_apply`` (locked, checked, recorded in NominationTransition); the first refusal
    undoes the others and is reported with the nomination it concerns."""
    if action not in BULK_ACTIONS:
        raise DomainError("批量操作只能是审核通过或退回修改")
    nominations = list(nominations)
    if not nominations:
        raise DomainError("请先勾选要处理的推荐")
    done = []
    with transaction.atomic():
        for n in nominations:
            try:
                done.append(NOMINATION_ACTIONS[action](nomination=n, by=by, comment=comment))
            except NotAllowed:
                raise
            except DomainError as exc:
                raise DomainError(f"{n.recipient_name}（{n.honor_type.name}）：{exc.message}；未做任何更改") from exc
    return done
