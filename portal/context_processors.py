"""Template context every page may use; evaluated only when a template reads it."""

from django.utils.functional import SimpleLazyObject

from .selectors import may_read_changes


def changes(request):
    """``can_read_changes``: whether to link a record's page to its 变更记录."""
    return {"can_read_changes": SimpleLazyObject(lambda: may_read_changes(request.user))}
