"""Saving a checked history file (历史表彰名单): the writing half of ``awards.importers.history``.

Temporary module: it belongs in the ``awards/services/`` package (one module per noun), which is
being built at the same time; the merge moves it there.

``awards_history_import_save`` carries out the plan of a ``HistoryImportReport`` inside the
import's transaction: new units (one statement each, through ``directory.services``), new people
in bulk (``bulk_create``, which SQLite cuts into batches of a few dozen rows), ID numbers filled in
on known people, the awards in one statement, and the ``ImportRecord``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.bulk import insert_many
from core.errors import NotAllowed
from core.history import audited, record_pks
from core.imports import import_record_create
from core.models import ImportRecord
from core.strokes import stroke_key
from core.text import match_key
from directory.models import Organization, Person
from directory.services import organization_create_unit, person_row

from ..models import Award
from ..selectors.roles import history_import_allowed

if TYPE_CHECKING:
    from ..importers.history import HistoryImportReport

IMPORT_KIND = "awards_history"
_BATCH = 1000


@audited
def awards_history_import_save(*, report: HistoryImportReport, by, parent: Organization | None) -> ImportRecord:
    """Save a checked history file, all or nothing (the caller holds the transaction); ``by`` None = command line."""
    if by is not None and not history_import_allowed(by):
        raise NotAllowed("您无权导入历史表彰名单")
    source = f"历史导入：{report.filename}"[:200]
    new_units: dict[str, Organization] = {}
    for plan in report.plans:
        if plan.person is None and plan.organization is None and plan.unit_name:
            key = match_key(plan.unit_name)
            if key not in new_units:
                new_units[key] = organization_create_unit(name=plan.unit_name, parent=parent, by=by, source=source)
    new_people: dict[tuple, Person] = {}
    for plan in report.plans:
        if plan.person is None and plan.organization is None and plan.new_person_key not in new_people:
            employer = new_units[match_key(plan.unit_name)] if plan.unit_name else plan.unit
            new_people[plan.new_person_key] = Person(
                **person_row(
                    name=plan.name,
                    gender=plan.gender,
                    id_number=plan.id_number,
                    employer=employer,
                    job_title=plan.title,
                    source=source,
                )
            )
    Person.objects.bulk_create(new_people.values(), batch_size=_BATCH)
    record_pks(Person, [person.pk for person in new_people.values()], "+")
    filled = []
    for plan in report.plans:
        if plan.person is None and plan.organization is None:
            plan.person = new_people[plan.new_person_key]
        elif plan.person_fill_id and not plan.person.id_number:
            plan.person.id_number = plan.person_fill_id
            filled.append(plan.person)
    if filled:
        Person.objects.bulk_update(filled, ["id_number"], batch_size=_BATCH)
        record_pks(Person, [person.pk for person in filled])
    # One statement whatever the number of rows (executemany / COPY); no primary keys needed back.
    insert_many(
        Award,
        (
            {
                "honor_type_id": plan.honor.pk,
                "honor_precedence": plan.honor.precedence,
                "year": plan.year,
                "person_id": plan.person.pk if plan.person is not None else None,
                "organization_id": plan.organization.pk if plan.organization is not None else None,
                "recipient_name": plan.name,
                "gender": (plan.gender or plan.person.gender) if plan.person is not None else "",
                "unit_and_title": plan.unit_label[:300],
                "stroke_key": stroke_key(plan.name),
                "conferring_org_id": plan.conferring_org.pk if plan.conferring_org is not None else None,
                "decision_number": plan.decision_number,
                "source": source,
                "note": plan.note[:300],
            }
            for plan in report.plans
        ),
    )
    report.units_created = len(new_units)
    report.record = import_record_create(
        report,
        kind=IMPORT_KIND,
        target="历史表彰记录",
        by=by,
        created=report.awards_created,
        updated=report.people_updated,
        summary={
            "awards_created": report.awards_created,
            "people_created": report.people_created,
            "people_matched": report.people_matched,
            "people_updated": report.people_updated,
            "units_created": len(new_units),
            "collectives_matched": report.collectives_matched,
        },
    )
    return report.record
