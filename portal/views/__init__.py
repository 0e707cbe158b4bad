"""Pages that span the apps. They only read (through each app's selectors) and link to the apps' pages."""

from .home import home
from .organizations import organization_detail
from .people import person_detail, person_list

__all__ = ["home", "organization_detail", "person_detail", "person_list"]
