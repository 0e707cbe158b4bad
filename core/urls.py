from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<uuid:pk>/confirm/", views.job_confirm, name="job_confirm"),
]
