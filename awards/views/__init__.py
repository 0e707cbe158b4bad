"""Pages of the honours app: records, campaigns, nominations, and the public notices."""

from django.contrib import messages

from ..services import AwardsError


def show_error(request, exc: AwardsError) -> None:
    messages.error(request, exc.message)
    for detail in exc.details[1:]:
        messages.warning(request, detail)
