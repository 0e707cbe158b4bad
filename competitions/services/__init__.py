"""Writes of the competitions app, one module per noun; the only code that changes its tables.

competitions · events (with scoring settings) · entries (with completion times) · teams · judges ·
marks (with the score import) · results (compute, lock, reopen, publish). ``common`` holds their
errors and permission checks: every service takes keyword-only ``by`` (None = the command line)
and raises ``core.errors.NotAllowed`` itself when ``by`` may not do it.
"""
