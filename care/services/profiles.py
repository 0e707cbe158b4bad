"""Care profiles: made on the first write for a person cared for; life status, contact, next of kin,
the responsible union, stopping the allowance. Every function takes the acting user ``by`` (None on
the command line) and records it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from directory.models import Organization
from directory.selectors import organizer_paths, path_within

from ..models import CareProfile, LifeStatus
from ..selectors.subjects import Subject, subject_get_visible

PROFILE_FIELDS = ("life_status", "retired_on", "died_on", "phone", "address", "kin_name", "kin_relation", "kin_phone")


def _actor(by):
    return by if getattr(by, "pk", None) else None


def care_profile_ensure(subject: Subject, *, by, is_demo: bool = False) -> CareProfile:
    """The person's profile, created with the default responsible union when there is none yet."""
    if subject.profile is not None:
        return subject.profile
    profile, _created = CareProfile.objects.get_or_create(
        person=subject.person,
        defaults={"responsible_org": subject.responsible_org, "updated_by": _actor(by), "is_demo": is_demo},
    )
    subject.profile = profile
    return profile


def check_profile_dates(*, life_status: str, retired_on, died_on, today: dt.date) -> dict[str, str]:
    errors = {}
    if died_on and life_status != LifeStatus.DECEASED:
        errors["died_on"] = "填写了去世日期，状态应为“去世”"
    if life_status == LifeStatus.DECEASED and not died_on:
        errors["died_on"] = "状态为“去世”时须填写去世日期"
    for name, day in (("retired_on", retired_on), ("died_on", died_on)):
        if day and day > today:
            errors[name] = "日期不能晚于今天"
    if retired_on and died_on and retired_on > died_on:
        errors["retired_on"] = "退休日期不能晚于去世日期"
    return errors


def care_profile_update(*, person_id: int, by, **values) -> CareProfile:
    """Change life status, dates, contact and next of kin (outside the user's care scope: 404)."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields {sorted(unknown)}")
    subject = subject_get_visible(by, person_id)
    with transaction.atomic():
        profile = care_profile_ensure(subject, by=by)
        profile = CareProfile.objects.select_for_update().get(pk=profile.pk)
        for name, value in values.items():
            setattr(profile, name, value if value is not None or name.endswith("_on") else "")
        errors = check_profile_dates(
            life_status=profile.life_status,
            retired_on=profile.retired_on,
            died_on=profile.died_on,
            today=timezone.localdate(),
        )
        if errors:
            raise DomainError("请更正标出的项目", fields=errors)
        profile.updated_by = _actor(by)
        profile.save()
    return profile


def care_responsible_change(*, person_id: int, organization: Organization, by) -> CareProfile:
    """Hand the person to another union (they moved): the user must organise the new one too."""
    subject = subject_get_visible(by, person_id)
    paths = organizer_paths(by) if by is not None else None
    if not path_within(organization.path, paths):
        raise NotAllowed(f"您不是{organization.name}的组织者，不能把关爱对象交给该工会")
    with transaction.atomic():
        profile = care_profile_ensure(subject, by=by)
        profile.responsible_org = organization
        profile.responsible_set_by_hand = True
        profile.updated_by = _actor(by)
        profile.save(update_fields=["responsible_org", "responsible_set_by_hand", "updated_by", "updated_at"])
    return profile


def care_allowance_stop(*, person_id: int, by, on: dt.date | None = None) -> CareProfile:
    """Record that the allowance has been stopped (after death or revocation)."""
    subject = subject_get_visible(by, person_id)
    end = subject.ended_on
    if end is None:
        raise DomainError("该关爱对象仍享受待遇，不能停发荣誉津贴")
    with transaction.atomic():
        profile = care_profile_ensure(subject, by=by)
        profile.allowance_stopped_on = on or end
        profile.updated_by = _actor(by)
        profile.save(update_fields=["allowance_stopped_on", "updated_by", "updated_at"])
    return profile
