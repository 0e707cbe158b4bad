"""Forms of the honours pages, one module per noun; django-filter FilterSets in ``filters``.

Validation of the steps themselves lives in ``awards.services``.
"""
