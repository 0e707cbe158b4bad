"""Saving a checked ledger file: the writing half of ``care.importers.ledger`` (inside the import's
transaction): missing profiles in one statement, the entries in one, and the ``ImportRecord``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from core.imports import import_record_create

from ..models import CareEvent, CareProfile
from .profiles import _actor

if TYPE_CHECKING:
    from ..importers.ledger import LedgerImportReport

IMPORT_KIND = "care_ledger"


def care_ledger_import_save(*, report: LedgerImportReport, by) -> None:
    with transaction.atomic():
        record = import_record_create(report, kind=IMPORT_KIND, target="关爱台账", by=by, created=len(report.plans))
        missing = {p.subject.pk: p.subject for p in report.plans if p.subject.profile is None}
        CareProfile.objects.bulk_create(
            [
                CareProfile(person=s.person, responsible_org=s.responsible_org, updated_by=_actor(by))
                for s in missing.values()
            ],
            ignore_conflicts=True,
        )
        profiles = dict(
            CareProfile.objects.filter(person_id__in={p.subject.pk for p in report.plans}).values_list(
                "person_id", "pk"
            )
        )
        CareEvent.objects.bulk_create(
            CareEvent(
                profile_id=profiles[p.subject.pk],
                kind=p.kind,
                date=p.date,
                amount=p.amount,
                note=p.note,
                recorded_by=_actor(by),
                import_record=record,
            )
            for p in report.plans
        )
        report.record = record
