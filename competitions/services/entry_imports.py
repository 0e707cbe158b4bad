"""Saving a checked registration sheet (报名表导入): the writing half of ``importers.entries``.

``entries_import_save`` carries out the plan of an ``EntryImportReport`` (new units, new people,
blanks filled in on known people, new teams, the entries with their bibs) inside the import's
transaction, with a fixed number of statements whatever the number of rows, and records the file
as an ``ImportRecord``. Validation ran before the transaction: if the competition's entries
changed since, it refuses (Conflict) and nothing is saved.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from core.bulk import insert_many, insert_many_keys
from core.errors import Conflict
from core.history import audited, record_pks
from core.imports import import_record_create
from core.models import ImportRecord
from directory.models import Organization, Person
from directory.services import organization_create_unit, person_row

from ..models import Entry, Event, Team
from ..rules.registration import entered_details
from .common import registered_count_add, require_organizer

if TYPE_CHECKING:
    from ..importers.entries import EntryImportReport, NewUnit

IMPORT_KIND = "entries"
_CHANGED = "保存时发现报名数据已被他人同时修改（例如同时导入了相同的人员），本次未保存任何数据，请重新导入"


def entries_fingerprint(competition) -> tuple:
    """(count, highest id) of the competition's entries: whether anything changed since a check."""
    agg = Entry.objects.filter(event__competition=competition).aggregate(n=Count("id"), m=Max("id"))
    return (agg["n"], agg["m"])


@audited
def entries_import_save(*, report: EntryImportReport, by) -> ImportRecord:
    """Save a checked registration sheet, all or nothing; ``by`` None = command line."""
    c = report.competition
    require_organizer(by, c)
    source = f"报名导入：{report.filename}"[:200]
    planned = report.entries
    try:
        with transaction.atomic():
            # Lock the events: bib numbers and places are counted per event.
            list(Event.objects.select_for_update().filter(competition=c).values_list("id", flat=True))
            if entries_fingerprint(c) != report.snapshot:
                raise Conflict(_CHANGED)
            for unit in report.new_units:
                unit.org = organization_create_unit(name=unit.name, parent=c.organizer, by=by, source=source)
            new_people: dict[str, dict] = {}
            for p in planned:
                if p.person is None and p.id_number not in new_people:
                    new_people[p.id_number] = person_row(
                        name=p.name,
                        id_number=p.id_number,
                        employer_id=_org(p.unit).pk,
                        source=source,
                        **p.person_values,
                    )
            person_ids = dict(zip(new_people, insert_many_keys(Person, new_people.values()), strict=True))
            if report.updated_people:
                for person, changed in report.updated_people.values():
                    if "employer" in changed and isinstance(person.employer, Organization):
                        person.employer_id = person.employer.pk
                fields = sorted({f for _p, changed in report.updated_people.values() for f in changed})
                Person.objects.bulk_update(
                    [person for person, _c in report.updated_people.values()], fields, batch_size=500
                )
                record_pks(Person, [person.pk for person, _c in report.updated_people.values()])
            teams = {}
            if report.new_teams:
                objs = {
                    key: Team(event_id=key[0], name=name, delegation=_org(delegation))
                    for key, (name, delegation) in report.new_teams.items()
                }
                Team.objects.bulk_create(objs.values())
                teams.update(objs)
            teams.update(report.teams)
            user_id = by.pk if by is not None else None
            insert_many(
                Entry,
                (
                    {
                        "event_id": p.event.pk,
                        "person_id": p.person.pk if p.person is not None else person_ids[p.id_number],
                        "delegation_id": _org(p.delegation).pk,
                        "team_id": teams[p.team_key].pk if p.team_key else None,
                        "bib": p.bib,
                        "registered_by_id": user_id,
                        "source": source,
                        "entered_details": entered_details(p.person_values, p.unit.name),
                    }
                    for p in planned
                ),
            )
            registered_count_add(Counter(p.event.pk for p in planned))
            report.record = import_record_create(
                report,
                kind=IMPORT_KIND,
                target=c.name,
                by=by,
                created=len(planned),
                updated=len(report.updated_people),
                summary={"competition": c.slug, **report.summary()},
            )
    except (Conflict, IntegrityError):
        for unit in report.new_units:
            unit.org = None
        report.record = None
        raise Conflict(_CHANGED) from None
    return report.record


def _org(unit: Organization | NewUnit) -> Organization:
    return unit if isinstance(unit, Organization) else unit.org
