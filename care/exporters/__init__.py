"""Spreadsheets of 劳模关爱, each registered with core.exports."""

from .lists import HealthCheckListExporter, PaymentSheetExporter, RecuperationListExporter, VisitListExporter

__all__ = ["HealthCheckListExporter", "PaymentSheetExporter", "RecuperationListExporter", "VisitListExporter"]
