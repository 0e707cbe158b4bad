"""Pages that span the apps. They only read (through each app's selectors) and link to the apps' pages."""

from .changes import change_list
from .home import home
from .organizations import organization_detail
from .people import person_detail, person_list

__all__ = ["change_list", "home", "organization_detail", "person_detail", "person_list"]
