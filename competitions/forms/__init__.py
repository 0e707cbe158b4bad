"""Forms of the competitions pages: registration, scoring, and the django-filter sets of the lists."""
