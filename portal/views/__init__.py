"""Pages that span the apps. They only read (through each app's selectors) and link to the apps' pages."""

from .changes import change_list
from .dashboard import dashboard, dashboard_chart_css, dashboard_export, summary, summary_docx_download
from .home import home
from .organizations import organization_detail
from .people import person_detail, person_list

__all__ = [
    "change_list",
    "dashboard",
    "dashboard_chart_css",
    "dashboard_export",
    "home",
    "organization_detail",
    "person_detail",
    "person_list",
    "summary",
    "summary_docx_download",
]
