"""Who may do what in a campaign: the roles each step needs, on which organisation.

Scope itself (which objects a user sees) is ``directory.selectors``; these answer "may this user,
who sees the object, take this step" (a refusal is 403, ``core.errors.NotAllowed``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from directory.models import Organization, Role
from directory.selectors import membership_roots, user_has_role

from ..models import Campaign

NOMINATOR_ROLES = (Role.ADMIN, Role.ORGANIZER)  # of the nominating organisation


REVIEWER_ROLES = (Role.ADMIN, Role.ORGANIZER, Role.REVIEWER)  # of the conferring organisation


CONFERRER_ROLES = (Role.ADMIN, Role.ORGANIZER)  # of the conferring organisation


def can_nominate_for(user, org: Organization) -> bool:
    return user_has_role(user, org, NOMINATOR_ROLES)


def can_review(user, campaign: Campaign) -> bool:
    return user_has_role(user, campaign.conferring_org, REVIEWER_ROLES)


def can_manage(user, campaign_or_org) -> bool:
    org = campaign_or_org.conferring_org if isinstance(campaign_or_org, Campaign) else campaign_or_org
    return user_has_role(user, org, CONFERRER_ROLES)


def conferring_orgs_for(user) -> QuerySet:
    """Organisations whose campaigns the user may create: those they organise, and their subtrees."""
    if user.is_superuser:
        return Organization.objects.all()
    roots = membership_roots(user, CONFERRER_ROLES)
    return Organization.objects.subtree_of(roots)


def campaign_sees_all(user, campaign: Campaign) -> bool:
    """Members of the conferring organisation (or above) see every nomination of the campaign."""
    return user_has_role(user, campaign.conferring_org, list(Role.values))


def history_import_allowed(user) -> bool:
    """Who may import history: superusers and organisers of an organisation that confers honours."""
    return user.is_superuser or conferring_orgs_for(user).exists()
