"""URL patterns, included by competitions/urls.py under the "competitions" namespace."""

urlpatterns: list = []
