from django.urls import path

from .urls_registration import urlpatterns as registration_urls
from .urls_scoring import urlpatterns as scoring_urls
from .views import base

app_name = "competitions"
urlpatterns = [
    path("competitions/", base.competition_list, name="competition_list"),
    *registration_urls,
    *scoring_urls,
    # last: the catch-all slug must not shadow the paths above
    path("competitions/<slug:slug>/", base.competition_detail, name="competition_detail"),
]
