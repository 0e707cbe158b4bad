"""The directory's own pages. Pages that also show competitions or honours (the person and
organisation profiles, the people list with its competition filter) live in ``portal``."""

from .organizations import organization_list

__all__ = ["organization_list"]
