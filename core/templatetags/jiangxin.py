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
def minutes(value):
    """{{ some_timedelta|minutes }} → whole minutes, rounded up (the login lock-out page)."""
    try:
        return max(1, -(-int(value.total_seconds()) // 60))
    except (AttributeError, TypeError, ValueError):
        return ""
