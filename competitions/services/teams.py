"""Teams (参赛队) and places: a delegation's places in an event, and the team an entry joins.

Called by the entry services inside their transaction (after the event row is locked), so the
counts they read stay true until commit. Limits: ``competitions.rules.registration``.
"""

from __future__ import annotations

from core.errors import DomainError
from core.text import clean_text
from directory.models import Organization

from ..models import Entry, EntryStatus, Event, EventKind, Team
from ..rules.registration import places_exceeded, team_full


def places_used(event: Event, delegation: Organization) -> int:
    """Places a delegation holds in an event: registered entries, or teams for team events."""
    if event.kind == EventKind.TEAM:
        return (
            Team.objects.filter(event=event, delegation=delegation, members__status=EntryStatus.REGISTERED)
            .distinct()
            .count()
        )
    return Entry.objects.filter(event=event, delegation=delegation, status=EntryStatus.REGISTERED).count()


def check_places(event: Event, delegation: Organization, *, adding: int = 1) -> None:
    """Refuse when ``adding`` more places would pass the event's places per delegation."""
    if event.places_per_delegation is None:
        return
    used = places_used(event, delegation)
    if places_exceeded(limit=event.places_per_delegation, used=used, adding=adding):
        unit = "队" if event.kind == EventKind.TEAM else "人"
        raise DomainError(
            f"代表队“{delegation.name}”在赛项“{event.name}”的名额为 {event.places_per_delegation} {unit}，"
            f"已报 {used} {unit}（不含本次），再报 {adding} {unit}将超出名额"
        )


def check_team_room(event: Event, team: Team, members: int) -> None:
    """Refuse when ``team`` with ``members`` registered members is full."""
    if team_full(team_size=event.team_size, members=members):
        raise DomainError(f"参赛队“{team.name}”已满（每队 {event.team_size} 人）")


def team_for_entry(event: Event, delegation: Organization, team: Team | None, team_name: str) -> Team:
    """The team a new entry of a team event joins: ``team``, the one named ``team_name`` (default:
    the delegation's name), or a new one when the delegation still has a place."""
    if team is None:
        name = clean_text(team_name) or delegation.name
        team = Team.objects.filter(event=event, name=name).first()
        if team is None:
            check_places(event, delegation)
            return Team.objects.create(event=event, name=name, delegation=delegation)
    if team.event_id != event.pk:
        raise DomainError("参赛队不属于该赛项", fields={"team": "参赛队不属于该赛项"})
    if team.delegation_id != delegation.pk:
        raise DomainError(f"参赛队“{team.name}”属于代表队“{team.delegation.name}”，与所选代表队不同")
    members = team.members.filter(status=EntryStatus.REGISTERED).count()
    if members == 0:
        check_places(event, delegation)  # an emptied team takes its place again
    check_team_room(event, team, members)
    return team
