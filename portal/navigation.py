"""The site's main menu and which item of it the current page belongs to (base.html draws it).

Each item names the views it covers by view-name prefix; the longest matching prefix wins, so a
page shows exactly one active item (``aria-current="page"``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    covers: tuple[str, ...]


MEMBER_MENU = (
    NavItem("competitions", _("竞赛"), "competitions:competition_list", ("competitions:",)),
    NavItem(
        "scoring",
        _("评分任务"),
        "competitions:scoring_tasks",
        ("competitions:scoring_tasks", "competitions:mark_sheet"),
    ),
    NavItem(
        "campaigns",
        _("评选表彰"),
        "awards:campaign_list",
        ("awards:campaign", "awards:nomination", "awards:objection", "awards:from_results"),
    ),
    NavItem(
        "awards",
        _("表彰记录"),
        "awards:award_list",
        ("awards:award", "awards:history_import", "awards:statistics", "awards:holiday"),
    ),
    NavItem("honours", _("荣誉目录"), "awards:honor_catalogue", ("awards:honor_catalogue", "awards:honours_")),
    NavItem("organizations", _("组织"), "directory:organization_list", ("directory:", "portal:organization")),
    NavItem("people", _("人员"), "portal:person_list", ("portal:person",)),
)

# For 管理员/组织者 only: the login records it in the session (directory.middleware), so drawing the
# menu costs no query.
ACCOUNTS_ITEM = NavItem("accounts", _("账号管理"), "directory:account_list", ("directory:account",))

PUBLIC_MENU = (
    NavItem("results", _("成绩公布"), "competitions:public_results_index", ("competitions:public_",)),
    NavItem("notices", _("公示"), "awards:notice_list", ("awards:notice", "awards:objection_create")),
)


def active_key(view_name: str, items) -> str | None:
    best, best_len = None, -1
    for item in items:
        for prefix in item.covers:
            if view_name.startswith(prefix) and len(prefix) > best_len:
                best, best_len = item.key, len(prefix)
    return best


def menu(request):
    """Context processor: ``nav_items`` (label, url, active) for the user, and ``nav_public``."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    user = getattr(request, "user", None)
    items = list(MEMBER_MENU) if user is not None and user.is_authenticated else []
    if items and request.session.get("jx_account_manager"):
        items.append(ACCOUNTS_ITEM)
    every = [*items, *PUBLIC_MENU]
    active = active_key(view_name, every)

    def draw(group):
        return [{"label": i.label, "url": reverse(i.url_name), "active": i.key == active} for i in group]

    return {"nav_items": draw(items), "nav_public": draw(PUBLIC_MENU)}
