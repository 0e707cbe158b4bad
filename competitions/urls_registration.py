"""URL patterns, included by competitions/urls.py under the "competitions" namespace."""

from django.urls import path

from .views import imports
from .views import registration as views

urlpatterns = [
    path("competitions/new/", views.competition_create, name="competition_create"),
    path("competitions/<slug:slug>/edit/", views.competition_edit, name="competition_edit"),
    path("competitions/<slug:slug>/status/", views.competition_status, name="competition_status"),
    path("competitions/<slug:slug>/registration/", views.registration_manage, name="registration_manage"),
    path("competitions/<slug:slug>/events/new/", views.event_create, name="event_create"),
    path("competitions/<slug:slug>/events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("competitions/<slug:slug>/entries/", views.entry_list, name="entry_list"),
    path("competitions/<slug:slug>/entries/new/", views.entry_create, name="entry_create"),
    path("competitions/<slug:slug>/entries/<int:pk>/status/", views.entry_status, name="entry_status"),
    path("competitions/<slug:slug>/import/", imports.import_upload, name="import_upload"),
    path("competitions/<slug:slug>/import/confirm/", imports.import_confirm, name="import_confirm"),
    path("competitions/<slug:slug>/import/template.xlsx", imports.import_template, name="import_template"),
]
