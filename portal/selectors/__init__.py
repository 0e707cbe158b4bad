"""Reads of the portal's pages that span the apps (one module per noun)."""

from .dashboard import dashboard, dashboard_organization, dashboard_organizations, parse_year

__all__ = ["dashboard", "dashboard_organization", "dashboard_organizations", "parse_year"]
