from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from core.pagecache import stamped_part

from ..selectors import home_context, home_sheets, home_stamps


def home(request):
    if not request.user.is_authenticated:
        return render(request, "portal/home.html")
    user, today = request.user, timezone.localdate()
    part = stamped_part(f"home:{user.pk}", home_stamps(user, today), lambda: _home_part(user, today))
    return render(request, "portal/home.html", {"sheets": home_sheets(user), "part": part})


def _home_part(user, today) -> dict:
    """What the page caches per user: drawn without the request, so it holds nothing of it (no CSRF
    token, no message)."""
    context = home_context(user, today)
    return {
        "empty": context["board"].empty,
        "sections": render_to_string("portal/_home_sections.html", context),
        "lists": render_to_string("portal/_home_lists.html", context),
    }
