"""Forms of the directory app (drawn by crispy-forms, see core/forms.py); the list filters are in filters.py."""
