"""Pure award rules (no ORM): working-day calendar, composition/quota checks, nominee checks.

Everything here works on plain data so it can be tested without a database; the services layer
loads models, converts them to these dataclasses and persists the outcome.
"""
