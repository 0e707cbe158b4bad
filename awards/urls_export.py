"""URLs of the export pages and downloads (awards/views_export.py), included by awards/urls.py."""

from django.urls import path

from . import views_export

urlpatterns = [
    path("awards/export/", views_export.award_export, name="award_export"),
    path("awards/statistics/", views_export.statistics, name="statistics"),
    path("awards/statistics/export/", views_export.statistics_export, name="statistics_export"),
    path("campaigns/<int:pk>/export/<slug:name>/", views_export.campaign_export, name="campaign_export"),
]
