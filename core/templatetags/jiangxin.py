"""Template filters for personal data: masked unless the viewer may see it in full."""

from django import template

from core.idcard import mask_id_number, mask_phone

register = template.Library()


@register.filter
def id_number(value, full=False):
    """{{ person.id_number|id_number:can_see_personal_data }}"""
    if not value:
        return ""
    return value if full else mask_id_number(value)


@register.filter
def phone(value, full=False):
    if not value:
        return ""
    return value if full else mask_phone(value)


@register.filter
def source_label(value):
    """{{ record.source|source_label }}: seed documents by title and date, never by file name."""
    from core.sources import source_label as label

    return label(value)


@register.filter
def person_name(user):
    """How every page names a user (logs, judges, who did what): full name, else the username."""
    if not user:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "username", "") or str(user)
