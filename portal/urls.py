from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("changes/", views.change_list, name="change_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/charts.css", views.dashboard_chart_css, name="dashboard_chart_css"),
    path("dashboard/export/", views.dashboard_export, name="dashboard_export"),
    path("dashboard/summary/", views.summary, name="dashboard_summary"),
    path("dashboard/summary/docx/", views.summary_docx_download, name="dashboard_summary_docx"),
]
