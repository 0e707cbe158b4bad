"""Who is due what (应办事项): computed from the rules and the ledger for the people a user sees.

Lists, each in 姓氏笔画 order: 体检 due this year and not done; 疗休养 due; birthdays at the configured
age or above this month or next; allowance to start (entitled, never paid) or stop (death or
revocation, with the last payment); 困难帮扶 applications waiting. A fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import BatchSeat, BatchStatus, CareKind, HardshipApplication, HardshipStatus, SeatStatus
from ..rules import birthdays_due, due_every, greeting_for
from .ledger import done_years
from .rules import RuleBook
from .subjects import Subject, subject_list

DUE_KINDS = ("health_check", "recuperation", "birthday", "allowance_start", "allowance_stop", "hardship")
DUE_TITLES = {
    "health_check": "今年应体检未体检",
    "recuperation": "应安排疗休养",
    "birthday": "本月和下月生日慰问",
    "allowance_start": "应开始发放荣誉津贴",
    "allowance_stop": "应停发荣誉津贴",
    "hardship": "困难帮扶申请待处理",
}


@dataclass
class DueItem:
    subject: Subject
    detail: str = ""
    last: dt.date | None = None
    when: dt.date | None = None
    extra: object = None


@dataclass
class DueLists:
    today: dt.date
    lists: dict[str, list[DueItem]] = field(default_factory=dict)
    subjects: list[Subject] = field(default_factory=list)

    def titled(self):
        return [(key, DUE_TITLES[key], self.lists.get(key, [])) for key in DUE_KINDS]


def due_lists(user, today: dt.date, *, organization=None) -> DueLists:
    subjects = subject_list(user)
    if organization is not None:
        subjects = [s for s in subjects if s.responsible_org.path.startswith(organization.path)]
    result = DueLists(today=today, lists={k: [] for k in DUE_KINDS}, subjects=subjects)
    if not subjects:
        return result
    book = RuleBook(s.responsible_org for s in subjects)
    profile_ids = [s.profile.pk for s in subjects if s.profile]
    in_batches = open_seats(profile_ids)
    done = done_years(
        profile_ids, [CareKind.HEALTH_CHECK, CareKind.RECUPERATION, CareKind.BIRTHDAY, CareKind.ALLOWANCE]
    )
    year = today.year
    for s in subjects:
        level, status = s.honour_level, s.life_status
        entitled = s.entitled_on(today)

        def rule(kind, s=s, level=level, status=status):
            return book.rule(s.responsible_org, kind, level, status)

        def dates(kind, s=s):
            return done.get((s.pk, kind), [])

        for kind, key in ((CareKind.HEALTH_CHECK, "health_check"), (CareKind.RECUPERATION, "recuperation")):
            r = rule(kind)
            if entitled and r and due_every(year, r.every_years, [d.year for d in dates(kind) if d <= today]):
                past = [d for d in dates(kind) if d <= today]
                detail = f"每{r.every_years}年一次"
                if kind == CareKind.RECUPERATION and s.pk in in_batches:
                    detail += f"，已列入{in_batches[s.pk]}"
                result.lists[key].append(DueItem(s, detail=detail, last=past[-1] if past else None))
        r = rule(CareKind.BIRTHDAY)
        if r and r.from_age:
            for day, age in birthdays_due(
                s.person.birth_date, today, r.from_age, died_on=s.died_on, revoked_on=s.revoked_on
            ):
                given = greeting_for(day, dates(CareKind.BIRTHDAY))
                result.lists["birthday"].append(DueItem(s, detail=f"{age}岁生日", when=day, last=given))
        paid = dates(CareKind.ALLOWANCE)
        r = rule(CareKind.ALLOWANCE)
        if entitled and r and not paid:
            since = f"（{s.first_year}年获得荣誉）" if s.first_year else ""
            result.lists["allowance_start"].append(DueItem(s, detail=f"尚未发放{since}"))
        end = s.ended_on
        stopped = s.profile.allowance_stopped_on if s.profile else None
        if end is not None and paid and stopped is None:
            late = [d for d in paid if d >= end]
            why = "去世" if s.died_on and s.died_on == end else "荣誉撤销"
            detail = f"{why}（{end:%Y-%m-%d}）"
            if late:
                detail += f"，其后仍发放{len(late)}次"
            result.lists["allowance_stop"].append(DueItem(s, detail=detail, when=end, last=paid[-1]))
    by_person = {s.pk: s for s in subjects}
    order = {s.pk: n for n, s in enumerate(subjects)}
    waiting = (
        HardshipApplication.objects.filter(status=HardshipStatus.WAITING, profile__person_id__in=list(by_person))
        .select_related("profile")
        .order_by("received_on", "pk")
    )
    for app in waiting:
        result.lists["hardship"].append(
            DueItem(by_person[app.profile.person_id], detail=app.reason[:60], when=app.received_on, extra=app)
        )
    result.lists["hardship"].sort(key=lambda item: order[item.subject.pk])  # 姓氏笔画, like every list
    return result


def open_seats(profile_ids) -> dict[int, str]:
    """person id → the open 疗休养 batch they are invited to or accepted for (one query)."""
    seats = BatchSeat.objects.filter(
        profile_id__in=list(profile_ids),
        batch__status=BatchStatus.OPEN,
        status__in=[SeatStatus.INVITED, SeatStatus.ACCEPTED],
    )
    return dict(seats.values_list("profile__person_id", "batch__name"))
